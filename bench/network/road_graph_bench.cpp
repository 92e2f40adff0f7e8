// Building the road graph at city scale: the synthetic city generator and
// the CSR + strongly-connected-component pass on ~10^6 directed edges.
#include <benchmark/benchmark.h>

#include "mapdata/synthetic_city.h"
#include "network/components.h"
#include "network/road_graph.h"

using namespace jingwei;

namespace {

SyntheticCityParams cityOfBlocks(int blocks) {
    SyntheticCityParams p;
    p.blocks_x = blocks;
    p.blocks_y = blocks;
    p.bridges = 12;
    return p;
}

void BM_GenerateSyntheticCity(benchmark::State& state) {
    const SyntheticCityParams p = cityOfBlocks(static_cast<int>(state.range(0)));
    std::size_t edges = 0;
    for (auto _ : state) {
        const MapModel m = generateSyntheticCity(p);
        edges = m.roads.edges.size();
        benchmark::DoNotOptimize(edges);
    }
    state.counters["edges"] = static_cast<double>(edges);
}
BENCHMARK(BM_GenerateSyntheticCity)->Arg(48)->Arg(350)->Unit(benchmark::kMillisecond);

void BM_BuildCsrAndScc(benchmark::State& state) {
    const MapModel m = generateSyntheticCity(cityOfBlocks(static_cast<int>(state.range(0))));
    for (auto _ : state) {
        const RoadGraph g(m.roads);
        const ComponentMask scc = largestStronglyConnectedComponent(g);
        benchmark::DoNotOptimize(scc.size);
    }
    state.counters["edges"] = static_cast<double>(m.roads.edges.size());
}
BENCHMARK(BM_BuildCsrAndScc)->Arg(48)->Arg(350)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
