// The placement problem's building blocks: straight-line travel lists,
// cover sets and plan scores, each against a brute-force computation.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "place/objective.h"
#include "place/problem.h"
#include "place_test_support.h"

using namespace jingwei;
using namespace jingwei::place;
using jingwei::test::pairTimeMs;
using jingwei::test::smallInstance;

TEST(PlaceProblem, StraightLineListsMatchEveryPair) {
    const auto s = smallInstance(3, 40, 700, 8000, 240);
    const PlacementProblem& p = s.problem;
    std::size_t pairs = 0;
    for (std::uint32_t j = 0; j < p.candidates.size(); ++j) {
        std::set<std::uint32_t> listed;
        Millis last = 0;
        std::uint32_t last_i = 0;
        for (const TravelEntry& e : p.times.of(j)) {
            EXPECT_EQ(static_cast<double>(e.time_ms), pairTimeMs(s, j, e.demand));
            EXPECT_TRUE(e.time_ms > last || (e.time_ms == last && (listed.empty() || e.demand > last_i)))
                << "entries sorted by time, then demand";
            last = e.time_ms;
            last_i = e.demand;
            listed.insert(e.demand);
        }
        for (std::uint32_t i = 0; i < p.demand.size(); ++i)
            EXPECT_EQ(listed.count(i) == 1, std::isfinite(pairTimeMs(s, j, i))) << j << " " << i;
        pairs += listed.size();
    }
    EXPECT_EQ(p.times.entryCount(), pairs);
    EXPECT_GT(pairs, 1000u);
    EXPECT_EQ(p.times.horizonMs(), 240000u);
}

TEST(PlaceProblem, CoveredWithinIsDistanceTimesSpeed) {
    // 1500 m at 30 km/h is exactly 180 s: a point at 1500 m is covered, at 1500.01 m it is not.
    std::vector<Candidate> c(1);
    std::vector<DemandPoint> d(3);
    d[0].pos = {1500, 0};
    d[1].pos = {1500.01, 0};
    d[2].pos = {0, 1499.99};
    const TravelLists t = euclideanTravelLists(c, d, 30, 180);
    ASSERT_EQ(t.of(0).size(), 2u);
    EXPECT_EQ(t.of(0)[0].demand, 2u);
    EXPECT_EQ(t.of(0)[1].demand, 0u);
    EXPECT_EQ(t.of(0)[1].time_ms, 180000u);
    EXPECT_EQ(t.countWithin(0, 179999), 1u);
}

TEST(PlaceProblem, CoverSetsAndTheirTranspose) {
    const auto s = smallInstance(5, 30, 500);
    const CoverSets cs = coverSets(s.problem.times, 120000);
    std::size_t total = 0;
    for (std::uint32_t j = 0; j < 30; ++j) {
        std::set<std::uint32_t> expect;
        for (std::uint32_t i = 0; i < 500; ++i)
            if (pairTimeMs(s, j, i) <= 120000) expect.insert(i);
        const auto got = cs.demandOf(j);
        EXPECT_EQ(std::set<std::uint32_t>(got.begin(), got.end()), expect);
        EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
        total += got.size();
    }
    std::size_t back = 0;
    for (std::uint32_t i = 0; i < 500; ++i)
        for (const std::uint32_t j : cs.candidatesOf(i)) {
            EXPECT_LE(pairTimeMs(s, j, i), 120000);
            ++back;
        }
    EXPECT_EQ(back, total);

    // Renumbering keeps every pair, under the new demand numbers.
    std::vector<std::uint32_t> order(30), new_of_old;
    for (std::uint32_t j = 0; j < 30; ++j) order[j] = 29 - j;
    const CoverSets r = renumberDemand(cs, order, new_of_old);
    std::set<std::uint32_t> seen(new_of_old.begin(), new_of_old.end());
    EXPECT_EQ(seen.size(), 500u);
    for (std::uint32_t j = 0; j < 30; ++j) {
        std::set<std::uint32_t> expect;
        for (const std::uint32_t i : cs.demandOf(j)) expect.insert(new_of_old[i]);
        const auto got = r.demandOf(j);
        EXPECT_EQ(std::set<std::uint32_t>(got.begin(), got.end()), expect);
    }
}

TEST(PlaceProblem, ScoresMatchABruteForceCount) {
    const auto s = smallInstance(11, 20, 400);
    const std::vector<std::uint32_t> open = {1, 4, 9, 15};
    ObjectiveSpec spec;
    spec.kind = ObjectiveKind::DoubleCoverage;
    spec.k = 4;
    spec.cover_ms = 90000;
    spec.backup_ms = 180000;
    spec.backup_weight = 0.5;
    const PlanScore sc = scorePlan(s.problem, spec, open);
    double total = 0, covered = 0, backup = 0, reached = 0, reached_t = 0;
    std::vector<std::pair<double, double>> by_time;  // (time, weight)
    for (std::size_t i = 0; i < 400; ++i) {
        const double w = s.problem.demand[i].weight;
        int c1 = 0, c2 = 0;
        double best = INFINITY;
        for (const std::uint32_t j : open) {
            const double t = pairTimeMs(s, j, i);
            best = std::min(best, t);
            c1 += t <= 90000;
            c2 += t <= 180000;
        }
        total += w;
        if (c1) covered += w;
        if (c1 && c2 >= 2) backup += w;
        if (std::isfinite(best)) {
            reached += w;
            reached_t += w * best / 1000;
        }
        by_time.push_back({best, w});
    }
    EXPECT_DOUBLE_EQ(sc.total_weight, total);
    EXPECT_DOUBLE_EQ(sc.covered_weight, covered);
    EXPECT_DOUBLE_EQ(sc.backup_weight, backup);
    EXPECT_DOUBLE_EQ(sc.objective, covered + 0.5 * backup);
    EXPECT_DOUBLE_EQ(sc.reached_share, reached / total);
    EXPECT_NEAR(sc.mean_s, reached_t / reached, 1e-9);
    std::sort(by_time.begin(), by_time.end());
    double cum = 0, p90 = INFINITY;
    for (const auto& [t, w] : by_time)
        if ((cum += w) >= 0.9 * total) {
            p90 = t / 1000;
            break;
        }
    EXPECT_EQ(sc.p90_s, p90);
    EXPECT_EQ(sc.posts, 4u);
}

TEST(PlaceProblem, ScaledTimesFollowTheCongestionFactor) {
    const auto s = smallInstance(2, 5, 50);
    const TravelLists t = s.problem.times.scaled(1.5);
    EXPECT_EQ(t.horizonMs(), 450000u);
    for (std::uint32_t j = 0; j < 5; ++j) {
        ASSERT_EQ(t.of(j).size(), s.problem.times.of(j).size());
        for (std::size_t q = 0; q < t.of(j).size(); ++q) {
            const TravelEntry& e = t.of(j)[q];
            EXPECT_EQ(e.time_ms, secondsToMs(msToSeconds(static_cast<Millis>(pairTimeMs(s, j, e.demand))) * 1.5));
        }
    }
}

TEST(PlaceProblem, UniformInstanceIsSeeded) {
    UniformInstanceParams a;
    a.candidates = 50;
    a.demand = 300;
    a.seed = 9;
    const PlacementProblem p = uniformInstance(a), q = uniformInstance(a);
    ASSERT_EQ(p.demand.size(), 300u);
    for (std::size_t i = 0; i < 300; ++i) {
        EXPECT_EQ(p.demand[i].pos.x, q.demand[i].pos.x);
        EXPECT_GE(p.demand[i].weight, 1);
        EXPECT_LE(p.demand[i].weight, 10);
        EXPECT_EQ(p.demand[i].weight, std::floor(p.demand[i].weight));
    }
    a.seed = 10;
    EXPECT_NE(uniformInstance(a).demand[0].pos.x, p.demand[0].pos.x);
}
