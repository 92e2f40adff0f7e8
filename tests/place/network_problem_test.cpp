// Placement on the Futian road network (real OSM data): intersections as
// candidates, demand served at nodes as the simulation serves calls, and
// travel lists equal to a brute-force Dijkstra over the RoadData edges.
#include <gtest/gtest.h>

#include <map>

#include "../network/coverage_test_support.h"
#include "place/heuristic.h"
#include "place/network_problem.h"
#include "sim/sim_network.h"

using namespace jingwei;
using namespace jingwei::place;
using namespace jingwei::test;

TEST(PlaceNetwork, PointsAreServedWhereTheSimulationServesThem) {
    JINGWEI_REQUIRE_DATA(kFutian);
    const RoadSites sites(futianGraph());
    const sim::SimNetwork net(futianMap().roads, TravelTimeModel{});
    std::mt19937_64 rng(17);
    int served = 0;
    for (int q = 0; q < 3000; ++q) {
        const XY p = randomNear(sites.graph(), rng, 150);
        const NodeId ours = sites.nodeNear(p, 300);
        EXPECT_EQ(ours, net.nodeNear(p, 300)) << q;
        if (ours != kNoId) {
            EXPECT_TRUE(sites.inCore(ours));
            ++served;
        }
    }
    EXPECT_GT(served, 2900);
    EXPECT_EQ(sites.coreSize(), net.coreSize());
}

TEST(PlaceNetwork, TravelListsEqualBruteForceDijkstra) {
    JINGWEI_REQUIRE_DATA(kFutian);
    const auto g = futianGraph();
    const RoadSites sites(g);
    std::vector<Candidate> cand = sites.intersections(400);
    ASSERT_GT(cand.size(), 20u);
    cand.resize(40);
    std::mt19937_64 rng(3);
    std::vector<XY> pts;
    for (int q = 0; q < 2000; ++q) pts.push_back(randomNear(*g, rng, 60));
    const NodeDemand nd = demandOnNodes(sites, pts, {}, 300);
    double total = 0;
    for (const DemandPoint& d : nd.demand) total += d.weight;
    EXPECT_EQ(total + static_cast<double>(nd.off_network), 2000.0);
    const Millis horizon = 240000;
    const TravelLists t1 = sites.travelLists(cand, nd.demand, horizon, 1);
    const TravelLists t3 = sites.travelLists(cand, nd.demand, horizon, 3);
    const TravelTimeModel model;
    std::size_t pairs = 0;
    for (std::uint32_t j = 0; j < cand.size(); ++j) {
        const std::vector<Millis> ref =
            bruteForceTimes(futianMap().roads, model, {{g->roadNode(cand[j].node), 0}}, horizon);
        std::map<std::uint32_t, Millis> got;
        for (const TravelEntry& e : t1.of(j)) got[e.demand] = e.time_ms;
        for (std::uint32_t i = 0; i < nd.demand.size(); ++i) {
            const Millis want = ref[g->roadNode(nd.demand[i].node)];
            const auto it = got.find(i);
            if (want == kUnreachedMs) {
                EXPECT_EQ(it, got.end()) << j << " " << i;
            } else {
                ASSERT_NE(it, got.end()) << j << " " << i;
                EXPECT_EQ(it->second, want) << j << " " << i;
                ++pairs;
            }
        }
        ASSERT_EQ(t3.of(j).size(), t1.of(j).size());
        for (std::size_t q = 0; q < t1.of(j).size(); ++q) {
            EXPECT_EQ(t3.of(j)[q].demand, t1.of(j)[q].demand);
            EXPECT_EQ(t3.of(j)[q].time_ms, t1.of(j)[q].time_ms);
        }
    }
    EXPECT_GT(pairs, 5000u);
}

TEST(PlaceNetwork, IntersectionsAreSpacedAndCoverEveryJunction) {
    JINGWEI_REQUIRE_DATA(kFutian);
    const RoadSites sites(futianGraph());
    const std::vector<Candidate> all = sites.intersections(0);
    const std::vector<Candidate> spaced = sites.intersections(300);
    ASSERT_GT(all.size(), spaced.size());
    const TravelGraph& g = sites.graph();
    for (const Candidate& c : all) {
        std::set<NodeId> nb;
        for (ArcId a = g.firstOut()[c.node]; a < g.firstOut()[c.node + 1]; ++a) nb.insert(g.head(a));
        for (ArcId a = 0; a < g.arcCount(); ++a)
            if (g.head(a) == c.node) nb.insert(g.tail(a));
        EXPECT_GE(nb.size(), 3u) << c.id;
        EXPECT_TRUE(sites.inCore(c.node));
    }
    for (std::size_t a = 0; a < spaced.size(); ++a)
        for (std::size_t b = a + 1; b < spaced.size(); ++b)
            EXPECT_GE(std::hypot(spaced[a].pos.x - spaced[b].pos.x, spaced[a].pos.y - spaced[b].pos.y), 300.0);
    // Every junction is within the spacing of one chosen (the thinning is maximal).
    for (const Candidate& c : all) {
        double nearest = 1e18;
        for (const Candidate& s : spaced) nearest = std::min(nearest, std::hypot(c.pos.x - s.pos.x, c.pos.y - s.pos.y));
        EXPECT_LT(nearest, 300.0) << c.id;
    }
}

TEST(PlaceNetwork, HeuristicOnTheRoadNetwork) {
    JINGWEI_REQUIRE_DATA(kFutian);
    const RoadSites sites(futianGraph());
    PlacementProblem p;
    p.candidates = sites.intersections(250);
    std::mt19937_64 rng(5);
    std::vector<XY> pts;
    for (int q = 0; q < 5000; ++q) pts.push_back(randomNear(sites.graph(), rng, 40));
    p.demand = demandOnNodes(sites, pts, {}, 300).demand;
    p.times = sites.travelLists(p.candidates, p.demand, 180000, 2);
    ObjectiveSpec spec;
    spec.k = 6;
    spec.cover_ms = 60000;
    const Solution h = solveHeuristic(p, spec);
    EXPECT_EQ(h.open.size(), 6u);
    EXPECT_GT(h.score.covered_share, 0.2);
    EXPECT_GE(h.bound, h.score.objective);
    const PlanScore again = scorePlan(p, spec, h.open);
    EXPECT_EQ(again.covered_weight, h.score.covered_weight);
}
