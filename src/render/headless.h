#pragma once
// Rendering a map to an image with no window and no X server (EGL
// surfaceless), as the CLI's headless render and bench verbs do.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mapdata/map_model.h"
#include "render/map_camera.h"
#include "render/rgba_image.h"

namespace jingwei {

struct CameraSpec {
    double lon, lat, range_m, heading_deg, tilt_deg;  // target in WGS84 degrees
};

struct RenderRequest {
    int width = 1920, height = 1080;
    bool view3d = false;
    std::optional<CameraSpec> camera;  // default: home (fit the map)
    std::string language = "zh";
    int samples = 4;
};

// Renders one frame. The camera spec's lon/lat goes through the map's
// Projector (map.crs). used_pose (if given) receives the pose drawn.
// Throws jingwei::Error on failure (e.g. no EGL).
RgbaImage renderMap(const MapModel& map, const RenderRequest& req, CameraPose* used_pose = nullptr);

// Writes a PNG through path + ".tmp" and a rename; throws Error naming the path.
void writePng(const RgbaImage& img, const std::string& path);

struct RenderBenchResult {
    int width, height;
    double first_frame_ms;  // scene build + first frame, to a finished GPU
    double fps;             // steady state, camera moving every frame
    int frames;
};

std::vector<RenderBenchResult> benchRender(const MapModel& map, const std::vector<std::pair<int, int>>& sizes,
                                           double seconds_per_size = 3.0);

// The pose renderMap uses for a request (no GL needed).
CameraPose poseForRequest(const MapModel& map, const RenderRequest& req);

}  // namespace jingwei
