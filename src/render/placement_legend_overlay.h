#pragma once
// A screen-space legend box for placement pictures rendered without the GUI
// (`jingwei render --plan`; the GUI's placement panel has its own): a title
// (plan, window, objective), one line of large score figures, and colour
// swatches with their labels. Top centre of the view (clear of the HUD's
// title and compass, see setClearOf), sized with the
// viewport (ui scale = height / 1080, as the HUD). Plane::Top.
#include <string>
#include <vector>

#include <osg/Camera>
#include <osg/Vec4>
#include <osg/ref_ptr>

#include "render/overlay_layer.h"

namespace osgText {
class Font;
}

namespace jingwei {

class PlacementLegendOverlay : public OverlayLayer {
public:
    struct Swatch {
        osg::Vec4 colour;
        std::string label;
        bool ring = false;  // drawn as a disc with a white rim (post symbols)
    };

    PlacementLegendOverlay();
    ~PlacementLegendOverlay() override;

    std::string name() const override { return "placement legend"; }
    int drawOrder() const override { return 100; }
    Plane plane() const override { return Plane::Top; }
    osg::Node* node() override { return camera_.get(); }
    void update(const MapCamera& cam, int w, int h) override;

    void set(std::string title, std::string figures, std::vector<Swatch> swatches);
    // The HUD row to keep clear of (pixels from the left / from the top):
    // the title box's right edge, the compass's left edge and the row's bottom.
    void setClearOf(float left_px, float right_px, float below_px);
    // The box in pixels (top-left origin) after the last update, for tests.
    float boxLeft() const { return x0_; }
    float boxTop() const { return float(h_) - y1_; }

private:
    void rebuild();

    osg::ref_ptr<osg::Camera> camera_;
    osg::ref_ptr<osgText::Font> font_;
    std::string title_, figures_;
    std::vector<Swatch> swatches_;
    int w_ = 0, h_ = 0;
    float x0_ = 0, y1_ = 0;
    float clear_left_px_ = 0, clear_right_px_ = 0, clear_below_px_ = 0;
};

}  // namespace jingwei
