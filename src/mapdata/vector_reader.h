#pragma once
// Reads a vector layer (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, ...)
// through GDAL/OGR into WGS84 lon/lat.
#include <string>

#include "core/progress.h"
#include "mapdata/vector_layer.h"

namespace jingwei {

struct VectorReadOptions {
    std::string layer;            // OGR layer name; empty = the first layer
    std::string label_field;      // attribute used as the feature's label
    std::string anchor_x_field;   // optional attribute pair giving the label anchor lon/lat
    std::string anchor_y_field;
    // Override of the source CRS: "" = use the file's, "GCJ02" = GCJ-02
    // lon/lat (converted to WGS84), or any PROJ string such as "EPSG:4547".
    std::string source_crs;
};

// Throws jingwei::Error naming the file and the feature for unreadable files,
// a missing or unusable CRS, and NaN or out-of-range coordinates.
VectorLayer readVectorLayer(const std::string& path, const VectorReadOptions& opt = {},
                            const Progress& progress = {});

}  // namespace jingwei
