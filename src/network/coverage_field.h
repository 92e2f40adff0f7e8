#pragma once
// The fleet's minimum-time field: for every node, the best time over all
// units and which unit has it (a network Voronoi diagram bounded by a time
// limit). One multi-source Dijkstra whose labels are (time, unit index)
// compared lexicographically, so a tie in time goes to the lower unit index
// and the result is exactly the minimum over the units' own searches.
//
// With threads > 1 the units are split into spatial groups (strips along the
// longer side of the map), one multi-source search per group runs on its own
// thread, and the groups' labels are merged by the same lexicographic
// minimum: the result is identical for any thread count.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/progress.h"
#include "network/snapping.h"
#include "network/travel_graph.h"

namespace jingwei {

struct CoverageField {
    Millis limit_ms = 0;
    std::vector<Millis> time_ms;        // per node (TravelGraph ids); kUnreachedMs beyond the limit
    std::vector<std::uint32_t> owner;   // per node; unit index, kNoId when unreached

    std::size_t reachedCount() const;
};

// Packs a label so that plain integer order is the lexicographic order.
inline std::uint64_t packLabel(Millis t, std::uint32_t owner) {
    return (static_cast<std::uint64_t>(t) << 32) | owner;
}
inline constexpr std::uint64_t kNoLabel = ~std::uint64_t{0};

// A reusable multi-source search (per-thread workspaces kept between runs).
class MultiSourceSearch {
public:
    MultiSourceSearch(const TravelGraph& g, int threads = 1);
    ~MultiSourceSearch();
    MultiSourceSearch(const MultiSourceSearch&) = delete;
    MultiSourceSearch& operator=(const MultiSourceSearch&) = delete;

    // Units that are off-network reach nothing. Throws Cancelled when the
    // progress callback asks to stop (checked between stages).
    void run(std::span<const Snap> units, Millis limit_ms, CoverageField& out, const Progress& progress = {});
    // The same for units standing on nodes (posts at junctions; peer
    // comparisons): unit i starts at nodes[i] at time 0.
    void runFromNodes(std::span<const NodeId> nodes, Millis limit_ms, CoverageField& out, const Progress& progress = {});

    int threads() const { return threads_; }

private:
    struct Worker;
    template <class Seeds>
    void runImpl(std::size_t units, const Seeds& seeds, const std::vector<XY>& where, const std::vector<std::uint8_t>& usable,
                 Millis limit_ms, CoverageField& out, const Progress& progress);
    const TravelGraph* g_;
    int threads_;
    std::vector<std::unique_ptr<Worker>> workers_;
};

// Drivable road length (each link once) reached within each limit (ms,
// ascending, ≤ field.limit_ms), counting partial links and the links units
// stand on. Links are split across threads; partial sums are added in a
// fixed order, so the result is deterministic for a given thread count.
std::vector<double> reachedRoadLengthM(const TravelGraph& g, const CoverageField& field, std::span<const Snap> units,
                                       std::span<const Millis> limits_ms, int threads = 1);

// One-shot convenience wrapper.
CoverageField computeCoverageField(const TravelGraph& g, std::span<const Snap> units, Millis limit_ms,
                                   int threads = 1, const Progress& progress = {});

}  // namespace jingwei
