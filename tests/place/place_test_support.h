#pragma once
// Small placement instances and an enumeration that scores every set of
// posts straight from the coordinates (not through TravelLists or
// scorePlan), so solver results are checked against an independent optimum.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "../test_support.h"
#include "place/objective.h"
#include "place/problem.h"

namespace jingwei::test {

struct SmallInstance {
    place::PlacementProblem problem;
    double speed_kph = 30;
    double horizon_s = 300;
};

// m candidates and n demand points uniform in a side_m square, integer
// weights 1..9, straight-line times at 30 km/h up to horizon_s.
inline SmallInstance smallInstance(std::uint64_t seed, std::size_t m, std::size_t n, double side_m = 5000,
                                   double horizon_s = 300) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, side_m);
    std::uniform_int_distribution<int> w(1, 9);
    SmallInstance s;
    s.horizon_s = horizon_s;
    for (std::size_t j = 0; j < m; ++j) {
        place::Candidate c;
        c.id = place::prefixedId('c', j);
        c.pos = {u(rng), u(rng)};
        s.problem.candidates.push_back(c);
    }
    for (std::size_t i = 0; i < n; ++i) {
        place::DemandPoint d;
        d.pos = {u(rng), u(rng)};
        d.weight = w(rng);
        s.problem.demand.push_back(d);
    }
    s.problem.times = place::euclideanTravelLists(s.problem.candidates, s.problem.demand, s.speed_kph, horizon_s);
    return s;
}

// The documented straight-line time in ms (distance · 3600 / km/h, rounded
// up), or "unreached" (max) beyond the horizon.
inline double pairTimeMs(const SmallInstance& s, std::size_t j, std::size_t i) {
    const XY a = s.problem.candidates[j].pos, b = s.problem.demand[i].pos;
    const double t = std::ceil(std::hypot(a.x - b.x, a.y - b.y) * 3600.0 / s.speed_kph);
    return t <= std::floor(s.horizon_s * 1000) ? t : std::numeric_limits<double>::infinity();
}

// The objective's value of a set of posts, from the coordinates; larger is
// better (p-median: −Σ w·min(P, d) in weight·s; LSCP: −posts, −∞ if some
// coverable demand is uncovered).
inline double bruteValue(const SmallInstance& s, const place::ObjectiveSpec& spec, const std::vector<std::size_t>& set) {
    const auto& p = s.problem;
    double v = 0;
    for (std::size_t i = 0; i < p.demand.size(); ++i) {
        int c1 = 0, c2 = 0;
        double best = std::numeric_limits<double>::infinity();
        bool coverable = false;
        for (std::size_t j = 0; j < p.candidates.size(); ++j)
            if (pairTimeMs(s, j, i) <= spec.cover_ms) coverable = true;
        for (const std::size_t j : set) {
            const double t = pairTimeMs(s, j, i);
            best = std::min(best, t);
            if (t <= spec.cover_ms) ++c1;
            if (t <= spec.backup_ms) ++c2;
        }
        const double w = p.demand[i].weight;
        switch (spec.kind) {
        case place::ObjectiveKind::Mclp: v += c1 >= 1 ? w : 0; break;
        case place::ObjectiveKind::DoubleCoverage: v += c1 >= 1 ? w * (1 + (c2 >= 2 ? spec.backup_weight : 0)) : 0; break;
        case place::ObjectiveKind::PMedian: {
            const double P = spec.penalty_ms ? spec.penalty_ms : std::floor(s.horizon_s * 1000);
            v -= w * std::min(P, best) / 1000.0;
            break;
        }
        case place::ObjectiveKind::Lscp:
            if (coverable && c1 == 0) return -std::numeric_limits<double>::infinity();
            break;
        }
    }
    if (spec.kind == place::ObjectiveKind::Lscp) v = -static_cast<double>(set.size());
    return v;
}

// Every set of `size` candidates containing the fixed ones, through `visit`.
inline void forEachSet(std::size_t m, std::size_t size, const std::vector<std::size_t>& fixed,
                       const std::function<void(const std::vector<std::size_t>&)>& visit) {
    std::vector<std::size_t> set;
    std::function<void(std::size_t)> rec = [&](std::size_t from) {
        if (set.size() == size) {
            if (std::all_of(fixed.begin(), fixed.end(),
                            [&](std::size_t f) { return std::find(set.begin(), set.end(), f) != set.end(); }))
                visit(set);
            return;
        }
        for (std::size_t j = from; j < m; ++j) {
            set.push_back(j);
            rec(j + 1);
            set.pop_back();
        }
    };
    rec(0);
}

// The best value over every set (k posts; LSCP: the fewest posts that
// cover everything coverable).
inline double enumerateOptimum(const SmallInstance& s, const place::ObjectiveSpec& spec) {
    const std::size_t m = s.problem.candidates.size();
    std::vector<std::size_t> fixed;
    for (std::size_t j = 0; j < m; ++j)
        if (s.problem.candidates[j].fixed) fixed.push_back(j);
    double best = -std::numeric_limits<double>::infinity();
    if (spec.kind == place::ObjectiveKind::Lscp) {
        for (std::size_t size = fixed.size(); size <= m && std::isinf(best); ++size)
            forEachSet(m, size, fixed, [&](const std::vector<std::size_t>& set) { best = std::max(best, bruteValue(s, spec, set)); });
        return best;
    }
    forEachSet(m, static_cast<std::size_t>(spec.k), fixed,
               [&](const std::vector<std::size_t>& set) { best = std::max(best, bruteValue(s, spec, set)); });
    return best;
}

// The same value for a solver's posts.
inline double valueOf(const SmallInstance& s, const place::ObjectiveSpec& spec, const std::vector<std::uint32_t>& open) {
    return bruteValue(s, spec, std::vector<std::size_t>(open.begin(), open.end()));
}

}  // namespace jingwei::test
