#pragma once
// `jingwei render --incidents F --heatmap` (or --hexbins): incident density
// drawn over a headless render, with a legend and ranked Gi* hotspot rings.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "mapdata/map_model.h"
#include "render/headless.h"

namespace jingwei::cli {

struct RenderDensityOptions {
    std::vector<std::string> incidents;   // files or synthetic[:N[:seed]]
    bool heatmap = false, hexbins = false;
    std::string kernel = "quartic", bandwidth = "300", ramp = "heat", hours, weekdays, categories;
    double cell_m = 25, opacity = 0.8, hex_size_m = 200, utc_offset_h = 0;
    int hotspots = 10;
};

void addRenderDensityOptions(CLI::App* cmd, RenderDensityOptions& o);

// With incidents given: loads or generates them, computes the density view
// and appends the overlays to req.overlays. Throws UsageError for bad values.
void addDensityOverlays(const RenderDensityOptions& o, const MapModel& map, RenderRequest& req);

}  // namespace jingwei::cli
