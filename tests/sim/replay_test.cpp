// Replay: the state at any time t, from the record, equals the live state
// the engine reaches by stepping to t; seeking and stepping through the
// event log agree; a running engine's record can be replayed up to now.
#include <gtest/gtest.h>

#include "sim/replay.h"
#include "sim_scenarios.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {

void expectSameState(const SimState& a, const SimState& b, const std::string& where) {
    ASSERT_EQ(a.units.size(), b.units.size()) << where;
    for (std::size_t u = 0; u < a.units.size(); ++u) {
        const UnitState &x = a.units[u], &y = b.units[u];
        ASSERT_EQ(x.status, y.status) << where << " unit " << u;
        ASSERT_EQ(x.incident, y.incident) << where << " unit " << u;
        ASSERT_EQ(x.patrolling, y.patrolling) << where << " unit " << u;
        ASSERT_EQ(x.at_post, y.at_post) << where << " unit " << u;
        ASSERT_EQ(x.mobilising, y.mobilising) << where << " unit " << u;
        // The same arithmetic on the same numbers: equal, not just close.
        ASSERT_EQ(x.pos.x, y.pos.x) << where << " unit " << u;
        ASSERT_EQ(x.pos.y, y.pos.y) << where << " unit " << u;
    }
    ASSERT_EQ(a.incidents.size(), b.incidents.size()) << where;
    for (std::size_t i = 0; i < a.incidents.size(); ++i) ASSERT_EQ(a.incidents[i], b.incidents[i]) << where;
}

}  // namespace

TEST(Replay, StateAtTEqualsTheStateReachedByStepping) {
    const Scenario s = parseScenario(sim::test::kBusySynthetic, "busy.yaml");
    const MapModel& map = sim::test::syntheticMap();
    EngineOptions o;
    o.seed = 21;
    // A finished run to replay, and a second run of the same seed to step.
    auto done = sim::test::runScenario(s, map, o);
    const Replay replay(done.engine->record());
    auto live = sim::test::runScenario(s, map, o, false);
    Engine& e = *live.engine;
    std::size_t compared = 0, steps = 0;
    SimState st;
    while (e.step()) {
        ++steps;
        // Compare once every event at this instant has been processed.
        if (e.nextEventTime() == e.now()) continue;
        if (steps % 3 != 0) continue;
        replay.stateAt(e.now(), st);
        expectSameState(e.state(), st, "t = " + std::to_string(simToSeconds(e.now())));
        ++compared;
    }
    EXPECT_GT(compared, 200u);
    EXPECT_EQ(e.eventHash(), done.engine->eventHash());
    // Between events too (units move, nothing else changes).
    auto again = sim::test::runScenario(s, map, o, false);
    for (SimTime t = 0; t < s.duration; t += 7 * kMinute + 13 * kSecond) {
        again.engine->advanceTo(t);
        expectSameState(again.engine->state(), replay.stateAt(t), "t = " + std::to_string(simToSeconds(t)));
    }
}

TEST(Replay, SeekStepAndTheRunningEngine) {
    const Scenario s = parseScenario(sim::test::kBusySynthetic, "busy.yaml");
    EngineOptions o;
    o.seed = 22;
    auto run = sim::test::runScenario(s, sim::test::syntheticMap(), o, false);
    Engine& e = *run.engine;
    e.advanceTo(3 * kHour);
    // Replay of the running engine, up to its clock.
    const Replay partial(e.record());
    EXPECT_EQ(partial.end(), 3 * kHour);
    const SimState now_live = e.state();
    expectSameState(now_live, partial.stateAt(e.now()), "running engine");
    e.run();

    const Replay replay(e.record());
    ReplayCursor cur(replay);
    cur.seek(-5);
    EXPECT_EQ(cur.time(), 0);
    cur.seek(kNever);
    EXPECT_EQ(cur.time(), replay.end());
    // Stepping visits every distinct event time in order.
    cur.seek(0);
    std::size_t steps = 0;
    SimTime last = -1;
    while (cur.stepToNextEvent()) {
        EXPECT_GT(cur.time(), last);
        last = cur.time();
        ++steps;
        EXPECT_EQ(cur.state().events_done, replay.eventsUpTo(cur.time()));
    }
    std::size_t distinct = 0;
    SimTime prev = -1;
    for (const EventRecord& ev : e.record()->events) {
        if (ev.t > 0 && ev.t != prev) ++distinct;
        prev = ev.t;
    }
    EXPECT_EQ(steps, distinct);
    // And back.
    const SimTime t1 = cur.time();
    ASSERT_TRUE(cur.stepToPrevEvent());
    EXPECT_LT(cur.time(), t1);
    // A seek forth and back gives the same state.
    cur.seek(2 * kHour + 17 * kSecond);
    const SimState a = cur.state();
    cur.seek(5 * kHour);
    (void)cur.state();
    cur.seek(2 * kHour + 17 * kSecond);
    expectSameState(a, cur.state(), "seek back");
    // Events between two times.
    const auto span = replay.eventsBetween(kHour, 2 * kHour);
    for (const EventRecord& ev : span) {
        EXPECT_GE(ev.t, kHour);
        EXPECT_LE(ev.t, 2 * kHour);
    }
    EXPECT_EQ(span.size(), replay.eventsUpTo(2 * kHour) - replay.eventsUpTo(kHour - 1));
}
