#pragma once
// The exact placement solver: the objective's integer program (formulations
// in objective.h) solved by COIN-OR CBC (Debian coinor-libcbc-dev) with its
// standard driver (CbcMain: preprocessing, cuts, heuristics), as the `cbc`
// command and PuLP run it.
//
//   MCLP      x_j ∈ {0,1}, y_i ∈ [0,1]: max Σ w_i y_i, Σ_{j∈N(i)} x_j ≥ y_i, Σ x_j = k
//   LSCP      x_j ∈ {0,1}: min Σ x_j, Σ_{j∈N(i)} x_j ≥ 1 for coverable i
//   p-median  x_j ∈ {0,1}, z_ij, u_i ∈ [0,1] over the travel lists:
//             min Σ w_i (Σ_j t_ij z_ij + P u_i), Σ_j z_ij + u_i = 1, z_ij ≤ x_j, Σ x_j = k
//             (one z per list entry: keep it to small instances)
//   double    x_j, z_i ∈ {0,1}, y_i ∈ [0,1]: max Σ w_i (y_i + β z_i),
//             Σ_{j∈N1(i)} x_j ≥ y_i, Σ_{j∈N2(i)} x_j ≥ 2 z_i, z_i ≤ y_i, Σ x_j = k
// Fixed posts are x_j with lower bound 1. A start solution (e.g. the
// heuristic's) is passed to CBC as a MIP start.
//
// CBC runs in a child process, so its time limit is hard: CBC checks its
// own limit only between nodes (not inside the root LP), so the parent
// kills the child a short grace period after the limit, and at once when
// the progress callback asks to stop (then Cancelled is thrown). A killed
// run returns NoSolution with a note; a run CBC ended at its limit returns
// its incumbent, bound and gap.
#include <cstdint>
#include <limits>
#include <vector>

#include "core/progress.h"
#include "place/objective.h"
#include "place/solution.h"

namespace jingwei::place {

struct CbcOptions {
    double time_limit_s = 60;
    // Seconds after the limit before the child is killed.
    double grace_s = 5;
    std::vector<std::uint32_t> start;   // candidate indices of a start solution (empty = none)
    int log_level = 0;                  // CBC's -log (0 = quiet; output goes to the child's stderr)
};

Solution solveCbc(const PlacementProblem& p, const ObjectiveSpec& spec, const CbcOptions& opt = {},
                  const Progress& progress = {});

// The MCLP linear relaxation solved by CLP (in a child process, same time
// rules): its optimum, the LP bound the Lagrangian bound converges to.
// NaN when the time limit was reached first.
struct LpBound {
    double value = std::numeric_limits<double>::quiet_NaN();
    bool finished = false;
    double wall_s = 0, cpu_s = 0;
};
LpBound mclpLpBound(const PlacementProblem& p, const ObjectiveSpec& spec, double time_limit_s = 60,
                    const Progress& progress = {});

}  // namespace jingwei::place
