// Scenarios that load a plan (forces.plan): the plan's staffed posts become
// 前置屯警 posts on the plan's hour windows, and the engine runs them.
#include <gtest/gtest.h>

#include "../network/coverage_test_support.h"
#include "core/error.h"
#include "place/plan.h"
#include "sim/engine.h"
#include "sim/metrics.h"
#include "sim/scenario.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {

const char* kPlan = R"(format: jingwei-plan/1
objective: mclp
minutes: 3
units_per_post: 2
windows:
  - {name: 晚高峰, hours: "17-20", k: 2}
  - {name: 夜间, hours: "22-02", k: 1}
posts:
  - {id: QZ1, name: 红荔路口, at: [114.0200, 22.5380], windows: [晚高峰]}
  - {id: QZ2, at: [114.0300, 22.5300], locked: true, windows: [晚高峰, 夜间]}
  - {id: QZ3, at: [114.0100, 22.5300], windows: []}
)";

std::string scenario(const std::string& plan_key) {
    return R"(name: plan test
map: futian
period: {start: 2025-06-06, duration_h: 24, drain_h: 1}
forces:
  stations: [{id: XMH, at: [114.0265, 22.5430], units: 2}]
  )" + plan_key + R"(
incidents:
  synthetic: {per_day: 200}
)";
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(ScenarioPlan, StaffedPostsBecomeForwardPostsOnThePlansHours) {
    ScratchDir dir;
    dir.write("plan.yaml", kPlan);
    const sim::Scenario s = sim::parseScenario(scenario("plan: {path: plan.yaml, home: XMH}"), dir.file("s.yaml"), "");
    ASSERT_EQ(s.bases.size(), 3u) << "the station and the two staffed posts (QZ3 is staffed in no window)";
    const sim::BaseSpec& a = s.bases[1];
    const sim::BaseSpec& b = s.bases[2];
    EXPECT_EQ(a.id, "QZ1");
    EXPECT_EQ(a.name, "红荔路口");
    EXPECT_EQ(a.kind, sim::UnitKind::Forward);
    EXPECT_EQ(a.units, 2);
    EXPECT_EQ(a.home, "XMH");
    EXPECT_EQ(a.at.a, 114.02);
    EXPECT_EQ(b.id, "QZ2");
    for (int h = 0; h < 24; ++h) {
        EXPECT_EQ(a.schedule[static_cast<std::size_t>(h)], h >= 17 && h < 20 ? 2 : 0) << h;
        EXPECT_EQ(b.schedule[static_cast<std::size_t>(h)], (h >= 17 && h < 20) || h >= 22 || h < 2 ? 2 : 0) << h;
    }
    // A path alone, and units_per_post overriding the plan's.
    const sim::Scenario t = sim::parseScenario(scenario("plan: {path: plan.yaml, units_per_post: 1}"), dir.file("s.yaml"), "");
    EXPECT_EQ(t.bases[1].units, 1);
    EXPECT_EQ(t.bases[1].schedule[18], 1);
    EXPECT_EQ(sim::parseScenario(scenario("plan: plan.yaml"), dir.file("s.yaml"), "").bases.size(), 3u);
}

TEST(ScenarioPlan, ErrorsNameThePlanOrTheScenario) {
    ScratchDir dir;
    std::string bad = kPlan;
    bad.replace(bad.find("k: 1}"), 5, "k: 5}");
    dir.write("bad.yaml", bad);
    dir.write("plan.yaml", kPlan);
    const std::string s = dir.file("s.yaml");
    std::string m = errorOf([&] { sim::parseScenario(scenario("plan: bad.yaml"), s, ""); });
    EXPECT_NE(m.find(dir.file("bad.yaml") + ": line 7: windows: '夜间' has k = 5 but 1 posts are staffed in it"), std::string::npos) << m;
    m = errorOf([&] { sim::parseScenario(scenario("plan: none.yaml"), s, ""); });
    EXPECT_NE(m.find("none.yaml: cannot open the plan file"), std::string::npos) << m;
    m = errorOf([&] { sim::parseScenario(scenario("plan: {file: plan.yaml}"), s, ""); });
    EXPECT_NE(m.find("line 6: forces.plan.file: unknown key"), std::string::npos) << m;
    m = errorOf([&] { sim::parseScenario(scenario("plan: {path: plan.yaml, home: NOPE}"), s, ""); });
    EXPECT_NE(m.find("home 'NOPE' is not the id of a station or post"), std::string::npos) << m;
    std::string clash = kPlan;
    clash.replace(clash.find("id: QZ1"), 7, "id: XMH");
    dir.write("clash.yaml", clash);
    m = errorOf([&] { sim::parseScenario(scenario("plan: clash.yaml"), s, ""); });
    EXPECT_NE(m.find("id 'XMH' is used twice"), std::string::npos) << m;
}

TEST(ScenarioPlan, TheEngineStaffsThePostsOnSchedule) {
    JINGWEI_REQUIRE_DATA(jingwei::test::kFutian);
    ScratchDir dir;
    dir.write("plan.yaml", kPlan);
    const sim::Scenario s = sim::parseScenario(scenario("plan: {path: plan.yaml, home: XMH}"), dir.file("s.yaml"),
                                               jingwei::test::dataDir());
    const MapModel& map = jingwei::test::futianMap();
    auto net = std::make_shared<sim::SimNetwork>(map.roads, sim::travelModelFor(s, map));
    sim::EngineOptions eo;
    eo.seed = 3;
    sim::Engine engine(s, map, net, eo);
    engine.run();
    const sim::RunRecord& rec = *engine.record();
    int plan_units = 0;
    for (const sim::UnitInfo& u : rec.units)
        if (u.kind == sim::UnitKind::Forward) {
            ++plan_units;
            EXPECT_TRUE(u.group == "QZ1" || u.group == "QZ2") << u.group;
        }
    EXPECT_EQ(plan_units, 4);
    int shift_on = 0;
    for (const sim::EventRecord& e : rec.events)
        if (e.type == sim::EventType::ShiftOn) ++shift_on;
    EXPECT_GE(shift_on, 4) << "QZ1's two units at 17:00, QZ2's at 17:00 and 22:00";
}
