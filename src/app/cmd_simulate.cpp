// jingwei simulate: run a scenario (scenarios/*.yaml) through the
// discrete-event engine and write metrics, the event log and charts.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sys/resource.h>

#include "app/command.h"
#include "app/console_progress.h"
#include "core/error.h"
#include "mapdata/map_manifest.h"
#include "sim/engine.h"
#include "sim/metrics.h"
#include "sim/scenario.h"
#include "sim/sim_output.h"

namespace jingwei::cli {
namespace {

struct SimulateOptions {
    std::string scenario, out, data_dir, map;
    long long seed = -1;
    double duration_h = 0;
    bool exact = false, no_gpkg = false, no_charts = false, no_paths = false;
};

double peakRssMb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

int run(const SimulateOptions& o) {
    using namespace jingwei::sim;
    using Clock = std::chrono::steady_clock;
    if (o.duration_h < 0) throw UsageError("--duration-h must be > 0");
    Scenario s = readScenario(o.scenario, o.data_dir);
    if (!o.map.empty()) s.map = o.map;
    const std::uint64_t seed = o.seed >= 0 ? static_cast<std::uint64_t>(o.seed) : s.seed;

    const auto t0 = Clock::now();
    LoadOptions lo;
    lo.data_dir = o.data_dir;
    lo.progress = consoleProgress("加载地图 " + s.map);
    MapModel map = loadMap(s.map, lo);
    finishConsoleProgress();
    if (!map.notice.empty()) std::cerr << "注意: " << map.notice << "\n";

    auto net = std::make_shared<SimNetwork>(map.roads, travelModelFor(s, map), consoleProgress("路网 road network"));
    finishConsoleProgress();
    EngineOptions eo;
    eo.seed = seed;
    eo.exact_search = o.exact;
    eo.record_paths = !o.no_paths;
    if (o.duration_h > 0) eo.duration = secondsToSim(o.duration_h * 3600);
    Engine engine(s, map, net, eo, consoleProgress("准备 scenario"));
    finishConsoleProgress();
    map = MapModel{};  // the engine keeps what it needs
    const auto t1 = Clock::now();
    engine.run(consoleProgress("仿真 simulate"));
    finishConsoleProgress();
    const auto t2 = Clock::now();

    const RunRecord& rec = *engine.record();
    const SimMetrics m = computeMetrics(rec, s, engine.policy().name(), engine.eventHash());
    const EngineStats& st = engine.stats();
    OutputOptions oo;
    oo.gpkg = !o.no_gpkg;
    oo.charts = !o.no_charts;
    const double run_s = std::chrono::duration<double>(t2 - t1).count();
    oo.run_facts = {{"prepare_s", std::chrono::duration<double>(t1 - t0).count()},
                    {"simulate_s", run_s},
                    {"events_processed", static_cast<double>(st.events)},
                    {"events_per_s", run_s > 0 ? static_cast<double>(st.events) / run_s : 0},
                    {"dispatches", static_cast<double>(st.dispatches)},
                    {"preemptions", static_cast<double>(st.preemptions)},
                    {"table_builds", static_cast<double>(st.router.table_builds)},
                    {"fallback_searches", static_cast<double>(st.fallback_searches)},
                    {"point_searches", static_cast<double>(st.router.point_searches)},
                    {"peak_rss_mb", peakRssMb()}};
    const std::vector<std::string> files = writeRunOutputs(o.out, rec, m, oo, consoleProgress("输出 outputs"));
    finishConsoleProgress();

    std::printf("scenario: %s  map: %s  policy: %s  seed: %llu\n", m.scenario.c_str(), m.map.c_str(), m.policy.c_str(),
                static_cast<unsigned long long>(seed));
    std::printf("period: %s, %.1f h (run ended at %.1f h)\n", isoTime(rec, 0).c_str(), m.duration_s / 3600, m.end_s / 3600);
    std::printf("units: %zu  calls: %zu  served: %zu  unserved: %zu", rec.units.size(), m.incidents, m.served, m.unserved);
    bool first = true;
    for (std::size_t k = 1; k < m.unserved_by_reason.size(); ++k) {
        if (!m.unserved_by_reason[k]) continue;
        std::printf("%s%s %zu", first ? " (" : ", ", std::string(unservedReasonKey(static_cast<UnservedReason>(k))).c_str(),
                    m.unserved_by_reason[k]);
        first = false;
    }
    std::printf("%s\n", first ? "" : ")");
    std::printf("response 响应时间: mean %.1f s  p50 %.1f s  p90 %.1f s  p95 %.1f s\n", m.response.mean_s, m.response.p50_s,
                m.response.p90_s, m.response.p95_s);
    std::printf("within:");
    for (std::size_t k = 0; k < m.standards_min.size(); ++k)
        std::printf("  %g min %.1f%%", m.standards_min[k], 100 * m.response.within_share[k]);
    std::printf("\n");
    for (const GroupStats& g : m.by_priority)
        std::printf("  priority %s: %zu calls, mean %.1f s, p90 %.1f s\n", g.key.c_str(), g.calls, g.response.mean_s, g.response.p90_s);
    std::printf("queue 排队: %zu calls waited, mean wait %.1f s, max %.1f s\n", m.waited, m.mean_wait_s, m.max_wait_s);
    std::printf("utilisation 出勤率: mean %.1f%%\n", 100 * m.mean_utilisation);
    if (!m.coverage.empty())
        std::printf("coverage 覆盖 (%g min of an idle unit): mean %.1f%%, min %.1f%% over %zu samples\n", m.coverage_limit_min,
                    100 * m.coverage_mean, 100 * m.coverage_min, m.coverage.size());
    if (m.mobile.has_bases)
        std::printf("应急机动 standard %.1f h: farthest point %.1f min away (%.1f min at peak congestion, %.1f min with mobilisation) — %s\n",
                    m.mobile.standard_s / 3600, m.mobile.max_travel_s / 60, m.mobile.max_travel_peak_s / 60,
                    m.mobile.worst_with_mobilisation_s / 60, m.mobile.meets ? "meets the standard 达标" : "does NOT meet the standard 未达标");
    std::printf("events: %llu processed in %.2f s (%.0f events/s), log hash %016llx\n", static_cast<unsigned long long>(st.events),
                run_s, run_s > 0 ? static_cast<double>(st.events) / run_s : 0.0, static_cast<unsigned long long>(engine.eventHash()));
    for (const std::string& f : files) std::printf("wrote %s\n", f.c_str());
    return kOk;
}

}  // namespace

Command addSimulateCommand(CLI::App& app) {
    auto o = std::make_shared<SimulateOptions>();
    CLI::App* cmd = app.add_subcommand("simulate", "run a scenario: dispatch, response times, coverage, event log, charts");
    cmd->add_option("scenario", o->scenario, "scenario file (scenarios/*.yaml)")->required();
    cmd->add_option("--seed", o->seed, "random seed (default: the scenario's seed:)");
    cmd->add_option("--out", o->out, "output directory")->required();
    cmd->add_option("--data-dir", o->data_dir, "sample-data directory (default $JINGWEI_DATA_DIR or ../shared/data)");
    cmd->add_option("--map", o->map, "run on another map (name or manifest) than the scenario's");
    cmd->add_option("--duration-h", o->duration_h, "simulate only this many hours of the period");
    cmd->add_flag("--exact", o->exact, "reference searches: Dijkstra for every candidate (slow; same results)");
    cmd->add_flag("--no-gpkg", o->no_gpkg, "do not write events.gpkg");
    cmd->add_flag("--no-charts", o->no_charts, "do not draw the PNG charts");
    cmd->add_flag("--no-paths", o->no_paths, "do not keep road paths for replay (less memory)");
    return {cmd, [o]() -> int { return run(*o); }};
}

}  // namespace jingwei::cli
