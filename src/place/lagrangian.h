#pragma once
// An upper bound for MCLP by Lagrangian relaxation, so a gap can be given
// even when no exact solver finishes (the large benchmark instance: CBC's
// root LP alone takes minutes).
//
// Relaxing the coverage rows Σ_{j∈N(i)} x_j ≥ y_i with multipliers
// 0 ≤ λ_i ≤ w_i leaves
//   L(λ) = Σ_i max(0, w_i − λ_i) + Σ_{j fixed} s_j + (the k − |fixed| largest s_j of the other candidates),
//   s_j = Σ_{i∈N(j)} λ_i,
// which is ≥ the MCLP optimum for every such λ (weak duality). The
// subproblem has the integrality property, so min_λ L(λ) equals the LP
// relaxation's optimum. λ is improved by subgradient steps (Polyak step
// length towards the best known solution value, halved when the bound stops
// improving, with a deflected direction as Camerini, Fratta and Maffioli
// propose). The x of every subproblem is itself a set of k posts; the best
// of them is kept as a primal solution.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/progress.h"
#include "place/objective.h"

namespace jingwei::place {

struct LagrangianOptions {
    int max_iterations = 3000;
    double time_limit_s = 60;
    // A known solution value (e.g. the heuristic's); NaN = use the best
    // primal solution found along the way.
    double lower_bound = std::numeric_limits<double>::quiet_NaN();
    // Stop when (bound − lower bound) / lower bound falls below this.
    double tolerance = 1e-6;
    // Stop when the step factor falls below this.
    double min_step = 1e-6;
};

struct LagrangianResult {
    double bound = std::numeric_limits<double>::infinity();  // best (smallest) L(λ)
    double primal = 0;                                       // best covered weight of a subproblem's posts
    std::vector<std::uint32_t> primal_open;
    int iterations = 0;
    double wall_s = 0, cpu_s = 0;
};

// The subgradient iteration one step at a time (the heuristic's Lagrangian
// phase uses the posts of each step as starting points).
class MclpLagrangian {
public:
    // Throws Error unless spec is a valid MCLP objective for p.
    MclpLagrangian(const PlacementProblem& p, const ObjectiveSpec& spec);
    // One step with the Polyak length towards `target` (a known solution
    // value, or anything below the optimum). Returns L(λ) before the step.
    double step(double target);
    // The smallest L(λ) seen (and never more than the coverable weight,
    // which is L at λ = 0), plus 1e-9 of it: L is summed in doubles over
    // every demand point, and the allowance keeps the bound a bound.
    double bound() const {
        const double b = std::min(best_, coverable_);
        return b + 1e-9 * std::abs(b);
    }
    // The subproblem's posts of the last step (k, fixed ones included;
    // candidate indices, ascending) and the demand weight they cover.
    const std::vector<std::uint32_t>& posts() const { return posts_; }
    double covered() const { return covered_; }
    int iterations() const { return iterations_; }
    // True once λ is optimal (a zero subgradient) or the step factor fell below min_step.
    bool done(double min_step = 1e-6) const { return optimal_ || mu_ < min_step; }

private:
    CoverSets sets_;                       // demand renumbered; the coverable demand comes first
    std::size_t active_ = 0;               // coverable demand points: [0, active_)
    std::vector<double> w_, lambda_, dir_, g_;
    std::vector<double> s_;
    std::vector<std::uint32_t> fixed_, free_, order_, cnt_, posts_;
    std::size_t k_free_ = 0;
    double best_ = std::numeric_limits<double>::infinity(), covered_ = 0, mu_ = 2.0, coverable_ = 0;
    int iterations_ = 0, since_improved_ = 0;
    bool optimal_ = false;
};

// MCLP only (spec.kind must be Mclp). Throws Error for other objectives and
// Cancelled when the progress callback asks to stop.
LagrangianResult mclpLagrangianBound(const PlacementProblem& p, const ObjectiveSpec& spec,
                                     const LagrangianOptions& opt = {}, const Progress& progress = {});

}  // namespace jingwei::place
