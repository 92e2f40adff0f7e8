#pragma once
// A loaded map: road network plus vector layers, projected into one metric CRS.
// This is the model the render and ui layers draw; they never own it.
#include <string>
#include <vector>

#include "core/geo.h"
#include "mapdata/road_data.h"
#include "mapdata/vector_layer.h"

namespace jingwei {

struct MapModel {
    std::string name;                 // display name, e.g. "深圳 福田-南山"
    std::string crs;                  // resolved, e.g. "EPSG:4547"
    bool synthetic = false;           // generated data: label it 合成示例 on screen
    std::string notice;               // e.g. why a fallback map was used
    RoadData roads;
    std::vector<VectorLayer> layers;

    // Extent of everything drawable, in map metres.
    Bounds boundsXY() const;
    // What "home" fits: the road network when there is one (district
    // boundaries may cover a whole city), otherwise everything.
    Bounds homeBoundsXY() const;
    // Fills x/y of every point from lon/lat with the given CRS.
    void project(const std::string& crs_spec);
};

}  // namespace jingwei
