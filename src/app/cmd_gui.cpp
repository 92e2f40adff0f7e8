// jingwei gui: the workstation window.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "app/command.h"
#include "app/incident_source.h"
#ifdef JINGWEI_HAVE_GUI
#include "core/crs.h"
#include "core/error.h"
#include "mapdata/map_manifest.h"
#include "network/coverage_model.h"
#include "network/travel_graph.h"
#include "network/units_csv.h"
#include "ui/density_panel.h"
#include "ui/gui_app.h"
#include "ui/rings_panel.h"
#include "ui/sim_panel.h"
#include "app/sim_session.h"
#include "sim/scenario.h"
#include "sim/sim_clock.h"
#ifdef JINGWEI_HAVE_PLACEMENT
#include "place/plan.h"
#include "ui/placement_model.h"
#include "ui/placement_panel.h"
#endif
#endif

namespace jingwei::cli {

Command addGuiCommand(CLI::App& app) {
    struct Opts {
        CommonOptions common;
        std::string size = "1600x900", screenshot, units;
        int frames = 0;
        std::vector<std::string> incidents;
        double utc_offset_h = 0;
        // Scenario player.
        std::string scenario, at;
        long long seed = -1;
        int day = 1;
        double speed = 60;
        bool play = false;
        // Placement editor.
        bool place = false;
        std::string plan;
        double spacing_m = 200, horizon_min = 10;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand("gui", "open the workstation window (needs a display)");
    addCommonOptions(cmd, o->common);
    cmd->add_option("--size", o->size, "window size WxH")->capture_default_str();
    cmd->add_option("--frames", o->frames, "quit after N frames (0 = run until closed); for tests")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--screenshot", o->screenshot, "write the last frame to this PNG before quitting");
    cmd->add_option("--incidents", o->incidents,
                    "incidents for the density panel (警情密度): .csv/.geojson/.gpkg files or directories, "
                    "or synthetic[:N[:seed]] (合成示例)");
    cmd->add_option("--units", o->units,
                    "units for the response-ring panel (响应圈): CSV id,lon,lat[,name] (WGS84)");
    cmd->add_option("--utc-offset", o->utc_offset_h, "hours east of UTC of incident times without a zone (China: 8)")
        ->capture_default_str();
    const char* sg = "Scenario player (仿真回放)";
    cmd->add_option("--scenario", o->scenario,
                    "simulate this scenario (scenarios/*.yaml) in the background and replay it; the map is the "
                    "scenario's unless --map is given")
        ->group(sg);
    cmd->add_option("--seed", o->seed, "random seed (default: the scenario's seed:)")->group(sg);
    cmd->add_option("--at", o->at, "start the player at this local time HH:MM[:SS]")->group(sg);
    cmd->add_option("--day", o->day, "run day of --at (1 = the day the period starts)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->group(sg);
    cmd->add_option("--speed", o->speed, "playback speed, 1 to 3600 (× real time)")
        ->check(CLI::Range(1.0, 3600.0))
        ->capture_default_str()
        ->group(sg);
    cmd->add_flag("--play", o->play, "start playing at once")->group(sg);
    const char* pg = "Post placement editor (前置屯警 方案编辑)";
    cmd->add_flag("--place", o->place,
                  "open the placement editor: posts, live coverage, optimise, duty schedule; demand from --incidents "
                  "(default: synthetic 合成示例)")
        ->group(pg);
    cmd->add_option("--plan", o->plan, "plan file (YAML/GeoJSON) to open in the editor (implies --place)")->group(pg);
    cmd->add_option("--spacing", o->spacing_m, "intersection candidates no closer than this (m)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str()
        ->group(pg);
    cmd->add_option("--horizon", o->horizon_min, "travel-time horizon of the editor (minutes; T ≤ it)")
        ->check(CLI::Range(1.0, 60.0))
        ->capture_default_str()
        ->group(pg);
    return {cmd, [o, cmd]() -> int {
#ifdef JINGWEI_HAVE_GUI
                GuiOptions g;
                g.language = o->common.lang;
                g.max_frames = o->frames;
                g.screenshot_png = o->screenshot;
                parseSize("--size", o->size, &g.width, &g.height);
                // A scenario is read before the window opens: a bad file is a
                // plain error naming the file and line, and it names the map.
                std::shared_ptr<sim::Scenario> scenario;
                std::string map_name = o->common.map;
                SimPanelOptions sim_opt;
                if (!o->scenario.empty()) {
                    scenario = std::make_shared<sim::Scenario>(sim::readScenario(o->scenario, o->common.data_dir));
                    if (cmd->get_option("--map")->count() > 0) scenario->map = o->common.map;
                    map_name = scenario->map;
                    sim_opt.speed = o->speed;
                    sim_opt.play = o->play;
                    if (!o->at.empty()) {
                        const auto sod = sim::parseClockOfDay(o->at);
                        if (!sod) throw UsageError("--at must be HH:MM or HH:MM:SS (got '" + o->at + "')");
                        sim_opt.start_at = std::max<sim::SimTime>(
                            0, sim::simTimeOfClock(scenario->start_utc_s, scenario->utc_offset_s, o->day, *sod));
                    }
                } else if (!o->at.empty() || o->play || o->seed >= 0) {
                    throw UsageError("--at, --play and --seed need --scenario");
                }
                // The window opens at once and shows the import's progress with a
                // cancel button; panels that need the loaded map are added after it.
#ifdef JINGWEI_HAVE_PLACEMENT
                // A plan is read before the window opens: a bad file is a plain
                // error naming the file and line.
                const bool editor = o->place || !o->plan.empty();
                std::shared_ptr<place::Plan> plan;
                if (!o->plan.empty()) plan = std::make_shared<place::Plan>(place::readPlan(o->plan));
#else
                const bool editor = false;
                [[maybe_unused]] const std::nullptr_t plan = nullptr;
                if (o->place || !o->plan.empty())
                    throw UsageError("--place/--plan: this build has no placement module");
#endif
                auto loader = [o, &g, scenario, map_name, sim_opt, editor, plan](const Progress& progress) -> MapModel {
                    // With the scenario player or the editor the map is the
                    // first half of the bar, the run / the model the second.
                    auto half = [&progress](double a) {
                        return Progress{[&progress, a](double f, std::string_view st) {
                            return progress.callback ? progress.callback(a + 0.5 * f, st) : true;
                        }};
                    };
                    LoadOptions lo;
                    lo.data_dir = o->common.data_dir;
                    lo.progress = (scenario || editor) ? half(0) : progress;
                    MapModel m = loadMap(map_name, lo);
                    if (scenario) {
                        sim::EngineOptions eo;
                        eo.seed = runSeed(*scenario, o->seed);
                        g.panels.push_back(
                            std::make_shared<SimPanel>(*scenario, makeEngine(*scenario, m, eo, half(0.5)), sim_opt));
                    }
                    std::optional<MapIncidents> inc;
                    if (!o->incidents.empty()) {
                        inc = loadMapIncidents(o->incidents, m, o->utc_offset_h);
                        g.panels.push_back(std::make_shared<DensityPanel>(inc->set, inc->label, inc->synthetic));
                    }
#ifdef JINGWEI_HAVE_PLACEMENT
                    if (editor) {
                        PlacementBuildOptions bo;
                        bo.spacing_m = o->spacing_m;
                        bo.horizon_minutes = o->horizon_min;
                        if (inc) {
                            bo.incidents = inc->set;
                            bo.incidents_label = (inc->synthetic ? "synthetic " : "") + inc->label;
                        }
                        auto model = std::make_shared<PlacementModel>(m, bo, half(0.5));
                        if (plan)
                            for (const std::string& n : model->applyPlan(*plan, o->plan))
                                std::cout << o->plan << ": " << n << "\n";
                        g.panels.push_back(std::make_shared<PlacementPanel>(model, plan ? o->plan : "plan.yaml"));
                    }
#endif
                    if (!o->units.empty()) {
                        const std::vector<UnitRecord> records = readUnitsCsv(o->units);
                        TravelTimeModel tm;
                        tm.speeds = m.speeds;
                        auto graph = std::make_shared<TravelGraph>(m.roads, tm);
                        auto cov = std::make_shared<CoverageModel>(graph);
                        const Projector proj(m.crs);
                        for (const UnitRecord& r : records) {
                            const XY p = proj.forward(LonLat{r.lon, r.lat});
                            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                                throw Error(o->units, "line " + std::to_string(r.line), "cannot project the position to " + m.crs);
                            cov->addUnit({r.id, r.name, p});
                        }
                        cov->update();
                        const std::string src = std::filesystem::path(o->units).filename().string();
                        g.panels.push_back(std::make_shared<RingsPanel>(cov, src));
                    }
                    return m;
                };
                return runGui(MapLoader(loader), g);
#else
                std::cerr << "jingwei gui: this build has no GUI (configured with JINGWEI_BUILD_GUI=OFF)\n";
                return kEnvironment;
#endif
            }};
}

}  // namespace jingwei::cli
