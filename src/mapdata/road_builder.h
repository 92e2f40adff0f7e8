#pragma once
// Builds the routable road graph (RoadData) from road polylines: OSM ways
// (osm_reader) or the lines of a vector layer (manifest type `roads`).
//
// Splitting: GDAL's OSM driver gives each way as a polyline without node
// ids, so ways are split where vertices coincide. Coordinates are quantised
// to 1e-7 degrees, which is OSM's own storage precision, so two ways share a
// vertex exactly when they share an OSM node (or, rarely, two distinct nodes
// sit on the same spot, which are merged). A vertex becomes a graph node when
// it ends a way or is used more than once (by another way or by the same way
// again); every stretch between two graph nodes becomes one edge per allowed
// direction, carrying the stretch's full shape. Ways that cross without a
// shared vertex (bridges, tunnels) stay unconnected. With snap_m > 0 the
// quantum is snap_m instead, for vector data whose pieces meet only
// approximately.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"
#include "core/progress.h"
#include "mapdata/road_data.h"

namespace jingwei {

// One input polyline with its road attributes (raw OSM tag values).
struct RoadWay {
    std::int64_t id = 0;               // OSM way id or source feature id
    std::vector<GeoPoint> points;      // WGS84 lon/lat
    std::string highway, name, name_zh;
    std::string oneway;                // raw `oneway` value ("yes", "-1", ...)
    std::string junction;              // raw `junction` value ("roundabout", ...)
    int lanes = 0;                     // 0 = unknown
    double maxspeed_kph = 0;           // 0 = unknown
};

enum class WayDirection : std::uint8_t { Both, Forward, Backward };

// One-way rules: oneway=yes/true/1 → Forward; oneway=-1/reverse → Backward;
// oneway=no/false/0 → Both; otherwise junction=roundabout/circular and
// highway=motorway/motorway_link imply Forward; anything else (including
// reversible/alternating, which police may use either way) → Both.
WayDirection wayDirection(std::string_view highway, std::string_view oneway, std::string_view junction);

// highway values that are not roads at all and are skipped without counting
// as unknown: proposed, construction, abandoned, disused, razed, platform,
// bus_stop, elevator, services, rest_area, raceway, emergency_access_point.
bool isNonRoadHighway(std::string_view highway);

// OSM value parsers: "3", "2;3" (first) → lanes; "60", "60 km/h", "35 mph",
// "CN:urban" (unknown → 0) → km/h.
int parseOsmLanes(std::string_view v);
double parseOsmSpeedKph(std::string_view v);

// Ellipsoidal (WGS84) length of a lon/lat polyline, metres (PROJ geodesic).
double geodesicLengthM(const std::vector<GeoPoint>& pts, std::size_t begin, std::size_t end);

struct UnknownHighway {
    std::size_t ways = 0;
    std::vector<std::int64_t> examples;  // up to 3 way ids
};

struct RoadBuildReport {
    std::size_t ways_in = 0;             // polylines given
    std::size_t ways_used = 0;           // became edges of the graph
    std::size_t ways_not_drivable = 0;   // class Path (footway, cycleway, steps, ...): not in the graph
    std::size_t ways_not_roads = 0;      // isNonRoadHighway values: skipped
    std::size_t ways_degenerate = 0;     // fewer than two distinct vertices
    std::size_t oneway_ways = 0;         // used ways that allow one direction only
    // highway values outside the class table: kept as RoadClass::Other
    // (drivable) and reported with examples.
    std::map<std::string, UnknownHighway> unknown_highways;
    std::map<std::string, std::size_t> skipped_highways;  // the not-road values met
};

struct RoadBuildOptions {
    double snap_m = 0;  // 0 = exact (1e-7 degrees); else vertices within about snap_m merge
};

RoadData buildRoadGraph(const std::vector<RoadWay>& ways, const RoadBuildOptions& opt = {},
                        RoadBuildReport* report = nullptr, const Progress& progress = {});

}  // namespace jingwei
