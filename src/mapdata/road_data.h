#pragma once
// The road network as imported: plain arrays of nodes and directed edges,
// each edge with its full shape. network::RoadGraph builds CSR arrays from it.
#include <cstdint>
#include <string>
#include <vector>

#include "core/geo.h"
#include "mapdata/road_class.h"

namespace jingwei {

struct RoadNode {
    std::int64_t source_id = 0;  // OSM id (or generator index)
    GeoPoint pos;
};

struct RoadEdge {
    std::uint32_t from = 0, to = 0;   // indices into RoadData::nodes
    double length_m = 0;              // as given by the source (OSMnx length) or computed
    RoadClass road_class = RoadClass::Other;
    std::string highway;              // the source's raw value
    std::string name;
    bool oneway = false;              // informative: each direction is its own edge
    bool has_geometry = false;        // true when the source gave a shape (WKT)
    int lanes = 0;                    // 0 = unknown
    double maxspeed_kph = 0;          // 0 = unknown
    std::uint32_t shape_begin = 0;    // into RoadData::shape; includes both end points
    std::uint32_t shape_count = 0;

    // Added for issue 3 ------------------------------------------------------
    std::string name_zh;              // OSM name:zh when the data has it
    std::int64_t way_id = 0;          // OSM way (or source feature) id; 0 = unknown
    double speed_kph = 0;             // travel speed from the map's class→speed table; 0 = not set
};

struct RoadData {
    std::vector<RoadNode> nodes;
    std::vector<RoadEdge> edges;
    std::vector<GeoPoint> shape;      // concatenated polylines of all edges

    Bounds boundsXY() const;
};

}  // namespace jingwei
