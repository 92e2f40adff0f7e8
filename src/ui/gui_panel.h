#pragma once
// Panels of the workstation window. A panel is one ImGui window (or a few)
// in its own file; gui_app owns none of its logic. Panels are handed to the
// GUI through GuiOptions::panels (the app builds them), and the GUI calls,
// on the GL thread:
//
//   attach(ctx)            once, after the MapScene exists: add overlays here
//                          (ctx.scene().addOverlay(...)).
//   beforeFrame(ctx)       every frame, before the map scene is updated and
//                          drawn: change overlays here so the map shows the
//                          same state as the panel's draw() (no frame lag).
//   draw(ctx)              every frame, between ImGui::NewFrame and Render,
//                          after the map camera is updated. Call
//                          ctx.notePanel() inside each Begin/End so map
//                          labels keep clear of the window.
//   onMapClick(ctx, s, g)  a click on the map (not a drag, not over ImGui);
//                          panels are asked in order, the first to return
//                          true consumes it (the built-in feature-attribute
//                          picker comes last).
//   detach(ctx)            once, before the scene is destroyed.
//   uiStrings()            every string the panel may show (all languages):
//                          the UI font is built with only the CJK glyphs
//                          these contain (ImGui 1.86 has no dynamic atlas).
//
// Sketch:
//     class HeatmapPanel : public GuiPanel {
//     public:
//         const char* id() const override { return "heatmap"; }
//         void attach(GuiContext& ctx) override { ctx.scene().addOverlay(layer_); }
//         void draw(GuiContext& ctx) override {
//             ImGui::Begin(ctx.lang() == Lang::Zh ? "热力图###heatmap" : "Heat map###heatmap");
//             ctx.notePanel();
//             if (ImGui::Button("...")) ctx.flyTo(x, y, 3000);
//             ImGui::End();
//         }
//         std::vector<std::string> uiStrings() const override { return {"热力图", "Heat map"}; }
//     private:
//         std::shared_ptr<HeatmapOverlay> layer_;
//     };
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mapdata/map_model.h"
#include "render/map_camera.h"
#include "render/map_scene.h"
#include "ui/i18n.h"

namespace jingwei {

namespace detail {
struct GuiRuntime;  // gui_app.cpp
}

// What a panel may see and do. Valid only during the call it is passed to.
class GuiContext {
public:
    explicit GuiContext(detail::GuiRuntime& rt) : rt_(&rt) {}

    const MapModel& map() const;
    MapScene& scene() const;
    Lang lang() const;
    float uiScale() const;           // font and spacing factor (1 at 1080 rows)
    int width() const;               // framebuffer pixels
    int height() const;
    ScreenPoint cursor() const;      // framebuffer pixels, top-left origin
    bool mouseOnMap() const;         // the cursor is over the map, not an ImGui window

    // The camera.
    const CameraPose& pose() const;
    MapCamera camera() const { return MapCamera(pose(), width(), height()); }
    void setPose(const CameraPose& pose);                 // jump
    void flyTo(const CameraPose& target, double seconds = 1.2);  // animated
    // Centres (x, y) at range_m (0: keep the range), keeping heading/tilt/view.
    void flyTo(double x, double y, double range_m = 0, double seconds = 1.2);
    void flyToBounds(const Bounds& b, double seconds = 1.2);

    // Screen → ground (terrain-aware in 3D); nullopt above the horizon.
    std::optional<XY> pick(ScreenPoint s) const;
    // Ground → screen, at the drawn ground height; nullopt behind the eye.
    std::optional<ScreenPoint> toScreen(double x, double y) const;

    // Inside ImGui::Begin/End: the current window is kept clear by map labels.
    void notePanel() const;
    // From draw(), while the left button is down: the press belongs to the
    // panel (e.g. it drags a symbol), so the map neither pans with it nor
    // takes its release as a click. Call every frame of the drag; it lapses
    // when the button is released.
    void captureMouse() const;

private:
    detail::GuiRuntime* rt_;
};

class GuiPanel {
public:
    virtual ~GuiPanel() = default;
    virtual const char* id() const = 0;
    virtual void attach(GuiContext& /*ctx*/) {}
    virtual void beforeFrame(GuiContext& /*ctx*/) {}
    virtual void draw(GuiContext& ctx) = 0;
    virtual bool onMapClick(GuiContext& /*ctx*/, ScreenPoint /*screen*/, std::optional<XY> /*ground*/) { return false; }
    virtual void detach(GuiContext& /*ctx*/) {}
    virtual std::vector<std::string> uiStrings() const { return {}; }
};

using GuiPanelPtr = std::shared_ptr<GuiPanel>;

}  // namespace jingwei
