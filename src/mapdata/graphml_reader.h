#pragma once
// Reads an OSMnx-style GraphML road graph (nodes with x/y, directed edges
// with highway, oneway, length, name, lanes, maxspeed and an optional WKT
// LINESTRING geometry) with pugixml. Coordinates are converted to WGS84
// lon/lat from the graph's `crs` attribute (OSMnx writes epsg:4326).
#include <string>

#include "core/progress.h"
#include "mapdata/road_data.h"

namespace jingwei {

struct GraphMLStats {
    std::size_t nodes = 0, edges = 0, edges_with_geometry = 0;
    std::size_t unknown_class_edges = 0;  // highway values outside the class table
};

// Throws jingwei::Error naming the file and the line/element for a missing
// file, malformed XML, unknown node references or bad coordinates.
RoadData readGraphML(const std::string& path, GraphMLStats* stats = nullptr,
                     const Progress& progress = {});

}  // namespace jingwei
