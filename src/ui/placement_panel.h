#pragma once
// 前置屯警 方案编辑 (placement editor) panel over a PlacementModel:
//
//  * the live score in large type (覆盖率 %, 平均 / P90 响应时间, 双重覆盖 %)
//    for the selected hour window, recomputed after every edit;
//  * objective (最大覆盖 MCLP / 集合覆盖 LSCP / p-中位 / 双重覆盖), minutes T
//    (and T2), hour windows with k per window;
//  * posts: a list (id, locked, staffed in this window, fly to, delete);
//    add mode (a click on the map adds a post at the nearest road node, a
//    preview ring shows where); select mode (press on a post symbol and drag
//    it: the post follows the cursor from road node to road node, the score
//    updates live, the map is held still through GuiContext::captureMouse);
//  * 优化 / Optimise: the model's heuristic solve of the window on a worker
//    thread, with a progress bar and cancel;
//  * save / load the plan (YAML or GeoJSON by extension);
//  * 值守时刻表: a second window, 24 hour columns × posts, a filled cell
//    where the post is staffed (click toggles the post in the window that
//    holds that hour), and units on duty per hour.
// The map shows PlacementOverlay marks built by marks().
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "render/placement_overlay.h"
#include "ui/gui_panel.h"
#include "ui/placement_model.h"

namespace jingwei {

class PlacementPanel : public GuiPanel {
public:
    enum class Mode { Select, Add };

    // `plan_path`: where save/load point first (e.g. the --plan file).
    PlacementPanel(std::shared_ptr<PlacementModel> model, std::string plan_path = "plan.yaml");

    const char* id() const override { return "placement"; }
    void attach(GuiContext& ctx) override;
    void draw(GuiContext& ctx) override;
    bool onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> ground) override;
    void detach(GuiContext& ctx) override;
    std::vector<std::string> uiStrings() const override;

    // ---- logic (testable without ImGui) ----
    PlacementModel& model() { return *model_; }
    std::size_t window() const { return window_; }
    void setWindow(std::size_t w);
    std::optional<std::size_t> selected() const { return selected_; }
    void select(std::optional<std::size_t> q);
    void setMode(Mode m) { mode_ = m; }
    Mode mode() const { return mode_; }
    // The overlay's marks for the current state (window, selection, preview).
    PlacementMarks marks();
    // Pushes marks() to the overlay when anything changed.
    void refresh();
    const std::shared_ptr<PlacementOverlay>& overlay() const { return overlay_; }
    // The post whose symbol is within radius_px of s.
    std::optional<std::size_t> postNear(const MapCamera& cam, ScreenPoint s, double radius_px) const;
    // Drag step: moves the selected post to p, returns the update's ms (move + rescore).
    double dragSelectedTo(XY p);
    double lastDragMs() const { return last_drag_ms_; }

private:
    void drawScore(float s);
    void drawSettings(float s);
    void drawWindows(float s);
    void drawPosts(GuiContext& ctx, float s);
    void drawOptimise(float s);
    void drawFiles(float s);
    void drawSchedule(GuiContext& ctx);

    std::shared_ptr<PlacementModel> model_;
    std::shared_ptr<PlacementOverlay> overlay_ = std::make_shared<PlacementOverlay>();
    std::size_t window_ = 0;
    Mode mode_ = Mode::Select;
    bool lock_new_ = false;
    std::optional<std::size_t> selected_;
    std::optional<XY> preview_;
    bool dragging_ = false;
    CameraPose drag_pose_;
    double last_drag_ms_ = 0;
    std::uint64_t shown_generation_ = 0;
    std::optional<std::size_t> shown_selected_, shown_window_;
    std::optional<XY> shown_preview_;
    std::string path_;
    char path_buf_[512] = {};
    std::string message_;
    bool message_error_ = false;
};

}  // namespace jingwei
