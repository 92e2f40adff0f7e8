#include "app/render_plan.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "app/command.h"
#include "app/console_progress.h"
#include "app/incident_source.h"
#include "core/error.h"
#include "render/map_scene.h"
#include "render/placement_legend_overlay.h"
#include "render/placement_overlay.h"
#include "ui/placement_marks.h"
#include "ui/placement_model.h"

namespace jingwei::cli {

namespace {

std::string minSec(double s) {
    if (!std::isfinite(s)) return "∞";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d:%02d", int(s) / 60, int(std::lround(s)) % 60);
    return buf;
}

const char* objectiveName(place::ObjectiveKind k, bool zh) {
    switch (k) {
        case place::ObjectiveKind::Lscp: return zh ? "集合覆盖 LSCP" : "set cover (LSCP)";
        case place::ObjectiveKind::PMedian: return "p-median";
        case place::ObjectiveKind::DoubleCoverage: return zh ? "双重覆盖" : "double coverage";
        case place::ObjectiveKind::Mclp: break;
    }
    return zh ? "最大覆盖 MCLP" : "max coverage (MCLP)";
}

// One plan's picture.
RgbaImage renderOne(PlacementModel& model, const std::string& label, const std::string& window, const MapModel& map,
                    RenderRequest req) {
    std::size_t w = 0;
    if (!window.empty()) {
        bool found = false;
        std::string names;
        for (std::size_t q = 0; q < model.windowCount(); ++q) {
            names += (q ? ", " : "") + model.window(q).name;
            if (model.window(q).name == window) w = q, found = true;
        }
        if (!found) throw UsageError("--window: " + label + " has no window '" + window + "' (it has " + names + ")");
    }
    const bool zh = req.language.rfind("en", 0) != 0;
    const place::PlanScore& s = model.score(w);
    auto posts = std::make_shared<PlacementOverlay>();
    posts->setMarks(placementMarks(model, w));
    const PlacementSettings& st = model.settings();
    char title[512], figures[256], times[64];
    if (st.objective == place::ObjectiveKind::DoubleCoverage)
        std::snprintf(times, sizeof times, "T1=%g T2=%g%s", st.minutes, st.backup_minutes, zh ? "分钟" : " min");
    else
        std::snprintf(times, sizeof times, "T=%g%s", st.minutes, zh ? "分钟" : " min");
    std::snprintf(title, sizeof title, "%s · %s %s · %s %s · %zu %s", label.c_str(), model.window(w).name.c_str(),
                  model.window(w).hoursText().c_str(), objectiveName(st.objective, zh), times, model.staffedCount(w),
                  zh ? "个岗位" : "posts");
    std::snprintf(figures, sizeof figures, "%s %.1f%%   %s %s   P90 %s", zh ? "覆盖率" : "covered", 100 * s.covered_share,
                  zh ? "平均" : "mean", minSec(s.mean_s).c_str(), minSec(s.p90_s).c_str());
    std::string fig = figures;
    if (st.objective == place::ObjectiveKind::DoubleCoverage) {
        char b[64];
        std::snprintf(b, sizeof b, "   %s %.1f%%", zh ? "双重" : "backed up", 100 * s.backup_share);
        fig += b;
    }
    using C = PlacementMarks::Cover;
    using K = PlacementMarks::PostKind;
    std::vector<PlacementLegendOverlay::Swatch> sw = {
        {placementCoverColour(C::Covered), zh ? "覆盖" : "covered"},
        {placementCoverColour(C::Uncovered), zh ? "未覆盖" : "uncovered"},
    };
    if (st.objective == place::ObjectiveKind::DoubleCoverage)
        sw.insert(sw.begin() + 1, {placementCoverColour(C::Backup), zh ? "双重覆盖" : "backed up"});
    sw.push_back({placementPostColour(K::Free), zh ? "岗位" : "post", true});
    sw.push_back({placementPostColour(K::Locked), zh ? "锁定岗位" : "locked post", true});
    sw.push_back({placementPostColour(K::OffDuty), zh ? "本时段不值守" : "off duty", true});
    auto legend = std::make_shared<PlacementLegendOverlay>();
    legend->set(title, fig, std::move(sw));
    MapSceneOptions so;
    so.language = req.language;
    const HudLayout hud = computeHudLayout(map, so, req.width, req.height);
    legend->setClearOf(float(hud.title.x1), float(hud.north_arrow.x0), float(std::max(hud.title.y1, hud.north_arrow.y1)));
    req.overlays.push_back(posts);
    req.overlays.push_back(legend);
    // Road names would be drawn over the post symbols and ids (map labels
    // come after the overlays); the post ids matter more here.
    req.road_labels = false;
    std::printf("%s: %s %s, %zu posts, covered %.1f%%, mean %.0f s, p90 %.0f s\n", label.c_str(),
                model.window(w).name.c_str(), model.window(w).hoursText().c_str(), model.staffedCount(w),
                100 * s.covered_share, s.mean_s, s.p90_s);
    return renderMap(map, req);
}

}  // namespace

void addRenderPlanOptions(CLI::App* cmd, RenderPlanOptions& o) {
    const char* g = "Post placement (前置屯警)";
    cmd->add_option("--plan", o.plans, "plan files (YAML/GeoJSON) to draw; several: side by side in one PNG")->group(g);
    cmd->add_flag("--place", o.place, "without --plan: optimise every default window (早高峰, 晚高峰, 夜间) and draw one")
        ->group(g);
    cmd->add_option("--save-plan", o.save_plan, "with --place: write the optimised plan (YAML/GeoJSON)")->group(g);
    cmd->add_option("--window", o.window, "window of the plan to show (default: its first)")->group(g);
    cmd->add_option("--spacing", o.spacing_m, "intersection candidates no closer than this (m)")
        ->capture_default_str()
        ->group(g);
    cmd->add_option("--horizon", o.horizon_min, "travel-time horizon (minutes)")->capture_default_str()->group(g);
}

RgbaImage renderPlans(const RenderPlanOptions& o, const MapModel& map, const RenderRequest& base_in,
                      const std::vector<std::string>& incidents, double utc_offset_h) {
    RenderRequest base = base_in;
    if (!base.camera && !base.pose && !base.view3d) {
        // The home view, zoomed out a little and moved down, so the score box
        // at the top centre does not hide the northern posts.
        CameraPose pose = poseForRequest(map, base);
        pose.range_m *= 1.2;
        pose.y += 90.0 * std::max(0.8, base.height / 1080.0) * MapCamera(pose, base.width, base.height).metresPerPixel();
        base.pose = pose;
    }
    PlacementBuildOptions bo;
    bo.spacing_m = o.spacing_m;
    bo.horizon_minutes = o.horizon_min;
    bo.synthetic_count = o.synthetic;
    bo.synthetic_seed = o.seed;
    if (!incidents.empty()) {
        MapIncidents inc = loadMapIncidents(incidents, map, utc_offset_h);
        bo.incidents = inc.set;
        bo.incidents_label = (inc.synthetic ? "synthetic " : "") + inc.label;
    }
    // Plans are read before the model is built: a bad file fails fast.
    std::vector<place::Plan> plans;
    for (const std::string& p : o.plans) plans.push_back(place::readPlan(p));
    PlacementModel model(map, bo, consoleProgress("路网时间 travel times"));
    finishConsoleProgress();
    std::printf("placement: %zu candidates, %zu demand nodes, travel lists %.2f s\n", model.candidates().size(),
                model.universe().size(), model.travelListSeconds());
    std::vector<RgbaImage> images;
    if (plans.empty()) {
        for (std::size_t w = 0; w < model.windowCount(); ++w) {
            model.startOptimise(w);
            if (!model.waitOptimise()) throw Error("", "optimise " + model.window(w).name, model.lastOptimiseMessage());
            std::printf("optimised %s: %s\n", model.window(w).name.c_str(), model.lastOptimiseMessage().c_str());
        }
        if (!o.save_plan.empty()) {
            model.savePlan(o.save_plan);
            std::printf("plan: %s\n", std::filesystem::absolute(o.save_plan).string().c_str());
        }
        images.push_back(renderOne(model, model.name(), o.window, map, base));
    } else if (!o.save_plan.empty()) {
        throw UsageError("--save-plan goes with --place (it writes the optimised plan)");
    }
    for (std::size_t k = 0; k < plans.size(); ++k) {
        for (const std::string& n : model.applyPlan(plans[k], o.plans[k])) std::printf("%s: %s\n", o.plans[k].c_str(), n.c_str());
        const std::string label = plans[k].name.empty() ? std::filesystem::path(o.plans[k]).filename().string() : plans[k].name;
        images.push_back(renderOne(model, label, o.window, map, base));
    }
    if (images.size() == 1) return std::move(images.front());
    // Side by side: one map per plan, a dark gap between them.
    const int gap = 6;
    RgbaImage out;
    out.height = images.front().height;
    out.width = 0;
    for (const RgbaImage& im : images) out.width += im.width;
    out.width += gap * int(images.size() - 1);
    out.pixels.assign(std::size_t(out.width) * std::size_t(out.height) * 4, 0);
    for (std::size_t i = 3; i < out.pixels.size(); i += 4) out.pixels[i] = 255;
    int x0 = 0;
    for (const RgbaImage& im : images) {
        for (int y = 0; y < im.height && y < out.height; ++y)
            std::memcpy(&out.pixels[(std::size_t(y) * std::size_t(out.width) + std::size_t(x0)) * 4], im.at(0, y),
                        std::size_t(im.width) * 4);
        x0 += im.width + gap;
    }
    return out;
}

}  // namespace jingwei::cli
