#pragma once
// A fresh geometry for overlay symbols and fills: one colour for all its
// vertices, vertex buffer objects, no display list (overlays rebuild often).
#include <array>
#include <initializer_list>

#include <osg/Geometry>
#include <osg/Vec4>
#include <osg/ref_ptr>

namespace jingwei {

osg::ref_ptr<osg::Geometry> newOverlayGeometry(const osg::Vec4& colour);
// Axis-aligned rectangles {x0, y0, x1, y1} at z = 0 as triangles, one colour.
osg::ref_ptr<osg::Geometry> newOverlayRects(std::initializer_list<std::array<float, 4>> rects, const osg::Vec4& colour);

}  // namespace jingwei
