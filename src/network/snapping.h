#pragma once
// Snapping positions to the drivable network: a uniform-grid spatial index
// over the shape segments of every TravelGraph link. A snap keeps where on
// the road the unit is (link, fraction and metres from the link's start), so
// the isochrone search starts part-way along the road, not at a node.
#include <cstdint>
#include <limits>
#include <vector>

#include "core/geo.h"
#include "network/travel_graph.h"

namespace jingwei {

inline constexpr double kDefaultMaxSnapM = 200.0;

struct Snap {
    bool on_network = false;   // false: no road within the maximum snap distance
    XY query;                  // the position asked for
    LinkId link = kNoId;       // the nearest link (valid when on_network)
    std::uint32_t segment = 0; // its shape segment (points segment, segment+1)
    double fraction = 0;       // along the link's shape: 0 = link.from, 1 = link.to
    double offset_m = 0;       // metres along the shape from link.from
    double distance_m = std::numeric_limits<double>::infinity();  // query → point
    XY point;                  // the snapped point on the road
};

// One shape segment of a link.
struct SegmentRef {
    LinkId link;
    std::uint32_t segment;
    bool operator==(const SegmentRef&) const = default;
};

class SnapIndex {
public:
    // cell_m = 0 picks a cell size from the density of segments. The graph
    // must outlive the index.
    explicit SnapIndex(const TravelGraph& g, double cell_m = 0);

    // The nearest point of the network within max_distance_m (ties: the
    // lower link id, then the lower segment). Deterministic.
    Snap snap(XY p, double max_distance_m = kDefaultMaxSnapM) const;

    // Every segment with a point within radius_m of p, sorted and unique.
    void segmentsNear(XY p, double radius_m, std::vector<SegmentRef>& out) const;
    // Every segment whose bounding box meets the box, sorted and unique.
    void segmentsInBox(const Bounds& box, std::vector<SegmentRef>& out) const;
    // Links with a segment whose bounding box meets the box, sorted and unique.
    void linksInBox(const Bounds& box, std::vector<LinkId>& out) const;

    const TravelGraph& graph() const { return *g_; }
    double cellM() const { return cell_m_; }
    std::size_t segmentCount() const { return segs_.size(); }

private:
    struct Seg {
        double x0, y0, x1, y1;
        LinkId link;
        std::uint32_t segment;
    };
    // Cell index range [c0, c1] × [r0, r1] covering a box, clamped to the grid.
    bool cellRange(const Bounds& b, int* c0, int* r0, int* c1, int* r1) const;

    const TravelGraph* g_;
    double cell_m_ = 100;
    double x0_ = 0, y0_ = 0;
    int cols_ = 0, rows_ = 0;
    std::vector<Seg> segs_;
    std::vector<std::uint32_t> cell_first_;
    std::vector<std::uint32_t> cell_items_;
};

// Distance from p to segment a–b and the parameter t ∈ [0,1] of the closest point.
double pointSegmentDistance(XY p, XY a, XY b, double* t);

}  // namespace jingwei
