#include "network/road_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <ranges>
#include <tuple>
#include <vector>

#include "core/error.h"

namespace jingwei {
namespace {

static_assert(std::ranges::forward_range<RoadGraph::OutRange>);
static_assert(std::ranges::forward_range<RoadGraph::InRange>);
static_assert(std::ranges::sized_range<RoadGraph::OutRange>);

RoadData randomRoads(std::uint64_t seed, std::uint32_t n, std::uint32_t m) {
    std::mt19937_64 rng(seed);
    RoadData r;
    r.nodes.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) r.nodes[i].source_id = i;
    r.edges.resize(m);
    for (std::uint32_t e = 0; e < m; ++e) {
        r.edges[e].from = static_cast<std::uint32_t>(rng() % n);
        r.edges[e].to = static_cast<std::uint32_t>(rng() % n);
        r.edges[e].length_m = static_cast<double>(rng() % 10000) / 10.0;
    }
    return r;
}

// Every RoadData edge appears exactly once as a forward arc and once as a
// reverse arc, with the right ends and length, and arcs keep edge order.
void checkAgainstEdgeList(const RoadData& r, const RoadGraph& g) {
    ASSERT_EQ(g.nodeCount(), r.nodes.size());
    ASSERT_EQ(g.edgeCount(), r.edges.size());
    const auto fo = g.firstOut();
    const auto fi = g.firstIn();
    ASSERT_EQ(fo.size(), r.nodes.size() + 1);
    ASSERT_EQ(fi.size(), r.nodes.size() + 1);
    EXPECT_EQ(fo.front(), 0u);
    EXPECT_EQ(fo.back(), r.edges.size());
    EXPECT_EQ(fi.front(), 0u);
    EXPECT_EQ(fi.back(), r.edges.size());

    std::vector<int> seen_out(r.edges.size(), 0), seen_in(r.edges.size(), 0);
    for (NodeId u = 0; u < g.nodeCount(); ++u) {
        ASSERT_LE(fo[u], fo[u + 1]);
        EdgeId prev = 0;
        bool first = true;
        std::size_t count = 0;
        for (const OutArc a : g.outEdges(u)) {
            const RoadEdge& e = r.edges[a.edge];
            EXPECT_EQ(e.from, u);
            EXPECT_EQ(e.to, a.head);
            EXPECT_EQ(e.length_m, a.length_m);
            EXPECT_EQ(g.head(a.arc), a.head);
            EXPECT_EQ(g.edgeOf(a.arc), a.edge);
            EXPECT_EQ(g.lengthM(a.arc), a.length_m);
            EXPECT_EQ(g.arcOfEdge(a.edge), a.arc);
            EXPECT_EQ(g.tailOf(a.arc), u);
            if (!first) {
                EXPECT_LT(prev, a.edge);
            }
            prev = a.edge;
            first = false;
            ++seen_out[a.edge];
            ++count;
        }
        EXPECT_EQ(count, g.outDegree(u));
        count = 0;
        for (const InArc a : g.inEdges(u)) {
            const RoadEdge& e = r.edges[a.edge];
            EXPECT_EQ(e.to, u);
            EXPECT_EQ(e.from, a.tail);
            EXPECT_EQ(e.length_m, a.length_m);
            EXPECT_EQ(g.tail(a.arc), a.tail);
            EXPECT_EQ(g.inEdgeOf(a.arc), a.edge);
            ++seen_in[a.edge];
            ++count;
        }
        EXPECT_EQ(count, g.inDegree(u));
    }
    for (std::size_t e = 0; e < r.edges.size(); ++e) {
        EXPECT_EQ(seen_out[e], 1) << "edge " << e;
        EXPECT_EQ(seen_in[e], 1) << "edge " << e;
    }
}

TEST(RoadGraph, EmptyGraph) {
    RoadGraph g;
    EXPECT_EQ(g.nodeCount(), 0u);
    EXPECT_EQ(g.edgeCount(), 0u);
    RoadData r;
    RoadGraph h(r);
    EXPECT_EQ(h.nodeCount(), 0u);
    EXPECT_EQ(h.edgeCount(), 0u);
}

TEST(RoadGraph, SmallHandMadeGraph) {
    RoadData r;
    r.nodes.resize(4);
    auto add = [&](std::uint32_t a, std::uint32_t b, double len) {
        RoadEdge e;
        e.from = a;
        e.to = b;
        e.length_m = len;
        r.edges.push_back(e);
    };
    add(2, 0, 5);   // 0
    add(0, 1, 10);  // 1
    add(0, 2, 20);  // 2
    add(1, 2, 30);  // 3
    add(0, 3, 40);  // 4
    RoadGraph g(r);
    checkAgainstEdgeList(r, g);

    const auto out0 = g.outEdges(0);
    ASSERT_EQ(out0.size(), 3u);
    EXPECT_EQ(out0[0].head, 1u);
    EXPECT_EQ(out0[0].edge, 1u);
    EXPECT_EQ(out0[1].head, 2u);
    EXPECT_EQ(out0[2].head, 3u);
    EXPECT_EQ(out0[2].length_m, 40.0);
    EXPECT_TRUE(g.outEdges(3).empty());
    ASSERT_EQ(g.inEdges(2).size(), 2u);
    EXPECT_EQ(g.inEdges(2)[0].tail, 0u);
    EXPECT_EQ(g.inEdges(2)[1].tail, 1u);
    EXPECT_EQ(g.inDegree(0), 1u);
    EXPECT_EQ(g.inEdges(0)[0].tail, 2u);
}

TEST(RoadGraph, RandomGraphsMatchEdgeList) {
    for (std::uint64_t seed : {1u, 2u, 3u, 42u, 977u}) {
        SCOPED_TRACE(seed);
        const RoadData r = randomRoads(seed, 50 + static_cast<std::uint32_t>(seed % 37),
                                       300 + static_cast<std::uint32_t>(seed % 101));
        checkAgainstEdgeList(r, RoadGraph(r));
    }
    // Isolated nodes and self loops.
    RoadData r = randomRoads(7, 1000, 200);
    r.edges[5].to = r.edges[5].from;
    checkAgainstEdgeList(r, RoadGraph(r));
}

TEST(RoadGraph, FromArcsMatchesRoadData) {
    const RoadData r = randomRoads(11, 200, 1000);
    std::vector<ArcInput> arcs;
    for (const auto& e : r.edges) arcs.push_back({e.from, e.to, e.length_m});
    const RoadGraph a(r);
    const RoadGraph b = RoadGraph::fromArcs(r.nodes.size(), arcs);
    EXPECT_TRUE(std::ranges::equal(a.firstOut(), b.firstOut()));
    EXPECT_TRUE(std::ranges::equal(a.heads(), b.heads()));
    EXPECT_TRUE(std::ranges::equal(a.outEdgeIds(), b.outEdgeIds()));
    EXPECT_TRUE(std::ranges::equal(a.lengthsM(), b.lengthsM()));
    EXPECT_TRUE(std::ranges::equal(a.firstIn(), b.firstIn()));
    EXPECT_TRUE(std::ranges::equal(a.tails(), b.tails()));
    EXPECT_TRUE(std::ranges::equal(a.inEdgeIds(), b.inEdgeIds()));
    EXPECT_TRUE(std::ranges::equal(a.inLengthsM(), b.inLengthsM()));
}

TEST(RoadGraph, OutOfRangeNodeThrowsNamingTheEdge) {
    RoadData r = randomRoads(5, 10, 20);
    r.edges[13].to = 10;
    try {
        RoadGraph g(r);
        FAIL() << "expected jingwei::Error";
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "road edge 13");
        EXPECT_NE(std::string(e.what()).find("edge 13"), std::string::npos);
        EXPECT_NE(e.reason().find("to-node 10"), std::string::npos);
    }
    r.edges[13].to = 0;
    r.edges[4].from = 4000000000u;
    try {
        RoadGraph g(r);
        FAIL() << "expected jingwei::Error";
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "road edge 4");
        EXPECT_NE(e.reason().find("from-node"), std::string::npos);
    }
    r.edges[4].from = 0;
    r.edges[7].length_m = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(RoadGraph{r}, Error);
    r.edges[7].length_m = -1;
    EXPECT_THROW(RoadGraph{r}, Error);
    r.edges[7].length_m = 0;
    EXPECT_NO_THROW(RoadGraph{r});
    const std::vector<ArcInput> bad{{0, 1, 1.0}, {1, 2, 1.0}};
    EXPECT_THROW(RoadGraph::fromArcs(2, bad), Error);
}

// Build speed is measured in bench/network, not here.
TEST(RoadGraph, MillionEdgeGraphBuildsCorrectly) {
    const std::uint32_t n = 400000, m = 1000000;
    std::mt19937_64 rng(123);
    std::vector<ArcInput> arcs(m);
    for (auto& a : arcs) {
        a.from = static_cast<NodeId>(rng() % n);
        a.to = static_cast<NodeId>(rng() % n);
        a.length_m = 1.0 + static_cast<double>(rng() % 1000);
    }
    const RoadGraph g = RoadGraph::fromArcs(n, arcs);
    EXPECT_EQ(g.edgeCount(), m);
    // Spot-check a sample of arcs.
    for (std::size_t e = 0; e < m; e += 9973) {
        const ArcId a = g.arcOfEdge(static_cast<EdgeId>(e));
        EXPECT_EQ(g.head(a), arcs[e].to);
        EXPECT_EQ(g.tailOf(a), arcs[e].from);
        EXPECT_EQ(g.lengthM(a), arcs[e].length_m);
    }
}

}  // namespace
}  // namespace jingwei
