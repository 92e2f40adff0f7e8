#pragma once
// Terrain: an elevation grid read from a DEM (GeoTIFF, SRTM .hgt) through
// GDAL. As read, the grid is in the file's CRS (lon/lat for SRTM); loadMap
// warps it into the map's metric CRS (bilinear), so the renderer gets a
// regular, north-up grid in map metres it can turn straight into a mesh, and
// elevationAt(x, y) needs no projection.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/geo.h"
#include "core/progress.h"
#include "mapdata/layer_style.h"

namespace jingwei {

struct Terrain {
    std::string name;                 // layer name from the manifest
    std::string source;               // the DEM file
    std::string crs;                  // CRS of the grid: "EPSG:4547" once in the map, else the file's (WKT)
    int width = 0, height = 0;        // columns, rows
    // GDAL geotransform of the grid (pixel-corner convention):
    //   X = gt[0] + col * gt[1] + row * gt[2],  Y = gt[3] + col * gt[4] + row * gt[5].
    // A value describes the cell whose centre is (col + 0.5, row + 0.5).
    std::array<double, 6> geotransform{0, 1, 0, 0, 0, -1};
    std::vector<float> elevation_m;   // row-major, row 0 at the top (north); NaN = no data
    float min_m = std::numeric_limits<float>::quiet_NaN();  // over valid cells
    float max_m = std::numeric_limits<float>::quiet_NaN();
    LayerStyle style;
    double warp_cell_m = 0;           // cell size MapModel::project warps to (0 = about the source's)

    bool empty() const { return width <= 0 || height <= 0; }
    // The value of a cell; NaN outside the grid or where there is no data.
    float at(int col, int row) const {
        if (col < 0 || row < 0 || col >= width || row >= height) return std::numeric_limits<float>::quiet_NaN();
        return elevation_m[std::size_t(row) * std::size_t(width) + std::size_t(col)];
    }
    // Centre of a cell in grid coordinates (map metres once in the map).
    XY cellCentre(int col, int row) const;
    // Bilinear interpolation between cell centres, at a point in grid
    // coordinates. Cells without data are left out and the weights of the
    // others renormalised; NaN outside the grid or with no valid neighbour.
    double elevationAt(double x, double y) const;
    // Extent of the grid (cell edges) in grid coordinates.
    Bounds bounds() const;
    // Cell size along x and y (positive), in grid units.
    double cellSizeX() const { return std::hypot(geotransform[1], geotransform[4]); }
    double cellSizeY() const { return std::hypot(geotransform[2], geotransform[5]); }
    std::size_t validCells() const;
    void updateMinMax();
};

struct TerrainReadOptions {
    // Override of the file's CRS: "" = the file's; "EPSG:4326", any PROJ string.
    std::string source_crs;
};

// Reads band 1 of a raster as float metres, nodata → NaN. Throws
// jingwei::Error naming the file for a missing or unreadable file, a raster
// without a CRS (and no override), a rotated or degenerate geotransform, or
// a raster with no valid cell. Progress is reported per block of rows.
Terrain readTerrain(const std::string& path, const TerrainReadOptions& opt = {}, const Progress& progress = {});

// The grid's extent in WGS84 lon/lat (for choosing an automatic map CRS).
Bounds terrainBoundsLonLat(const Terrain& t);

// Resamples the grid into target_crs (bilinear, GDAL warp), north-up, with
// square cells of cell_m (0 = about the source resolution). NaN stays no data.
Terrain warpTerrain(const Terrain& t, const std::string& target_crs, double cell_m = 0,
                    const Progress& progress = {});

}  // namespace jingwei
