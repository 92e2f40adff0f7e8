#pragma once
// Internal to place: strict reading of YAML nodes for plan files (plan.cpp)
// and for the JSON members of GeoJSON plans (plan_geojson.cpp, parsed by
// yaml-cpp as YAML's JSON subset). Not part of the public API.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>

#include "place/plan.h"

namespace jingwei::place::detail {

class YamlChecker {
public:
    // `feature` names the GeoJSON feature a JSON member came from ("" for YAML files).
    YamlChecker(std::string file, std::string feature = "") : file_(std::move(file)), feature_(std::move(feature)) {}

    [[noreturn]] void fail(const YAML::Node& at, const std::string& field, const std::string& why) const;
    [[noreturn]] void fail(int line, const std::string& field, const std::string& why) const;
    // Every key is one of `allowed`, given once; every `required` key is there.
    void keys(const YAML::Node& map, const std::string& field, std::initializer_list<const char*> allowed,
              std::initializer_list<const char*> required = {}) const;
    void list(const YAML::Node& n, const std::string& field) const;
    double number(const YAML::Node& n, const std::string& field, double lo, double hi, bool allow_inf = false) const;
    int integer(const YAML::Node& n, const std::string& field, int lo, int hi) const;
    std::string text(const YAML::Node& n, const std::string& field) const;
    bool flag(const YAML::Node& n, const std::string& field) const;

    static int lineOf(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

private:
    std::string file_, feature_;
};

// The `windows:` and `scores:` lists, appended to the plan.
void readWindows(const YamlChecker& c, const YAML::Node& list, const std::string& field, Plan& plan);
void readScores(const YamlChecker& c, const YAML::Node& list, const std::string& field, Plan& plan);
// Cross-checks once everything is read: window overlap, post windows, k.
void checkPlan(const Plan& plan, const std::string& file, const std::string& feature_word);

// Shortest text that reads back as the same double ("nan"/".inf" never: callers skip those).
std::string numberText(double v);
// A YAML double-quoted string (also valid JSON).
std::string quoted(const std::string& s);
// One window / score row as a JSON object (also a YAML flow mapping).
std::string windowText(const PlanWindow& w);
std::string scoreText(const PlanScoreRow& r);
// The windows and scores as JSON text (the GeoJSON plan's members).
std::string windowsJson(const Plan& plan);
std::string scoresJson(const Plan& plan);

}  // namespace jingwei::place::detail
