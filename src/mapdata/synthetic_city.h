#pragma once
// A seeded synthetic city (合成示例), used as the default map when the sample
// data is absent and for large-graph benchmarks. It has a plausible road
// hierarchy: ring roads, arterials, collectors, local streets, one-way pairs,
// and a river crossed by a few bridges. Same params => identical MapModel.
#include <cstdint>
#include <string>

#include "core/progress.h"
#include "mapdata/map_model.h"

namespace jingwei {

struct SyntheticCityParams {
    std::uint64_t seed = 20260101;
    // Size: the city is a grid of blocks_x × blocks_y local blocks.
    // About 8 directed edges per block, so 350×350 blocks ≈ 10^6 edges.
    int blocks_x = 48;
    int blocks_y = 36;
    double block_m = 120.0;             // local-street spacing
    int collector_every = 4;            // every Nth street is a collector
    int arterial_every = 12;            // every Nth street is an arterial
    int ring_roads = 2;                 // concentric ring roads (快速路)
    int bridges = 4;                    // river crossings (arterials/rings always considered first)
    double centre_lon = 114.06;         // where the fictitious city is placed
    double centre_lat = 22.60;
    std::string crs = "auto";
    int oneway_pairs = 2;               // one-way couplets (two parallel one-way streets), placed away from the river
    double alley_fraction = 0.3;        // share of blocks with a service alley through them
};

// Progress is reported during generation; throws Cancelled if asked to stop.
MapModel generateSyntheticCity(const SyntheticCityParams& params, const Progress& progress = {});

}  // namespace jingwei
