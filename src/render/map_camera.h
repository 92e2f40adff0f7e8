#pragma once
// The map camera as pure math: a pose (where we look, from how far, which
// way up, how tilted) and what follows from it for a viewport of w × h
// pixels: view/projection matrices, picking and projection between screen
// and ground, scale, and the interactions the GUI offers.
//
// Screen coordinates are pixels with the origin at the TOP-LEFT corner and y
// growing downwards (image rows); pixel (i, j) covers [i, i+1) × [j, j+1).
// The ground is the plane z = pose.z in map metres (x east, y north): z = 0
// in 2D, the terrain height under the target in 3D (MapScene::pick does the
// exact ray-terrain intersection).
#include <optional>
#include <string>

#include <osg/Matrixd>

#include "core/geo.h"

namespace jingwei {

struct CameraPose {
    double x = 0, y = 0;        // target on the ground, map metres
    double range_m = 1000;      // eye-to-target distance
    double heading_deg = 0;     // 0 = north up, clockwise (90 = east up)
    double tilt_deg = 0;        // 0 = looking straight down
    bool view3d = false;        // false: orthographic top-down; true: perspective with tilt
    double z = 0;               // 3D: drawn height of the target (terrain under it); 2D ignores it
};

struct ScreenPoint {
    double x = 0, y = 0;
};

// A screen rectangle [x0, x1) × [y0, y1) in the same coordinates.
struct ScreenRect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return !(x1 > x0 && y1 > y0); }
    bool contains(double x, double y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
    bool intersects(const ScreenRect& o) const {
        return !empty() && !o.empty() && x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
    }
    ScreenRect grown(double m) const { return ScreenRect{x0 - m, y0 - m, x1 + m, y1 + m}; }
};

// Limits the interactions keep a pose within.
struct CameraLimits {
    static constexpr double kMinRange_m = 20.0;
    static constexpr double kMaxRange_m = 5.0e6;
    static constexpr double kMaxTilt_deg = 75.0;
    static constexpr double kDefault3dTilt_deg = 50.0;
};

class MapCamera {
public:
    // Vertical field of view of the 3D view; the 2D view shows the same
    // ground height at the target, so toggling 2D/3D keeps the scale.
    static constexpr double kFovY_deg = 30.0;

    MapCamera(const CameraPose& pose, int width_px, int height_px);

    const CameraPose& pose() const { return pose_; }
    int width() const { return w_; }
    int height() const { return h_; }

    // OSG convention (row vectors: clip = v * view * projection).
    const osg::Matrixd& viewMatrix() const { return view_; }
    const osg::Matrixd& projectionMatrix() const { return proj_; }
    osg::Vec3d eye() const;

    // The ground point under a screen point; nullopt when the ray misses the
    // ground (above the horizon in 3D).
    std::optional<XY> screenToGround(double sx, double sy) const;
    // Where a map point lands on screen; nullopt when it is behind the eye.
    // The result may lie outside the viewport.
    std::optional<ScreenPoint> groundToScreen(double x, double y, double z = 0.0) const;
    // The ray through a screen point: from its near-plane point along dir
    // (unit length, away from the eye).
    void screenRay(double sx, double sy, osg::Vec3d* from, osg::Vec3d* dir) const;
    // Ground metres per screen pixel (horizontally) at the screen centre.
    double metresPerPixel() const;

private:
    CameraPose pose_;
    int w_, h_;
    osg::Matrixd view_, proj_, vp_inverse_;
};

// Normalises a pose: heading in [0, 360), tilt in [0, kMaxTilt] (0 in 2D),
// range within the limits.
CameraPose clampPose(CameraPose pose);

// "Home": north up, top-down, centred on the bounds, the bounds filling the
// viewport with margin_frac of free space around them. With view3d the home
// is tilted (kDefault3dTilt_deg) at the same range and target.
CameraPose fitBounds(const Bounds& bounds, int width_px, int height_px, bool view3d = false,
                     double margin_frac = 0.04);

// Interactions (all return a clamped pose).
// Moves the map so the ground point under `from` ends up under `to`.
CameraPose panPose(const CameraPose& pose, int w, int h, ScreenPoint from, ScreenPoint to);
// Zooms by `factor` (> 1 zooms in) keeping the ground point under the cursor fixed.
CameraPose zoomAbout(const CameraPose& pose, int w, int h, ScreenPoint cursor, double factor);
// Adds to heading (clockwise) and tilt; tilt is ignored in 2D.
CameraPose rotatePose(const CameraPose& pose, double d_heading_deg, double d_tilt_deg);
// Switches between 2D and 3D keeping target, range and heading; a 3D pose
// with no tilt gets the default tilt.
CameraPose setView3d(const CameraPose& pose, bool view3d);

// A camera flight from a to b at t in [0, 1] (eased): the target moves
// along the ground, heading turns the short way, and when the targets are
// far apart compared with the ranges the camera rises on the way so the
// commander keeps the overview. t = 0 gives a, t = 1 gives b (clamped).
CameraPose interpolatePose(const CameraPose& a, const CameraPose& b, double t);

// The scale bar: the largest "round" length (1, 2, 5 × 10^k metres) that is
// at most max_px long at the given metres per pixel.
double niceScaleLength_m(double metres_per_pixel, double max_px);
// "50 m", "500 m", "1 km", "2.5 km" ...
std::string formatDistance(double metres);

}  // namespace jingwei
