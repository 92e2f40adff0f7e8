#include "render/map_camera.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace jingwei {

namespace {

constexpr double kPi = 3.14159265358979323846;
double rad(double deg) { return deg * kPi / 180.0; }

double halfHeightAtTarget(double range_m) {
    return range_m * std::tan(rad(MapCamera::kFovY_deg * 0.5));
}

}  // namespace

CameraPose clampPose(CameraPose p) {
    if (!std::isfinite(p.heading_deg)) p.heading_deg = 0;
    p.heading_deg = std::fmod(p.heading_deg, 360.0);
    if (p.heading_deg < 0) p.heading_deg += 360.0;
    if (p.heading_deg >= 360.0) p.heading_deg = 0;
    if (!std::isfinite(p.tilt_deg)) p.tilt_deg = 0;
    p.tilt_deg = p.view3d ? std::clamp(p.tilt_deg, 0.0, CameraLimits::kMaxTilt_deg) : 0.0;
    if (!std::isfinite(p.range_m)) p.range_m = 1000;
    if (!std::isfinite(p.z) || !p.view3d) p.z = 0;
    p.range_m = std::clamp(p.range_m, CameraLimits::kMinRange_m, CameraLimits::kMaxRange_m);
    return p;
}

MapCamera::MapCamera(const CameraPose& pose, int width_px, int height_px)
    : pose_(clampPose(pose)), w_(std::max(1, width_px)), h_(std::max(1, height_px)) {
    const double h = rad(pose_.heading_deg);
    const double t = rad(pose_.tilt_deg);
    const osg::Vec3d target(pose_.x, pose_.y, pose_.view3d ? pose_.z : 0.0);
    // Forward on the ground = the direction that is "up" on screen.
    const osg::Vec3d fwd(std::sin(h), std::cos(h), 0.0);
    const osg::Vec3d z(0, 0, 1);
    const osg::Vec3d eye = target - fwd * (pose_.range_m * std::sin(t)) + z * (pose_.range_m * std::cos(t));
    const osg::Vec3d up = fwd * std::cos(t) + z * std::sin(t);
    view_.makeLookAt(eye, target, up);

    const double aspect = static_cast<double>(w_) / h_;
    if (pose_.view3d) {
        const double znear = std::max(0.5, pose_.range_m * 0.02);
        const double zfar = pose_.range_m * 40.0;
        proj_.makePerspective(kFovY_deg, aspect, znear, zfar);
    } else {
        const double hh = halfHeightAtTarget(pose_.range_m);
        const double hw = hh * aspect;
        // The near plane is far behind the eye: in 2D everything is seen from
        // straight above, mountains and towers taller than the range included.
        proj_.makeOrtho(-hw, hw, -hh, hh, -1.0e5, pose_.range_m * 2.0 + 100.0);
    }
    vp_inverse_ = osg::Matrixd::inverse(view_ * proj_);
}

osg::Vec3d MapCamera::eye() const {
    osg::Vec3d eye, center, up;
    view_.getLookAt(eye, center, up);
    return eye;
}

std::optional<XY> MapCamera::screenToGround(double sx, double sy) const {
    const double nx = 2.0 * sx / w_ - 1.0;
    const double ny = 1.0 - 2.0 * sy / h_;
    const osg::Vec3d a = osg::Vec3d(nx, ny, -1.0) * vp_inverse_;
    const osg::Vec3d b = osg::Vec3d(nx, ny, 1.0) * vp_inverse_;
    const double dz = b.z() - a.z();
    if (std::abs(dz) < 1e-12) return std::nullopt;
    const double gz = pose_.view3d ? pose_.z : 0.0;
    const double s = (gz - a.z()) / dz;  // parameter along a→b where z = the ground
    if (s < 0.0) return std::nullopt;
    // Beyond the far plane the ray still meets the ground, but not visibly:
    // allow it (picking near the horizon) as long as it is in front.
    const osg::Vec3d p = a + (b - a) * s;
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) return std::nullopt;
    return XY{p.x(), p.y()};
}

void MapCamera::screenRay(double sx, double sy, osg::Vec3d* from, osg::Vec3d* dir) const {
    const double nx = 2.0 * sx / w_ - 1.0;
    const double ny = 1.0 - 2.0 * sy / h_;
    const osg::Vec3d a = osg::Vec3d(nx, ny, -1.0) * vp_inverse_;
    const osg::Vec3d b = osg::Vec3d(nx, ny, 1.0) * vp_inverse_;
    osg::Vec3d d = b - a;
    d.normalize();
    *from = a;
    *dir = d;
}

std::optional<ScreenPoint> MapCamera::groundToScreen(double x, double y, double z) const {
    const osg::Matrixd vp = view_ * proj_;
    const osg::Vec4d c = osg::Vec4d(x, y, z, 1.0) * vp;
    if (c.w() <= 1e-12) return std::nullopt;
    const double nx = c.x() / c.w(), ny = c.y() / c.w();
    return ScreenPoint{(nx + 1.0) * 0.5 * w_, (1.0 - ny) * 0.5 * h_};
}

double MapCamera::metresPerPixel() const {
    if (!pose_.view3d) return 2.0 * halfHeightAtTarget(pose_.range_m) / h_;
    const auto a = screenToGround(0.5 * w_ - 0.5, 0.5 * h_);
    const auto b = screenToGround(0.5 * w_ + 0.5, 0.5 * h_);
    if (!a || !b) return 2.0 * halfHeightAtTarget(pose_.range_m) / h_;
    return std::hypot(b->x - a->x, b->y - a->y);
}

CameraPose fitBounds(const Bounds& bounds, int width_px, int height_px, bool view3d, double margin_frac) {
    CameraPose p;
    p.view3d = false;
    const int w = std::max(1, width_px), h = std::max(1, height_px);
    if (bounds.empty()) return clampPose(p);
    p.x = bounds.centerX();
    p.y = bounds.centerY();
    const double usable = std::max(0.1, 1.0 - 2.0 * margin_frac);
    const double mpp = std::max({bounds.width() / (w * usable), bounds.height() / (h * usable), 1e-3});
    // In 2D: visible height 2·range·tan(fov/2) = mpp·h.
    p.range_m = mpp * h / (2.0 * std::tan(rad(MapCamera::kFovY_deg * 0.5)));
    if (view3d) {
        p.view3d = true;
        p.tilt_deg = CameraLimits::kDefault3dTilt_deg;
    }
    return clampPose(p);
}

CameraPose panPose(const CameraPose& pose, int w, int h, ScreenPoint from, ScreenPoint to) {
    const MapCamera cam(pose, w, h);
    const auto a = cam.screenToGround(from.x, from.y);
    const auto b = cam.screenToGround(to.x, to.y);
    if (!a || !b) return cam.pose();
    CameraPose p = cam.pose();
    double dx = a->x - b->x, dy = a->y - b->y;
    // Near the horizon a pixel is worth kilometres: keep a drag sane.
    const double limit = p.range_m * 2.0;
    const double len = std::hypot(dx, dy);
    if (len > limit) {
        dx *= limit / len;
        dy *= limit / len;
    }
    p.x += dx;
    p.y += dy;
    return clampPose(p);
}

CameraPose zoomAbout(const CameraPose& pose, int w, int h, ScreenPoint cursor, double factor) {
    const MapCamera cam(pose, w, h);
    CameraPose p = cam.pose();
    if (!(factor > 0) || !std::isfinite(factor)) return p;
    const double new_range =
        std::clamp(p.range_m / factor, CameraLimits::kMinRange_m, CameraLimits::kMaxRange_m);
    const double s = new_range / p.range_m;  // homothety about the ground point under the cursor
    if (const auto g = cam.screenToGround(cursor.x, cursor.y)) {
        const double d = std::hypot(g->x - p.x, g->y - p.y);
        if (d < p.range_m * 20.0) {
            p.x = g->x + (p.x - g->x) * s;
            p.y = g->y + (p.y - g->y) * s;
        }
    }
    p.range_m = new_range;
    return clampPose(p);
}

CameraPose rotatePose(const CameraPose& pose, double d_heading_deg, double d_tilt_deg) {
    CameraPose p = pose;
    p.heading_deg += d_heading_deg;
    if (p.view3d) p.tilt_deg += d_tilt_deg;
    return clampPose(p);
}

CameraPose setView3d(const CameraPose& pose, bool view3d) {
    CameraPose p = pose;
    if (view3d && !p.view3d && p.tilt_deg <= 0.0) p.tilt_deg = CameraLimits::kDefault3dTilt_deg;
    p.view3d = view3d;
    return clampPose(p);
}

CameraPose interpolatePose(const CameraPose& a0, const CameraPose& b0, double t) {
    const CameraPose a = clampPose(a0), b = clampPose(b0);
    if (!(t > 0)) return a;
    if (t >= 1) return b;
    const double e = t * t * (3 - 2 * t);  // smoothstep
    CameraPose p = b;
    p.x = a.x + (b.x - a.x) * e;
    p.y = a.y + (b.y - a.y) * e;
    p.z = a.z + (b.z - a.z) * e;
    double dh = std::fmod(b.heading_deg - a.heading_deg, 360.0);
    if (dh > 180) dh -= 360;
    if (dh < -180) dh += 360;
    p.heading_deg = a.heading_deg + dh * e;
    p.tilt_deg = (a.view3d ? a.tilt_deg : 0.0) + ((b.view3d ? b.tilt_deg : 0.0) - (a.view3d ? a.tilt_deg : 0.0)) * e;
    p.view3d = b.view3d || a.view3d ? (e < 0.5 ? a.view3d : b.view3d) : false;
    if (a.view3d || b.view3d) p.view3d = true;
    double r = std::exp(std::log(a.range_m) + (std::log(b.range_m) - std::log(a.range_m)) * e);
    const double d = std::hypot(b.x - a.x, b.y - a.y);
    const double peak = 0.9 * d;
    if (peak > std::max(a.range_m, b.range_m)) r += (peak - r) * std::sin(kPi * e) * 0.8;
    p.range_m = r;
    p = clampPose(p);
    if (t >= 1) p = b;
    return p;
}

double niceScaleLength_m(double mpp, double max_px) {
    if (!(mpp > 0) || !(max_px > 0)) return 0;
    const double max_m = mpp * max_px;
    double decade = std::pow(10.0, std::floor(std::log10(max_m)));
    for (;;) {
        for (const double m : {5.0, 2.0, 1.0}) {
            const double len = m * decade;
            if (len <= max_m * (1.0 + 1e-9)) return len;
        }
        decade /= 10.0;
    }
}

std::string formatDistance(double metres) {
    char buf[64];
    if (metres >= 1000.0) {
        const double km = metres / 1000.0;
        if (std::abs(km - std::round(km)) < 1e-9)
            std::snprintf(buf, sizeof buf, "%.0f km", km);
        else
            std::snprintf(buf, sizeof buf, "%g km", km);
    } else if (metres >= 1.0) {
        std::snprintf(buf, sizeof buf, "%.0f m", metres);
    } else {
        std::snprintf(buf, sizeof buf, "%g m", metres);
    }
    return buf;
}

}  // namespace jingwei
