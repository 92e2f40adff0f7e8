// The scenario player panel's frame logic without ImGui: it replays the
// runner's snapshots as they come, starts at --at once simulated that far,
// plays at its speed, and what the overlays show is the playback's state.
#include <gtest/gtest.h>

#include "../sim/sim_scenarios.h"
#include "../sim/sim_test_support.h"
#include "ui/sim_panel.h"

using namespace jingwei;
using namespace jingwei::sim;

TEST(SimPanel, ReplaysTheRunAsItIsPublished) {
    const Scenario s = parseScenario(sim::test::kBusySynthetic, "busy.yaml");
    const MapModel& map = sim::test::syntheticMap();
    EngineOptions o;
    o.seed = 21;
    auto run = sim::test::runScenario(s, map, o, false);
    SimPanelOptions po;
    po.start_at = 3 * kHour;
    po.play = true;
    po.speed = 600;
    po.runner.slice_events = 40;
    po.runner.min_publish_s = 0;
    SimPanel panel(s, std::move(run.engine), po);
    EXPECT_EQ(panel.playback().time(), 0);
    panel.start();
    double wall = 10;
    // Until the run has reached 3 h the player waits at 0; then it jumps there and plays.
    // (The wall clock stands still here, so playing does not move the time.)
    std::size_t frames = 0;
    while (panel.runner().running()) {
        panel.tick(wall);
        ++frames;
        if (panel.record()->end < 3 * kHour) {
            EXPECT_EQ(panel.playback().time(), 0);
        } else {
            EXPECT_EQ(panel.playback().time(), 3 * kHour);
        }
    }
    EXPECT_GT(frames, 0u);
    panel.runner().wait();
    panel.tick(wall);
    ASSERT_TRUE(panel.record()->finished);
    EXPECT_EQ(panel.playback().time(), 3 * kHour);
    EXPECT_TRUE(panel.playback().playing());
    // 0.5 s of wall time at 600×: five minutes.
    panel.tick(wall + 0.5);
    EXPECT_EQ(panel.playback().time(), 3 * kHour + 5 * kMinute);
    const SimView& v = panel.layers().symbols().view();
    EXPECT_EQ(v.t, panel.playback().time());
    ASSERT_EQ(v.units.size(), panel.record()->units.size());
    const Replay fresh(panel.runner().snapshot());
    const SimState st = fresh.stateAt(v.t);
    for (std::size_t u = 0; u < v.units.size(); ++u) {
        EXPECT_EQ(v.units[u].status, st.units[u].status);
        EXPECT_EQ(v.units[u].pos.x, st.units[u].pos.x);
    }
    EXPECT_EQ(panel.metrics().t, v.t);
    // The rings follow the idle units once the throttle allows (paused: the
    // time stays; a late wall time lets the follower recompute).
    panel.playback().pause();
    panel.tick(wall + 100);
    EXPECT_EQ(panel.playback().time(), v.t);
    EXPECT_FALSE(panel.layers().follower().pending());
    std::size_t idle = 0;
    for (const auto& u : st.units) idle += u.status == UnitStatus::Idle;
    EXPECT_EQ(panel.layers().follower().units().size(), idle);
    // Selecting a unit marks it on the map.
    panel.selectUnit(UnitIndex(1));
    panel.tick(wall + 101);
    EXPECT_TRUE(panel.layers().symbols().view().units[1].selected);
}
