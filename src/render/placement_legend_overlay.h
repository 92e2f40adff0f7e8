#pragma once
// A screen-space legend box for placement pictures rendered without the GUI
// (`jingwei render --plan`; the GUI's placement panel has its own): a title
// (plan, window, objective), one line of large score figures, and colour
// swatches with their labels. Top centre of the view, sized with the
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
};

}  // namespace jingwei
