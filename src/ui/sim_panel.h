#pragma once
// 仿真回放 (scenario player): the GUI of issue 6. The run goes on in a
// background thread (sim::SimRunner) while the panel replays what it has
// published so far; after it finishes, the whole run.
//
// Windows (zh-CN first, English switch):
//  * Transport bar (bottom, right of the attribute panel): the clock (day
//    and HH:MM:SS, large), play / pause, step to the previous / next event,
//    speed presets 1× 10× 60× 300× 900× 3600× and a logarithmic slider, the
//    time scrubber (0 to what has been simulated so far), pause-at-event
//    toggles (new call, priority-1 call, queued or unserved call) with the
//    last stop and a fly-to button, the run's progress with a cancel button.
//  * Metrics (left column, under the map panel), in tabs: 指标 live metrics
//    at the player's time (units by status with the status colours as the
//    legend, calls open / waiting / served / unserved, mean and p90
//    response, share within each standard); 图表 charts (response-time
//    histogram, coverage and utilisation over time); 警力 / 警情 lists —
//    clicking a row selects it and flies the camera there.
//  * On the map: SimLayers (render/sim_layers.h): units by status, calls,
//    dispatch lines, and the rings of the idle units (or the selected unit)
//    following them, recomputed as sim::RingFollower allows.
//
// Logic without ImGui (tests): tick(wall_now_s) takes a new snapshot when
// the runner published one, advances the Playback and shows the state;
// playback(), runner(), layers(), selectUnit(), selectIncident().
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "render/sim_layers.h"
#include "sim/live_metrics.h"
#include "sim/playback.h"
#include "sim/scenario.h"
#include "sim/sim_runner.h"
#include "ui/gui_panel.h"

namespace jingwei {

struct SimPanelOptions {
    std::optional<sim::SimTime> start_at;  // seek here once simulated that far
    bool play = false;                     // start playing at once
    double speed = 60;
    sim::SimRunnerOptions runner;
    sim::RingFollowOptions rings;
};

class SimPanel : public GuiPanel {
public:
    SimPanel(sim::Scenario scenario, std::unique_ptr<sim::Engine> engine, SimPanelOptions options = {});
    ~SimPanel() override;

    const char* id() const override { return "sim"; }
    void attach(GuiContext& ctx) override;
    void beforeFrame(GuiContext& ctx) override;  // tick(): the map shows this frame's state
    void draw(GuiContext& ctx) override;
    bool onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> ground) override;
    void detach(GuiContext& ctx) override;
    std::vector<std::string> uiStrings() const override;

    // ---- logic (GL thread; testable without ImGui) ----
    // Starts the run (attach() does it).
    void start();
    // One frame: a newer snapshot, the playback clock, the overlays.
    void tick(double wall_now_s);
    sim::Playback& playback() { return playback_; }
    sim::SimRunner& runner() { return *runner_; }
    SimLayers& layers() { return layers_; }
    const sim::RunRecord* record() const { return snap_.get(); }
    const sim::LiveMetrics& metrics() const { return metrics_; }
    void selectUnit(std::optional<sim::UnitIndex> u);
    void selectIncident(std::optional<sim::IncidentIndex> i);

private:
    void takeSnapshot();
    void drawTransport(GuiContext& ctx);
    void drawMetrics(GuiContext& ctx);
    void drawStatusTable(float s);
    void drawCharts(GuiContext& ctx, float width);
    void drawUnitList(GuiContext& ctx);
    void drawIncidentList(GuiContext& ctx);
    std::string clockLabel(sim::SimTime t, bool with_date) const;

    sim::Scenario scenario_;
    SimPanelOptions opt_;
    std::unique_ptr<sim::SimRunner> runner_;
    std::shared_ptr<const sim::RunRecord> snap_;
    std::uint64_t snap_version_ = 0;
    std::unique_ptr<sim::Replay> replay_;
    sim::Playback playback_;
    sim::LiveMetricsTracker tracker_;
    sim::LiveMetrics metrics_;
    SimLayers layers_;
    std::uint64_t shown_version_ = ~0ull;
    double last_wall_ = -1, metrics_wall_ = -1e300;
    sim::SimTime metrics_t_ = -1;
    std::optional<sim::SimTime> pending_seek_;
    bool started_ = false;
    // Frame statistics (JINGWEI_SIM_STATS=1 prints them on detach).
    std::size_t frames_ = 0;
    double tick_ms_sum_ = 0, tick_ms_max_ = 0, wall_first_ = -1;
};

}  // namespace jingwei
