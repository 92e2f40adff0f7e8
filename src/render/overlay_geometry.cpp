#include "render/overlay_geometry.h"

namespace jingwei {

osg::ref_ptr<osg::Geometry> newOverlayGeometry(const osg::Vec4& colour) {
    osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
    g->setUseDisplayList(false);
    g->setUseVertexBufferObjects(true);
    osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
    c->push_back(colour);
    g->setColorArray(c.get(), osg::Array::BIND_OVERALL);
    return g;
}

osg::ref_ptr<osg::Geometry> newOverlayRects(std::initializer_list<std::array<float, 4>> rects, const osg::Vec4& colour) {
    osg::ref_ptr<osg::Geometry> g = newOverlayGeometry(colour);
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    for (const auto& [x0, y0, x1, y1] : rects)
        for (const auto& p : {osg::Vec3(x0, y0, 0), osg::Vec3(x1, y0, 0), osg::Vec3(x1, y1, 0), osg::Vec3(x0, y0, 0),
                              osg::Vec3(x1, y1, 0), osg::Vec3(x0, y1, 0)})
            v->push_back(p);
    g->setVertexArray(v.get());
    g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, GLsizei(v->size())));
    return g;
}

}  // namespace jingwei
