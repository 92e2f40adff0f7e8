#include "render/density_legend_overlay.h"

#include <algorithm>
#include <cmath>

#include <osg/Geode>
#include <osg/Geometry>
#include <osg/LineWidth>
#include <osgText/Font>
#include <osgText/Text>

#include "analysis/color_ramp.h"
#include "render/hud_text.h"
#include "render/map_scene.h"
#include "render/screen_overlay.h"

namespace jingwei {

DensityLegendOverlay::DensityLegendOverlay() {
    camera_ = newScreenCamera();
    font_ = overlayFont();
}

DensityLegendOverlay::~DensityLegendOverlay() = default;

void DensityLegendOverlay::update(const MapCamera& /*cam*/, int w, int h) {
    if (w == w_ && h == h_) return;
    w_ = w;
    h_ = h;
    camera_->setProjectionMatrixAsOrtho2D(0, w, 0, h);
    rebuild();
}

void DensityLegendOverlay::set(const DensityStyle& style, double top, bool hex, bool zh, std::string note,
                               Color8 ground) {
    style_ = style;
    top_ = top > 0 ? top : 1;
    hex_ = hex;
    zh_ = zh;
    note_ = std::move(note);
    ground_ = ground;
    rebuild();
}

void DensityLegendOverlay::rebuild() {
    camera_->removeChildren(0, camera_->getNumChildren());
    if (w_ <= 0 || h_ <= 0) return;
    const float s = std::clamp(float(h_) / 1080.0f, 0.5f, 4.0f);
    const float bar_w = 560 * s, bar_h = 30 * s, pad = 18 * s, text_px = 24 * s;
    const float box_w = bar_w + 2 * pad;
    const float box_h = pad + text_px * 1.4f + (note_.empty() ? 0 : text_px * 1.3f) + bar_h + 10 * s + text_px * 1.2f + pad;
    const float x0 = 0.5f * (float(w_) - box_w), y0 = 26 * s;  // pixel space, y up
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    osg::ref_ptr<osg::Geometry> quads = new osg::Geometry;
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
    auto quad = [&](float ax, float ay, float bx, float by, const osg::Vec4& col) {
        for (const auto& p : {osg::Vec3(ax, ay, 0), osg::Vec3(bx, ay, 0), osg::Vec3(bx, by, 0), osg::Vec3(ax, ay, 0),
                              osg::Vec3(bx, by, 0), osg::Vec3(ax, by, 0)}) {
            v->push_back(p);
            c->push_back(col);
        }
    };
    // Panel, as the HUD's: dark, nearly opaque, accent border drawn as thin quads.
    quad(x0, y0, x0 + box_w, y0 + box_h, osg::Vec4(6 / 255.f, 10 / 255.f, 18 / 255.f, 0.88f));
    const osg::Vec4 accent(58 / 255.f, 150 / 255.f, 196 / 255.f, 0.8f);
    const float b = 1.5f * s;
    quad(x0, y0, x0 + box_w, y0 + b, accent);
    quad(x0, y0 + box_h - b, x0 + box_w, y0 + box_h, accent);
    quad(x0, y0, x0 + b, y0 + box_h, accent);
    quad(x0 + box_w - b, y0, x0 + box_w, y0 + box_h, accent);
    // The ramp as it looks on the ground.
    const float bx0 = x0 + pad, by0 = y0 + pad + text_px * 1.2f + 10 * s;
    const int n = 128;
    const std::array<double, 3> ground{double(ground_.r), double(ground_.g), double(ground_.b)};
    for (int k = 0; k < n; ++k) {
        const double val = top_ * (k + 0.5) / n;
        const ShadedColour sc = hex_ ? hexColour(style_, val, top_) : heatmapColour(style_, val, top_);
        const auto rgb = blendOver(sc, ground);
        quad(bx0 + bar_w * k / n, by0, bx0 + bar_w * (k + 1) / n + 0.5f, by0 + bar_h,
             osg::Vec4(float(rgb[0] / 255), float(rgb[1] / 255), float(rgb[2] / 255), 1.0f));
    }
    // Ticks.
    const auto ticks = legendTicks(top_, 4);
    const osg::Vec4 tick_col(0.92f, 0.95f, 0.98f, 1.0f);
    for (double t : ticks) {
        const float x = bx0 + float(bar_w * (t / top_));
        quad(x - 0.9f * s, by0 - 8 * s, x + 0.9f * s, by0, tick_col);
    }
    quads->setVertexArray(v.get());
    quads->setColorArray(c.get(), osg::Array::BIND_PER_VERTEX);
    quads->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, GLsizei(v->size())));
    quads->setUseDisplayList(false);
    quads->setUseVertexBufferObjects(true);
    geode->addDrawable(quads.get());
    if (font_) {
        auto text = [&](const std::string& str, float x, float y, float px, osgText::Text::AlignmentType al,
                        const osg::Vec4& col) {
            osg::ref_ptr<osgText::Text> t = new osgText::Text;
            t->setFont(font_.get());
            t->setFontResolution(64, 64);
            t->setCharacterSize(px);
            t->setAlignment(al);
            t->setColor(col);
            t->setPosition(osg::Vec3(x, y, 0));
            t->setText(str, osgText::String::ENCODING_UTF8);
            geode->addDrawable(t.get());
        };
        for (double t : ticks) {
            const float x = bx0 + float(bar_w * (t / top_));
            const float xa = std::clamp(x, bx0 + 12 * s, bx0 + bar_w - 12 * s);
            text(formatTick(t), xa, by0 - 10 * s, text_px * 0.9f, osgText::Text::CENTER_TOP, tick_col);
        }
        const std::string title = hex_ ? (zh_ ? "警情数（每六边形）" : "Incidents per hexagon")
                                       : (zh_ ? "警情密度（起/平方公里）" : "Incident density (per km²)");
        float ty = by0 + bar_h + 10 * s;
        if (!note_.empty()) {
            text(note_, bx0, ty, text_px * 0.85f, osgText::Text::LEFT_BOTTOM, osg::Vec4(1.0f, 0.67f, 0.16f, 1.0f));
            ty += text_px * 1.3f;
        }
        text(title, bx0, ty, text_px, osgText::Text::LEFT_BOTTOM, tick_col);
    }
    camera_->addChild(geode.get());
}

}  // namespace jingwei
