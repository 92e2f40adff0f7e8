#pragma once
// Pieces overlays share: a camera that draws in window pixels above the map
// (legends; call setProjectionMatrixAsOrtho2D(0, w, 0, h) on resize), and
// the map font for overlay text.
#include <osg/Camera>
#include <osg/ref_ptr>
#include <osgText/Font>

namespace jingwei {

// Absolute reference frame, nested, no clear, no depth test, not culled.
osg::ref_ptr<osg::Camera> newScreenCamera();
// The map's font (mapFontPath()); nullptr when it cannot be loaded: the
// overlay then draws its symbols without text.
osg::ref_ptr<osgText::Font> overlayFont();

}  // namespace jingwei
