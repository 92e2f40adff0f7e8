#include "app/render_sim.h"

#include <cstdio>
#include <iostream>

#include "app/console_progress.h"
#include "app/sim_session.h"
#include "core/error.h"
#include "mapdata/map_manifest.h"
#include "render/sim_layers.h"
#include "sim/live_metrics.h"
#include "sim/sim_clock.h"

namespace jingwei::cli {

void addRenderSimOptions(CLI::App* cmd, RenderSimOptions& o) {
    const char* g = "Scenario state (仿真态势)";
    cmd->add_option("--scenario", o.scenario, "draw a simulation of this scenario (scenarios/*.yaml) at --at")->group(g);
    cmd->add_option("--at", o.at, "local time HH:MM or HH:MM:SS of the state to draw")->group(g);
    cmd->add_option("--day", o.day, "run day of --at (1 = the day the period starts)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->group(g);
    cmd->add_option("--seed", o.seed, "random seed (default: the scenario's seed:)")->group(g);
    cmd->add_flag("--no-rings", o.no_rings, "do not draw the idle units' response rings")->group(g);
    cmd->add_flag("--no-labels", o.no_labels, "do not write unit ids beside the symbols")->group(g);
}

MapModel prepareScenarioRender(const RenderSimOptions& o, const CommonOptions& common, bool map_given,
                               RenderRequest& req) {
    using namespace jingwei::sim;
    if (o.at.empty()) throw UsageError("--scenario needs --at HH:MM[:SS] (the local time to draw)");
    const auto sod = parseClockOfDay(o.at);
    if (!sod) throw UsageError("--at must be HH:MM or HH:MM:SS between 00:00 and 23:59:59 (got '" + o.at + "')");
    Scenario s = readScenario(o.scenario, common.data_dir);
    if (map_given) s.map = common.map;
    const SimTime t = simTimeOfClock(s.start_utc_s, s.utc_offset_s, o.day, *sod);
    const ClockTime start = clockAt(s.start_utc_s, s.utc_offset_s, 0);
    if (t < 0)
        throw UsageError("--at " + o.at + " on day " + std::to_string(o.day) + " is before the period starts (" +
                         clockDate(start) + " " + clockText(start) + "); try --day 2");

    CommonOptions c = common;
    c.map = s.map;
    MapModel map = loadMapWithProgress(c);
    EngineOptions eo;
    eo.seed = runSeed(s, o.seed);
    std::unique_ptr<Engine> engine = makeEngine(s, map, eo, consoleProgress("准备 scenario"));
    finishConsoleProgress();
    engine->advanceTo(t);
    const auto record = engine->record();
    if (engine->finished() && t > record->end) {
        const ClockTime e = clockAt(s.start_utc_s, s.utc_offset_s, record->end);
        throw UsageError("--at is after the run ends (day " + std::to_string(e.day) + " " + clockText(e) + ")");
    }
    const Replay replay(record);
    const SimState state = replay.stateAt(t);

    std::vector<double> minutes = s.metrics.standards_min;
    auto layers = std::make_shared<SimLayers>(record->network, minutes);
    if (o.no_rings) layers->setRingTarget(RingTarget::None);
    SimOverlayStyle st = layers->symbols().style();
    st.labels = !o.no_labels;
    layers->symbols().setStyle(st);
    layers->show(*record, state, 0.0, true);
    for (const auto& ov : layers->overlays()) req.overlays.push_back(ov);

    LiveMetricsTracker tracker(s.metrics.standards_min, s.metrics.histogram_bin_s);
    const LiveMetrics m = tracker.at(replay, state, t);
    const bool zh = req.language.rfind("en", 0) != 0;
    const ClockTime ct = clockAt(s.start_utc_s, s.utc_offset_s, t);
    SimLegendContent lc;
    lc.zh = zh;
    lc.title = zh || s.name_en.empty() ? s.name : s.name_en;
    lc.clock = (zh ? "第" + std::to_string(ct.day) + "天 " : "Day " + std::to_string(ct.day) + "  ") + clockDate(ct) + " " +
               clockText(ct);
    lc.units_by_status = m.by_status;
    if (!o.no_rings) lc.ring_minutes = layers->coverage().params().rings.minutes;
    lc.ring_opacity = layers->rings().fillOpacity();
    char buf[256];
    std::snprintf(buf, sizeof buf, zh ? "警情 %zu 起 · 处置中 %zu · 已到场 %zu · 未处置 %zu" : "Calls %zu · open %zu · reached %zu · unserved %zu",
                  m.calls, m.open, m.served, m.unserved);
    lc.lines.push_back(buf);
    if (m.response.n > 0) {
        std::string within;
        for (std::size_t k = 0; k < m.standards_min.size(); ++k) {
            char w[48];
            std::snprintf(w, sizeof w, "%s%g′ %.0f%%", k ? " · " : "", m.standards_min[k], 100 * m.response.within_share[k]);
            within += w;
        }
        std::snprintf(buf, sizeof buf, zh ? "响应 平均 %.0f 秒 · P90 %.0f 秒" : "Response mean %.0f s · p90 %.0f s",
                      m.response.mean_s, m.response.p90_s);
        lc.lines.push_back(buf);
        lc.lines.push_back((zh ? "到场率 " : "Within ") + within);
    }
    auto legend = std::make_shared<SimLegendOverlay>();
    legend->set(lc);
    req.overlays.push_back(legend);

    if (!req.camera && !req.pose) {
        Bounds b = runBounds(*record);
        if (!b.empty()) {
            const double pad = 0.08 * std::max(b.width(), b.height());
            b.add(b.min_x - pad, b.min_y - pad);
            b.add(b.max_x + pad, b.max_y + pad);
            // Room on the left for the legend (a quarter of the width).
            b.add(b.min_x - 0.3 * b.width(), b.min_y);
            req.pose = fitBounds(b, req.width, req.height, req.view3d);
        }
    }
    std::printf("仿真 %s seed %llu at day %d %s: %zu units (%zu idle, %zu en route, %zu on scene, %zu returning, %zu off duty), "
                "%zu calls open, rings %.1f ms\n",
                s.name.c_str(), static_cast<unsigned long long>(eo.seed), ct.day, clockText(ct).c_str(), state.units.size(),
                m.by_status[0], m.by_status[1], m.by_status[2], m.by_status[3], m.by_status[4], m.open,
                layers->follower().lastUpdateMs());
    return map;
}

}  // namespace jingwei::cli
