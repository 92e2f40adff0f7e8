#include "render/heatmap_overlay.h"

#include <algorithm>
#include <cmath>

#include <osg/PrimitiveSet>
#include <osg/Program>
#include <osg/Shader>

#include "render/density_glsl.h"  // generated from shaders/ (src/render/CMakeLists.txt)

namespace jingwei {

namespace {

#ifndef GL_LUMINANCE32F_ARB
#define GL_LUMINANCE32F_ARB 0x8818
#endif

// No-data (non-finite) cells: below any cut-off.
constexpr float kNoData = -1.0f;

}  // namespace

HeatmapOverlay::HeatmapOverlay() {
    root_ = new osg::Group;
    geode_ = new osg::Geode;
    root_->addChild(geode_.get());

    density_img_ = new osg::Image;
    density_tex_ = new osg::Texture2D;
    density_tex_->setFilter(osg::Texture::MIN_FILTER, osg::Texture::LINEAR);
    density_tex_->setFilter(osg::Texture::MAG_FILTER, osg::Texture::LINEAR);
    density_tex_->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    density_tex_->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    density_tex_->setResizeNonPowerOfTwoHint(false);  // one texel per cell, never resampled
    density_tex_->setUnRefImageDataAfterApply(false);
    density_tex_->setInternalFormat(GL_LUMINANCE32F_ARB);
    density_tex_->setSourceFormat(GL_LUMINANCE);
    density_tex_->setSourceType(GL_FLOAT);
    ramp_tex_ = makeRampAtlas();

    osg::StateSet* ss = root_->getOrCreateStateSet();
    osg::ref_ptr<osg::Program> prog = new osg::Program;
    prog->setName("jingwei heatmap");
    prog->addShader(new osg::Shader(osg::Shader::VERTEX, glsl::density_vert));
    prog->addShader(new osg::Shader(osg::Shader::FRAGMENT, glsl::heatmap_frag));
    ss->setAttributeAndModes(prog.get());
    ss->setTextureAttribute(0, density_tex_.get());
    ss->setTextureAttribute(1, ramp_tex_.get());
    ss->addUniform(new osg::Uniform("u_density", 0));
    ss->addUniform(new osg::Uniform("u_ramps", 1));
    ss->addUniform(new osg::Uniform("u_ramp_texels", float(kRampTexels)));
    u_max_ = new osg::Uniform("u_max", 1.0f);
    u_cutoff_ = new osg::Uniform("u_cutoff", 0.0f);
    u_opacity_ = new osg::Uniform("u_opacity", 1.0f);
    u_ramp_row_ = new osg::Uniform("u_ramp_row", 0.0f);
    for (osg::Uniform* u : {u_max_.get(), u_cutoff_.get(), u_opacity_.get(), u_ramp_row_.get()}) ss->addUniform(u);
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    applyUniforms();
}

void HeatmapOverlay::attach(const OverlayContext& ctx) {
    ctx_ = ctx;
    rebuildMesh();
}

void HeatmapOverlay::setGrid(DensityGrid grid) {
    const bool same_extent = has_grid_ && grid.spec.nx == grid_.spec.nx && grid.spec.ny == grid_.spec.ny &&
                             grid.spec.origin_x == grid_.spec.origin_x && grid.spec.origin_y == grid_.spec.origin_y &&
                             grid.spec.cell_m == grid_.spec.cell_m;
    grid_ = std::move(grid);
    has_grid_ = grid_.spec.valid() && grid_.values.size() == grid_.spec.cells();
    if (!has_grid_) {
        clear();
        return;
    }
    const int nx = grid_.spec.nx, ny = grid_.spec.ny;
    if (density_img_->s() != nx || density_img_->t() != ny || !density_img_->data())
        density_img_->allocateImage(nx, ny, 1, GL_LUMINANCE, GL_FLOAT);
    density_img_->setInternalTextureFormat(GL_LUMINANCE32F_ARB);
    auto* dst = reinterpret_cast<float*>(density_img_->data());
    peak_ = 0;
    for (std::size_t k = 0; k < grid_.values.size(); ++k) {
        const double v = grid_.values[k];
        if (std::isfinite(v)) {
            dst[k] = static_cast<float>(v);
            peak_ = std::max(peak_, v);
        } else {
            dst[k] = kNoData;
        }
    }
    density_img_->dirty();
    if (density_tex_->getImage() != density_img_.get()) density_tex_->setImage(density_img_.get());
    ++uploads_;
    if (!same_extent) rebuildMesh();
    applyUniforms();
}

void HeatmapOverlay::clear() {
    has_grid_ = false;
    peak_ = 0;
    grid_ = DensityGrid{};
    geode_->removeDrawables(0, geode_->getNumDrawables());
    mesh_ = nullptr;
}

void HeatmapOverlay::setStyle(const DensityStyle& style) {
    style_ = style;
    applyUniforms();
}

double HeatmapOverlay::scaleMax() const {
    if (style_.max_value > 0) return style_.max_value;
    return peak_ > 0 ? peak_ : 1.0;
}

std::size_t HeatmapOverlay::meshVertices() const {
    if (!mesh_) return 0;
    const auto* v = dynamic_cast<const osg::Vec3Array*>(mesh_->getVertexArray());
    return v ? v->size() : 0;
}

void HeatmapOverlay::applyUniforms() {
    u_max_->set(static_cast<float>(scaleMax()));
    u_cutoff_->set(static_cast<float>(std::max(0.0, style_.cutoff)));
    u_opacity_->set(static_cast<float>(std::clamp(style_.opacity, 0.0, 1.0)));
    u_ramp_row_->set(rampAtlasRow(style_.ramp));
}

void HeatmapOverlay::rebuildMesh() {
    geode_->removeDrawables(0, geode_->getNumDrawables());
    mesh_ = nullptr;
    if (!has_grid_ || !ctx_) return;
    const Bounds b = grid_.spec.bounds();
    const osg::Vec3d& o = ctx_->origin;
    const double step = ctx_->drape_step_m;
    int nvx = 1, nvy = 1;
    if (step > 0 && ctx_->groundZ) {
        nvx = std::clamp(static_cast<int>(std::ceil(b.width() / step)), 1, kMaxMeshSide);
        nvy = std::clamp(static_cast<int>(std::ceil(b.height() / step)), 1, kMaxMeshSide);
    }
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec2Array> tc = new osg::Vec2Array;
    v->reserve(std::size_t(nvx + 1) * std::size_t(nvy + 1));
    tc->reserve(v->capacity());
    for (int j = 0; j <= nvy; ++j)
        for (int i = 0; i <= nvx; ++i) {
            const double s = double(i) / nvx, t = double(j) / nvy;
            const double x = b.min_x + s * b.width(), y = b.min_y + t * b.height();
            const double z = (nvx > 1 || nvy > 1) ? ctx_->groundZ(x, y) : 0.0;
            v->push_back(osg::Vec3(float(x - o.x()), float(y - o.y()), float(z)));
            tc->push_back(osg::Vec2(float(s), float(t)));
        }
    osg::ref_ptr<osg::DrawElementsUInt> tris = new osg::DrawElementsUInt(GL_TRIANGLES);
    tris->reserve(std::size_t(nvx) * std::size_t(nvy) * 6);
    for (int j = 0; j < nvy; ++j)
        for (int i = 0; i < nvx; ++i) {
            const unsigned a = unsigned(j * (nvx + 1) + i), bb = a + 1, c = a + unsigned(nvx + 1), d = c + 1;
            for (unsigned k : {a, bb, d, a, d, c}) tris->push_back(k);
        }
    mesh_ = new osg::Geometry;
    mesh_->setUseDisplayList(false);
    mesh_->setUseVertexBufferObjects(true);
    mesh_->setVertexArray(v.get());
    mesh_->setTexCoordArray(0, tc.get(), osg::Array::BIND_PER_VERTEX);
    mesh_->addPrimitiveSet(tris.get());
    geode_->addDrawable(mesh_.get());
}

}  // namespace jingwei
