#pragma once
// `jingwei render --plan P.yaml [--plan Q.yaml ...]` (or `--place`): 前置屯警
// plans drawn headless over the map: each plan's posts (locked / on duty /
// off duty in the shown window) and the window's demand coloured covered /
// backed up / uncovered, with a legend box of the plan's live score
// (PlacementModel, the editor's own scoring). Several plans render side by
// side into one PNG, one map per plan at --size each, for comparison.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "mapdata/map_model.h"
#include "render/headless.h"

namespace jingwei::cli {

struct RenderPlanOptions {
    std::vector<std::string> plans;   // plan files (YAML or GeoJSON)
    bool place = false;               // no plan: optimise every default window (heuristic)
    std::string save_plan;            // write the optimised plan here (--place)
    std::string window;               // window to show (default: the plan's first)
    double spacing_m = 200, horizon_min = 10;
    std::size_t synthetic = 20000;
    unsigned long long seed = 7;
};

void addRenderPlanOptions(CLI::App* cmd, RenderPlanOptions& o);
inline bool wantsPlan(const RenderPlanOptions& o) { return o.place || !o.plans.empty(); }

// Renders every plan with `base` (size, view, camera, ...) and puts the
// pictures side by side (a 6-pixel gap). Demand: `incidents` (files or
// synthetic[:N[:seed]]) or, when empty, the model's synthetic incidents.
// Throws Error naming the plan file for a bad plan, UsageError for an unknown window.
RgbaImage renderPlans(const RenderPlanOptions& o, const MapModel& map, const RenderRequest& base,
                      const std::vector<std::string>& incidents, double utc_offset_h);

}  // namespace jingwei::cli
