// The full engine at city scale, one core: a simulated year on the
// 10^6-edge synthetic city (scenarios/synthetic-city-year.yaml: 300 units,
// about 500,000 calls), with exact network routing for every trip.
// Prints the time of each stage, events/s and the peak resident memory.
//
//   sim_year_bench [scenario.yaml] [--no-paths] [--no-events] [--days N] [--seed N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "core/error.h"
#include "mapdata/map_manifest.h"
#include "sim/engine.h"
#include "sim/metrics.h"
#include "sim/scenario.h"

using namespace jingwei;
using namespace jingwei::sim;
using Clock = std::chrono::steady_clock;

namespace {
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double cpuSeconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec) + ru.ru_utime.tv_usec / 1e6 + static_cast<double>(ru.ru_stime.tv_sec) +
           ru.ru_stime.tv_usec / 1e6;
}
double peakRssMb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}
}  // namespace

int main(int argc, char** argv) {
    std::string path = std::string(JINGWEI_SOURCE_DIR) + "/scenarios/synthetic-city-year.yaml";
    EngineOptions eo;
    double days = 0;
    long long seed = -1;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--no-paths")) eo.record_paths = false;
        else if (!std::strcmp(argv[i], "--no-events")) eo.record_events = false;
        else if (!std::strcmp(argv[i], "--days") && i + 1 < argc) days = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::atoll(argv[++i]);
        else path = argv[i];
    }
    try {
        const Scenario s = readScenario(path);
        eo.seed = seed >= 0 ? static_cast<std::uint64_t>(seed) : s.seed;
        if (days > 0) eo.duration = secondsToSim(days * 86400);
        const auto t0 = Clock::now();
        MapModel map = loadMap(s.map);
        const double map_s = since(t0);
        const auto t1 = Clock::now();
        auto net = std::make_shared<SimNetwork>(map.roads, travelModelFor(s, map));
        const double net_s = since(t1);
        const double cpu0 = cpuSeconds();
        const auto t2 = Clock::now();
        std::unique_ptr<Engine> engine = std::make_unique<Engine>(s, map, net, eo);
        const double prepare_s = since(t2);
        map = MapModel{};
        const auto t3 = Clock::now();
        engine->run();
        const double run_s = since(t3);
        const double cpu = cpuSeconds() - cpu0;
        const EngineStats& st = engine->stats();
        const RunRecord& r = *engine->record();
        std::size_t served = 0;
        for (const IncidentRecord& i : r.incidents) served += i.served() ? 1 : 0;
        std::printf("scenario: %s\n", s.name.c_str());
        std::printf("network: %zu nodes, %zu arcs (map %.2f s, network %.2f s)\n", net->nodeCount(), net->arcCount(), map_s, net_s);
        std::printf("units: %zu  calls: %zu  served: %zu  simulated: %.1f days\n", r.units.size(), r.incidents.size(), served,
                    simToSeconds(r.end) / 86400);
        std::printf("prepare (incidents, nearest-base tables): %.2f s   run: %.2f s   engine total: %.2f s wall, %.2f s CPU\n",
                    prepare_s, run_s, prepare_s + run_s, cpu);
        std::printf("events: %llu  events/s (run): %.0f  events/s (prepare+run): %.0f\n",
                    static_cast<unsigned long long>(st.events), static_cast<double>(st.events) / run_s,
                    static_cast<double>(st.events) / (prepare_s + run_s));
        std::printf("dispatches %llu, A* for moving units %llu, fallback searches %llu, point searches %llu, table builds %llu (%.2f s)\n",
                    static_cast<unsigned long long>(st.dispatches), static_cast<unsigned long long>(st.moving_searches),
                    static_cast<unsigned long long>(st.fallback_searches),
                    static_cast<unsigned long long>(st.router.point_searches),
                    static_cast<unsigned long long>(st.router.table_builds), st.router.table_build_s);
        std::printf("route cache: %llu hits, %llu misses\n", static_cast<unsigned long long>(st.router.route_cache_hits),
                    static_cast<unsigned long long>(st.router.route_cache_misses));
        std::printf("record %.0f MB, tables %.0f MB, peak RSS %.0f MB, event hash %016llx\n", r.memoryBytes() / 1e6,
                    st.table_bytes / 1e6, peakRssMb(), static_cast<unsigned long long>(engine->eventHash()));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sim_year_bench: %s\n", e.what());
        return 1;
    }
}
