#pragma once
// Where area labels (district names) go for a given view. Pure math, no GL:
// the scene and the tests use the same answer.
//
// A feature is labelled at its label_anchor when it has one and the label
// fits on screen there, clear of the keep-out boxes (HUD, panels).
// Otherwise, when enough of the feature is in view, the label goes to an
// interior point of the visible part that is clear of them, so a district
// the commander is looking at is always named. Labels never overlap.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/geo.h"
#include "mapdata/map_model.h"
#include "render/map_camera.h"

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
