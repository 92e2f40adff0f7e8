#pragma once
// Internal to place: the incremental state of each objective for the swap
// heuristic (heuristic.cpp). A model holds the open set and whatever lets
// it price "open j", "close f" and the best swap (f out, j in) without
// re-scoring from scratch:
//
//   MclpModel     per demand: the number of open posts covering it and the
//                 XOR of their indices (with one post, the XOR names it);
//                 per candidate: gain (uncovered weight it would cover) and,
//                 when open, loss (weight only it covers). A swap's value is
//                 gain(j) − loss(f) + extra(f, j), extra being the weight
//                 only f covers that j covers too, gathered by one pass
//                 over j's list (Whitaker's fast interchange as Resende and
//                 Werneck write it). extra ≤ loss, so gain(j) bounds every
//                 swap bringing j in: candidates are tried by falling gain
//                 and the scan stops at the first gain below the best move.
//   PMedianModel  per demand: nearest and second-nearest open times; the
//                 same gain/loss/extra decomposition for distances.
//   CountModel    double coverage: per demand the posts within T1 and T2; a
//                 swap is priced by closing f and pricing every j (plain,
//                 O(k · entries)).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "place/objective.h"

namespace jingwei::place::detail {

struct Move {
    std::uint32_t out = kNoId, in = kNoId;
    double delta = 0;  // change of the value (larger is better)
};

class SwapModel {
public:
    virtual ~SwapModel() = default;
    // Larger is better (solverValue orientation).
    virtual double value() const = 0;
    virtual void open(std::uint32_t j) = 0;
    virtual void close(std::uint32_t j) = 0;
    // Value change if j (closed) were opened.
    virtual double addGain(std::uint32_t j) = 0;
    // The best swap with out ∈ outs (open), in ∈ ins (closed), whose delta
    // exceeds min_delta; a Move with out == kNoId when there is none.
    virtual Move bestSwap(std::span<const std::uint32_t> outs, std::span<const std::uint32_t> ins, double min_delta) = 0;
    // Value change of one swap (f open, j closed). By default: close f,
    // price j, reopen f.
    virtual double swapDelta(std::uint32_t f, std::uint32_t j) {
        const double before = value();
        close(f);
        const double d = value() - before + addGain(j);
        open(f);
        return d;
    }
};

// MCLP over cover sets with the given weights (one per demand point, in
// the sets' numbering: renumberDemand() first for speed).
std::unique_ptr<SwapModel> makeMclpModel(CoverSets sets, std::vector<double> weights);
std::unique_ptr<SwapModel> makePMedianModel(const PlacementProblem& p, Millis penalty_ms);
std::unique_ptr<SwapModel> makeDoubleCoverageModel(const PlacementProblem& p, Millis t1_ms, Millis t2_ms, double beta);

}  // namespace jingwei::place::detail
