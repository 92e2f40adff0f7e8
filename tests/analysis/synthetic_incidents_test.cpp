#include <gtest/gtest.h>

#include <array>
#include <map>

#include "analysis/synthetic_incidents.h"
#include "analysis_test_support.h"
#include "core/error.h"

using namespace jingwei;

namespace {

IncidentSet make(std::uint64_t seed, std::size_t n) {
    SyntheticIncidentParams p;
    p.seed = seed;
    p.count = n;
    return generateSyntheticIncidents(test::smallCity(), p);
}

template <std::size_t K>
double chiSquare(const std::array<double, K>& observed, const std::array<double, K>& expected) {
    double x = 0;
    for (std::size_t k = 0; k < K; ++k) x += (observed[k] - expected[k]) * (observed[k] - expected[k]) / expected[k];
    return x;
}

// Critical values of the chi-square distribution at p = 0.001.
constexpr double kChi2_23_p001 = 49.728;  // 24 hours → 23 degrees of freedom
constexpr double kChi2_6_p001 = 22.458;   // 7 weekdays → 6

}  // namespace

TEST(SyntheticIncidents, SameSeedSameIncidentsBitForBit) {
    const IncidentSet a = make(7, 3000), b = make(7, 3000);
    ASSERT_EQ(a.size(), 3000u);
    EXPECT_EQ(a.ids(), b.ids());
    EXPECT_EQ(a.times(), b.times());
    EXPECT_EQ(a.categoryIndex(), b.categoryIndex());
    EXPECT_EQ(a.priorities(), b.priorities());
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a.positions()[i].x, b.positions()[i].x);
        ASSERT_EQ(a.positions()[i].y, b.positions()[i].y);
        ASSERT_EQ(a.positions()[i].lon, b.positions()[i].lon);
        ASSERT_EQ(a.positions()[i].lat, b.positions()[i].lat);
    }
}

TEST(SyntheticIncidents, DifferentSeedDiffers) {
    const IncidentSet a = make(7, 1000), b = make(8, 1000);
    std::size_t same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a.positions()[i].x == b.positions()[i].x;
    EXPECT_LT(same, 10u);
    EXPECT_NE(a.times(), b.times());
}

TEST(SyntheticIncidents, LabelledSyntheticSortedAndOnTheMap) {
    const IncidentSet s = make(1, 5000);
    ASSERT_EQ(s.sources().size(), 1u);
    EXPECT_EQ(s.sources()[0], "合成示例");
    EXPECT_EQ(s.ids().front(), "SYN-000001");
    EXPECT_EQ(s.localUtcOffset(), 8 * 3600);
    EXPECT_EQ(s.crs(), test::smallCity().crs);
    for (std::size_t i = 1; i < s.size(); ++i) ASSERT_LE(s.times()[i - 1], s.times()[i]);
    // Within a few kilometres of the roads (hotspot tails may leave the extent a little).
    Bounds roads = test::smallCity().roads.boundsXY();
    const Bounds b = s.boundsXY();
    EXPECT_GT(b.min_x, roads.min_x - 2000);
    EXPECT_LT(b.max_x, roads.max_x + 2000);
    // Categories carry their priorities.
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto& c = s.categories()[s.categoryIndex()[i]];
        ASSERT_EQ(s.priorities()[i], c.priority) << c.name;
    }
    EXPECT_EQ(s.categories()[static_cast<std::size_t>(s.findCategory("抢劫"))].priority, 1);
    EXPECT_EQ(s.categories()[static_cast<std::size_t>(s.findCategory("求助"))].priority, 4);
    // Times fall in 2025 (local).
    EXPECT_GE(s.firstDay().front(), daysFromCivil(2025, 1, 1));
    EXPECT_LE(s.lastDay().back(), daysFromCivil(2025, 12, 31));
}

TEST(SyntheticIncidents, HourAndWeekdayHistogramsFollowTheProfile) {
    const std::size_t n = 60000;
    const IncidentSet s = make(2026, n);
    std::array<double, 24> hours{}, hours_expected{};
    std::array<double, 7> days{}, days_expected{};
    for (std::size_t i = 0; i < n; ++i) {
        hours[s.hours()[i]] += 1;
        days[s.weekdays()[i]] += 1;
    }
    double hw = 0;
    for (double w : kDefaultHourProfile) hw += w;
    for (int h = 0; h < 24; ++h) hours_expected[static_cast<std::size_t>(h)] = n * kDefaultHourProfile[static_cast<std::size_t>(h)] / hw;
    // 2025 has 53 Wednesdays; the weekday weight applies per day.
    const std::int64_t start = daysFromCivil(2025, 1, 1);
    std::array<double, 7> weight_by_weekday{};
    double total = 0;
    for (int d = 0; d < 365; ++d) {
        const int wd = weekdayFromDays(start + d);
        weight_by_weekday[static_cast<std::size_t>(wd)] += kDefaultWeekdayProfile[static_cast<std::size_t>(wd)];
        total += kDefaultWeekdayProfile[static_cast<std::size_t>(wd)];
    }
    for (int d = 0; d < 7; ++d) days_expected[static_cast<std::size_t>(d)] = n * weight_by_weekday[static_cast<std::size_t>(d)] / total;

    EXPECT_LT(chiSquare(hours, hours_expected), kChi2_23_p001);
    EXPECT_LT(chiSquare(days, days_expected), kChi2_6_p001);
    // The test has power: a flat profile is rejected.
    std::array<double, 24> flat{};
    flat.fill(static_cast<double>(n) / 24);
    EXPECT_GT(chiSquare(hours, flat), kChi2_23_p001);
    // The evening peak is the busiest time.
    EXPECT_GT(hours[20], 4 * hours[4]);
}

TEST(SyntheticIncidents, CategorySharesFollowTheWeights) {
    const std::size_t n = 20000;
    const IncidentSet s = make(3, n);
    std::map<std::string, double> count;
    for (std::size_t i = 0; i < n; ++i) count[s.categories()[s.categoryIndex()[i]].name] += 1;
    double total_w = 0;
    for (const auto& c : defaultSyntheticCategories()) total_w += c.weight;
    for (const auto& c : defaultSyntheticCategories()) {
        const double p = c.weight / total_w;
        EXPECT_NEAR(count[c.name] / n, p, 5 * std::sqrt(p * (1 - p) / n)) << c.name;
    }
}

TEST(SyntheticIncidents, BadParametersAreErrors) {
    SyntheticIncidentParams p;
    p.start_date = "2025-13-01";
    EXPECT_THROW(generateSyntheticIncidents(test::smallCity(), p), Error);
    p = {};
    p.hour_profile.fill(0);
    EXPECT_THROW(generateSyntheticIncidents(test::smallCity(), p), Error);
    EXPECT_THROW(generateSyntheticIncidents(MapModel{}, SyntheticIncidentParams{}), Error);
}
