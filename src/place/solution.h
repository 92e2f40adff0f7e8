#pragma once
// What a solver returns: the open posts, their score, and how sure the
// solver is (status, best bound, gap).
#include <cmath>
#include <cstdint>
#include <ctime>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "place/objective.h"

namespace jingwei::place {

enum class SolveStatus : std::uint8_t {
    Optimal,      // proven optimal (exact solver; or the heuristic matched a bound)
    Feasible,     // a solution, optimality not proven (heuristic, or CBC at its time limit)
    NoSolution,   // CBC stopped before finding any solution
    Infeasible,   // no solution exists (e.g. fixed posts more than k)
};
std::string_view solveStatusKey(SolveStatus s);  // "optimal", "feasible", "no_solution", "infeasible"

struct Solution {
    std::string solver;                   // "heuristic", "cbc"
    SolveStatus status = SolveStatus::NoSolution;
    std::vector<std::uint32_t> open;      // candidate indices, ascending
    PlanScore score;                      // scorePlan() of `open`
    // The best bound on the objective's own value (score.objective units):
    // an upper bound when maximising (MCLP, double), a lower bound when
    // minimising (LSCP, p-median). NaN when none is known.
    double bound = std::numeric_limits<double>::quiet_NaN();
    // |bound − objective| / max(|objective|, 1e-9); NaN without a bound.
    double gap = std::numeric_limits<double>::quiet_NaN();
    double wall_s = 0, cpu_s = 0;
    std::size_t swaps = 0;                // heuristic: improving moves applied
    std::size_t rounds = 0;               // heuristic: perturbation rounds run
    std::string note;                     // e.g. "time limit reached"

    bool hasSolution() const { return status == SolveStatus::Optimal || status == SolveStatus::Feasible; }
};

// CPU seconds of the calling thread (solver timings on a shared machine).
inline double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Relative gap between a bound and a value: |bound − value| / max(|value|, 1e-9).
inline double relativeGap(double bound, double value) {
    if (std::isnan(bound) || std::isnan(value)) return std::numeric_limits<double>::quiet_NaN();
    return std::abs(bound - value) / std::max(std::abs(value), 1e-9);
}

}  // namespace jingwei::place
