// Ring polygons: validity, nesting, holes, and the right places inside and
// outside.
#include "network/rings.h"

#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "coverage_test_support.h"

namespace jingwei {
namespace {

// How far a ring's edge may be from the exact offset curve: half a cell
// diagonal plus the shape simplification, plus float slack.
double slack(const RingOptions& o) { return o.cell_m * 0.7072 + o.simplify_m + 0.01; }

// The reached parts of every link within limit_ms, as polylines.
std::vector<std::vector<XY>> reachedParts(const TravelGraph& g, const UnitRings& ur, Millis limit_ms) {
    std::vector<Millis> t(g.nodeCount(), kUnreachedMs);
    for (std::size_t k = 0; k < ur.reach.nodes.size(); ++k)
        if (ur.reach.time_ms[k] <= limit_ms) t[ur.reach.nodes[k]] = ur.reach.time_ms[k];
    std::vector<std::vector<XY>> out;
    std::vector<TimePiece> pieces;
    std::vector<std::pair<double, double>> iv;
    const OnLinkUnit self{0, ur.origin.fraction};
    for (LinkId l = 0; l < g.linkCount(); ++l) {
        const RoadLink& link = g.link(l);
        pieces.clear();
        appendLinkPieces(g, l, t[link.from], 0, t[link.to], 0,
                         l == ur.origin.link ? std::span<const OnLinkUnit>(&self, 1) : std::span<const OnLinkUnit>(),
                         pieces);
        reachedIntervals(pieces, limit_ms, iv);
        const auto pts = g.shape(l);
        const auto off = g.shapeOffsetsM(l);
        for (const auto& [a, b] : iv) {
            std::vector<XY> part{g.pointAt(l, a)};
            for (std::size_t i = 0; i < pts.size(); ++i) {
                const double f = link.length_m > 0 ? off[i] / link.length_m : 0;
                if (f > a && f < b) part.push_back(pts[i]);
            }
            part.push_back(g.pointAt(l, b));
            out.push_back(std::move(part));
        }
    }
    return out;
}

double distanceTo(const std::vector<std::vector<XY>>& parts, XY p) {
    double d = std::numeric_limits<double>::infinity();
    for (const auto& part : parts)
        for (std::size_t i = 0; i + 1 < part.size(); ++i) d = std::min(d, pointSegmentDistance(p, part[i], part[i + 1], nullptr));
    return d;
}

std::vector<Snap> someUnits(const TravelGraph& g, std::uint64_t seed, int n) {
    const SnapIndex index(g);
    std::mt19937_64 rng(seed);
    std::vector<Snap> out;
    while (static_cast<int>(out.size()) < n) {
        const Snap s = index.snap(test::randomNear(g, rng, 40));
        if (s.on_network) out.push_back(s);
    }
    return out;
}

void checkNestedAndValid(const TravelGraph& g, std::uint64_t seed) {
    RingBuilder rb(g);
    for (const Snap& s : someUnits(g, seed, 4)) {
        const UnitRings ur = rb.build(s);
        ASSERT_EQ(ur.rings.size(), 3u);
        EXPECT_EQ(ur.rings[0].minutes, 1);
        EXPECT_EQ(ur.rings[2].limit_ms, 300000u);
        for (std::size_t k = 0; k < 3; ++k) {
            std::string why;
            EXPECT_TRUE(isValid(ur.rings[k].polygons, &why)) << why;
            EXPECT_GT(ur.rings[k].area_m2, 0);
            EXPECT_NEAR(ur.rings[k].area_m2, area(ur.rings[k].polygons), 1e-6);
        }
        for (std::size_t k = 0; k + 1 < 3; ++k) {
            EXPECT_TRUE(containsAll(ur.rings[k + 1].polygons, ur.rings[k].polygons)) << "band " << k;
            EXPECT_NEAR(differenceArea(ur.rings[k].polygons, ur.rings[k + 1].polygons), 0.0, 1e-6);
            EXPECT_LE(ur.rings[k].area_m2, ur.rings[k + 1].area_m2);
        }
        // City blocks farther than the reach from any road stay holes.
        std::size_t holes = 0;
        for (const Polygon& p : ur.rings[2].polygons) holes += p.holes.size();
        EXPECT_GT(holes, 0u);
    }
}

TEST(Rings, FutianNestedValidWithHoles) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    checkNestedAndValid(*test::futianGraph(), 21);
}

TEST(Rings, SyntheticNestedValidWithHoles) { checkNestedAndValid(*test::syntheticGraph(), 22); }

// Nodes reached in 150–170 s are inside the 3-minute ring; nodes reached
// after 190 s whose every road is beyond 180 s + the reach are outside it.
TEST(Rings, SampleNodesFallInsideOrOutsideTheRightRing) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    const TravelGraph& g = *test::futianGraph();
    RingBuilder rb(g);
    const RingOptions& o = rb.options();
    std::size_t inside = 0, outside = 0;
    for (const Snap& s : someUnits(g, 23, 6)) {
        const UnitRings ur = rb.build(s);
        const MultiPolygon& ring3 = ur.rings[1].polygons;
        const auto parts = reachedParts(g, ur, 180000);
        for (std::size_t k = 0; k < ur.reach.nodes.size(); ++k) {
            const Millis t = ur.reach.time_ms[k];
            const XY p = g.nodeXY(ur.reach.nodes[k]);
            if (t >= 150000 && t <= 170000) {
                EXPECT_TRUE(containsPoint(ring3, p)) << "node at " << t << " ms";
                ++inside;
            } else if (t >= 190000 && distanceTo(parts, p) > o.offroad_m + slack(o)) {
                EXPECT_FALSE(containsPoint(ring3, p)) << "node at " << t << " ms";
                ++outside;
            }
        }
    }
    EXPECT_GT(inside, 20u);
    EXPECT_GT(outside, 20u);
}

// Every covered point is within the reach of a reached road, and every point
// well within the reach is covered.
TEST(Rings, NothingFarFromAReachedRoadIsCovered) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    const TravelGraph& g = *test::futianGraph();
    RingBuilder rb(g);
    const RingOptions& o = rb.options();
    std::mt19937_64 rng(24);
    for (const Snap& s : someUnits(g, 25, 2)) {
        const UnitRings ur = rb.build(s);
        for (std::size_t k : {0u, 1u}) {
            const auto parts = reachedParts(g, ur, ur.rings[k].limit_ms);
            const Bounds b = bounds(ur.rings[k].polygons);
            std::uniform_real_distribution<double> ux(b.min_x, b.max_x), uy(b.min_y, b.max_y);
            int in = 0;
            for (int i = 0; i < 400; ++i) {
                const XY p{ux(rng), uy(rng)};
                const double d = distanceTo(parts, p);
                const bool covered = containsPoint(ur.rings[k].polygons, p);
                if (covered) {
                    ++in;
                    EXPECT_LE(d, o.offroad_m + slack(o)) << "band " << k;
                }
                if (d <= o.offroad_m - slack(o)) {
                    EXPECT_TRUE(covered) << "band " << k << " d " << d;
                }
            }
            EXPECT_GT(in, 20);
        }
    }
}

TEST(Rings, GdalPolygonizeGivesTheSameRings) {
    const TravelGraph& g = *test::syntheticGraph();
    RingOptions gdal;
    gdal.polygonizer = Polygonizer::Gdal;
    RingBuilder a(g), b(g, gdal);
    for (const Snap& s : someUnits(g, 26, 3)) {
        const UnitRings ra = a.build(s), rb = b.build(s);
        for (std::size_t k = 0; k < 3; ++k) {
            EXPECT_NEAR(ra.rings[k].area_m2, rb.rings[k].area_m2, 1e-6);
            EXPECT_NEAR(differenceArea(ra.rings[k].polygons, rb.rings[k].polygons), 0.0, 1e-6);
            EXPECT_NEAR(differenceArea(rb.rings[k].polygons, ra.rings[k].polygons), 0.0, 1e-6);
        }
    }
}

TEST(Rings, AnyListOfMinutesAndOffNetworkUnits) {
    const TravelGraph& g = *test::syntheticGraph();
    RingOptions o;
    o.minutes = {4, 0.5, 2, 2};
    o.offroad_m = 30;
    RingBuilder rb(g, o);
    const UnitRings ur = rb.build(someUnits(g, 27, 1)[0]);
    ASSERT_EQ(ur.rings.size(), 3u);
    EXPECT_EQ(ur.rings[0].minutes, 0.5);
    EXPECT_EQ(ur.rings[1].minutes, 2);
    EXPECT_EQ(ur.rings[2].minutes, 4);
    EXPECT_EQ(ur.rings[0].limit_ms, 30000u);
    EXPECT_TRUE(containsAll(ur.rings[2].polygons, ur.rings[0].polygons));
    const UnitRings off = rb.build(Snap{});
    ASSERT_EQ(off.rings.size(), 3u);
    for (const Ring& r : off.rings) EXPECT_TRUE(r.polygons.empty());
    o.minutes = {};
    EXPECT_THROW(RingBuilder(g, o), Error);
    o.minutes = {1};
    o.cell_m = 0;
    EXPECT_THROW(RingBuilder(g, o), Error);
}

}  // namespace
}  // namespace jingwei
