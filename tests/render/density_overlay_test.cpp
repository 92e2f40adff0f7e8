// Incident density overlays (heatmap, hex bins) rendered headless: the
// colours are exactly the ramp blended over what the map drew without the
// overlay, nothing changes where the density is zero, and restyling changes
// pixels without touching the density texture.
//
// Set JINGWEI_TEST_OUTPUT_DIR to keep the PNGs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <osgViewer/Viewer>

#include "analysis/hex_bins.h"
#include "analysis/incident_io.h"
#include "analysis/kernel_density.h"
#include "core/crs.h"
#include "mapdata/map_manifest.h"
#include "mapdata/synthetic_city.h"
#include "render/density_legend_overlay.h"
#include "render/density_style.h"
#include "render/density_view.h"
#include "render/hotspot_overlay.h"
#include "render/headless.h"
#include "render/heatmap_overlay.h"
#include "render/hexbin_overlay.h"
#include "render/map_scene.h"
#include "render/offscreen.h"
#include "render_test_support.h"

namespace jingwei {
namespace {

using namespace rtest;


std::array<double, 3> rgbAt(const RgbaImage& img, int x, int y) {
    const auto* p = img.at(x, y);
    return {double(p[0]), double(p[1]), double(p[2])};
}

double maxDiff(const std::array<double, 3>& a, const std::array<double, 3>& b) {
    return std::max({std::abs(a[0] - b[0]), std::abs(a[1] - b[1]), std::abs(a[2] - b[2])});
}

// Screen boxes of the labels the scene placed (drawn over the overlays).
std::vector<ScreenRect> labelRects(const MapScene& scene) {
    std::vector<ScreenRect> out;
    for (const auto& lp : scene.labels()) out.push_back(labelBox(lp.text, lp.px, lp.screen).grown(4));
    for (const auto& rl : scene.roadLabels()) {
        ScreenRect b{1e9, 1e9, -1e9, -1e9};
        for (const auto& c : rl.corners) {
            b.x0 = std::min(b.x0, c.x);
            b.y0 = std::min(b.y0, c.y);
            b.x1 = std::max(b.x1, c.x);
            b.y1 = std::max(b.y1, c.y);
        }
        out.push_back(b.grown(4));
    }
    for (const auto& r : scene.hudLayout().all())
        if (!r.empty()) out.push_back(r.grown(2));
    return out;
}

bool covered(const std::vector<ScreenRect>& rects, double x, double y) {
    for (const auto& r : rects)
        if (r.contains(x, y)) return true;
    return false;
}

// 200 incidents at one point (a cluster), with a quartic kernel of 300 m on
// 25 m cells: the density peaks at 200 · 3/(π h²) · 10⁶ ≈ 2122 /km² there
// and is exactly 0 beyond 300 m.
struct Cluster {
    XY centre;
    DensityGrid grid;
};

Cluster clusterAt(const MapModel& map, XY at) {
    Cluster c;
    // On a cell centre, so the grid's maximum is the kernel's peak.
    c.centre = XY{std::floor(at.x / 25) * 25 + 12.5, std::floor(at.y / 25) * 25 + 12.5};
    const std::vector<XY> pts(200, c.centre);
    const GridSpec g = GridSpec::covering(Bounds{c.centre.x - 2000, c.centre.y - 2000, c.centre.x + 2000, c.centre.y + 2000}, 25);
    KdeOptions ko;
    ko.kernel = Kernel::Quartic;
    ko.bandwidth_m = 300;
    ko.mode = KdeMode::Exact;
    c.grid = kernelDensity(pts, {}, g, ko);
    (void)map;
    return c;
}

Cluster clusterAt(const MapModel& map, double lon, double lat) {
    return clusterAt(map, Projector(map.crs).forward(LonLat{lon, lat}));
}

struct BlendCheck {
    int centre_checked = 0, centre_bad = 0;
    int far_checked = 0, far_bad = 0;
    int coloured = 0;
    std::string first_bad;
};

// Pixels within r_top metres of the centre: the top colour blended over the
// baseline; beyond r_zero: the baseline, bit for bit.
BlendCheck checkBlend(const RgbaImage& base, const RgbaImage& img, const CameraPose& pose, XY centre, double r_top,
                      double r_zero, const ShadedColour& top, const std::vector<ScreenRect>& skip) {
    BlendCheck bc;
    const MapCamera cam(pose, img.width, img.height);
    for (int y = 0; y < img.height; y += 2)
        for (int x = 0; x < img.width; x += 2) {
            const auto g = cam.screenToGround(x + 0.5, y + 0.5);
            if (!g) continue;
            const double d = std::hypot(g->x - centre.x, g->y - centre.y);
            const auto b = rgbAt(base, x, y), p = rgbAt(img, x, y);
            if (maxDiff(b, p) > 0) ++bc.coloured;
            if (covered(skip, x, y)) continue;
            if (d <= r_top) {
                ++bc.centre_checked;
                const auto want = blendOver(top, b);
                if (maxDiff(want, p) > 2) {
                    if (bc.first_bad.empty())
                        bc.first_bad = "centre pixel " + std::to_string(x) + "," + std::to_string(y) + " is (" +
                                       std::to_string(int(p[0])) + "," + std::to_string(int(p[1])) + "," +
                                       std::to_string(int(p[2])) + ") want (" + std::to_string(want[0]) + "," +
                                       std::to_string(want[1]) + "," + std::to_string(want[2]) + ")";
                    ++bc.centre_bad;
                }
            } else if (d >= r_zero) {
                ++bc.far_checked;
                if (maxDiff(b, p) != 0) {
                    if (bc.first_bad.empty())
                        bc.first_bad = "far pixel " + std::to_string(x) + "," + std::to_string(y) + " changed";
                    ++bc.far_bad;
                }
            }
        }
    return bc;
}

// ---------------------------------------------------------------- tests

TEST(DensityStyle, ShadedColoursFollowTheRamp) {
    DensityStyle st;
    st.opacity = 0.5;
    const auto top = densityRamp(DensityRamp::Heat).at(1.0);
    const ShadedColour c = heatmapColour(st, 10, 10);
    EXPECT_DOUBLE_EQ(c.rgb[0], top[0]);
    EXPECT_DOUBLE_EQ(c.rgb[1], top[1]);
    EXPECT_DOUBLE_EQ(c.rgb[2], top[2]);
    EXPECT_DOUBLE_EQ(c.alpha, top[3] / 255.0 * 0.5);
    // Saturates above the top; transparent below the cut-off.
    EXPECT_DOUBLE_EQ(heatmapColour(st, 100, 10).alpha, c.alpha);
    EXPECT_EQ(heatmapColour(st, 0.1, 10).alpha, 0.0);
    // Hex bins: every non-empty hexagon shows (the floor), empty ones do not.
    EXPECT_GT(hexColour(st, 1, 1000).alpha, 0.2);
    EXPECT_EQ(hexColour(st, 0, 1000).alpha, 0.0);
    // Every ramp starts transparent and ends mostly opaque.
    for (int r = 0; r < kDensityRampCount; ++r) {
        EXPECT_EQ(rampTexel(static_cast<DensityRamp>(r), 0)[3], 0);
        EXPECT_GE(rampTexel(static_cast<DensityRamp>(r), kRampTexels - 1)[3], 240);
    }
}

TEST(HeatmapOverlayFutian, ClusterShowsTheTopColourAndNothingElseChanges) {
    REQUIRE_EGL();
    REQUIRE_MAP(map, "futian");
    // The middle of the road network (深南大道 near 车公庙).
    const Bounds hb = map->homeBoundsXY();
    const Cluster cl = clusterAt(*map, XY{hb.centerX(), hb.centerY()});
    const double peak = cl.grid.max();
    ASSERT_NEAR(peak, 200 * 3 / (3.14159265358979 * 300 * 300) * 1e6, 1.0);
    MapSceneOptions so;
    SceneView view(*map, 1280, 720, so);
    // The camera 500 m west of the cluster: the district label goes to the view's centre.
    const CameraPose pose = poseAt(cl.centre.x - 500, cl.centre.y, 2.0, view.width(), view.height());
    const RgbaImage base = view.render(pose);
    savePng(base, "heatmap_futian_base.png");

    auto heat = std::make_shared<HeatmapOverlay>();
    heat->setGrid(cl.grid);
    DensityStyle st;
    st.ramp = DensityRamp::Heat;
    st.opacity = 0.7;
    st.max_value = 0.5 * peak;  // saturated where the density is ≥ half the peak (r ≤ 162 m)
    heat->setStyle(st);
    view.scene().addOverlay(heat);
    const RgbaImage img = view.render(pose);
    savePng(img, "heatmap_futian_cluster.png");
    const auto skip = labelRects(view.scene());

    const ShadedColour top = heatmapColour(st, peak, st.max_value);
    const auto ramp_top = densityRamp(DensityRamp::Heat).at(1.0);
    EXPECT_EQ(top.rgb[0], ramp_top[0]);
    EXPECT_NEAR(top.alpha, ramp_top[3] / 255.0 * 0.7, 1e-12);
    // 130 m: well inside the saturated core even with bilinear filtering of 25 m cells.
    const BlendCheck bc = checkBlend(base, img, pose, cl.centre, 130, 300 + 2 * 25, top, skip);
    std::printf("heatmap: centre %d checked (%d bad), far %d checked (%d bad), %d pixels coloured\n",
                bc.centre_checked, bc.centre_bad, bc.far_checked, bc.far_bad, bc.coloured);
    EXPECT_GT(bc.centre_checked, 2500);
    EXPECT_EQ(bc.centre_bad, 0) << bc.first_bad;
    EXPECT_GT(bc.far_checked, 50000);
    EXPECT_EQ(bc.far_bad, 0) << bc.first_bad;
    // The coloured disc: about π·(300 m / 2 m)² / 4 sampled pixels, a little less (the cut-off).
    const double disc = 3.14159265358979 * 150 * 150 / 4;
    EXPECT_GT(bc.coloured, 0.6 * disc);
    EXPECT_LT(bc.coloured, 1.05 * disc);
}

TEST(HeatmapOverlayFutian, RestylingChangesPixelsNotTheGrid) {
    REQUIRE_EGL();
    REQUIRE_MAP(map, "futian");
    const Bounds hb = map->homeBoundsXY();
    const Cluster cl = clusterAt(*map, XY{hb.centerX() + 600, hb.centerY() - 400});
    const double peak = cl.grid.max();
    SceneView view(*map, 960, 540);
    const CameraPose pose = poseAt(cl.centre.x - 600, cl.centre.y, 2.5, view.width(), view.height());
    const auto at = MapCamera(pose, view.width(), view.height()).groundToScreen(cl.centre.x, cl.centre.y);
    ASSERT_TRUE(at);
    const int cx = int(at->x), cy = int(at->y);
    const RgbaImage base = view.render(pose);

    auto heat = std::make_shared<HeatmapOverlay>();
    heat->setGrid(cl.grid);
    DensityStyle st;
    st.opacity = 0.8;
    st.max_value = 0.5 * peak;
    heat->setStyle(st);
    view.scene().addOverlay(heat);
    const RgbaImage a = view.render(pose);

    const osg::Texture2D* tex = heat->densityTexture();
    const osg::Image* img = heat->densityImage();
    const unsigned modified = img->getModifiedCount();
    const unsigned uploads = heat->gridUploads();
    const double* values = heat->grid().values.data();

    DensityStyle st2 = st;
    st2.ramp = DensityRamp::Viridis;
    st2.opacity = 0.4;
    heat->setStyle(st2);
    const RgbaImage b = view.render(pose);
    savePng(b, "heatmap_futian_viridis40.png");

    // The same texture, image, grid values; nothing re-uploaded.
    EXPECT_EQ(heat->densityTexture(), tex);
    EXPECT_EQ(heat->densityImage(), img);
    EXPECT_EQ(img->getModifiedCount(), modified);
    EXPECT_EQ(heat->gridUploads(), uploads);
    EXPECT_EQ(heat->grid().values.data(), values);

    // ... but the pixels changed, to the new ramp's top at the new opacity.
    const auto skip = labelRects(view.scene());
    const BlendCheck bc = checkBlend(base, b, pose, cl.centre, 120, 350, heatmapColour(st2, peak, st2.max_value), skip);
    EXPECT_GT(bc.centre_checked, 1000);
    EXPECT_EQ(bc.centre_bad, 0) << bc.first_bad;
    EXPECT_EQ(bc.far_bad, 0) << bc.first_bad;
    EXPECT_GT(maxDiff(rgbAt(a, cx, cy), rgbAt(b, cx, cy)), 40);

    // A scale twice the peak: the centre is the ramp's middle, not its top.
    DensityStyle st3 = st;
    st3.max_value = 2 * peak;
    heat->setStyle(st3);
    const RgbaImage c = view.render(pose);
    const auto want = blendOver(heatmapColour(st3, peak, st3.max_value), rgbAt(base, cx, cy));
    EXPECT_LE(maxDiff(rgbAt(c, cx, cy), want), 3);
    EXPECT_EQ(heat->gridUploads(), uploads);

    // Hiding it restores the map exactly.
    heat->setVisible(false);
    const RgbaImage d = view.render(pose);
    EXPECT_EQ(d.pixels, base.pixels);
}

TEST(HexBinOverlay, DrawsOneColouredHexagonPerOccupiedBin) {
    REQUIRE_EGL();
    SyntheticCityParams p;
    p.blocks_x = 16;
    p.blocks_y = 12;
    const MapModel map = generateSyntheticCity(p);
    const Bounds hb = map.homeBoundsXY();
    const XY o{hb.centerX() + 450, hb.centerY() - 300};  // clear of the district labels
    const HexGrid grid(150, HexOrientation::FlatTop, o);
    // Five occupied hexagons, none adjacent, with 1, 2, 3, 5 and 8 incidents.
    const std::vector<HexCoord> occupied = {{0, 0}, {3, -1}, {-3, 2}, {2, 2}, {-2, -2}};
    const std::vector<int> counts = {8, 1, 2, 3, 5};
    std::vector<XY> pts;
    for (std::size_t k = 0; k < occupied.size(); ++k)
        for (int i = 0; i < counts[k]; ++i) {
            const XY c = grid.centre(occupied[k]);
            pts.push_back(XY{c.x + 10.0 * i, c.y - 7.0 * i});  // scattered inside the hexagon
        }
    const HexBins bins = hexBin(pts, {}, grid);
    ASSERT_EQ(bins.bins.size(), occupied.size());

    SceneView view(map, 1280, 720);
    const CameraPose pose = poseAt(o.x, o.y, 3.0, view.width(), view.height());
    const RgbaImage base = view.render(pose);
    auto hex = std::make_shared<HexBinOverlay>();
    hex->setBins(bins);
    DensityStyle st;
    st.opacity = 0.85;
    hex->setStyle(st);
    view.scene().addOverlay(hex);
    const RgbaImage img = view.render(pose);
    savePng(img, "hexbins_synthetic.png");
    EXPECT_EQ(hex->drawnHexes(), occupied.size());

    // Every hexagon around: coloured at its centre exactly when occupied.
    const MapCamera cam(pose, view.width(), view.height());
    const auto skip = labelRects(view.scene());
    int coloured = 0, checked = 0, occupied_checked = 0;
    for (int q = -5; q <= 5; ++q)
        for (int r = -5; r <= 5; ++r) {
            const XY c = grid.centre(HexCoord{q, r});
            const auto s = cam.groundToScreen(c.x, c.y);
            if (!s || s->x < 0 || s->y < 0 || s->x >= view.width() || s->y >= view.height()) continue;
            const int x = int(s->x), y = int(s->y);
            if (covered(skip, x, y)) continue;
            ++checked;
            const auto it = std::find(occupied.begin(), occupied.end(), HexCoord{q, r});
            const bool occ = it != occupied.end();
            const bool diff = maxDiff(rgbAt(base, x, y), rgbAt(img, x, y)) > 0;
            coloured += diff ? 1 : 0;
            occupied_checked += occ ? 1 : 0;
            EXPECT_EQ(diff, occ) << "hexagon " << q << "," << r;
            if (occ) {
                const double v = counts[std::size_t(it - occupied.begin())];
                const auto want = blendOver(hexColour(st, v, hex->scaleMax()), rgbAt(base, x, y));
                EXPECT_LE(maxDiff(rgbAt(img, x, y), want), 3) << "hexagon " << q << "," << r << " count " << v;
            }
        }
    EXPECT_GT(checked, 40);
    EXPECT_GE(occupied_checked, 4);
    EXPECT_EQ(coloured, occupied_checked);
    EXPECT_DOUBLE_EQ(hex->scaleMax(), 8.0);
}

// With terrain, the heatmap is a mesh whose vertices lie on the drawn ground.
TEST(HeatmapOverlayTerrain, DrapedOnTheHills) {
    REQUIRE_EGL();
    REQUIRE_MAP(map, "shenzhen-dem");
    // 梧桐山 (Wutong Shan, 944 m) and around.
    const Cluster cl = clusterAt(*map, 114.2045, 22.5800);
    MapSceneOptions so;
    SceneView view(*map, 1280, 720, so);
    auto heat = std::make_shared<HeatmapOverlay>();
    heat->setGrid(cl.grid);
    DensityStyle st;
    st.max_value = 0.6 * cl.grid.max();
    heat->setStyle(st);
    view.scene().addOverlay(heat);
    ASSERT_GT(view.scene().overlayContext().drape_step_m, 0);
    EXPECT_GT(heat->meshVertices(), 400u);
    EXPECT_LE(heat->meshVertices(), std::size_t(HeatmapOverlay::kMaxMeshSide + 1) * (HeatmapOverlay::kMaxMeshSide + 1));
    savePng(view.render(poseAt(cl.centre.x, cl.centre.y, 4, view.width(), view.height())), "heatmap_wutong_2d.png");
    CameraPose pose;
    pose.x = cl.centre.x;
    pose.y = cl.centre.y;
    pose.range_m = 6000;
    pose.view3d = true;
    pose.tilt_deg = 50;
    pose.heading_deg = 20;
    const RgbaImage img = view.render(pose);
    savePng(img, "heatmap_wutong_3d.png");
    // The hill under the cluster is high: the overlay must not sit at z = 0.
    EXPECT_GT(view.scene().groundZ(cl.centre.x, cl.centre.y), 300);
    const int cx = view.width() / 2, cy = view.height() / 2;
    heat->setVisible(false);
    const RgbaImage base = view.render(pose);
    int changed = 0;
    for (int y = cy - 60; y < cy + 60; ++y)
        for (int x = cx - 60; x < cx + 60; ++x) changed += maxDiff(rgbAt(base, x, y), rgbAt(img, x, y)) > 8 ? 1 : 0;
    EXPECT_GT(changed, 2500) << "the heatmap is not visible on the hill in 3D";
}

// The real data.police.uk incidents of the City of London on a map that has
// nothing but a frame around them (there is no London basemap): a picture to
// look at, and the pipeline end to end on real, month-precision data.
TEST(HeatmapOverlayLondon, RealIncidentsOnAnEmptyMap) {
    REQUIRE_EGL();
    const std::string dir = std::string(JINGWEI_TEST_DATA_DIR) + "/incidents/city-of-london";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no London incident data in " << dir;
    auto set = std::make_shared<IncidentSet>(readIncidents({dir}));
    ASSERT_GT(set->size(), 10000u);
    MapModel map;
    map.name = "City of London（仅警情，无底图）";
    map.name_en = "City of London (incidents only, no basemap)";
    map.crs = "EPSG:32630";  // UTM 30N
    set->project(map.crs);
    // A frame around the bulk of the incidents.
    std::vector<double> xs, ys;
    for (const auto& p : set->positions()) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    std::sort(xs.begin(), xs.end());
    std::sort(ys.begin(), ys.end());
    const Bounds bulk{xs[xs.size() / 200], ys[ys.size() / 200], xs[xs.size() * 199 / 200], ys[ys.size() * 199 / 200]};
    const Projector proj(map.crs);
    VectorLayer frame;
    frame.name = "范围 extent";
    Feature f;
    std::vector<GeoPoint> ring;
    for (const auto& [x, y] : std::vector<std::pair<double, double>>{{bulk.min_x, bulk.min_y}, {bulk.max_x, bulk.min_y},
                                                                     {bulk.max_x, bulk.max_y}, {bulk.min_x, bulk.max_y},
                                                                     {bulk.min_x, bulk.min_y}}) {
        const LonLat ll = proj.inverse(XY{x, y});
        ring.push_back(GeoPoint{ll.lon, ll.lat, x, y});
    }
    f.polygons.push_back({ring});
    frame.features.push_back(f);
    map.layers.push_back(frame);

    DensityParams p;
    p.bandwidth_m = 150;
    p.cell_m = 10;
    const DensityResult r = computeDensityView(*set, bulk, map.crs, p);
    ASSERT_TRUE(r.error.empty()) << r.error;
    std::printf("London: %zu incidents, %d×%d cells, peak %.0f /km², KDE %.1f ms, %zu hotspots\n", r.kept,
                r.grid.spec.nx, r.grid.spec.ny, r.grid.max(), r.kde_ms, r.hotspots.size());
    ASSERT_FALSE(r.hotspots.empty());

    MapSceneOptions so;
    so.show_legend = false;
    SceneView view(map, 1600, 1000, so);
    auto heat = std::make_shared<HeatmapOverlay>();
    heat->setGrid(r.grid);
    DensityStyle st;
    st.max_value = 0.6 * r.grid.max();
    heat->setStyle(st);
    auto rings = std::make_shared<HotspotOverlay>();
    rings->setHotspots(r.hotspots, r.hotspot_radii_m);
    auto legend = std::make_shared<DensityLegendOverlay>();
    legend->set(st, heat->scaleMax(), false, true, "data.police.uk 2023-05–2025-05, " + std::to_string(r.kept) + " 起");
    for (OverlayPtr o : std::vector<OverlayPtr>{heat, rings, legend}) view.scene().addOverlay(o);
    const CameraPose pose = fitBounds(bulk, view.width(), view.height());
    const RgbaImage img = view.render(pose);
    savePng(img, "heatmap_london.png");
    // The hottest hotspot is inside the frame and drawn in a hot colour.
    const auto s = MapCamera(pose, view.width(), view.height()).groundToScreen(r.hotspots[0].centre.x, r.hotspots[0].centre.y);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->x > 0 && s->x < view.width() && s->y > 0 && s->y < view.height());
    EXPECT_NEAR(r.hotspots[0].centre.lon, -0.09, 0.05);
    EXPECT_NEAR(r.hotspots[0].centre.lat, 51.515, 0.02);
}

}  // namespace
}  // namespace jingwei
