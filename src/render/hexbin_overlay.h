#pragma once
// Hexagon bins (analysis/hex_bins.h) as a map overlay (Plane::Ground), the
// alternative to the heatmap: each occupied hexagon filled with the ramp
// colour of its count, with a darker outline, through a GLSL 120 shader
// (shaders/hexbin.frag). As with the heatmap, ramp, opacity and top of scale
// are uniforms (setStyle): restyling rebuilds nothing. The count travels as
// a vertex attribute, so new bins (setBins) rebuild the geometry only.
//
// Hexagons are draped on the terrain in 3D (their triangles subdivided to
// about the drape step). All calls on the GL/OSG thread.
#include <cstddef>
#include <optional>

#include <osg/Geode>
#include <osg/Geometry>
#include <osg/Group>
#include <osg/LineWidth>
#include <osg/Texture2D>
#include <osg/Uniform>

#include "analysis/hex_bins.h"
#include "render/density_style.h"
#include "render/overlay_layer.h"

namespace jingwei {

class HexBinOverlay : public OverlayLayer {
public:
    HexBinOverlay();

    std::string name() const override { return "hexbins"; }
    int drawOrder() const override { return 1; }
    bool visible() const override { return visible_ && drawn_ > 0; }
    osg::Node* node() override { return root_.get(); }
    void attach(const OverlayContext& ctx) override;
    void update(const MapCamera& cam, int w, int h) override;

    void setVisible(bool v) { visible_ = v; }
    bool shown() const { return visible_; }

    // Replaces the bins; hexagons with a value of 0 are not drawn.
    void setBins(HexBins bins);
    void clear();
    const HexBins& bins() const { return bins_; }
    double maxValue() const { return max_value_; }
    std::size_t drawnHexes() const { return drawn_; }

    // max_value is a count here (≤ 0: the largest bin).
    void setStyle(const DensityStyle& style);
    const DensityStyle& style() const { return style_; }
    double scaleMax() const;

private:
    void rebuild();
    void applyUniforms();

    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::Geode> geode_;
    osg::ref_ptr<osg::LineWidth> edge_width_;
    osg::ref_ptr<osg::Texture2D> ramp_tex_;
    osg::ref_ptr<osg::Uniform> u_max_, u_floor_, u_opacity_, u_ramp_row_;
    std::optional<OverlayContext> ctx_;
    HexBins bins_;
    DensityStyle style_;
    double max_value_ = 0;
    std::size_t drawn_ = 0;
    bool visible_ = true;
};

}  // namespace jingwei
