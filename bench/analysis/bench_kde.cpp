// Google Benchmark: incident KDE (exact and fast) at the sizes of issue 5,
// and re-filtering 10^6 incidents by hour followed by a fast re-grid.
#include <benchmark/benchmark.h>

#include <map>
#include <random>
#include <memory>

#include "analysis/incident_filter.h"
#include "analysis/kernel_density.h"
#include "bench_points.h"

using namespace jingwei;

namespace {

const std::vector<XY>& points(std::size_t n) {
    static std::map<std::size_t, std::unique_ptr<std::vector<XY>>> cache;
    auto& p = cache[n];
    if (!p) p = std::make_unique<std::vector<XY>>(bench::clusteredPoints(n, 25600, 42));
    return *p;
}

GridSpec grid(int n) {
    // n × n cells covering the 25.6 km square of the points.
    const double cell = 25600.0 / n;
    return GridSpec{0, 0, cell, n, n};
}

void runKde(benchmark::State& state, KdeMode mode, Kernel kernel, int check_cells = 0) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const int cells = static_cast<int>(state.range(1));
    const auto& p = points(n);
    KdeOptions o;
    o.kernel = kernel;
    o.bandwidth_m = 300;
    o.mode = mode;
    o.error_check_cells = check_cells;
    KdeStats st;
    for (auto _ : state) {
        DensityGrid d = kernelDensity(p, {}, grid(cells), o, &st);
        benchmark::DoNotOptimize(d.values.data());
    }
    state.counters["peak"] = st.peak;
    if (st.max_error >= 0) state.counters["max_err_rel_peak"] = st.max_error_rel_peak;
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void BM_KdeFastQuartic(benchmark::State& s) { runKde(s, KdeMode::Fast, Kernel::Quartic); }
void BM_KdeFastQuarticChecked(benchmark::State& s) { runKde(s, KdeMode::Fast, Kernel::Quartic, 64); }
void BM_KdeFastGaussian(benchmark::State& s) { runKde(s, KdeMode::Fast, Kernel::Gaussian); }
void BM_KdeFastEpanechnikov(benchmark::State& s) { runKde(s, KdeMode::Fast, Kernel::Epanechnikov); }
void BM_KdeFastUniform(benchmark::State& s) { runKde(s, KdeMode::Fast, Kernel::Uniform); }
void BM_KdeExactQuartic(benchmark::State& s) { runKde(s, KdeMode::Exact, Kernel::Quartic); }
void BM_KdeExactEpanechnikov(benchmark::State& s) { runKde(s, KdeMode::Exact, Kernel::Epanechnikov); }
void BM_KdeExactGaussian(benchmark::State& s) { runKde(s, KdeMode::Exact, Kernel::Gaussian); }
void BM_KdeExactTriangular(benchmark::State& s) { runKde(s, KdeMode::Exact, Kernel::Triangular); }

// 10^6 incidents with times (UTC+8), for filtering.
const IncidentSet& incidents() {
    static const IncidentSet set = [] {
        IncidentSet s(8 * 3600);
        const auto& p = points(1000000);
        s.reserve(p.size());
        std::mt19937_64 r(7);
        const char* cats[] = {"盗窃", "纠纷", "交通事故", "求助", "斗殴", "抢劫"};
        Incident inc;
        inc.source = "合成示例";
        for (std::size_t i = 0; i < p.size(); ++i) {
            inc.id = std::to_string(i);
            inc.time_s = 1735660800 + static_cast<std::int64_t>(r() % (365ull * 86400));
            inc.category = cats[r() % 6];
            inc.pos = GeoPoint{114, 22.5, p[i].x, p[i].y};
            s.add(inc);
        }
        return s;
    }();
    return set;
}

void BM_FilterByHour1M(benchmark::State& state) {
    const IncidentSet& s = incidents();
    int h = 0;
    std::size_t kept = 0;
    for (auto _ : state) {
        IncidentFilter f;
        f.hours = HourWindow{h, (h + 2) % 24};
        h = (h + 1) % 24;
        const auto idx = filterIncidents(s, f);
        kept = idx.size();
        benchmark::DoNotOptimize(idx.data());
    }
    state.counters["kept"] = static_cast<double>(kept);
}

// What the GUI does when the hour slider moves: filter, gather x/y, fast KDE.
void BM_FilterAndRegrid1M(benchmark::State& state) {
    const IncidentSet& s = incidents();
    const int cells = static_cast<int>(state.range(0));
    KdeOptions o;
    o.mode = KdeMode::Fast;
    o.error_check_cells = 0;
    int h = 0;
    std::size_t kept = 0;
    for (auto _ : state) {
        IncidentFilter f;
        f.hours = HourWindow{h, (h + 5) % 24};  // a 6-hour window, ~25% of the incidents
        h = (h + 1) % 24;
        const auto idx = filterIncidents(s, f);
        const auto xy = positionsXY(s, idx);
        DensityGrid d = kernelDensity(xy, {}, grid(cells), o);
        kept = idx.size();
        benchmark::DoNotOptimize(d.values.data());
    }
    state.counters["kept"] = static_cast<double>(kept);
}

}  // namespace

BENCHMARK(BM_KdeFastQuartic)->Args({1000000, 1024})->Args({10000000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeFastQuarticChecked)->Args({1000000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeFastGaussian)->Args({1000000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeFastEpanechnikov)->Args({1000000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeFastUniform)->Args({1000000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeExactQuartic)->Args({1000000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeExactEpanechnikov)->Args({86000, 1024})->Args({1000000, 256})->Args({1000000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeExactTriangular)->Args({86000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeExactGaussian)->Args({86000, 1024})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FilterByHour1M)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FilterAndRegrid1M)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
