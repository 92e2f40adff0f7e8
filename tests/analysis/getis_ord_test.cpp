#include <gtest/gtest.h>

#include <cmath>

#include "analysis/false_discovery.h"
#include "analysis/getis_ord.h"
#include "analysis/hotspot_list.h"
#include "core/error.h"

using namespace jingwei;

namespace {
// Five units on a line, 100 m apart, with values 1, 2, 3, 4, 10.
const std::vector<XY> kLine = {{0, 0}, {100, 0}, {200, 0}, {300, 0}, {400, 0}};
const std::vector<double> kValues = {1, 2, 3, 4, 10};
}  // namespace

TEST(GetisOrd, HandComputedDistanceBand) {
    // n = 5, Σx = 20, X̄ = 4, Σx² = 130, S = sqrt(130/5 − 4²) = sqrt(10).
    // A 100 m band: each unit, itself and its neighbours on the line.
    // Unit 4: j ∈ {3, 4}: Σw = 2, Σwx = 4 + 10 = 14;
    //   numerator 14 − 4·2 = 6; denominator sqrt(10)·sqrt((5·2 − 2²)/4) = sqrt(15);
    //   z = 6/sqrt(15) = 1.549193338482967.
    // Unit 0: j ∈ {0, 1}: Σwx = 3, (3 − 8)/sqrt(15) = −1.290994448735806.
    // Unit 1: j ∈ {0, 1, 2}: Σw = 3, Σwx = 6; denominator sqrt(10)·sqrt((15 − 9)/4) = sqrt(15);
    //   (6 − 12)/sqrt(15) = −1.549193338482967.
    // Unit 2: j ∈ {1, 2, 3}: Σwx = 9, (9 − 12)/sqrt(15) = −0.774596669241483.
    // Unit 3: j ∈ {2, 3, 4}: Σwx = 17, (17 − 12)/sqrt(15) = 1.290994448735806.
    const GiStarResult r = getisOrdGiStar(kLine, kValues, SpatialWeights::band(100));
    const double s15 = std::sqrt(15.0);
    const double want[] = {-5 / s15, -6 / s15, -3 / s15, 5 / s15, 6 / s15};
    for (int i = 0; i < 5; ++i) EXPECT_NEAR(r.z[static_cast<std::size_t>(i)], want[i], 1e-12) << i;
    EXPECT_NEAR(r.z[4], 1.549193338482967, 1e-12);
    EXPECT_DOUBLE_EQ(r.mean, 4.0);
    EXPECT_NEAR(r.sd, std::sqrt(10.0), 1e-12);
    EXPECT_EQ(r.neighbours, (std::vector<std::uint32_t>{2, 3, 3, 3, 2}));
    // Two-sided p: erfc(|z|/√2); p(1.5492) = 0.121335…
    EXPECT_NEAR(r.p[4], 0.1213352503, 1e-9);
    // BH with m = 5: sorted p are p1 = p4 = 0.12134, p0 = p3 = 0.19671,
    // p2 = 0.43858; m·p/k = 0.6067, 0.3033, 0.3279, 0.2459, 0.4386; running
    // minimum from the top gives 0.2459 for all but unit 2 (0.4386).
    const double q_small = 5 * r.p[3] / 4;
    for (int i : {0, 1, 3, 4}) EXPECT_NEAR(r.q[static_cast<std::size_t>(i)], q_small, 1e-12) << i;
    EXPECT_NEAR(r.q[2], r.p[2], 1e-12);
}

TEST(GetisOrd, HandComputedKNearest) {
    // k = 1 plus the unit itself; unit 1 has two nearest at 100 m (0 and 2)
    // and takes the lower index, 0: Σwx = 1 + 2 = 3, z = (3 − 8)/sqrt(15).
    const GiStarResult r = getisOrdGiStar(kLine, kValues, SpatialWeights::nearest(1));
    const double s15 = std::sqrt(15.0);
    EXPECT_NEAR(r.z[0], -5 / s15, 1e-12);
    EXPECT_NEAR(r.z[1], -5 / s15, 1e-12);
    EXPECT_NEAR(r.z[2], (5 - 8) / s15, 1e-12);  // 2's nearest: 1 (tie with 3, lower index)
    EXPECT_NEAR(r.z[3], (7 - 8) / s15, 1e-12);  // 3's nearest: 2 (tie with 4)
    EXPECT_NEAR(r.z[4], 6 / s15, 1e-12);
    for (auto n : r.neighbours) EXPECT_EQ(n, 2u);
}

TEST(GetisOrd, KNearestMatchesBruteForceOnScatteredUnits) {
    std::vector<XY> c;
    std::vector<double> v;
    for (int i = 0; i < 400; ++i) {
        c.push_back(XY{std::fmod(i * 137.17, 1000.0), std::fmod(i * 71.3 + i * i * 0.37, 800.0)});
        v.push_back(static_cast<double>((i * 7) % 11));
    }
    const int k = 6;
    const GiStarResult r = getisOrdGiStar(c, v, SpatialWeights::nearest(k));
    double sum = 0, sum2 = 0;
    for (double x : v) {
        sum += x;
        sum2 += x * x;
    }
    const double n = 400, mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    for (std::size_t i = 0; i < c.size(); ++i) {
        std::vector<std::pair<double, std::size_t>> d;
        for (std::size_t j = 0; j < c.size(); ++j)
            if (j != i) d.emplace_back(std::pow(c[j].x - c[i].x, 2) + std::pow(c[j].y - c[i].y, 2), j);
        std::sort(d.begin(), d.end());
        double wx = v[i];
        for (int t = 0; t < k; ++t) wx += v[d[static_cast<std::size_t>(t)].second];
        const double w = k + 1;
        const double z = (wx - mean * w) / (sd * std::sqrt((n * w - w * w) / (n - 1)));
        ASSERT_NEAR(r.z[i], z, 1e-9) << i;
    }
}

TEST(GetisOrd, BenjaminiHochbergLikeR) {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
    const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
    const auto q = benjaminiHochberg(p);
    EXPECT_NEAR(q[0], 0.02, 1e-15);
    EXPECT_NEAR(q[1], 0.04, 1e-15);
    EXPECT_NEAR(q[2], 0.04, 1e-15);
    EXPECT_NEAR(q[3], 0.02, 1e-15);
}

TEST(GetisOrd, GridHotspotsAreRankedAndLocated) {
    // A 20×20 grid of 100 m cells, empty but for a cluster around (5, 14).
    const GridSpec g{500000, 2500000, 100, 20, 20};
    std::vector<XY> pts;
    for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di)
            for (int k = 0; k < (di == 0 && dj == 0 ? 30 : 8); ++k)
                pts.push_back(XY{g.centreX(5 + di), g.centreY(14 + dj)});
    pts.push_back(XY{g.centreX(17), g.centreY(2)});
    const auto counts = gridCounts(pts, {}, g);
    const auto centres = gridCentres(g);
    const GiStarResult gi = getisOrdGiStar(centres, counts, SpatialWeights::band(150));  // queen neighbours
    const auto hot = rankHotspots(gi, centres, counts, "EPSG:32650");
    ASSERT_FALSE(hot.empty());
    EXPECT_EQ(hot[0].unit, static_cast<std::size_t>(14 * 20 + 5));
    EXPECT_EQ(hot[0].value, 30);
    EXPECT_EQ(hot[0].confidence, 99);
    EXPECT_DOUBLE_EQ(hot[0].centre.x, g.centreX(5));
    EXPECT_GT(hot[0].centre.lon, 110);   // UTM 50N
    EXPECT_LT(hot[0].centre.lon, 120);
    for (std::size_t i = 1; i < hot.size(); ++i) EXPECT_GE(hot[i - 1].z, hot[i].z);
    for (const auto& h : hot) {
        EXPECT_LE(h.q, 0.05);
        EXPECT_GT(h.z, 0);
    }
}

TEST(GetisOrd, BadInputIsAnError) {
    EXPECT_THROW(getisOrdGiStar(kLine, std::vector<double>{1, 2}, SpatialWeights::band(100)), Error);
    EXPECT_THROW(getisOrdGiStar(kLine, kValues, SpatialWeights::band(0)), Error);
    EXPECT_THROW(getisOrdGiStar(kLine, kValues, SpatialWeights::nearest(0)), Error);
    // No spread: z = 0, p = 1.
    const GiStarResult r = getisOrdGiStar(kLine, std::vector<double>(5, 3.0), SpatialWeights::band(100));
    for (double z : r.z) EXPECT_EQ(z, 0);
}
