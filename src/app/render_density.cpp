#include "app/render_density.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include "analysis/incident_filter.h"
#include "app/command.h"
#include "app/incident_source.h"
#include "core/error.h"
#include "render/density_legend_overlay.h"
#include "render/density_view.h"
#include "render/heatmap_overlay.h"
#include "render/hexbin_overlay.h"
#include "render/hotspot_overlay.h"

namespace jingwei::cli {

void addRenderDensityOptions(CLI::App* cmd, RenderDensityOptions& o) {
    const char* g = "Incident density (警情密度)";
    cmd->add_option("--incidents", o.incidents, "incidents to draw: .csv/.geojson/.gpkg files, or synthetic[:N[:seed]]")
        ->group(g);
    cmd->add_flag("--heatmap", o.heatmap, "draw the incidents as a kernel density heatmap (the default)")->group(g);
    cmd->add_flag("--hexbins", o.hexbins, "draw counts per hexagon instead")->group(g);
    cmd->add_option("--kernel", o.kernel, "quartic, epanechnikov, triangular, uniform or gaussian")
        ->capture_default_str()
        ->group(g);
    cmd->add_option("--bandwidth", o.bandwidth, "metres, or silverman / scott")->capture_default_str()->group(g);
    cmd->add_option("--cell", o.cell_m, "density cell size in metres")->capture_default_str()->group(g);
    cmd->add_option("--hex-size", o.hex_size_m, "hexagon size (centre to corner) in metres")
        ->capture_default_str()
        ->group(g);
    cmd->add_option("--hours", o.hours, "local hours H1-H2, e.g. 18-23 (22-2 wraps midnight)")->group(g);
    cmd->add_option("--weekdays", o.weekdays, "e.g. 1-5, weekend, 周六,周日")->group(g);
    cmd->add_option("--categories", o.categories, "comma-separated categories, e.g. 盗窃,抢劫")->group(g);
    cmd->add_option("--ramp", o.ramp, "colour ramp")
        ->check(CLI::IsMember({"heat", "magma", "viridis", "fire"}))
        ->capture_default_str()
        ->group(g);
    cmd->add_option("--opacity", o.opacity, "overlay opacity 0-1")->check(CLI::Range(0.0, 1.0))->capture_default_str()->group(g);
    cmd->add_option("--hotspots", o.hotspots, "ring the N strongest Gi* hotspots (FDR 5%; 0 = none)")
        ->capture_default_str()
        ->group(g);
    cmd->add_option("--utc-offset", o.utc_offset_h, "hours east of UTC of incident times without a zone")
        ->capture_default_str()
        ->group(g);
}

void addDensityOverlays(const RenderDensityOptions& o, const MapModel& map, RenderRequest& req) {
    if (o.incidents.empty()) {
        if (o.heatmap || o.hexbins) throw UsageError("--heatmap/--hexbins need --incidents");
        return;
    }
    DensityParams p;
    const auto kernel = parseKernel(o.kernel);
    if (!kernel) throw UsageError("--kernel must be quartic, epanechnikov, triangular, uniform or gaussian");
    p.kernel = *kernel;
    if (const auto rule = parseBandwidthRule(o.bandwidth)) {
        p.bandwidth_rule = *rule;
    } else {
        char* end = nullptr;
        p.bandwidth_m = std::strtod(o.bandwidth.c_str(), &end);
        if (!end || *end || !(p.bandwidth_m > 0) || !std::isfinite(p.bandwidth_m))
            throw UsageError("--bandwidth must be metres > 0, silverman or scott (got '" + o.bandwidth + "')");
    }
    if (!(o.cell_m > 0)) throw UsageError("--cell must be a positive number of metres");
    if (!(o.hex_size_m > 0)) throw UsageError("--hex-size must be a positive number of metres");
    p.cell_m = o.cell_m;
    p.hex = o.hexbins;
    p.hex_size_m = o.hex_size_m;
    p.hotspots = o.hotspots > 0;
    p.max_hotspots = static_cast<std::size_t>(std::max(0, o.hotspots));
    if (!o.hours.empty()) {
        p.filter.hours = parseHourWindow(o.hours);
        if (!p.filter.hours) throw UsageError("--hours must be H or H1-H2, e.g. 18-23 or 22-2 (got '" + o.hours + "')");
    }
    if (!o.weekdays.empty()) {
        const auto w = parseWeekdays(o.weekdays);
        if (!w) throw UsageError("--weekdays must be like 1-5, mon,sat, 周六,周日 or weekend (got '" + o.weekdays + "')");
        p.filter.weekdays = *w;
    }
    std::istringstream cats(o.categories);
    for (std::string c; std::getline(cats, c, ',');)
        if (!c.empty()) p.filter.categories.push_back(c);
    DensityStyle style;
    if (!parseDensityRamp(o.ramp, &style.ramp)) throw UsageError("--ramp: unknown ramp '" + o.ramp + "'");
    style.opacity = o.opacity;

    const MapIncidents inc = loadMapIncidents(o.incidents, map, o.utc_offset_h);
    const DensityResult r = computeDensityView(*inc.set, map.homeBoundsXY(), map.crs, p);
    if (!r.error.empty()) throw Error(o.incidents.front(), "", r.error);
    std::printf("警情密度 density: %zu of %zu incidents, h = %.0f m, %d × %d cells of %.0f m, peak %.4g /km², "
                "filter %.1f ms, KDE %.1f ms, hotspots %.1f ms (%zu)\n",
                r.kept, r.incidents, r.bandwidth_m, r.grid.spec.nx, r.grid.spec.ny, r.grid.spec.cell_m, r.grid.max(),
                r.filter_ms, r.kde_ms, r.hotspot_ms, r.hotspots.size());

    const bool zh = req.language.rfind("en", 0) != 0;
    auto legend = std::make_shared<DensityLegendOverlay>();
    std::string note = inc.synthetic ? std::string(zh ? "合成示例 " : "Synthetic (合成示例) ") : std::string();
    note += std::to_string(r.kept) + (zh ? " 起" : " incidents");
    if (p.filter.hours) {
        char b[48];
        std::snprintf(b, sizeof b, "  %02d:00–%02d:59", p.filter.hours->first, p.filter.hours->last);
        note += b;
    }
    if (o.hexbins) {
        auto hex = std::make_shared<HexBinOverlay>();
        hex->setBins(r.hexes);
        hex->setStyle(style);
        legend->set(style, hex->scaleMax(), true, zh, note);
        req.overlays.push_back(hex);
    } else {
        auto heat = std::make_shared<HeatmapOverlay>();
        heat->setGrid(r.grid);
        heat->setStyle(style);
        legend->set(style, heat->scaleMax(), false, zh, note);
        req.overlays.push_back(heat);
    }
    if (!r.hotspots.empty()) {
        auto rings = std::make_shared<HotspotOverlay>();
        rings->setHotspots(r.hotspots, r.hotspot_radii_m);
        req.overlays.push_back(rings);
    }
    req.overlays.push_back(legend);
}

}  // namespace jingwei::cli
