#include "render/placement_legend_overlay.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <osg/Geode>
#include <osgText/Text>

#include "render/hud_text.h"
#include "render/screen_box.h"
#include "render/screen_overlay.h"

namespace jingwei {


PlacementLegendOverlay::PlacementLegendOverlay() {
    camera_ = newScreenCamera();
    camera_->getOrCreateStateSet()->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    font_ = overlayFont();
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

void PlacementLegendOverlay::setClearOf(float left_px, float right_px, float below_px) {
    clear_left_px_ = left_px;
    clear_right_px_ = right_px;
    clear_below_px_ = below_px;
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
    const float box_w = std::max({3 * col_w, 640 * s, float(estimateTextWidth_px(figures_, big_px)), float(estimateTextWidth_px(title_, text_px))}) + 2 * pad;
    const float box_h = pad + text_px * 1.3f + big_px * 1.25f + float(rows) * sw * 1.6f + pad;
    // Top centre, clear of the HUD's title (top left) and compass (top right):
    // pushed right of the title, or below the HUD row when it does not fit.
    float x0 = 0.5f * (float(w_) - box_w), y0 = float(h_) - 18 * s - box_h;  // pixel space, y up
    if (x0 < clear_left_px_ + 12 * s) x0 = clear_left_px_ + 12 * s;
    if (clear_right_px_ > 0 && x0 + box_w > clear_right_px_ - 12 * s) {
        x0 = 0.5f * (float(w_) - box_w);
        y0 = float(h_) - clear_below_px_ - 12 * s - box_h;
    }
    x0_ = x0;
    y1_ = y0 + box_h;
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    ScreenShapes shapes;
    shapes.panel(x0, y0, x0 + box_w, y0 + box_h, s);
    // Swatches, bottom up; their labels beside them.
    const osg::Vec4 fg(0.92f, 0.95f, 0.98f, 1.0f);
    std::vector<std::pair<std::string, osg::Vec2>> labels;
    for (std::size_t k = 0; k < swatches_.size(); ++k) {
        const int row = rows - 1 - int(k / per_row), col = int(k % per_row);
        const float cx = x0 + pad + float(col) * col_w + sw * 0.5f, cy = y0 + pad + float(row) * sw * 1.6f + sw * 0.5f;
        const Swatch& w = swatches_[k];
        if (w.ring) {
            shapes.disc(cx, cy, sw * 0.62f, osg::Vec4(0.02f, 0.03f, 0.06f, 1));
            shapes.disc(cx, cy, sw * 0.54f, osg::Vec4(1, 1, 1, 1));
            shapes.disc(cx, cy, sw * 0.43f, w.colour);
        } else {
            shapes.disc(cx, cy, sw * 0.5f, osg::Vec4(0.02f, 0.03f, 0.06f, 1));
            shapes.disc(cx, cy, sw * 0.42f, w.colour);
        }
        labels.push_back({w.label, osg::Vec2(cx + sw * 0.9f, cy)});
    }
    geode->addDrawable(shapes.geometry().get());
    for (const auto& [text, at] : labels)
        addScreenText(*geode, font_.get(), text, at.x(), at.y(), text_px * 0.9f, osgText::Text::LEFT_CENTER, fg);
    const float fy = y0 + pad + float(rows) * sw * 1.6f + 4 * s;
    addScreenText(*geode, font_.get(), figures_, x0 + pad, fy, big_px, osgText::Text::LEFT_BOTTOM,
                  osg::Vec4(1.0f, 0.86f, 0.35f, 1.0f));
    addScreenText(*geode, font_.get(), title_, x0 + pad, fy + big_px * 1.25f, text_px, osgText::Text::LEFT_BOTTOM, fg);
    camera_->addChild(geode.get());
}

}  // namespace jingwei
