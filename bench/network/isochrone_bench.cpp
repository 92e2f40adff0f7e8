// Response rings and fleet coverage (issue 4). Targets:
//   one unit's search on Futian, 300 s:           ≥ 50× pgRouting, ≥ 10× networkx (see compare_peers.sh)
//   one unit's three rings (1, 3, 5 min) on Futian: < 5 ms
//   fleet coverage, 1000 units, ~10^6 edges, 2 threads: < 50 ms
//   one drag update among 30 units on Futian, rings included: < 16 ms
// Results are recorded in bench/network/RESULTS.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>

#include "core/paths.h"
#include "mapdata/graphml_reader.h"
#include "mapdata/map_model.h"
#include "mapdata/synthetic_city.h"
#include "network/coverage_field.h"
#include "network/coverage_model.h"
#include "network/isochrone.h"
#include "network/rings.h"

using namespace jingwei;

namespace {

std::shared_ptr<const TravelGraph> futian() {
    static const std::shared_ptr<const TravelGraph> g = []() -> std::shared_ptr<const TravelGraph> {
        const std::string path = defaultDataDir() + "/shenzhen/futian-nanshan.graphml";
        if (!std::filesystem::exists(path)) return nullptr;
        MapModel m;
        m.roads = readGraphML(path);
        m.project("auto");
        return std::make_shared<TravelGraph>(m.roads);
    }();
    return g;
}

std::shared_ptr<const TravelGraph> bigCity() {
    static const std::shared_ptr<const TravelGraph> g = [] {
        SyntheticCityParams p;
        p.blocks_x = 350;
        p.blocks_y = 350;
        p.bridges = 12;
        const MapModel m = generateSyntheticCity(p);
        return std::make_shared<TravelGraph>(m.roads);
    }();
    return g;
}

// Random on-network positions (mid-link points), seeded.
std::vector<XY> positions(const TravelGraph& g, std::uint64_t seed, int n) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.05, 0.95);
    std::vector<XY> out;
    for (int i = 0; i < n; ++i) out.push_back(g.pointAt(static_cast<LinkId>(rng() % g.linkCount()), u(rng)));
    return out;
}

// Every benchmark also reports the fastest repetition ("_min" with
// --benchmark_repetitions=N): the development machine is shared, and the
// minimum is the figure least disturbed by other load.
double minimum(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end()); }

#define REQUIRE_FUTIAN(state)                                               \
    const auto g = futian();                                                \
    if (!g) {                                                               \
        state.SkipWithError("sample data missing: shenzhen/futian-nanshan.graphml"); \
        return;                                                             \
    }

void BM_UnitSearchFutian(benchmark::State& state) {
    REQUIRE_FUTIAN(state);
    const Millis limit = static_cast<Millis>(state.range(0) * 1000);
    const SnapIndex index(*g);
    std::vector<Snap> snaps;
    for (const XY& p : positions(*g, 1, 64)) snaps.push_back(index.snap(p));
    IsochroneSearch search(*g);
    Reach r;
    std::size_t i = 0, nodes = 0, runs = 0;
    for (auto _ : state) {
        search.run(snaps[i++ % snaps.size()], limit, r);
        nodes += r.size();
        ++runs;
        benchmark::DoNotOptimize(r.nodes.data());
    }
    state.counters["nodes"] = static_cast<double>(nodes) / static_cast<double>(runs);
}
BENCHMARK(BM_UnitSearchFutian)->Arg(60)->Arg(180)->Arg(300)->Unit(benchmark::kMicrosecond)->ComputeStatistics("min", minimum);

void BM_SnapFutian(benchmark::State& state) {
    REQUIRE_FUTIAN(state);
    const SnapIndex index(*g);
    std::mt19937_64 rng(2);
    std::vector<XY> pts = positions(*g, 2, 1024);
    for (XY& p : pts) p = {p.x + static_cast<double>(rng() % 200) - 100, p.y + static_cast<double>(rng() % 200) - 100};
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(index.snap(pts[i++ % pts.size()]));
}
BENCHMARK(BM_SnapFutian)->Unit(benchmark::kNanosecond)->ComputeStatistics("min", minimum);

// One unit's 1-, 3- and 5-minute ring polygons (search + raster + polygons).
void unitRings(benchmark::State& state, Polygonizer how) {
    REQUIRE_FUTIAN(state);
    RingOptions o;
    o.polygonizer = how;
    RingBuilder rb(*g, o);
    const SnapIndex index(*g);
    std::vector<Snap> snaps;
    for (const XY& p : positions(*g, 3, 32)) snaps.push_back(index.snap(p));
    std::size_t i = 0, vertices = 0, runs = 0;
    for (auto _ : state) {
        const UnitRings ur = rb.build(snaps[i++ % snaps.size()]);
        for (const Ring& r : ur.rings)
            for (const Polygon& p : r.polygons) {
                vertices += p.outer.size();
                for (const auto& h : p.holes) vertices += h.size();
            }
        ++runs;
    }
    state.counters["vertices"] = static_cast<double>(vertices) / static_cast<double>(runs);
}
void BM_UnitRingsFutian(benchmark::State& state) { unitRings(state, Polygonizer::Native); }
void BM_UnitRingsFutianGdalPolygonize(benchmark::State& state) { unitRings(state, Polygonizer::Gdal); }
BENCHMARK(BM_UnitRingsFutian)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", minimum);
BENCHMARK(BM_UnitRingsFutianGdalPolygonize)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", minimum);

// Fleet coverage on the synthetic city (350×350 blocks, ~10^6 directed
// edges): snap 1000 units, the 5-minute multi-source field (time + owner per
// node) and the road length within 1, 3 and 5 minutes.
void BM_FleetCoverage1000(benchmark::State& state) {
    const auto g = bigCity();
    const int threads = static_cast<int>(state.range(0));
    const SnapIndex index(*g);
    const std::vector<XY> pos = positions(*g, 4, 1000);
    MultiSourceSearch search(*g, threads);
    CoverageField field;
    const std::vector<Millis> limits = {60000, 180000, 300000};
    std::vector<Snap> snaps(pos.size());
    double share5 = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < pos.size(); ++i) snaps[i] = index.snap(pos[i]);
        search.run(snaps, limits.back(), field);
        const std::vector<double> road = reachedRoadLengthM(*g, field, snaps, limits, threads);
        share5 = road[2] / g->drivableLengthM();
    }
    state.counters["edges"] = static_cast<double>(g->arcCount());
    state.counters["nodes"] = static_cast<double>(g->nodeCount());
    state.counters["road_share_5min"] = share5;
}
BENCHMARK(BM_FleetCoverage1000)->Arg(2)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->ComputeStatistics("min", minimum);

// The field alone (no snapping, no statistics).
void BM_FleetField1000(benchmark::State& state) {
    const auto g = bigCity();
    const SnapIndex index(*g);
    std::vector<Snap> snaps;
    for (const XY& p : positions(*g, 4, 1000)) snaps.push_back(index.snap(p));
    MultiSourceSearch search(*g, static_cast<int>(state.range(0)));
    CoverageField field;
    for (auto _ : state) search.run(snaps, 300000, field);
    state.counters["reached_nodes"] = static_cast<double>(field.reachedCount());
}
BENCHMARK(BM_FleetField1000)->Arg(2)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->ComputeStatistics("min", minimum);

// One frame while dragging one unit among 30 on Futian: move, update the
// merged field, re-stamp the changed area, fleet rings (1, 3, 5 min), gaps
// and statistics; with_unit_rings adds the dragged unit's own three rings.
void dragUpdate(benchmark::State& state, bool with_unit_rings) {
    REQUIRE_FUTIAN(state);
    CoverageModel m(g);
    std::vector<UnitInput> units;
    const std::vector<XY> start = positions(*g, 5, 30);
    for (std::size_t i = 0; i < start.size(); ++i) {
        UnitInput u;
        u.id = std::to_string(i);
        u.pos = start[i];
        units.push_back(std::move(u));
    }
    m.setUnits(units);
    m.update();
    // Each frame moves the unit to another random place on the map: a worse
    // case than the small steps of a real drag (larger changed area).
    const std::vector<XY> path = positions(*g, 6, 64);
    std::size_t i = 0;
    const UnitKey dragged = 7;
    for (auto _ : state) {
        m.moveUnit(dragged, path[i++ % path.size()]);
        m.update();
        if (with_unit_rings) benchmark::DoNotOptimize(m.unitRings(dragged).rings.data());
    }
    state.counters["gaps"] = static_cast<double>(m.gaps().size());
}
void BM_DragUpdateFutian30(benchmark::State& state) { dragUpdate(state, true); }
void BM_DragUpdateFutian30FleetOnly(benchmark::State& state) { dragUpdate(state, false); }
BENCHMARK(BM_DragUpdateFutian30)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", minimum);
BENCHMARK(BM_DragUpdateFutian30FleetOnly)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", minimum);

}  // namespace

BENCHMARK_MAIN();
