// Google Benchmark programs of the simulation module.
#include <benchmark/benchmark.h>

#include <memory>

#include "mapdata/map_manifest.h"
#include "sim/engine.h"
#include "sim/random.h"
#include "sim/router.h"
#include "sim/scenario.h"
#include "sim/table_model.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {

// The table model on random inputs: U units, N nodes, C calls.
TableModelInput randomTable(std::uint32_t units, std::uint32_t nodes, std::size_t calls, double rate_per_hour) {
    TableModelInput in;
    in.units = units;
    in.nodes = nodes;
    Rng rng(7);
    for (std::uint32_t u = 0; u < units; ++u) in.base.push_back(static_cast<std::uint32_t>(rng.below(nodes)));
    in.travel_ms.resize(static_cast<std::size_t>(nodes) * units);
    for (auto& t : in.travel_ms) t = static_cast<std::uint32_t>(30000 + rng.below(600000));
    in.back_ms = in.travel_ms;
    double t = 0;
    for (std::size_t c = 0; c < calls; ++c) {
        t += rng.exponential(3600.0 / rate_per_hour);
        in.calls.push_back({static_cast<std::int64_t>(t * 1000), static_cast<std::uint32_t>(rng.below(nodes)),
                            static_cast<std::int64_t>(1000 + rng.exponential(1200) * 1000)});
    }
    return in;
}

void BM_TableModel(benchmark::State& state) {
    const auto units = static_cast<std::uint32_t>(state.range(0));
    const TableModelInput in = randomTable(units, 2000, static_cast<std::size_t>(state.range(1)), units * 1.2);
    std::uint64_t events = 0;
    for (auto _ : state) {
        const TableModelResult r = runTableModel(in);
        events += r.events;
        benchmark::DoNotOptimize(r.end_ms);
    }
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TableModel)->Args({20, 10000})->Args({300, 100000})->Unit(benchmark::kMillisecond);

struct Futian {
    Scenario s;
    MapModel map;
    std::shared_ptr<SimNetwork> net;
    Futian() : s(readScenario(std::string(JINGWEI_BENCH_SOURCE_DIR) + "/scenarios/futian-patrol-day.yaml")), map(loadMap(s.map)) {
        net = std::make_shared<SimNetwork>(map.roads, travelModelFor(s, map));
    }
};
Futian& futian() {
    static Futian f;
    return f;
}

// The whole engine on the Futian patrol day (prepare + run).
void BM_EngineFutianDay(benchmark::State& state) {
    Futian& f = futian();
    std::uint64_t events = 0;
    for (auto _ : state) {
        EngineOptions o;
        o.seed = 1;
        Engine e(f.s, f.map, f.net, o);
        e.run();
        events += e.stats().events;
    }
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EngineFutianDay)->Unit(benchmark::kMillisecond);

// Exact point-to-point A* on Futian between random nodes.
void BM_RouterAStarFutian(benchmark::State& state) {
    Futian& f = futian();
    Router r(f.net);
    Rng rng(3);
    std::vector<NodeId> core;
    for (NodeId v = 0; v < f.net->nodeCount(); ++v)
        if (f.net->inCore(v)) core.push_back(v);
    for (auto _ : state) {
        const NodeId a = core[rng.below(core.size())], b = core[rng.below(core.size())];
        benchmark::DoNotOptimize(r.route(a, b, nullptr));
    }
}
BENCHMARK(BM_RouterAStarFutian);

}  // namespace

BENCHMARK_MAIN();
