#include "render/screen_box.h"

#include <cmath>

namespace jingwei {

void ScreenShapes::quad(float ax, float ay, float bx, float by, const osg::Vec4& colour) {
    for (const auto& p : {osg::Vec3(ax, ay, 0), osg::Vec3(bx, ay, 0), osg::Vec3(bx, by, 0), osg::Vec3(ax, ay, 0),
                          osg::Vec3(bx, by, 0), osg::Vec3(ax, by, 0)}) {
        v_->push_back(p);
        c_->push_back(colour);
    }
}

void ScreenShapes::disc(float cx, float cy, float r, const osg::Vec4& colour, int segments) {
    for (int k = 0; k < segments; ++k) {
        const double a0 = 2 * M_PI * k / segments, a1 = 2 * M_PI * (k + 1) / segments;
        for (const auto& p : {osg::Vec3(cx, cy, 0), osg::Vec3(cx + r * float(std::cos(a0)), cy + r * float(std::sin(a0)), 0),
                              osg::Vec3(cx + r * float(std::cos(a1)), cy + r * float(std::sin(a1)), 0)}) {
            v_->push_back(p);
            c_->push_back(colour);
        }
    }
}

void ScreenShapes::panel(float x0, float y0, float x1, float y1, float s) {
    quad(x0, y0, x1, y1, osg::Vec4(6 / 255.f, 10 / 255.f, 18 / 255.f, 0.88f));
    const osg::Vec4 accent(58 / 255.f, 150 / 255.f, 196 / 255.f, 0.8f);
    const float b = 1.5f * s;
    quad(x0, y0, x1, y0 + b, accent);
    quad(x0, y1 - b, x1, y1, accent);
    quad(x0, y0, x0 + b, y1, accent);
    quad(x1 - b, y0, x1, y1, accent);
}

osg::ref_ptr<osg::Geometry> ScreenShapes::geometry() const {
    osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
    g->setVertexArray(v_.get());
    g->setColorArray(c_.get(), osg::Array::BIND_PER_VERTEX);
    g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, GLsizei(v_->size())));
    g->setUseDisplayList(false);
    g->setUseVertexBufferObjects(true);
    return g;
}

void addScreenText(osg::Geode& geode, osgText::Font* font, const std::string& text, float x, float y, float px,
                   osgText::Text::AlignmentType align, const osg::Vec4& colour) {
    if (!font) return;
    osg::ref_ptr<osgText::Text> t = new osgText::Text;
    t->setFont(font);
    t->setFontResolution(64, 64);
    t->setCharacterSize(px);
    t->setAlignment(align);
    t->setColor(colour);
    t->setPosition(osg::Vec3(x, y, 0));
    t->setText(text, osgText::String::ENCODING_UTF8);
    geode.addDrawable(t.get());
}

}  // namespace jingwei
