#pragma once
// A generic vector layer (districts, boundaries, POIs) as imported through
// GDAL/OGR, with coordinates in WGS84 and, once the map is projected, metres.
#include <map>
#include <string>
#include <vector>

#include "core/geo.h"

namespace jingwei {

struct Feature {
    // Polygons: each polygon is a list of rings (outer first, then holes).
    std::vector<std::vector<std::vector<GeoPoint>>> polygons;
    std::vector<std::vector<GeoPoint>> lines;
    std::vector<GeoPoint> points;
    std::map<std::string, std::string> attributes;
    std::string label;               // from the layer's label field, if any
    bool has_label_anchor = false;   // true when the data gives one (e.g. centroid_x/centroid_y)
    GeoPoint label_anchor;
};

struct VectorLayer {
    std::string name;
    std::string source;              // file path it came from
    std::vector<Feature> features;

    Bounds boundsXY() const;
};

}  // namespace jingwei
