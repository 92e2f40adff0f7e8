#pragma once
// Plan files (前置屯警 方案): where the posts are, in which hour windows each
// is staffed, how many posts every window has, and how the plan scored.
// YAML is the main form (scenarios load it: forces.plan); GeoJSON carries
// the same content for GIS tools. Schema: docs/formats.md, "Plan files".
//
// Reading is strict, as for scenarios: an unknown key, a key given twice, a
// wrong type, an impossible value, an unknown window name or overlapping
// windows is an Error naming the file and the line (YAML) or the feature
// (GeoJSON) and the field. Writing goes through a temporary file.
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "place/objective.h"

namespace jingwei::place {

// Hours [start_h, end_h) of the day, written "07-09"; "22-06" wraps
// midnight, "00-24" is the whole day (the scenario schedule convention).
struct PlanWindow {
    std::string name;             // 早高峰, 晚高峰, 夜间, ...
    int start_h = 0, end_h = 24;
    int k = 1;                    // posts staffed in the window (LSCP: as solved)
    double congestion = 1;        // travel-time factor the window was planned with
    int line = 0;

    bool contains(int hour) const;
    std::array<bool, 24> hours() const;
    std::string hoursText() const;  // "07-09"
};
// Parses "07-09" / "7-9" / "22-06" / "00-24"; false when malformed.
bool parseWindowHours(const std::string& s, int* start_h, int* end_h);

struct PlanPost {
    std::string id, name;
    double lon = 0, lat = 0;      // WGS84, rounded to 1e-7° (≈ 1 cm) when a plan is built
    bool locked = false;          // a fixed post: kept in every window
    std::string source;           // station, intersection, user, file
    std::vector<std::string> windows;  // names of the windows it is staffed in
    int line = 0;                 // where it was read (line or feature)
};

struct PlanScoreRow {
    std::string window, solver, status;
    double objective = 0;
    double bound = std::numeric_limits<double>::quiet_NaN();
    double gap = std::numeric_limits<double>::quiet_NaN();
    double covered = 0, backup = 0, reached = 0;   // shares of demand weight
    double mean_s = 0, p90_s = 0;                  // p90 +inf when over 10% is unreached
    double seconds = 0;
};

struct Plan {
    std::string name;
    std::string map;              // map name or manifest the plan was made on
    ObjectiveKind objective = ObjectiveKind::Mclp;
    double minutes = 3;           // T (T1 for double coverage)
    double backup_minutes = 0;    // T2 (double coverage; 0 otherwise)
    double backup_weight = 1;     // β (double coverage)
    double penalty_minutes = 0;   // P (p-median; 0 = the horizon)
    std::string demand;           // what the demand was, e.g. "synthetic:20000 seed 7, hours 17-20"
    int units_per_post = 1;       // units a staffed post holds in a scenario
    std::vector<PlanWindow> windows;
    std::vector<PlanPost> posts;
    std::vector<PlanScoreRow> scores;

    // Units on duty per local hour at a post (units_per_post in its windows' hours).
    std::array<int, 24> schedule(const PlanPost& p) const;
    const PlanWindow* window(const std::string& name) const;
};

// By extension: .yaml/.yml or .geojson/.json.
Plan readPlan(const std::string& path);
void writePlan(const Plan& plan, const std::string& path);

// The YAML form as text, and back (path only names the file in errors).
std::string planToYaml(const Plan& plan);
Plan parsePlanYaml(const std::string& text, const std::string& path);

Plan readPlanGeoJson(const std::string& path);
void writePlanGeoJson(const Plan& plan, const std::string& path);

}  // namespace jingwei::place
