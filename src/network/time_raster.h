#pragma once
// The raster stage of ring building. A ring is the set of places within the
// off-road reach (default 50 m) of a point of the network reached within the
// band's time. On a grid of cells (default 10 m) each cell keeps
//
//     f(cell) = min { time(q) : q on the network, |q − centre(cell)| ≤ reach }
//
// (and which unit has that time). Every band is then a threshold of the same
// field, {f ≤ T}, so the 1-minute ring lies inside the 3-minute ring inside
// the 5-minute ring by construction, holes (blocks farther than the reach
// from any reached road) stay holes, and nothing farther than reach + half a
// cell diagonal from a reached road is covered.
//
// Time varies linearly along each straight piece of a road, so a piece's
// contribution to a cell is exact and cheap: the chord of the piece inside
// the reach circle, evaluated at its low-time end. The masks are turned into
// polygons by GDALPolygonize (polygonizeMask, polygonizeLabels).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "core/geo.h"
#include "network/mask_polygonizer.h"
#include "network/polygon.h"

namespace jingwei {

struct RasterWindow {
    int c0 = 0, r0 = 0, c1 = -1, r1 = -1;  // inclusive cell ranges
    bool empty() const { return c1 < c0 || r1 < r0; }
};

// North-up grid: cell (c, r) spans x0 + c·cell .. x0 + (c+1)·cell and
// y0 − (r+1)·cell .. y0 − r·cell.
struct RasterGrid {
    double x0 = 0, y0 = 0;  // top-left corner (min x, max y)
    double cell_m = 10;
    int width = 0, height = 0;

    std::size_t cellCount() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
    XY centre(int c, int r) const { return {x0 + (c + 0.5) * cell_m, y0 - (r + 0.5) * cell_m}; }
    Bounds bounds() const;
    // Cells whose centres lie in the box (clamped to the grid).
    RasterWindow window(const Bounds& box) const;
    RasterWindow all() const { return {0, 0, width - 1, height - 1}; }
    // The grid covering a box with cell edges on multiples of cell_m, so that
    // grids of the same cell size line up cell for cell.
    static RasterGrid covering(const Bounds& box, double cell_m);
    // The sub-grid of a window.
    RasterGrid sub(const RasterWindow& w) const;
    bool operator==(const RasterGrid&) const = default;
};

class TimeRaster {
public:
    static constexpr float kEmpty = std::numeric_limits<float>::infinity();
    static constexpr std::uint32_t kNoOwner = 0xFFFFFFFFu;

    TimeRaster() = default;
    TimeRaster(const RasterGrid& grid, bool with_owner);

    const RasterGrid& grid() const { return grid_; }
    bool hasOwner() const { return !owner_.empty(); }
    void clear();
    void clear(const RasterWindow& w);

    // Stamps a straight piece of road whose time runs linearly from ta (at a)
    // to tb (at b): every cell whose centre lies within radius_m of the piece
    // takes the least time over the piece's points within radius_m of it,
    // when that is less than what it has (ties: the lower owner). Cells
    // outside `clip` (when given) are left alone.
    void stamp(XY a, XY b, double ta, double tb, std::uint32_t owner, double radius_m,
               const RasterWindow* clip = nullptr);

    std::span<const float> times() const { return time_; }
    std::span<const std::uint32_t> owners() const { return owner_; }
    float timeAt(int c, int r) const { return time_[index(c, r)]; }
    std::uint32_t ownerAt(int c, int r) const { return owner_.empty() ? 0 : owner_[index(c, r)]; }
    std::size_t index(int c, int r) const {
        return static_cast<std::size_t>(r) * static_cast<std::size_t>(grid_.width) + static_cast<std::size_t>(c);
    }

private:
    RasterGrid grid_;
    std::vector<float> time_;
    std::vector<std::uint32_t> owner_;
};

// The band raster: per cell the index of the smallest band whose ring
// covers it (kNone when none). Stamping tests a cell against each band's
// reached sub-piece directly (squared distances, no square roots), which is
// what ring building needs; TimeRaster keeps the time and owner (for
// responsibility areas and the GeoTIFF export).
class BandRaster {
public:
    static constexpr std::uint8_t kNone = 0xFF;

    BandRaster() = default;
    explicit BandRaster(const RasterGrid& grid) : grid_(grid), band_(grid.cellCount(), kNone) {}

    const RasterGrid& grid() const { return grid_; }
    void clear() { std::fill(band_.begin(), band_.end(), kNone); }
    void clear(const RasterWindow& w);

    // Stamps a straight piece of road whose time runs linearly from ta (at a)
    // to tb (at b): a cell within radius_m of the part of the piece reached
    // within limits_ms[k] gets band k if smaller than its own. limits_ms is
    // ascending, at most 254 long.
    void stamp(XY a, XY b, double ta, double tb, std::span<const double> limits_ms, double radius_m,
               const RasterWindow* clip = nullptr);

    std::span<const std::uint8_t> bands() const { return band_; }
    std::uint8_t bandAt(int c, int r) const {
        return band_[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid_.width) + static_cast<std::size_t>(c)];
    }
    // 1 where band ≤ k.
    std::vector<std::uint8_t> maskUpTo(std::uint8_t k) const;
    bool operator==(const BandRaster&) const = default;

private:
    RasterGrid grid_;
    std::vector<std::uint8_t> band_;
};

// The polygons of each label value (GDALPolygonize) (cells with mask == 0 or label == nodata
// are left out), sorted by label.
std::vector<std::pair<std::uint32_t, MultiPolygon>> polygonizeLabels(const RasterGrid& grid,
                                                                    std::span<const std::uint32_t> labels,
                                                                    std::uint32_t nodata);

}  // namespace jingwei
