#pragma once
// Rendering a map to an image with no window and no X server (EGL
// surfaceless), as the CLI's headless render and bench verbs do.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mapdata/map_model.h"
#include "render/label_placement.h"
#include "render/map_camera.h"
#include "render/overlay_layer.h"
#include "render/rgba_image.h"

namespace jingwei {

struct CameraSpec {
    double lon, lat, range_m, heading_deg, tilt_deg;  // target in WGS84 degrees
};

struct RenderRequest {
    int width = 1920, height = 1080;
    bool view3d = false;
    std::optional<CameraSpec> camera;  // default: home (fit the map)
    std::optional<CameraPose> pose;    // map metres; overrides camera (z: on the terrain in 3D)
    std::string language = "zh";
    int samples = 4;
    double vertical_exaggeration = 1;  // terrain heights × this
    bool road_labels = true;
    bool show_legend = true;
    // Layers (MapScene::layers() names) to hide; and a feature to highlight.
    std::vector<std::string> hidden_layers;
    // Overlays (heatmap, rings, ...) added to the scene for this frame.
    std::vector<OverlayPtr> overlays;

};

// What a render drew besides pixels: the pose (in 3D with z on the terrain
// under the target), the labels and the HUD boxes, so tests can tell
// which pixels are map and which are text.
struct RenderInfo {
    CameraPose pose;
    std::vector<LabelPlacement> labels;
    std::vector<RoadLabelPlacement> road_labels;
    std::vector<ScreenRect> hud;
    double ground_z_at_target = 0;
};

// Renders one frame. The camera spec's lon/lat goes through the map's
// Projector (map.crs). used_pose (if given) receives the pose drawn.
// Throws jingwei::Error on failure (e.g. no EGL).
RgbaImage renderMap(const MapModel& map, const RenderRequest& req, CameraPose* used_pose = nullptr);
RgbaImage renderMap(const MapModel& map, const RenderRequest& req, RenderInfo* info);

// Writes a PNG through path + ".tmp" and a rename; throws Error naming the path.
void writePng(const RgbaImage& img, const std::string& path);

struct RenderBenchResult {
    int width, height;
    double first_frame_ms;  // scene build + first frame, to a finished GPU
    double fps;             // steady state, camera moving every frame
    int frames;
    double update_ms = 0;   // mean CPU time of MapScene::update (labels, HUD, overlays) per frame
};

// Frames per second of the scene at each size: the home view in 2D (a slow
// orbit and zoom), or with view3d the home view tilted (kDefault3dTilt_deg)
// and orbiting, so extruded buildings are seen from the side.
std::vector<RenderBenchResult> benchRender(const MapModel& map, const std::vector<std::pair<int, int>>& sizes,
                                           double seconds_per_size = 3.0, bool view3d = false);
// The same with the request's options (view, samples, hidden layers,
// exaggeration, labels, overlays; camera or pose as the centre of the orbit).
std::vector<RenderBenchResult> benchRender(const MapModel& map, const std::vector<std::pair<int, int>>& sizes,
                                           double seconds_per_size, const RenderRequest& req);

// The pose renderMap uses for a request (no GL needed).
CameraPose poseForRequest(const MapModel& map, const RenderRequest& req);

}  // namespace jingwei
