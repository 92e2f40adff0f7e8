// Snapping: the grid index against a brute-force nearest segment.
#include "network/snapping.h"

#include <gtest/gtest.h>

#include <random>

#include "coverage_test_support.h"

namespace jingwei {
namespace {

// Nearest segment by scanning all of them, with the index's tie rule.
Snap bruteForceSnap(const TravelGraph& g, XY p, double max_m) {
    Snap best;
    best.query = p;
    double bd = std::numeric_limits<double>::infinity();
    for (LinkId l = 0; l < g.linkCount(); ++l) {
        const auto pts = g.shape(l);
        for (std::uint32_t i = 0; i + 1 < pts.size(); ++i) {
            double t;
            const double d = pointSegmentDistance(p, pts[i], pts[i + 1], &t);
            if (d < bd - 1e-9) {
                bd = d;
                best.link = l;
                best.segment = i;
                best.distance_m = d;
            }
        }
    }
    best.on_network = bd <= max_m;
    return best;
}

void checkAgainstBruteForce(const TravelGraph& g, std::uint64_t seed, int count, double spread) {
    const SnapIndex index(g);
    std::mt19937_64 rng(seed);
    int on = 0, off = 0;
    for (int i = 0; i < count; ++i) {
        const XY p = test::randomNear(g, rng, spread);
        const Snap s = index.snap(p, kDefaultMaxSnapM);
        const Snap b = bruteForceSnap(g, p, kDefaultMaxSnapM);
        ASSERT_EQ(s.on_network, b.on_network) << "point " << p.x << "," << p.y;
        if (!b.on_network) {
            ++off;
            continue;
        }
        ++on;
        EXPECT_NEAR(s.distance_m, b.distance_m, 1e-9);
        EXPECT_EQ(s.link, b.link);
        EXPECT_EQ(s.segment, b.segment);
        // The snapped point is on the link at the reported fraction.
        const XY q = g.pointAt(s.link, s.fraction);
        EXPECT_NEAR(q.x, s.point.x, 1e-6);
        EXPECT_NEAR(q.y, s.point.y, 1e-6);
        EXPECT_NEAR(s.offset_m, s.fraction * g.link(s.link).length_m, 1e-6);
        EXPECT_NEAR(std::hypot(s.point.x - p.x, s.point.y - p.y), s.distance_m, 1e-6);
    }
    EXPECT_GT(on, count / 2);
    if (spread > kDefaultMaxSnapM * 2) {
        EXPECT_GT(off, 0);
    }
}

TEST(Snapping, FutianEqualsBruteForceNearestSegment) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    checkAgainstBruteForce(*test::futianGraph(), 11, 1500, 60);
    checkAgainstBruteForce(*test::futianGraph(), 12, 500, 600);
}

TEST(Snapping, SyntheticEqualsBruteForceNearestSegment) {
    checkAgainstBruteForce(*test::syntheticGraph(), 13, 1000, 80);
    checkAgainstBruteForce(*test::syntheticGraph(), 14, 300, 900);
}

TEST(Snapping, FarPointsAreOffNetwork) {
    const TravelGraph& g = *test::syntheticGraph();
    const SnapIndex index(g);
    const Bounds b = g.bounds();
    const Snap far = index.snap({b.max_x + 5000, b.max_y + 5000});
    EXPECT_FALSE(far.on_network);
    EXPECT_EQ(far.link, kNoId);
    // The maximum snap distance decides: just above the distance snaps, just
    // below is off-network.
    const XY p = {b.min_x - 150, b.centerY()};
    const Snap s = index.snap(p, 10000);
    ASSERT_TRUE(s.on_network);
    EXPECT_GE(s.distance_m, 150 - 1e-6);
    EXPECT_TRUE(index.snap(p, s.distance_m + 0.01).on_network);
    EXPECT_FALSE(index.snap(p, s.distance_m - 0.01).on_network);
    EXPECT_FALSE(index.snap({std::nan(""), 0}).on_network);
}

TEST(Snapping, SegmentsNearAreWithinTheRadius) {
    const TravelGraph& g = *test::syntheticGraph();
    const SnapIndex index(g);
    std::mt19937_64 rng(5);
    std::vector<SegmentRef> near;
    for (int i = 0; i < 200; ++i) {
        const XY p = test::randomNear(g, rng, 100);
        index.segmentsNear(p, 75, near);
        std::size_t brute = 0;
        for (LinkId l = 0; l < g.linkCount(); ++l) {
            const auto pts = g.shape(l);
            for (std::uint32_t k = 0; k + 1 < pts.size(); ++k)
                if (pointSegmentDistance(p, pts[k], pts[k + 1], nullptr) <= 75) ++brute;
        }
        EXPECT_EQ(near.size(), brute);
    }
}

}  // namespace
}  // namespace jingwei
