#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/bandwidth.h"
#include "core/error.h"

using namespace jingwei;

TEST(Bandwidth, ScottOnASquareByHand) {
    // Corners of a 2 m square: s_x² = s_y² = (1+1+1+1)/3 = 4/3 (divisor n−1),
    // σ̄ = sqrt(4/3), h = σ̄ · 4^(−1/6).
    const std::vector<XY> p = {{0, 0}, {2, 0}, {0, 2}, {2, 2}};
    EXPECT_NEAR(scottBandwidth(p), std::sqrt(4.0 / 3.0) * std::pow(4.0, -1.0 / 6.0), 1e-12);
}

TEST(Bandwidth, SilvermanOnASquareByHand) {
    // SD = sqrt(Σ(dx²+dy²)/n) = sqrt(2); every distance to the centre is
    // sqrt(2) so D_m = sqrt(2) and sqrt(1/ln 2)·D_m > SD; h = 0.9·sqrt(2)·4^(−0.2).
    const std::vector<XY> p = {{0, 0}, {2, 0}, {0, 2}, {2, 2}};
    EXPECT_NEAR(silvermanBandwidth(p), 0.9 * std::sqrt(2.0) * std::pow(4.0, -0.2), 1e-12);
}

TEST(Bandwidth, SilvermanUsesTheMedianDistanceWhenItIsSmaller) {
    // Three points on the centre-ish and one far away: D_m is small.
    const std::vector<XY> p = {{0, 0}, {1, 0}, {0, 1}, {100, 100}};
    const double mx = 101.0 / 4, my = 101.0 / 4;
    std::vector<double> d;
    double ss = 0;
    for (const XY q : p) {
        d.push_back(std::hypot(q.x - mx, q.y - my));
        ss += (q.x - mx) * (q.x - mx) + (q.y - my) * (q.y - my);
    }
    std::sort(d.begin(), d.end());
    const double dm = d[1];  // weighted median: first distance where the cumulative weight reaches n/2
    const double sd = std::sqrt(ss / 4);
    EXPECT_LT(std::sqrt(1 / std::log(2.0)) * dm, sd);
    EXPECT_NEAR(silvermanBandwidth(p), 0.9 * std::sqrt(1 / std::log(2.0)) * dm * std::pow(4.0, -0.2), 1e-12);
}

TEST(Bandwidth, WeightsCountAsRepeatedPointsForSilverman) {
    const std::vector<XY> p = {{0, 0}, {10, 0}, {0, 7}};
    const std::vector<double> w = {2, 1, 1};
    const std::vector<XY> rep = {{0, 0}, {0, 0}, {10, 0}, {0, 7}};
    EXPECT_NEAR(silvermanBandwidth(p, w), silvermanBandwidth(rep), 1e-12);
}

TEST(Bandwidth, DegenerateInputIsAnError) {
    const std::vector<XY> one = {{1, 1}};
    const std::vector<XY> same = {{1, 1}, {1, 1}, {1, 1}};
    EXPECT_THROW(scottBandwidth(one), Error);
    EXPECT_THROW(silvermanBandwidth(same), Error);
    EXPECT_THROW(scottBandwidth(same), Error);
    EXPECT_EQ(parseBandwidthRule("scott"), BandwidthRule::Scott);
    EXPECT_FALSE(parseBandwidthRule("foo"));
}
