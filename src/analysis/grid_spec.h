#pragma once
// A regular raster grid in map metres: nx × ny square cells of cell_m,
// whose lower-left (south-west) corner is (origin_x, origin_y). Cell (i, j)
// covers x ∈ [origin_x + i·cell_m, origin_x + (i+1)·cell_m) and likewise y;
// row j = 0 is the southernmost row (GeoTIFF writers flip it).
#include <cstddef>

#include "core/geo.h"

namespace jingwei {

struct GridSpec {
    double origin_x = 0, origin_y = 0;  // lower-left corner, map metres
    double cell_m = 25;
    int nx = 0, ny = 0;

    std::size_t cells() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
    double centreX(int i) const { return origin_x + (i + 0.5) * cell_m; }
    double centreY(int j) const { return origin_y + (j + 0.5) * cell_m; }
    double cellAreaKm2() const { return cell_m * cell_m * 1e-6; }
    Bounds bounds() const { return Bounds{origin_x, origin_y, origin_x + nx * cell_m, origin_y + ny * cell_m}; }
    bool valid() const { return nx > 0 && ny > 0 && cell_m > 0; }
    // The cell holding (x, y); false when outside.
    bool cellOf(double x, double y, int* i, int* j) const;

    // A grid of cell_m cells covering `b` grown by margin_m on every side,
    // with its origin snapped to a multiple of cell_m.
    static GridSpec covering(const Bounds& b, double cell_m, double margin_m = 0);
};

}  // namespace jingwei
