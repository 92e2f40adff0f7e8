#pragma once
// The scenario player on the map (issue 6): what sim::SimViewBuilder decided
// to show at time t, drawn for a video wall.
//
//  * SimOverlay (Plane::Top, always visible): one badge per unit — a disc in
//    its status colour inside a white ring and a dark rim — with its id
//    beside it; a line (dark casing, status colour) from each unit en route
//    to its incident; a triangle per incident in its priority colour: a halo
//    around calls no unit has been sent to yet (pulsing in the GUI), a white
//    centre dot once a unit is on scene, hollow and fading out over ten
//    minutes once closed (grey when given up unserved). Sizes are screen
//    pixels × (viewport height / 1080), so a 4K wall gets twice the pixels.
//  * SimLegendOverlay (screen space, for headless renders; the GUI panel has
//    its own): the scenario, the clock, the status colours with the count of
//    units in each, the incident symbols, the ring bands and a few figures.
//
// Colours are 8-bit (Color8) so tests can compare rendered pixels exactly:
// the centre of a unit badge is unitStatusColour(status). All calls on the
// GL/OSG thread.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <osg/Camera>
#include <osg/Group>

#include "render/map_style.h"
#include "render/overlay_layer.h"
#include "sim/sim_view.h"

namespace osgText {
class Font;
class Text;
}  // namespace osgText

namespace jingwei {

// Status palette (空闲 green, 出警 red, 处置 violet, 返回 yellow, 不在岗 grey):
// bright, saturated and far apart in hue on the dark map theme.
Color8 unitStatusColour(sim::UnitStatus s);
// Priority palette: 1 crimson, 2 orange, 3 and lower cyan.
Color8 incidentPriorityColour(int priority);
Color8 unservedIncidentColour();  // closed without a unit: grey

struct SimOverlayStyle {
    double unit_radius_px = 13;    // badge radius at 1080 rows
    double incident_radius_px = 16;  // triangle circumradius at 1080 rows
    double label_px = 20;
    double line_px = 3;
    bool labels = true;
    bool lines = true;
    bool incidents = true;
    bool fading = true;
};

class SimOverlay : public OverlayLayer {
public:
    SimOverlay();
    ~SimOverlay() override;

    std::string name() const override { return "sim"; }
    int drawOrder() const override { return 20; }
    Plane plane() const override { return Plane::Top; }
    bool visible() const override { return visible_; }
    osg::Node* node() override { return root_.get(); }
    void attach(const OverlayContext& ctx) override;
    void update(const MapCamera& cam, int w, int h) override;
    // Badges with their ids, and call markers: map labels keep off them.
    void labelKeepOut(std::vector<ScreenRect>& out) const override;

    void setVisible(bool v) { visible_ = v; }
    void setView(sim::SimView view);
    const sim::SimView& view() const { return view_; }
    // Text beside each unit badge, by unit index (e.g. the unit ids).
    void setLabels(std::vector<std::string> labels);
    void setStyle(const SimOverlayStyle& style);
    const SimOverlayStyle& style() const { return style_; }
    // 0..1: the halo of calls waiting for a unit (the GUI animates it; 0 in
    // headless renders).
    void setPulse(double phase);
    // Badge radius on screen now (pixels), for picking.
    double unitRadiusPx() const { return style_.unit_radius_px * ui_scale_; }
    double incidentRadiusPx() const { return style_.incident_radius_px * ui_scale_; }
    // Triangles drawn by the last rebuild (for tests and the bench).
    std::size_t vertexCount() const { return vertices_; }

private:
    void rebuild();
    std::vector<char> placeLabels() const;

    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::Geode> shapes_;
    osg::ref_ptr<osg::Group> labels_;  // one Geode per unit's text (hidden by node mask when it would cover a badge)
    std::vector<char> label_shown_;
    osg::ref_ptr<osgText::Font> font_;
    std::vector<osg::ref_ptr<osgText::Text>> texts_;
    std::optional<OverlayContext> ctx_;
    sim::SimView view_;
    std::vector<std::string> label_text_;
    SimOverlayStyle style_;
    bool visible_ = true;
    double mpp_ = 1, ui_scale_ = 1, heading_ = 0, pulse_ = 0;
    std::optional<MapCamera> cam_;
    std::size_t vertices_ = 0;
};

struct SimLegendContent {
    bool zh = true;
    std::string title;                    // the scenario
    std::string clock;                    // "第1天 2025-06-06 18:30:00"
    std::array<std::size_t, 5> units_by_status{};
    std::vector<double> ring_minutes;     // empty: no ring rows
    float ring_opacity = 1;               // RingsOverlay::fillOpacity() of the rings drawn
    std::vector<std::string> lines;       // figures under the symbols
    std::string note;                     // e.g. 合成示例 警情 (amber)
};

class SimLegendOverlay : public OverlayLayer {
public:
    SimLegendOverlay();
    ~SimLegendOverlay() override;

    std::string name() const override { return "sim legend"; }
    int drawOrder() const override { return 100; }
    Plane plane() const override { return Plane::Top; }
    osg::Node* node() override { return camera_.get(); }
    void update(const MapCamera& cam, int w, int h) override;
    void labelKeepOut(std::vector<ScreenRect>& out) const override;

    void set(SimLegendContent content);
    // The legend box in pixels (top-left origin) in a w × h view.
    ScreenRect boxFor(int w, int h) const;

private:
    void rebuild();

    osg::ref_ptr<osg::Camera> camera_;
    osg::ref_ptr<osgText::Font> font_;
    SimLegendContent c_;
    int w_ = 0, h_ = 0;
};

}  // namespace jingwei
