#pragma once
// The objectives of the placement menu (as ArcGIS Location-Allocation
// offers them), their exact formulations, and the scores of a set of open
// posts computed straight from the travel lists.
//
// With w_i the demand weights, x_j = 1 for an open post, N_T(i) the posts
// that reach demand i within T, k posts in all (fixed ones included):
//
//   MCLP (最大覆盖)   maximise Σ_i w_i · [|N_T(i) ∩ open| ≥ 1]       s.t. Σ x_j = k
//   LSCP (集合覆盖)   minimise Σ x_j  s.t. every coverable demand point
//                     (N_T(i) ≠ ∅, w_i > 0) is covered within T. Demand no
//                     candidate can reach is reported, not required.
//   p-median          minimise Σ_i w_i · min(P, min_{j open} t_ij) s.t. Σ x_j = k,
//                     where P = the penalty time (default: the horizon of
//                     the travel lists) caps demand no open post reaches.
//                     Reported as the weighted mean time Σ w d / Σ w.
//   double coverage   maximise Σ_i w_i · (y_i + β · z_i)  s.t. Σ x_j = k, with
//   (双重覆盖)        y_i = [|N_T1(i) ∩ open| ≥ 1]  (covered within T1) and
//                     z_i = [y_i = 1 and |N_T2(i) ∩ open| ≥ 2]  (backed up:
//                     a second post within T2 ≥ T1). This is Hogan and
//                     ReVelle's backup-coverage model (BACOP2, 1986:
//                     θ Σ w y + (1−θ) Σ w u, u ≤ y) with its one standard
//                     split in two (first arrival T1, backup T2) and
//                     β = (1−θ)/θ (default β = 1).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "place/problem.h"

namespace jingwei::place {

enum class ObjectiveKind : std::uint8_t { Mclp, Lscp, PMedian, DoubleCoverage };

std::string_view objectiveKey(ObjectiveKind k);     // "mclp", "lscp", "pmedian", "double"
// Accepts the keys and "p-median", "double-coverage". False when unknown.
bool parseObjectiveKind(std::string_view s, ObjectiveKind* out);

struct ObjectiveSpec {
    ObjectiveKind kind = ObjectiveKind::Mclp;
    int k = 1;                    // posts to open (not used by LSCP), fixed posts included
    Millis cover_ms = 180000;     // T (MCLP, LSCP) or T1 (double coverage)
    Millis backup_ms = 180000;    // T2 (double coverage), ≥ cover_ms
    double backup_weight = 1;     // β (double coverage)
    Millis penalty_ms = 0;        // P (p-median); 0 = the lists' horizon

    // Throws Error("", "objective", reason) for limits beyond the lists'
    // horizon, k out of range, fixed posts more than k, ...
    void validate(const PlacementProblem& p) const;
    Millis penaltyMs(const PlacementProblem& p) const { return penalty_ms ? penalty_ms : p.times.horizonMs(); }
    // True when larger values are better (all but LSCP and p-median).
    bool maximise() const { return kind == ObjectiveKind::Mclp || kind == ObjectiveKind::DoubleCoverage; }
};

// What a set of open posts achieves, from the travel lists.
struct PlanScore {
    double objective = 0;          // the objective's own value: covered weight (MCLP), posts (LSCP),
                                   // Σ w·min(P, d) in weight·seconds (p-median), Σ w (y + β z) (double)
    std::size_t posts = 0;
    double total_weight = 0;
    double covered_weight = 0;     // within cover_ms
    double covered_share = 0;
    double backup_weight = 0;      // double coverage: z_i = 1
    double backup_share = 0;
    double coverable_share = 0;    // demand some candidate reaches within cover_ms
    std::size_t uncovered_coverable = 0;  // coverable demand points left uncovered (LSCP: must be 0)
    double reached_share = 0;      // demand an open post reaches within the horizon
    double mean_s = 0;             // weighted mean time to the nearest open post, over reached demand
    double p90_s = 0;              // weighted 90th percentile (nearest rank) over all demand; +inf when > 10% unreached
    double mean_capped_s = 0;      // p-median's mean: unreached demand at the penalty time
};

// Scores an explicit set of open candidates (indices; duplicates ignored).
PlanScore scorePlan(const PlacementProblem& p, const ObjectiveSpec& spec, std::span<const std::uint32_t> open);

// The objective as the solvers compare it: larger is better (MCLP and double
// coverage: the value; p-median: −Σ w d (weight·s); LSCP: −posts, with
// −∞ when coverable demand is left uncovered).
double solverValue(const PlanScore& s, const ObjectiveSpec& spec);

// Per candidate, the demand indices within limit_ms, sorted by demand index,
// and the transposed lists (per demand, the candidates), both CSR.
struct CoverSets {
    std::vector<std::uint32_t> cand_first, cand_demand;
    std::vector<std::uint32_t> dem_first, dem_cand;

    std::span<const std::uint32_t> demandOf(std::uint32_t j) const {
        return {cand_demand.data() + cand_first[j], cand_first[j + 1] - cand_first[j]};
    }
    std::span<const std::uint32_t> candidatesOf(std::uint32_t i) const {
        return {dem_cand.data() + dem_first[i], dem_first[i + 1] - dem_first[i]};
    }
};
CoverSets coverSets(const TravelLists& t, Millis limit_ms);

// The same sets with the demand renumbered in the order the candidates,
// taken in `candidate_order` (every candidate once, e.g. spatialOrder()),
// first cover it; demand no candidate covers comes last. new_of_old[i] is
// demand i's new number. One candidate's demand then sits close together
// in memory, which the solvers' inner loops over it need.
CoverSets renumberDemand(const CoverSets& s, std::span<const std::uint32_t> candidate_order,
                         std::vector<std::uint32_t>& new_of_old);

}  // namespace jingwei::place
