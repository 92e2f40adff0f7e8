#pragma once
// Placement problems on a map's road network: candidates and demand stand
// on road nodes, and a candidate reaches a demand point in the network
// travel time between their nodes (one bounded Dijkstra per candidate,
// network/isochrone.h, spread over threads).
//
// A point is served at a node as the simulation serves a call
// (sim::SimNetwork::nodeNear; the same rule, restated here because place
// sits below sim): it snaps to its nearest road and takes that road's
// nearer end, or the other end when the nearer one is outside the largest
// strongly connected part of the network (the "core", where every node can
// be reached from every other); when neither end is in the core, the
// nearest road within the snap distance that has one. With no such road the
// point is off the network.
// Demand on one node is added up into one demand point.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/progress.h"
#include "network/snapping.h"
#include "network/travel_graph.h"
#include "place/problem.h"

namespace jingwei::place {

class RoadSites {
public:
    explicit RoadSites(std::shared_ptr<const TravelGraph> graph);

    const TravelGraph& graph() const { return *graph_; }
    const SnapIndex& snapIndex() const { return snap_; }
    bool inCore(NodeId v) const { return core_[v] != 0; }
    std::size_t coreSize() const { return core_size_; }

    // The core node a point is served at, kNoId when off the network.
    NodeId nodeNear(XY p, double max_snap_m) const;

    // Road intersections as candidates: core nodes meeting three or more
    // other nodes, thinned so that no two are closer than spacing_m (0 =
    // every intersection), visiting nodes in graph order (deterministic).
    // Ids are "X<road node index>".
    std::vector<Candidate> intersections(double spacing_m) const;

    // Times from every candidate's node to every demand point's node within
    // horizon_ms. Candidates or demand without a node (kNoId) reach / are
    // reached by nothing. Identical for any thread count. Throws Cancelled
    // when the progress callback asks to stop.
    TravelLists travelLists(std::span<const Candidate> candidates, std::span<const DemandPoint> demand, Millis horizon_ms,
                            int threads = 2, const Progress& progress = {}) const;

private:
    std::shared_ptr<const TravelGraph> graph_;
    SnapIndex snap_;
    std::vector<std::uint8_t> core_;
    std::size_t core_size_ = 0;
};

// Points (map metres) with weights (empty = 1 each) as demand on nodes:
// one demand point per node, its weight the sum, its position the node's.
struct NodeDemand {
    std::vector<DemandPoint> demand;      // ordered by node id
    std::size_t points = 0;               // input points
    std::size_t off_network = 0;          // points that snapped nowhere
    double off_network_weight = 0;
};
NodeDemand demandOnNodes(const RoadSites& sites, std::span<const XY> points, std::span<const double> weights,
                         double max_snap_m);

}  // namespace jingwei::place
