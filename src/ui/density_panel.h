#pragma once
// 警情密度 (incident density): the GUI side of incident hotspot analysis.
// One ImGui window (zh-CN first, English) that edits a DensityParams and a
// DensityStyle and shows the result on the map through three overlays:
// HeatmapOverlay (kernel density), HexBinOverlay (counts per hexagon) and
// HotspotOverlay (ranked Gi* hotspots, FDR 5%).
//
//  * KDE: kernel, bandwidth (fixed / Scott / Silverman), cell size, fast/exact.
//  * Filters: date range, hour-of-day window (may wrap midnight), weekdays,
//    categories. Any change recomputes on a DensityWorker thread; the result
//    is swapped into the overlays on the GL thread (draw → tick). A
//    computation that runs longer shows its progress and a cancel button.
//  * View: heatmap or hex bins; opacity, ramp and top of scale only change
//    shader uniforms (no recomputation); a legend in incidents/km² (or per
//    hexagon) with the ramp and its ticks.
//  * Play: steps the hour window one hour every few seconds, looping.
//  * Hotspots: ranked list; clicking an entry flies the camera there and
//    highlights its ring.
//
// The logic is reachable without ImGui (tests and scripts): attachTo(),
// params()/paramsChanged(), setStyle(), setView(), tick(), waitForResult(),
// selectHotspot(). The category filter is the panel's own ticks:
// paramsChanged() rewrites params().filter.categories from them.
//
// Layout: the controls under the map panel (left column, above the attribute
// panel; tabs 显示方式 / 时间 / 类别 / 核密度参数 under an always-visible
// play button, current hour window and legend); the hotspot list in its own
// window under the layers panel (right column).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/incident.h"
#include "render/density_style.h"
#include "render/heatmap_overlay.h"
#include "render/hexbin_overlay.h"
#include "render/hotspot_overlay.h"
#include "render/density_view.h"
#include "ui/gui_panel.h"

namespace jingwei {

class DensityPanel : public GuiPanel {
public:
    enum class View { Heatmap, Hex };

    // `source` names where the incidents came from (a file name, or
    // "合成示例 …" for generated ones); `synthetic` marks them as such.
    DensityPanel(std::shared_ptr<const IncidentSet> incidents, std::string source, bool synthetic);
    ~DensityPanel() override;

    const char* id() const override { return "density"; }
    void attach(GuiContext& ctx) override;
    void draw(GuiContext& ctx) override;
    void detach(GuiContext& ctx) override;
    std::vector<std::string> uiStrings() const override;

    // ---- logic (GL thread) ----
    // Adds the overlays to the scene, grids the map's home bounds and starts
    // the first computation.
    void attachTo(MapScene& scene, const MapModel& map);
    void detachFrom(MapScene& scene);

    DensityParams& params() { return params_; }
    const DensityParams& params() const { return params_; }
    // Call after changing params(): queues a recomputation.
    void paramsChanged();

    void setStyle(const DensityStyle& style);  // uniforms only
    const DensityStyle& style() const { return style_; }
    void setView(View v);                       // may queue hex bins once
    View view() const { return view_; }

    // Play: hour window stepping. setPlaying(true) turns the hour filter on
    // (width play_width_h starting at its current first hour).
    void setPlaying(bool on, double now_s);
    bool playing() const { return playing_; }
    void setPlayStep(double seconds_per_hour) { play_step_s_ = seconds_per_hour; }
    void setPlayWidth(int hours) { play_width_h_ = hours; }

    // Per frame: advances play, takes a finished result and hands it to the
    // overlays. Returns true when a result was applied.
    bool tick(double now_s);
    // Blocks until the queued computation is done, then applies it.
    void waitForResult();

    const std::optional<DensityResult>& result() const { return result_; }
    const std::vector<Hotspot>& hotspots() const;
    // Flies to hotspot k with fly(x, y, range_m) and highlights it.
    void selectHotspot(std::size_t k, const std::function<void(double x, double y, double range_m)>& fly);
    std::optional<std::size_t> selectedHotspot() const { return hotspots_->selected(); }

    const std::shared_ptr<HeatmapOverlay>& heatmap() const { return heatmap_; }
    const std::shared_ptr<HexBinOverlay>& hexbins() const { return hexbins_; }
    const std::shared_ptr<HotspotOverlay>& hotspotRings() const { return hotspots_; }
    DensityWorker* worker() const { return worker_.get(); }

private:
    void apply(DensityResult r);
    void applyStyle();
    void drawLegend(GuiContext& ctx, float width);
    void drawHotspots(GuiContext& ctx);
    void drawHotspotList(GuiContext& ctx, float s);

    std::shared_ptr<const IncidentSet> set_;
    std::string source_;
    bool synthetic_ = false;
    std::string crs_;
    std::unique_ptr<DensityWorker> worker_;
    std::shared_ptr<HeatmapOverlay> heatmap_ = std::make_shared<HeatmapOverlay>();
    std::shared_ptr<HexBinOverlay> hexbins_ = std::make_shared<HexBinOverlay>();
    std::shared_ptr<HotspotOverlay> hotspots_ = std::make_shared<HotspotOverlay>();

    DensityParams params_;
    DensityStyle style_;
    View view_ = View::Heatmap;
    std::optional<DensityResult> result_;
    std::uint64_t requested_ = 0;

    // Filter UI state.
    std::int32_t day_min_ = 0, day_max_ = 0;    // data's local days
    std::vector<std::size_t> category_counts_;
    std::vector<char> category_on_;
    bool hours_on_ = false;
    bool auto_scale_ = true;
    bool show_rings_ = true;
    bool playing_ = false;
    double play_step_s_ = 1.0;                  // seconds per hour step
    int play_width_h_ = 1;                      // hours in the window while playing
    double last_step_s_ = 0;
    double scale_heat_ = 0, scale_hex_ = 0;     // manual tops of scale (auto_scale_ off)
    double now_s_ = 0;
};

}  // namespace jingwei
