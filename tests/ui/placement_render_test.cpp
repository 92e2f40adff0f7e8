// The placement overlay rendered headless on Futian: a post symbol shows its
// colour (police blue, or gold when locked) at the post's projected screen
// position, and demand dots are green where the model says covered and red
// where it says uncovered, blended exactly over what the map drew without
// the overlay.
//
// Set JINGWEI_TEST_OUTPUT_DIR to keep the PNGs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <memory>

#include "placement_test_support.h"
#include "render/headless.h"
#include "render/offscreen.h"
#include "render/placement_overlay.h"
#include "ui/placement_marks.h"

namespace jingwei {
namespace {

using namespace jingwei::test;

std::string eglProblem() {
    try {
        OffscreenContext ctx(16, 16, 0);
        return {};
    } catch (const std::exception& e) {
        return e.what();
    }
}

std::array<int, 3> rgb(const RgbaImage& img, double x, double y) {
    const std::uint8_t* p = img.at(int(std::floor(x)), int(std::floor(y)));
    return {p[0], p[1], p[2]};
}

// c over base with alpha a, per channel (0-255).
std::array<double, 3> over(const osg::Vec4& c, double a, const std::array<double, 3>& base) {
    return {255 * c.r() * a + base[0] * (1 - a), 255 * c.g() * a + base[1] * (1 - a), 255 * c.b() * a + base[2] * (1 - a)};
}

void expectNear(const std::array<int, 3>& got, const std::array<double, 3>& want, const std::string& what) {
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[std::size_t(k)], want[std::size_t(k)], 3.0) << what << " channel " << k;
}

TEST(PlacementRender, PostSymbolsAndCoverageColours) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    if (const std::string p = eglProblem(); !p.empty()) GTEST_SKIP() << "no EGL: " << p;
    auto m = futianModel();
    // Two posts near the middle of the map, one locked.
    const Bounds hb = m->homeBounds();
    const XY mid{0.5 * (hb.min_x + hb.max_x), 0.5 * (hb.min_y + hb.max_y)};
    const auto a = m->addPost(mid, 0);
    ASSERT_TRUE(a);
    const auto b = m->addPost({mid.x + 900, mid.y + 300}, 0, true);
    ASSERT_TRUE(b);
    PlacementMarks marks = placementMarks(*m, 0);
    const auto& states = m->demandStates(0);

    RenderRequest req;
    req.width = 1600;
    req.height = 900;
    req.samples = 0;
    req.road_labels = false;
    req.show_legend = false;
    CameraPose pose = poseForRequest(futian(), req);
    pose.x = mid.x + 450;
    pose.y = mid.y + 150;
    pose.range_m = 3500;
    req.pose = pose;
    RenderInfo base_info;
    const RgbaImage base = renderMap(futian(), req, &base_info);
    auto overlay = std::make_shared<PlacementOverlay>();
    overlay->setMarks(marks);
    req.overlays.push_back(overlay);
    RenderInfo info;
    const RgbaImage img = renderMap(futian(), req, &info);
    if (const char* dir = std::getenv("JINGWEI_TEST_OUTPUT_DIR")) {
        writePng(img, std::string(dir) + "/placement_render.png");
        writePng(base, std::string(dir) + "/placement_base.png");
    }
    const MapCamera cam(info.pose, req.width, req.height);
    const double r = overlay->drawnPostRadiusPx();
    ASSERT_NEAR(r, 22.0 * 900 / 1080, 1e-9);
    auto covered_by_hud = [&](double x, double y) {
        for (const ScreenRect& h : info.hud)
            if (h.grown(4).contains(x, y)) return true;
        for (const LabelPlacement& l : info.labels)
            if (std::abs(l.screen.x - x) < 0.6 * l.px * double(l.text.size()) && std::abs(l.screen.y - y) < l.px) return true;
        return false;
    };
    // Posts: the body colour, opaque, between the centre cross and the white ring.
    for (const auto& [q, kind] : {std::pair{*a, PlacementMarks::PostKind::Free}, std::pair{*b, PlacementMarks::PostKind::Locked}}) {
        const XY p = m->postPos(q);
        const auto s = cam.groundToScreen(p.x, p.y);
        ASSERT_TRUE(s);
        ASSERT_FALSE(covered_by_hud(s->x, s->y));
        const osg::Vec4 c = placementPostColour(kind);
        const double d = 0.5 * r / std::sqrt(2.0);
        expectNear(rgb(img, s->x + d, s->y - d), {255.0 * c.r(), 255.0 * c.g(), 255.0 * c.b()}, "post " + m->posts()[q].id);
    }
    // Demand dots standing alone: centre = fill (alpha 0.92) over the rim (0.9) over the map.
    const double ui = 900.0 / 1080;
    int checked[2] = {0, 0};
    const auto& demand = m->windowDemand(0);
    for (std::size_t i = 0; i < demand.size(); ++i) {
        const auto s = cam.groundToScreen(demand[i].pos.x, demand[i].pos.y);
        if (!s || s->x < 40 || s->y < 40 || s->x > req.width - 40 || s->y > req.height - 40) continue;
        if (covered_by_hud(s->x, s->y)) continue;
        const double ri = PlacementOverlay::demandRadiusPx(demand[i].weight) * ui;
        bool alone = true;
        for (std::size_t j = 0; j < demand.size() && alone; ++j) {
            if (j == i) continue;
            const auto t = cam.groundToScreen(demand[j].pos.x, demand[j].pos.y);
            if (t && std::hypot(t->x - s->x, t->y - s->y) < ri + PlacementOverlay::demandRadiusPx(demand[j].weight) * ui + 4)
                alone = false;
        }
        for (std::size_t q = 0; q < m->posts().size() && alone; ++q) {
            const XY p = m->postPos(q);
            const auto t = cam.groundToScreen(p.x, p.y);
            // The symbol, its halo and its id label to the right.
            if (t && (std::hypot(t->x - s->x, t->y - s->y) < 2 * r + ri || (s->x > t->x && s->x < t->x + 120 && std::abs(s->y - t->y) < 30)))
                alone = false;
        }
        if (!alone) continue;
        const auto g = rgb(base, s->x, s->y);
        const std::array<double, 3> ground{double(g[0]), double(g[1]), double(g[2])};
        const bool cov = states[i] != DemandState::Uncovered;
        const osg::Vec4 fill = placementCoverColour(cov ? PlacementMarks::Cover::Covered : PlacementMarks::Cover::Uncovered);
        const auto want = over(fill, 0.92, over(osg::Vec4(0.02f, 0.03f, 0.06f, 1), 0.9, ground));
        expectNear(rgb(img, s->x, s->y), want, std::string(cov ? "covered" : "uncovered") + " dot " + std::to_string(i));
        ++checked[cov ? 1 : 0];
    }
    EXPECT_GE(checked[0], 10) << "uncovered dots checked";
    EXPECT_GE(checked[1], 10) << "covered dots checked";
}

}  // namespace
}  // namespace jingwei
