#pragma once
// Overlays: things drawn over the map that are not part of the MapModel
// (heat maps, response-time rings, unit symbols, measurement tools, ...).
// Each overlay lives in its own file and plugs into a MapScene:
//
//     class RingsOverlay : public OverlayLayer {
//     public:
//         std::string name() const override { return "rings"; }
//         int drawOrder() const override { return 10; }        // among overlays of its plane
//         osg::Node* node() override { return group_.get(); }
//         void attach(const OverlayContext& ctx) override {     // once, before node() is used
//             // build geometry: vertices RELATIVE to ctx.origin, z from ctx.groundZ(x, y)
//         }
//         void update(const MapCamera& cam, int w, int h) override { /* view-dependent parts */ }
//     private:
//         osg::ref_ptr<osg::Group> group_ = new osg::Group;
//     };
//     scene.addOverlay(std::make_shared<RingsOverlay>(...));
//
// Rules the scene applies (so an overlay need not care):
//  * node() is put under the scene's map transform: vertex (x - origin.x,
//    y - origin.y, z) is map point (x, y) at drawn height z. Use
//    OverlayContext::groundZ for z so the overlay sits on the terrain in 3D
//    (the 2D view flattens every z to the ground, so z costs nothing there).
//    For lines and large polygons, densify to OverlayContext::drapeStep_m
//    so they follow the terrain instead of cutting through hills.
//  * Plane::Ground overlays draw after every map layer (terrain, areas,
//    roads, POIs) and before extruded buildings: buildings hide them in 3D,
//    as they hide roads. Plane::Top overlays draw after the buildings and
//    before the map labels and the HUD (units, selections, tracks).
//    Within a plane, lower drawOrder() draws first; ties keep insertion order.
//  * Render bins: the scene gives the overlay's node a render bin
//    (OVERRIDE_RENDERBIN_DETAILS) unless the overlay's node already has one
//    in [kOverlayBinMin, kOverlayBinMax]; do not use other bins.
//  * Depth: in 3D the depth buffer holds terrain and buildings. Ground
//    overlays are depth-tested (GL_LEQUAL, no depth writes) and drawn pulled
//    towards the eye by a small fraction of their distance, so draped
//    geometry is not hidden by its own terrain while a hill or a building in
//    front does hide it. Top overlays are not depth-tested (always visible).
//    In 2D nothing is depth-tested (the scene overrides GL_DEPTH_TEST off).
//    Either plane may set its own GL_DEPTH_TEST mode on its node in 3D.
//  * Lighting is off and blending (SRC_ALPHA, ONE_MINUS_SRC_ALPHA) is on.
//  * update() is called from MapScene::update() every frame, after the
//    camera has been set, with the new camera and viewport; it runs on the
//    GL/OSG thread, so it may change the overlay's nodes freely.
//  * visible(): the scene hides the node (node mask 0) when it is false.
//  * Map labels draw above every overlay. An overlay whose symbols must stay
//    readable (units, a legend) lists their screen boxes in labelKeepOut();
//    the scene asks visible overlays each frame, after update(), and places
//    district and road labels clear of them.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <osg/Node>
#include <osg/Vec3d>

#include "mapdata/map_model.h"
#include "render/map_camera.h"

namespace jingwei {

// What the scene tells an overlay when it is added.
struct OverlayContext {
    const MapModel* map = nullptr;
    osg::Vec3d origin;                 // vertices are relative to it (float precision)
    double drape_step_m = 0;           // densify lines/polygons to this (0: no terrain, no need)
    // Drawn ground height at map x/y: terrain elevation × the scene's vertical
    // exaggeration in 3D, 0 where there is no terrain. Valid for the scene's life.
    std::function<double(double x, double y)> groundZ;
};

class OverlayLayer {
public:
    enum class Plane { Ground, Top };
    static constexpr int kOverlayBinMin = 1000;
    static constexpr int kOverlayBinMax = 1999;

    virtual ~OverlayLayer() = default;

    virtual std::string name() const = 0;
    virtual int drawOrder() const = 0;
    virtual Plane plane() const { return Plane::Ground; }
    virtual bool visible() const { return true; }
    // The overlay's scene graph (same node for the overlay's life).
    virtual osg::Node* node() = 0;
    // Called by MapScene::addOverlay before node() is attached, and again
    // whenever the scene's ground changes (vertical exaggeration): rebuild
    // heights from the new ctx.groundZ. (2D/3D switches need nothing.)
    virtual void attach(const OverlayContext& /*ctx*/) {}
    // Called every frame by MapScene::update with the current camera.
    virtual void update(const MapCamera& /*cam*/, int /*w*/, int /*h*/) {}
    // Appends screen boxes (pixels, top-left origin) map labels keep clear of.
    virtual void labelKeepOut(std::vector<ScreenRect>& /*out*/) const {}
};

using OverlayPtr = std::shared_ptr<OverlayLayer>;

}  // namespace jingwei
