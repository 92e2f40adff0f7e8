// Routing: A* and the nearest-base tables against brute-force Dijkstra.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "sim/random.h"
#include "sim/router.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {

struct Fixture {
    std::shared_ptr<SimNetwork> net;
    std::vector<NodeId> core;
    Fixture() {
        net = std::make_shared<SimNetwork>(sim::test::syntheticMap().roads, TravelTimeModel{});
        for (NodeId v = 0; v < net->nodeCount(); ++v)
            if (net->inCore(v)) core.push_back(v);
    }
};
Fixture& fx() {
    static Fixture f;
    return f;
}

// All times from (forward) or to (backward) a node, by plain Dijkstra.
std::vector<Millis> allTimes(Router& r, NodeId s, bool forward) {
    std::vector<Millis> t(r.network().nodeCount(), kUnreachedMs);
    auto visit = [&](NodeId v, Millis d) {
        t[v] = d;
        return true;
    };
    if (forward) {
        const SearchSeed seed{s, 0};
        r.forward(std::span<const SearchSeed>(&seed, 1), kUnreachedMs - 1, visit);
    } else {
        r.backward(s, kUnreachedMs - 1, visit);
    }
    return t;
}

void checkTables(Router& r, const std::vector<NodeId>& bases, int k) {
    const std::size_t n = r.network().nodeCount();
    std::vector<std::vector<Millis>> from(bases.size()), to(bases.size());
    for (std::size_t b = 0; b < bases.size(); ++b) {
        from[b] = allTimes(r, bases[b], true);
        to[b] = allTimes(r, bases[b], false);
    }
    const BaseTable& fwd = r.forwardTable(0);
    const BaseTable& rev = r.reverseTable();
    std::vector<ArcId> path;
    Rng rng(9);
    for (int trial = 0; trial < 400; ++trial) {
        const NodeId v = static_cast<NodeId>(rng.below(n));
        for (int dir = 0; dir < 2; ++dir) {
            const auto& times = dir == 0 ? from : to;
            std::vector<std::pair<Millis, BaseIndex>> truth;
            for (BaseIndex b = 0; b < bases.size(); ++b)
                if (times[b][v] != kUnreachedMs) truth.push_back({times[b][v], b});
            std::sort(truth.begin(), truth.end());
            if (truth.size() > static_cast<std::size_t>(k)) truth.resize(static_cast<std::size_t>(k));
            const BaseTable& t = dir == 0 ? fwd : rev;
            const auto got = t.at(v);
            ASSERT_EQ(got.size(), truth.size()) << "node " << v;
            for (std::size_t i = 0; i < truth.size(); ++i) {
                EXPECT_EQ(got[i].d, truth[i].first) << "node " << v << " rank " << i;
                EXPECT_EQ(got[i].base, truth[i].second) << "node " << v << " rank " << i;
                // The path read off the table costs exactly that.
                const bool ok = dir == 0 ? r.pathFromBase(0, got[i].base, v, path) : r.pathToBase(v, got[i].base, path);
                if (!ok) continue;  // a tie elsewhere in the tree: the engine falls back to A*
                std::uint64_t sum = 0;
                for (ArcId a : path) sum += r.cost(a);
                EXPECT_EQ(sum, got[i].d);
            }
        }
    }
}

}  // namespace

TEST(Router, AStarEqualsDijkstraAndTheBoundHolds) {
    Fixture& f = fx();
    Router r(f.net);
    Rng rng(1);
    std::vector<ArcId> path;
    for (int i = 0; i < 60; ++i) {
        const NodeId a = f.core[rng.below(f.core.size())], b = f.core[rng.below(f.core.size())];
        const std::vector<Millis> truth = allTimes(r, a, true);
        const Millis d = r.route(a, b, &path);
        ASSERT_EQ(d, truth[b]);
        EXPECT_LE(r.lowerBound(a, b), d);
        std::uint64_t sum = 0;
        NodeId at = a;
        for (ArcId arc : path) {
            EXPECT_EQ(f.net->graph().tail(arc), at);
            at = f.net->graph().head(arc);
            sum += r.cost(arc);
        }
        EXPECT_EQ(at, b);
        EXPECT_EQ(sum, d);
        // A bound below the distance finds nothing.
        if (d > 0) {
            EXPECT_EQ(r.route(a, b, nullptr, d - 1), kUnreachedMs);
        }
    }
}

TEST(Router, NearestBaseTablesAreTheTrueTopK) {
    Fixture& f = fx();
    Router r(f.net);
    Rng rng(2);
    std::vector<NodeId> bases;
    for (int b = 0; b < 25; ++b) bases.push_back(f.core[rng.below(f.core.size())]);
    bases.push_back(bases[3]);  // two bases on one node
    const std::vector<std::uint8_t> group(bases.size(), 0);
    r.setBases(bases, group, 4);
    checkTables(r, bases, 4);
}

TEST(Router, TablesFollowClosuresAndCongestion) {
    Fixture& f = fx();
    Router r(f.net);
    Rng rng(3);
    std::vector<NodeId> bases;
    for (int b = 0; b < 12; ++b) bases.push_back(f.core[rng.below(f.core.size())]);
    r.setBases(bases, std::vector<std::uint8_t>(bases.size(), 0), 3);
    (void)r.forwardTable(0);
    const std::uint32_t e0 = r.epoch();
    std::vector<double> mult(f.net->arcCount(), 1.0);
    std::vector<std::uint8_t> closed(f.net->arcCount(), 0);
    for (std::size_t a = 0; a < f.net->arcCount(); ++a) {
        if (rng.below(10) == 0) closed[a] = 1;
        else if (rng.below(4) == 0) mult[a] = 1.7;
    }
    r.setCostModifiers(mult, closed);
    EXPECT_GT(r.epoch(), e0);
    checkTables(r, bases, 3);
}
