#pragma once
// A generic vector layer (districts, boundaries, POIs, buildings) as imported
// through GDAL/OGR, with coordinates in WGS84 and, once the map is projected,
// metres.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"
#include "mapdata/layer_style.h"

namespace jingwei {

// What a layer holds, so the renderer and the layer panel can treat it
// accordingly (extrude buildings, draw police facilities with their symbol).
enum class LayerKind : std::uint8_t {
    Generic = 0,   // anything: districts, boundaries, water, landuse
    Buildings,     // polygons with Feature::height_m, drawn extruded
    Pois,          // points of interest (OSM amenity/shop/tourism/...)
    Police,        // police facilities (OSM amenity=police)
    Paths,         // non-drivable ways (footway, cycleway, steps, ...)
    Roads,         // road lines for display only (not the routable graph)
};
std::string_view layerKindKey(LayerKind k);                 // "buildings"
LayerKind parseLayerKind(std::string_view key, bool* ok = nullptr);

// Where a building's height came from.
enum class HeightSource : std::uint8_t {
    None = 0,   // not a building layer
    Height,     // the height attribute
    Levels,     // levels × level height
    Default,    // neither: the layer's default height
};

struct Feature {
    // Polygons: each polygon is a list of rings (outer first, then holes).
    std::vector<std::vector<std::vector<GeoPoint>>> polygons;
    std::vector<std::vector<GeoPoint>> lines;
    std::vector<GeoPoint> points;
    std::map<std::string, std::string> attributes;
    std::string label;               // from the layer's label field, if any
    bool has_label_anchor = false;   // true when the data gives one (e.g. centroid_x/centroid_y)
    GeoPoint label_anchor;

    // Added for issue 3 ------------------------------------------------------
    std::int64_t id = -1;            // source id: OGR FID, or the OSM way/relation/node id
    double height_m = 0;             // buildings: top of the extrusion above ground
    double min_height_m = 0;         // buildings: bottom (raised parts, bridges)
    HeightSource height_source = HeightSource::None;
};

struct VectorLayer {
    std::string name;
    std::string source;              // file path it came from
    std::vector<Feature> features;

    // Added for issue 3 ------------------------------------------------------
    LayerKind kind = LayerKind::Generic;
    LayerStyle style;
    std::string label_field;         // the attribute labels came from ("" = none)
    std::vector<std::string> fields; // attribute names in source order (for the attribute panel)

    Bounds boundsXY() const;
};

}  // namespace jingwei
