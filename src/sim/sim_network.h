#pragma once
// The road network as the simulation uses it: network::TravelGraph (arcs in
// whole milliseconds at free-flow emergency speeds), its snapping index,
// a compact reverse adjacency for backward searches, and the largest
// strongly connected part of the graph ("core"), so every base and every
// incident snaps where units can get to and back from. Immutable once built
// and shared between runs (replications, the GUI's replay).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/geo.h"
#include "core/progress.h"
#include "mapdata/road_data.h"
#include "mapdata/road_speeds.h"
#include "network/snapping.h"
#include "network/travel_graph.h"
#include "network/travel_time.h"

namespace jingwei::sim {

struct RevArc {
    NodeId tail;  // the arc's tail (the node the backward search moves to)
    ArcId arc;    // forward-arc id
};

class SimNetwork {
public:
    // model.hour must be -1 (congestion is applied by the engine).
    SimNetwork(const RoadData& roads, const TravelTimeModel& model, const Progress& progress = {});
    SimNetwork(const SimNetwork&) = delete;
    SimNetwork& operator=(const SimNetwork&) = delete;

    const TravelGraph& graph() const { return graph_; }
    const SnapIndex& snapIndex() const { return *snap_; }
    std::size_t nodeCount() const { return graph_.nodeCount(); }
    std::size_t arcCount() const { return graph_.arcCount(); }

    // Reverse adjacency: arcs entering v are revArcs()[firstIn()[v] .. firstIn()[v+1]).
    std::span<const std::uint32_t> firstIn() const { return first_in_; }
    std::span<const RevArc> revArcs() const { return rev_; }

    // The largest strongly connected part.
    bool inCore(NodeId v) const { return core_[v] != 0; }
    std::size_t coreSize() const { return core_size_; }

    // The core node a point is served at: the point snaps to the nearest
    // road with a core end within max_m, and takes that road's nearer end
    // (along the road). kNoId when there is none; *dist_m gets the snap
    // distance.
    NodeId nodeNear(XY p, double max_m, double* dist_m = nullptr) const;

    XY nodeXY(NodeId v) const { return graph_.nodeXY(v); }
    // Graph node ids are TravelGraph's own (sorted along a Hilbert curve);
    // scenarios name RoadData node indices (`node: N`).
    NodeId nodeOfRoadNode(std::uint32_t road_index) const { return graph_.nodeOfRoadNode(road_index); }
    // The point at fraction f (0 = tail, 1 = head) of an arc's road.
    XY arcPoint(ArcId a, double f) const;
    // Metres of road an arc runs along.
    double arcLengthM(ArcId a) const { return graph_.link(graph_.linkOf(a)).length_m; }

private:
    TravelGraph graph_;
    std::unique_ptr<SnapIndex> snap_;
    std::vector<std::uint32_t> first_in_;
    std::vector<RevArc> rev_;
    std::vector<std::uint8_t> core_;
    std::size_t core_size_ = 0;
};

}  // namespace jingwei::sim
