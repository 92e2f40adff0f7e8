#pragma once
// Which map feature is under a screen point, and what to say about it.
// Pure math over the MapModel and the camera (no GL), shared by the scene,
// the GUI's attribute panel and the tests.
//
// Order of preference: points (police, POIs) within point_px of their
// symbol; then buildings whose drawn shape (footprint in 2D; roof, walls
// and footprint in 3D, nearest the eye first) contains the point; then the
// nearest road segment or layer line within line_px; then the smallest area
// polygon containing the ground point.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mapdata/map_model.h"
#include "render/map_camera.h"
#include "render/terrain_surface.h"

namespace jingwei {

struct FeatureRef {
    enum class Kind { Road, Feature } kind = Kind::Feature;
    std::size_t layer = 0;   // MapModel::layers index (Feature)
    std::size_t index = 0;   // feature index in the layer, or RoadData::edges index (Road)
    bool operator==(const FeatureRef&) const = default;
};

struct PickParams {
    double line_px = 8;        // roads and lines
    double point_px = 16;      // POI and police symbols
    // Which layers can be picked (layer index; -1 = the road network). nullptr: all.
    std::function<bool(int layer)> pickable;
    const TerrainSurface* ground = nullptr;  // drawn heights (nullptr: flat)
};

std::optional<FeatureRef> pickFeature(const MapModel& map, const MapCamera& cam, ScreenPoint s,
                                      const PickParams& params = {});

// Rows for an attribute panel: what it is, its name, id, height or road
// class, then the source attributes in the layer's field order.
struct FeatureInfo {
    std::string layer;         // layer name (or the road network's)
    std::string title;         // its label or name, else "#id"
    std::vector<std::pair<std::string, std::string>> rows;
};
FeatureInfo describeFeature(const MapModel& map, const FeatureRef& f, bool zh = true);

// The feature's extent in map metres (for fly-to).
Bounds featureBounds(const MapModel& map, const FeatureRef& f);

// The name a road is labelled with: name:zh, else name (zh); name, else name:zh (en).
const std::string& roadDisplayName(const RoadEdge& e, bool zh = true);

}  // namespace jingwei
