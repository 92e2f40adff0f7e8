// Exact timelines on hand-made tiny graphs: pre-emption, several units per
// call, 应急机动 reinforcement with mobilisation, 前置屯警 shifts, closures,
// off-network calls and queues. Roads are 1000 m at 36 km/h (100 s), no
// lights and siren, no congestion; trips back take 1.2 × as long.
#include <gtest/gtest.h>

#include <fstream>

#include "sim/replay.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;
using jingwei::test::ScratchDir;
using sim::test::TinyEdge;

namespace {

struct Ev {
    double t_s;
    EventType type;
    std::uint32_t unit, incident;
    std::uint32_t aux = 0;
};

// Where RoadData node i is (graph node ids are the network's own order).
XY roadXY(const SimNetwork& net, std::uint32_t road_node) { return net.nodeXY(net.nodeOfRoadNode(road_node)); }

std::string show(const EventRecord& e) {
    return std::to_string(simToSeconds(e.t)) + " " + std::string(eventTypeKey(e.type)) + " u" +
           (e.unit == kNone ? std::string("-") : std::to_string(e.unit)) + " i" +
           (e.incident == kNone ? std::string("-") : std::to_string(e.incident)) + " aux " + std::to_string(e.aux);
}

void expectEvents(const RunRecord& r, const std::vector<Ev>& want, bool check_aux = true) {
    std::string all;
    for (const EventRecord& e : r.events) all += show(e) + "\n";
    ASSERT_EQ(r.events.size(), want.size()) << all;
    for (std::size_t k = 0; k < want.size(); ++k) {
        const EventRecord& e = r.events[k];
        EXPECT_EQ(e.t, secondsToSim(want[k].t_s)) << "event " << k << "\n" << all;
        EXPECT_EQ(e.type, want[k].type) << "event " << k << "\n" << all;
        EXPECT_EQ(e.unit, want[k].unit) << "event " << k << "\n" << all;
        EXPECT_EQ(e.incident, want[k].incident) << "event " << k << "\n" << all;
        if (check_aux) {
            EXPECT_EQ(e.aux, want[k].aux) << "event " << k << "\n" << all;
        }
    }
}

const char* kHeader =
    "map: tiny\n"
    "period: {start: 2025-01-01T00:00+08:00, duration_h: 2, drain_h: 2}\n"
    "travel: {emergency: false, congestion: false, return_time_factor: 1.2}\n"
    "metrics: {coverage: {every_min: 0}}\n";

// A line 0 — 1 — 2 — 3, 100 s per road.
MapModel lineMap() {
    return sim::test::tinyMap({{0, 0}, {1, 0}, {2, 0}, {3, 0}},
                              {{0, 1, 1000, 36}, {1, 2, 1000, 36}, {2, 3, 1000, 36}});
}

Scenario scenarioWithCalls(const ScratchDir& dir, const std::string& body, const std::string& csv_rows) {
    dir.write("calls.csv", "id,time,category,priority,lon,lat\n" + csv_rows);
    const std::string path = dir.write("s.yaml", std::string(kHeader) + body + "incidents:\n  file: {path: calls.csv}\n");
    return readScenario(path);
}

std::string row(const std::string& id, const std::string& hms, const std::string& cat, int prio, const MapModel& m,
                std::uint32_t node) {
    return id + ",2025-01-01T" + hms + "+08:00," + cat + "," + std::to_string(prio) + "," + sim::test::lonLatOf(m, node) + "\n";
}

}  // namespace

TEST(EngineTimeline, PriorityOneCallPreemptsAUnitOnItsWay) {
    ScratchDir dir;
    const MapModel map = lineMap();
    const Scenario s = scenarioWithCalls(dir,
                                         "forces:\n  stations: [{id: S, node: 0}]\n"
                                         "categories:\n  default: {on_scene: {dist: fixed, minutes: 10}}\n"
                                         "dispatch: {policy: priority, preempt_priority: 1}\n",
                                         row("A", "00:00:00", "求助", 4, map, 3) + row("B", "00:02:30", "抢劫", 1, map, 1));
    auto run = sim::test::runScenario(s, map);
    const RunRecord& r = run.record();
    expectEvents(r, {
                        {0, EventType::Call, kNone, 0},
                        {0, EventType::Dispatch, 0, 0, 300},
                        {150, EventType::Call, kNone, 1},
                        {150, EventType::Preempt, 0, 0, 1},  // A loses the unit to B
                        {150, EventType::Dispatch, 0, 1, 150},  // finish the road to node 2, then back to node 1
                        {300, EventType::ArriveScene, 0, 1},
                        {900, EventType::Clear, kNone, 1},
                        {900, EventType::Dispatch, 0, 0, 200},  // A is served from B's scene
                        {1100, EventType::ArriveScene, 0, 0},
                        {1700, EventType::Clear, kNone, 0},
                        {1700, EventType::Return, 0, kNone},
                        {2060, EventType::AtPost, 0, kNone},  // 300 s × 1.2
                    });
    const IncidentRecord& a = r.incidents[0];
    const IncidentRecord& b = r.incidents[1];
    EXPECT_EQ(a.response(), 1100 * kSecond);
    EXPECT_EQ(a.wait(), 0);
    EXPECT_EQ(a.preempted, 1);
    EXPECT_EQ(b.response(), 150 * kSecond);
    EXPECT_EQ(run.engine->stats().preemptions, 1u);

    // Where the unit was: on the road, turned round at node 2.
    const Replay replay(run.engine->record());
    const XY n1 = roadXY(*run.net, 1), n2 = roadXY(*run.net, 2);
    auto near = [](XY p, XY q) { return std::hypot(p.x - q.x, p.y - q.y) < 0.01; };
    EXPECT_TRUE(near(replay.unitAt(0, 100 * kSecond).pos, n1));
    EXPECT_TRUE(near(replay.unitAt(0, 150 * kSecond).pos, {(n1.x + n2.x) / 2, (n1.y + n2.y) / 2}));
    EXPECT_TRUE(near(replay.unitAt(0, 200 * kSecond).pos, n2));
    EXPECT_TRUE(near(replay.unitAt(0, 250 * kSecond).pos, {(n1.x + n2.x) / 2, (n1.y + n2.y) / 2}));
    EXPECT_EQ(replay.unitAt(0, 149 * kSecond).incident, 0u);
    EXPECT_EQ(replay.unitAt(0, 151 * kSecond).incident, 1u);
    EXPECT_EQ(replay.unitAt(0, 500 * kSecond).status, UnitStatus::OnScene);
    EXPECT_EQ(replay.unitAt(0, 1800 * kSecond).status, UnitStatus::Returning);
    EXPECT_EQ(replay.unitAt(0, 2100 * kSecond).status, UnitStatus::Idle);
    EXPECT_EQ(replay.incidentPhaseAt(0, 200 * kSecond), IncidentPhase::Assigned);
    EXPECT_EQ(replay.incidentPhaseAt(1, 400 * kSecond), IncidentPhase::OnScene);
    EXPECT_EQ(replay.incidentPhaseAt(1, 950 * kSecond), IncidentPhase::Closed);
}

TEST(EngineTimeline, WithoutPreemptionTheSecondCallWaits) {
    ScratchDir dir;
    const MapModel map = lineMap();
    const Scenario s = scenarioWithCalls(dir,
                                         "forces:\n  stations: [{id: S, node: 0}]\n"
                                         "categories:\n  default: {on_scene: {dist: fixed, minutes: 10}}\n"
                                         "dispatch: {policy: nearest}\n",
                                         row("A", "00:00:00", "求助", 4, map, 3) + row("B", "00:02:30", "抢劫", 1, map, 1));
    auto run = sim::test::runScenario(s, map);
    const RunRecord& r = run.record();
    expectEvents(r, {
                        {0, EventType::Call, kNone, 0},
                        {0, EventType::Dispatch, 0, 0, 300},
                        {150, EventType::Call, kNone, 1},
                        {150, EventType::Queued, kNone, 1},
                        {300, EventType::ArriveScene, 0, 0},
                        {900, EventType::Clear, kNone, 0},
                        {900, EventType::Dispatch, 0, 1, 200},
                        {1100, EventType::ArriveScene, 0, 1},
                        {1700, EventType::Clear, kNone, 1},
                        {1700, EventType::Return, 0, kNone},
                        {1820, EventType::AtPost, 0, kNone},
                    });
    EXPECT_EQ(r.incidents[1].wait(), 750 * kSecond);
    EXPECT_EQ(r.incidents[1].response(), 950 * kSecond);
    EXPECT_EQ(r.queue_max, 1u);
    EXPECT_DOUBLE_EQ(r.queue_area, 750.0 * 1000);
}

TEST(EngineTimeline, SeveralUnitsAndMobileReinforcementWithMobilisation) {
    ScratchDir dir;
    // A star: the scene (0) with stations 100, 200 and 300 s away and an
    // 应急机动 base 100 s away (5 min to mobilise).
    const MapModel map = sim::test::tinyMap({{0, 0}, {1, 0}, {0, 2}, {-3, 0}, {0, -1}},
                                            {{0, 1, 1000, 36}, {0, 2, 2000, 36}, {0, 3, 3000, 36}, {0, 4, 1000, 36}});
    const Scenario s = scenarioWithCalls(dir,
                                         "forces:\n"
                                         "  stations: [{id: S1, node: 1}, {id: S2, node: 2}, {id: S3, node: 3}]\n"
                                         "  mobile: [{id: M, node: 4, mobilisation_min: 5}]\n"
                                         "categories:\n"
                                         "  default: {on_scene: {dist: fixed, minutes: 10}}\n"
                                         "  斗殴: {units: 2, reinforce: 1}\n"
                                         "dispatch: {policy: nearest}\n",
                                         row("X", "00:00:00", "斗殴", 2, map, 0) + row("Y", "00:01:00", "求助", 4, map, 0));
    auto run = sim::test::runScenario(s, map);
    const RunRecord& r = run.record();
    expectEvents(r, {
                        {0, EventType::Call, kNone, 0},
                        {0, EventType::Dispatch, 0, 0, 100},
                        {0, EventType::Dispatch, 1, 0, 200},
                        {0, EventType::Dispatch, 3, 0, 400},  // 5 min mobilising + 100 s
                        {60, EventType::Call, kNone, 1},
                        {60, EventType::Dispatch, 2, 1, 300},
                        {100, EventType::ArriveScene, 0, 0},
                        {200, EventType::ArriveScene, 1, 0},
                        {360, EventType::ArriveScene, 2, 1},
                        {400, EventType::ArriveScene, 3, 0},
                        {700, EventType::Clear, kNone, 0},
                        {700, EventType::Return, 0, kNone},
                        {700, EventType::Return, 1, kNone},
                        {700, EventType::Return, 3, kNone},
                        {820, EventType::AtPost, 0, kNone},
                        {820, EventType::AtPost, 3, kNone},
                        {940, EventType::AtPost, 1, kNone},
                        {960, EventType::Clear, kNone, 1},
                        {960, EventType::Return, 2, kNone},
                        {1320, EventType::AtPost, 2, kNone},
                    });
    const IncidentRecord& x = r.incidents[0];
    EXPECT_EQ(x.response(), 100 * kSecond);
    EXPECT_EQ(x.all_arrived, 400 * kSecond);
    EXPECT_EQ(x.units_sent, 3);
    EXPECT_EQ(x.units_arrived, 3);
    EXPECT_EQ(x.first_unit, 0u);
    // The mobile unit stands at its base while mobilising.
    const Replay replay(run.engine->record());
    const UnitState m = replay.unitAt(3, 200 * kSecond);
    EXPECT_EQ(m.status, UnitStatus::EnRoute);
    EXPECT_TRUE(m.mobilising);
    EXPECT_LT(std::hypot(m.pos.x - roadXY(*run.net, 4).x, m.pos.y - roadXY(*run.net, 4).y), 0.01);
    EXPECT_FALSE(replay.unitAt(3, 350 * kSecond).mobilising);
}

TEST(EngineTimeline, ForwardPostShiftsFollowTheSchedule) {
    ScratchDir dir;
    const MapModel map = lineMap();
    const std::string path = dir.write("s.yaml", std::string(kHeader) +
                                                     "forces:\n"
                                                     "  stations: [{id: S, node: 0}]\n"
                                                     "  forward_posts: [{id: F, node: 2, home: S, units: 1, schedule: {\"01-02\": 1}}]\n"
                                                     "incidents:\n  poisson: {rate_per_hour: 0, nodes: [3]}\n"
                                                     "dispatch: {policy: nearest}\n");
    Scenario s = readScenario(path);
    s.duration = 3 * kHour;
    auto run = sim::test::runScenario(s, map);
    const RunRecord& r = run.record();
    expectEvents(r, {
                        {3600, EventType::ShiftOn, 1, kNone},
                        {3600, EventType::Return, 1, kNone},  // drives out to the post: 200 s × 1.2
                        {3840, EventType::AtPost, 1, kNone},
                        {7200, EventType::ShiftOff, 1, kNone},
                    },
                 false);
    const Replay replay(run.engine->record());
    EXPECT_EQ(replay.unitAt(1, 1800 * kSecond).status, UnitStatus::OffDuty);
    EXPECT_EQ(replay.unitAt(1, 3700 * kSecond).status, UnitStatus::Returning);
    const UnitState at_post = replay.unitAt(1, 5000 * kSecond);
    EXPECT_EQ(at_post.status, UnitStatus::Idle);
    EXPECT_TRUE(at_post.at_post);
    EXPECT_LT(std::hypot(at_post.pos.x - roadXY(*run.net, 2).x, at_post.pos.y - roadXY(*run.net, 2).y), 0.01);
    EXPECT_EQ(replay.unitAt(1, 7300 * kSecond).status, UnitStatus::OffDuty);
    const UnitState home = replay.unitAt(1, 8000 * kSecond);
    EXPECT_LT(std::hypot(home.pos.x - roadXY(*run.net, 0).x, home.pos.y - roadXY(*run.net, 0).y), 0.01);
    // Duty time: 1 h on shift (of which 240 s driving out).
    EXPECT_EQ(r.status_ms[1][static_cast<int>(UnitStatus::Idle)], (3600 - 240) * kSecond);
    EXPECT_EQ(r.status_ms[1][static_cast<int>(UnitStatus::Returning)], 240 * kSecond);
}

TEST(EngineTimeline, ClosuresOffNetworkAndConservation) {
    ScratchDir dir;
    const MapModel map = lineMap();
    // Edge 2 is 1 → 2: closing it closes that road both ways for the first hour.
    const Scenario s = scenarioWithCalls(
        dir,
        "forces:\n  stations: [{id: S, node: 0}]\n"
        "categories:\n  default: {on_scene: {dist: fixed, minutes: 5}}\n"
        "dispatch: {policy: nearest}\n"
        "events:\n  - {type: closure, start: \"00:00\", end: \"01:00\", edges: [2]}\n",
        row("A", "00:01:00", "求助", 4, map, 3) + row("B", "01:01:00", "求助", 4, map, 3) +
            "FAR,2025-01-01T00:30:00+08:00,求助,4,114.5,22.9\n");
    auto run = sim::test::runScenario(s, map);
    const RunRecord& r = run.record();
    ASSERT_EQ(r.incidents.size(), 3u);
    EXPECT_EQ(r.incidents[0].reason, UnservedReason::Unreachable);
    EXPECT_EQ(r.incidents[1].reason, UnservedReason::OffNetwork);
    EXPECT_TRUE(r.incidents[2].served());
    EXPECT_EQ(r.incidents[2].response(), 300 * kSecond);
    std::size_t served = 0, unserved = 0;
    for (const IncidentRecord& i : r.incidents) (i.served() ? served : unserved)++;
    EXPECT_EQ(served + unserved, r.incidents.size());
    bool start = false, end = false;
    for (const EventRecord& e : r.events) {
        start |= e.type == EventType::ClosureStart;
        end |= e.type == EventType::ClosureEnd && e.t == kHour;
    }
    EXPECT_TRUE(start);
    EXPECT_TRUE(end);
}

TEST(EngineTimeline, CallsLeftInTheQueueAtTheEndAreReported) {
    ScratchDir dir;
    const MapModel map = lineMap();
    const std::string path = dir.write("s.yaml", std::string(
        "map: tiny\n"
        "period: {start: 2025-01-01T00:00+08:00, duration_h: 1, drain_h: 0.5}\n"
        "travel: {emergency: false, congestion: false}\n"
        "metrics: {coverage: {every_min: 0}}\n"
        "forces:\n  stations: [{id: S, node: 0}]\n"
        "incidents:\n  poisson: {rate_per_hour: 20, nodes: [3]}\n"
        "categories:\n  default: {on_scene: {dist: fixed, minutes: 30}}\n"
        "dispatch: {policy: nearest}\n"));
    auto run = sim::test::runScenario(readScenario(path), map);
    const RunRecord& r = run.record();
    std::size_t served = 0, queued = 0, en_route = 0;
    for (const IncidentRecord& i : r.incidents) {
        if (i.served()) ++served;
        else if (i.reason == UnservedReason::QueuedAtEnd) ++queued;
        else if (i.reason == UnservedReason::EnRouteAtEnd) ++en_route;
        else ADD_FAILURE() << "unexpected reason " << unservedReasonKey(i.reason);
        // Unserved calls are closed; a served one may still be on scene.
        if (!i.served()) {
            EXPECT_NE(i.closed, kNever);
        }
    }
    EXPECT_GT(queued, 0u);
    EXPECT_EQ(served + queued + en_route, r.incidents.size());
    EXPECT_EQ(r.end, 90 * kMinute);  // the drain limit
}

TEST(EngineTimeline, PatrolFinishesItsRoadServesAndResumesAtTheNextWaypoint) {
    ScratchDir dir;
    const MapModel map = lineMap();
    // A loop 0 → 3 → 0 at patrol pace (× 2: 200 s a road).
    const std::string route = "[[" + sim::test::lonLatOf(map, 0) + "], [" + sim::test::lonLatOf(map, 3) + "]]";
    const Scenario s = scenarioWithCalls(dir,
                                         "forces:\n  patrols: [{id: P, route: " + route + "}]\n"
                                         "categories:\n  default: {on_scene: {dist: fixed, minutes: 5}}\n"
                                         "dispatch: {policy: nearest}\n",
                                         row("A", "00:01:40", "求助", 4, map, 1));
    auto run = sim::test::runScenario(s, map);
    const RunRecord& r = run.record();
    expectEvents(r, {
                        {100, EventType::Call, kNone, 0},
                        {100, EventType::Dispatch, 0, 0, 100},  // finishes road 0 → 1 as planned
                        {200, EventType::ArriveScene, 0, 0},
                        {500, EventType::Clear, kNone, 0},
                        {500, EventType::Return, 0, kNone},  // to waypoint node 3: 200 s × 1.2
                        {740, EventType::AtPost, 0, kNone},
                    });
    EXPECT_EQ(r.events[5].node, run.net->nodeOfRoadNode(3));
    const Replay replay(run.engine->record());
    const UnitState before = replay.unitAt(0, 50 * kSecond);
    EXPECT_TRUE(before.patrolling);
    EXPECT_EQ(before.status, UnitStatus::Idle);
    // Patrolling again from waypoint 3 (loop offset 600 s) at 740 s: back
    // at node 3 one period later.
    const UnitState after = replay.unitAt(0, (740 + 1200) * kSecond);
    EXPECT_TRUE(after.patrolling);
    EXPECT_LT(std::hypot(after.pos.x - roadXY(*run.net, 3).x, after.pos.y - roadXY(*run.net, 3).y), 0.01);
    const UnitState mid = replay.unitAt(0, (740 + 100) * kSecond);  // halfway from 3 back towards 2
    const XY n2 = roadXY(*run.net, 2), n3 = roadXY(*run.net, 3);
    EXPECT_LT(std::hypot(mid.pos.x - (n2.x + n3.x) / 2, mid.pos.y - (n2.y + n3.y) / 2), 0.01);
}
