// Response-ring overlays rendered headless on Futian: the band colour is
// blended exactly over what the map drew without the overlay, pixels outside
// the rings do not change, and after moveUnit + update + refresh the new
// position turns ring-coloured while the old one shows whatever band (or
// nothing) covers it now.
//
// Set JINGWEI_TEST_OUTPUT_DIR to keep the PNGs.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include <osgViewer/Viewer>

#include "mapdata/map_manifest.h"
#include "network/coverage_model.h"
#include "network/travel_graph.h"
#include "render/headless.h"
#include "render/map_scene.h"
#include "render/offscreen.h"
#include "render/rings_overlay.h"
#include "render_test_support.h"

namespace jingwei {
namespace {

using namespace rtest;

// The expected pixel at ground point g: band k's colour blended over the
// base (or the base itself when no band covers g).
std::array<double, 3> expected(const RgbaImage& base, int x, int y, int band) {
    const auto* p = base.at(x, y);
    std::array<double, 3> e{double(p[0]), double(p[1]), double(p[2])};
    if (band < 0) return e;
    const osg::Vec4 c = ringBandColour(std::size_t(band));
    for (int i = 0; i < 3; ++i) e[i] = 255.0 * c[i] * c.a() + e[i] * (1.0 - c.a());
    return e;
}

// Share of pixels in a (2r+1)² box around ground point g that equal the
// expected colour for the band covering each pixel's own ground point, and
// how many of them are inside band `want` (must be most of the box).
struct BoxCheck {
    int total = 0, match = 0, in_band = 0;
};
BoxCheck checkBox(const RgbaImage& base, const RgbaImage& img, const CameraPose& pose, const CoverageModel& cov,
                  XY g, int r, int want) {
    const MapCamera cam(pose, img.width, img.height);
    const auto s = cam.groundToScreen(g.x, g.y);
    BoxCheck bc;
    if (!s) return bc;
    const int cx = int(std::lround(s->x)), cy = int(std::lround(s->y));
    for (int y = cy - r; y <= cy + r; ++y)
        for (int x = cx - r; x <= cx + r; ++x) {
            if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
            const auto gp = cam.screenToGround(x + 0.5, y + 0.5);
            if (!gp) continue;
            const int band = cov.bandAt(*gp);
            ++bc.total;
            if (band == want) ++bc.in_band;
            const auto e = expected(base, x, y, band);
            const auto* p = img.at(x, y);
            bool ok = true;
            for (int i = 0; i < 3; ++i) ok = ok && std::abs(double(p[i]) - e[i]) <= 3.0;
            if (ok) ++bc.match;
        }
    return bc;
}

TEST(RingsOverlayFutian, BandsBlendExactlyAndFollowAMove) {
    if (!eglProblem().empty()) FAIL() << "EGL surfaceless rendering is not available: " << eglProblem();
    std::string why;
    const MapModel* map = loadTestMap("futian", &why);
    if (!map) GTEST_SKIP() << "futian sample data not available: " << why;

    TravelTimeModel tm;
    tm.speeds = map->speeds;
    auto graph = std::make_shared<TravelGraph>(map->roads, tm);
    auto cov = std::make_shared<CoverageModel>(graph);
    const Bounds gb = graph->bounds();
    const XY c{(gb.min_x + gb.max_x) / 2, (gb.min_y + gb.max_y) / 2};
    const UnitKey a = cov->addUnit({"A", "福田一号", {c.x - 1500, c.y}});
    cov->addUnit({"B", "福田二号", {c.x + 2500, c.y + 800}});
    cov->update();
    ASSERT_TRUE(cov->unit(a).snap.on_network);
    const XY pa = cov->unit(a).snap.point;
    ASSERT_EQ(cov->bandAt(pa), 0);

    MapSceneOptions so;
    so.road_labels = false;
    so.show_legend = false;
    so.show_title = false;
    SceneView view(*map, 800, 600, so);
    const CameraPose pose = poseAt(pa.x + 260, pa.y - 170, 4.0, view.width(), view.height());
    const RgbaImage base = view.render(pose);

    auto rings = std::make_shared<RingsOverlay>(cov);
    rings->setShowGaps(false);
    view.scene().addOverlay(rings);
    EXPECT_GT(rings->triangleVertices(), 0u);
    const RgbaImage img = view.render(pose);
    savePng(img, "rings_futian_a.png");

    // At the unit: the 1-min colour over the map, exactly.
    BoxCheck at = checkBox(base, img, pose, *cov, pa, 4, 0);
    EXPECT_EQ(at.in_band, at.total);
    EXPECT_GE(at.match, at.total * 9 / 10) << at.match << "/" << at.total;

    // Far outside all rings: unchanged. Find a pixel whose 9×9 box is uncovered.
    const MapCamera cam(pose, view.width(), view.height());
    int far_found = 0, far_same = 0;
    for (int y = 20; y < view.height() - 20 && far_found < 20; y += 37)
        for (int x = 20; x < view.width() - 20 && far_found < 20; x += 41) {
            bool clear = true;
            for (int dy = -12; dy <= 12 && clear; dy += 4)
                for (int dx = -12; dx <= 12 && clear; dx += 4) {
                    const auto g = cam.screenToGround(x + dx + 0.5, y + dy + 0.5);
                    clear = g && cov->bandAt(*g) < 0;
                }
            if (!clear) continue;
            ++far_found;
            const auto* p = img.at(x, y);
            const auto* q = base.at(x, y);
            if (p[0] == q[0] && p[1] == q[1] && p[2] == q[2]) ++far_same;
        }
    // The 5-min ring of A covers the view at 4 m/px only partly; use a wider view.
    const CameraPose wide = poseAt(pa.x, pa.y, 12.0, view.width(), view.height());
    const RgbaImage wbase = [&] {
        rings->setVisible(false);
        RgbaImage r = view.render(wide);
        rings->setVisible(true);
        return r;
    }();
    const RgbaImage wimg = view.render(wide);
    savePng(wimg, "rings_futian_wide.png");
    const MapCamera wcam(wide, view.width(), view.height());
    for (int y = 20; y < view.height() - 20 && far_found < 40; y += 23)
        for (int x = 20; x < view.width() - 20 && far_found < 40; x += 29) {
            bool clear = true;
            for (int dy = -8; dy <= 8 && clear; dy += 4)
                for (int dx = -8; dx <= 8 && clear; dx += 4) {
                    const auto g = wcam.screenToGround(x + dx + 0.5, y + dy + 0.5);
                    clear = g && cov->bandAt(*g) < 0;
                }
            if (!clear) continue;
            ++far_found;
            const auto* p = wimg.at(x, y);
            const auto* q = wbase.at(x, y);
            if (p[0] == q[0] && p[1] == q[1] && p[2] == q[2]) ++far_same;
        }
    EXPECT_GT(far_found, 0);
    EXPECT_EQ(far_same, far_found);

    // Move A ~2 km north-west; the new spot is 1-min coloured, the old one
    // shows whatever covers it now (base, or a wider band).
    XY target{pa.x - 1200, pa.y + 1600}, node = target;
    double best = 1e300;
    for (const XY& q : graph->nodesXY())
        if (const double d = std::hypot(q.x - target.x, q.y - target.y); d < best) best = d, node = q;
    const auto t0 = std::chrono::steady_clock::now();
    cov->moveUnit(a, node);
    cov->update();
    const auto t1 = std::chrono::steady_clock::now();
    rings->refresh();
    const auto t2 = std::chrono::steady_clock::now();
    std::printf("move: update %.1f ms, refresh %.1f ms (%zu fill vertices)\n",
                std::chrono::duration<double, std::milli>(t1 - t0).count(),
                std::chrono::duration<double, std::milli>(t2 - t1).count(), rings->triangleVertices());
    ASSERT_TRUE(cov->unit(a).snap.on_network);
    const XY pn = cov->unit(a).snap.point;
    ASSERT_EQ(cov->bandAt(pn), 0);
    EXPECT_NE(cov->bandAt(pa), 0);
    const CameraPose pose_new = poseAt(pn.x + 260, pn.y - 170, 4.0, view.width(), view.height());
    rings->setVisible(false);
    const RgbaImage base_new = view.render(pose_new);
    rings->setVisible(true);
    const RgbaImage img_new = view.render(pose_new);
    savePng(img_new, "rings_futian_moved_new.png");
    at = checkBox(base_new, img_new, pose_new, *cov, pn, 4, 0);
    EXPECT_EQ(at.in_band, at.total);
    EXPECT_GE(at.match, at.total * 9 / 10) << at.match << "/" << at.total;

    const RgbaImage img_old = view.render(pose);
    savePng(img_old, "rings_futian_moved_old.png");
    const int old_band = cov->bandAt(pa);
    const BoxCheck old = checkBox(base, img_old, pose, *cov, pa, 4, old_band);
    EXPECT_GE(old.match, old.total * 9 / 10) << old.match << "/" << old.total << " band " << old_band;
    // And the old spot no longer shows the 1-min colour.
    const auto s = cam.groundToScreen(pa.x, pa.y);
    ASSERT_TRUE(s);
    const auto e1 = expected(base, int(std::lround(s->x)), int(std::lround(s->y)), 0);
    const auto* p = img_old.at(int(std::lround(s->x)), int(std::lround(s->y)));
    EXPECT_GT(std::abs(p[0] - e1[0]) + std::abs(p[1] - e1[1]) + std::abs(p[2] - e1[2]), 12.0);

    // Units on top, for the eye.
    auto units = std::make_shared<UnitsOverlay>(cov);
    view.scene().addOverlay(units);
    rings->setShowGaps(true);
    units->setSelected(a);
    savePng(view.render(poseAt(c.x, c.y, 10.0, view.width(), view.height())), "rings_futian_units.png");
    view.scene().removeOverlay(units);
    view.scene().removeOverlay(rings);
}

}  // namespace
}  // namespace jingwei
