#pragma once
// The routable graph of the drivable network with travel times: CSR arrays
// (forward and reverse) whose arcs cost whole milliseconds, plus the physical
// roads ("links") the arcs run along, with their shapes in map metres.
//
// Why a graph of its own beside RoadGraph: the isochrone searches need
// per-arc times (not lengths) packed next to the head for speed, only the
// drivable arcs, and arcs RoadData does not have (the reverse of a one-way
// street when a scenario relaxes one-way rules).
//
// Node ids are the graph's own: the RoadData nodes sorted along a Hilbert
// curve over their positions, so that a search walks memory mostly in
// sequence (imported and generated maps number nodes in no spatial order;
// on the 10^6-edge synthetic city this halves the fleet search time).
// roadNode() / nodeOfRoadNode() map to and from RoadData node indices.
// Links come in the order of their start node, for the same reason.
//
// Links. A two-way street is two RoadData edges with the same shape reversed;
// they become one link with a forward arc (from → to, along the shape) and a
// backward arc. A one-way street is a link with one arc (or two when one-way
// rules are relaxed). Rings, snapping and road-length statistics work on
// links, so a two-way street is counted and drawn once.
//
// Times are integer milliseconds so that every search (ours, the brute-force
// reference in the tests, pgRouting and networkx in the peer comparison)
// adds exactly the same numbers: reach sets and times compare equal, not
// "equal within a tolerance".
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/geo.h"
#include "core/progress.h"
#include "mapdata/road_data.h"
#include "network/road_graph.h"
#include "network/travel_time.h"

namespace jingwei {

using Millis = std::uint32_t;
using LinkId = std::uint32_t;
inline constexpr Millis kUnreachedMs = std::numeric_limits<Millis>::max();
inline constexpr std::uint32_t kNoId = std::numeric_limits<std::uint32_t>::max();

inline double msToSeconds(Millis ms) { return static_cast<double>(ms) / 1000.0; }
// Rounds seconds to whole milliseconds (negative → 0, huge → just below kUnreachedMs).
Millis secondsToMs(double s);

struct TravelArc {
    NodeId head;
    Millis cost_ms;
};

struct RoadLink {
    NodeId from = 0, to = 0;        // nodes at the shape's start / end
    EdgeId edge = 0;                // RoadData edge whose shape and class the link has
    EdgeId twin_edge = kNoId;       // the opposite RoadData edge merged into it, if any
    ArcId forward = kNoId;          // arc from → to (along the shape), kNoId if none
    ArcId backward = kNoId;         // arc to → from, kNoId if none
    std::uint32_t shape_begin = 0;  // into TravelGraph::shapePoints()
    std::uint32_t shape_count = 0;  // ≥ 2
    double length_m = 0;            // polyline length of the shape
    RoadClass road_class = RoadClass::Other;
};

class TravelGraph {
public:
    TravelGraph() : first_out_(1, 0), first_in_(1, 0) {}
    // Builds from projected roads (RoadNode::pos.x/y filled). Non-drivable
    // edges (TravelTimeModel::edgeSeconds infinite) are left out. Throws
    // Error for an invalid model, unprojected roads or a bad edge.
    explicit TravelGraph(const RoadData& roads, const TravelTimeModel& model = {}, const Progress& progress = {});

    std::size_t nodeCount() const { return first_out_.size() - 1; }
    std::size_t arcCount() const { return arcs_.size(); }
    std::size_t linkCount() const { return links_.size(); }

    // Forward CSR: arcs of node u are [firstOut()[u], firstOut()[u+1]).
    std::span<const ArcId> firstOut() const { return first_out_; }
    std::span<const TravelArc> arcs() const { return arcs_; }
    // Reverse CSR: the forward-arc ids entering node v are
    // inArcs()[firstIn()[v] .. firstIn()[v+1]).
    std::span<const ArcId> firstIn() const { return first_in_; }
    std::span<const ArcId> inArcs() const { return in_arcs_; }

    NodeId tail(ArcId a) const { return tail_[a]; }
    NodeId head(ArcId a) const { return arcs_[a].head; }
    Millis costMs(ArcId a) const { return arcs_[a].cost_ms; }
    LinkId linkOf(ArcId a) const { return arc_link_[a]; }
    // True when the arc runs against its link's shape (to → from).
    bool isBackward(ArcId a) const { return (arc_flags_[a] & kBackward) != 0; }
    // True for the added reverse arc of a one-way street (relax_oneway).
    bool isContraflow(ArcId a) const { return (arc_flags_[a] & kContraflow) != 0; }

    const RoadLink& link(LinkId l) const { return links_[l]; }
    std::span<const RoadLink> links() const { return links_; }
    std::span<const XY> shapePoints() const { return shape_; }
    std::span<const XY> shape(LinkId l) const {
        return std::span<const XY>(shape_).subspan(links_[l].shape_begin, links_[l].shape_count);
    }
    // Distance along the link's shape at each shape point (first 0, last length_m).
    std::span<const double> shapeOffsetsM(LinkId l) const {
        return std::span<const double>(shape_offset_m_).subspan(links_[l].shape_begin, links_[l].shape_count);
    }
    // The point at `fraction` (0 = from, 1 = to) of the shape's length.
    XY pointAt(LinkId l, double fraction) const;

    // Our node id ↔ RoadData node index.
    std::uint32_t roadNode(NodeId n) const { return road_of_node_[n]; }
    NodeId nodeOfRoadNode(std::uint32_t road_index) const { return node_of_road_[road_index]; }

    std::span<const XY> nodesXY() const { return node_xy_; }
    XY nodeXY(NodeId n) const { return node_xy_[n]; }
    Bounds bounds() const { return bounds_; }
    // Sum of link lengths (each physical road once).
    double drivableLengthM() const { return drivable_length_m_; }

    // The link carrying a RoadData edge, kNoId for a non-drivable edge.
    LinkId linkOfEdge(EdgeId e) const { return edge_link_[e]; }
    // The arc carrying a RoadData edge, kNoId for a non-drivable edge.
    ArcId arcOfEdge(EdgeId e) const { return edge_arc_[e]; }
    const TravelTimeModel& model() const { return model_; }

private:
    static constexpr std::uint8_t kBackward = 1, kContraflow = 2;

    TravelTimeModel model_;
    std::vector<ArcId> first_out_;
    std::vector<TravelArc> arcs_;
    std::vector<NodeId> tail_;
    std::vector<LinkId> arc_link_;
    std::vector<std::uint8_t> arc_flags_;
    std::vector<ArcId> first_in_;
    std::vector<ArcId> in_arcs_;

    std::vector<RoadLink> links_;
    std::vector<XY> shape_;
    std::vector<double> shape_offset_m_;
    std::vector<XY> node_xy_;
    std::vector<std::uint32_t> road_of_node_;
    std::vector<NodeId> node_of_road_;
    std::vector<LinkId> edge_link_;
    std::vector<ArcId> edge_arc_;
    Bounds bounds_;
    double drivable_length_m_ = 0;
};

}  // namespace jingwei
