#pragma once
// Reads OpenStreetMap data (.osm XML and .osm.pbf) through GDAL's OSM
// driver in one interleaved pass, with our own driver configuration
// (attribute columns for the tags we use; every other tag is parsed from the
// driver's hstore `other_tags`):
//   - highway lines → RoadWay (the road builder makes the graph) and, for the
//     non-drivable classes (footway, cycleway, steps, ...), a paths layer;
//   - building=* areas (closed ways and multipolygon relations; building=no
//     excluded) → a buildings layer with heights (building_height.h);
//   - amenity=police (nodes, and areas as a point inside them) → a police layer;
//   - other points of interest (nodes with amenity, shop, tourism, office,
//     emergency, healthcare, leisure, public_transport, or railway=station)
//     → a POI layer.
// Labels are name:zh when present, else name.
#include <cstddef>
#include <string>
#include <vector>

#include "core/progress.h"
#include "mapdata/layer_style.h"
#include "mapdata/road_builder.h"
#include "mapdata/vector_layer.h"

namespace jingwei {

struct OsmReadOptions {
    bool roads = true, buildings = true, pois = true, paths = true;
    Extrusion extrusion;            // building heights
};

struct OsmStats {
    std::size_t features = 0;       // everything the driver gave
    std::size_t highway_lines = 0;  // lines with a highway tag
    std::size_t highway_areas = 0;  // highway areas (area=yes): not roads, not imported
    std::size_t buildings = 0;
    std::size_t buildings_with_height = 0, buildings_with_levels = 0;
    std::size_t pois = 0, police = 0, paths = 0;
};

struct OsmData {
    std::vector<RoadWay> highways;  // every highway line, in file order
    VectorLayer buildings, pois, police, paths;
    OsmStats stats;
};

// Throws jingwei::Error naming the file and the place (line for XML, byte
// offset for PBF, or the OSM object) for a missing, truncated or malformed
// file and for bad coordinates; Cancelled when progress asks to stop.
OsmData readOsm(const std::string& path, const OsmReadOptions& opt = {}, const Progress& progress = {});

}  // namespace jingwei
