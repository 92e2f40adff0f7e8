#pragma once
// What an import did: per-layer counts and timings, the road-graph build,
// the component pruning and the cache. `jingwei import` prints it; the GUI
// can show it beside the map. Stored in the map package, so a map read from
// the cache still knows what its import found.
#include <cstddef>
#include <string>
#include <vector>

#include "mapdata/road_builder.h"
#include "mapdata/road_components.h"

namespace jingwei {

struct LayerImportReport {
    std::string name;          // manifest layer name
    std::string type;          // graphml, vector, osm, roads, buildings, dem
    std::string source;        // the file
    std::size_t features = 0;  // features (or edges, or cells) it gave
    double seconds = 0;        // time to read it
    std::string detail;        // e.g. "4658 highway lines, 8993 buildings, 1 police"
};

struct ImportReport {
    std::vector<LayerImportReport> layers;
    RoadBuildReport roads;           // the graph build from OSM / vector roads
    RoadComponentReport components;  // the largest-SCC pruning
    bool from_cache = false;         // this model was read from the map package
    std::string cache_file;          // the package read or written ("" = none)
    std::string cache_note;          // why the cache was not used or not written
    double import_s = 0;             // reading and building (0 when from the cache)
    double project_s = 0;            // projection and terrain warping
    double cache_write_s = 0;
    double cache_read_s = 0;
    double total_s = 0;
};

}  // namespace jingwei
