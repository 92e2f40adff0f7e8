#include "render/rings_overlay.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <osg/Geometry>
#include <osg/LineWidth>
#include <osg/PrimitiveSet>
#include <osgUtil/Tessellator>

#include "render/overlay_geometry.h"

namespace jingwei {

namespace {

struct Builder {
    const OverlayContext* ctx;
    osg::Vec3 at(XY p) const {
        const double z = (ctx->drape_step_m > 0 && ctx->groundZ) ? ctx->groundZ(p.x, p.y) : 0.0;
        return osg::Vec3(float(p.x - ctx->origin.x()), float(p.y - ctx->origin.y()), float(z));
    }
    // Adds a ring's points (closing duplicate dropped); returns the count.
    std::size_t addRing(osg::Vec3Array& v, const std::vector<XY>& ring) const {
        std::size_t n = ring.size();
        if (n >= 2 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) --n;
        if (n < 3) return 0;
        for (std::size_t i = 0; i < n; ++i) v.push_back(at(ring[i]));
        return n;
    }
};

// Filled, triangulated (odd winding: holes stay holes).
osg::ref_ptr<osg::Geometry> fill(const Builder& b, const MultiPolygon& mp, const osg::Vec4& colour) {
    osg::ref_ptr<osg::Geometry> g = newOverlayGeometry(colour);
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    g->setVertexArray(v.get());
    auto contour = [&](const std::vector<XY>& ring) {
        const std::size_t start = v->size(), n = b.addRing(*v, ring);
        if (n) g->addPrimitiveSet(new osg::DrawArrays(GL_POLYGON, GLint(start), GLsizei(n)));
    };
    for (const Polygon& p : mp) {
        contour(p.outer);
        for (const auto& h : p.holes) contour(h);
    }
    if (v->empty()) return nullptr;
    osg::ref_ptr<osgUtil::Tessellator> t = new osgUtil::Tessellator;
    t->setTessellationType(osgUtil::Tessellator::TESS_TYPE_GEOMETRY);
    t->setWindingType(osgUtil::Tessellator::TESS_WINDING_ODD);
    t->setBoundaryOnly(false);
    t->retessellatePolygons(*g);
    return g;
}

osg::ref_ptr<osg::Geometry> outline(const Builder& b, const MultiPolygon& mp, const osg::Vec4& colour) {
    osg::ref_ptr<osg::Geometry> g = newOverlayGeometry(colour);
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    g->setVertexArray(v.get());
    auto loop = [&](const std::vector<XY>& ring) {
        const std::size_t start = v->size(), n = b.addRing(*v, ring);
        if (n) g->addPrimitiveSet(new osg::DrawArrays(GL_LINE_LOOP, GLint(start), GLsizei(n)));
    };
    for (const Polygon& p : mp) {
        loop(p.outer);
        for (const auto& h : p.holes) loop(h);
    }
    if (v->empty()) return nullptr;
    return g;
}

std::size_t vertexCount(const osg::Geometry* g) {
    const auto* v = g ? dynamic_cast<const osg::Vec3Array*>(g->getVertexArray()) : nullptr;
    return v ? v->size() : 0;
}

}  // namespace

osg::Vec4 ringBandColour(std::size_t k) {
    switch (k) {
        case 0: return {0.10f, 0.85f, 0.30f, 0.42f};   // green
        case 1: return {1.00f, 0.76f, 0.08f, 0.38f};   // amber
        case 2: return {1.00f, 0.42f, 0.06f, 0.38f};   // orange-red
        default: return {0.85f, 0.20f, 0.65f, 0.35f};  // violet
    }
}

osg::Vec4 ringOutlineColour(std::size_t k) {
    osg::Vec4 c = ringBandColour(k);
    return {std::min(1.0f, c.r() * 1.05f + 0.05f), std::min(1.0f, c.g() * 1.05f + 0.05f),
            std::min(1.0f, c.b() * 1.05f + 0.05f), 1.0f};
}

osg::Vec4 ringGapColour() { return {0.60f, 0.02f, 0.08f, 0.45f}; }

// ---------------------------------------------------------------------------

RingsOverlay::RingsOverlay(std::shared_ptr<CoverageModel> model) : model_(std::move(model)) {
    root_ = new osg::Group;
    gaps_ = new osg::Geode;
    bands_ = new osg::Geode;
    root_->addChild(gaps_.get());
    root_->addChild(bands_.get());
    osg::StateSet* ss = root_->getOrCreateStateSet();
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    ss->setAttributeAndModes(new osg::LineWidth(2.0f));
}

void RingsOverlay::attach(const OverlayContext& ctx) {
    ctx_ = ctx;
    refresh();
}

void RingsOverlay::setShowGaps(bool v) {
    show_gaps_ = v;
    gaps_->setNodeMask(v ? ~0u : 0u);
}

void RingsOverlay::refresh() {
    bands_->removeDrawables(0, bands_->getNumDrawables());
    gaps_->removeDrawables(0, gaps_->getNumDrawables());
    tri_vertices_ = 0;
    if (!ctx_ || !model_) return;
    const Builder b{&*ctx_};
    // Gaps first (drawn under the bands' outlines).
    if (auto g = fill(b, model_->gaps(), ringGapColour())) {
        tri_vertices_ += vertexCount(g.get());
        gaps_->addDrawable(g.get());
    }
    osg::Vec4 gap_line = ringGapColour();
    gap_line.a() = 0.9f;
    if (auto g = outline(b, model_->gaps(), gap_line)) gaps_->addDrawable(g.get());
    const std::size_t nb = model_->rings().size();
    std::vector<MultiPolygon> ann(nb);
    for (std::size_t k = 0; k < nb; ++k) {
        ann[k] = model_->bandAnnulus(k);
        osg::Vec4 colour = ringBandColour(k);
        colour.a() *= fill_opacity_;
        if (auto g = fill(b, ann[k], colour)) {
            tri_vertices_ += vertexCount(g.get());
            bands_->addDrawable(g.get());
        }
    }
    // Outlines after all fills: the outer edge of each cumulative ring.
    for (std::size_t k = nb; k-- > 0;)
        if (auto g = outline(b, model_->rings()[k].polygons, ringOutlineColour(k))) bands_->addDrawable(g.get());
}

// ---------------------------------------------------------------------------

namespace {

osg::ref_ptr<osg::Geometry> disc(float r, const osg::Vec4& colour, int n = 40) {
    osg::ref_ptr<osg::Geometry> g = newOverlayGeometry(colour);
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    v->push_back(osg::Vec3(0, 0, 0));
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * M_PI * i / n;
        v->push_back(osg::Vec3(float(r * std::cos(a)), float(r * std::sin(a)), 0));
    }
    g->setVertexArray(v.get());
    g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLE_FAN, 0, GLsizei(v->size())));
    return g;
}

// A unit badge of radius 1: dark border, white ring, police-blue disc and a
// white centre star-like cross.
osg::ref_ptr<osg::Geode> badge(bool selected, bool on_network) {
    osg::ref_ptr<osg::Geode> g = new osg::Geode;
    const osg::Vec4 body = on_network ? osg::Vec4(0.05f, 0.32f, 0.85f, 1) : osg::Vec4(0.45f, 0.45f, 0.48f, 1);
    if (selected) {
        g->addDrawable(disc(1.75f, osg::Vec4(1.0f, 0.92f, 0.1f, 0.45f)));
        g->addDrawable(disc(1.40f, osg::Vec4(1.0f, 0.92f, 0.1f, 1.0f)));
    }
    g->addDrawable(disc(1.00f, osg::Vec4(0.02f, 0.03f, 0.08f, 1)));
    g->addDrawable(disc(0.86f, osg::Vec4(1, 1, 1, 1)));
    g->addDrawable(disc(0.68f, body));
    // A white cross in the middle (警 badge stand-in).
    const float a = 0.40f, w = 0.11f;
    g->addDrawable(newOverlayRects({{-a, -w, a, w}, {-w, -a, w, a}}, osg::Vec4(1, 1, 1, 1)));
    return g;
}

}  // namespace

UnitsOverlay::UnitsOverlay(std::shared_ptr<CoverageModel> model) : model_(std::move(model)) {
    root_ = new osg::Group;
    root_->getOrCreateStateSet()->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
}

void UnitsOverlay::attach(const OverlayContext& ctx) {
    ctx_ = ctx;
    refresh();
}

void UnitsOverlay::setSelected(std::optional<UnitKey> k) {
    selected_ = k;
    refresh();
}

XY UnitsOverlay::drawnPos(UnitKey k) const {
    const UnitState& u = model_->unit(k);
    return u.snap.on_network ? u.snap.point : u.input.pos;
}

void UnitsOverlay::refresh() {
    root_->removeChildren(0, root_->getNumChildren());
    if (!ctx_ || !model_) return;
    if (selected_ && (*selected_ >= model_->slotCount() || !model_->unit(*selected_).active)) selected_.reset();
    const Builder b{&*ctx_};
    osg::ref_ptr<osg::Geode> normal = badge(false, true), off = badge(false, false);
    // Selected last so it draws on top.
    std::vector<UnitKey> keys = model_->activeUnits();
    std::stable_partition(keys.begin(), keys.end(), [&](UnitKey k) { return !selected_ || k != *selected_; });
    for (UnitKey k : keys) {
        const bool on = model_->unit(k).snap.on_network;
        osg::ref_ptr<osg::MatrixTransform> t = new osg::MatrixTransform;
        const osg::Vec3 p = b.at(drawnPos(k));
        t->setMatrix(osg::Matrix::scale(scale_, scale_, 1) * osg::Matrix::translate(p));
        t->addChild(selected_ && k == *selected_ ? badge(true, on).get() : (on ? normal.get() : off.get()));
        root_->addChild(t.get());
    }
}

void UnitsOverlay::update(const MapCamera& cam, int /*w*/, int /*h*/) {
    const double s = cam.metresPerPixel() * radius_px_;
    if (!(s > 0) || std::abs(s - scale_) < 1e-9 * scale_) return;
    scale_ = s;
    for (unsigned i = 0; i < root_->getNumChildren(); ++i) {
        auto* t = dynamic_cast<osg::MatrixTransform*>(root_->getChild(i));
        if (!t) continue;
        const osg::Vec3d p = t->getMatrix().getTrans();
        t->setMatrix(osg::Matrix::scale(scale_, scale_, 1) * osg::Matrix::translate(p));
    }
}

}  // namespace jingwei
