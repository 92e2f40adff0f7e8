#include "render/placement_overlay.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <osg/Geometry>
#include <osg/MatrixTransform>
#include <osgText/Font>
#include <osgText/Text>

#include "render/overlay_geometry.h"
#include "render/screen_overlay.h"

namespace jingwei {

namespace {

constexpr double kPi = 3.14159265358979323846;
const osg::Vec4 kRim(0.02f, 0.03f, 0.06f, 0.9f);
const osg::Vec4 kWhite(1, 1, 1, 1);
const osg::Vec4 kHalo(1.0f, 0.76f, 0.1f, 1.0f);  // amber, as the selected hotspot

// A filled disc (or an annulus from r0 to r1) of the unit symbol.
osg::ref_ptr<osg::Geometry> ring(float r0, float r1, const osg::Vec4& colour, int n = 48) {
    osg::ref_ptr<osg::Geometry> g = newOverlayGeometry(colour);
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * kPi * i / n;
        const float c = float(std::cos(a)), s = float(std::sin(a));
        v->push_back(osg::Vec3(r1 * c, r1 * s, 0));
        v->push_back(osg::Vec3(r0 * c, r0 * s, 0));
    }
    g->setVertexArray(v.get());
    g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLE_STRIP, 0, GLsizei(v->size())));
    return g;
}

// The post symbols, radius 1.
osg::ref_ptr<osg::Geode> postSymbol(PlacementMarks::PostKind kind, bool selected) {
    osg::ref_ptr<osg::Geode> g = new osg::Geode;
    const osg::Vec4 body = placementPostColour(kind);
    if (selected) {
        g->addDrawable(ring(0, 1.65f, osg::Vec4(kHalo.r(), kHalo.g(), kHalo.b(), 0.40f)));
        g->addDrawable(ring(1.18f, 1.42f, kHalo));
    }
    switch (kind) {
        case PlacementMarks::PostKind::OffDuty:
            g->addDrawable(ring(0.55f, 1.0f, kRim));
            g->addDrawable(ring(0.66f, 0.90f, body));
            break;
        case PlacementMarks::PostKind::Free:
            g->addDrawable(ring(0, 1.0f, kRim));
            g->addDrawable(ring(0, 0.88f, kWhite));
            g->addDrawable(ring(0, 0.70f, body));
            // A white cross (警 badge stand-in, as the unit badges).
            g->addDrawable(newOverlayRects({{-0.42f, -0.10f, 0.42f, 0.10f}, {-0.10f, -0.42f, 0.10f, 0.42f}}, kWhite));
            break;
        case PlacementMarks::PostKind::Locked:
            g->addDrawable(ring(0, 1.0f, kRim));
            g->addDrawable(ring(0, 0.88f, kWhite));
            g->addDrawable(ring(0, 0.70f, body));
            // A padlock: shackle (an arch of two bars and a top) over a dark body.
            g->addDrawable(newOverlayRects({{-0.34f, -0.40f, 0.34f, 0.08f}}, kRim));
            g->addDrawable(newOverlayRects({{-0.24f, 0.08f, -0.14f, 0.40f}, {0.14f, 0.08f, 0.24f, 0.40f}, {-0.24f, 0.32f, 0.24f, 0.42f}},
                                 kRim));
            g->addDrawable(newOverlayRects({{-0.05f, -0.28f, 0.05f, -0.08f}}, body));
            break;
    }
    return g;
}

osg::ref_ptr<osg::Geode> previewSymbol() {
    osg::ref_ptr<osg::Geode> g = new osg::Geode;
    g->addDrawable(ring(0.80f, 1.0f, osg::Vec4(1, 1, 1, 0.85f)));
    g->addDrawable(ring(0, 0.80f, osg::Vec4(1, 1, 1, 0.18f)));
    g->addDrawable(newOverlayRects({{-0.6f, -0.06f, 0.6f, 0.06f}, {-0.06f, -0.6f, 0.06f, 0.6f}}, osg::Vec4(1, 1, 1, 0.9f)));
    return g;
}

}  // namespace

osg::Vec4 placementCoverColour(PlacementMarks::Cover c) {
    switch (c) {
        case PlacementMarks::Cover::Covered: return {0.16f, 0.86f, 0.36f, 1};  // green
        case PlacementMarks::Cover::Backup: return {0.15f, 0.72f, 1.00f, 1};   // cyan-blue
        case PlacementMarks::Cover::Uncovered: break;
    }
    return {1.00f, 0.16f, 0.16f, 1};  // red
}

osg::Vec4 placementPostColour(PlacementMarks::PostKind k) {
    switch (k) {
        case PlacementMarks::PostKind::Locked: return {1.00f, 0.72f, 0.05f, 1};  // gold
        case PlacementMarks::PostKind::OffDuty: return {0.62f, 0.66f, 0.72f, 1};  // grey
        case PlacementMarks::PostKind::Free: break;
    }
    return {0.05f, 0.36f, 0.95f, 1};  // police blue
}

double PlacementOverlay::demandRadiusPx(double weight) {
    return std::clamp(3.0 + 1.8 * std::sqrt(std::max(0.0, weight)), 4.5, 16.0);
}

PlacementOverlay::PlacementOverlay() {
    root_ = new osg::Group;
    demand_ = new osg::Geode;
    posts_ = new osg::Group;
    root_->addChild(demand_.get());
    root_->addChild(posts_.get());
    root_->getOrCreateStateSet()->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    font_ = overlayFont();  // null: symbols without ids
}

PlacementOverlay::~PlacementOverlay() = default;

void PlacementOverlay::attach(const OverlayContext& ctx) {
    ctx_ = ctx;
    rebuildDemand();
    rebuildPosts();
}

void PlacementOverlay::setMarks(PlacementMarks m) {
    marks_ = std::move(m);
    rebuildDemand();
    rebuildPosts();
}

void PlacementOverlay::setShowDemand(bool on) {
    show_demand_ = on;
    demand_->setNodeMask(on ? ~0u : 0u);
}

void PlacementOverlay::setPostRadiusPx(double r) {
    if (r == post_px_) return;
    post_px_ = r;
    rebuildPosts();
}

void PlacementOverlay::update(const MapCamera& cam, int /*w*/, int h) {
    const double mpp = cam.metresPerPixel();
    const double ui = std::max(0.8, h / 1080.0);
    if (!(mpp > 0)) return;
    if (std::abs(mpp - mpp_) <= 1e-6 * mpp && ui == ui_scale_) return;
    mpp_ = mpp;
    ui_scale_ = ui;
    rebuildDemand();
    // Posts: rescale the transforms (cheap), ids stay.
    const double s = mpp_ * post_px_ * ui_scale_;
    for (unsigned i = 0; i < posts_->getNumChildren(); ++i) {
        auto* t = dynamic_cast<osg::MatrixTransform*>(posts_->getChild(i));
        if (!t) continue;
        const osg::Vec3d p = t->getMatrix().getTrans();
        t->setMatrix(osg::Matrix::scale(s, s, 1) * osg::Matrix::translate(p));
    }
}

void PlacementOverlay::rebuildDemand() {
    demand_->removeDrawables(0, demand_->getNumDrawables());
    if (!ctx_ || !(mpp_ > 0) || marks_.demand.empty()) return;
    const osg::Vec3d& o = ctx_->origin;
    const bool drape = ctx_->drape_step_m > 0 && ctx_->groundZ;
    const int n = 14;
    std::array<double, n + 1> cs{}, sn{};
    for (int i = 0; i <= n; ++i) {
        cs[std::size_t(i)] = std::cos(2 * kPi * i / n);
        sn[std::size_t(i)] = std::sin(2 * kPi * i / n);
    }
    // One triangle list per colour: rims first, then the fills of each state,
    // drawn uncovered last so red is never hidden under a covered neighbour.
    auto build = [&](const osg::Vec4& colour, auto keep, double extra_px) {
        osg::ref_ptr<osg::Geometry> g = newOverlayGeometry(colour);
        osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
        for (const PlacementMarks::Demand& d : marks_.demand) {
            if (!keep(d)) continue;
            const double r = (demandRadiusPx(d.weight) * ui_scale_ + extra_px) * mpp_;
            const float z = drape ? float(ctx_->groundZ(d.pos.x, d.pos.y)) : 0.0f;
            const osg::Vec3 c(float(d.pos.x - o.x()), float(d.pos.y - o.y()), z);
            for (int i = 0; i < n; ++i) {
                v->push_back(c);
                v->push_back(c + osg::Vec3(float(r * cs[std::size_t(i)]), float(r * sn[std::size_t(i)]), 0));
                v->push_back(c + osg::Vec3(float(r * cs[std::size_t(i + 1)]), float(r * sn[std::size_t(i + 1)]), 0));
            }
        }
        if (v->empty()) return;
        g->setVertexArray(v.get());
        g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, GLsizei(v->size())));
        demand_->addDrawable(g.get());
    };
    using C = PlacementMarks::Cover;
    build(kRim, [](const PlacementMarks::Demand&) { return true; }, 1.5 * ui_scale_);
    for (C c : {C::Covered, C::Backup, C::Uncovered}) {
        osg::Vec4 col = placementCoverColour(c);
        col.a() = 0.92f;
        build(col, [c](const PlacementMarks::Demand& d) { return d.cover == c; }, 0.0);
    }
}

void PlacementOverlay::rebuildPosts() {
    posts_->removeChildren(0, posts_->getNumChildren());
    if (!ctx_) return;
    const osg::Vec3d& o = ctx_->origin;
    const bool drape = ctx_->drape_step_m > 0 && ctx_->groundZ;
    const double s = (mpp_ > 0 ? mpp_ : 1.0) * post_px_ * ui_scale_;
    using K = PlacementMarks::PostKind;
    osg::ref_ptr<osg::Geode> shared[3] = {postSymbol(K::Free, false), postSymbol(K::Locked, false),
                                          postSymbol(K::OffDuty, false)};
    auto put = [&](XY p, osg::Node* symbol, const std::string& label, bool selected) {
        osg::ref_ptr<osg::MatrixTransform> t = new osg::MatrixTransform;
        const float z = drape ? float(ctx_->groundZ(p.x, p.y)) : 0.0f;
        t->setMatrix(osg::Matrix::scale(s, s, 1) * osg::Matrix::translate(float(p.x - o.x()), float(p.y - o.y()), z));
        t->addChild(symbol);
        if (font_ && !label.empty()) {
            osg::ref_ptr<osgText::Text> text = new osgText::Text;
            text->setFont(font_.get());
            text->setFontResolution(48, 48);
            text->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
            text->setAxisAlignment(osgText::Text::SCREEN);
            text->setCharacterSize(float((selected ? 30.0 : 26.0) * ui_scale_));
            text->setAlignment(osgText::Text::LEFT_CENTER);
            text->setColor(selected ? kHalo : kWhite);
            text->setBackdropType(osgText::Text::OUTLINE);
            text->setBackdropColor(osg::Vec4(0, 0, 0, 0.9f));
            text->setBackdropOffset(0.12f);
            text->setText(label, osgText::String::ENCODING_UTF8);
            text->setPosition(osg::Vec3(selected ? 1.55f : 1.2f, 0, 0));
            osg::ref_ptr<osg::Geode> g = new osg::Geode;
            g->addDrawable(text.get());
            t->addChild(g.get());
        }
        posts_->addChild(t.get());
    };
    // Off-duty first, the selected post last (on top).
    std::vector<std::size_t> order;
    for (std::size_t q = 0; q < marks_.posts.size(); ++q)
        if (marks_.posts[q].kind == K::OffDuty && marks_.selected != q) order.push_back(q);
    for (std::size_t q = 0; q < marks_.posts.size(); ++q)
        if (marks_.posts[q].kind != K::OffDuty && marks_.selected != q) order.push_back(q);
    if (marks_.selected && *marks_.selected < marks_.posts.size()) order.push_back(*marks_.selected);
    for (std::size_t q : order) {
        const PlacementMarks::Post& p = marks_.posts[q];
        const bool sel = marks_.selected == q;
        put(p.pos, sel ? postSymbol(p.kind, true).get() : shared[static_cast<int>(p.kind)].get(), p.label, sel);
    }
    if (marks_.preview) put(*marks_.preview, previewSymbol().get(), "", false);
}

}  // namespace jingwei
