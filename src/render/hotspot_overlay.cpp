#include "render/hotspot_overlay.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <osg/Geode>
#include <osg/Geometry>
#include <osgText/Font>
#include <osgText/Text>

#include "render/map_scene.h"
#include "render/screen_overlay.h"

namespace jingwei {

namespace {

constexpr double kPi = 3.14159265358979323846;
const osg::Vec4 kRing(0.0f, 0.9f, 1.0f, 1.0f);          // cyan: stands out on every ramp
const osg::Vec4 kSelected(1.0f, 0.76f, 0.1f, 1.0f);      // amber
const osg::Vec4 kShadow(0.0f, 0.0f, 0.0f, 0.85f);

}  // namespace

HotspotOverlay::HotspotOverlay() {
    root_ = new osg::Group;
    width_ = new osg::LineWidth(2.5f);
    selected_width_ = new osg::LineWidth(4.5f);
    font_ = overlayFont();  // nullptr: rings without numbers
}

HotspotOverlay::~HotspotOverlay() = default;

void HotspotOverlay::attach(const OverlayContext& ctx) {
    ctx_ = ctx;
    rebuild();
}

void HotspotOverlay::update(const MapCamera& /*cam*/, int /*w*/, int h) {
    const double s = std::max(0.8, h / 1080.0);
    if (s == last_scale_) return;
    last_scale_ = s;
    width_->setWidth(float(2.5 * s));
    selected_width_->setWidth(float(4.5 * s));
    rebuild();
}

void HotspotOverlay::setHotspots(std::vector<Hotspot> spots, std::vector<double> radii_m) {
    spots_ = std::move(spots);
    radii_ = std::move(radii_m);
    for (double& r : radii_)
        if (!(r > 0)) r = 100;
    if (selected_ && *selected_ >= spots_.size()) selected_.reset();
    rebuild();
}

void HotspotOverlay::setSelected(std::optional<std::size_t> k) {
    if (k && *k >= spots_.size()) k.reset();
    if (k == selected_) return;
    selected_ = k;
    rebuild();
}

void HotspotOverlay::rebuild() {
    root_->removeChildren(0, root_->getNumChildren());
    if (!ctx_ || spots_.empty()) return;
    const osg::Vec3d& o = ctx_->origin;
    const double scale = last_scale_ > 0 ? last_scale_ : 1.0;
    auto ringGeometry = [&](const Hotspot& h, double rad, const osg::Vec4& colour, osg::LineWidth* width) {
        osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
        const int n = 72;
        for (int k = 0; k < n; ++k) {
            const double a = 2 * kPi * k / n;
            const double x = h.centre.x + rad * std::cos(a), y = h.centre.y + rad * std::sin(a);
            const double z = ctx_->groundZ ? ctx_->groundZ(x, y) : 0.0;
            v->push_back(osg::Vec3(float(x - o.x()), float(y - o.y()), float(z)));
        }
        osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
        g->setUseDisplayList(false);
        g->setUseVertexBufferObjects(true);
        g->setVertexArray(v.get());
        osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
        c->push_back(colour);
        g->setColorArray(c.get(), osg::Array::BIND_OVERALL);
        g->addPrimitiveSet(new osg::DrawArrays(GL_LINE_LOOP, 0, GLsizei(v->size())));
        g->getOrCreateStateSet()->setAttributeAndModes(width);
        return g;
    };
    osg::ref_ptr<osg::Geode> rings = new osg::Geode;
    osg::ref_ptr<osg::Geode> labels = new osg::Geode;
    // The selected ring last, so it is on top.
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < spots_.size(); ++k)
        if (!selected_ || k != *selected_) order.push_back(k);
    if (selected_) order.push_back(*selected_);
    for (std::size_t k : order) {
        const Hotspot& h = spots_[k];
        const bool sel = selected_ && k == *selected_;
        const double rad = radius(k);
        rings->addDrawable(ringGeometry(h, rad, sel ? kSelected : kRing, sel ? selected_width_.get() : width_.get()));
        if (font_) {
            osg::ref_ptr<osgText::Text> t = new osgText::Text;
            t->setFont(font_.get());
            t->setFontResolution(64, 64);
            t->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
            t->setAxisAlignment(osgText::Text::SCREEN);
            t->setCharacterSize(float((sel ? 40.0 : 32.0) * scale));
            t->setAlignment(osgText::Text::LEFT_BOTTOM);  // outside the ring, up and right
            t->setColor(sel ? kSelected : kRing);
            t->setBackdropType(osgText::Text::OUTLINE);
            t->setBackdropColor(kShadow);
            t->setBackdropOffset(0.1f);
            t->setText(std::to_string(k + 1));
            // From the ring's north-east point.
            const double x = h.centre.x + rad * 0.7071, y = h.centre.y + rad * 0.7071;
            const double z = ctx_->groundZ ? ctx_->groundZ(x, y) : 0.0;
            t->setPosition(osg::Vec3(float(x - o.x()), float(y - o.y()), float(z)));
            t->setDataVariance(osg::Object::DYNAMIC);
            labels->addDrawable(t.get());
        }
    }
    rings->getOrCreateStateSet()->setMode(GL_LINE_SMOOTH, osg::StateAttribute::ON);
    root_->addChild(rings.get());
    root_->addChild(labels.get());
}

}  // namespace jingwei
