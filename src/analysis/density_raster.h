#pragma once
// Writing a DensityGrid: a GeoTIFF of the values (float32, incidents per
// km², in the map CRS, with a nodata value) for GIS tools, and a
// colour-ramped RGBA PNG for a quick look. Both through GDAL, via a
// temporary file and a rename.
#include <string>

#include "analysis/color_ramp.h"
#include "analysis/density_grid.h"

namespace jingwei {

constexpr float kDensityNoData = -9999.0f;

// Non-finite values are written as kDensityNoData. Throws Error naming the
// path for an unknown CRS or a write failure.
void writeDensityGeoTiff(const DensityGrid& grid, const std::string& crs, const std::string& path);

struct DensityPngOptions {
    ColorRamp ramp = ColorRamp::heat();
    double max_value = 0;     // the value at the top of the ramp; 0 = the grid's maximum
    double opacity = 1.0;     // multiplies the ramp's alpha
};

// North up (row 0 of the image is the grid's northern row).
void writeDensityPng(const DensityGrid& grid, const std::string& path, const DensityPngOptions& opt = {});

}  // namespace jingwei
