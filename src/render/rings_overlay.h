#pragma once
// Response rings (1-3-5 分钟快速反应圈) of a CoverageModel as map overlays:
//
//  * RingsOverlay (Plane::Ground): each band's annulus (bandAnnulus(k), so
//    the bands never overlap) as a semi-transparent fill in its band colour
//    with a crisp outline, and the gaps (盲区) as a dark-red translucent
//    layer with a dashed-looking darker outline. Polygons with holes are
//    triangulated by osgUtil::Tessellator (odd winding).
//  * UnitsOverlay (Plane::Top): a police-unit badge (filled disc, white
//    ring, dark border) at each active unit's snapped point (its query
//    position when off-network, drawn grey), the selected unit highlighted.
//    Badges keep a constant size in pixels (rescaled in update()).
//
// Both read the model only in refresh(): call it (on the GL/OSG thread)
// after CoverageModel::update(). The model must outlive the overlays.
#include <memory>
#include <optional>

#include <osg/Geode>
#include <osg/Group>
#include <osg/MatrixTransform>
#include <osg/Vec4>

#include "network/coverage_model.h"
#include "render/overlay_layer.h"

namespace jingwei {

// Band colours (RGB, alpha = the fill opacity), legible on a video wall:
// 1 min green, 3 min amber, 5 min orange-red; later bands red-violet.
osg::Vec4 ringBandColour(std::size_t k);
osg::Vec4 ringOutlineColour(std::size_t k);  // opaque
osg::Vec4 ringGapColour();                   // dark red, translucent

class RingsOverlay : public OverlayLayer {
public:
    explicit RingsOverlay(std::shared_ptr<CoverageModel> model);

    std::string name() const override { return "rings"; }
    int drawOrder() const override { return 10; }
    bool visible() const override { return visible_; }
    osg::Node* node() override { return root_.get(); }
    void attach(const OverlayContext& ctx) override;

    void setVisible(bool v) { visible_ = v; }
    void setShowGaps(bool v);
    bool showGaps() const { return show_gaps_; }
    // Fill opacity × this (1: ringBandColour's alpha); applied at the next refresh().
    void setFillOpacity(float f) { fill_opacity_ = f; }
    float fillOpacity() const { return fill_opacity_; }
    // Rebuilds the geometry from the model's current results.
    void refresh();
    std::size_t triangleVertices() const { return tri_vertices_; }

private:
    std::shared_ptr<CoverageModel> model_;
    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::Geode> bands_, gaps_;
    std::optional<OverlayContext> ctx_;
    bool visible_ = true, show_gaps_ = true;
    float fill_opacity_ = 1;
    std::size_t tri_vertices_ = 0;
};

class UnitsOverlay : public OverlayLayer {
public:
    explicit UnitsOverlay(std::shared_ptr<CoverageModel> model);

    std::string name() const override { return "units"; }
    int drawOrder() const override { return 10; }
    Plane plane() const override { return Plane::Top; }
    bool visible() const override { return visible_; }
    osg::Node* node() override { return root_.get(); }
    void attach(const OverlayContext& ctx) override;
    void update(const MapCamera& cam, int w, int h) override;

    void setVisible(bool v) { visible_ = v; }
    void setSelected(std::optional<UnitKey> k);
    std::optional<UnitKey> selected() const { return selected_; }
    void setRadiusPx(double r) { radius_px_ = r; }
    double radiusPx() const { return radius_px_; }
    // Where unit k is drawn (snapped point, or its query when off-network).
    XY drawnPos(UnitKey k) const;
    void refresh();

private:
    std::shared_ptr<CoverageModel> model_;
    osg::ref_ptr<osg::Group> root_;
    std::optional<OverlayContext> ctx_;
    std::optional<UnitKey> selected_;
    bool visible_ = true;
    double radius_px_ = 11, scale_ = 1;
};

}  // namespace jingwei
