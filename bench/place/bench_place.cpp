// Google Benchmark: the placement solvers on the uniform instances
// and the travel lists they need. Figures: bench/place/RESULTS.md.
#include <benchmark/benchmark.h>

#include <memory>

#include "mapdata/map_manifest.h"
#include "place/heuristic.h"
#include "place/lagrangian.h"
#include "place/network_problem.h"

using namespace jingwei;
using namespace jingwei::place;

namespace {

const PlacementProblem& instance(bool large) {
    static const PlacementProblem small = [] {
        UniformInstanceParams p;
        return uniformInstance(p);
    }();
    static const PlacementProblem big = [] {
        UniformInstanceParams p;
        p.candidates = 2000;
        p.demand = 50000;
        return uniformInstance(p);
    }();
    return large ? big : small;
}

ObjectiveSpec mclp(int k) {
    ObjectiveSpec s;
    s.k = k;
    s.cover_ms = 180000;
    return s;
}

// Arg 0: the 500 x 10,000 instance (k = 12); 1: 2,000 x 50,000 (k = 30).
void BM_Heuristic(benchmark::State& state) {
    const bool large = state.range(0) != 0;
    const PlacementProblem& p = instance(large);
    double value = 0, gap = 0;
    for (auto _ : state) {
        const Solution s = solveHeuristic(p, mclp(large ? 30 : 12));
        value = s.score.objective;
        gap = s.gap;
    }
    state.counters["objective"] = value;
    state.counters["gap_to_own_bound_pct"] = 100 * gap;
}
BENCHMARK(BM_Heuristic)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_Greedy(benchmark::State& state) {
    const bool large = state.range(0) != 0;
    HeuristicOptions o;
    o.local_search = false;
    double value = 0;
    for (auto _ : state) value = solveHeuristic(instance(large), mclp(large ? 30 : 12), o).score.objective;
    state.counters["objective"] = value;
}
BENCHMARK(BM_Greedy)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

// 100 subgradient steps of the Lagrangian bound.
void BM_LagrangianSteps(benchmark::State& state) {
    const bool large = state.range(0) != 0;
    const PlacementProblem& p = instance(large);
    const ObjectiveSpec spec = mclp(large ? 30 : 12);
    for (auto _ : state) {
        MclpLagrangian lag(p, spec);
        for (int i = 0; i < 100; ++i) lag.step(0);
        benchmark::DoNotOptimize(lag.bound());
    }
}
BENCHMARK(BM_LagrangianSteps)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_StraightLineLists(benchmark::State& state) {
    const PlacementProblem& p = instance(true);
    for (auto _ : state) benchmark::DoNotOptimize(euclideanTravelLists(p.candidates, p.demand, 30, 180).entryCount());
}
BENCHMARK(BM_StraightLineLists)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

// Futian: a bounded Dijkstra (5 min) from every intersection to every road node.
void BM_FutianTravelLists(benchmark::State& state) {
    static const MapModel map = loadMap("futian");
    if (map.synthetic) {
        state.SkipWithError("Futian sample data missing");
        return;
    }
    TravelTimeModel model;
    model.speeds = map.speeds;
    const RoadSites sites(std::make_shared<TravelGraph>(map.roads, model));
    const std::vector<Candidate> cand = sites.intersections(0);
    std::vector<DemandPoint> demand;
    for (NodeId v = 0; v < sites.graph().nodeCount(); ++v) {
        DemandPoint d;
        d.node = v;
        demand.push_back(d);
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(sites.travelLists(cand, demand, 300000, static_cast<int>(state.range(0))).entryCount());
    state.counters["candidates"] = static_cast<double>(cand.size());
}
BENCHMARK(BM_FutianTravelLists)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
