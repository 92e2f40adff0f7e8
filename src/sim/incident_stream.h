#pragma once
// The calls of a run: the scenario's streams (the synthetic generator of
// analysis, a replayed incident file, Poisson streams, large-event surges)
// merged in time order, placed on the network, with their category,
// priority, district, units needed and on-scene time. Sampled once per run
// from the seed, before any dispatch, so two policies compared on the same
// seed see the same calls and the same on-scene times.
#include <string>
#include <vector>

#include "core/progress.h"
#include "mapdata/map_model.h"
#include "sim/places.h"
#include "sim/run_record.h"
#include "sim/scenario.h"
#include "sim/sim_network.h"

namespace jingwei::sim {

struct IncidentStreams {
    std::vector<IncidentRecord> incidents;   // sorted by call time
    std::vector<std::string> ids;
    std::vector<std::string> categories;
    std::vector<std::string> districts;
    std::size_t per_stream[4] = {0, 0, 0, 0};  // synthetic, file, poisson, surge
    std::size_t outside_period = 0;            // file / generator rows outside the period
    std::size_t off_network = 0;
    std::size_t file_rows_rejected = 0;
    std::string districts_layer;
};

IncidentStreams buildIncidentStreams(const Scenario& s, const MapModel& map, const SimNetwork& net,
                                     const PlaceResolver& places, std::uint64_t seed, const Progress& progress = {});

}  // namespace jingwei::sim
