// Camera math: picking and projection round trips, fit, interactions, scale bar.
#include <gtest/gtest.h>

#include <cmath>

#include "render/map_camera.h"

namespace jingwei {
namespace {

std::vector<CameraPose> samplePoses() {
    std::vector<CameraPose> poses;
    for (bool v3 : {false, true})
        for (double heading : {0.0, 37.0, 90.0, 200.0})
            for (double tilt : {0.0, 30.0, 60.0, 75.0}) {
                if (!v3 && tilt > 0) continue;
                CameraPose p;
                p.x = 500000.0 + 1234.5;  // Gauss-Krüger-like large coordinates
                p.y = 2496000.0 - 321.0;
                p.range_m = 3500;
                p.heading_deg = heading;
                p.tilt_deg = tilt;
                p.view3d = v3;
                poses.push_back(p);
            }
    return poses;
}

TEST(MapCamera, ScreenGroundScreenRoundTrip) {
    for (const auto& pose : samplePoses()) {
        const MapCamera cam(pose, 1920, 1080);
        for (double sx : {0.0, 17.5, 960.0, 1500.25, 1919.0})
            for (double sy : {200.0, 540.0, 1079.0}) {
                const auto g = cam.screenToGround(sx, sy);
                ASSERT_TRUE(g) << "tilt " << pose.tilt_deg << " at " << sx << "," << sy;
                const auto s = cam.groundToScreen(g->x, g->y);
                ASSERT_TRUE(s);
                EXPECT_NEAR(s->x, sx, 1e-4) << "heading " << pose.heading_deg << " tilt " << pose.tilt_deg;
                EXPECT_NEAR(s->y, sy, 1e-4) << "heading " << pose.heading_deg << " tilt " << pose.tilt_deg;
            }
    }
}

TEST(MapCamera, GroundScreenGroundRoundTrip) {
    for (const auto& pose : samplePoses()) {
        const MapCamera cam(pose, 1600, 900);
        for (double dx : {-800.0, 0.0, 650.0})
            for (double dy : {-300.0, 0.0, 900.0}) {
                const auto s = cam.groundToScreen(pose.x + dx, pose.y + dy);
                ASSERT_TRUE(s);
                const auto g = cam.screenToGround(s->x, s->y);
                ASSERT_TRUE(g);
                EXPECT_NEAR(g->x, pose.x + dx, 1e-3);
                EXPECT_NEAR(g->y, pose.y + dy, 1e-3);
            }
    }
}

TEST(MapCamera, TargetIsAtScreenCentre) {
    for (const auto& pose : samplePoses()) {
        const MapCamera cam(pose, 1920, 1080);
        const auto s = cam.groundToScreen(pose.x, pose.y);
        ASSERT_TRUE(s);
        EXPECT_NEAR(s->x, 960.0, 1e-6);
        EXPECT_NEAR(s->y, 540.0, 1e-6);
    }
}

TEST(MapCamera, HeadingTurnsTheMapClockwise) {
    CameraPose p;
    p.x = 1000;
    p.y = 2000;
    p.range_m = 1000;
    // North up: a point north of the target is above the centre.
    {
        const MapCamera cam(p, 800, 600);
        const auto n = cam.groundToScreen(p.x, p.y + 100);
        EXPECT_NEAR(n->x, 400, 1e-6);
        EXPECT_LT(n->y, 300);
    }
    // Heading 90: east is up, north points left.
    p.heading_deg = 90;
    {
        const MapCamera cam(p, 800, 600);
        const auto e = cam.groundToScreen(p.x + 100, p.y);
        EXPECT_NEAR(e->x, 400, 1e-6);
        EXPECT_LT(e->y, 300);
        const auto n = cam.groundToScreen(p.x, p.y + 100);
        EXPECT_LT(n->x, 400);
        EXPECT_NEAR(n->y, 300, 1e-6);
    }
}

TEST(MapCamera, TiltedViewLooksForward) {
    CameraPose p;
    p.range_m = 2000;
    p.view3d = true;
    p.tilt_deg = 60;
    const MapCamera cam(p, 1000, 1000);
    // The eye is south of the target (north up) and above the ground.
    const osg::Vec3d eye = cam.eye();
    EXPECT_LT(eye.y(), 0);
    EXPECT_GT(eye.z(), 0);
    EXPECT_NEAR(eye.length(), 2000, 1e-6);
    // Far things are smaller: the same 100 m spans fewer pixels further north.
    const auto a0 = cam.groundToScreen(0, 0), a1 = cam.groundToScreen(100, 0);
    const auto b0 = cam.groundToScreen(0, 1000), b1 = cam.groundToScreen(100, 1000);
    EXPECT_GT(a1->x - a0->x, b1->x - b0->x);
    // Above the horizon there is no ground: at the maximum tilt the top
    // edge looks at the horizon, so a ray a little above it misses.
    CameraPose q = p;
    q.tilt_deg = CameraLimits::kMaxTilt_deg;
    EXPECT_FALSE(MapCamera(q, 1000, 1000).screenToGround(500, -50).has_value());
}

TEST(MapCamera, MetresPerPixel) {
    CameraPose p;
    p.range_m = 1000;
    const MapCamera cam2d(p, 1920, 1080);
    const double expected = 2.0 * 1000 * std::tan(15.0 * M_PI / 180.0) / 1080;
    EXPECT_NEAR(cam2d.metresPerPixel(), expected, 1e-9);
    // A straight-down 3D view has the same scale at the centre.
    p.view3d = true;
    p.tilt_deg = 0;
    const MapCamera cam3d(p, 1920, 1080);
    EXPECT_NEAR(cam3d.metresPerPixel(), expected, expected * 1e-3);
    // Moving across the centre by N pixels covers N·mpp metres.
    const auto g0 = cam2d.screenToGround(960, 540), g1 = cam2d.screenToGround(1060, 540);
    EXPECT_NEAR(std::hypot(g1->x - g0->x, g1->y - g0->y), 100 * expected, 1e-6);
}

TEST(MapCamera, FitContainsBounds) {
    Bounds b;
    b.add(498000, 2490000);
    b.add(502400, 2493700);
    for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}, std::pair{800, 800}}) {
        const CameraPose p = fitBounds(b, w, h);
        EXPECT_FALSE(p.view3d);
        EXPECT_EQ(p.heading_deg, 0);
        const MapCamera cam(p, w, h);
        double min_sx = 1e9, max_sx = -1e9, min_sy = 1e9, max_sy = -1e9;
        for (double x : {b.min_x, b.max_x})
            for (double y : {b.min_y, b.max_y}) {
                const auto s = cam.groundToScreen(x, y);
                ASSERT_TRUE(s);
                min_sx = std::min(min_sx, s->x);
                max_sx = std::max(max_sx, s->x);
                min_sy = std::min(min_sy, s->y);
                max_sy = std::max(max_sy, s->y);
            }
        EXPECT_GE(min_sx, 0);
        EXPECT_LE(max_sx, w);
        EXPECT_GE(min_sy, 0);
        EXPECT_LE(max_sy, h);
        // ... and fills it along one axis (up to the margin).
        EXPECT_TRUE((max_sx - min_sx) > 0.9 * w || (max_sy - min_sy) > 0.9 * h);
    }
    // A 3D home is tilted, same target.
    const CameraPose p3 = fitBounds(b, 1920, 1080, true);
    EXPECT_TRUE(p3.view3d);
    EXPECT_GT(p3.tilt_deg, 0);
    EXPECT_DOUBLE_EQ(p3.x, b.centerX());
}

TEST(MapCamera, ZoomKeepsTheGroundUnderTheCursor) {
    for (const auto& pose : samplePoses()) {
        const int w = 1600, h = 900;
        const ScreenPoint cursor{1234, 321};
        const auto before = MapCamera(pose, w, h).screenToGround(cursor.x, cursor.y);
        ASSERT_TRUE(before);
        for (double f : {1.25, 0.8, 3.0}) {
            const CameraPose z = zoomAbout(pose, w, h, cursor, f);
            EXPECT_NEAR(z.range_m, pose.range_m / f, 1e-6);
            const auto after = MapCamera(z, w, h).screenToGround(cursor.x, cursor.y);
            ASSERT_TRUE(after);
            EXPECT_NEAR(after->x, before->x, 1e-4);
            EXPECT_NEAR(after->y, before->y, 1e-4);
        }
    }
}

TEST(MapCamera, PanMovesTheGrabbedPointToTheCursor) {
    for (const auto& pose : samplePoses()) {
        const int w = 1600, h = 900;
        const ScreenPoint from{800, 600}, to{950, 520};
        const auto grabbed = MapCamera(pose, w, h).screenToGround(from.x, from.y);
        const CameraPose p = panPose(pose, w, h, from, to);
        const auto now = MapCamera(p, w, h).screenToGround(to.x, to.y);
        ASSERT_TRUE(grabbed && now);
        EXPECT_NEAR(now->x, grabbed->x, 1e-3);
        EXPECT_NEAR(now->y, grabbed->y, 1e-3);
    }
}

TEST(MapCamera, ClampAndToggle) {
    CameraPose p;
    p.heading_deg = -30;
    p.tilt_deg = 40;
    p.range_m = 1;
    const CameraPose c = clampPose(p);
    EXPECT_DOUBLE_EQ(c.heading_deg, 330);
    EXPECT_DOUBLE_EQ(c.tilt_deg, 0);  // 2D is always top-down
    EXPECT_DOUBLE_EQ(c.range_m, CameraLimits::kMinRange_m);
    const CameraPose v3 = setView3d(c, true);
    EXPECT_TRUE(v3.view3d);
    EXPECT_DOUBLE_EQ(v3.tilt_deg, CameraLimits::kDefault3dTilt_deg);
    const CameraPose r = rotatePose(v3, 45, 100);
    EXPECT_DOUBLE_EQ(r.heading_deg, 15);
    EXPECT_DOUBLE_EQ(r.tilt_deg, CameraLimits::kMaxTilt_deg);
    EXPECT_FALSE(setView3d(r, false).view3d);
    EXPECT_DOUBLE_EQ(setView3d(r, false).tilt_deg, 0);
}

TEST(ScaleBar, RoundsDownToOneTwoFive) {
    EXPECT_DOUBLE_EQ(niceScaleLength_m(1.0, 240), 200);
    EXPECT_DOUBLE_EQ(niceScaleLength_m(0.21, 240), 50);      // 50.4 m max
    EXPECT_DOUBLE_EQ(niceScaleLength_m(0.5, 240), 100);      // 120 m max
    EXPECT_DOUBLE_EQ(niceScaleLength_m(2.3, 240), 500);      // 552 m max
    EXPECT_DOUBLE_EQ(niceScaleLength_m(4.2, 240), 1000);     // 1008 m max
    EXPECT_DOUBLE_EQ(niceScaleLength_m(10.0, 240), 2000);
    EXPECT_DOUBLE_EQ(niceScaleLength_m(25.0, 240), 5000);
    EXPECT_DOUBLE_EQ(niceScaleLength_m(1.0, 200), 200);      // exactly fits
    EXPECT_DOUBLE_EQ(niceScaleLength_m(0.0, 240), 0);
    for (double mpp = 0.05; mpp < 5000; mpp *= 1.37) {
        const double len = niceScaleLength_m(mpp, 240);
        EXPECT_LE(len / mpp, 240 * (1 + 1e-9));
        EXPECT_GT(len / mpp, 240 / 2.5 - 1e-9);  // never less than 40% of the room
        const double mant = len / std::pow(10.0, std::floor(std::log10(len) + 1e-12));
        EXPECT_TRUE(std::abs(mant - 1) < 1e-9 || std::abs(mant - 2) < 1e-9 || std::abs(mant - 5) < 1e-9) << len;
    }
}

TEST(ScaleBar, Formats) {
    EXPECT_EQ(formatDistance(50), "50 m");
    EXPECT_EQ(formatDistance(500), "500 m");
    EXPECT_EQ(formatDistance(1000), "1 km");
    EXPECT_EQ(formatDistance(2000), "2 km");
    EXPECT_EQ(formatDistance(5000), "5 km");
    EXPECT_EQ(formatDistance(20000), "20 km");
}

}  // namespace
}  // namespace jingwei
