#pragma once
// The fleet's coverage, live: units placed, dragged and removed one at a
// time, with the merged minimum-time field, fleet rings per band, coverage
// gaps (盲区), each unit's responsibility area and the statistics kept up to
// date by recomputing only what a change touches.
//
// How a change stays local. The merged field keeps a (time, unit) label per
// node. Moving unit u
//   1. removes u: the nodes u owned lose their labels and are re-searched
//      from the labels around them and the other units' seeds (a bounded
//      Dijkstra over u's old region only: nothing outside it depended on u);
//   2. adds u at its new position: a Dijkstra from u's seeds that only goes
//      where it beats the current label;
//   3. re-stamps the band raster only in the box around the links whose
//      times changed, then re-polygonises the rings and gaps.
// The result is identical (bit for bit) to building the model from scratch
// with the same units in the same order; the tests check it.
//
// Usage (GUI): construct once per map, setUnits() or addUnit(); per frame
// while dragging: moveUnit(key, pos); update(); then draw rings(), gaps(),
// unitRings(key) for the dragged unit, and show stats().
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/progress.h"
#include "network/coverage_field.h"
#include "network/isochrone.h"
#include "network/polygon.h"
#include "network/rings.h"
#include "network/snapping.h"
#include "network/time_raster.h"
#include "network/travel_graph.h"

namespace jingwei {

struct CoverageParams {
    RingOptions rings;                  // bands (minutes), off-road reach, raster cell
    double max_snap_m = kDefaultMaxSnapM;
    int threads = 2;                    // for full recomputations (setUnits, first update)
    MultiPolygon boundary;              // area of interest; empty = the road network buffered by offroad_m
    int gap_band = -1;                  // band index the gaps are measured against (-1 = the largest)
    bool polygons = true;               // build ring and gap polygons in update()
    std::size_t max_raster_cells = 64u << 20;  // the cell size grows to stay under this

    void validate() const;              // throws Error("", "coverage parameters", reason)
};

// A unit as placed by the user.
struct UnitInput {
    std::string id;
    std::string name;
    XY pos;
};

// A unit's key: its slot in the model, stable for the model's life and
// never reused. It is also the owner index in field(), the raster and the
// responsibility results, and breaks ties in time (lower key wins).
using UnitKey = std::uint32_t;

struct UnitState {
    UnitInput input;
    Snap snap;                          // snap.on_network false: off-network (reported, covers nothing)
    bool active = false;                // false once removed
};

struct BandStats {
    double minutes = 0;
    double road_m = 0;                  // drivable road length reached within the band
    double road_share = 0;              // of all drivable road length
    double area_m2 = 0;                 // ring area inside the area of interest
    double area_share = 0;              // of the area of interest
    std::size_t incidents = 0;          // incidents inside the ring
    double incident_share = 0;          // of all incidents (0 when there are none)
};

struct CoverageStats {
    double road_total_m = 0;
    double aoi_area_m2 = 0;
    double gap_area_m2 = 0;
    std::size_t incident_total = 0;
    std::size_t units_on_network = 0, units_off_network = 0;
    std::vector<BandStats> bands;       // ascending minutes
};

// The part of a link a unit is fastest to (network Voronoi, within the
// largest band).
struct LinkPart {
    LinkId link;
    double s0, s1;                      // fractions along the link
};

struct UnitResponsibility {
    UnitKey unit = 0;
    std::vector<LinkPart> parts;        // sorted by link, then s0
    double road_m = 0;
    MultiPolygon area;                  // filled when polygons are asked for
    double area_m2 = 0;
};

// What the last update() did (for the GUI's status line and the benchmarks).
struct UpdateInfo {
    bool full = false;                  // the whole field was rebuilt
    std::size_t nodes_changed = 0;
    std::size_t links_restamped = 0;
    RasterWindow window;                // raster cells recomputed
};

class CoverageModel {
public:
    // Builds the snapping index; the graph is shared (e.g. with other models).
    explicit CoverageModel(std::shared_ptr<const TravelGraph> graph, CoverageParams params = {});
    ~CoverageModel();
    CoverageModel(const CoverageModel&) = delete;
    CoverageModel& operator=(const CoverageModel&) = delete;

    // Units. Each call snaps the unit and updates the merged field for that
    // unit only; update() then refreshes rings, gaps and statistics.
    UnitKey addUnit(const UnitInput& u);
    void moveUnit(UnitKey key, XY pos);
    void removeUnit(UnitKey key);
    // Replaces all units (keys restart at 0); the field is rebuilt by one
    // parallel multi-source search at the next update().
    void setUnits(std::span<const UnitInput> units);

    std::size_t slotCount() const;
    std::vector<UnitKey> activeUnits() const;
    const UnitState& unit(UnitKey key) const;

    // Incidents (map x/y) counted by the statistics.
    void setIncidents(std::vector<XY> points);

    // Brings rings, gaps and statistics up to date (a no-op when nothing
    // changed, so the GUI may call it every frame). Cancellable between
    // stages; a cancelled update leaves the results stale and is redone by
    // the next call. Not thread-safe: one model per thread.
    void update(const Progress& progress = {});
    const UpdateInfo& lastUpdate() const { return info_; }

    // Results as of the last update().
    const CoverageField& field() const { return field_; }   // owner = UnitKey
    const std::vector<Ring>& rings() const { return rings_; } // fleet rings (union over units), ascending
    // Band k's ring minus band k−1's (an annulus; the ring itself for k = 0),
    // for drawing the bands side by side without overlap. On demand.
    MultiPolygon bandAnnulus(std::size_t k) const;
    const MultiPolygon& gaps() const { return gaps_; }        // 盲区 against the gap band
    const CoverageStats& stats() const { return stats_; }
    const BandRaster& bands() const { return bands_; }        // per cell: smallest covering band
    // The min-time raster with owners (computed on demand: responsibility
    // areas, GeoTIFF export).
    TimeRaster timeRaster() const;
    // Per incident: index of the smallest band covering it, or -1.
    std::vector<int> incidentBands() const;

    // One unit's own rings (not clipped by the others); cached until it moves.
    const UnitRings& unitRings(UnitKey key);
    // Each active unit's responsibility (network Voronoi within the largest
    // band), optionally with its area polygons from the raster.
    std::vector<UnitResponsibility> responsibility(bool with_polygons);
    // Minimal band index covering a point per the raster, -1 if none.
    int bandAt(XY p) const;
    // The time pieces of a link from the merged field (link_times.h), as of
    // the last update().
    void linkPieces(LinkId l, std::vector<TimePiece>& out) const;

    const TravelGraph& graph() const { return *graph_; }
    const SnapIndex& snapIndex() const { return index_; }
    const CoverageParams& params() const { return params_; }
    std::span<const Millis> limitsMs() const { return limits_; }
    const std::vector<std::uint8_t>& aoiMask() const { return aoi_; }

private:
    struct Slot;
    void requireKey(UnitKey key) const;
    void updateImpl(const Progress& progress);
    void removeFromField(UnitKey key);
    void addToField(UnitKey key);
    void markNode(NodeId v);
    void markLink(LinkId l);
    void buildAoi();
    void rebuildOnLink();
    void restamp(const RasterWindow& w, std::size_t* links_restamped);

    std::shared_ptr<const TravelGraph> graph_;
    CoverageParams params_;
    SnapIndex index_;
    std::vector<Millis> limits_;
    std::vector<double> minutes_;
    std::vector<Slot> units_;
    std::vector<XY> incidents_;

    // Merged field.
    std::vector<std::uint64_t> labels_;
    CoverageField field_;
    bool full_rebuild_ = true;
    bool stale_ = true;                 // something changed since the last update()
    std::unique_ptr<MultiSourceSearch> multi_;
    std::unique_ptr<RingBuilder> ring_builder_;
    detail::NodeHeap<std::uint64_t> heap_;
    std::vector<NodeId> heap_touched_;
    std::vector<std::uint8_t> region_mark_;
    std::vector<std::uint8_t> node_dirty_;
    std::vector<NodeId> dirty_nodes_;
    std::vector<std::uint8_t> link_dirty_;
    std::vector<LinkId> dirty_links_;

    // Units standing on links: (link, unit) sorted by link.
    std::vector<std::pair<LinkId, OnLinkUnit>> on_link_;
    bool on_link_stale_ = true;

    // Raster stage.
    BandRaster bands_;
    std::vector<std::uint8_t> aoi_;
    std::size_t aoi_cells_ = 0;
    std::vector<double> link_band_m_;   // per link × band: reached length
    std::vector<Ring> rings_;
    MultiPolygon gaps_;
    CoverageStats stats_;
    UpdateInfo info_;
};

}  // namespace jingwei
