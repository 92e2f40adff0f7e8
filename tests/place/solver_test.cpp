// The solvers against the optimum found by enumerating every set of posts
// (place_test_support.h scores each set from the coordinates): the
// heuristic and CBC must both reach it, for every objective, with and
// without fixed posts; the Lagrangian bound must lie above it.
#include <gtest/gtest.h>

#include <chrono>

#include "core/error.h"
#include "place/cbc_solver.h"
#include "place/heuristic.h"
#include "place/lagrangian.h"
#include "place_test_support.h"

using namespace jingwei;
using namespace jingwei::place;
using jingwei::test::enumerateOptimum;
using jingwei::test::SmallInstance;
using jingwei::test::smallInstance;
using jingwei::test::valueOf;

namespace {

ObjectiveSpec specFor(ObjectiveKind kind) {
    ObjectiveSpec s;
    s.kind = kind;
    s.k = kind == ObjectiveKind::PMedian ? 3 : 4;
    s.cover_ms = 120000;  // 1000 m at 30 km/h
    if (kind == ObjectiveKind::DoubleCoverage) {
        s.cover_ms = 90000;
        s.backup_ms = 180000;
        s.backup_weight = 0.5;
    }
    return s;
}

bool contains(const std::vector<std::uint32_t>& v, std::uint32_t j) { return std::find(v.begin(), v.end(), j) != v.end(); }

void expectBothFindTheOptimum(const SmallInstance& inst, const ObjectiveSpec& spec, const std::string& label) {
    const double best = enumerateOptimum(inst, spec);
    ASSERT_TRUE(std::isfinite(best)) << label;

    const Solution h = solveHeuristic(inst.problem, spec);
    EXPECT_NEAR(valueOf(inst, spec, h.open), best, 1e-6) << label << ": heuristic";
    EXPECT_NEAR(solverValue(h.score, spec), best, 1e-6) << label << ": heuristic's own score";
    if (spec.kind != ObjectiveKind::Lscp) {
        EXPECT_EQ(h.open.size(), static_cast<std::size_t>(spec.k)) << label;
    }

    const Solution c = solveCbc(inst.problem, spec);
    EXPECT_EQ(c.status, SolveStatus::Optimal) << label << ": " << c.note;
    EXPECT_NEAR(valueOf(inst, spec, c.open), best, 1e-6) << label << ": CBC";
    EXPECT_NEAR(c.score.objective, c.bound, 1e-6 * std::max(1.0, std::abs(c.bound))) << label << ": CBC bound";
    EXPECT_TRUE(c.note.empty()) << label << ": " << c.note;
    for (std::uint32_t j = 0; j < inst.problem.candidates.size(); ++j)
        if (inst.problem.candidates[j].fixed) {
            EXPECT_TRUE(contains(h.open, j)) << label << ": heuristic dropped fixed post " << j;
            EXPECT_TRUE(contains(c.open, j)) << label << ": CBC dropped fixed post " << j;
        }
}

const ObjectiveKind kAll[] = {ObjectiveKind::Mclp, ObjectiveKind::Lscp, ObjectiveKind::PMedian,
                              ObjectiveKind::DoubleCoverage};

}  // namespace

TEST(PlaceSolvers, HeuristicAndCbcFindTheEnumeratedOptimum) {
    for (const ObjectiveKind kind : kAll)
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const SmallInstance inst = smallInstance(seed, 12, 160);
            expectBothFindTheOptimum(inst, specFor(kind),
                                     std::string(objectiveKey(kind)) + " seed " + std::to_string(seed));
        }
}

TEST(PlaceSolvers, FixedPostsAreKept) {
    for (const ObjectiveKind kind : kAll)
        for (std::uint64_t seed = 21; seed <= 23; ++seed) {
            SmallInstance inst = smallInstance(seed, 12, 160);
            const ObjectiveSpec spec = specFor(kind);
            // Fix two posts the free optimum does not use, so fixing them costs something.
            const Solution free = solveCbc(inst.problem, spec);
            ASSERT_EQ(free.status, SolveStatus::Optimal);
            int fixed = 0;
            for (std::uint32_t j = 0; j < 12 && fixed < 2; ++j)
                if (!contains(free.open, j)) {
                    inst.problem.candidates[j].fixed = true;
                    ++fixed;
                }
            const double constrained = enumerateOptimum(inst, spec);
            EXPECT_LE(constrained, solverValue(free.score, spec) + 1e-9);
            expectBothFindTheOptimum(inst, spec, std::string(objectiveKey(kind)) + " fixed, seed " + std::to_string(seed));
        }
}

TEST(PlaceSolvers, CbcStartsFromAGivenSetOfPosts) {
    // A start (here the first k candidates, rarely optimal) is CBC's first
    // incumbent: written as a full solution of each objective's program.
    for (const ObjectiveKind kind : kAll) {
        const SmallInstance inst = smallInstance(31, 12, 160);
        const ObjectiveSpec spec = specFor(kind);
        CbcOptions o;
        for (std::uint32_t j = 0; j < (kind == ObjectiveKind::Lscp ? 12u : static_cast<std::uint32_t>(spec.k)); ++j)
            o.start.push_back(j);
        const Solution c = solveCbc(inst.problem, spec, o);
        EXPECT_EQ(c.status, SolveStatus::Optimal) << objectiveKey(kind) << ": " << c.note;
        EXPECT_NEAR(valueOf(inst, spec, c.open), enumerateOptimum(inst, spec), 1e-6) << objectiveKey(kind);
    }
}

TEST(PlaceSolvers, LagrangianBoundIsAboveTheOptimumAndMeetsTheLpBound) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        const SmallInstance inst = smallInstance(seed, 14, 300);
        const ObjectiveSpec spec = specFor(ObjectiveKind::Mclp);
        const double best = enumerateOptimum(inst, spec);
        const LagrangianResult lr = mclpLagrangianBound(inst.problem, spec);
        EXPECT_GE(lr.bound, best * (1 - 1e-12)) << "seed " << seed;
        EXPECT_LE(lr.primal, best) << "the primal is a real set of posts";
        EXPECT_NEAR(valueOf(inst, spec, lr.primal_open), lr.primal, 1e-9);
        // Every L(λ) is ≥ the LP optimum, and the iteration gets close to it.
        const LpBound lp = mclpLpBound(inst.problem, spec);
        ASSERT_TRUE(lp.finished);
        EXPECT_GE(lp.value, best - 1e-6);
        EXPECT_GE(lr.bound, lp.value - 1e-6 * lp.value) << "seed " << seed;
        EXPECT_LE(lr.bound, lp.value * 1.002) << "seed " << seed;
    }
}

TEST(PlaceSolvers, LagrangianBoundOnTheSmallBenchmarkInstanceIsAboveCbc) {
    // The 500 × 10,000 instance (k = 12, 1500 m): the bound must
    // not fall below CBC's proven optimum.
    UniformInstanceParams ip;
    ip.seed = 1;
    const PlacementProblem p = uniformInstance(ip);
    ObjectiveSpec spec;
    spec.k = 12;
    spec.cover_ms = 180000;
    const Solution c = solveCbc(p, spec);
    ASSERT_EQ(c.status, SolveStatus::Optimal) << c.note;
    const LagrangianResult lr = mclpLagrangianBound(p, spec);
    EXPECT_GE(lr.bound, c.score.objective);
    EXPECT_LE(lr.bound, c.score.objective * 1.001);
    const Solution h = solveHeuristic(p, spec);
    EXPECT_EQ(h.score.objective, c.score.objective) << "the heuristic finds the proven optimum";
}

TEST(PlaceSolvers, HeuristicIsDeterministicForASeed) {
    const SmallInstance inst = smallInstance(8, 40, 800, 9000);
    ObjectiveSpec spec = specFor(ObjectiveKind::Mclp);
    spec.k = 7;
    HeuristicOptions o;
    o.seed = 5;
    const Solution a = solveHeuristic(inst.problem, spec, o), b = solveHeuristic(inst.problem, spec, o);
    EXPECT_EQ(a.open, b.open);
    EXPECT_EQ(a.score.objective, b.score.objective);
}

TEST(PlaceSolvers, BadObjectivesAreErrors) {
    SmallInstance inst = smallInstance(1, 6, 20);
    ObjectiveSpec spec;
    spec.k = 7;
    EXPECT_THROW(solveHeuristic(inst.problem, spec), Error);  // more posts than candidates
    spec.k = 2;
    spec.cover_ms = 400000;
    EXPECT_THROW(solveHeuristic(inst.problem, spec), Error);  // beyond the horizon
    spec.cover_ms = 60000;
    for (int j = 0; j < 3; ++j) inst.problem.candidates[j].fixed = true;
    try {
        solveCbc(inst.problem, spec);
        FAIL() << "3 fixed posts with k = 2 must be refused";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("fixed posts are more than k"), std::string::npos) << e.what();
    }
}

TEST(PlaceSolvers, CbcTimeLimitIsHard) {
    // 1,500 × 30,000: CBC's root LP alone takes far longer than the limit.
    UniformInstanceParams ip;
    ip.candidates = 1500;
    ip.demand = 30000;
    const PlacementProblem p = uniformInstance(ip);
    ObjectiveSpec spec;
    spec.k = 25;
    CbcOptions o;
    o.time_limit_s = 1;
    o.grace_s = 1;
    const auto t0 = std::chrono::steady_clock::now();
    const Solution c = solveCbc(p, spec, o);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(took, 4.0);
    EXPECT_NE(c.status, SolveStatus::Optimal);
    EXPECT_FALSE(c.note.empty());
}

TEST(PlaceSolvers, ProgressCancels) {
    const SmallInstance inst = smallInstance(4, 30, 500);
    const ObjectiveSpec spec = specFor(ObjectiveKind::Mclp);
    Progress stop;
    stop.callback = [](double, std::string_view) { return false; };
    EXPECT_THROW(solveHeuristic(inst.problem, spec, {}, stop), Cancelled);
    EXPECT_THROW(solveCbc(inst.problem, spec, {}, stop), Cancelled);
    EXPECT_THROW(mclpLagrangianBound(inst.problem, spec, {}, stop), Cancelled);
}
