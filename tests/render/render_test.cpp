// Headless rendering: pixels are where the model says they should be.
//
// The scene is rendered through EGL surfaceless (no X server). Road pixels
// are checked by projecting road geometry with the pose the renderer used;
// "empty" pixels far from every road, boundary, label and HUD box must be
// exactly the ground colour (background outside districts, land inside).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/crs.h"
#include "core/error.h"
#include "mapdata/map_manifest.h"
#include "mapdata/synthetic_city.h"
#include "render/headless.h"
#include "render/map_scene.h"
#include "render/offscreen.h"
#include "render_test_support.h"

namespace jingwei {
namespace {

using rtest::eglProblem;

// ---------------------------------------------------------------- helpers

struct Seg {
    ScreenPoint a, b;
};

double distToSeg(double px, double py, const Seg& s) {
    const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - s.a.x) * dx + (py - s.a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(px - (s.a.x + t * dx), py - (s.a.y + t * dy));
}

// Screen segments of each road class (directed duplicates included: harmless).
std::array<std::vector<Seg>, kRoadClassCount> roadSegments(const MapModel& map, const MapCamera& cam) {
    std::array<std::vector<Seg>, kRoadClassCount> out;
    const RoadData& rd = map.roads;
    for (const auto& e : rd.edges) {
        std::vector<ScreenPoint> pts;
        bool ok = true;
        auto add = [&](const GeoPoint& p) {
            const auto s = cam.groundToScreen(p.x, p.y);
            if (!s) ok = false;
            else pts.push_back(*s);
        };
        if (e.shape_count >= 2)
            for (std::uint32_t i = 0; i < e.shape_count; ++i) add(rd.shape[e.shape_begin + i]);
        else {
            add(rd.nodes[e.from].pos);
            add(rd.nodes[e.to].pos);
        }
        if (!ok) continue;
        for (std::size_t i = 0; i + 1 < pts.size(); ++i)
            out[static_cast<int>(e.road_class)].push_back(Seg{pts[i], pts[i + 1]});
    }
    return out;
}

std::vector<Seg> outlineSegments(const MapModel& map, const MapCamera& cam) {
    std::vector<Seg> out;
    for (const auto& l : map.layers)
        for (const auto& f : l.features) {
            for (const auto& poly : f.polygons)
                for (const auto& ring : poly)
                    for (std::size_t i = 0; i < ring.size(); ++i) {
                        const auto& p = ring[i];
                        const auto& q = ring[(i + 1) % ring.size()];
                        const auto a = cam.groundToScreen(p.x, p.y), b = cam.groundToScreen(q.x, q.y);
                        if (a && b) out.push_back(Seg{*a, *b});
                    }
            for (const auto& line : f.lines)
                for (std::size_t i = 0; i + 1 < line.size(); ++i) {
                    const auto a = cam.groundToScreen(line[i].x, line[i].y);
                    const auto b = cam.groundToScreen(line[i + 1].x, line[i + 1].y);
                    if (a && b) out.push_back(Seg{*a, *b});
                }
        }
    return out;
}

// Marks every pixel whose centre is within r of a segment.
void stamp(std::vector<std::uint8_t>& mask, int w, int h, const Seg& s, double r) {
    const int x0 = std::max(0, int(std::floor(std::min(s.a.x, s.b.x) - r)));
    const int x1 = std::min(w - 1, int(std::ceil(std::max(s.a.x, s.b.x) + r)));
    const int y0 = std::max(0, int(std::floor(std::min(s.a.y, s.b.y) - r)));
    const int y1 = std::min(h - 1, int(std::ceil(std::max(s.a.y, s.b.y) + r)));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            if (!mask[y * w + x] && distToSeg(x + 0.5, y + 0.5, s) <= r) mask[y * w + x] = 1;
}

void stampRect(std::vector<std::uint8_t>& mask, int w, int h, const ScreenRect& r) {
    for (int y = std::max(0, int(std::floor(r.y0))); y < std::min(h, int(std::ceil(r.y1))); ++y)
        for (int x = std::max(0, int(std::floor(r.x0))); x < std::min(w, int(std::ceil(r.x1))); ++x)
            mask[y * w + x] = 1;
}

bool insidePolygon(const std::vector<std::vector<GeoPoint>>& poly, double x, double y) {
    bool in = false;
    for (const auto& ring : poly)
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto& a = ring[i];
            const auto& b = ring[j];
            if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) in = !in;
        }
    return in;
}

// The colour the ground has at a map point: water over land over background.
Color8 groundColour(const MapModel& map, const MapStyle& style, double x, double y, bool* is_land) {
    bool land = false, water = false;
    for (const auto& l : map.layers)
        for (const auto& f : l.features)
            for (const auto& poly : f.polygons)
                if (insidePolygon(poly, x, y)) (areaKind(l, f) == AreaKind::Water ? water : land) = true;
    *is_land = land || water;
    return water ? style.water_fill : land ? style.land : style.background;
}

int colourDiff(const std::uint8_t* p, const Color8& c) {
    return std::max({std::abs(p[0] - c.r), std::abs(p[1] - c.g), std::abs(p[2] - c.b)});
}

std::string rgb(const std::uint8_t* p) {
    return "(" + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]) + ")";
}

struct Rendered {
    RgbaImage img;
    CameraPose pose;
    std::vector<RoadLabelPlacement> road_labels;
};

// Renders and keeps what the tests need to tell map pixels from text.
void renderInto(const MapModel& map, const RenderRequest& req, Rendered* r) {
    RenderInfo info;
    r->img = renderMap(map, req, &info);
    r->pose = info.pose;
    r->road_labels = info.road_labels;
}

// The screen box around a road label (its rotated box's bounds).
ScreenRect roadLabelRect(const RoadLabelPlacement& lp) {
    ScreenRect b{1e9, 1e9, -1e9, -1e9};
    for (const auto& c : lp.corners) {
        b.x0 = std::min(b.x0, c.x);
        b.y0 = std::min(b.y0, c.y);
        b.x1 = std::max(b.x1, c.x);
        b.y1 = std::max(b.y1, c.y);
    }
    return b;
}

// Road pixels: midpoints of road segments of the given classes (long enough
// on screen, clear of labels, HUD and of more important roads drawn on top)
// must show the class colour.
struct RoadCheck {
    int samples = 0, exact = 0, close = 0;
    std::string first_bad;
};

RoadCheck checkRoadColours(const MapModel& map, const Rendered& r, const std::vector<RoadClass>& classes) {
    RoadCheck out;
    const MapStyle style = MapStyle::commandDark();
    const MapSceneOptions so;
    const MapCamera cam(r.pose, r.img.width, r.img.height);
    const auto segs = roadSegments(map, cam);
    const auto labels = placeSceneLabels(map, so, cam);
    const HudLayout hud = computeHudLayout(map, so, r.img.width, r.img.height);
    std::vector<ScreenRect> blocked;
    for (const auto& rect : hud.all())
        if (!rect.empty()) blocked.push_back(rect.grown(4));
    for (const auto& lp : labels) blocked.push_back(labelBox(lp.text, lp.px, lp.screen).grown(6));
    for (const auto& lp : r.road_labels) blocked.push_back(roadLabelRect(lp).grown(4));
    for (RoadClass c : classes) {
        const int ci = static_cast<int>(c);
        const RoadStyle& rs = style.road(c);
        for (const Seg& s : segs[ci]) {
            if (std::hypot(s.b.x - s.a.x, s.b.y - s.a.y) < 8) continue;
            const double mx = 0.5 * (s.a.x + s.b.x), my = 0.5 * (s.a.y + s.b.y);
            if (mx < 4 || my < 4 || mx > r.img.width - 4 || my > r.img.height - 4) continue;
            bool skip = false;
            for (const auto& b : blocked) skip = skip || b.contains(mx, my);
            for (int hi = 0; hi < ci && !skip; ++hi) {
                const double clear = 0.5 * style.roads[hi].width_px * hud.scale + 3;
                for (const Seg& o : segs[hi])
                    if (distToSeg(mx, my, o) < clear) {
                        skip = true;
                        break;
                    }
            }
            if (skip) continue;
            const auto* p = r.img.at(int(mx), int(my));
            ++out.samples;
            const int d = colourDiff(p, rs.color);
            if (d == 0) ++out.exact;
            if (d <= 12) ++out.close;
            else if (out.first_bad.empty())
                out.first_bad = std::string(roadClassKey(c)) + " at " + std::to_string(int(mx)) + "," +
                                std::to_string(int(my)) + " is " + rgb(p);
        }
    }
    return out;
}

// Pixels > 25 px from every road, boundary and label, and outside the HUD,
// must be exactly the ground colour.
struct GroundCheck {
    int checked = 0, background = 0, land = 0, wrong = 0;
    std::string first_bad;
};

GroundCheck checkGround(const MapModel& map, const Rendered& r, int step) {
    GroundCheck out;
    const MapStyle style = MapStyle::commandDark();
    const MapSceneOptions so;
    const int w = r.img.width, h = r.img.height;
    const MapCamera cam(r.pose, w, h);
    const double R = 25;
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(w) * h, 0);
    for (const auto& cls : roadSegments(map, cam))
        for (const auto& s : cls) stamp(mask, w, h, s, R);
    for (const auto& s : outlineSegments(map, cam)) stamp(mask, w, h, s, R);
    const HudLayout hud = computeHudLayout(map, so, w, h);
    for (const auto& rect : hud.all())
        if (!rect.empty()) stampRect(mask, w, h, rect.grown(2));
    for (const auto& lp : placeSceneLabels(map, so, cam)) stampRect(mask, w, h, labelBox(lp.text, lp.px, lp.screen).grown(R));
    for (const auto& lp : r.road_labels) stampRect(mask, w, h, roadLabelRect(lp).grown(4));
    for (int y = step / 2; y < h; y += step)
        for (int x = step / 2; x < w; x += step) {
            if (mask[y * w + x]) continue;
            const auto g = cam.screenToGround(x + 0.5, y + 0.5);
            if (!g) continue;
            bool in = false;
            const Color8 expected = groundColour(map, style, g->x, g->y, &in);
            const auto* p = r.img.at(x, y);
            ++out.checked;
            (in ? out.land : out.background)++;
            if (colourDiff(p, expected) != 0) {
                ++out.wrong;
                if (out.first_bad.empty())
                    out.first_bad = "pixel " + std::to_string(x) + "," + std::to_string(y) + " is " + rgb(p) +
                                    " (expected " + rgb(&expected.r) + ")";
            }
        }
    return out;
}

// ---------------------------------------------------------------- models

GeoPoint gp(const Projector& proj, double lon, double lat) {
    const XY p = proj.forward(LonLat{lon, lat});
    return GeoPoint{lon, lat, p.x, p.y};
}

// A small hand-built map: a 5×5 local-street grid with one primary and one
// motorway, inside a square district with a label.
MapModel handBuiltMap() {
    MapModel m;
    m.name = "测试图 Test map";
    m.crs = "EPSG:4547";
    const Projector proj(m.crs);
    const double lon0 = 114.00, lat0 = 22.50, d = 0.004;
    for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 5; ++i) m.roads.nodes.push_back(RoadNode{j * 5 + i, gp(proj, lon0 + i * d, lat0 + j * d)});
    auto edge = [&](int a, int b, RoadClass c) {
        for (auto [f, t] : {std::pair{a, b}, std::pair{b, a}}) {
            RoadEdge e;
            e.from = f;
            e.to = t;
            e.road_class = c;
            e.shape_begin = static_cast<std::uint32_t>(m.roads.shape.size());
            e.shape_count = 2;
            m.roads.shape.push_back(m.roads.nodes[f].pos);
            m.roads.shape.push_back(m.roads.nodes[t].pos);
            m.roads.edges.push_back(e);
        }
    };
    for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 4; ++i)
            edge(j * 5 + i, j * 5 + i + 1, j == 2 ? RoadClass::Primary : RoadClass::Residential);
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 4; ++j) edge(j * 5 + i, (j + 1) * 5 + i, i == 4 ? RoadClass::Motorway : RoadClass::Residential);
    VectorLayer districts;
    districts.name = "districts";
    Feature f;
    f.label = "测试区";
    const double m0 = 0.001;
    f.polygons.push_back({{gp(proj, lon0 - m0, lat0 - m0), gp(proj, lon0 + 4 * d + m0, lat0 - m0),
                           gp(proj, lon0 + 4 * d + m0, lat0 + 4 * d + m0), gp(proj, lon0 - m0, lat0 + 4 * d + m0),
                           gp(proj, lon0 - m0, lat0 - m0)}});
    f.has_label_anchor = true;
    f.label_anchor = gp(proj, lon0 + 1.5 * d, lat0 + 3.5 * d);
    districts.features.push_back(f);
    m.layers.push_back(districts);
    return m;
}

const MapModel* futianMap(std::string* why) {
    static std::unique_ptr<MapModel> map;
    static std::string problem;
    static bool tried = false;
    if (!tried) {
        tried = true;
        try {
            LoadOptions lo;
            lo.data_dir = JINGWEI_TEST_DATA_DIR;
            lo.maps_dir = JINGWEI_TEST_MAPS_DIR;
            lo.allow_fallback = false;
            map = std::make_unique<MapModel>(loadMap("futian", lo));
        } catch (const std::exception& e) {
            problem = e.what();
        }
    }
    if (why) *why = problem;
    return map.get();
}

#define REQUIRE_FUTIAN(var)                                                                   \
    std::string futian_problem_;                                                             \
    const MapModel* var = futianMap(&futian_problem_);                                        \
    if (!var) GTEST_SKIP() << "Futian sample data not available: " << futian_problem_

// The default Futian render (1920×1080, home view), shared by several tests.
const Rendered& futianHome(const MapModel& map) {
    static std::unique_ptr<Rendered> r;
    if (!r) {
        r = std::make_unique<Rendered>();
        RenderRequest req;
        renderInto(map, req, r.get());
        if (const char* dir = std::getenv("JINGWEI_TEST_OUTPUT_DIR"))
            writePng(r->img, std::string(dir) + "/render_test_futian.png");
    }
    return *r;
}

const Feature* findDistrict(const MapModel& map, const std::string& label) {
    for (const auto& l : map.layers)
        for (const auto& f : l.features)
            if (f.label == label) return &f;
    return nullptr;
}

// ---------------------------------------------------------------- tests

TEST(RenderHandBuilt, RoadAndGroundColours) {
    REQUIRE_EGL();
    const MapModel map = handBuiltMap();
    Rendered r;
    RenderRequest req;
    req.width = 960;
    req.height = 720;
    renderInto(map, req, &r);
    ASSERT_EQ(r.img.width, 960);
    ASSERT_EQ(r.img.height, 720);
    ASSERT_EQ(r.img.pixels.size(), 960u * 720u * 4u);

    const RoadCheck rc = checkRoadColours(map, r, {RoadClass::Motorway, RoadClass::Primary});
    EXPECT_GE(rc.samples, 10);
    EXPECT_EQ(rc.close, rc.samples) << rc.first_bad;

    const GroundCheck gc = checkGround(map, r, 6);
    EXPECT_GT(gc.land, 100);
    EXPECT_GT(gc.background, 100);
    EXPECT_EQ(gc.wrong, 0) << gc.first_bad;
}

TEST(RenderHandBuilt, SyntheticTagOnlyForSyntheticMaps) {
    REQUIRE_EGL();
    MapModel map = handBuiltMap();
    const MapStyle style = MapStyle::commandDark();
    auto amberPixels = [&](const MapModel& m) {
        RenderRequest req;
        req.width = 960;
        req.height = 720;
        const RgbaImage img = renderMap(m, req);
        const HudLayout hud = computeHudLayout(m, MapSceneOptions{}, 960, 720);
        int n = 0;
        for (int y = int(hud.title.y0); y < int(hud.title.y1); ++y)
            for (int x = int(hud.title.x0); x < int(hud.title.x1); ++x)
                if (colourDiff(img.at(x, y), style.synthetic_tag) <= 30) ++n;
        return n;
    };
    EXPECT_EQ(amberPixels(map), 0);
    map.synthetic = true;
    EXPECT_GT(amberPixels(map), 100);
}

TEST(RenderHandBuilt, DeterministicAndLanguageAware) {
    REQUIRE_EGL();
    const MapModel map = handBuiltMap();
    RenderRequest req;
    req.width = 800;
    req.height = 600;
    const RgbaImage a = renderMap(map, req);
    const RgbaImage b = renderMap(map, req);
    EXPECT_TRUE(a.pixels == b.pixels) << "two renders of the same request differ";
    req.language = "en";
    const RgbaImage en = renderMap(map, req);
    // The legend (class names) differs between zh and en; the map does not.
    const HudLayout hud_zh = computeHudLayout(map, MapSceneOptions{}, 800, 600);
    MapSceneOptions en_opt;
    en_opt.language = "en";
    const HudLayout hud_en = computeHudLayout(map, en_opt, 800, 600);
    int legend_diff = 0, map_diff = 0;
    for (int y = 0; y < 600; ++y)
        for (int x = 0; x < 800; ++x) {
            const bool differs = !std::equal(a.at(x, y), a.at(x, y) + 3, en.at(x, y));
            if (!differs) continue;
            if (hud_zh.legend.grown(2).contains(x, y) || hud_en.legend.grown(2).contains(x, y) ||
                hud_zh.north_arrow.grown(2).contains(x, y))
                ++legend_diff;
            else ++map_diff;
        }
    EXPECT_GT(legend_diff, 50);
    EXPECT_EQ(map_diff, 0);
}

TEST(RenderHandBuilt, ThreeDViewDrawsRoads) {
    REQUIRE_EGL();
    const MapModel map = handBuiltMap();
    Rendered r;
    RenderRequest req;
    req.width = 960;
    req.height = 720;
    req.view3d = true;
    renderInto(map, req, &r);
    EXPECT_TRUE(r.pose.view3d);
    EXPECT_GT(r.pose.tilt_deg, 0);
    const RoadCheck rc = checkRoadColours(map, r, {RoadClass::Motorway, RoadClass::Primary});
    EXPECT_GE(rc.samples, 4);
    EXPECT_EQ(rc.close, rc.samples) << rc.first_bad;
}

TEST(RenderHandBuilt, CameraSpecCentresTheTarget) {
    REQUIRE_EGL();
    MapModel map = handBuiltMap();
    map.layers.front().features.front().label.clear();  // no label over the centre
    RenderRequest req;
    req.width = 640;
    req.height = 480;
    req.camera = CameraSpec{114.008, 22.508, 900, 30, 0};  // the centre crossing, heading 30
    CameraPose pose;
    const RgbaImage img = renderMap(map, req, &pose);
    const Projector proj(map.crs);
    const XY c = proj.forward(LonLat{114.008, 22.508});
    EXPECT_NEAR(pose.x, c.x, 1e-6);
    EXPECT_NEAR(pose.y, c.y, 1e-6);
    EXPECT_DOUBLE_EQ(pose.range_m, 900);
    EXPECT_DOUBLE_EQ(pose.heading_deg, 30);
    // The crossing of a primary and a residential street is at the centre:
    // the primary (drawn on top) colours it.
    EXPECT_LE(colourDiff(img.at(320, 240), MapStyle::commandDark().road(RoadClass::Primary).color), 12)
        << rgb(img.at(320, 240));
    // Invalid requests are errors, not crashes.
    req.camera = CameraSpec{500, 22.5, 900, 0, 0};
    EXPECT_THROW(renderMap(map, req), Error);
    RenderRequest bad;
    bad.width = 0;
    EXPECT_THROW(renderMap(map, bad), Error);
}

// The synthetic city has every kind of area: land, water (its river) and the
// background around it, and the synthetic tag.
TEST(RenderSynthetic, GroundWaterAndRoads) {
    REQUIRE_EGL();
    SyntheticCityParams p;
    p.blocks_x = 24;
    p.blocks_y = 18;
    const MapModel map = generateSyntheticCity(p);
    ASSERT_TRUE(map.synthetic);
    Rendered r;
    RenderRequest req;
    renderInto(map, req, &r);
    const RoadCheck rc = checkRoadColours(map, r, {RoadClass::Motorway, RoadClass::Trunk, RoadClass::Primary});
    EXPECT_GE(rc.samples, 20);
    EXPECT_GE(rc.close, rc.samples * 98 / 100) << rc.first_bad;
    const GroundCheck gc = checkGround(map, r, 8);
    std::printf("synthetic ground samples: %d (background %d, land/water %d), wrong %d\n", gc.checked, gc.background,
                gc.land, gc.wrong);
    EXPECT_GT(gc.background, 100);
    EXPECT_EQ(gc.wrong, 0) << gc.first_bad;
    // Some water is visible away from everything else.
    const MapStyle style = MapStyle::commandDark();
    int water = 0;
    for (std::size_t i = 0; i < r.img.pixels.size(); i += 4)
        if (colourDiff(&r.img.pixels[i], style.water_fill) == 0) ++water;
    EXPECT_GT(water, 1000);
}

TEST(RenderFutian, RoadColoursWhereRoadsAre) {
    REQUIRE_EGL();
    REQUIRE_FUTIAN(map);
    const Rendered& r = futianHome(*map);
    ASSERT_EQ(r.img.width, 1920);
    ASSERT_EQ(r.img.height, 1080);
    const RoadCheck rc =
        checkRoadColours(*map, r, {RoadClass::Motorway, RoadClass::Trunk, RoadClass::Primary, RoadClass::Secondary});
    std::printf("road samples: %d, exact %d, within 12: %d\n", rc.samples, rc.exact, rc.close);
    EXPECT_GE(rc.samples, 200);
    EXPECT_GE(rc.close, rc.samples * 98 / 100) << rc.first_bad;
    // Primary roads on their own.
    const RoadCheck pc = checkRoadColours(*map, r, {RoadClass::Primary});
    EXPECT_GE(pc.samples, 50);
    EXPECT_GE(pc.close, pc.samples * 98 / 100) << pc.first_bad;
}

TEST(RenderFutian, GroundColourAwayFromEverything) {
    REQUIRE_EGL();
    REQUIRE_FUTIAN(map);
    const Rendered& r = futianHome(*map);
    const GroundCheck gc = checkGround(*map, r, 8);
    std::printf("ground samples: %d (background %d, land %d), wrong %d\n", gc.checked, gc.background, gc.land,
                gc.wrong);
    EXPECT_GT(gc.checked, 2000);
    EXPECT_EQ(gc.wrong, 0) << gc.first_bad;
}

TEST(RenderFutian, FutianLabelAtItsAnchor) {
    REQUIRE_EGL();
    REQUIRE_FUTIAN(map);
    const Rendered& r = futianHome(*map);
    const Feature* futian = findDistrict(*map, "福田");
    ASSERT_NE(futian, nullptr);
    ASSERT_TRUE(futian->has_label_anchor);
    EXPECT_NEAR(futian->label_anchor.lon, 114.0415, 1e-3);
    EXPECT_NEAR(futian->label_anchor.lat, 22.5462, 1e-3);
    const MapCamera cam(r.pose, r.img.width, r.img.height);
    const auto anchor = cam.groundToScreen(futian->label_anchor.x, futian->label_anchor.y);
    ASSERT_TRUE(anchor);
    ASSERT_TRUE(anchor->x > 0 && anchor->x < r.img.width && anchor->y > 0 && anchor->y < r.img.height)
        << "the home view must show the 福田 anchor";
    const auto labels = placeSceneLabels(*map, MapSceneOptions{}, cam);
    const LabelPlacement* lp = nullptr;
    for (const auto& l : labels)
        if (l.text == "福田") lp = &l;
    ASSERT_NE(lp, nullptr);
    EXPECT_TRUE(lp->at_anchor);
    EXPECT_NEAR(lp->screen.x, anchor->x, 0.5);
    EXPECT_NEAR(lp->screen.y, anchor->y, 0.5);

    // Label-coloured glyph pixels and a dark outline around them near the anchor.
    const MapStyle style = MapStyle::commandDark();
    const double px = style.district_label_px * effectiveUiScale(MapSceneOptions{}, r.img.width, r.img.height);
    int glyph = 0, outline = 0;
    for (int y = int(anchor->y - px); y <= int(anchor->y + px); ++y)
        for (int x = int(anchor->x - 1.5 * px); x <= int(anchor->x + 1.5 * px); ++x) {
            if (x < 0 || y < 0 || x >= r.img.width || y >= r.img.height) continue;
            const auto* p = r.img.at(x, y);
            if (colourDiff(p, style.district_label) <= 40) ++glyph;
            if (colourDiff(p, style.district_label_outline) <= 12) ++outline;
        }
    std::printf("福田 label: %d glyph pixels, %d outline pixels\n", glyph, outline);
    EXPECT_GT(glyph, 300);
    EXPECT_GT(outline, 150);
    // 南山 is in view too (its centroid is not): it is labelled inside its visible part.
    bool nanshan = false;
    for (const auto& l : labels) nanshan = nanshan || l.text == "南山";
    EXPECT_TRUE(nanshan);
}

TEST(RenderFutian, HudScaleBarAndNorthArrow) {
    REQUIRE_EGL();
    REQUIRE_FUTIAN(map);
    const Rendered& r = futianHome(*map);
    const MapStyle style = MapStyle::commandDark();
    const HudLayout hud = computeHudLayout(*map, MapSceneOptions{}, r.img.width, r.img.height);
    auto count = [&](const ScreenRect& rect, const Color8& c, int tol) {
        int n = 0;
        for (int y = int(rect.y0); y < int(rect.y1); ++y)
            for (int x = int(rect.x0); x < int(rect.x1); ++x)
                if (colourDiff(r.img.at(x, y), c) <= tol) ++n;
        return n;
    };
    // The bar's light segments: two of four, each a quarter of the bar.
    const MapCamera cam(r.pose, r.img.width, r.img.height);
    const double len_m = niceScaleLength_m(cam.metresPerPixel(), hud.scale_bar_max_px);
    const double bar_px = len_m / cam.metresPerPixel();
    EXPECT_GT(bar_px, hud.scale_bar_max_px * 0.4);
    EXPECT_GT(count(hud.scale_bar, style.hud_text, 10), int(bar_px * 0.5 * 8));
    EXPECT_GT(count(hud.north_arrow, style.north_arrow, 20), 200);
    EXPECT_GT(count(hud.legend, style.road(RoadClass::Primary).color, 10), 50);
}

TEST(WritePng, WritesAtomicallyAndReportsThePath) {
    RgbaImage img;
    img.width = 3;
    img.height = 2;
    img.pixels.assign(3 * 2 * 4, 255);
    img.pixels[0] = 10;  // top-left red = 10
    const auto dir = std::filesystem::temp_directory_path() / ("jingwei_render_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "out.png").string();
    writePng(img, path);
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    std::ifstream in(path, std::ios::binary);
    std::string head(24, '\0');
    in.read(head.data(), 24);
    EXPECT_EQ(head.substr(1, 3), "PNG");
    EXPECT_EQ(static_cast<unsigned char>(head[19]), 3u);  // width (big-endian, low byte)
    EXPECT_EQ(static_cast<unsigned char>(head[23]), 2u);  // height
    std::filesystem::remove_all(dir);

    const std::string bad = "/nonexistent-dir-jingwei/x.png";
    try {
        writePng(img, bad);
        FAIL() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
    EXPECT_THROW(writePng(RgbaImage{}, path), Error);
}

TEST(RenderBench, SmokeRun) {
    REQUIRE_EGL();
    const MapModel map = handBuiltMap();
    const auto res = benchRender(map, {{320, 240}}, 0.2);
    ASSERT_EQ(res.size(), 1u);
    EXPECT_EQ(res[0].width, 320);
    EXPECT_EQ(res[0].height, 240);
    EXPECT_GT(res[0].first_frame_ms, 0);
    EXPECT_GE(res[0].frames, 2);
    EXPECT_GT(res[0].fps, 0);
}

// With no EGL at all (no vendor library), the render tests fail with a
// message and exit normally instead of crashing.
TEST(RenderNoEgl, FailsWithAClearMessage) {
    if (std::getenv("JINGWEI_RENDER_TEST_CHILD")) GTEST_SKIP() << "child run";
    const auto out = std::filesystem::temp_directory_path() / ("jingwei_noegl_" + std::to_string(::getpid()) + ".txt");
    const std::string cmd = "env __EGL_VENDOR_LIBRARY_FILENAMES=/nonexistent.json JINGWEI_RENDER_TEST_CHILD=1 "
                            "/proc/" + std::to_string(::getpid()) + "/exe --gtest_filter=RenderHandBuilt.RoadAndGroundColours > " +
                            out.string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream in(out);
    std::stringstream ss;
    ss << in.rdbuf();
    std::filesystem::remove(out);
    ASSERT_TRUE(WIFEXITED(status)) << "child crashed:\n" << ss.str();
    EXPECT_EQ(WEXITSTATUS(status), 1) << ss.str();
    EXPECT_NE(ss.str().find("EGL surfaceless rendering is not available"), std::string::npos) << ss.str();
}

}  // namespace
}  // namespace jingwei
