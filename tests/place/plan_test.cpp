// Plan files: YAML and GeoJSON round trips, and strict errors that name the
// file, the line (or feature) and the field.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "place/plan.h"
#include "../test_support.h"

using namespace jingwei;
using namespace jingwei::place;
using jingwei::test::ScratchDir;

namespace {

Plan samplePlan() {
    Plan p;
    p.name = "福田 晚高峰 \"试点\"";
    p.map = "futian";
    p.objective = ObjectiveKind::DoubleCoverage;
    p.minutes = 1;
    p.backup_minutes = 3;
    p.backup_weight = 0.5;
    p.demand = "synthetic:20000 seed 7, hours 17-20";
    p.units_per_post = 2;
    p.windows = {{"早高峰", 7, 9, 2, 1.55, 0}, {"晚高峰", 17, 20, 3, 1.6, 0}, {"夜间", 22, 6, 1, 1, 0}};
    p.posts = {{"X101", "路口 101", 114.0234567, 22.5432109, true, "intersection", {"早高峰", "晚高峰", "夜间"}, 0},
               {"S1", "香蜜湖派出所", 114.0265, 22.543, false, "station", {"晚高峰"}, 0},
               {"U7", "", 114.0101, 22.5301, false, "user", {"早高峰", "晚高峰"}, 0},
               {"X9", "路口 9", 114.03, 22.52, false, "intersection", {}, 0}};
    PlanScoreRow r;
    r.window = "晚高峰";
    r.solver = "cbc";
    r.status = "optimal";
    r.objective = 1234.5;
    r.bound = 1234.5;
    r.gap = 0;
    r.covered = 0.8125;
    r.backup = 0.25;
    r.reached = 0.99;
    r.mean_s = 95.25;
    r.p90_s = 170.125;
    r.seconds = 0.75;
    p.scores.push_back(r);
    r.window = "夜间";
    r.solver = "heuristic";
    r.status = "feasible";
    r.bound = std::numeric_limits<double>::quiet_NaN();
    r.gap = std::numeric_limits<double>::quiet_NaN();
    r.p90_s = std::numeric_limits<double>::infinity();
    p.scores.push_back(r);
    return p;
}

void expectSamePlan(const Plan& a, const Plan& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.map, b.map);
    EXPECT_EQ(a.objective, b.objective);
    EXPECT_EQ(a.minutes, b.minutes);
    EXPECT_EQ(a.backup_minutes, b.backup_minutes);
    EXPECT_EQ(a.backup_weight, b.backup_weight);
    EXPECT_EQ(a.demand, b.demand);
    EXPECT_EQ(a.units_per_post, b.units_per_post);
    ASSERT_EQ(a.windows.size(), b.windows.size());
    for (std::size_t q = 0; q < a.windows.size(); ++q) {
        EXPECT_EQ(a.windows[q].name, b.windows[q].name);
        EXPECT_EQ(a.windows[q].start_h, b.windows[q].start_h);
        EXPECT_EQ(a.windows[q].end_h, b.windows[q].end_h);
        EXPECT_EQ(a.windows[q].k, b.windows[q].k);
        EXPECT_EQ(a.windows[q].congestion, b.windows[q].congestion);
    }
    ASSERT_EQ(a.posts.size(), b.posts.size());
    for (std::size_t q = 0; q < a.posts.size(); ++q) {
        EXPECT_EQ(a.posts[q].id, b.posts[q].id);
        EXPECT_EQ(a.posts[q].name, b.posts[q].name);
        EXPECT_EQ(a.posts[q].lon, b.posts[q].lon);
        EXPECT_EQ(a.posts[q].lat, b.posts[q].lat);
        EXPECT_EQ(a.posts[q].locked, b.posts[q].locked);
        EXPECT_EQ(a.posts[q].source, b.posts[q].source);
        EXPECT_EQ(a.posts[q].windows, b.posts[q].windows);
    }
    ASSERT_EQ(a.scores.size(), b.scores.size());
    for (std::size_t q = 0; q < a.scores.size(); ++q) {
        const PlanScoreRow &x = a.scores[q], &y = b.scores[q];
        EXPECT_EQ(x.window, y.window);
        EXPECT_EQ(x.solver, y.solver);
        EXPECT_EQ(x.status, y.status);
        EXPECT_EQ(x.objective, y.objective);
        EXPECT_EQ(std::isnan(x.bound), std::isnan(y.bound));
        if (!std::isnan(x.bound)) {
            EXPECT_EQ(x.bound, y.bound);
        }
        EXPECT_EQ(std::isnan(x.gap), std::isnan(y.gap));
        EXPECT_EQ(x.covered, y.covered);
        EXPECT_EQ(x.backup, y.backup);
        EXPECT_EQ(x.mean_s, y.mean_s);
        EXPECT_EQ(x.p90_s, y.p90_s);
        EXPECT_EQ(x.seconds, y.seconds);
    }
}

std::string errorOf(const std::string& path) {
    try {
        readPlan(path);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

const char* kGood = R"(format: jingwei-plan/1
objective: mclp
minutes: 3
windows:
  - {name: 晚高峰, hours: "17-20", k: 2}
  - {name: 夜间, hours: "22-06", k: 1}
posts:
  - {id: A, at: [114.02, 22.54], locked: true, windows: [晚高峰, 夜间]}
  - {id: B, at: [114.03, 22.53], windows: [晚高峰]}
)";

}  // namespace

TEST(PlacePlan, YamlRoundTrip) {
    ScratchDir dir;
    const Plan p = samplePlan();
    writePlan(p, dir.file("plan.yaml"));
    const Plan q = readPlan(dir.file("plan.yaml"));
    expectSamePlan(p, q);
    EXPECT_EQ(planToYaml(q), planToYaml(p)) << "writing what was read gives the same text";
    EXPECT_FALSE(std::filesystem::exists(dir.file("plan.tmp-" + std::to_string(::getpid()) + ".yaml")));
}

TEST(PlacePlan, GeoJsonRoundTrip) {
    ScratchDir dir;
    const Plan p = samplePlan();
    writePlan(p, dir.file("plan.geojson"));
    const Plan q = readPlan(dir.file("plan.geojson"));
    expectSamePlan(p, q);
    // And on to YAML: the same plan.
    writePlan(q, dir.file("again.yaml"));
    expectSamePlan(p, readPlan(dir.file("again.yaml")));
}

TEST(PlacePlan, ScheduleFollowsTheWindows) {
    const Plan p = samplePlan();
    const auto s = p.schedule(p.posts[0]);  // all three windows, 2 units per post
    for (int h = 0; h < 24; ++h) {
        const bool on = (h >= 7 && h < 9) || (h >= 17 && h < 20) || h >= 22 || h < 6;
        EXPECT_EQ(s[static_cast<std::size_t>(h)], on ? 2 : 0) << "hour " << h;
    }
    const auto none = p.schedule(p.posts[3]);
    for (int v : none) EXPECT_EQ(v, 0);
    int a = 0, b = 0;
    EXPECT_TRUE(parseWindowHours("00-24", &a, &b));
    EXPECT_FALSE(parseWindowHours("07-07", &a, &b));
    EXPECT_FALSE(parseWindowHours("7:00-9", &a, &b));
    EXPECT_FALSE(parseWindowHours("24-02", &a, &b));
}

TEST(PlacePlan, GoodFileReads) {
    ScratchDir dir;
    const Plan p = readPlan(dir.write("p.yaml", kGood));
    ASSERT_EQ(p.posts.size(), 2u);
    EXPECT_TRUE(p.posts[0].locked);
    EXPECT_EQ(p.windows[1].start_h, 22);
    EXPECT_EQ(p.windows[1].end_h, 6);
    EXPECT_EQ(p.posts[1].line, 9);
}

TEST(PlacePlan, MalformedYamlNamesFileLineAndField) {
    ScratchDir dir;
    const std::string good = kGood;
    auto with = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto at = s.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return s.replace(at, from.size(), to);
    };
    const struct {
        std::string text, expect;
    } cases[] = {
        {with("minutes: 3", "minutes: three"), "line 3: minutes: expected a number, got 'three'"},
        {with("minutes: 3", "minutes: 3\nminutes: 4"), "line 4: minutes: given twice"},
        {with("objective: mclp", "objective: mclp\ncolour: red"), "line 3: colour: unknown key"},
        {with("objective: mclp", "objective: best"), "line 2: objective: expected mclp, lscp, pmedian or double"},
        {with("format: jingwei-plan/1\n", ""), "missing format"},
        {with("\"17-20\"", "\"17:20\""), "line 5: windows[0].hours: expected hours like"},
        {with("\"22-06\"", "\"19-23\""), "line 6: windows: '晚高峰' and '夜间' overlap at hour 19"},
        {with("k: 2}", "k: 3}"), "line 5: windows: '晚高峰' has k = 3 but 2 posts are staffed in it"},
        {with("windows: [晚高峰]}", "windows: [早高峰]}"), "line 9: posts: B: no window named '早高峰'"},
        {with("locked: true, windows: [晚高峰, 夜间]", "locked: true, windows: [晚高峰]"),
         "line 8: posts: A is locked, so it must be staffed in every window"},
        {with("[114.03, 22.53]", "[214.03, 22.53]"), "line 9: posts[1].at[0]: must be between -180 and 180, got 214.03"},
        {with("{id: B,", "{id: A,"), "line 9: posts: id 'A' is used twice"},
        {with("locked: true", "locked: yes please"), "line 8: posts[0].locked: expected true or false"},
        {with("  - {id: B", "  - {id: B, at: [1, 2]"), "line 9: posts[1].at: given twice"},
        {with("windows:\n", "windows: [\n"), "YAML syntax error"},
        {"- just\n- a list\n", "a plan is a YAML mapping"},
    };
    for (const auto& c : cases) {
        const std::string path = dir.write("bad.yaml", c.text);
        const std::string msg = errorOf(path);
        EXPECT_NE(msg.find(path), std::string::npos) << msg;
        EXPECT_NE(msg.find(c.expect), std::string::npos) << "expected: " << c.expect << "\n     got: " << msg;
    }
    EXPECT_NE(errorOf(dir.file("missing.yaml")).find("cannot open the plan file"), std::string::npos);
}

TEST(PlacePlan, MalformedGeoJsonNamesTheFeature) {
    ScratchDir dir;
    const char* no_head = R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [114.0, 22.5]}, "properties": {"id": "A"}}]})";
    EXPECT_NE(errorOf(dir.write("a.geojson", no_head)).find("no feature of kind 'plan'"), std::string::npos);
    const char* bad_post = R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": null, "properties": {"kind": "plan", "format": "jingwei-plan/1", "objective": "mclp",
       "minutes": 3, "plan_windows": [{"name": "全天", "hours": "00-24", "k": 1}]}},
      {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[114.0, 22.5], [114.1, 22.5]]},
       "properties": {"kind": "post", "id": "A", "windows": ["全天"]}}]})";
    const std::string m = errorOf(dir.write("b.geojson", bad_post));
    EXPECT_NE(m.find("feature 2: a post needs a Point geometry"), std::string::npos) << m;
    const char* bad_window = R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": null, "properties": {"kind": "plan", "format": "jingwei-plan/1", "objective": "mclp",
       "minutes": 3, "plan_windows": [{"name": "全天", "hours": "00-25", "k": 1}]}}]})";
    const std::string w = errorOf(dir.write("c.geojson", bad_window));
    EXPECT_NE(w.find("feature 1 plan_windows"), std::string::npos) << w;
    EXPECT_NE(w.find("windows[0].hours"), std::string::npos) << w;
}

TEST(PlacePlan, FailedWriteLeavesNothing) {
    ScratchDir dir;
    EXPECT_THROW(writePlan(samplePlan(), dir.file("no/such/dir/plan.yaml")), Error);
    EXPECT_THROW(writePlan(samplePlan(), dir.file("no/such/dir/plan.geojson")), Error);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}
