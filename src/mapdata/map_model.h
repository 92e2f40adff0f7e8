#pragma once
// A loaded map: road network, vector layers (including buildings and POIs)
// and terrain, projected into one metric CRS. This is the model the render
// and ui layers draw; they never own it.
//
// Drawing order: every drawable part has a LayerStyle with a draw_order
// (roads_style for the road network, VectorLayer::style, Terrain::style);
// lower draws first, equal values keep this order: terrains, layers, roads.
#include <string>
#include <vector>

#include "core/geo.h"
#include "core/progress.h"
#include "mapdata/import_report.h"
#include "mapdata/layer_style.h"
#include "mapdata/road_data.h"
#include "mapdata/road_speeds.h"
#include "mapdata/terrain.h"
#include "mapdata/vector_layer.h"

namespace jingwei {

struct MapModel {
    std::string name;                 // display name, e.g. "深圳 福田-南山"
    std::string crs;                  // resolved, e.g. "EPSG:4547"
    bool synthetic = false;           // generated data: label it 合成示例 on screen
    std::string notice;               // e.g. why a fallback map was used
    RoadData roads;
    std::vector<VectorLayer> layers;

    // Added for issue 3 ------------------------------------------------------
    std::string name_en;
    std::string roads_name = "roads"; // the road network's name in the layer panel
    LayerStyle roads_style;           // its style and draw order
    RoadSpeeds speeds;                // class → km/h used for RoadEdge::speed_kph
    std::vector<Terrain> terrains;    // in the map CRS once projected
    std::string package_key;          // hash of the sources and manifest ("" = not from files)
    ImportReport report;

    // Extent of everything drawable, in map metres.
    Bounds boundsXY() const;
    // What "home" fits: the road network when there is one (district
    // boundaries may cover a whole city), otherwise everything.
    Bounds homeBoundsXY() const;
    // The same extent in WGS84 lon/lat (x = lon, y = lat): the road network,
    // else the vector layers, else the terrains. Decides an "auto" CRS.
    Bounds homeBoundsLonLat() const;
    // Fills x/y of every point from lon/lat with the given CRS, and warps
    // terrains not yet in it.
    void project(const std::string& crs_spec, const Progress& progress = {});
    // Ground elevation at map x/y from the first terrain that has data
    // there (bilinear); NaN without terrain.
    double elevationAt(double x, double y) const;
};

}  // namespace jingwei
