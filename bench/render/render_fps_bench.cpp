// Frames per second of the map scene on the sample data, headless (EGL
// surfaceless + FBO, 4× MSAA, as `jingwei render`), at 1920×1080: the
// camera orbits (heading +1.5°/frame) and breathes (range ×0.7–1.0) around
// each view so nothing is cached between frames. Prints a Markdown table.
//
//   bench_render_fps [seconds per view = 5] [data dir] [maps dir]
#include <cstdio>
#include <optional>
#include <cstdlib>
#include <string>
#include <vector>

#include "mapdata/map_manifest.h"
#include "render/headless.h"
#include "render/offscreen.h"

using namespace jingwei;

struct View {
    const char* map;
    const char* what;
    bool view3d;
    std::optional<CameraSpec> camera;
};

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
    LoadOptions lo;
    if (argc > 2) lo.data_dir = argv[2];
    if (argc > 3) lo.maps_dir = argv[3];
    lo.allow_fallback = false;
    const std::vector<View> views = {
        {"futian", "2D home (roads, districts)", false, std::nullopt},
        {"liechtenstein", "2D home: whole country, 8993 buildings", false, std::nullopt},
        {"liechtenstein", "3D home tilted 50°: whole country, buildings extruded", true, std::nullopt},
        {"liechtenstein", "3D Vaduz, range 2.5 km, tilt 60°", true, CameraSpec{9.521, 47.141, 2500, 0, 60}},
        {"lujiazui", "3D towers, range 2.6 km, tilt 55°", true, CameraSpec{121.5013, 31.2355, 2600, 20, 55}},
        {"andorra", "3D terrain + draped roads, range 9 km, tilt 45°", true, CameraSpec{1.535, 42.51, 9000, 30, 45}},
        {"shenzhen-dem", "2D terrain (hill shade) + districts", false, std::nullopt},
    };
    {
        OffscreenContext probe(16, 16, 0);
        std::printf("renderer: %s, %s\n\n", probe.renderer(), probe.version());
    }
    std::printf("| map | view | first frame | frames/s | scene update (CPU) |\n|---|---|---|---|---|\n");
    std::string loaded;
    MapModel map;
    for (const View& v : views) {
        try {
            if (loaded != v.map) {
                map = loadMap(v.map, lo);
                loaded = v.map;
            }
            RenderRequest req;
            req.view3d = v.view3d;
            req.camera = v.camera;
            const auto r = benchRender(map, {{1920, 1080}}, seconds, req);
            std::printf("| %s | %s | %.0f ms | %.1f | %.1f ms |\n", v.map, v.what, r[0].first_frame_ms, r[0].fps,
                        r[0].update_ms);
        } catch (const std::exception& e) {
            std::printf("| %s | %s | error: %s | | |\n", v.map, v.what, e.what());
        }
        std::fflush(stdout);
    }
}
