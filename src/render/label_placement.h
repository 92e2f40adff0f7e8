#pragma once
// Where area labels (district names) go for a given view. Pure math, no GL:
// the scene and the tests use the same answer.
//
// A feature is labelled at its label_anchor when it has one and the label
// fits on screen there, clear of the keep-out boxes (HUD, panels).
// Otherwise, when enough of the feature is in view, the label goes to an
// interior point of the visible part that is clear of them, so a district
// the commander is looking at is always named. Labels never overlap.
#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/geo.h"
#include "mapdata/map_model.h"
#include "render/map_camera.h"
#include "render/terrain_surface.h"

namespace jingwei {

struct LabelPlacement {
    std::size_t layer = 0, feature = 0;  // indices into MapModel::layers / features
    std::string text;
    double x = 0, y = 0;                 // map metres
    ScreenPoint screen;                  // where it lands (its centre)
    bool at_anchor = false;              // true: at the data's label_anchor
    double px = 0;                       // character height used
};

struct LabelPlacementParams {
    double label_px = 64.0;              // character height, for the on-screen margin
    double min_visible_frac = 0.03;      // visible part vs. the view's ground area
    std::vector<ScreenRect> keep_out;      // screen areas covered by HUD/panels
    // Per-feature character height (overrides label_px when set); a value
    // <= 0 means "do not label this feature".
    std::function<double(const VectorLayer&, const Feature&)> label_px_for;
    const TerrainSurface* ground = nullptr;  // label heights in 3D (nullptr: 0)
};

// The screen box a label of this text takes when centred at `centre`
// (an estimate with a little room for the outline).
ScreenRect labelBox(const std::string& text, double label_px, ScreenPoint centre);

// The ground area seen by the camera as a convex polygon (counter-clockwise).
// Rays that miss the ground (or meet it very far away) are cut at a distance
// proportional to the range.
std::vector<XY> groundFootprint(const MapCamera& cam);

std::vector<LabelPlacement> placeAreaLabels(const MapModel& map, const MapCamera& cam,
                                            const LabelPlacementParams& params = {});

}  // namespace jingwei

namespace jingwei {

// Road names along roads: straight labels at the middle of the longest
// nearly straight stretches of named roads on screen, turned to run along
// them (and kept upright), more important roads first. Labels never overlap
// each other, the keep-out boxes or the `occupied` boxes (district labels),
// stay inside the viewport, and the same name repeats only min_spacing_px
// apart. Deterministic for a given model and camera.
struct RoadLabelPlacement {
    std::string text;
    std::size_t edge = 0;                // a RoadData::edges index it labels
    double x = 0, y = 0, z = 0;          // map metres (centre) and drawn height
    ScreenPoint screen;                  // centre on screen
    double angle_rad = 0;                // baseline on screen, counter-clockwise from +x with y UP; (-pi/2, pi/2]
    double px = 0;                       // character height
    std::array<ScreenPoint, 4> corners;  // the label's (rotated) box on screen
};

// Named roads as continuous polylines: edges of the same display name and
// class joined end to end where exactly two of them meet (OSM ways are split
// at every junction, so single edges are often too short for their name).
struct RoadChain {
    std::string name;
    RoadClass road_class = RoadClass::Other;
    std::size_t edge = 0;        // the first edge of the chain
    std::vector<XY> points;
};
std::vector<RoadChain> buildRoadChains(const MapModel& map, bool zh);

struct RoadLabelParams {
    double label_px = 20;
    std::size_t max_labels = 40;
    double min_spacing_px = 320;         // between labels of the same name
    double max_bend_deg = 50;            // a stretch turns at most this much in total
                                         // (and stays within label_px / 3 of its chord)
    bool zh = true;                      // name:zh first (else name first)
    std::vector<ScreenRect> keep_out;    // HUD, panels
    std::vector<ScreenRect> occupied;    // already taken (district labels)
    const TerrainSurface* ground = nullptr;
    // Classes that are drawn and may be labelled (nullptr: all).
    std::function<bool(RoadClass)> class_visible;
    // 3D: true when the labelled spot is hidden (behind a hill or a
    // building); asked only for candidates that otherwise fit.
    std::function<bool(const RoadLabelPlacement&)> occluded;
    // The map's chains for `zh` (nullptr: built on each call).
    const std::vector<RoadChain>* chains = nullptr;
};

std::vector<RoadLabelPlacement> placeRoadLabels(const MapModel& map, const MapCamera& cam,
                                                const RoadLabelParams& params = {});

// True when two labels' rotated boxes overlap (separating axis test).
bool boxesOverlap(const std::array<ScreenPoint, 4>& a, const std::array<ScreenPoint, 4>& b);
std::array<ScreenPoint, 4> rectCorners(const ScreenRect& r);

}  // namespace jingwei
