// Import time and map-package (cache) load time for the OSM sample maps.
//   bench_map_import [--benchmark_filter=Liechtenstein]
// Uses the data dir and maps dir the build knows ($JINGWEI_DATA_DIR to
// override) and a private cache directory under the system temp dir.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "core/paths.h"
#include "mapdata/map_manifest.h"
#include "mapdata/map_package.h"

namespace fs = std::filesystem;
using namespace jingwei;

namespace {

std::string cacheDir() {
    static const std::string dir =
        (fs::temp_directory_path() / ("jingwei-bench-cache-" + std::to_string(::getpid()))).string();
    return dir;
}

LoadOptions options(CacheMode mode) {
    LoadOptions o;
    o.cache = mode;
    o.cache_dir = cacheDir();
    return o;
}

bool haveMap(benchmark::State& state, const std::string& map) {
    try {
        if (mapPackagePath(map, options(CacheMode::ReadWrite)).empty()) {
            state.SkipWithError(("sample data for '" + map + "' is missing").c_str());
            return false;
        }
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return false;
    }
    return true;
}

// A full import: read the sources, build and prune the road graph, project
// (and warp terrain); no cache read or write.
void BM_Import(benchmark::State& state, const std::string& map) {
    if (!haveMap(state, map)) return;
    std::size_t edges = 0;
    for (auto _ : state) {
        MapModel m = loadMap(map, options(CacheMode::Off));
        edges = m.roads.edges.size();
        benchmark::DoNotOptimize(m);
    }
    state.counters["edges"] = double(edges);
}

// Writing the map package after an import.
void BM_CacheWrite(benchmark::State& state, const std::string& map) {
    if (!haveMap(state, map)) return;
    const MapModel m = loadMap(map, options(CacheMode::Off));
    const std::string path = (fs::path(cacheDir()) / "bench-write.gpkg").string();
    for (auto _ : state) writeMapPackage(m, path);
    state.counters["bytes"] = double(fs::file_size(path));
    fs::remove(path);
}

// A second load: the package is read instead of importing (hashing the
// sources to find it included).
void BM_CacheLoad(benchmark::State& state, const std::string& map) {
    if (!haveMap(state, map)) return;
    loadMap(map, options(CacheMode::Refresh));  // make sure the package exists
    for (auto _ : state) {
        MapModel m = loadMap(map, options(CacheMode::ReadWrite));
        if (!m.report.from_cache) state.SkipWithError("the cache was not used");
        benchmark::DoNotOptimize(m);
    }
}

}  // namespace

BENCHMARK_CAPTURE(BM_Import, Longgang, std::string("longgang"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CacheWrite, Longgang, std::string("longgang"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CacheLoad, Longgang, std::string("longgang"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Import, Liechtenstein, std::string("liechtenstein"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CacheWrite, Liechtenstein, std::string("liechtenstein"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CacheLoad, Liechtenstein, std::string("liechtenstein"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Import, Andorra, std::string("andorra"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CacheLoad, Andorra, std::string("andorra"))->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::error_code ec;
    fs::remove_all(cacheDir(), ec);
    return 0;
}
