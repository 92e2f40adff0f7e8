// Every sample scenario in scenarios/ loads and runs (over a shortened
// period), every call ends served or unserved, and the metrics come out.
#include <gtest/gtest.h>

#include "sim/metrics.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {

SimMetrics runSample(const std::string& file, double hours, std::uint64_t seed = 0) {
    const Scenario s = readScenario(sim::test::sourcePath("scenarios/" + file));
    LoadOptions lo;
    lo.maps_dir = jingwei::test::mapsDir();
    lo.allow_fallback = false;
    const MapModel map = loadMap(s.map, lo);
    EngineOptions o;
    o.seed = seed ? seed : s.seed;
    o.duration = std::min(s.duration, secondsToSim(hours * 3600));
    auto run = sim::test::runScenario(s, map, o);
    const RunRecord& r = run.record();
    std::size_t served = 0, unserved = 0;
    for (const IncidentRecord& i : r.incidents) {
        if (i.call > r.end) continue;
        (i.served() ? served : unserved)++;
        if (!i.served()) {
            EXPECT_NE(i.reason, UnservedReason::None);
        }
    }
    const SimMetrics m = computeMetrics(r, s, run.engine->policy().name(), run.engine->eventHash());
    EXPECT_EQ(m.incidents, served + unserved);
    EXPECT_EQ(m.served, served);
    EXPECT_GT(m.incidents, 0u);
    EXPECT_GT(m.response.n, 0u);
    EXPECT_GT(m.response.mean_s, 0);
    EXPECT_LE(m.response.p50_s, m.response.p90_s);
    EXPECT_LE(m.response.p90_s, m.response.p95_s);
    EXPECT_EQ(m.units.size(), s.unitCount());
    return m;
}

}  // namespace

TEST(Samples, FutianPatrolDay) {
    JINGWEI_REQUIRE_DATA("shenzhen/futian-nanshan.graphml");
    const SimMetrics m = runSample("futian-patrol-day.yaml", 8);
    EXPECT_EQ(m.units.size(), 20u);
    ASSERT_EQ(m.standards_min.size(), 3u);
    EXPECT_FALSE(m.by_district.empty());  // the districts layer of the Futian map
    EXPECT_FALSE(m.coverage.empty());
}

TEST(Samples, FutianForwardPeak) {
    JINGWEI_REQUIRE_DATA("shenzhen/futian-nanshan.graphml");
    const SimMetrics m = runSample("futian-forward-peak.yaml", 7);
    std::size_t forward = 0;
    for (const UnitMetrics& u : m.units) forward += u.kind == "forward";
    EXPECT_EQ(forward, 5u);
    EXPECT_TRUE(m.mobile.has_bases);  // the 特警 unit
}

TEST(Samples, LiechtensteinMobileRegionPlan) {
    JINGWEI_REQUIRE_DATA("liechtenstein/liechtenstein-2015.osm.pbf");
    const SimMetrics m = runSample("liechtenstein-mobile.yaml", 12);
    ASSERT_TRUE(m.mobile.has_bases);
    EXPECT_EQ(m.mobile.standard_s, 7200);
    EXPECT_GT(m.mobile.max_travel_s, 300);   // the country is more than 5 minutes across
    EXPECT_LT(m.mobile.max_travel_s, 7200);  // and well within 2 hours
    EXPECT_TRUE(m.mobile.meets);
    EXPECT_EQ(m.mobile.unreachable_nodes, 0u);
    EXPECT_GE(m.mobile.worst_with_mobilisation_s, m.mobile.max_travel_s);
    EXPECT_GT(m.reinforced_calls, 0u);
}

TEST(Samples, SyntheticCityYearShortened) {
    // The 10^6-edge city, two hours of the year (the benchmark runs all of it).
    const SimMetrics m = runSample("synthetic-city-year.yaml", 2);
    EXPECT_EQ(m.units.size(), 300u);
    EXPECT_GT(m.incidents, 50u);
}
