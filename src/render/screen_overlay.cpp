#include "render/screen_overlay.h"

#include <exception>

#include "render/map_scene.h"

namespace jingwei {

osg::ref_ptr<osg::Camera> newScreenCamera() {
    osg::ref_ptr<osg::Camera> c = new osg::Camera;
    c->setReferenceFrame(osg::Transform::ABSOLUTE_RF);
    c->setRenderOrder(osg::Camera::NESTED_RENDER);
    c->setClearMask(0);
    c->setViewMatrix(osg::Matrix::identity());
    c->setCullingActive(false);
    c->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    return c;
}

osg::ref_ptr<osgText::Font> overlayFont() {
    try {
        return osgText::readRefFontFile(mapFontPath());
    } catch (const std::exception&) {
        return nullptr;
    }
}

}  // namespace jingwei
