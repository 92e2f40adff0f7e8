#pragma once
// Building heights for extrusion (docs/formats.md, "Buildings"):
//   1. the height field, if it parses to a positive number of metres;
//   2. else the levels field × level_height_m (OSM building:levels);
//   3. else the default height.
// min_height (OSM min_height, or building:min_level × level height) raises
// the base. Height values may carry a unit: "12", "12 m", "12.5m", "40 ft", "40'".
#include <string_view>

#include "mapdata/layer_style.h"
#include "mapdata/vector_layer.h"

namespace jingwei {

// Metres from an OSM-style height value; NaN when it does not parse.
double parseHeightM(std::string_view v);

// Fills height_m, min_height_m and height_source of f from its attributes.
void applyExtrusion(Feature& f, const Extrusion& ex);

}  // namespace jingwei
