#include "render/placement_legend_overlay.h"

#include <algorithm>
#include <cmath>

#include <osg/Geode>
#include <osg/Geometry>
#include <osgText/Font>
#include <osgText/Text>

#include "render/map_scene.h"

namespace jingwei {

PlacementLegendOverlay::PlacementLegendOverlay() {
    camera_ = new osg::Camera;
    camera_->setReferenceFrame(osg::Transform::ABSOLUTE_RF);
    camera_->setRenderOrder(osg::Camera::NESTED_RENDER);
    camera_->setClearMask(0);
    camera_->setViewMatrix(osg::Matrix::identity());
    camera_->setCullingActive(false);
    camera_->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    camera_->getOrCreateStateSet()->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    try {
        font_ = osgText::readRefFontFile(mapFontPath());
    } catch (const std::exception&) {
        font_ = nullptr;
    }
}

PlacementLegendOverlay::~PlacementLegendOverlay() = default;

void PlacementLegendOverlay::update(const MapCamera& /*cam*/, int w, int h) {
    if (w == w_ && h == h_) return;
    w_ = w;
    h_ = h;
    camera_->setProjectionMatrixAsOrtho2D(0, w, 0, h);
    rebuild();
}

void PlacementLegendOverlay::set(std::string title, std::string figures, std::vector<Swatch> swatches) {
    title_ = std::move(title);
    figures_ = std::move(figures);
    swatches_ = std::move(swatches);
    rebuild();
}

void PlacementLegendOverlay::rebuild() {
    camera_->removeChildren(0, camera_->getNumChildren());
    if (w_ <= 0 || h_ <= 0) return;
    const float s = std::clamp(float(h_) / 1080.0f, 0.5f, 4.0f);
    const float pad = 18 * s, text_px = 24 * s, big_px = 44 * s, sw = 22 * s;
    const int per_row = 3;
    const int rows = int((swatches_.size() + per_row - 1) / per_row);
    const float col_w = 230 * s;
    const float box_w = std::max(3 * col_w, 640 * s) + 2 * pad;
    const float box_h = pad + text_px * 1.3f + big_px * 1.25f + float(rows) * sw * 1.6f + pad;
    // Top centre, clear of the HUD's title (top left), compass (top right),
    // scale bar (bottom left) and map legend (bottom right).
    const float x0 = 0.5f * (float(w_) - box_w), y0 = float(h_) - 18 * s - box_h;  // pixel space, y up
    x0_ = x0;
    y1_ = y0 + box_h;
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    osg::ref_ptr<osg::Geometry> tris = new osg::Geometry;
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
    auto quad = [&](float ax, float ay, float bx, float by, const osg::Vec4& col) {
        for (const auto& p : {osg::Vec3(ax, ay, 0), osg::Vec3(bx, ay, 0), osg::Vec3(bx, by, 0), osg::Vec3(ax, ay, 0),
                              osg::Vec3(bx, by, 0), osg::Vec3(ax, by, 0)}) {
            v->push_back(p);
            c->push_back(col);
        }
    };
    auto disc = [&](float cx, float cy, float r, const osg::Vec4& col) {
        const int n = 32;
        for (int k = 0; k < n; ++k) {
            const double a0 = 2 * M_PI * k / n, a1 = 2 * M_PI * (k + 1) / n;
            for (const auto& p : {osg::Vec3(cx, cy, 0), osg::Vec3(cx + r * float(std::cos(a0)), cy + r * float(std::sin(a0)), 0),
                                  osg::Vec3(cx + r * float(std::cos(a1)), cy + r * float(std::sin(a1)), 0)}) {
                v->push_back(p);
                c->push_back(col);
            }
        }
    };
    quad(x0, y0, x0 + box_w, y0 + box_h, osg::Vec4(6 / 255.f, 10 / 255.f, 18 / 255.f, 0.88f));
    const osg::Vec4 accent(58 / 255.f, 150 / 255.f, 196 / 255.f, 0.8f);
    const float b = 1.5f * s;
    quad(x0, y0, x0 + box_w, y0 + b, accent);
    quad(x0, y0 + box_h - b, x0 + box_w, y0 + box_h, accent);
    quad(x0, y0, x0 + b, y0 + box_h, accent);
    quad(x0 + box_w - b, y0, x0 + box_w, y0 + box_h, accent);
    // Swatches, bottom up.
    struct Label {
        std::string text;
        float x, y;
    };
    std::vector<Label> labels;
    for (std::size_t k = 0; k < swatches_.size(); ++k) {
        const int row = rows - 1 - int(k / per_row), col = int(k % per_row);
        const float cx = x0 + pad + float(col) * col_w + sw * 0.5f, cy = y0 + pad + float(row) * sw * 1.6f + sw * 0.5f;
        const Swatch& w = swatches_[k];
        if (w.ring) {
            disc(cx, cy, sw * 0.62f, osg::Vec4(0.02f, 0.03f, 0.06f, 1));
            disc(cx, cy, sw * 0.54f, osg::Vec4(1, 1, 1, 1));
            disc(cx, cy, sw * 0.43f, w.colour);
        } else {
            disc(cx, cy, sw * 0.5f, osg::Vec4(0.02f, 0.03f, 0.06f, 1));
            disc(cx, cy, sw * 0.42f, w.colour);
        }
        labels.push_back({w.label, cx + sw * 0.9f, cy});
    }
    tris->setVertexArray(v.get());
    tris->setColorArray(c.get(), osg::Array::BIND_PER_VERTEX);
    tris->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, GLsizei(v->size())));
    tris->setUseDisplayList(false);
    tris->setUseVertexBufferObjects(true);
    geode->addDrawable(tris.get());
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
        const osg::Vec4 fg(0.92f, 0.95f, 0.98f, 1.0f);
        for (const Label& l : labels) text(l.text, l.x, l.y, text_px * 0.9f, osgText::Text::LEFT_CENTER, fg);
        const float fy = y0 + pad + float(rows) * sw * 1.6f + 4 * s;
        text(figures_, x0 + pad, fy, big_px, osgText::Text::LEFT_BOTTOM, osg::Vec4(1.0f, 0.86f, 0.35f, 1.0f));
        text(title_, x0 + pad, fy + big_px * 1.25f, text_px, osgText::Text::LEFT_BOTTOM, fg);
    }
    camera_->addChild(geode.get());
}

}  // namespace jingwei
