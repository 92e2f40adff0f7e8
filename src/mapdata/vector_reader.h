#pragma once
// Reads a vector layer (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, ...)
// through GDAL/OGR into WGS84 lon/lat.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/progress.h"
#include "mapdata/vector_layer.h"

namespace jingwei {

// The geometry a layer must hold (a buildings layer: polygons).
enum class GeometryKind : std::uint8_t { Any = 0, Point, Line, Polygon };
std::string_view geometryKindKey(GeometryKind k);  // "any", "point", "line", "polygon"
bool parseGeometryKind(std::string_view key, GeometryKind* out);

struct VectorReadOptions {
    std::string layer;            // OGR layer name; empty = the first layer
    std::string label_field;      // attribute used as the feature's label
    std::string anchor_x_field;   // optional attribute pair giving the label anchor lon/lat
    std::string anchor_y_field;
    // Override of the source CRS: "" = use the file's, "GCJ02" = GCJ-02
    // lon/lat (converted to WGS84), or any PROJ string such as "EPSG:4547".
    std::string source_crs;

    // Added for issue 3 ------------------------------------------------------
    // OGR attribute filter (OGR SQL WHERE clause), e.g. "height > 0" or
    // "OGR_GEOMETRY IN ('POLYGON','MULTIPOLYGON')"; "" = every feature.
    std::string filter;
    // Every feature's geometry must be of this kind (multi-parts count as
    // their kind); a feature of another kind is an error naming it.
    GeometryKind geometry = GeometryKind::Any;
};

// Throws jingwei::Error naming the file and the feature for unreadable files,
// a missing or unusable CRS, NaN or out-of-range coordinates, a bad filter,
// a feature of the wrong geometry kind, and an empty layer (also when the
// filter leaves nothing).
VectorLayer readVectorLayer(const std::string& path, const VectorReadOptions& opt = {},
                            const Progress& progress = {});

}  // namespace jingwei
