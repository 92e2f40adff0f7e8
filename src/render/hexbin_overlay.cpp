#include "render/hexbin_overlay.h"

#include <algorithm>
#include <cmath>

#include <osg/PrimitiveSet>
#include <osg/Program>
#include <osg/Shader>

#include "render/density_glsl.h"  // generated from shaders/ (src/render/CMakeLists.txt)

namespace jingwei {

HexBinOverlay::HexBinOverlay() {
    root_ = new osg::Group;
    geode_ = new osg::Geode;
    root_->addChild(geode_.get());
    ramp_tex_ = makeRampAtlas();

    osg::StateSet* ss = root_->getOrCreateStateSet();
    osg::ref_ptr<osg::Program> prog = new osg::Program;
    prog->setName("jingwei hex bins");
    prog->addShader(new osg::Shader(osg::Shader::VERTEX, glsl::density_vert));
    prog->addShader(new osg::Shader(osg::Shader::FRAGMENT, glsl::hexbin_frag));
    ss->setAttributeAndModes(prog.get());
    ss->setTextureAttribute(0, ramp_tex_.get());
    ss->addUniform(new osg::Uniform("u_ramps", 0));
    ss->addUniform(new osg::Uniform("u_ramp_texels", float(kRampTexels)));
    u_max_ = new osg::Uniform("u_max", 1.0f);
    u_floor_ = new osg::Uniform("u_floor", 0.0f);
    u_opacity_ = new osg::Uniform("u_opacity", 1.0f);
    u_ramp_row_ = new osg::Uniform("u_ramp_row", 0.0f);
    for (osg::Uniform* u : {u_max_.get(), u_floor_.get(), u_opacity_.get(), u_ramp_row_.get()}) ss->addUniform(u);
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);

    edge_width_ = new osg::LineWidth(1.5f);
    ss->setAttributeAndModes(edge_width_.get());
    applyUniforms();
}

void HexBinOverlay::attach(const OverlayContext& ctx) {
    ctx_ = ctx;
    rebuild();
}

void HexBinOverlay::update(const MapCamera& /*cam*/, int /*w*/, int h) {
    edge_width_->setWidth(std::max(1.0f, 1.5f * float(h) / 1080.0f));
}

void HexBinOverlay::setBins(HexBins bins) {
    bins_ = std::move(bins);
    max_value_ = 0;
    for (const auto& b : bins_.bins) max_value_ = std::max(max_value_, b.value);
    rebuild();
    applyUniforms();
}

void HexBinOverlay::clear() {
    bins_.bins.clear();
    max_value_ = 0;
    rebuild();
}

void HexBinOverlay::setStyle(const DensityStyle& style) {
    style_ = style;
    applyUniforms();
}

double HexBinOverlay::scaleMax() const {
    if (style_.max_value > 0) return style_.max_value;
    return max_value_ > 0 ? max_value_ : 1.0;
}

void HexBinOverlay::applyUniforms() {
    u_max_->set(static_cast<float>(scaleMax()));
    u_floor_->set(static_cast<float>(std::clamp(style_.hex_floor, 0.0, 1.0)));
    u_opacity_->set(static_cast<float>(std::clamp(style_.opacity, 0.0, 1.0)));
    u_ramp_row_->set(rampAtlasRow(style_.ramp));
}

void HexBinOverlay::rebuild() {
    geode_->removeDrawables(0, geode_->getNumDrawables());
    drawn_ = 0;
    if (!ctx_) return;
    const osg::Vec3d& o = ctx_->origin;
    const double step = ctx_->drape_step_m;
    const bool drape = step > 0 && ctx_->groundZ;
    // Subdivisions of each of a hexagon's six triangles (and of its sides).
    const int n = drape ? std::clamp(static_cast<int>(std::ceil(bins_.grid.size() / step)), 1, 12) : 1;
    auto vertex = [&](double x, double y) {
        return osg::Vec3(float(x - o.x()), float(y - o.y()), float(drape ? ctx_->groundZ(x, y) : 0.0));
    };
    osg::ref_ptr<osg::Vec3Array> fv = new osg::Vec3Array, ev = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec2Array> ft = new osg::Vec2Array, et = new osg::Vec2Array;
    for (const HexBin& b : bins_.bins) {
        if (!(b.value > 0)) continue;
        ++drawn_;
        const auto c = bins_.grid.corners(b.hex);
        const osg::Vec2 val(float(b.value), 0.0f), edge(float(b.value), 1.0f);
        for (int k = 0; k < 6; ++k) {
            const XY p = c[std::size_t(k)], q = c[std::size_t((k + 1) % 6)];
            // Triangle (centre, p, q) split into n² triangles: point (a, b) = centre + a/n·(p − centre) + b/n·(q − p).
            auto at = [&](int a, int bb) {
                const double fa = double(a) / n, fb = double(bb) / n;
                return vertex(b.centre.x + fa * (p.x - b.centre.x) + fb * (q.x - p.x),
                              b.centre.y + fa * (p.y - b.centre.y) + fb * (q.y - p.y));
            };
            for (int a = 0; a < n; ++a)
                for (int bb = 0; bb <= a; ++bb) {
                    for (const osg::Vec3& w : {at(a, bb), at(a + 1, bb), at(a + 1, bb + 1)}) {
                        fv->push_back(w);
                        ft->push_back(val);
                    }
                    if (bb < a)
                        for (const osg::Vec3& w : {at(a, bb), at(a + 1, bb + 1), at(a, bb + 1)}) {
                            fv->push_back(w);
                            ft->push_back(val);
                        }
                }
            for (int s = 0; s < n; ++s) {
                const double f0 = double(s) / n, f1 = double(s + 1) / n;
                ev->push_back(vertex(p.x + f0 * (q.x - p.x), p.y + f0 * (q.y - p.y)));
                ev->push_back(vertex(p.x + f1 * (q.x - p.x), p.y + f1 * (q.y - p.y)));
                et->push_back(edge);
                et->push_back(edge);
            }
        }
    }
    if (drawn_ == 0) return;
    // Fills, then outlines: one geometry, so the outlines are drawn last.
    const GLsizei nf = GLsizei(fv->size()), ne = GLsizei(ev->size());
    fv->insert(fv->end(), ev->begin(), ev->end());
    ft->insert(ft->end(), et->begin(), et->end());
    osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
    g->setUseDisplayList(false);
    g->setUseVertexBufferObjects(true);
    g->setVertexArray(fv.get());
    g->setTexCoordArray(0, ft.get(), osg::Array::BIND_PER_VERTEX);
    g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, nf));
    g->addPrimitiveSet(new osg::DrawArrays(GL_LINES, nf, ne));
    geode_->addDrawable(g.get());
}

}  // namespace jingwei
