#include "render/sim_overlay.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <osg/Geode>
#include <osg/Geometry>
#include <osgText/Font>
#include <osgText/Text>

#include "render/hud_text.h"
#include "render/map_scene.h"
#include "render/rings_overlay.h"
#include "render/screen_overlay.h"

namespace jingwei {

using sim::IncidentPhase;
using sim::UnitStatus;

namespace {

constexpr double kPi = 3.14159265358979323846;

osg::Vec4 vec4(const Color8& c, float alpha = 1.0f) { return {c.rf(), c.gf(), c.bf(), c.af() * alpha}; }

const Color8 kRim{4, 8, 14};            // dark edge of badges and markers
const Color8 kWhite{255, 255, 255};
const Color8 kSelect{255, 236, 64};     // selection halo

// Triangles with per-vertex colours in a frame where (0, 0) is the origin
// and unit vectors `right`/`up` are one pixel on screen.
struct Shapes {
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
    osg::Vec3d right{1, 0, 0}, up{0, 1, 0};

    osg::Vec3 at(const osg::Vec3d& o, double px, double py) const { return osg::Vec3(o + right * px + up * py); }
    void tri(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& d, const osg::Vec4& col) {
        v->push_back(a);
        v->push_back(b);
        v->push_back(d);
        for (int i = 0; i < 3; ++i) c->push_back(col);
    }
    // A ring between radii r0 < r1 (r0 = 0: a disc), n segments.
    void ring(const osg::Vec3d& o, double r0, double r1, const osg::Vec4& col, int n = 32) {
        for (int k = 0; k < n; ++k) {
            const double a0 = 2 * kPi * k / n, a1 = 2 * kPi * (k + 1) / n;
            const osg::Vec3 p0 = at(o, r1 * std::cos(a0), r1 * std::sin(a0)), p1 = at(o, r1 * std::cos(a1), r1 * std::sin(a1));
            if (r0 <= 0) {
                tri(osg::Vec3(o), p0, p1, col);
            } else {
                const osg::Vec3 q0 = at(o, r0 * std::cos(a0), r0 * std::sin(a0)), q1 = at(o, r0 * std::cos(a1), r0 * std::sin(a1));
                tri(q0, p0, p1, col);
                tri(q0, p1, q1, col);
            }
        }
    }
    // An upward equilateral triangle of circumradius r centred on o; with
    // r0 > 0 only the band between circumradii r0 and r.
    void triangle(const osg::Vec3d& o, double r0, double r, const osg::Vec4& col) {
        osg::Vec3 outer[3], inner[3];
        for (int k = 0; k < 3; ++k) {
            const double a = kPi / 2 + 2 * kPi * k / 3;
            outer[k] = at(o, r * std::cos(a), r * std::sin(a));
            inner[k] = at(o, r0 * std::cos(a), r0 * std::sin(a));
        }
        if (r0 <= 0) {
            tri(outer[0], outer[1], outer[2], col);
            return;
        }
        for (int k = 0; k < 3; ++k) {
            const int j = (k + 1) % 3;
            tri(inner[k], outer[k], outer[j], col);
            tri(inner[k], outer[j], inner[j], col);
        }
    }
    // A segment a → b of width w (pixels).
    void segment(const osg::Vec3d& a, const osg::Vec3d& b, double w, double px_len, const osg::Vec4& col) {
        osg::Vec3d d = b - a;
        const double len = d.length();
        if (!(len > 0)) return;
        d /= len;
        const osg::Vec3d n = osg::Vec3d(-d.y(), d.x(), 0) * (0.5 * w * px_len);
        tri(osg::Vec3(a + n), osg::Vec3(b + n), osg::Vec3(b - n), col);
        tri(osg::Vec3(a + n), osg::Vec3(b - n), osg::Vec3(a - n), col);
    }
    osg::ref_ptr<osg::Geometry> geometry() const {
        osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
        g->setUseDisplayList(false);
        g->setUseVertexBufferObjects(true);
        g->setVertexArray(v.get());
        g->setColorArray(c.get(), osg::Array::BIND_PER_VERTEX);
        g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, GLsizei(v->size())));
        return g;
    }
};

// A unit badge of radius r (pixels): rim, white ring, status fill.
void unitBadge(Shapes& s, const osg::Vec3d& o, double r, const Color8& fill, bool selected) {
    if (selected) {
        s.ring(o, 1.25 * r, 1.65 * r, vec4(kSelect));
        s.ring(o, 1.0 * r, 1.25 * r, vec4(kRim, 0.9f));
    }
    s.ring(o, 0, r, vec4(kRim));
    s.ring(o, 0, 0.84 * r, vec4(kWhite));
    s.ring(o, 0, 0.66 * r, vec4(fill));
}

// An incident marker of circumradius r (pixels): a warning triangle raised
// on a stem above the call's position (marked by a dot), so a unit on scene
// does not hide it.
void incidentMarker(Shapes& s, const osg::Vec3d& o, double r, const sim::IncidentMark& m, double pulse, bool raised = true) {
    const Color8 col = m.phase == IncidentPhase::Closed && !m.served ? unservedIncidentColour() : incidentPriorityColour(m.priority);
    const float a = m.phase == IncidentPhase::Closed ? m.alpha : 1.0f;
    const osg::Vec3d c = raised ? o + s.up * (1.7 * r) : o;
    if (raised) {
        const osg::Vec3d foot = o, top = c - s.up * (0.5 * r);
        const double px = s.up.length();
        s.segment(foot, top, 4.0, px, vec4(kRim, 0.9f * a));
        s.segment(foot, top, 2.0, px, vec4(col, a));
        s.ring(o, 0, 0.32 * r, vec4(kRim, a));
        s.ring(o, 0, 0.2 * r, vec4(col, a));
    }
    if (m.selected) s.ring(c, 1.55 * r, 1.9 * r, vec4(kSelect));
    if (m.phase == IncidentPhase::Closed) {
        // Hollow, fading out.
        s.triangle(c, 0.55 * r, 1.12 * r, vec4(kRim, 0.8f * a));
        s.triangle(c, 0.68 * r, r, vec4(col, a));
        return;
    }
    if (m.phase == IncidentPhase::Waiting) {
        const double g = 1.0 + 0.35 * pulse;
        s.ring(c, 1.35 * r * g, 1.6 * r * g, vec4(col, float(0.85 - 0.5 * pulse)));
    }
    s.triangle(c, 0, 1.2 * r, vec4(kRim));
    s.triangle(c, 0, r, vec4(col));
    if (m.phase == IncidentPhase::OnScene) s.ring(c, 0, 0.22 * r, vec4(kWhite));
}

}  // namespace

Color8 unitStatusColour(UnitStatus s) {
    switch (s) {
        case UnitStatus::Idle: return {40, 220, 100};
        case UnitStatus::EnRoute: return {255, 56, 48};
        case UnitStatus::OnScene: return {176, 100, 255};
        case UnitStatus::Returning: return {255, 222, 0};
        case UnitStatus::OffDuty:
        case UnitStatus::Count: break;
    }
    return {140, 148, 160};
}

Color8 incidentPriorityColour(int priority) {
    if (priority <= 1) return {255, 40, 120};
    if (priority == 2) return {255, 150, 20};
    return {40, 220, 255};
}

Color8 unservedIncidentColour() { return {150, 156, 168}; }

// ---------------------------------------------------------------------------

SimOverlay::SimOverlay() {
    root_ = new osg::Group;
    shapes_ = new osg::Geode;
    labels_ = new osg::Group;
    root_->addChild(shapes_.get());
    root_->addChild(labels_.get());
    osg::StateSet* ss = root_->getOrCreateStateSet();
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    font_ = overlayFont();
}

SimOverlay::~SimOverlay() = default;

void SimOverlay::attach(const OverlayContext& ctx) {
    ctx_ = ctx;
    rebuild();
}

void SimOverlay::update(const MapCamera& cam, int /*w*/, int h) {
    cam_ = cam;
    const double mpp = cam.metresPerPixel();
    const double s = std::clamp(h / 1080.0, 0.8, 4.0);
    if (!(mpp > 0)) return;
    const double heading = cam.pose().heading_deg;
    if (std::abs(mpp - mpp_) <= 1e-9 * mpp && s == ui_scale_ && heading == heading_) return;
    mpp_ = mpp;
    ui_scale_ = s;
    heading_ = heading;
    rebuild();
}

std::vector<char> SimOverlay::placeLabels() const {
    std::vector<char> shown(view_.units.size(), 1);
    if (!cam_ || !ctx_) return shown;
    const double ur = unitRadiusPx(), px = style_.label_px * ui_scale_;
    std::vector<std::optional<ScreenPoint>> at(view_.units.size());
    for (std::size_t k = 0; k < view_.units.size(); ++k) {
        const XY p = view_.units[k].pos;
        at[k] = cam_->groundToScreen(p.x, p.y, ctx_->groundZ ? ctx_->groundZ(p.x, p.y) : 0.0);
    }
    std::vector<std::size_t> order(view_.units.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_partition(order.begin(), order.end(), [&](std::size_t k) { return view_.units[k].selected; });
    std::vector<ScreenRect> placed;
    for (std::size_t k : order) {
        const sim::UnitMark& u = view_.units[k];
        if (!at[k] || u.unit >= label_text_.size()) {
            shown[k] = 0;
            continue;
        }
        const double x0 = at[k]->x + ur + 5 * ui_scale_;
        const ScreenRect box{x0, at[k]->y - 0.55 * px, x0 + estimateTextWidth_px(label_text_[u.unit], px), at[k]->y + 0.55 * px};
        bool ok = true;
        for (std::size_t j = 0; j < at.size() && ok; ++j)
            if (j != k && at[j]) ok = !box.intersects(ScreenRect{at[j]->x - ur, at[j]->y - ur, at[j]->x + ur, at[j]->y + ur});
        for (const ScreenRect& r : placed)
            if (ok) ok = !box.intersects(r);
        shown[k] = ok ? 1 : 0;
        if (ok) placed.push_back(box);
    }
    return shown;
}

void SimOverlay::labelKeepOut(std::vector<ScreenRect>& out) const {
    if (!cam_ || !ctx_) return;
    const double ur = unitRadiusPx(), ir = incidentRadiusPx(), px = style_.label_px * ui_scale_;
    auto screen = [&](XY p) { return cam_->groundToScreen(p.x, p.y, ctx_->groundZ ? ctx_->groundZ(p.x, p.y) : 0.0); };
    for (const sim::UnitMark& u : view_.units) {
        const auto s = screen(u.pos);
        if (!s) continue;
        double right = s->x + ur;
        const std::size_t k = static_cast<std::size_t>(&u - view_.units.data());
        if (style_.labels && u.unit < label_text_.size() && k < label_shown_.size() && label_shown_[k])
            right += 5 * ui_scale_ + estimateTextWidth_px(label_text_[u.unit], px);
        out.push_back(ScreenRect{s->x - ur, s->y - ur, right, s->y + ur});
    }
    if (style_.incidents)
        for (const sim::IncidentMark& m : view_.incidents)
            if (const auto s = screen(m.pos)) out.push_back(ScreenRect{s->x - 1.3 * ir, s->y - 3.0 * ir, s->x + 1.3 * ir, s->y + 0.4 * ir});
}

void SimOverlay::setView(sim::SimView view) {
    view_ = std::move(view);
    rebuild();
}

void SimOverlay::setLabels(std::vector<std::string> labels) {
    label_text_ = std::move(labels);
    texts_.clear();
    rebuild();
}

void SimOverlay::setStyle(const SimOverlayStyle& style) {
    style_ = style;
    texts_.clear();
    rebuild();
}

void SimOverlay::setPulse(double phase) {
    const double p = std::clamp(phase, 0.0, 1.0);
    if (p == pulse_) return;
    pulse_ = p;
    rebuild();
}

void SimOverlay::rebuild() {
    shapes_->removeDrawables(0, shapes_->getNumDrawables());
    vertices_ = 0;
    if (!ctx_) return;
    const OverlayContext& ctx = *ctx_;
    // One screen pixel along the screen's right and up directions, in map metres.
    const double h = heading_ * kPi / 180.0;
    Shapes s;
    s.right = osg::Vec3d(std::cos(h), -std::sin(h), 0) * mpp_;
    s.up = osg::Vec3d(std::sin(h), std::cos(h), 0) * mpp_;
    auto local = [&](XY p) {
        const double z = ctx.groundZ ? ctx.groundZ(p.x, p.y) : 0.0;
        return osg::Vec3d(p.x - ctx.origin.x(), p.y - ctx.origin.y(), z);
    };
    const double ur = style_.unit_radius_px * ui_scale_, ir = style_.incident_radius_px * ui_scale_;
    // Lines from units en route to their calls, under everything else.
    if (style_.lines) {
        const double w = style_.line_px * ui_scale_;
        for (const sim::UnitMark& u : view_.units)
            if (u.has_target) s.segment(local(u.pos), local(u.target), w + 3 * ui_scale_, mpp_, vec4(kRim, 0.85f));
        for (const sim::UnitMark& u : view_.units)
            if (u.has_target) s.segment(local(u.pos), local(u.target), w, mpp_, vec4(unitStatusColour(u.status), 0.95f));
    }
    if (style_.incidents)
        for (const sim::IncidentMark& m : view_.incidents) {
            if (m.phase == IncidentPhase::Closed && !style_.fading) continue;
            incidentMarker(s, local(m.pos), ir, m, pulse_);
        }
    // Units: the selected one last (on top).
    std::optional<std::size_t> sel;
    for (std::size_t k = 0; k < view_.units.size(); ++k) {
        const sim::UnitMark& u = view_.units[k];
        if (u.selected) {
            sel = k;
            continue;
        }
        unitBadge(s, local(u.pos), ur, unitStatusColour(u.status), false);
    }
    if (sel) unitBadge(s, local(view_.units[*sel].pos), ur, unitStatusColour(view_.units[*sel].status), true);
    vertices_ = s.v->size();
    if (vertices_) shapes_->addDrawable(s.geometry().get());

    // Labels: one text per unit, kept between rebuilds (only moved).
    const bool want_labels = style_.labels && font_ && !label_text_.empty();
    if (!want_labels) {
        labels_->removeChildren(0, labels_->getNumChildren());
        texts_.clear();
        label_shown_.clear();
        return;
    }
    if (texts_.size() != view_.units.size()) {
        labels_->removeChildren(0, labels_->getNumChildren());
        texts_.clear();
        for (std::size_t k = 0; k < view_.units.size(); ++k) {
            osg::ref_ptr<osgText::Text> t = new osgText::Text;
            t->setFont(font_.get());
            t->setFontResolution(48, 48);
            t->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
            t->setAxisAlignment(osgText::Text::SCREEN);
            t->setAlignment(osgText::Text::LEFT_CENTER);
            t->setBackdropType(osgText::Text::OUTLINE);
            t->setBackdropColor(osg::Vec4(0, 0, 0, 0.9f));
            t->setBackdropOffset(0.12f);
            t->setColor(osg::Vec4(1, 1, 1, 1));
            t->setDataVariance(osg::Object::DYNAMIC);
            const sim::UnitIndex ui = view_.units[k].unit;
            t->setText(ui < label_text_.size() ? label_text_[ui] : std::string(), osgText::String::ENCODING_UTF8);
            texts_.push_back(t);
            osg::ref_ptr<osg::Geode> g = new osg::Geode;
            g->addDrawable(t.get());
            labels_->addChild(g.get());
        }
    }
    // Declutter: a label that would cover another unit's badge or an earlier
    // label is hidden (the selected unit's first).
    label_shown_ = placeLabels();
    for (std::size_t k = 0; k < texts_.size() && k < label_shown_.size(); ++k)
        labels_->getChild(unsigned(k))->setNodeMask(label_shown_[k] ? ~0u : 0u);
    for (std::size_t k = 0; k < view_.units.size(); ++k) {
        const sim::UnitMark& u = view_.units[k];
        osgText::Text& t = *texts_[k];
        t.setCharacterSize(float(style_.label_px * ui_scale_));
        t.setPosition(osg::Vec3(local(u.pos) + s.right * (ur + 5 * ui_scale_)));
        t.setColor(u.selected ? vec4(kSelect) : osg::Vec4(1, 1, 1, 1));
    }
}

// ---------------------------------------------------------------------------

SimLegendOverlay::SimLegendOverlay() {
    camera_ = newScreenCamera();
    camera_->getOrCreateStateSet()->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    font_ = overlayFont();
}

SimLegendOverlay::~SimLegendOverlay() = default;

void SimLegendOverlay::update(const MapCamera& /*cam*/, int w, int h) {
    if (w == w_ && h == h_) return;
    w_ = w;
    h_ = h;
    camera_->setProjectionMatrixAsOrtho2D(0, w, 0, h);
    rebuild();
}

void SimLegendOverlay::labelKeepOut(std::vector<ScreenRect>& out) const {
    if (w_ > 0 && h_ > 0) out.push_back(boxFor(w_, h_));
}

void SimLegendOverlay::set(SimLegendContent content) {
    c_ = std::move(content);
    rebuild();
}

namespace {

// The legend's sizes in a view h pixels high.
struct LegendMetrics {
    double s, pad, text_px, row, title_px, clock_px, box_w, box_h, x0, top;
    LegendMetrics(const SimLegendContent& c, int h) {
        s = std::clamp(h / 1080.0, 0.5, 4.0);
        pad = 18 * s, text_px = 23 * s, row = 34 * s, title_px = 27 * s, clock_px = 36 * s;
        box_w = 480 * s;
        // Rows: title, clock, 5 statuses, 4 incident symbols, rings, lines, note.
        const std::size_t n_rows = 5 + 4 + (c.ring_minutes.empty() ? 0 : 1);
        box_h = pad + title_px * 1.3 + clock_px * 1.3 + 8 * s + double(n_rows) * row + 8 * s +
                double(c.lines.size()) * text_px * 1.35 + (c.note.empty() ? 0 : text_px * 1.35) + pad;
        // Top left, under the HUD's title box.
        x0 = 24 * s;
        top = 118 * s;
    }
};

}  // namespace

ScreenRect SimLegendOverlay::boxFor(int /*w*/, int h) const {
    const LegendMetrics L(c_, h);
    return ScreenRect{L.x0, L.top, L.x0 + L.box_w, L.top + L.box_h};
}

void SimLegendOverlay::rebuild() {
    camera_->removeChildren(0, camera_->getNumChildren());
    if (w_ <= 0 || h_ <= 0) return;
    const LegendMetrics L(c_, h_);
    const double s = L.s, pad = L.pad, text_px = L.text_px, row = L.row, title_px = L.title_px, clock_px = L.clock_px;
    const double box_w = L.box_w, box_h = L.box_h, x0 = L.x0;
    const bool zh = c_.zh;
    const double y_top = h_ - L.top;  // pixel space, y up

    Shapes sh;  // pixel units: right = x, up = y
    auto quad = [&](double ax, double ay, double bx, double by, const osg::Vec4& col) {
        sh.tri(osg::Vec3(float(ax), float(ay), 0), osg::Vec3(float(bx), float(ay), 0), osg::Vec3(float(bx), float(by), 0), col);
        sh.tri(osg::Vec3(float(ax), float(ay), 0), osg::Vec3(float(bx), float(by), 0), osg::Vec3(float(ax), float(by), 0), col);
    };
    quad(x0, y_top - box_h, x0 + box_w, y_top, osg::Vec4(6 / 255.f, 10 / 255.f, 18 / 255.f, 0.9f));
    const osg::Vec4 accent(58 / 255.f, 150 / 255.f, 196 / 255.f, 0.85f);
    const double b = 1.5 * s;
    quad(x0, y_top - box_h, x0 + b, y_top, accent);
    quad(x0 + box_w - b, y_top - box_h, x0 + box_w, y_top, accent);
    quad(x0, y_top - b, x0 + box_w, y_top, accent);
    quad(x0, y_top - box_h, x0 + box_w, y_top - box_h + b, accent);

    struct Label {
        std::string text;
        double x, y, px;
        osg::Vec4 col;
    };
    std::vector<Label> texts;
    const osg::Vec4 fg(0.93f, 0.95f, 0.98f, 1), dim(0.66f, 0.72f, 0.80f, 1);
    double y = y_top - pad;
    texts.push_back({c_.title, x0 + pad, y - title_px, title_px, fg});
    y -= title_px * 1.3;
    texts.push_back({c_.clock, x0 + pad, y - clock_px, clock_px, osg::Vec4(0.45f, 0.88f, 1.0f, 1)});
    y -= clock_px * 1.3 + 8 * s;
    const double sym_x = x0 + pad + 16 * s, text_x = x0 + pad + 44 * s;
    static const char* kStatusZh[] = {"空闲", "出警", "处置", "返回", "不在岗"};
    static const char* kStatusEn[] = {"Idle", "En route", "On scene", "Returning", "Off duty"};
    for (int k = 0; k < 5; ++k) {
        const double cy = y - row * 0.5;
        unitBadge(sh, osg::Vec3d(sym_x, cy, 0), 12 * s, unitStatusColour(static_cast<UnitStatus>(k)), false);
        char n[32];
        std::snprintf(n, sizeof n, "%zu", c_.units_by_status[std::size_t(k)]);
        texts.push_back({std::string(zh ? kStatusZh[k] : kStatusEn[k]), text_x, cy - text_px * 0.38, text_px, fg});
        texts.push_back({std::string(n), x0 + box_w - pad - 60 * s, cy - text_px * 0.38, text_px, fg});
        y -= row;
    }
    struct IncRow {
        sim::IncidentMark m;
        const char *zh, *en;
    };
    auto mark = [](int pri, IncidentPhase ph, bool served) {
        sim::IncidentMark m;
        m.priority = std::uint8_t(pri);
        m.phase = ph;
        m.served = served;
        m.alpha = 0.8f;
        return m;
    };
    const IncRow inc_rows[] = {
        {mark(1, IncidentPhase::Assigned, false), "一级警情", "Priority 1 call"},
        {mark(2, IncidentPhase::Assigned, false), "二级警情", "Priority 2 call"},
        {mark(3, IncidentPhase::Waiting, false), "三级及以下 · 光圈 = 待派警", "Priority 3+ · halo = no unit yet"},
        {mark(3, IncidentPhase::Closed, true), "已结束（淡出）", "Closed (fading)"},
    };
    for (const IncRow& r : inc_rows) {
        const double cy = y - row * 0.5;
        incidentMarker(sh, osg::Vec3d(sym_x, cy - 1 * s, 0), 11 * s, r.m, 0.0, false);
        texts.push_back({std::string(zh ? r.zh : r.en), text_x, cy - text_px * 0.38, text_px, fg});
        y -= row;
    }
    if (!c_.ring_minutes.empty()) {
        const double cy = y - row * 0.5;
        // Band swatches side by side: the ring colours over the land.
        const MapStyle ms = MapStyle::commandDark();
        const double sw = 22 * s;
        double x = x0 + pad;
        std::string caption = zh ? "空闲警力响应圈" : "Idle units' rings";
        for (std::size_t k = 0; k < c_.ring_minutes.size(); ++k) {
            const osg::Vec4 bc = ringBandColour(k);
            const float a = bc.a() * c_.ring_opacity;
            const osg::Vec4 blended(bc.r() * a + ms.land.rf() * (1 - a), bc.g() * a + ms.land.gf() * (1 - a),
                                    bc.b() * a + ms.land.bf() * (1 - a), 1.0f);
            quad(x, cy - 9 * s, x + sw, cy + 9 * s, blended);
            char m[16];
            std::snprintf(m, sizeof m, "%g", c_.ring_minutes[k]);
            texts.push_back({std::string(m), x + sw + 4 * s, cy - text_px * 0.38, text_px, fg});
            x += sw + 4 * s + text_px * 1.1;
        }
        texts.push_back({caption + (zh ? "（分钟）" : " (min)"), x + 6 * s, cy - text_px * 0.38, text_px, fg});
        y -= row;
    }
    y -= 8 * s;
    for (const std::string& l : c_.lines) {
        texts.push_back({l, x0 + pad, y - text_px, text_px, dim});
        y -= text_px * 1.35;
    }
    if (!c_.note.empty()) texts.push_back({c_.note, x0 + pad, y - text_px, text_px, osg::Vec4(1.0f, 0.67f, 0.16f, 1)});

    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    geode->addDrawable(sh.geometry().get());
    if (font_)
        for (const Label& l : texts) {
            osg::ref_ptr<osgText::Text> t = new osgText::Text;
            t->setFont(font_.get());
            t->setFontResolution(64, 64);
            t->setCharacterSize(float(l.px));
            t->setAlignment(osgText::Text::LEFT_BASE_LINE);
            t->setColor(l.col);
            t->setPosition(osg::Vec3(float(l.x), float(l.y), 0));
            t->setText(l.text, osgText::String::ENCODING_UTF8);
            geode->addDrawable(t.get());
        }
    camera_->addChild(geode.get());
}

}  // namespace jingwei
