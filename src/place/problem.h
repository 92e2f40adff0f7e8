#pragma once
// The placement problem (前置屯警 planning) without geography: candidate
// posts, demand points with weights, and sparse travel times from each
// candidate to the demand it reaches within a horizon. The solvers
// (heuristic.h, lagrangian.h, cbc_solver.h) see only this; where the times
// come from (straight lines for the benchmark instances, road-network
// searches for a real map: network_problem.h) is decided before.
//
// TravelLists is a CSR array: the entries of candidate j are
// [first()[j], first()[j+1]) of demand() / timeMs(), sorted by time, then
// demand index, so the demand covered within T is a prefix. A transposed
// copy (demand → candidates) is built on request for the solvers.
//
// Times are whole milliseconds (network/travel_graph.h's Millis), so every
// solver, the enumeration in the tests and the simulation compare the same
// integers.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/geo.h"
#include "network/travel_graph.h"

namespace jingwei::place {

// "C12" from 'C' and 12. (Written out because GCC 12 warns, wrongly, about
// "C" + std::to_string(12) at -O3: -Wrestrict.)
inline std::string prefixedId(char prefix, std::uint64_t n) {
    std::string s(1, prefix);
    s += std::to_string(n);
    return s;
}

struct Candidate {
    std::string id;
    std::string name;
    XY pos;                      // map metres
    bool fixed = false;          // must stay open in every solution (a locked post)
    std::string source;          // "station", "intersection", "user", "file", "uniform"
    NodeId node = kNoId;         // road node it stands on (network problems)
};

struct DemandPoint {
    XY pos;
    double weight = 1;           // ≥ 0 (0: counts for nothing, e.g. no calls in this hour window)
    NodeId node = kNoId;         // road node it is served at (network problems)
};

// One (candidate → demand) entry.
struct TravelEntry {
    std::uint32_t demand;
    Millis time_ms;
};

class TravelLists {
public:
    TravelLists() : first_(1, 0) {}
    // From per-candidate entry lists (any order: they are sorted here).
    // Throws Error("", "travel lists", ...) for a demand index ≥ demand_count.
    TravelLists(std::vector<std::vector<TravelEntry>> per_candidate, std::size_t demand_count, Millis horizon_ms);

    std::size_t candidateCount() const { return first_.size() - 1; }
    std::size_t demandCount() const { return demand_count_; }
    std::size_t entryCount() const { return entries_.size(); }
    Millis horizonMs() const { return horizon_ms_; }

    // Entries of candidate j, by time then demand index.
    std::span<const TravelEntry> of(std::uint32_t j) const {
        return std::span<const TravelEntry>(entries_).subspan(first_[j], first_[j + 1] - first_[j]);
    }
    // The number of leading entries of j with time ≤ limit_ms.
    std::size_t countWithin(std::uint32_t j, Millis limit_ms) const;

    // Every time × factor, rounded to whole ms (a congestion factor applied
    // to free-flow times, as the simulation does), horizon scaled alike.
    TravelLists scaled(double factor) const;

private:
    std::vector<std::uint32_t> first_;
    std::vector<TravelEntry> entries_;
    std::size_t demand_count_ = 0;
    Millis horizon_ms_ = 0;
};

struct PlacementProblem {
    std::vector<Candidate> candidates;
    std::vector<DemandPoint> demand;
    TravelLists times;           // candidate → demand within times.horizonMs()

    double totalWeight() const;
    std::vector<std::uint32_t> fixedCandidates() const;
    // Throws Error("", "placement problem", ...) when sizes disagree or a weight is not ≥ 0.
    void validate() const;
};

// Candidate indices along a Z-order curve over their positions: nearby
// candidates come close together (memory locality for the solvers).
std::vector<std::uint32_t> spatialOrder(std::span<const Candidate> candidates);

// Straight-line times: a candidate reaches a demand point within horizon_s
// when distance_m · 3600 / speed_kph ≤ horizon_s · 1000 ms; the time is that
// quotient rounded up to a whole ms (so "within T" is exactly
// "distance ≤ T · speed" for whole-ms T). A grid over the demand keeps
// this near-linear.
TravelLists euclideanTravelLists(std::span<const Candidate> candidates, std::span<const DemandPoint> demand,
                                 double speed_kph, double horizon_s);

// The benchmark instances of the placement issue: candidates and demand
// uniform in a square of side_m, integer weights 1..max_weight, from a seed
// (std::mt19937_64 raw bits, our own transforms: the same numbers on every
// platform).
struct UniformInstanceParams {
    std::size_t candidates = 500;
    std::size_t demand = 10000;
    double side_m = 20000;
    int max_weight = 10;
    double speed_kph = 30;       // 1500 m in 180 s
    double horizon_s = 180;
    std::uint64_t seed = 1;
};
PlacementProblem uniformInstance(const UniformInstanceParams& p);

}  // namespace jingwei::place
