// The travel-time model and the routable travel graph.
#include "network/travel_graph.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "coverage_test_support.h"
#include "network/travel_time.h"

namespace jingwei {
namespace {

RoadEdge edge(RoadClass c, double length_m, double speed_kph = 0) {
    RoadEdge e;
    e.road_class = c;
    e.length_m = length_m;
    e.speed_kph = speed_kph;
    return e;
}

TEST(TravelTime, ClassSpeedsEmergencyAndCongestion) {
    TravelTimeModel m;
    m.emergency = false;
    // 500 m of primary at 50 km/h = 36 s.
    EXPECT_NEAR(m.edgeSeconds(edge(RoadClass::Primary, 500)), 36.0, 1e-9);
    // The edge's own speed (the map's table) wins over the model's table.
    EXPECT_NEAR(m.edgeSeconds(edge(RoadClass::Primary, 500, 25)), 72.0, 1e-9);
    m.use_edge_speeds = false;
    EXPECT_NEAR(m.edgeSeconds(edge(RoadClass::Primary, 500, 25)), 36.0, 1e-9);
    m.use_edge_speeds = true;
    // Emergency: × 1.2, capped at 100 km/h.
    m.emergency = true;
    EXPECT_NEAR(m.speedKph(edge(RoadClass::Primary, 500)), 60.0, 1e-9);
    EXPECT_NEAR(m.speedKph(edge(RoadClass::Motorway, 500, 90)), 100.0, 1e-9);
    // Congestion: hour 8 (早高峰) is 1.6 × the free-flow time; -1 = free flow.
    m.emergency = false;
    m.hour = 8;
    EXPECT_NEAR(m.edgeSeconds(edge(RoadClass::Primary, 500)), 36.0 * 1.6, 1e-9);
    m.hour = 18;  // 晚高峰
    EXPECT_NEAR(m.congestionFactor(), 1.7, 1e-12);
    m.hour = 3;
    EXPECT_NEAR(m.congestionFactor(), 1.0, 1e-12);
    // Footpaths are never drivable.
    EXPECT_TRUE(std::isinf(m.edgeSeconds(edge(RoadClass::Path, 100, 10))));
    EXPECT_EQ(m.speedKph(edge(RoadClass::Path, 100, 10)), 0.0);
}

TEST(TravelTime, DefaultCongestionHasTwoPeaks) {
    const HourlyFactors f = defaultCongestionFactors();
    for (double v : f) EXPECT_GE(v, 1.0);
    EXPECT_GT(f[8], f[12]);   // 早高峰
    EXPECT_GT(f[18], f[14]);  // 晚高峰
    EXPECT_EQ(f[3], 1.0);
}

TEST(TravelTime, ValidateRejectsBadValues) {
    TravelTimeModel m;
    m.hour = 24;
    EXPECT_THROW(m.validate(), Error);
    m = {};
    m.emergency_speed_factor = 0;
    EXPECT_THROW(m.validate(), Error);
    m = {};
    m.congestion[7] = -1;
    EXPECT_THROW(m.validate(), Error);
    m = {};
    m.speeds[RoadClass::Primary] = -5;
    EXPECT_THROW(m.validate(), Error);
    EXPECT_NO_THROW(TravelTimeModel{}.validate());
}

// A two-way street, a one-way street and a footpath.
RoadData tinyRoads() {
    RoadData r;
    for (int i = 0; i < 4; ++i) {
        RoadNode n;
        n.source_id = i;
        n.pos.x = 100.0 * i;
        n.pos.y = 0;
        n.pos.lon = 114 + 0.001 * i;
        n.pos.lat = 22.5;
        r.nodes.push_back(n);
    }
    auto add = [&](std::uint32_t a, std::uint32_t b, RoadClass c, bool oneway) {
        RoadEdge e;
        e.from = a;
        e.to = b;
        e.length_m = 100;
        e.road_class = c;
        e.oneway = oneway;
        e.shape_begin = static_cast<std::uint32_t>(r.shape.size());
        e.shape_count = 2;
        r.shape.push_back(r.nodes[a].pos);
        r.shape.push_back(r.nodes[b].pos);
        r.edges.push_back(e);
    };
    add(0, 1, RoadClass::Residential, false);
    add(1, 0, RoadClass::Residential, false);
    add(1, 2, RoadClass::Secondary, true);
    add(2, 3, RoadClass::Path, false);
    add(3, 2, RoadClass::Path, false);
    return r;
}

TEST(TravelGraph, TwinsMergeIntoLinksAndPathsAreLeftOut) {
    TravelTimeModel m;
    m.emergency = false;
    const RoadData r = tinyRoads();
    const TravelGraph g(r, m);
    EXPECT_EQ(g.nodeCount(), 4u);
    EXPECT_EQ(g.arcCount(), 3u);   // two-way street (2) + one-way (1); no footpath
    ASSERT_EQ(g.linkCount(), 2u);
    EXPECT_EQ(g.link(0).twin_edge, 1u);
    EXPECT_NE(g.link(0).forward, kNoId);
    EXPECT_NE(g.link(0).backward, kNoId);
    EXPECT_EQ(g.link(1).backward, kNoId);
    EXPECT_EQ(g.linkOfEdge(3), kNoId);
    EXPECT_EQ(g.arcOfEdge(4), kNoId);
    EXPECT_DOUBLE_EQ(g.drivableLengthM(), 200.0);
    // 100 m at 20 km/h = 18 s; at 40 km/h = 9 s.
    EXPECT_EQ(g.costMs(g.arcOfEdge(0)), 18000u);
    EXPECT_EQ(g.costMs(g.arcOfEdge(2)), 9000u);
    EXPECT_TRUE(g.isBackward(g.arcOfEdge(1)));
    EXPECT_EQ(g.roadNode(g.tail(g.arcOfEdge(2))), 1u);
    EXPECT_EQ(g.roadNode(g.head(g.arcOfEdge(2))), 2u);
    // Our node ids map one to one onto RoadData's, positions included.
    for (std::uint32_t v = 0; v < 4; ++v) {
        EXPECT_EQ(g.roadNode(g.nodeOfRoadNode(v)), v);
        EXPECT_EQ(g.nodeXY(g.nodeOfRoadNode(v)).x, r.nodes[v].pos.x);
    }
    // Reverse CSR.
    const NodeId n2 = g.nodeOfRoadNode(2);
    ASSERT_EQ(g.firstIn()[n2] + 1, g.firstIn()[n2 + 1]);
    EXPECT_EQ(g.inArcs()[g.firstIn()[n2]], g.arcOfEdge(2));
    const XY mid = g.pointAt(0, 0.25);
    EXPECT_NEAR(mid.x, 25.0, 1e-9);
}

TEST(TravelGraph, RelaxedOnewayAddsSlowerReverseArcs) {
    TravelTimeModel m;
    m.emergency = false;
    m.relax_oneway = true;
    const TravelGraph g(tinyRoads(), m);
    EXPECT_EQ(g.arcCount(), 4u);
    const RoadLink& l = g.link(1);
    ASSERT_NE(l.backward, kNoId);
    EXPECT_TRUE(g.isContraflow(l.backward));
    EXPECT_EQ(g.costMs(l.backward), 13500u);  // 9 s × 1.5
    EXPECT_EQ(g.roadNode(g.tail(l.backward)), 2u);
}

TEST(TravelGraph, UnprojectedRoadsAreAnError) {
    RoadData r = tinyRoads();
    for (auto& n : r.nodes) n.pos.x = n.pos.y = 0;
    EXPECT_THROW(TravelGraph g(r), Error);
    RoadData bad = tinyRoads();
    bad.edges[0].to = 99;
    EXPECT_THROW(TravelGraph g(bad), Error);
}

TEST(TravelGraph, FutianArcsCarryTheModelTimes) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    const RoadData& roads = test::futianMap().roads;
    const TravelGraph& g = *test::futianGraph();
    const TravelTimeModel& m = g.model();
    std::size_t drivable = 0;
    for (EdgeId e = 0; e < roads.edges.size(); ++e) {
        const double s = m.edgeSeconds(roads.edges[e]);
        if (!std::isfinite(s)) {
            EXPECT_EQ(g.arcOfEdge(e), kNoId);
            continue;
        }
        ++drivable;
        const ArcId a = g.arcOfEdge(e);
        ASSERT_NE(a, kNoId);
        EXPECT_EQ(g.costMs(a), secondsToMs(s));
        EXPECT_EQ(g.roadNode(g.tail(a)), roads.edges[e].from);
        EXPECT_EQ(g.roadNode(g.head(a)), roads.edges[e].to);
    }
    EXPECT_EQ(g.arcCount(), drivable);
    // The figure for the drivable Futian graph.
    EXPECT_EQ(drivable, 2943u);
    // Most two-way streets merge into one link.
    EXPECT_LT(g.linkCount(), drivable * 3 / 4);
    // Hilbert order: arcs mostly join nodes close in memory.
    double spread = 0;
    for (ArcId a = 0; a < g.arcCount(); ++a) spread += std::abs(double(g.head(a)) - double(g.tail(a)));
    EXPECT_LT(spread / static_cast<double>(g.arcCount()), static_cast<double>(g.nodeCount()) / 20);
    for (LinkId l = 0; l < g.linkCount(); ++l) {
        const auto off = g.shapeOffsetsM(l);
        EXPECT_NEAR(off.back(), g.link(l).length_m, 1e-9);
    }
}

}  // namespace
}  // namespace jingwei
