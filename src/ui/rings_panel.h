#pragma once
// 响应圈 (response rings) panel: places, drags and deletes units on the map
// and shows the fleet's 1-3-5-minute rings, gaps (盲区) and coverage
// statistics, live from a CoverageModel (network/coverage_model.h).
//
// Interaction: in add mode a click on the map places a unit (onMapClick).
// In select mode a click selects the nearest unit badge; pressing the left
// button on a badge and moving drags it: every frame while the button is
// down the unit is moved to the ground under the cursor (moveUnit, update,
// refresh). The map camera is held still during a drag (the GUI pans on a
// left drag; the panel puts the pose back each frame).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "network/coverage_model.h"
#include "render/rings_overlay.h"
#include "ui/gui_panel.h"

namespace jingwei {

class RingsPanel : public GuiPanel {
public:
    enum class Mode { Select, Add };

    // `source` names where the units came from (shown in the window).
    RingsPanel(std::shared_ptr<CoverageModel> model, std::string source);

    const char* id() const override { return "rings"; }
    void attach(GuiContext& ctx) override;
    void draw(GuiContext& ctx) override;
    bool onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> ground) override;
    void detach(GuiContext& ctx) override;
    std::vector<std::string> uiStrings() const override;

    // ---- logic (GL thread; testable without ImGui) ----
    UnitKey addUnitAt(XY p);
    void moveSelectedTo(XY p);      // moveUnit + update + refresh
    void deleteSelected();
    void select(std::optional<UnitKey> k);
    std::optional<UnitKey> selected() const { return selected_; }
    // The unit whose badge is within radius_px of screen point s.
    std::optional<UnitKey> unitNear(const MapCamera& cam, ScreenPoint s, double radius_px) const;
    void setMode(Mode m) { mode_ = m; }
    Mode mode() const { return mode_; }
    const std::shared_ptr<RingsOverlay>& rings() const { return rings_; }
    const std::shared_ptr<UnitsOverlay>& units() const { return units_; }

private:
    void recompute();

    std::shared_ptr<CoverageModel> model_;
    std::string source_;
    std::shared_ptr<RingsOverlay> rings_;
    std::shared_ptr<UnitsOverlay> units_;
    Mode mode_ = Mode::Select;
    std::optional<UnitKey> selected_;
    bool dragging_ = false;
    CameraPose drag_pose_;
    double last_update_ms_ = 0;
    int next_id_ = 1;
};

}  // namespace jingwei
