#pragma once
// Pieces of screen-space legends (overlays drawn through newScreenCamera(),
// in window pixels with y up): coloured triangles for boxes, swatches and
// discs, the HUD's panel look (dark, nearly opaque, thin accent border), and
// text in the map font.
#include <string>

#include <osg/Geode>
#include <osg/Geometry>
#include <osg/Vec4>
#include <osg/ref_ptr>
#include <osgText/Font>
#include <osgText/Text>

namespace jingwei {

class ScreenShapes {
public:
    void quad(float ax, float ay, float bx, float by, const osg::Vec4& colour);
    void disc(float cx, float cy, float r, const osg::Vec4& colour, int segments = 32);
    // The HUD's panel from (x0, y0) to (x1, y1); s is the ui scale (border width).
    void panel(float x0, float y0, float x1, float y1, float s);
    // Everything added so far as one triangle list (per-vertex colours).
    osg::ref_ptr<osg::Geometry> geometry() const;

private:
    osg::ref_ptr<osg::Vec3Array> v_ = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> c_ = new osg::Vec4Array;
};

// A text drawable in the font at (x, y) pixels, px high; nothing without a font.
void addScreenText(osg::Geode& geode, osgText::Font* font, const std::string& text, float x, float y, float px,
                   osgText::Text::AlignmentType align, const osg::Vec4& colour);

}  // namespace jingwei
