#include "sim/scenario.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "analysis/civil_time.h"
#include "core/error.h"
#include "core/paths.h"
#include "place/plan.h"
#include "sim/dispatch_policy.h"

namespace jingwei::sim {
namespace {

int lineOf(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

std::string scalarText(const YAML::Node& n) {
    if (n.IsScalar()) return n.Scalar();
    if (n.IsSequence()) return "a list";
    if (n.IsMap()) return "a mapping";
    return "nothing";
}

// Walks a YAML tree with a field path for messages.
class Reader {
public:
    Reader(std::string path, std::string data_dir) : path_(std::move(path)), data_dir_(std::move(data_dir)) {}

    [[noreturn]] void fail(int line, const std::string& field, const std::string& reason) const {
        throw Error(path_, lineWhere(line), field.empty() ? reason : field + ": " + reason);
    }
    [[noreturn]] void fail(const YAML::Node& n, const std::string& field, const std::string& reason) const {
        fail(lineOf(n), field, reason);
    }

    void requireMap(const YAML::Node& n, const std::string& field) const {
        if (!n.IsMap()) fail(n, field, "expected a mapping, got " + scalarText(n));
    }
    void requireSeq(const YAML::Node& n, const std::string& field) const {
        if (!n.IsSequence()) fail(n, field, "expected a list, got " + scalarText(n));
    }

    // Every key of a mapping must be allowed (and appear once).
    void checkKeys(const YAML::Node& n, const std::string& field, std::initializer_list<std::string_view> allowed) const {
        requireMap(n, field);
        std::set<std::string> seen;
        for (auto it = n.begin(); it != n.end(); ++it) {
            const std::string key = it->first.Scalar();
            const std::string where = field.empty() ? key : field + "." + key;
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string list;
                for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                fail(it->first, where, "unknown key (allowed here: " + list + ")");
            }
            if (!seen.insert(key).second) fail(it->first, where, "key given twice");
        }
    }

    static std::string sub(const std::string& field, const std::string& key) {
        return field.empty() ? key : field + "." + key;
    }
    static std::string idx(const std::string& field, std::size_t i) { return field + "[" + std::to_string(i) + "]"; }

    double number(const YAML::Node& n, const std::string& field, double lo = -1e300, double hi = 1e300,
                  bool lo_open = false) const {
        if (!n.IsScalar()) fail(n, field, "expected a number, got " + scalarText(n));
        const std::string& s = n.Scalar();
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
            fail(n, field, "expected a number, got '" + s + "'");
        if (v < lo || v > hi || (lo_open && v == lo)) {
            std::ostringstream m;
            m << "must be " << (lo_open ? "> " : "≥ ") << lo;
            if (hi < 1e299) m << " and ≤ " << hi;
            m << ", got " << s;
            fail(n, field, m.str());
        }
        return v;
    }
    double positive(const YAML::Node& n, const std::string& field, double hi = 1e300) const {
        return number(n, field, 0, hi, true);
    }
    long long integer(const YAML::Node& n, const std::string& field, long long lo, long long hi) const {
        if (!n.IsScalar()) fail(n, field, "expected an integer, got " + scalarText(n));
        const std::string& s = n.Scalar();
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(s.c_str(), &end, 10);
        if (s.empty() || end != s.c_str() + s.size() || errno != 0)
            fail(n, field, "expected an integer ≥ " + std::to_string(lo) + ", got '" + s + "'");
        if (v < lo || v > hi)
            fail(n, field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + s);
        return v;
    }
    std::string text(const YAML::Node& n, const std::string& field, bool allow_empty = false) const {
        if (!n.IsScalar()) fail(n, field, "expected text, got " + scalarText(n));
        if (!allow_empty && n.Scalar().empty()) fail(n, field, "must not be empty");
        return n.Scalar();
    }
    bool boolean(const YAML::Node& n, const std::string& field) const {
        if (n.IsScalar()) {
            const std::string& s = n.Scalar();
            if (s == "true" || s == "yes" || s == "on" || s == "True") return true;
            if (s == "false" || s == "no" || s == "off" || s == "False") return false;
        }
        fail(n, field, "expected true or false, got '" + scalarText(n) + "'");
    }
    template <std::size_t N>
    std::array<double, N> numbers(const YAML::Node& n, const std::string& field, double lo, bool lo_open) const {
        requireSeq(n, field);
        if (n.size() != N) fail(n, field, "expected " + std::to_string(N) + " numbers, got " + std::to_string(n.size()));
        std::array<double, N> out{};
        for (std::size_t i = 0; i < N; ++i) out[i] = number(n[i], idx(field, i), lo, 1e300, lo_open);
        return out;
    }

    PlaceSpec lonLat(const YAML::Node& n, const std::string& field) const {
        requireSeq(n, field);
        if (n.size() != 2) fail(n, field, "expected [lon, lat]");
        PlaceSpec p;
        p.kind = PlaceSpec::Kind::LonLat;
        p.a = number(n[0], idx(field, 0), -180, 180);
        p.b = number(n[1], idx(field, 1), -90, 90);
        p.line = lineOf(n);
        return p;
    }
    PlaceSpec xy(const YAML::Node& n, const std::string& field) const {
        requireSeq(n, field);
        if (n.size() != 2) fail(n, field, "expected [x, y] in map metres");
        PlaceSpec p;
        p.kind = PlaceSpec::Kind::XY;
        p.a = number(n[0], idx(field, 0));
        p.b = number(n[1], idx(field, 1));
        p.line = lineOf(n);
        return p;
    }
    PlaceSpec node(const YAML::Node& n, const std::string& field) const {
        PlaceSpec p;
        p.kind = PlaceSpec::Kind::Node;
        p.node = static_cast<std::uint32_t>(integer(n, field, 0, 0xFFFFFFFEll));
        p.line = lineOf(n);
        return p;
    }
    // One of at / xy / node in a mapping.
    PlaceSpec place(const YAML::Node& m, const std::string& field, bool required = true) const {
        int given = 0;
        PlaceSpec p;
        if (m["at"]) { p = lonLat(m["at"], sub(field, "at")); ++given; }
        if (m["xy"]) { p = xy(m["xy"], sub(field, "xy")); ++given; }
        if (m["node"]) { p = node(m["node"], sub(field, "node")); ++given; }
        if (given > 1) fail(m, field, "give only one of at (lon/lat), xy (map metres) or node");
        if (given == 0 && required) fail(m, field, "missing the place: at: [lon, lat], xy: [x, y] or node: N");
        return p;
    }
    // A list of places: [[lon, lat], ...].
    std::vector<PlaceSpec> lonLatList(const YAML::Node& n, const std::string& field) const {
        requireSeq(n, field);
        std::vector<PlaceSpec> out;
        for (std::size_t i = 0; i < n.size(); ++i) out.push_back(lonLat(n[i], idx(field, i)));
        return out;
    }

    AreaSpec area(const YAML::Node& n, const std::string& field) const {
        checkKeys(n, field, {"centre", "center", "centre_xy", "radius_m", "box", "box_xy"});
        AreaSpec a;
        a.line = lineOf(n);
        const YAML::Node c = n["centre"] ? n["centre"] : n["center"];
        const int kinds = (c ? 1 : 0) + (n["centre_xy"] ? 1 : 0) + (n["box"] ? 1 : 0) + (n["box_xy"] ? 1 : 0);
        if (kinds != 1) fail(n, field, "give exactly one of centre: [lon, lat] (with radius_m), centre_xy: [x, y], box: [lon0, lat0, lon1, lat1] or box_xy");
        if (n["box"] || n["box_xy"]) {
            const bool ll = static_cast<bool>(n["box"]);
            const std::string f = sub(field, ll ? "box" : "box_xy");
            const YAML::Node b = ll ? n["box"] : n["box_xy"];
            const auto v = numbers<4>(b, f, -1e300, false);
            if (n["radius_m"]) fail(n["radius_m"], sub(field, "radius_m"), "a box takes no radius");
            if (!(v[0] < v[2]) || !(v[1] < v[3])) fail(b, f, "expected [min_x, min_y, max_x, max_y] with min < max");
            a.is_box = true;
            a.min.kind = a.max.kind = ll ? PlaceSpec::Kind::LonLat : PlaceSpec::Kind::XY;
            a.min.a = v[0]; a.min.b = v[1]; a.max.a = v[2]; a.max.b = v[3];
            a.min.line = a.max.line = lineOf(b);
            return a;
        }
        a.centre = c ? lonLat(c, sub(field, n["centre"] ? "centre" : "center")) : xy(n["centre_xy"], sub(field, "centre_xy"));
        if (!n["radius_m"]) fail(n, field, "missing radius_m");
        a.radius_m = positive(n["radius_m"], sub(field, "radius_m"), 1e7);
        return a;
    }

    // "HH:MM" (local clock on the period's first day; HH may exceed 23 for
    // later days) or a date-time; → ms since the period start.
    SimTime clock(const YAML::Node& n, const std::string& field, const Scenario& s) const {
        const std::string t = text(n, field);
        int hh = 0, mm = 0;
        char c = 0;
        std::istringstream in(t);
        if (t.size() <= 5 && (in >> hh >> c >> mm) && c == ':' && in.peek() == EOF && hh >= 0 && hh <= 99 && mm >= 0 &&
            mm < 60) {
            const std::int64_t local = s.start_utc_s + s.utc_offset_s;
            const std::int64_t day_start = floorDays(local) * 86400 - s.utc_offset_s;
            SimTime rel = (day_start + hh * 3600 + mm * 60 - s.start_utc_s) * kSecond;
            if (rel < 0 && hh < 24) rel += kDay;
            return rel;
        }
        const auto p = parseTime(t, "auto", s.utc_offset_s);
        if (!p) fail(n, field, "expected \"HH:MM\" or a date-time like 2025-06-06T18:30, got '" + t + "'");
        return (p->utc_s - s.start_utc_s) * kSecond;
    }

    // start/end (or duration_min) inside a mapping.
    WindowSpec window(const YAML::Node& m, const std::string& field, const Scenario& s, bool required) const {
        WindowSpec w;
        w.line = lineOf(m);
        w.start = 0;
        w.end = s.duration;
        if (m["start"]) w.start = clock(m["start"], sub(field, "start"), s);
        else if (required) fail(m, field, "missing start");
        if (m["end"] && m["duration_min"]) fail(m["duration_min"], sub(field, "duration_min"), "give end or duration_min, not both");
        if (m["end"]) w.end = clock(m["end"], sub(field, "end"), s);
        else if (m["duration_min"]) w.end = w.start + secondsToSim(60 * positive(m["duration_min"], sub(field, "duration_min"), 1e7));
        else if (required) fail(m, field, "missing end (or duration_min)");
        if (!(w.end > w.start)) fail(m["end"] ? m["end"] : m, sub(field, "end"), "must be after start");
        return w;
    }

    Distribution distribution(const YAML::Node& n, const std::string& field) const {
        if (n.IsScalar()) return Distribution::fixed(60 * positive(n, field, 1e6));  // minutes
        requireMap(n, field);
        if (!n["dist"]) fail(n, field, "missing dist (fixed, exponential, lognormal, uniform, triangular, erlang)");
        const std::string kind = text(n["dist"], sub(field, "dist"));
        auto need = [&](const char* k) -> double {
            if (!n[k]) fail(n, field, std::string("dist ") + kind + " needs " + k);
            return 60 * positive(n[k], sub(field, k), 1e6);
        };
        Distribution d;
        if (kind == "fixed") {
            checkKeys(n, field, {"dist", "minutes", "cap_min"});
            d = Distribution::fixed(need("minutes"));
        } else if (kind == "exponential") {
            checkKeys(n, field, {"dist", "mean_min", "cap_min"});
            d = Distribution::exponential(need("mean_min"));
        } else if (kind == "lognormal") {
            checkKeys(n, field, {"dist", "mean_min", "sd_min", "median_min", "sigma", "cap_min"});
            if (n["median_min"]) {
                if (n["mean_min"] || n["sd_min"]) fail(n, field, "give mean_min + sd_min or median_min + sigma");
                if (!n["sigma"]) fail(n, field, "dist lognormal with median_min needs sigma");
                d = Distribution::lognormalMedianSigma(need("median_min"), number(n["sigma"], sub(field, "sigma"), 0, 10));
            } else {
                if (n["sigma"]) fail(n["sigma"], sub(field, "sigma"), "sigma goes with median_min (or give mean_min + sd_min)");
                d = Distribution::lognormalMeanSd(need("mean_min"), need("sd_min"));
            }
        } else if (kind == "uniform") {
            checkKeys(n, field, {"dist", "low_min", "high_min", "cap_min"});
            d = Distribution::uniform(need("low_min"), need("high_min"));
        } else if (kind == "triangular") {
            checkKeys(n, field, {"dist", "low_min", "mode_min", "high_min", "cap_min"});
            d = Distribution::triangular(need("low_min"), need("mode_min"), need("high_min"));
        } else if (kind == "erlang") {
            checkKeys(n, field, {"dist", "mean_min", "k", "cap_min"});
            if (!n["k"]) fail(n, field, "dist erlang needs k");
            d = Distribution::erlang(need("mean_min"), static_cast<int>(integer(n["k"], sub(field, "k"), 1, 1000)));
        } else {
            fail(n["dist"], sub(field, "dist"),
                 "unknown distribution '" + kind + "' (fixed, exponential, lognormal, uniform, triangular, erlang)");
        }
        if (n["cap_min"]) d.cap_s = 60 * positive(n["cap_min"], sub(field, "cap_min"), 1e6);
        if (const std::string why = d.check(); !why.empty()) fail(n, field, why);
        return d;
    }

    std::string resolveDataPath(const std::string& p) const {
        namespace fs = std::filesystem;
        if (fs::path(p).is_absolute()) return p;
        const fs::path here = fs::path(path_).parent_path() / p;
        if (fs::exists(here)) return here.string();
        const fs::path data = fs::path(data_dir_.empty() ? defaultDataDir() : data_dir_) / p;
        if (fs::exists(data)) return data.string();
        return here.string();  // reported missing later, by the reader
    }

    const std::string& path() const { return path_; }

private:
    std::string path_, data_dir_;
};

const char* baseListName(UnitKind k) {
    switch (k) {
    case UnitKind::Station: return "stations";
    case UnitKind::Post: return "posts";
    case UnitKind::Forward: return "forward_posts";
    case UnitKind::Swat: return "swat";
    case UnitKind::Mobile: return "mobile";
    default: return "patrols";
    }
}

std::array<int, 24> parseSchedule(const Reader& r, const YAML::Node& n, const std::string& field, int max_units) {
    std::array<int, 24> out{};
    if (n.IsSequence()) {
        if (n.size() != 24) r.fail(n, field, "expected 24 numbers (units on duty per hour 0..23) or a mapping like {\"07-09\": 3}");
        for (std::size_t h = 0; h < 24; ++h)
            out[h] = static_cast<int>(r.integer(n[h], Reader::idx(field, h), 0, max_units));
        return out;
    }
    r.requireMap(n, field);
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string key = it->first.Scalar();
        const std::string f = field + "." + key;
        int a = -1, b = -1;
        char dash = 0;
        std::istringstream in(key);
        if (!(in >> a >> dash >> b) || dash != '-' || in.peek() != EOF || a < 0 || a > 23 || b < 0 || b > 24 || a == b)
            r.fail(it->first, f, "expected an hour range like \"07-09\" (from 07:00 to 09:00; \"22-02\" wraps midnight)");
        const int units = static_cast<int>(r.integer(it->second, f, 0, max_units));
        int h = a;  // [a, b), wrapping midnight; "00-24" is the whole day
        do {
            out[static_cast<std::size_t>(h)] = units;
            h = (h + 1) % 24;
        } while (h != b % 24);
    }
    return out;
}

void parseBases(const Reader& r, const YAML::Node& list, const std::string& field, UnitKind kind, Scenario& s) {
    r.requireSeq(list, field);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node n = list[i];
        const std::string f = Reader::idx(field, i);
        switch (kind) {
        case UnitKind::Forward:
            r.checkKeys(n, f, {"id", "name", "at", "xy", "node", "units", "schedule", "home"});
            break;
        case UnitKind::Swat:
        case UnitKind::Mobile:
            r.checkKeys(n, f, {"id", "name", "at", "xy", "node", "units", "readiness", "mobilisation_min"});
            break;
        default:
            r.checkKeys(n, f, {"id", "name", "at", "xy", "node", "units"});
        }
        BaseSpec b;
        b.kind = kind;
        b.line = lineOf(n);
        if (!n["id"]) r.fail(n, f, "missing id");
        b.id = r.text(n["id"], Reader::sub(f, "id"));
        b.name = n["name"] ? r.text(n["name"], Reader::sub(f, "name")) : b.id;
        b.at = r.place(n, f);
        b.units = n["units"] ? static_cast<int>(r.integer(n["units"], Reader::sub(f, "units"), 0, 10000)) : 1;
        if (kind == UnitKind::Forward) {
            if (!n["schedule"]) r.fail(n, f, "missing schedule (units on duty by hour)");
            b.schedule = parseSchedule(r, n["schedule"], Reader::sub(f, "schedule"), b.units);
            if (n["home"]) b.home = r.text(n["home"], Reader::sub(f, "home"));
        }
        if (kind == UnitKind::Swat || kind == UnitKind::Mobile) {
            if (n["readiness"] && n["mobilisation_min"])
                r.fail(n, f, "give readiness (a level) or mobilisation_min, not both");
            if (n["readiness"]) {
                b.readiness = static_cast<int>(r.integer(n["readiness"], Reader::sub(f, "readiness"), 1, 9));
                if (!s.readiness_levels.count(b.readiness))
                    r.fail(n["readiness"], Reader::sub(f, "readiness"),
                           "no readiness level " + std::to_string(b.readiness) + " in forces.readiness_levels");
                b.mobilisation_s = s.readiness_levels.at(b.readiness);
            } else if (n["mobilisation_min"]) {
                b.mobilisation_s = 60 * r.number(n["mobilisation_min"], Reader::sub(f, "mobilisation_min"), 0, 1440);
            } else {
                b.readiness = s.readiness_levels.begin()->first;
                b.mobilisation_s = s.readiness_levels.begin()->second;
            }
        }
        s.bases.push_back(std::move(b));
    }
}

// forces.plan: a plan file (`jingwei place`, place/plan.h), a path or
// {path, home, units_per_post}. Errors in the plan name the plan file and
// its line.
void parsePlanPosts(const Reader& r, const YAML::Node& n, Scenario& s) {
    const std::string f = "forces.plan";
    std::string path, home;
    int units = 0;
    if (n.IsMap()) {
        r.checkKeys(n, f, {"path", "home", "units_per_post"});
        if (!n["path"]) r.fail(n, f, "missing path (the plan file)");
        path = r.text(n["path"], f + ".path");
        if (n["home"]) home = r.text(n["home"], f + ".home");
        if (n["units_per_post"]) units = static_cast<int>(r.integer(n["units_per_post"], f + ".units_per_post", 1, 1000));
    } else {
        path = r.text(n, f);
    }
    addPlanPosts(s, place::readPlan(r.resolveDataPath(path)), home, units, lineOf(n));
}

void parseForces(const Reader& r, const YAML::Node& n, Scenario& s) {
    const std::string f = "forces";
    r.checkKeys(n, f, {"readiness_levels", "stations", "posts", "patrols", "forward_posts", "plan", "swat", "mobile"});
    if (const YAML::Node rl = n["readiness_levels"]) {
        r.requireMap(rl, "forces.readiness_levels");
        s.readiness_levels.clear();
        for (auto it = rl.begin(); it != rl.end(); ++it) {
            const std::string k = "forces.readiness_levels." + it->first.Scalar();
            const int level = static_cast<int>(r.integer(it->first, k, 1, 9));
            s.readiness_levels[level] = 60 * r.number(it->second, k, 0, 1440);
        }
        if (s.readiness_levels.empty()) r.fail(rl, "forces.readiness_levels", "must not be empty");
    }
    if (n["stations"]) parseBases(r, n["stations"], "forces.stations", UnitKind::Station, s);
    if (n["posts"]) parseBases(r, n["posts"], "forces.posts", UnitKind::Post, s);
    if (n["forward_posts"]) parseBases(r, n["forward_posts"], "forces.forward_posts", UnitKind::Forward, s);
    if (n["plan"]) parsePlanPosts(r, n["plan"], s);
    if (n["swat"]) parseBases(r, n["swat"], "forces.swat", UnitKind::Swat, s);
    if (n["mobile"]) parseBases(r, n["mobile"], "forces.mobile", UnitKind::Mobile, s);
    if (const YAML::Node pl = n["patrols"]) {
        r.requireSeq(pl, "forces.patrols");
        for (std::size_t i = 0; i < pl.size(); ++i) {
            const std::string pf = Reader::idx("forces.patrols", i);
            const YAML::Node p = pl[i];
            r.checkKeys(p, pf, {"id", "name", "route", "beat", "waypoints", "units"});
            PatrolSpec ps;
            ps.line = lineOf(p);
            if (!p["id"]) r.fail(p, pf, "missing id");
            ps.id = r.text(p["id"], Reader::sub(pf, "id"));
            ps.name = p["name"] ? r.text(p["name"], Reader::sub(pf, "name")) : ps.id;
            if (static_cast<bool>(p["route"]) == static_cast<bool>(p["beat"]))
                r.fail(p, pf, "give a route (a list of [lon, lat] waypoints) or a beat (an area), one of them");
            if (p["route"]) {
                ps.route = r.lonLatList(p["route"], Reader::sub(pf, "route"));
                if (ps.route.size() < 2) r.fail(p["route"], Reader::sub(pf, "route"), "needs at least 2 waypoints");
                if (p["waypoints"]) r.fail(p["waypoints"], Reader::sub(pf, "waypoints"), "waypoints goes with beat, not route");
            } else {
                ps.beat = r.area(p["beat"], Reader::sub(pf, "beat"));
                if (p["waypoints"]) ps.waypoints = static_cast<int>(r.integer(p["waypoints"], Reader::sub(pf, "waypoints"), 2, 1000));
            }
            ps.units = p["units"] ? static_cast<int>(r.integer(p["units"], Reader::sub(pf, "units"), 0, 1000)) : 1;
            s.patrols.push_back(std::move(ps));
        }
    }
}

void parseIncidents(const Reader& r, const YAML::Node& n, Scenario& s) {
    const std::string f = "incidents";
    r.checkKeys(n, f, {"synthetic", "file", "poisson"});
    s.incidents.line = lineOf(n);
    if (const YAML::Node sy = n["synthetic"]) {
        const std::string sf = "incidents.synthetic";
        r.checkKeys(sy, sf, {"per_day", "seed", "hotspots", "hour_profile", "weekday_profile", "categories"});
        SyntheticStreamSpec ss;
        ss.line = lineOf(sy);
        if (!sy["per_day"]) r.fail(sy, sf, "missing per_day (mean incidents per day)");
        ss.per_day = r.number(sy["per_day"], sf + ".per_day", 0, 1e7);
        if (sy["seed"]) ss.seed = static_cast<std::uint64_t>(r.integer(sy["seed"], sf + ".seed", 0, 0x7FFFFFFFFFFFFFFFll));
        if (sy["hotspots"]) ss.hotspots = static_cast<int>(r.integer(sy["hotspots"], sf + ".hotspots", 0, 10000));
        if (sy["hour_profile"]) ss.hour_profile = r.numbers<24>(sy["hour_profile"], sf + ".hour_profile", 0, false);
        if (sy["weekday_profile"]) ss.weekday_profile = r.numbers<7>(sy["weekday_profile"], sf + ".weekday_profile", 0, false);
        if (const YAML::Node c = sy["categories"]) {
            r.requireMap(c, sf + ".categories");
            for (auto it = c.begin(); it != c.end(); ++it)
                ss.category_weights[it->first.Scalar()] =
                    r.number(it->second, sf + ".categories." + it->first.Scalar(), 0, 1e9);
        }
        s.incidents.synthetic = ss;
    }
    if (const YAML::Node fl = n["file"]) {
        const std::string ff = "incidents.file";
        r.checkKeys(fl, ff, {"path", "paths", "time_format", "utc_offset_h", "fields", "shift_days"});
        FileStreamSpec fs;
        fs.line = lineOf(fl);
        if (static_cast<bool>(fl["path"]) == static_cast<bool>(fl["paths"])) r.fail(fl, ff, "give path or paths");
        if (fl["path"]) fs.paths.push_back(r.resolveDataPath(r.text(fl["path"], ff + ".path")));
        if (const YAML::Node ps = fl["paths"]) {
            r.requireSeq(ps, ff + ".paths");
            for (std::size_t i = 0; i < ps.size(); ++i)
                fs.paths.push_back(r.resolveDataPath(r.text(ps[i], Reader::idx(ff + ".paths", i))));
        }
        if (fl["time_format"]) fs.time_format = r.text(fl["time_format"], ff + ".time_format");
        if (auto why = checkTimeFormat(fs.time_format)) r.fail(fl["time_format"], ff + ".time_format", *why);
        if (fl["utc_offset_h"]) fs.utc_offset_h = r.number(fl["utc_offset_h"], ff + ".utc_offset_h", -14, 14);
        if (fl["shift_days"]) fs.shift_days = r.number(fl["shift_days"], ff + ".shift_days", -1e5, 1e5);
        if (const YAML::Node fd = fl["fields"]) {
            const std::string fdf = ff + ".fields";
            r.checkKeys(fd, fdf, {"id", "lon", "lat", "time", "category", "priority"});
            auto get = [&](const char* k, std::string& out) {
                if (fd[k]) out = r.text(fd[k], fdf + "." + k);
            };
            get("id", fs.id_field); get("lon", fs.lon_field); get("lat", fs.lat_field);
            get("time", fs.time_field); get("category", fs.category_field); get("priority", fs.priority_field);
        }
        s.incidents.file = fs;
    }
    if (const YAML::Node po = n["poisson"]) {
        std::vector<YAML::Node> items;
        if (po.IsSequence()) for (std::size_t i = 0; i < po.size(); ++i) items.push_back(po[i]);
        else items.push_back(po);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const YAML::Node p = items[i];
            const std::string pf = po.IsSequence() ? Reader::idx("incidents.poisson", i) : "incidents.poisson";
            r.checkKeys(p, pf, {"rate_per_hour", "at", "xy", "nodes", "category", "start", "end", "duration_min"});
            PoissonStreamSpec ps;
            ps.line = lineOf(p);
            if (!p["rate_per_hour"]) r.fail(p, pf, "missing rate_per_hour");
            ps.rate_per_hour = r.number(p["rate_per_hour"], pf + ".rate_per_hour", 0, 1e6);
            const int given = (p["at"] ? 1 : 0) + (p["xy"] ? 1 : 0) + (p["nodes"] ? 1 : 0);
            if (given != 1) r.fail(p, pf, "give the places: at: [[lon, lat], ...], xy: [[x, y], ...] or nodes: [N, ...]");
            if (p["at"]) {
                const YAML::Node a = p["at"];
                // A single [lon, lat] or a list of them.
                if (a.IsSequence() && a.size() == 2 && a[0].IsScalar()) ps.at.push_back(r.lonLat(a, pf + ".at"));
                else ps.at = r.lonLatList(a, pf + ".at");
            } else if (p["xy"]) {
                const YAML::Node a = p["xy"];
                r.requireSeq(a, pf + ".xy");
                if (a.size() == 2 && a[0].IsScalar()) ps.at.push_back(r.xy(a, pf + ".xy"));
                else for (std::size_t k = 0; k < a.size(); ++k) ps.at.push_back(r.xy(a[k], Reader::idx(pf + ".xy", k)));
            } else {
                const YAML::Node a = p["nodes"];
                r.requireSeq(a, pf + ".nodes");
                for (std::size_t k = 0; k < a.size(); ++k) ps.at.push_back(r.node(a[k], Reader::idx(pf + ".nodes", k)));
            }
            if (ps.at.empty()) r.fail(p, pf, "needs at least one place");
            if (p["category"]) ps.category = r.text(p["category"], pf + ".category");
            ps.window = r.window(p, pf, s, false);
            s.incidents.poisson.push_back(std::move(ps));
        }
    }
}

void parseCategories(const Reader& r, const YAML::Node& n, Scenario& s) {
    r.requireMap(n, "categories");
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string name = it->first.Scalar();
        const std::string f = "categories." + name;
        const YAML::Node c = it->second;
        r.checkKeys(c, f, {"priority", "on_scene", "units", "reinforce"});
        CategorySpec cs;
        cs.name = name;
        cs.line = lineOf(it->first);
        if (c["priority"]) cs.priority = static_cast<int>(r.integer(c["priority"], f + ".priority", 1, 4));
        if (c["on_scene"]) cs.on_scene = r.distribution(c["on_scene"], f + ".on_scene");
        if (c["units"]) cs.units = static_cast<int>(r.integer(c["units"], f + ".units", 1, 50));
        if (c["reinforce"]) cs.reinforce = static_cast<int>(r.integer(c["reinforce"], f + ".reinforce", 0, 50));
        if (name == "default") {
            if (cs.priority != 0) r.fail(c["priority"], f + ".priority", "the default category takes no priority");
            s.categories.insert(s.categories.begin(), std::move(cs));
        } else {
            s.categories.push_back(std::move(cs));
        }
    }
}

void parseEvents(const Reader& r, const YAML::Node& n, Scenario& s) {
    r.requireSeq(n, "events");
    for (std::size_t i = 0; i < n.size(); ++i) {
        const YAML::Node e = n[i];
        const std::string f = Reader::idx("events", i);
        r.requireMap(e, f);
        if (!e["type"]) r.fail(e, f, "missing type (closure, congestion or surge)");
        const std::string type = r.text(e["type"], f + ".type");
        if (type == "closure") {
            r.checkKeys(e, f, {"type", "start", "end", "duration_min", "edges", "ways", "area"});
            ClosureSpec c;
            c.line = lineOf(e);
            c.window = r.window(e, f, s, true);
            if (const YAML::Node ed = e["edges"]) {
                r.requireSeq(ed, f + ".edges");
                for (std::size_t k = 0; k < ed.size(); ++k)
                    c.edges.push_back(static_cast<std::uint32_t>(r.integer(ed[k], Reader::idx(f + ".edges", k), 0, 0xFFFFFFFEll)));
            }
            if (const YAML::Node w = e["ways"]) {
                r.requireSeq(w, f + ".ways");
                for (std::size_t k = 0; k < w.size(); ++k)
                    c.ways.push_back(r.integer(w[k], Reader::idx(f + ".ways", k), 1, 0x7FFFFFFFFFFFFFFFll));
            }
            if (e["area"]) c.area = r.area(e["area"], f + ".area");
            if (c.edges.empty() && c.ways.empty() && !c.area) r.fail(e, f, "a closure needs edges, ways or an area");
            s.closures.push_back(std::move(c));
        } else if (type == "congestion") {
            r.checkKeys(e, f, {"type", "start", "end", "duration_min", "factor", "area"});
            CongestionSpec c;
            c.line = lineOf(e);
            c.window = r.window(e, f, s, true);
            if (!e["factor"]) r.fail(e, f, "missing factor (travel-time multiplier)");
            c.factor = r.number(e["factor"], f + ".factor", 0.1, 100);
            if (e["area"]) c.area = r.area(e["area"], f + ".area");
            s.congestion.push_back(std::move(c));
        } else if (type == "surge") {
            r.checkKeys(e, f, {"type", "name", "start", "end", "duration_min", "area", "extra_per_hour", "category"});
            SurgeSpec c;
            c.line = lineOf(e);
            c.window = r.window(e, f, s, true);
            if (e["name"]) c.name = r.text(e["name"], f + ".name");
            if (!e["area"]) r.fail(e, f, "a surge needs an area");
            c.area = r.area(e["area"], f + ".area");
            if (!e["extra_per_hour"]) r.fail(e, f, "missing extra_per_hour");
            c.extra_per_hour = r.number(e["extra_per_hour"], f + ".extra_per_hour", 0, 1e6);
            if (e["category"]) c.category = r.text(e["category"], f + ".category");
            s.surges.push_back(std::move(c));
        } else {
            r.fail(e["type"], f + ".type", "unknown event type '" + type + "' (closure, congestion, surge)");
        }
    }
}

void parseMetrics(const Reader& r, const YAML::Node& n, Scenario& s) {
    const std::string f = "metrics";
    r.checkKeys(n, f, {"standards_min", "coverage", "districts", "histogram_bin_s", "mobile_standard_h"});
    MetricsSpec& m = s.metrics;
    m.line = lineOf(n);
    if (const YAML::Node st = n["standards_min"]) {
        r.requireSeq(st, f + ".standards_min");
        m.standards_min.clear();
        for (std::size_t i = 0; i < st.size(); ++i)
            m.standards_min.push_back(r.positive(st[i], Reader::idx(f + ".standards_min", i), 1440));
        if (m.standards_min.empty()) r.fail(st, f + ".standards_min", "must not be empty");
        std::sort(m.standards_min.begin(), m.standards_min.end());
    }
    if (const YAML::Node c = n["coverage"]) {
        r.checkKeys(c, f + ".coverage", {"every_min", "limit_min", "max_points"});
        if (c["every_min"]) m.coverage_every_min = r.number(c["every_min"], f + ".coverage.every_min", 0, 1e6);
        if (c["limit_min"]) m.coverage_limit_min = r.positive(c["limit_min"], f + ".coverage.limit_min", 600);
        if (c["max_points"])
            m.coverage_max_points = static_cast<std::size_t>(r.integer(c["max_points"], f + ".coverage.max_points", 1, 100000000));
    }
    if (const YAML::Node d = n["districts"]) {
        r.checkKeys(d, f + ".districts", {"layer", "field"});
        if (d["layer"]) m.districts_layer = r.text(d["layer"], f + ".districts.layer");
        if (d["field"]) m.district_field = r.text(d["field"], f + ".districts.field");
    }
    if (n["histogram_bin_s"]) m.histogram_bin_s = r.positive(n["histogram_bin_s"], f + ".histogram_bin_s", 3600);
    if (n["mobile_standard_h"]) m.mobile_standard_h = r.positive(n["mobile_standard_h"], f + ".mobile_standard_h", 48);
}

void parseTravel(const Reader& r, const YAML::Node& n, Scenario& s) {
    const std::string f = "travel";
    r.checkKeys(n, f, {"emergency", "emergency_speed_factor", "congestion", "relax_oneway", "return_time_factor",
                       "patrol_time_factor", "max_snap_m"});
    TravelSpec& t = s.travel;
    t.line = lineOf(n);
    if (n["emergency"]) t.emergency = r.boolean(n["emergency"], f + ".emergency");
    if (n["emergency_speed_factor"])
        t.emergency_speed_factor = r.number(n["emergency_speed_factor"], f + ".emergency_speed_factor", 0.5, 3);
    if (const YAML::Node c = n["congestion"]) {
        if (c.IsSequence()) {
            t.congestion = true;
            t.congestion_factors = r.numbers<24>(c, f + ".congestion", 0.1, false);
        } else {
            t.congestion = r.boolean(c, f + ".congestion");
        }
    }
    if (n["relax_oneway"]) t.relax_oneway = r.boolean(n["relax_oneway"], f + ".relax_oneway");
    if (n["return_time_factor"]) t.return_time_factor = r.number(n["return_time_factor"], f + ".return_time_factor", 0.5, 10);
    if (n["patrol_time_factor"]) t.patrol_time_factor = r.number(n["patrol_time_factor"], f + ".patrol_time_factor", 0.5, 20);
    if (n["max_snap_m"]) t.max_snap_m = r.positive(n["max_snap_m"], f + ".max_snap_m", 1e5);
}

void parseDispatch(const Reader& r, const YAML::Node& n, Scenario& s) {
    r.requireMap(n, "dispatch");
    s.dispatch.line = lineOf(n);
    if (!n["policy"]) r.fail(n, "dispatch", "missing policy (" + joinPolicyNames() + ")");
    s.dispatch.policy = r.text(n["policy"], "dispatch.policy");
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (key == "policy") continue;
        if (!it->second.IsScalar())
            r.fail(it->second, "dispatch." + key, "policy parameters are numbers, words or true/false, got " + scalarText(it->second));
        s.dispatch.params.push_back({key, it->second.Scalar(), lineOf(it->first)});
    }
    // Validate the name and the parameters now, so a bad policy fails at load.
    try {
        (void)makeDispatchPolicy(s.dispatch);
    } catch (const PolicyError& e) {
        r.fail(e.line > 0 ? e.line : lineOf(n["policy"]), e.line > 0 ? "dispatch." + e.field : "dispatch.policy", e.what());
    }
}

void parsePeriod(const Reader& r, const YAML::Node& n, Scenario& s) {
    const std::string f = "period";
    r.checkKeys(n, f, {"start", "duration_h", "end", "drain_h"});
    if (!n["start"]) r.fail(n, f, "missing start (a date like 2025-06-06 or a date-time)");
    const std::string st = r.text(n["start"], f + ".start");
    const auto p = parseTime(st, "auto", s.utc_offset_s);
    if (!p || p->precision == TimePrecision::Month)
        r.fail(n["start"], f + ".start", "expected a date (2025-06-06) or a date-time (2025-06-06T07:00), got '" + st + "'");
    s.start_utc_s = p->utc_s;
    if (n["duration_h"] && n["end"]) r.fail(n["end"], f + ".end", "give duration_h or end, not both");
    if (n["duration_h"]) {
        s.duration = secondsToSim(3600 * r.positive(n["duration_h"], f + ".duration_h", 24 * 3660));
    } else if (n["end"]) {
        const std::string en = r.text(n["end"], f + ".end");
        const auto e = parseTime(en, "auto", s.utc_offset_s);
        if (!e || e->precision == TimePrecision::Month) r.fail(n["end"], f + ".end", "expected a date or a date-time, got '" + en + "'");
        if (!(e->utc_s > s.start_utc_s)) r.fail(n["end"], f + ".end", "must be after start");
        s.duration = (e->utc_s - s.start_utc_s) * kSecond;
    } else {
        r.fail(n, f, "missing duration_h (or end)");
    }
    if (n["drain_h"]) s.drain = secondsToSim(3600 * r.number(n["drain_h"], f + ".drain_h", 0, 24 * 30));
}

}  // namespace

const CategorySpec* Scenario::category(const std::string& n) const {
    for (const CategorySpec& c : categories)
        if (c.name == n) return &c;
    return nullptr;
}

const CategorySpec& Scenario::defaultCategory() const {
    static const CategorySpec builtin = [] {
        CategorySpec c;
        c.name = "default";
        c.on_scene = Distribution::lognormalMedianSigma(25 * 60, 0.6);
        c.units = 1;
        return c;
    }();
    if (!categories.empty() && categories.front().name == "default") return categories.front();
    return builtin;
}

void addPlanPosts(Scenario& s, const place::Plan& plan, const std::string& home, int units_per_post, int line) {
    for (const place::PlanPost& post : plan.posts) {
        BaseSpec b;
        b.kind = UnitKind::Forward;
        b.id = post.id;
        b.name = post.name.empty() ? post.id : post.name;
        b.at.kind = PlaceSpec::Kind::LonLat;
        b.at.a = post.lon;
        b.at.b = post.lat;
        b.at.line = b.line = line;
        b.units = units_per_post > 0 ? units_per_post : plan.units_per_post;
        b.schedule = plan.schedule(post);
        for (int& h : b.schedule) h = h ? b.units : 0;
        if (std::all_of(b.schedule.begin(), b.schedule.end(), [](int h) { return h == 0; })) continue;  // staffed in no window
        b.home = home;
        s.bases.push_back(std::move(b));
    }
}

std::size_t Scenario::unitCount() const {
    std::size_t n = 0;
    for (const BaseSpec& b : bases) n += static_cast<std::size_t>(b.units);
    for (const PatrolSpec& p : patrols) n += static_cast<std::size_t>(p.units);
    return n;
}

Scenario parseScenario(const std::string& text, const std::string& path, const std::string& data_dir) {
    Reader r(path, data_dir);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        r.fail(e.mark.line >= 0 ? e.mark.line + 1 : 0, "", "YAML syntax error: " + e.msg);
    }
    if (!root.IsMap()) r.fail(root, "", "a scenario is a YAML mapping (name:, map:, period:, forces:, ...)");
    r.checkKeys(root, "", {"name", "name_en", "description", "map", "period", "utc_offset_h", "seed", "travel", "forces",
                           "incidents", "categories", "dispatch", "events", "metrics"});
    Scenario s;
    s.path = path;
    s.text = text;
    s.name = root["name"] ? r.text(root["name"], "name") : std::filesystem::path(path).stem().string();
    if (root["name_en"]) s.name_en = r.text(root["name_en"], "name_en");
    if (root["description"]) s.description = r.text(root["description"], "description", true);
    if (!root["map"]) r.fail(root, "", "missing map (a name in maps/ such as futian, or a manifest path)");
    s.map = r.text(root["map"], "map");
    if (root["utc_offset_h"]) s.utc_offset_s = static_cast<std::int64_t>(std::llround(3600 * r.number(root["utc_offset_h"], "utc_offset_h", -14, 14)));
    if (root["seed"]) s.seed = static_cast<std::uint64_t>(r.integer(root["seed"], "seed", 0, 0x7FFFFFFFFFFFFFFFll));
    if (!root["period"]) r.fail(root, "", "missing period (start, duration_h)");
    parsePeriod(r, root["period"], s);
    if (root["travel"]) parseTravel(r, root["travel"], s);
    if (!root["forces"]) r.fail(root, "", "missing forces");
    parseForces(r, root["forces"], s);
    if (!root["incidents"]) r.fail(root, "", "missing incidents (synthetic, file or poisson)");
    parseIncidents(r, root["incidents"], s);
    if (!s.incidents.synthetic && !s.incidents.file && s.incidents.poisson.empty())
        r.fail(root["incidents"], "incidents", "needs at least one stream: synthetic, file or poisson");
    if (root["categories"]) parseCategories(r, root["categories"], s);
    if (root["dispatch"]) parseDispatch(r, root["dispatch"], s);
    if (root["events"]) parseEvents(r, root["events"], s);
    if (root["metrics"]) parseMetrics(r, root["metrics"], s);

    // Cross-checks.
    std::map<std::string, int> ids;
    auto addId = [&](const std::string& id, int line, const std::string& field) {
        if (auto [it, fresh] = ids.emplace(id, line); !fresh)
            r.fail(line, field, "id '" + id + "' is used twice (first on line " + std::to_string(it->second) + ")");
    };
    for (const BaseSpec& b : s.bases) addId(b.id, b.line, std::string("forces.") + baseListName(b.kind));
    for (const PatrolSpec& p : s.patrols) addId(p.id, p.line, "forces.patrols");
    for (const BaseSpec& b : s.bases) {
        if (b.kind != UnitKind::Forward || b.home.empty()) continue;
        const auto it = std::find_if(s.bases.begin(), s.bases.end(), [&](const BaseSpec& o) { return o.id == b.home; });
        if (it == s.bases.end() || (it->kind != UnitKind::Station && it->kind != UnitKind::Post))
            r.fail(b.line, "forces.forward_posts", "home '" + b.home + "' is not the id of a station or post");
    }
    if (s.unitCount() == 0) r.fail(root["forces"], "forces", "no units (give stations, posts, patrols, ... with units ≥ 1)");
    for (const SurgeSpec& g : s.surges)
        if (g.window.start >= s.duration) r.fail(g.line, "events", "the surge starts after the simulated period");
    return s;
}

Scenario readScenario(const std::string& path, const std::string& data_dir) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "cannot open the scenario file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseScenario(ss.str(), path, data_dir);
}

}  // namespace jingwei::sim
