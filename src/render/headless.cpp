#include "render/headless.h"

#include <png.h>

#include <cerrno>
#include <csetjmp>
#include <cstring>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <osgViewer/Viewer>

#include "core/crs.h"
#include "core/error.h"
#include "render/map_scene.h"
#include "render/offscreen.h"

namespace jingwei {

namespace {

// An offscreen context with an embedded single-threaded OSG viewer drawing a MapScene.
class OffscreenMapView {
public:
    OffscreenMapView(const MapModel& map, int w, int h, int samples, const std::string& language,
                     const RenderRequest* req = nullptr)
        : ctx_(w, h, samples) {
        ctx_.makeCurrent();
        MapSceneOptions opt;
        opt.language = language;
        if (req) {
            opt.vertical_exaggeration = req->vertical_exaggeration;
            opt.road_labels = req->road_labels;
            opt.show_legend = req->show_legend;
        }
        scene_ = std::make_unique<MapScene>(map, opt);
        viewer_ = new osgViewer::Viewer;
        viewer_->setThreadingModel(osgViewer::ViewerBase::SingleThreaded);
        viewer_->setUpViewerAsEmbeddedInWindow(0, 0, w, h);
        viewer_->setKeyEventSetsDone(0);
        viewer_->setQuitEventSetsDone(false);
        osg::Camera* cam = viewer_->getCamera();
        cam->getGraphicsContext()->setDefaultFboId(ctx_.drawFramebuffer());
        cam->setDrawBuffer(GL_COLOR_ATTACHMENT0_EXT);
        cam->setReadBuffer(GL_COLOR_ATTACHMENT0_EXT);
        scene_->bindCamera(cam);
        viewer_->setSceneData(scene_->root());
        viewer_->realize();
    }

    ~OffscreenMapView() {
        // Release OSG's GL objects while our context is current, then the viewer.
        ctx_.makeCurrent();
        if (viewer_.valid()) {
            osg::GraphicsContext* gc = viewer_->getCamera()->getGraphicsContext();
            if (gc && gc->getState()) {
                scene_->root()->releaseGLObjects(gc->getState());
                gc->close(true);
            }
            viewer_ = nullptr;
        }
    }

    MapScene& scene() { return *scene_; }

    void frame(const CameraPose& pose) {
        ctx_.makeCurrent();
        const auto t0 = std::chrono::steady_clock::now();
        scene_->update(pose, ctx_.width(), ctx_.height());
        update_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        viewer_->frame();
    }
    double update_ms_ = 0;  // total time spent in MapScene::update

    OffscreenContext& context() { return ctx_; }

private:
    OffscreenContext ctx_;
    std::unique_ptr<MapScene> scene_;
    osg::ref_ptr<osgViewer::Viewer> viewer_;
};

// libpng with its setjmp error handling, kept free of C++ objects.
bool encodePng(std::FILE* fp, const RgbaImage& img) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, fp);
    png_set_compression_level(png, 6);
    png_set_IHDR(png, info, img.width, img.height, 8, PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < img.height; ++y) png_write_row(png, const_cast<png_bytep>(img.at(0, y)));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

CameraPose poseForRequest(const MapModel& map, const RenderRequest& req) {
    if (req.pose) return clampPose(*req.pose);
    CameraPose pose = fitBounds(homeBounds(map), req.width, req.height, req.view3d);
    if (req.camera) {
        const CameraSpec& c = *req.camera;
        if (!validLonLat(c.lon, c.lat))
            throw Error("camera", "lon/lat", "invalid camera position " + std::to_string(c.lon) + ", " + std::to_string(c.lat));
        if (map.crs.empty()) throw Error("camera", "map", "the map has no CRS to place a lon/lat camera in");
        const Projector proj(map.crs);
        const XY p = proj.forward(LonLat{c.lon, c.lat});
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            throw Error("camera", map.crs, "cannot project the camera position");
        pose.x = p.x;
        pose.y = p.y;
        if (c.range_m > 0) pose.range_m = c.range_m;
        pose.heading_deg = c.heading_deg;
        pose.tilt_deg = req.view3d ? c.tilt_deg : 0.0;
        pose.view3d = req.view3d;
    }
    return clampPose(pose);
}

RgbaImage renderMap(const MapModel& map, const RenderRequest& req, CameraPose* used_pose) {
    RenderInfo info;
    RgbaImage img = renderMap(map, req, &info);
    if (used_pose) *used_pose = info.pose;
    return img;
}

RgbaImage renderMap(const MapModel& map, const RenderRequest& req, RenderInfo* info) {
    if (req.width <= 0 || req.height <= 0)
        throw Error("render", "size", "invalid image size " + std::to_string(req.width) + "x" + std::to_string(req.height));
    CameraPose pose = poseForRequest(map, req);
    OffscreenMapView view(map, req.width, req.height, req.samples, req.language, &req);
    MapScene& scene = view.scene();
    for (std::size_t i = 0; i < scene.layers().size(); ++i)
        for (const auto& name : req.hidden_layers)
            if (scene.layers()[i].name == name) scene.setLayerVisible(i, false);
    for (const auto& o : req.overlays) scene.addOverlay(o);
    // In 3D the camera looks at the terrain under the target.
    if (pose.view3d) pose.z = scene.groundZ(pose.x, pose.y);
    view.frame(pose);
    RgbaImage img = view.context().readPixels();
    // The map is opaque; blending leaves partial alpha where HUD panels are.
    for (std::size_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;
    if (info) {
        info->pose = pose;
        info->labels = scene.labels();
        info->road_labels = scene.roadLabels();
        info->hud.clear();
        for (const auto& r : scene.hudLayout().all())
            if (!r.empty()) info->hud.push_back(r);
        info->ground_z_at_target = scene.groundZ(pose.x, pose.y);
    }
    return img;
}

void writePng(const RgbaImage& img, const std::string& path) {
    if (img.width <= 0 || img.height <= 0 ||
        img.pixels.size() != static_cast<std::size_t>(img.width) * img.height * 4)
        throw Error(path, "", "empty or malformed image");
    const std::string tmp = path + ".tmp";
    std::FILE* fp = std::fopen(tmp.c_str(), "wb");
    if (!fp) throw Error(path, "", std::string("cannot open for writing: ") + std::strerror(errno));
    const bool ok = encodePng(fp, img);
    const bool closed = std::fclose(fp) == 0;
    if (!ok || !closed) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw Error(path, "", "PNG encoding or writing failed");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(path, "", "cannot rename the temporary file into place: " + ec.message());
    }
}

std::vector<RenderBenchResult> benchRender(const MapModel& map, const std::vector<std::pair<int, int>>& sizes,
                                           double seconds_per_size, bool view3d) {
    RenderRequest req;
    req.view3d = view3d;
    return benchRender(map, sizes, seconds_per_size, req);
}

std::vector<RenderBenchResult> benchRender(const MapModel& map, const std::vector<std::pair<int, int>>& sizes,
                                           double seconds_per_size, const RenderRequest& base) {
    std::vector<RenderBenchResult> out;
    for (const auto& [w, h] : sizes) {
        RenderRequest req = base;
        req.width = w;
        req.height = h;
        const auto t0 = std::chrono::steady_clock::now();
        OffscreenMapView view(map, w, h, req.samples, req.language, &req);
        MapScene& scene = view.scene();
        for (std::size_t i = 0; i < scene.layers().size(); ++i)
            for (const auto& name : req.hidden_layers)
                if (scene.layers()[i].name == name) scene.setLayerVisible(i, false);
        for (const auto& o : req.overlays) scene.addOverlay(o);
        CameraPose home = poseForRequest(map, req);
        if (home.view3d) home.z = view.scene().groundZ(home.x, home.y);
        view.frame(home);
        view.context().finish();
        RenderBenchResult r{w, h, msSince(t0), 0.0, 0, 0.0};
        // Steady state: a slow orbit and zoom, so nothing is cached between frames.
        view.update_ms_ = 0;
        const auto t1 = std::chrono::steady_clock::now();
        double elapsed_ms = 0;
        do {
            CameraPose p = home;
            p.heading_deg = std::fmod(r.frames * 1.5, 360.0);
            p.range_m = home.range_m * (0.7 + 0.3 * std::cos(r.frames * 0.05));
            view.frame(p);
            view.context().finish();
            ++r.frames;
            elapsed_ms = msSince(t1);
        } while (elapsed_ms < seconds_per_size * 1000.0 || r.frames < 2);
        r.fps = r.frames / (elapsed_ms / 1000.0);
        r.update_ms = view.update_ms_ / r.frames;
        out.push_back(r);
    }
    return out;
}

}  // namespace jingwei
