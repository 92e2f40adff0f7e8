#pragma once
// Counts of points per hexagon, the alternative to a heatmap: each bin has
// its axial coordinate, centre, count and weighted count; HexGrid::corners
// gives the polygon to draw or export.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/hex_grid.h"

namespace jingwei {

struct HexBin {
    HexCoord hex;
    XY centre;
    std::uint32_t count = 0;  // points in the hexagon
    double value = 0;         // Σ weights (= count unweighted)
};

struct HexBins {
    HexGrid grid;
    std::vector<HexBin> bins;  // sorted by (r, q)
};

// Bins the finite points. With `cover`, every hexagon of grid.covering(*cover)
// is listed, empty ones with count 0 (what Gi* needs: the zeros are data);
// otherwise only the occupied hexagons. Throws Error for mismatched or
// negative weights.
HexBins hexBin(std::span<const XY> points, std::span<const double> weights, const HexGrid& grid,
               const Bounds* cover = nullptr);

// Writes the hexagons as polygons (GeoJSON or GPKG by extension) in the
// given map CRS with attributes q, r, count, value, density_per_km2 and,
// when `z` is not empty (one per bin), gi_z. Temporary file + rename.
void writeHexBins(const HexBins& bins, const std::string& crs, const std::string& path,
                  std::span<const double> z = {});

}  // namespace jingwei
