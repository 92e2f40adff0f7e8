// Determinism (the same seed gives the same event log bit for bit, another
// seed another log), conservation (calls in = served + unserved), and the
// fast paths against their references (nearest-base tables vs plain
// Dijkstra; coverage samples vs a multi-source search).
#include <gtest/gtest.h>

#include "sim_scenarios.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {
Scenario busy() { return parseScenario(sim::test::kBusySynthetic, "busy.yaml"); }
}  // namespace

TEST(Determinism, SameSeedSameEventLogOtherSeedOtherLog) {
    const Scenario s = busy();
    const MapModel& map = sim::test::syntheticMap();
    EngineOptions o;
    o.seed = 11;
    auto a = sim::test::runScenario(s, map, o);
    auto b = sim::test::runScenario(s, map, o);
    o.seed = 12;
    auto c = sim::test::runScenario(s, map, o);
    const RunRecord &ra = a.record(), &rb = b.record(), &rc = c.record();
    ASSERT_GT(ra.events.size(), 300u);
    EXPECT_EQ(a.engine->eventHash(), b.engine->eventHash());
    EXPECT_EQ(a.engine->eventHash(), hashEvents(ra.events));
    ASSERT_EQ(ra.events.size(), rb.events.size());
    for (std::size_t k = 0; k < ra.events.size(); ++k) {
        ASSERT_EQ(ra.events[k].t, rb.events[k].t) << k;
        ASSERT_EQ(ra.events[k].type, rb.events[k].type) << k;
        ASSERT_EQ(ra.events[k].unit, rb.events[k].unit) << k;
    }
    EXPECT_NE(a.engine->eventHash(), c.engine->eventHash());
    EXPECT_TRUE(ra.incidents.size() != rc.incidents.size() || ra.incidents[0].call != rc.incidents[0].call);
    // The scenario exercised what it is meant to.
    std::array<std::size_t, static_cast<std::size_t>(EventType::Count)> count{};
    for (const EventRecord& e : ra.events) ++count[static_cast<std::size_t>(e.type)];
    EXPECT_GT(count[static_cast<std::size_t>(EventType::Preempt)] + count[static_cast<std::size_t>(EventType::Queued)], 0u);
    EXPECT_GT(count[static_cast<std::size_t>(EventType::ShiftOn)], 0u);
    EXPECT_GT(count[static_cast<std::size_t>(EventType::ShiftOff)], 0u);
    EXPECT_EQ(count[static_cast<std::size_t>(EventType::ClosureStart)], 1u);
    EXPECT_EQ(count[static_cast<std::size_t>(EventType::SurgeStart)], 1u);
    std::size_t reinforcement = 0;
    for (const EventRecord& e : ra.events)
        if (e.type == EventType::Dispatch && !isRegularKind(ra.units[e.unit].kind)) ++reinforcement;
    EXPECT_GT(reinforcement, 0u);
}

TEST(Determinism, TheRouteCacheChangesCostNotResults) {
    const Scenario s = busy();
    EngineOptions with, without;
    with.seed = without.seed = 13;
    without.route_cache = 0;
    with.route_cache = 64;  // small: evictions happen
    auto a = sim::test::runScenario(s, sim::test::syntheticMap(), with);
    auto b = sim::test::runScenario(s, sim::test::syntheticMap(), without);
    EXPECT_EQ(a.engine->eventHash(), b.engine->eventHash());
    EXPECT_GT(a.engine->stats().router.route_cache_hits, 0u);
    EXPECT_EQ(b.engine->stats().router.route_cache_hits, 0u);
}

TEST(Determinism, ConservationEveryCallEndsServedOrUnservedWithAReason) {
    const Scenario s = busy();
    for (std::uint64_t seed : {1, 2, 3}) {
        EngineOptions o;
        o.seed = seed;
        auto run = sim::test::runScenario(s, sim::test::syntheticMap(), o);
        const RunRecord& r = run.record();
        std::size_t served = 0, unserved = 0;
        for (const IncidentRecord& i : r.incidents) {
            if (i.call > r.end) continue;
            if (i.served()) {
                ++served;
                EXPECT_EQ(i.reason, UnservedReason::None);
            } else {
                ++unserved;
                EXPECT_NE(i.reason, UnservedReason::None);
                EXPECT_NE(i.closed, kNever);
            }
        }
        std::size_t calls = 0, unserved_events = 0;
        for (const EventRecord& e : r.events) {
            calls += e.type == EventType::Call;
            unserved_events += e.type == EventType::Unserved;
        }
        EXPECT_EQ(calls, served + unserved);
        EXPECT_EQ(unserved_events, unserved);
        EXPECT_GT(served, 0u);
        // Time by status adds up to the run for every unit.
        for (const auto& st : r.status_ms) {
            SimTime sum = 0;
            for (SimTime v : st) sum += v;
            EXPECT_EQ(sum, r.end);
        }
    }
}

TEST(Determinism, TablesGiveTheSameDispatchAsPlainDijkstra) {
    // Equal-time alternatives differ on a grid city, so compare where roads
    // are irregular: the Futian sample network.
    JINGWEI_REQUIRE_DATA("shenzhen/futian-nanshan.graphml");
    const Scenario s = readScenario(sim::test::sourcePath("scenarios/futian-patrol-day.yaml"));
    LoadOptions lo;
    lo.maps_dir = jingwei::test::mapsDir();
    const MapModel map = loadMap(s.map, lo);
    EngineOptions fast, exact;
    fast.seed = exact.seed = 3;
    exact.exact_search = true;
    auto a = sim::test::runScenario(s, map, fast);
    auto b = sim::test::runScenario(s, map, exact);
    EXPECT_EQ(a.engine->eventHash(), b.engine->eventHash());
    ASSERT_EQ(a.record().incidents.size(), b.record().incidents.size());
    for (std::size_t i = 0; i < a.record().incidents.size(); ++i)
        EXPECT_EQ(a.record().incidents[i].response(), b.record().incidents[i].response()) << i;
    EXPECT_GT(b.engine->stats().fallback_searches, a.engine->stats().fallback_searches);
}

TEST(Determinism, CoverageSamplesEqualAMultiSourceSearch) {
    const Scenario s = busy();
    EngineOptions o;
    o.seed = 4;
    auto run = sim::test::runScenario(s, sim::test::syntheticMap(), o, false);
    Engine& e = *run.engine;
    int checks = 0;
    for (SimTime t = 5 * kMinute; t < e.duration(); t += 13 * kMinute) {
        e.advanceTo(t);
        const double sampled = e.sampledCoverageNow(), exact = e.exactCoverageNow();
        EXPECT_DOUBLE_EQ(sampled, exact) << "at " << simToSeconds(t) << " s";
        ++checks;
    }
    EXPECT_GT(checks, 30);
    e.run();
    EXPECT_GT(e.record()->coverage.size(), 40u);
}
