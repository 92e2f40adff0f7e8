// Bounded searches and the multi-source field against brute-force Dijkstra.
#include "network/isochrone.h"

#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "coverage_test_support.h"
#include "network/coverage_field.h"
#include "network/link_times.h"

namespace jingwei {
namespace {

constexpr Millis kLimits[] = {60000, 180000, 300000};

std::vector<SearchSeed> sorted(std::vector<SearchSeed> s) {
    std::sort(s.begin(), s.end(), [](const SearchSeed& a, const SearchSeed& b) {
        return a.node < b.node || (a.node == b.node && a.time_ms < b.time_ms);
    });
    return s;
}

// Many random sources: reach sets and times equal brute force for every limit.
void checkReachEqualsBruteForce(const RoadData& roads, const TravelGraph& g, std::uint64_t seed, int sources) {
    const SnapIndex index(g);
    IsochroneSearch search(g);
    Reach r;
    std::mt19937_64 rng(seed);
    int tested = 0;
    std::size_t partial_links = 0;
    for (int i = 0; i < sources; ++i) {
        const Snap s = index.snap(test::randomNear(g, rng, 30));
        if (!s.on_network) continue;
        ++tested;
        const std::vector<SearchSeed> ref_seeds = test::bruteForceSeeds(roads, g.model(), g, s);
        std::vector<SearchSeed> seeds = originSeeds(g, s);
        for (SearchSeed& x : seeds) x.node = g.roadNode(x.node);
        ASSERT_EQ(seeds.size(), ref_seeds.size());
        const auto a = sorted(seeds), b = sorted(ref_seeds);
        for (std::size_t k = 0; k < a.size(); ++k) {
            EXPECT_EQ(a[k].node, b[k].node);
            EXPECT_EQ(a[k].time_ms, b[k].time_ms);
        }
        const std::vector<Millis> full =
            test::toGraphOrder(g, test::bruteForceTimes(roads, g.model(), ref_seeds, kLimits[2]));
        for (Millis limit : kLimits) {
            search.run(s, limit, r);
            std::vector<Millis> ours(g.nodeCount(), kUnreachedMs);
            for (std::size_t k = 0; k < r.nodes.size(); ++k) {
                ASSERT_EQ(ours[r.nodes[k]], kUnreachedMs) << "node settled twice";
                ours[r.nodes[k]] = r.time_ms[k];
                if (k > 0) {
                    EXPECT_LE(r.time_ms[k - 1], r.time_ms[k]);
                }
                EXPECT_EQ(search.timeOf(r.nodes[k]), r.time_ms[k]);
            }
            std::size_t mismatches = 0;
            for (NodeId v = 0; v < g.nodeCount(); ++v) {
                const Millis want = full[v] <= limit ? full[v] : kUnreachedMs;
                if (ours[v] != want) ++mismatches;
            }
            EXPECT_EQ(mismatches, 0u) << "source " << i << " limit " << limit;
            // Partial edges: a link whose near end is reached but whose far
            // end is not is counted with the reached fraction.
            std::vector<TimePiece> pieces;
            for (LinkId l = 0; l < g.linkCount(); ++l) {
                const RoadLink& link = g.link(l);
                pieces.clear();
                const OnLinkUnit self{0, s.fraction};
                appendLinkPieces(g, l, ours[link.from], 0, ours[link.to], 0,
                                 l == s.link ? std::span<const OnLinkUnit>(&self, 1) : std::span<const OnLinkUnit>(),
                                 pieces);
                const double f = reachedFraction(pieces, limit);
                if (l != s.link) {
                    EXPECT_NEAR(f, reachedFractionFromNodes(g, l, ours[link.from], ours[link.to], limit), 1e-12);
                }
                EXPECT_GE(f, 0.0);
                EXPECT_LE(f, 1.0 + 1e-12);
                const bool from_in = ours[link.from] != kUnreachedMs, to_in = ours[link.to] != kUnreachedMs;
                if (link.forward != kNoId && from_in && !to_in && l != s.link) {
                    // Exactly the time left, over the link's time.
                    const double want = static_cast<double>(limit - ours[link.from]) / g.costMs(link.forward);
                    if (link.backward == kNoId) {
                        EXPECT_NEAR(f, std::min(1.0, want), 1e-9);
                        ++partial_links;
                    }
                }
            }
        }
    }
    EXPECT_GT(tested, sources / 2);
    EXPECT_GT(partial_links, 0u);
}

TEST(Isochrone, FutianReachEqualsBruteForce) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    checkReachEqualsBruteForce(test::futianMap().roads, *test::futianGraph(), 1, 40);
}

TEST(Isochrone, SyntheticCityReachEqualsBruteForce) {
    checkReachEqualsBruteForce(test::syntheticMap().roads, *test::syntheticGraph(), 2, 40);
}

// A random graph (no geometry meaning, random one-way edges) as a third case.
TEST(Isochrone, RandomGraphReachEqualsBruteForce) {
    std::mt19937_64 rng(77);
    RoadData r;
    const int n = 600;
    for (int i = 0; i < n; ++i) {
        RoadNode nd;
        nd.source_id = i;
        nd.pos.x = static_cast<double>(rng() % 5000);
        nd.pos.y = static_cast<double>(rng() % 5000);
        r.nodes.push_back(nd);
    }
    for (int i = 0; i < 2400; ++i) {
        RoadEdge e;
        e.from = static_cast<std::uint32_t>(rng() % n);
        e.to = static_cast<std::uint32_t>(rng() % n);
        e.length_m = static_cast<double>(rng() % 400) + 0.5;
        e.road_class = static_cast<RoadClass>(rng() % 7);
        r.edges.push_back(e);
    }
    const TravelGraph g(r);
    IsochroneSearch search(g);
    Reach reach;
    for (int i = 0; i < 50; ++i) {
        const SearchSeed road_seed{static_cast<NodeId>(rng() % n), static_cast<Millis>(rng() % 5000)};
        const SearchSeed seed{g.nodeOfRoadNode(road_seed.node), road_seed.time_ms};
        const auto ref = test::toGraphOrder(g, test::bruteForceTimes(r, g.model(), {road_seed}, 300000));
        for (Millis limit : kLimits) {
            search.runFromSeeds(std::span<const SearchSeed>(&seed, 1), limit, reach);
            std::vector<Millis> ours(g.nodeCount(), kUnreachedMs);
            for (std::size_t k = 0; k < reach.nodes.size(); ++k) ours[reach.nodes[k]] = reach.time_ms[k];
            for (NodeId v = 0; v < g.nodeCount(); ++v)
                ASSERT_EQ(ours[v], ref[v] <= limit ? ref[v] : kUnreachedMs) << "node " << v << " limit " << limit;
        }
    }
}

// A straight street A(0) – B(100 m) – C(300 m) at 20 km/h (100 m = 18 s).
RoadData straightStreet(bool ab_oneway) {
    RoadData r;
    const double xs[] = {0, 100, 300};
    for (int i = 0; i < 3; ++i) {
        RoadNode n;
        n.pos.x = xs[i];
        r.nodes.push_back(n);
    }
    auto add = [&](std::uint32_t a, std::uint32_t b) {
        RoadEdge e;
        e.from = a;
        e.to = b;
        e.length_m = std::abs(xs[b] - xs[a]);
        e.road_class = RoadClass::Residential;
        e.shape_begin = static_cast<std::uint32_t>(r.shape.size());
        e.shape_count = 2;
        r.shape.push_back(r.nodes[a].pos);
        r.shape.push_back(r.nodes[b].pos);
        r.edges.push_back(e);
    };
    add(0, 1);
    if (!ab_oneway) add(1, 0);
    add(1, 2);
    add(2, 1);
    return r;
}

TEST(Isochrone, PartialEdgesFromAPointPartWayAlongARoad) {
    TravelTimeModel m;
    m.emergency = false;
    const TravelGraph g(straightStreet(false), m);
    const SnapIndex index(g);
    const Snap s = index.snap({25, 3});
    ASSERT_TRUE(s.on_network);
    EXPECT_NEAR(s.fraction, 0.25, 1e-12);
    EXPECT_NEAR(s.distance_m, 3, 1e-12);
    IsochroneSearch search(g);
    Reach r;
    search.run(s, 20000, r);
    const NodeId A = g.nodeOfRoadNode(0), B = g.nodeOfRoadNode(1), C = g.nodeOfRoadNode(2);
    EXPECT_EQ(search.timeOf(A), 4500u);    // back to A: 25 m
    EXPECT_EQ(search.timeOf(B), 13500u);   // on to B: 75 m
    EXPECT_EQ(search.timeOf(C), kUnreachedMs);
    // B–C is reached for (20 − 13.5) s of its 36 s.
    std::vector<TimePiece> pieces;
    const LinkId bc = g.linkOfEdge(2);
    ASSERT_EQ(g.link(bc).from, B);
    appendLinkPieces(g, bc, search.timeOf(B), 0, kUnreachedMs, 0, {}, pieces);
    std::vector<std::pair<double, double>> iv;
    reachedIntervals(pieces, 20000, iv);
    ASSERT_EQ(iv.size(), 1u);
    EXPECT_NEAR(iv[0].first, 0, 1e-12);
    EXPECT_NEAR(iv[0].second, 6500.0 / 36000.0, 1e-12);
}

TEST(Isochrone, OneWayStreetIsReachedOnlyDownstream) {
    TravelTimeModel m;
    m.emergency = false;
    const TravelGraph g(straightStreet(true), m);
    const SnapIndex index(g);
    const Snap s = index.snap({25, 0});
    IsochroneSearch search(g);
    Reach r;
    search.run(s, 5000, r);
    EXPECT_TRUE(r.nodes.empty());
    const OnLinkUnit self{0, s.fraction};
    std::vector<TimePiece> pieces;
    appendLinkPieces(g, s.link, kUnreachedMs, 0, kUnreachedMs, 0, std::span<const OnLinkUnit>(&self, 1), pieces);
    std::vector<std::pair<double, double>> iv;
    reachedIntervals(pieces, 5000, iv);
    ASSERT_EQ(iv.size(), 1u);
    EXPECT_NEAR(iv[0].first, 0.25, 1e-12);
    EXPECT_NEAR(iv[0].second, 0.25 + 5.0 / 18.0, 1e-12);
    // Absurd limits are refused rather than allocating for them.
    EXPECT_THROW(search.run(s, kMaxSearchLimitMs + 1, r), Error);
    EXPECT_THROW(computeCoverageField(g, std::span<const Snap>(&s, 1), kMaxSearchLimitMs + 1), Error);
    // Relaxed one-way rules: the unit may also go back to A (25 m × 1.5).
    m.relax_oneway = true;
    const TravelGraph g2(straightStreet(true), m);
    IsochroneSearch search2(g2);
    search2.run(SnapIndex(g2).snap({25, 0}), 10000, r);
    EXPECT_EQ(search2.timeOf(g2.nodeOfRoadNode(0)), 6750u);
}

// The multi-source field is the lexicographic minimum of (time, unit) over
// the units' own brute-force searches, for any thread count.
void checkField(const RoadData& roads, const TravelGraph& g, int units, std::uint64_t seed) {
    const SnapIndex index(g);
    std::mt19937_64 rng(seed);
    std::vector<Snap> snaps;
    for (int i = 0; i < units; ++i) snaps.push_back(index.snap(test::randomNear(g, rng, 40)));
    snaps.push_back(snaps[3]);  // an exact tie: same place, higher index
    snaps.push_back(Snap{});    // an off-network unit
    const Millis limit = 180000;
    std::vector<std::uint64_t> want(g.nodeCount(), kNoLabel);
    for (std::uint32_t u = 0; u < snaps.size(); ++u) {
        const auto t = test::toGraphOrder(
            g, test::bruteForceTimes(roads, g.model(), test::bruteForceSeeds(roads, g.model(), g, snaps[u]), limit));
        for (NodeId v = 0; v < g.nodeCount(); ++v)
            if (t[v] != kUnreachedMs) want[v] = std::min(want[v], packLabel(t[v], u));
    }
    for (int threads : {1, 2, 3}) {
        const CoverageField f = computeCoverageField(g, snaps, limit, threads);
        std::size_t bad = 0;
        for (NodeId v = 0; v < g.nodeCount(); ++v) {
            const Millis t = want[v] == kNoLabel ? kUnreachedMs : static_cast<Millis>(want[v] >> 32);
            const std::uint32_t o = want[v] == kNoLabel ? kNoId : static_cast<std::uint32_t>(want[v]);
            if (f.time_ms[v] != t || f.owner[v] != o) ++bad;
        }
        EXPECT_EQ(bad, 0u) << threads << " threads";
        for (NodeId v = 0; v < g.nodeCount(); ++v) EXPECT_NE(f.owner[v], snaps.size() - 2);  // the tie goes to unit 3
    }
}

TEST(CoverageField, FutianEqualsMinimumOverUnits) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    checkField(test::futianMap().roads, *test::futianGraph(), 25, 3);
}

TEST(CoverageField, SyntheticEqualsMinimumOverUnits) {
    checkField(test::syntheticMap().roads, *test::syntheticGraph(), 60, 4);
}

}  // namespace
}  // namespace jingwei
