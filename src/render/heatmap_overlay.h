#pragma once
// The incident density heatmap as a map overlay (Plane::Ground): a
// DensityGrid (incidents/km², analysis/density_grid.h) drawn semi-
// transparent through a colour ramp by a GLSL 120 shader
// (shaders/heatmap.frag). The grid goes into a float texture (one texel per
// cell, filtered bilinearly between cell centres) once per setGrid(); ramp,
// opacity, top-of-scale and cut-off are uniforms (setStyle), so restyling
// never recomputes the density or re-uploads it.
//
// Geometry: one quad over the grid's bounds on a flat map; with terrain
// (OverlayContext::drape_step_m > 0) a mesh over the grid densified to the
// drape step (at most kMaxMeshSide quads a side), its heights from
// OverlayContext::groundZ, so the heatmap lies on the hills in 3D.
//
// All calls on the GL/OSG thread (e.g. from a panel's draw()): compute the
// grid elsewhere and hand it over here. The OverlayContext (groundZ) is only
// valid while the scene lives: after the scene is gone, add the overlay to a
// new scene before changing its grid.
//
// GL: the density texture is GL_LUMINANCE32F_ARB (ARB_texture_float, which
// Mesa's llvmpipe and every GL 3 driver have), filtered GL_LINEAR.
#include <cstddef>
#include <optional>

#include <osg/Geode>
#include <osg/Geometry>
#include <osg/Group>
#include <osg/Image>
#include <osg/Texture2D>
#include <osg/Uniform>

#include "analysis/density_grid.h"
#include "render/density_style.h"
#include "render/overlay_layer.h"

namespace jingwei {

class HeatmapOverlay : public OverlayLayer {
public:
    static constexpr int kMaxMeshSide = 400;

    HeatmapOverlay();

    std::string name() const override { return "heatmap"; }
    int drawOrder() const override { return 0; }
    bool visible() const override { return visible_ && has_grid_; }
    osg::Node* node() override { return root_.get(); }
    void attach(const OverlayContext& ctx) override;

    void setVisible(bool v) { visible_ = v; }
    bool shown() const { return visible_; }

    // Replaces the density: copies the values into the texture's image
    // (same image and texture objects; the GPU copy is refreshed on the
    // next frame) and rebuilds the mesh only when the grid's extent changed.
    void setGrid(DensityGrid grid);
    void clear();  // no grid: draws nothing
    bool hasGrid() const { return has_grid_; }
    const DensityGrid& grid() const { return grid_; }
    double peak() const { return peak_; }

    void setStyle(const DensityStyle& style);
    const DensityStyle& style() const { return style_; }
    // The value at the top of the ramp: style().max_value, or the peak when
    // that is ≤ 0 (1 for an all-zero grid).
    double scaleMax() const;

    // For tests and diagnostics.
    osg::Texture2D* densityTexture() const { return density_tex_.get(); }
    const osg::Image* densityImage() const { return density_img_.get(); }
    unsigned gridUploads() const { return uploads_; }
    std::size_t meshVertices() const;

private:
    void rebuildMesh();
    void applyUniforms();

    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::Geode> geode_;
    osg::ref_ptr<osg::Geometry> mesh_;
    osg::ref_ptr<osg::Image> density_img_;
    osg::ref_ptr<osg::Texture2D> density_tex_, ramp_tex_;
    osg::ref_ptr<osg::Uniform> u_max_, u_cutoff_, u_opacity_, u_ramp_row_;
    std::optional<OverlayContext> ctx_;
    DensityGrid grid_;
    DensityStyle style_;
    double peak_ = 0;
    bool has_grid_ = false, visible_ = true;
    unsigned uploads_ = 0;
};

}  // namespace jingwei
