#pragma once
// What the headless render tests share: whether EGL works, the sample maps
// (loaded once per test binary), a MapScene drawn offscreen frame after
// frame (so overlays can change between frames), a 2D pose at a given
// resolution, and keeping PNGs when JINGWEI_TEST_OUTPUT_DIR is set.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include <osgViewer/Viewer>

#include "mapdata/map_manifest.h"
#include "render/headless.h"
#include "render/map_scene.h"
#include "render/offscreen.h"

namespace jingwei::rtest {

inline const std::string& eglProblem() {
    static const std::string problem = [] {
        try {
            OffscreenContext ctx(16, 16, 0);
            return std::string();
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
    }();
    return problem;
}

#define REQUIRE_EGL()                                                                    \
    do {                                                                                 \
        if (!::jingwei::rtest::eglProblem().empty())                                     \
            FAIL() << "EGL surfaceless rendering is not available: " << ::jingwei::rtest::eglProblem(); \
    } while (0)

inline const MapModel* loadTestMap(const std::string& name, std::string* why) {
    static std::map<std::string, std::unique_ptr<MapModel>> maps;
    static std::map<std::string, std::string> problems;
    if (!maps.count(name) && !problems.count(name)) {
        try {
            LoadOptions lo;
            lo.data_dir = JINGWEI_TEST_DATA_DIR;
            lo.maps_dir = JINGWEI_TEST_MAPS_DIR;
            lo.allow_fallback = false;
            maps[name] = std::make_unique<MapModel>(loadMap(name, lo));
        } catch (const std::exception& e) {
            problems[name] = e.what();
        }
    }
    if (why && problems.count(name)) *why = problems[name];
    return maps.count(name) ? maps[name].get() : nullptr;
}

#define REQUIRE_MAP(var, name)                                                  \
    std::string map_problem_;                                                   \
    const MapModel* var = ::jingwei::rtest::loadTestMap(name, &map_problem_);   \
    if (!var) GTEST_SKIP() << name << " sample data not available: " << map_problem_

inline void savePng(const RgbaImage& img, const std::string& name) {
    if (const char* dir = std::getenv("JINGWEI_TEST_OUTPUT_DIR")) writePng(img, std::string(dir) + "/" + name);
}

// A MapScene drawn offscreen again and again (so overlays can be restyled
// between frames), as headless.cpp's renderer does for one frame.
class SceneView {
public:
    SceneView(const MapModel& map, int w, int h, MapSceneOptions opt = {}) : ctx_(w, h, 4) {
        ctx_.makeCurrent();
        scene_ = std::make_unique<MapScene>(map, opt);
        viewer_ = new osgViewer::Viewer;
        viewer_->setThreadingModel(osgViewer::ViewerBase::SingleThreaded);
        viewer_->setUpViewerAsEmbeddedInWindow(0, 0, w, h);
        osg::Camera* cam = viewer_->getCamera();
        cam->getGraphicsContext()->setDefaultFboId(ctx_.drawFramebuffer());
        cam->setDrawBuffer(GL_COLOR_ATTACHMENT0_EXT);
        cam->setReadBuffer(GL_COLOR_ATTACHMENT0_EXT);
        scene_->bindCamera(cam);
        viewer_->setSceneData(scene_->root());
        viewer_->realize();
    }
    ~SceneView() {
        ctx_.makeCurrent();
        osg::GraphicsContext* gc = viewer_->getCamera()->getGraphicsContext();
        if (gc && gc->getState()) {
            scene_->root()->releaseGLObjects(gc->getState());
            gc->close(true);
        }
        viewer_ = nullptr;
    }
    MapScene& scene() { return *scene_; }
    int width() const { return ctx_.width(); }
    int height() const { return ctx_.height(); }

    RgbaImage render(CameraPose pose) {
        ctx_.makeCurrent();
        if (pose.view3d) pose.z = scene_->groundZ(pose.x, pose.y);
        scene_->update(pose, ctx_.width(), ctx_.height());
        viewer_->frame();
        RgbaImage img = ctx_.readPixels();
        for (std::size_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;
        return img;
    }

private:
    OffscreenContext ctx_;
    std::unique_ptr<MapScene> scene_;
    osg::ref_ptr<osgViewer::Viewer> viewer_;
};

// A 2D pose centred on (x, y) at about mpp metres per pixel.
inline CameraPose poseAt(double x, double y, double mpp, int w, int h) {
    CameraPose p;
    p.x = x;
    p.y = y;
    p.range_m = 1000;
    p.range_m *= mpp / MapCamera(p, w, h).metresPerPixel();
    return p;
}

}  // namespace jingwei::rtest
