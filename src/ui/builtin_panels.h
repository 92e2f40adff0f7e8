#pragma once
// The window's own panels, written against the same GuiPanel interface
// other panels use (ui/gui_panel.h).
#include <optional>
#include <string>
#include <vector>

#include "render/feature_pick.h"
#include "ui/gui_panel.h"

namespace jingwei {

// Layers (图层): per layer a visibility toggle, a legend swatch, the name
// (greyed when its style hides it at the current scale), an opacity
// slider and up/down buttons for the drawing order; the terrain's vertical
// exaggeration; the road-class legend. Placed on the right, under the HUD's
// north arrow.
class LayerPanel : public GuiPanel {
public:
    const char* id() const override { return "layers"; }
    void draw(GuiContext& ctx) override;
    std::vector<std::string> uiStrings() const override;

private:
    int open_opacity_ = -1;  // layer whose opacity row is expanded
};

// Where a panel stacked under the layers panel puts its top-right corner
// (framebuffer pixels): the layers panel's right edge, 10 px × ui scale
// below it; under the HUD's north arrow before the layers panel exists.
// Call inside draw(), after the layers panel has drawn.
ScreenPoint belowLayersPanel(const GuiContext& ctx);

// Feature attributes (要素属性): a click on the map picks a feature
// (MapScene::pickFeature), highlights it and lists its attributes, with
// a fly-to button.
class FeaturePanel : public GuiPanel {
public:
    const char* id() const override { return "feature"; }
    void draw(GuiContext& ctx) override;
    bool onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> ground) override;
    std::vector<std::string> uiStrings() const override;

    const std::optional<FeatureRef>& selected() const { return selected_; }

private:
    std::optional<FeatureRef> selected_;
    bool had_click_ = false;
};

}  // namespace jingwei
