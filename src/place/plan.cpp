#include "place/plan.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "place/plan_yaml.h"

namespace jingwei::place {

// ---- Windows --------------------------------------------------------------

bool PlanWindow::contains(int hour) const {
    const int h = ((hour % 24) + 24) % 24;
    if (start_h < end_h) return h >= start_h && h < end_h;
    return h >= start_h || h < end_h;  // wraps midnight
}

std::array<bool, 24> PlanWindow::hours() const {
    std::array<bool, 24> out{};
    for (int h = 0; h < 24; ++h) out[static_cast<std::size_t>(h)] = contains(h);
    return out;
}

std::string PlanWindow::hoursText() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d-%02d", start_h, end_h);
    return buf;
}

bool parseWindowHours(const std::string& s, int* start_h, int* end_h) {
    int a = -1, b = -1;
    char dash = 0;
    std::istringstream in(s);
    if (!(in >> a >> dash >> b) || dash != '-' || in.peek() != EOF) return false;
    if (a < 0 || a > 23 || b < 0 || b > 24 || a == b) return false;
    *start_h = a;
    *end_h = b;
    return true;
}

std::array<int, 24> Plan::schedule(const PlanPost& p) const {
    std::array<int, 24> out{};
    for (const std::string& name : p.windows)
        if (const PlanWindow* w = window(name))
            for (int h = 0; h < 24; ++h)
                if (w->contains(h)) out[static_cast<std::size_t>(h)] = units_per_post;
    return out;
}

const PlanWindow* Plan::window(const std::string& name) const {
    for (const PlanWindow& w : windows)
        if (w.name == name) return &w;
    return nullptr;
}

namespace detail {

// ---- Strict YAML reading --------------------------------------------------

namespace {
std::string describe(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return "nothing";
    if (n.IsScalar()) return "'" + n.Scalar() + "'";
    return n.IsSequence() ? "a list" : "a mapping";
}
}  // namespace

void YamlChecker::fail(int line, const std::string& field, const std::string& why) const {
    std::string where = line > 0 ? "line " + std::to_string(line) : "";
    if (!feature_.empty()) where = feature_ + (where.empty() ? "" : " (" + where + " of the member)");
    throw Error(file_, where, field.empty() ? why : field + ": " + why);
}

void YamlChecker::fail(const YAML::Node& at, const std::string& field, const std::string& why) const {
    fail(lineOf(at), field, why);
}

void YamlChecker::keys(const YAML::Node& map, const std::string& field, std::initializer_list<const char*> allowed,
                       std::initializer_list<const char*> required) const {
    if (!map.IsMap()) fail(map, field, "expected a mapping, got " + describe(map));
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const std::string key = it->first.Scalar();
        const std::string path = field.empty() ? key : field + "." + key;
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
            std::string names;
            for (const char* a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
            fail(it->first, path, "unknown key (allowed: " + names + ")");
        }
        if (!seen.insert(key).second) fail(it->first, path, "given twice");
    }
    for (const char* r : required)
        if (!seen.count(r)) fail(map, field, std::string("missing ") + r);
}

void YamlChecker::list(const YAML::Node& n, const std::string& field) const {
    if (!n.IsSequence()) fail(n, field, "expected a list, got " + describe(n));
}

double YamlChecker::number(const YAML::Node& n, const std::string& field, double lo, double hi, bool allow_inf) const {
    if (!n.IsScalar()) fail(n, field, "expected a number, got " + describe(n));
    const std::string& s = n.Scalar();
    if (allow_inf && (s == ".inf" || s == "inf" || s == "Infinity")) return std::numeric_limits<double>::infinity();
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
        fail(n, field, "expected a number, got '" + s + "'");
    if (v < lo || v > hi) fail(n, field, "must be between " + numberText(lo) + " and " + numberText(hi) + ", got " + s);
    return v;
}

int YamlChecker::integer(const YAML::Node& n, const std::string& field, int lo, int hi) const {
    if (!n.IsScalar()) fail(n, field, "expected an integer, got " + describe(n));
    const std::string& s = n.Scalar();
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) fail(n, field, "expected an integer, got '" + s + "'");
    if (v < lo || v > hi)
        fail(n, field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + s);
    return v;
}

std::string YamlChecker::text(const YAML::Node& n, const std::string& field) const {
    if (!n.IsScalar() || n.Scalar().empty()) fail(n, field, "expected text, got " + describe(n));
    return n.Scalar();
}

bool YamlChecker::flag(const YAML::Node& n, const std::string& field) const {
    if (n.IsScalar()) {
        if (n.Scalar() == "true") return true;
        if (n.Scalar() == "false") return false;
    }
    fail(n, field, "expected true or false, got " + describe(n));
}

void readWindows(const YamlChecker& c, const YAML::Node& list, const std::string& field, Plan& plan) {
    c.list(list, field);
    if (list.size() == 0) c.fail(list, field, "needs at least one window");
    for (std::size_t q = 0; q < list.size(); ++q) {
        const YAML::Node n = list[q];
        const std::string f = field + "[" + std::to_string(q) + "]";
        c.keys(n, f, {"name", "hours", "k", "congestion"}, {"name", "hours", "k"});
        PlanWindow w;
        w.line = YamlChecker::lineOf(n);
        w.name = c.text(n["name"], f + ".name");
        if (plan.window(w.name)) c.fail(n["name"], f + ".name", "window '" + w.name + "' is given twice");
        if (!parseWindowHours(c.text(n["hours"], f + ".hours"), &w.start_h, &w.end_h))
            c.fail(n["hours"], f + ".hours", "expected hours like \"07-09\" (07:00 to 09:00; \"22-06\" wraps midnight)");
        w.k = c.integer(n["k"], f + ".k", 0, 1000000);
        if (n["congestion"]) w.congestion = c.number(n["congestion"], f + ".congestion", 0.1, 10);
        plan.windows.push_back(std::move(w));
    }
}

void readScores(const YamlChecker& c, const YAML::Node& list, const std::string& field, Plan& plan) {
    c.list(list, field);
    const double big = 1e300;
    for (std::size_t q = 0; q < list.size(); ++q) {
        const YAML::Node n = list[q];
        const std::string f = field + "[" + std::to_string(q) + "]";
        c.keys(n, f,
               {"window", "solver", "status", "objective", "bound", "gap", "covered", "backup", "reached", "mean_s", "p90_s",
                "seconds"},
               {"window", "solver", "objective"});
        PlanScoreRow r;
        r.window = c.text(n["window"], f + ".window");
        if (!plan.window(r.window)) c.fail(n["window"], f + ".window", "no window named '" + r.window + "'");
        r.solver = c.text(n["solver"], f + ".solver");
        if (n["status"]) r.status = c.text(n["status"], f + ".status");
        r.objective = c.number(n["objective"], f + ".objective", -big, big);
        if (n["bound"]) r.bound = c.number(n["bound"], f + ".bound", -big, big);
        if (n["gap"]) r.gap = c.number(n["gap"], f + ".gap", 0, big);
        if (n["covered"]) r.covered = c.number(n["covered"], f + ".covered", 0, 1);
        if (n["backup"]) r.backup = c.number(n["backup"], f + ".backup", 0, 1);
        if (n["reached"]) r.reached = c.number(n["reached"], f + ".reached", 0, 1);
        if (n["mean_s"]) r.mean_s = c.number(n["mean_s"], f + ".mean_s", 0, big);
        if (n["p90_s"]) r.p90_s = c.number(n["p90_s"], f + ".p90_s", 0, big, true);
        if (n["seconds"]) r.seconds = c.number(n["seconds"], f + ".seconds", 0, big);
        plan.scores.push_back(std::move(r));
    }
}

void checkPlan(const Plan& plan, const std::string& file, const std::string& feature_word) {
    auto where = [&](int line) { return line > 0 ? feature_word + " " + std::to_string(line) : std::string(); };
    for (std::size_t a = 0; a < plan.windows.size(); ++a)
        for (std::size_t b = a + 1; b < plan.windows.size(); ++b)
            for (int h = 0; h < 24; ++h)
                if (plan.windows[a].contains(h) && plan.windows[b].contains(h))
                    throw Error(file, where(plan.windows[b].line),
                                "windows: '" + plan.windows[a].name + "' and '" + plan.windows[b].name +
                                    "' overlap at hour " + std::to_string(h));
    std::vector<int> staffed(plan.windows.size(), 0);
    std::set<std::string> ids;
    for (const PlanPost& p : plan.posts) {
        if (!ids.insert(p.id).second) throw Error(file, where(p.line), "posts: id '" + p.id + "' is used twice");
        std::set<std::string> seen;
        for (const std::string& w : p.windows) {
            const PlanWindow* pw = plan.window(w);
            if (!pw) throw Error(file, where(p.line), "posts: " + p.id + ": no window named '" + w + "'");
            if (!seen.insert(w).second) throw Error(file, where(p.line), "posts: " + p.id + ": window '" + w + "' listed twice");
            ++staffed[static_cast<std::size_t>(pw - plan.windows.data())];
        }
        if (p.locked && seen.size() != plan.windows.size())
            throw Error(file, where(p.line), "posts: " + p.id + " is locked, so it must be staffed in every window");
    }
    for (std::size_t q = 0; q < plan.windows.size(); ++q)
        if (staffed[q] != plan.windows[q].k)
            throw Error(file, where(plan.windows[q].line),
                        "windows: '" + plan.windows[q].name + "' has k = " + std::to_string(plan.windows[q].k) + " but " +
                            std::to_string(staffed[q]) + " posts are staffed in it");
}

// ---- Writing --------------------------------------------------------------

std::string numberText(double v) {
    if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string windowText(const PlanWindow& w) {
    return "{\"name\": " + quoted(w.name) + ", \"hours\": " + quoted(w.hoursText()) + ", \"k\": " + std::to_string(w.k) +
           ", \"congestion\": " + numberText(w.congestion) + "}";
}
std::string scoreText(const PlanScoreRow& r) {
    std::string s = "{\"window\": " + quoted(r.window) + ", \"solver\": " + quoted(r.solver);
    if (!r.status.empty()) s += ", \"status\": " + quoted(r.status);
    s += ", \"objective\": " + numberText(r.objective);
    if (!std::isnan(r.bound)) s += ", \"bound\": " + numberText(r.bound);
    if (!std::isnan(r.gap)) s += ", \"gap\": " + numberText(r.gap);
    s += ", \"covered\": " + numberText(r.covered) + ", \"backup\": " + numberText(r.backup) +
         ", \"reached\": " + numberText(r.reached) + ", \"mean_s\": " + numberText(r.mean_s) + ", \"p90_s\": " +
         (std::isinf(r.p90_s) ? std::string("\"inf\"") : numberText(r.p90_s)) + ", \"seconds\": " + numberText(r.seconds) + "}";
    return s;
}

std::string windowsJson(const Plan& plan) {
    std::string s = "[";
    for (std::size_t q = 0; q < plan.windows.size(); ++q) s += (q ? ", " : "") + windowText(plan.windows[q]);
    return s + "]";
}

std::string scoresJson(const Plan& plan) {
    std::string s = "[";
    for (std::size_t q = 0; q < plan.scores.size(); ++q) s += (q ? ", " : "") + scoreText(plan.scores[q]);
    return s + "]";
}

}  // namespace detail

using detail::numberText;
using detail::quoted;

std::string planToYaml(const Plan& plan) {
    std::ostringstream o;
    o << "# 前置屯警 plan, written by `jingwei place` (format: docs/formats.md, \"Plan files\").\n";
    o << "format: jingwei-plan/1\n";
    if (!plan.name.empty()) o << "name: " << quoted(plan.name) << "\n";
    if (!plan.map.empty()) o << "map: " << quoted(plan.map) << "\n";
    o << "objective: " << objectiveKey(plan.objective) << "\n";
    o << "minutes: " << numberText(plan.minutes) << "\n";
    if (plan.objective == ObjectiveKind::DoubleCoverage) {
        o << "backup_minutes: " << numberText(plan.backup_minutes) << "\n";
        o << "backup_weight: " << numberText(plan.backup_weight) << "\n";
    }
    if (plan.objective == ObjectiveKind::PMedian && plan.penalty_minutes > 0)
        o << "penalty_minutes: " << numberText(plan.penalty_minutes) << "\n";
    if (!plan.demand.empty()) o << "demand: " << quoted(plan.demand) << "\n";
    o << "units_per_post: " << plan.units_per_post << "\n";
    o << "windows:\n";
    for (const PlanWindow& w : plan.windows) o << "  - " << detail::windowText(w) << "\n";
    o << "posts:\n";
    for (const PlanPost& p : plan.posts) {
        o << "  - {id: " << quoted(p.id);
        if (!p.name.empty()) o << ", name: " << quoted(p.name);
        o << ", at: [" << numberText(p.lon) << ", " << numberText(p.lat) << "], locked: " << (p.locked ? "true" : "false");
        if (!p.source.empty()) o << ", source: " << quoted(p.source);
        o << ", windows: [";
        for (std::size_t q = 0; q < p.windows.size(); ++q) o << (q ? ", " : "") << quoted(p.windows[q]);
        o << "]}\n";
    }
    if (!plan.scores.empty()) {
        o << "scores:\n";
        for (const PlanScoreRow& r : plan.scores) o << "  - " << detail::scoreText(r) << "\n";
    }
    return o.str();
}

Plan parsePlanYaml(const std::string& text, const std::string& path) {
    const detail::YamlChecker c(path);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        c.fail(e.mark.line >= 0 ? e.mark.line + 1 : 0, "", "YAML syntax error: " + e.msg);
    }
    if (!root.IsMap()) c.fail(root, "", "a plan is a YAML mapping (format:, objective:, windows:, posts:, ...)");
    c.keys(root, "",
           {"format", "name", "map", "objective", "minutes", "backup_minutes", "backup_weight", "penalty_minutes", "demand",
            "units_per_post", "windows", "posts", "scores"},
           {"format", "objective", "minutes", "windows", "posts"});
    if (c.text(root["format"], "format") != "jingwei-plan/1")
        c.fail(root["format"], "format", "expected jingwei-plan/1, got '" + root["format"].Scalar() + "'");
    Plan plan;
    if (root["name"]) plan.name = c.text(root["name"], "name");
    if (root["map"]) plan.map = c.text(root["map"], "map");
    if (!parseObjectiveKind(c.text(root["objective"], "objective"), &plan.objective))
        c.fail(root["objective"], "objective", "expected mclp, lscp, pmedian or double, got '" + root["objective"].Scalar() + "'");
    plan.minutes = c.number(root["minutes"], "minutes", 0.01, 240);
    if (plan.objective == ObjectiveKind::DoubleCoverage) {
        if (!root["backup_minutes"]) c.fail(root, "", "missing backup_minutes (double coverage)");
        plan.backup_minutes = c.number(root["backup_minutes"], "backup_minutes", plan.minutes, 240);
        if (root["backup_weight"]) plan.backup_weight = c.number(root["backup_weight"], "backup_weight", 0, 1000);
    } else {
        for (const char* k : {"backup_minutes", "backup_weight"})
            if (root[k]) c.fail(root[k], k, "only for objective: double");
    }
    if (root["penalty_minutes"]) {
        if (plan.objective != ObjectiveKind::PMedian) c.fail(root["penalty_minutes"], "penalty_minutes", "only for objective: pmedian");
        plan.penalty_minutes = c.number(root["penalty_minutes"], "penalty_minutes", 0.01, 1440);
    }
    if (root["demand"]) plan.demand = c.text(root["demand"], "demand");
    if (root["units_per_post"]) plan.units_per_post = c.integer(root["units_per_post"], "units_per_post", 1, 1000);
    detail::readWindows(c, root["windows"], "windows", plan);
    const YAML::Node posts = root["posts"];
    c.list(posts, "posts");
    for (std::size_t q = 0; q < posts.size(); ++q) {
        const YAML::Node n = posts[q];
        const std::string f = "posts[" + std::to_string(q) + "]";
        c.keys(n, f, {"id", "name", "at", "locked", "source", "windows"}, {"id", "at", "windows"});
        PlanPost p;
        p.line = detail::YamlChecker::lineOf(n);
        p.id = c.text(n["id"], f + ".id");
        if (n["name"]) p.name = c.text(n["name"], f + ".name");
        const YAML::Node at = n["at"];
        c.list(at, f + ".at");
        if (at.size() != 2) c.fail(at, f + ".at", "expected [lon, lat]");
        p.lon = c.number(at[0], f + ".at[0]", -180, 180);
        p.lat = c.number(at[1], f + ".at[1]", -90, 90);
        if (n["locked"]) p.locked = c.flag(n["locked"], f + ".locked");
        if (n["source"]) p.source = c.text(n["source"], f + ".source");
        const YAML::Node ws = n["windows"];
        c.list(ws, f + ".windows");
        for (std::size_t k = 0; k < ws.size(); ++k) p.windows.push_back(c.text(ws[k], f + ".windows[" + std::to_string(k) + "]"));
        plan.posts.push_back(std::move(p));
    }
    if (root["scores"]) detail::readScores(c, root["scores"], "scores", plan);
    detail::checkPlan(plan, path, "line");
    return plan;
}

namespace {
bool isGeoJsonPath(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return ext == ".geojson" || ext == ".json";
}
}  // namespace

Plan readPlan(const std::string& path) {
    if (isGeoJsonPath(path)) return readPlanGeoJson(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "cannot open the plan file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parsePlanYaml(ss.str(), path);
}

void writePlan(const Plan& plan, const std::string& path) {
    if (isGeoJsonPath(path)) return writePlanGeoJson(plan, path);
    AtomicFile f(path);
    {
        std::ofstream out(f.tmp(), std::ios::binary);
        out << planToYaml(plan);
        out.flush();
        if (!out) throw Error(path, "", "cannot write the plan file");
    }
    f.commit();
}

}  // namespace jingwei::place
