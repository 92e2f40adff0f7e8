// Placement on the Futian road network (real OSM data): intersections as
// candidates, demand served at nodes as the simulation serves calls, and
// travel lists equal to a brute-force Dijkstra over the RoadData edges.
#include <gtest/gtest.h>

#include <fstream>
#include <iomanip>
#include <map>

#include "../network/coverage_test_support.h"
#include "core/crs.h"
#include "core/error.h"
#include "place/candidates.h"
#include "place/heuristic.h"
#include "place/planner.h"
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

TEST(PlaceNetwork, WeightLayerIsDemandWithTheSameWeightsInEveryWindow) {
    // A GeoJSON point layer with a numeric weight (e.g. population) as the
    // demand: each window gets the same weights, summed per road node as a
    // brute-force pass over the points says.
    JINGWEI_REQUIRE_DATA(kFutian);
    const MapModel& map = futianMap();
    const RoadSites sites(futianGraph());
    const Projector proj(map.crs);
    std::mt19937_64 rng(23);
    ScratchDir dir;
    const std::string path = dir.file("pop.geojson");
    std::vector<XY> want_pts;
    std::vector<double> want_w;
    {
        std::ofstream f(path);
        f << R"({"type":"FeatureCollection","features":[)";
        for (int q = 0; q < 400; ++q) {
            const XY p = randomNear(sites.graph(), rng, 120);
            const LonLat ll = proj.inverse(p);
            const int w = static_cast<int>(rng() % 50);  // some zeros
            f << (q ? "," : "") << R"({"type":"Feature","properties":{"pop":)" << w
              << R"(},"geometry":{"type":"Point","coordinates":[)" << std::setprecision(17) << ll.lon << ","
              << ll.lat << "]}}";
            want_pts.push_back(proj.forward(ll));
            want_w.push_back(w);
        }
        f << "]}";
    }
    const WeightedPoints wp = readWeightLayer(path, "pop", map.crs);
    ASSERT_EQ(wp.points.size(), 400u);
    EXPECT_EQ(wp.weights, want_w);
    for (std::size_t q = 0; q < wp.points.size(); ++q) {
        EXPECT_NEAR(wp.points[q].x, want_pts[q].x, 1e-6);
        EXPECT_NEAR(wp.points[q].y, want_pts[q].y, 1e-6);
    }
    std::vector<PlanWindow> windows(2);
    windows[0].start_h = 7, windows[0].end_h = 9;
    windows[1].start_h = 22, windows[1].end_h = 6;
    const WindowDemand wd = weightedDemand(sites, wp.points, wp.weights, windows, 300);
    std::map<NodeId, double> brute;
    std::size_t positive = 0, off = 0;
    for (std::size_t q = 0; q < wp.points.size(); ++q) {
        const NodeId v = sites.nodeNear(wp.points[q], 300);
        if (v == kNoId) {
            ++off;
            continue;
        }
        brute.emplace(v, 0.0);
        if (wp.weights[q] > 0) {
            brute[v] += wp.weights[q];
            ++positive;
        }
    }
    EXPECT_EQ(wd.off_network, off);
    ASSERT_EQ(wd.demand.size(), brute.size());
    for (std::size_t w = 0; w < windows.size(); ++w) {
        EXPECT_EQ(wd.calls[w], positive);
        std::size_t i = 0;
        for (const auto& [v, weight] : brute) {
            EXPECT_EQ(wd.demand[i].node, v);
            EXPECT_EQ(wd.weights[w][i], weight) << "window " << w << " node " << v;
            ++i;
        }
    }

    // Bad layers name the file and the feature.
    auto expectError = [&](const std::string& props, const std::string& where, const std::string& what) {
        const std::string bad = dir.file("bad.geojson");
        std::ofstream(bad) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pop":1},)"
                           << R"("geometry":{"type":"Point","coordinates":[114.05,22.54]}},{"type":"Feature","properties":)"
                           << props << R"(,"geometry":{"type":"Point","coordinates":[114.06,22.54]}}]})";
        try {
            readWeightLayer(bad, "pop", map.crs);
            ADD_FAILURE() << "no error for " << props;
        } catch (const Error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find(bad), std::string::npos) << m;
            EXPECT_NE(m.find(where), std::string::npos) << m;
            EXPECT_NE(m.find(what), std::string::npos) << m;
        }
    };
    expectError(R"({"other":3})", "feature 2", "no value for the weight field 'pop'");
    expectError(R"({"pop":-2})", "feature 2", "not a finite number");
    expectError(R"({"pop":"many"})", "feature 2", "not a finite number");
}
