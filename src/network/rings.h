#pragma once
// Response rings (1-3-5 分钟快速反应圈): the area a unit reaches by road
// within each band's minutes, plus an off-road reach (default 50 m) on
// either side of every reached road. Built from the exact reached parts of
// the roads (link_times.h) rasterised into a min-time field (time_raster.h)
// and polygonised by GDAL; see time_raster.h for why the bands nest and
// holes stay holes.
//
// Accuracy: a ring's edge is within half a cell diagonal (7.1 m at the
// default 10 m cells) of the exact offset curve at `offroad_m` from the
// reached roads.
#include <cstdint>
#include <span>
#include <vector>

#include "network/isochrone.h"
#include "network/link_times.h"
#include "network/polygon.h"
#include "network/time_raster.h"

namespace jingwei {

struct RingOptions {
    std::vector<double> minutes{1, 3, 5};
    double offroad_m = 50;   // reach off the road on foot / into yards
    double cell_m = 10;      // raster cell for polygon building
    Polygonizer polygonizer = Polygonizer::Native;  // or GDALPolygonize (same polygons, slower)
    double simplify_m = 1.0; // link shapes are simplified to within this for rasterising (0 = exact)

    // Throws Error("", "ring options", reason).
    void validate() const;
    // The band limits in ms, ascending (minutes sorted, duplicates removed).
    std::vector<Millis> limitsMs() const;
};

struct Ring {
    double minutes = 0;
    Millis limit_ms = 0;
    MultiPolygon polygons;   // everything within `minutes` (cumulative, not an annulus)
    double area_m2 = 0;
};

struct UnitRings {
    Snap origin;
    Reach reach;             // the search behind the rings (limit = the largest band)
    std::vector<Ring> rings; // ascending minutes; empty for an off-network unit
};

// Link shapes for rasterising: each shape simplified (Douglas–Peucker) to
// within a tolerance, with the fraction along the original shape at every
// kept point, so times at kept points stay exact. OSM shapes have many
// metre-long segments on curves; each segment costs a capsule of cells.
class StampShapes {
public:
    StampShapes() = default;
    StampShapes(const TravelGraph& g, double tolerance_m);
    std::span<const XY> points(LinkId l) const {
        return std::span<const XY>(pts_).subspan(first_[l], first_[l + 1] - first_[l]);
    }
    std::span<const double> fractions(LinkId l) const {
        return std::span<const double>(frac_).subspan(first_[l], first_[l + 1] - first_[l]);
    }

private:
    std::vector<std::uint32_t> first_;
    std::vector<XY> pts_;
    std::vector<double> frac_;
};

// Builds one unit's rings; holds the search workspace and the stamp shapes,
// so build it once per graph and reuse it (not thread-safe).
class RingBuilder {
public:
    explicit RingBuilder(const TravelGraph& g, RingOptions opt = {});
    UnitRings build(const Snap& origin);

    const RingOptions& options() const { return opt_; }
    std::span<const Millis> limitsMs() const { return limits_; }
    const StampShapes& shapes() const { return shapes_; }
    const TravelGraph& graph() const { return *g_; }

private:
    const TravelGraph* g_;
    RingOptions opt_;
    std::vector<Millis> limits_;
    std::vector<double> minutes_;
    StampShapes shapes_;
    IsochroneSearch search_;
};

// Building blocks -----------------------------------------------------------

// A link's time pieces as its lower envelope within max_ms (non-overlapping,
// so each part of the road is stamped once). `scratch` is reused.
void linkEnvelope(const TravelGraph& g, LinkId l, std::span<const Millis> node_time,
                  std::span<const std::uint32_t> node_owner, std::span<const OnLinkUnit> on_link, double max_ms,
                  std::vector<TimePiece>& scratch, std::vector<TimePiece>& out);

// Stamps a piece of link l (time linear in the fraction) onto a band raster
// (limits ascending, ms) or a time raster (clipped to max_ms).
void stampPiece(BandRaster& raster, const StampShapes& shapes, LinkId l, const TimePiece& piece,
                std::span<const double> limits_ms, double radius_m, const RasterWindow* clip = nullptr);
void stampPiece(TimeRaster& raster, const StampShapes& shapes, LinkId l, const TimePiece& piece, double max_ms,
                double radius_m, const RasterWindow* clip = nullptr);

// The polygons of the cells of band ≤ k.
MultiPolygon polygonizeBand(const BandRaster& raster, std::uint8_t k, Polygonizer how = Polygonizer::Native);
// The polygons of {cells with time ≤ limit_ms}.
MultiPolygon polygonizeBelow(const TimeRaster& raster, double limit_ms);
// The bounding box of link l's shape.
Bounds linkBounds(const TravelGraph& g, LinkId l);

}  // namespace jingwei
