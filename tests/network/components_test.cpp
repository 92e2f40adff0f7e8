#include "network/components.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <vector>

namespace jingwei {
namespace {

RoadGraph makeGraph(std::size_t n, const std::vector<std::pair<NodeId, NodeId>>& edges) {
    std::vector<ArcInput> arcs;
    for (auto [a, b] : edges) arcs.push_back({a, b, 1.0});
    return RoadGraph::fromArcs(n, arcs);
}

std::vector<std::vector<char>> reachability(const RoadGraph& g) {
    const std::size_t n = g.nodeCount();
    std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
    for (NodeId s = 0; s < n; ++s) {
        std::vector<NodeId> queue{s};
        reach[s][s] = 1;
        for (std::size_t q = 0; q < queue.size(); ++q)
            for (const OutArc a : g.outEdges(queue[q]))
                if (!reach[s][a.head]) {
                    reach[s][a.head] = 1;
                    queue.push_back(a.head);
                }
    }
    return reach;
}

// Checks the labelling is exactly the mutual-reachability partition and that
// ids are in reverse topological order.
void checkScc(const RoadGraph& g, const Components& c) {
    const std::size_t n = g.nodeCount();
    ASSERT_EQ(c.component.size(), n);
    const auto reach = reachability(g);
    for (NodeId u = 0; u < n; ++u) {
        ASSERT_LT(c.component[u], c.count);
        for (NodeId v = 0; v < n; ++v) {
            const bool mutual = reach[u][v] && reach[v][u];
            EXPECT_EQ(c.component[u] == c.component[v], mutual) << u << " " << v;
        }
    }
    // Every id is used.
    for (std::uint32_t s : c.sizes()) EXPECT_GT(s, 0u);
    for (NodeId u = 0; u < n; ++u)
        for (const OutArc a : g.outEdges(u)) EXPECT_GE(c.component[u], c.component[a.head]);
}

void checkWcc(const RoadGraph& g, const Components& c) {
    const std::size_t n = g.nodeCount();
    // Brute force: union-find over the arcs.
    std::vector<NodeId> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](NodeId x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (NodeId u = 0; u < n; ++u)
        for (const OutArc a : g.outEdges(u)) parent[find(u)] = find(a.head);
    for (NodeId u = 0; u < n; ++u)
        for (NodeId v = 0; v < n; ++v)
            EXPECT_EQ(c.component[u] == c.component[v], find(u) == find(v)) << u << " " << v;
    for (std::uint32_t s : c.sizes()) EXPECT_GT(s, 0u);
}

TEST(Components, Cycle) {
    const RoadGraph g = makeGraph(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}});
    const Components c = stronglyConnectedComponents(g);
    EXPECT_EQ(c.count, 1u);
    checkScc(g, c);
    const ComponentMask m = largestComponent(c);
    EXPECT_EQ(m.size, 5u);
    EXPECT_EQ(m.mask, std::vector<std::uint8_t>(5, 1));
}

TEST(Components, Chain) {
    const RoadGraph g = makeGraph(4, {{0, 1}, {1, 2}, {2, 3}});
    const Components c = stronglyConnectedComponents(g);
    EXPECT_EQ(c.count, 4u);
    checkScc(g, c);
    EXPECT_EQ(largestComponent(c).size, 1u);
    const Components w = weaklyConnectedComponents(g);
    EXPECT_EQ(w.count, 1u);
}

TEST(Components, TwoCyclesJoinedOneWay) {
    // 0-1-2 cycle, 3-4-5-6 cycle, one arc 2 -> 3.
    const RoadGraph g =
        makeGraph(7, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 6}, {6, 3}, {2, 3}});
    const Components c = stronglyConnectedComponents(g);
    EXPECT_EQ(c.count, 2u);
    checkScc(g, c);
    EXPECT_NE(c.component[0], c.component[3]);
    EXPECT_GT(c.component[0], c.component[3]);  // reverse topological order
    const ComponentMask m = largestStronglyConnectedComponent(g);
    EXPECT_EQ(m.size, 4u);
    EXPECT_EQ(m.mask, (std::vector<std::uint8_t>{0, 0, 0, 1, 1, 1, 1}));
    EXPECT_EQ(weaklyConnectedComponents(g).count, 1u);
}

TEST(Components, IsolatedNodesAndSelfLoops) {
    const RoadGraph g = makeGraph(4, {{1, 1}, {2, 3}, {3, 2}});
    const Components c = stronglyConnectedComponents(g);
    EXPECT_EQ(c.count, 3u);
    checkScc(g, c);
    const Components w = weaklyConnectedComponents(g);
    EXPECT_EQ(w.count, 3u);
    EXPECT_EQ(w.component, (std::vector<std::uint32_t>{0, 1, 2, 2}));
    checkWcc(g, w);
}

TEST(Components, Empty) {
    const RoadGraph g;
    EXPECT_EQ(stronglyConnectedComponents(g).count, 0u);
    EXPECT_EQ(weaklyConnectedComponents(g).count, 0u);
    EXPECT_EQ(largestStronglyConnectedComponent(g).size, 0u);
}

TEST(Components, RandomGraphsMatchBruteForce) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        SCOPED_TRACE(seed);
        std::mt19937_64 rng(seed);
        const std::size_t n = 1 + rng() % 40;
        // From very sparse (many singletons) to dense (one big SCC).
        const std::size_t m = rng() % (3 * n + 1);
        std::vector<std::pair<NodeId, NodeId>> edges;
        for (std::size_t e = 0; e < m; ++e)
            edges.push_back({static_cast<NodeId>(rng() % n), static_cast<NodeId>(rng() % n)});
        const RoadGraph g = makeGraph(n, edges);
        checkScc(g, stronglyConnectedComponents(g));
        checkWcc(g, weaklyConnectedComponents(g));
    }
}

TEST(Components, MillionNodeChainAndCycleDoNotOverflowTheStack) {
    const std::size_t n = 1000000;
    std::vector<ArcInput> arcs;
    arcs.reserve(n);
    for (NodeId i = 0; i + 1 < n; ++i) arcs.push_back({i, i + 1, 1.0});
    const RoadGraph chain = RoadGraph::fromArcs(n, arcs);
    const Components c = stronglyConnectedComponents(chain);
    EXPECT_EQ(c.count, n);
    EXPECT_EQ(weaklyConnectedComponents(chain).count, 1u);

    arcs.push_back({static_cast<NodeId>(n - 1), 0, 1.0});
    const RoadGraph cycle = RoadGraph::fromArcs(n, arcs);
    const ComponentMask m = largestStronglyConnectedComponent(cycle);
    EXPECT_EQ(m.size, n);
}

}  // namespace
}  // namespace jingwei
