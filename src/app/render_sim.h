#pragma once
// `jingwei render --scenario F --at HH:MM[:SS]`: the simulation state at that
// local time drawn over a headless render (units by status, incidents,
// dispatch lines, the idle units' response rings and a legend), so the
// scenario player can be checked and tested without a display.
#include <string>

#include <CLI/CLI.hpp>

#include "app/command.h"
#include "render/headless.h"

namespace jingwei::cli {

struct RenderSimOptions {
    std::string scenario;
    std::string at;            // HH:MM or HH:MM:SS, local time
    int day = 1;               // run day of `at` (1 = the day the period starts)
    long long seed = -1;       // default: the scenario's
    bool no_rings = false, no_labels = false;
};

void addRenderSimOptions(CLI::App* cmd, RenderSimOptions& o);

// With --scenario: reads it, loads its map (common.map when --map was
// given, else the scenario's), runs the engine to the time, and fills `req`
// (overlays; the camera on the run's area unless one was given). Returns the
// map to render. Throws UsageError for bad option values and Error (file and
// line) for a bad scenario.
MapModel prepareScenarioRender(const RenderSimOptions& o, const CommonOptions& common, bool map_given,
                               RenderRequest& req);

}  // namespace jingwei::cli
