// jingwei render: a headless render to PNG (EGL surfaceless, no X server), or --bench.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/command.h"
#include "app/render_density.h"
#include "app/render_sim.h"
#ifdef JINGWEI_HAVE_PLACEMENT
#include "app/render_plan.h"
#endif
#include "core/geo.h"
#include "render/headless.h"

namespace jingwei::cli {
namespace {

CameraSpec parseCamera(const std::string& s) {
    std::istringstream in(s);
    double v[5];
    char comma = 0;
    bool ok = true;
    for (int i = 0; i < 5 && ok; ++i) {
        ok = static_cast<bool>(in >> v[i]);
        if (ok && i < 4) ok = (in >> comma) && comma == ',';
    }
    ok = ok && in.peek() == EOF && validLonLat(v[0], v[1]) && v[2] > 0 && v[4] >= 0 && v[4] <= 89;
    if (!ok)
        throw UsageError("--camera must be lon,lat,range_m,heading_deg,tilt_deg (valid lon/lat, range > 0, "
                         "tilt 0-89), got '" + s + "'");
    return CameraSpec{v[0], v[1], v[2], v[3], v[4]};
}

}  // namespace

Command addRenderCommand(CLI::App& app) {
    struct Opts {
        CommonOptions common;
        std::string out, size = "1920x1080", view = "2d", camera;
        int samples = 4;
        bool bench = false;
        RenderDensityOptions density;
        RenderSimOptions sim;
#ifdef JINGWEI_HAVE_PLACEMENT
        RenderPlanOptions plan;
#endif
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand("render", "render the map headless to a PNG (no X server needed)");
    addCommonOptions(cmd, o->common);
    cmd->add_option("--out", o->out, "output PNG file");
    cmd->add_option("--size", o->size, "image size WxH")->capture_default_str();
    cmd->add_option("--view", o->view, "2d (top-down) or 3d (perspective, tilted)")
        ->check(CLI::IsMember({"2d", "3d"}))
        ->capture_default_str();
    cmd->add_option("--camera", o->camera, "lon,lat,range_m,heading_deg,tilt_deg (default: fit the map)");
    cmd->add_option("--samples", o->samples, "multisample anti-aliasing samples (0, 2, 4, 8)")
        ->check(CLI::IsMember({0, 2, 4, 8}))
        ->capture_default_str();
    cmd->add_flag("--bench", o->bench, "print first-frame time and frames per second at 1920x1080 and 3840x2160");
    addRenderDensityOptions(cmd, o->density);
    addRenderSimOptions(cmd, o->sim);
#ifdef JINGWEI_HAVE_PLACEMENT
    addRenderPlanOptions(cmd, o->plan);
#endif

    return {cmd, [o, cmd]() -> int {
                if (!o->bench && o->out.empty()) throw UsageError("--out F.png is required (or --bench)");
                RenderRequest req;
                parseSize("--size", o->size, &req.width, &req.height);
                req.view3d = o->view == "3d";
                req.language = o->common.lang;
                req.samples = o->samples;
                if (!o->camera.empty()) req.camera = parseCamera(o->camera);
                if (o->sim.scenario.empty() && !o->sim.at.empty()) throw UsageError("--at needs --scenario");
                // With --scenario the map is the scenario's unless --map is given.
                const MapModel m = o->sim.scenario.empty()
                                       ? loadMapWithProgress(o->common)
                                       : prepareScenarioRender(o->sim, o->common, cmd->get_option("--map")->count() > 0, req);
                if (o->bench) {
                    // With --scenario: the map with the state's overlays (they are rebuilt
                    // every frame: the bench camera moves every frame).
                    for (const auto& r : benchRender(m, {{1920, 1080}, {3840, 2160}}, 3.0, req))
                        std::printf("render %dx%d: first frame %.1f ms, %.1f frames/s (%d frames), scene update %.1f ms/frame\n",
                                    r.width, r.height, r.first_frame_ms, r.fps, r.frames, r.update_ms);
                    return kOk;
                }
#ifdef JINGWEI_HAVE_PLACEMENT
                if (wantsPlan(o->plan)) {
                    // --incidents are the plan's demand; a heatmap only when asked for.
                    if (o->density.heatmap || o->density.hexbins) addDensityOverlays(o->density, m, req);
                    writePng(renderPlans(o->plan, m, req, o->density.incidents, o->density.utc_offset_h), o->out);
                    std::cout << std::filesystem::absolute(o->out).string() << "\n";
                    return kOk;
                }
#endif
                addDensityOverlays(o->density, m, req);
                writePng(renderMap(m, req), o->out);
                std::cout << std::filesystem::absolute(o->out).string() << "\n";
                return kOk;
            }};
}

}  // namespace jingwei::cli
