#pragma once
// A screen-space legend for the density overlays (Plane::Top), for pictures
// rendered without the GUI (the GUI's density panel draws its own): a title
// with the unit (警情/平方公里, or incidents per hexagon), the ramp as it looks
// on the map's ground at the current opacity, and "nice" ticks from
// legendTicks(). Bottom centre of the view, sized with the viewport
// (ui scale = height / 1080, as the HUD). Call set() again after restyling.
#include <string>

#include <osg/Camera>
#include <osg/ref_ptr>

#include "render/density_style.h"
#include "render/map_style.h"
#include "render/overlay_layer.h"

namespace osgText {
class Font;
}

namespace jingwei {

class DensityLegendOverlay : public OverlayLayer {
public:
    DensityLegendOverlay();
    ~DensityLegendOverlay() override;

    std::string name() const override { return "density legend"; }
    int drawOrder() const override { return 100; }
    Plane plane() const override { return Plane::Top; }
    osg::Node* node() override { return camera_.get(); }
    void update(const MapCamera& cam, int w, int h) override;

    // hex: counts per hexagon instead of incidents/km²; `top` is the value at
    // the top of the ramp; `note` an extra line (e.g. the filter, 合成示例).
    void set(const DensityStyle& style, double top, bool hex, bool zh, std::string note = {},
             Color8 ground = MapStyle::commandDark().land);

private:
    void rebuild();

    osg::ref_ptr<osg::Camera> camera_;
    osg::ref_ptr<osgText::Font> font_;
    DensityStyle style_;
    double top_ = 1;
    bool hex_ = false, zh_ = true;
    std::string note_;
    Color8 ground_;
    int w_ = 0, h_ = 0;
};

}  // namespace jingwei
