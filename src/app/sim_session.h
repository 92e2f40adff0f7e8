#pragma once
// What `jingwei simulate`, `jingwei render --scenario` and `jingwei gui
// --scenario` share: reading the scenario (which names the map), building
// the road network and the engine, with progress.
#include <cstdint>
#include <memory>
#include <string>

#include "core/progress.h"
#include "mapdata/map_model.h"
#include "sim/engine.h"
#include "sim/scenario.h"

namespace jingwei::cli {

// The seed to run with: the option when given (≥ 0), else the scenario's.
std::uint64_t runSeed(const sim::Scenario& s, long long seed_option);

// SimNetwork + Engine for the scenario on the loaded map. Progress goes
// from 0 to 1 over both stages ("路网 road network", then the engine's).
std::unique_ptr<sim::Engine> makeEngine(const sim::Scenario& s, const MapModel& map, sim::EngineOptions options,
                                        const Progress& progress = {});

}  // namespace jingwei::cli
