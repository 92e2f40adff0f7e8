// Headless screenshots of every sample-data manifest: the layers of issue 3
// (terrain, buildings, vector styles, POIs, draped roads) are where the
// model says they are, in the colours the style says.
//
// Maps are read through mapdata's loadMap (the package cache goes to
// $JINGWEI_CACHE_DIR, which ctest sets); each is loaded once per run. With
// JINGWEI_TEST_OUTPUT_DIR set, every render is written there as a PNG.
// GCC 12 reports a false -Wrestrict in std::string concatenation (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/crs.h"
#include "mapdata/map_manifest.h"
#include "render/building_mesh.h"
#include "render/headless.h"
#include "render/map_scene.h"
#include "render/offscreen.h"
#include "render_test_support.h"
#include "../test_support.h"

namespace jingwei {
namespace {

using rtest::eglProblem;

// One loaded map per manifest for the whole run.
const MapModel& testMap(const std::string& name) {
    static std::map<std::string, std::unique_ptr<MapModel>> maps;
    auto& m = maps[name];
    if (!m) {
        LoadOptions lo;
        lo.data_dir = test::dataDir();
        lo.maps_dir = test::mapsDir();
        lo.allow_fallback = false;
        m = std::make_unique<MapModel>(loadMap(name, lo));
    }
    return *m;
}

struct Shot {
    RgbaImage img;
    RenderInfo info;
    MapCamera cam() const { return MapCamera(info.pose, img.width, img.height); }
};

Shot render(const MapModel& map, const RenderRequest& req, const std::string& png) {
    Shot s;
    s.img = renderMap(map, req, &s.info);
    if (const char* dir = std::getenv("JINGWEI_TEST_OUTPUT_DIR"); dir && *dir) writePng(s.img, std::string(dir) + "/" + png);
    return s;
}

int colourDiff(const std::uint8_t* p, const Color8& c) {
    return std::max({std::abs(p[0] - c.r), std::abs(p[1] - c.g), std::abs(p[2] - c.b)});
}

std::string rgb(const std::uint8_t* p) {
    return "(" + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]) + ")";
}

// The 8-bit colour GL stores for a float colour.
Color8 quantise(float r, float g, float b) {
    auto q = [](float v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    return Color8{q(r), q(g), q(b), 255};
}

ScreenRect boundsOf(const std::array<ScreenPoint, 4>& c) {
    ScreenRect b{1e9, 1e9, -1e9, -1e9};
    for (const auto& p : c) {
        b.x0 = std::min(b.x0, p.x);
        b.y0 = std::min(b.y0, p.y);
        b.x1 = std::max(b.x1, p.x);
        b.y1 = std::max(b.y1, p.y);
    }
    return b;
}

// Screen boxes of everything drawn as text or HUD in a shot.
std::vector<ScreenRect> textBoxes(const Shot& s, double grow) {
    std::vector<ScreenRect> out;
    for (const auto& r : s.info.hud) out.push_back(r.grown(grow));
    for (const auto& l : s.info.labels) out.push_back(labelBox(l.text, l.px, l.screen).grown(grow));
    for (const auto& l : s.info.road_labels) out.push_back(boundsOf(l.corners).grown(grow));
    return out;
}

bool inAny(const std::vector<ScreenRect>& rs, double x, double y) {
    for (const auto& r : rs)
        if (r.contains(x, y)) return true;
    return false;
}

bool insideScreen(const std::vector<ScreenPoint>& poly, double x, double y) {
    bool in = false;
    for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
        const auto& a = poly[i];
        const auto& b = poly[j];
        if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

double distToSeg(double px, double py, ScreenPoint a, ScreenPoint b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((px - a.x) * dx + (py - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    return std::hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

double distToRing(const std::vector<ScreenPoint>& ring, double x, double y) {
    double d = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < ring.size(); ++i) d = std::min(d, distToSeg(x, y, ring[i], ring[(i + 1) % ring.size()]));
    return d;
}

std::vector<ScreenPoint> projectRing(const MapCamera& cam, const std::vector<GeoPoint>& ring, double z) {
    std::vector<ScreenPoint> out;
    for (const auto& p : ring)
        if (const auto s = cam.groundToScreen(p.x, p.y, z)) out.push_back(*s);
    return out;
}

const VectorLayer* layerOfKind(const MapModel& map, LayerKind kind) {
    for (const auto& l : map.layers)
        if (l.kind == kind) return &l;
    return nullptr;
}

// Screen points of every POI and police symbol (symbols reach 60 px up).
std::vector<ScreenPoint> pointSymbols(const MapModel& map, const MapCamera& cam, const TerrainSurface* ground,
                                      bool pois = true) {
    std::vector<ScreenPoint> out;
    for (const auto& l : map.layers)
        if ((pois && l.kind == LayerKind::Pois) || l.kind == LayerKind::Police)
            for (const auto& f : l.features)
                for (const auto& p : f.points)
                    if (const auto s = cam.groundToScreen(p.x, p.y, ground ? ground->z(p.x, p.y) : 0.0)) out.push_back(*s);
    return out;
}

// Pixels inside building footprints (2D), at least `margin` px from their
// edges and clear of text and symbols: the roof colour exactly.
struct RoofCheck {
    int samples = 0, exact = 0;
    std::string first_bad;
};

RoofCheck checkRoofs(const MapModel& map, const Shot& s, const VectorLayer& layer, double margin) {
    RoofCheck rc;
    const MapCamera cam = s.cam();
    const auto boxes = textBoxes(s, 4);
    const auto symbols = pointSymbols(map, cam, nullptr);
    const Color8 fill = layer.style.fill ? toColor8(*layer.style.fill) : MapStyle::commandDark().building_fill;
    const Color8 roof = quantise(std::min(1.0f, fill.rf() * 1.06f), std::min(1.0f, fill.gf() * 1.06f),
                                 std::min(1.0f, fill.bf() * 1.06f));
    for (const auto& f : layer.features) {
        // Other buildings drawn over this one (overlapping parts) are rare;
        // skip any sample inside a second footprint.
        for (const auto& poly : f.polygons) {
            if (poly.empty()) continue;
            const auto ring = projectRing(cam, poly.front(), f.height_m);
            if (ring.size() < 3) continue;
            ScreenRect b{1e9, 1e9, -1e9, -1e9};
            for (const auto& p : ring) {
                b.x0 = std::min(b.x0, p.x), b.y0 = std::min(b.y0, p.y), b.x1 = std::max(b.x1, p.x), b.y1 = std::max(b.y1, p.y);
            }
            // A few interior sample points per footprint.
            const int step = 4;
            int taken = 0;
            for (int y = int(b.y0) + 1; y < int(b.y1) && taken < 6; y += step)
                for (int x = int(b.x0) + 1; x < int(b.x1) && taken < 6; x += step) {
                    const double cx = x + 0.5, cy = y + 0.5;
                    if (x < 0 || y < 0 || x >= s.img.width || y >= s.img.height) continue;
                    if (!insideScreen(ring, cx, cy) || distToRing(ring, cx, cy) < margin) continue;
                    bool hole = false;
                    for (std::size_t k = 1; k < poly.size(); ++k) {
                        const auto h = projectRing(cam, poly[k], f.height_m);
                        if (h.size() >= 3 && (insideScreen(h, cx, cy) || distToRing(h, cx, cy) < margin)) hole = true;
                    }
                    if (hole || inAny(boxes, cx, cy)) continue;
                    bool near_symbol = false;
                    for (const auto& p : symbols) near_symbol = near_symbol || (std::abs(p.x - cx) < 40 && cy > p.y - 75 && cy < p.y + 12);
                    if (near_symbol) continue;
                    ++taken;
                    ++rc.samples;
                    const auto* px = s.img.at(x, y);
                    if (colourDiff(px, roof) <= 1) ++rc.exact;
                    else if (rc.first_bad.empty())
                        rc.first_bad = "pixel " + std::to_string(x) + "," + std::to_string(y) + " is " + rgb(px) +
                                       ", roof " + rgb(&roof.r);
                }
        }
    }
    return rc;
}

// ---------------------------------------------------------------- Longgang

TEST(MapLayersLonggang, RoadsAndBuildingsWhereTheModelSays) {
    JINGWEI_REQUIRE_DATA("shenzhen/longgang.osm");
    REQUIRE_EGL();
    const MapModel& map = testMap("longgang");
    const VectorLayer* buildings = layerOfKind(map, LayerKind::Buildings);
    ASSERT_NE(buildings, nullptr);
    EXPECT_EQ(buildings->features.size(), 139u);
    // Framed on the buildings so footprints are several pixels wide.
    Bounds bb = buildings->boundsXY();
    RenderRequest req;
    req.pose = fitBounds(bb, req.width, req.height);
    const Shot s = render(map, req, "map_layers_longgang.png");
    const RoofCheck rc = checkRoofs(map, s, *buildings, 2.5);
    std::printf("Longgang roofs: %d samples, %d exact\n", rc.samples, rc.exact);
    EXPECT_GE(rc.samples, 150);
    EXPECT_GE(rc.exact, rc.samples * 97 / 100) << rc.first_bad;

    // Roads: midpoints of primary/secondary segments away from buildings,
    // labels and symbols have their class colour.
    const MapCamera cam = s.cam();
    const MapStyle st = MapStyle::commandDark();
    const auto boxes = textBoxes(s, 4);
    const auto symbols = pointSymbols(map, cam, nullptr);
    int samples = 0, ok = 0;
    std::string bad;
    for (const auto& e : map.roads.edges) {
        if (e.road_class != RoadClass::Primary && e.road_class != RoadClass::Secondary) continue;
        for (std::uint32_t i = 0; i + 1 < e.shape_count; ++i) {
            const auto& a = map.roads.shape[e.shape_begin + i];
            const auto& b = map.roads.shape[e.shape_begin + i + 1];
            const auto sa = cam.groundToScreen(a.x, a.y), sb = cam.groundToScreen(b.x, b.y);
            if (!sa || !sb || std::hypot(sb->x - sa->x, sb->y - sa->y) < 12) continue;
            const double mx = 0.5 * (sa->x + sb->x), my = 0.5 * (sa->y + sb->y);
            if (mx < 4 || my < 4 || mx > s.img.width - 4 || my > s.img.height - 4 || inAny(boxes, mx, my)) continue;
            bool blocked = false;
            for (const auto& p : symbols) blocked = blocked || (std::abs(p.x - mx) < 40 && my > p.y - 75 && my < p.y + 14);
            const double gx = 0.5 * (a.x + b.x), gy = 0.5 * (a.y + b.y);
            for (const auto& f : buildings->features)
                for (const auto& poly : f.polygons) {
                    const auto ring = projectRing(cam, poly.front(), f.height_m);
                    if (ring.size() >= 3 && (insideScreen(ring, mx, my) || distToRing(ring, mx, my) < 10)) blocked = true;
                }
            // More important roads crossing nearby are drawn on top.
            for (const auto& o : map.roads.edges) {
                if (blocked || o.road_class >= e.road_class) continue;
                for (std::uint32_t k = 0; k + 1 < o.shape_count && !blocked; ++k) {
                    const auto& p = map.roads.shape[o.shape_begin + k];
                    const auto& q = map.roads.shape[o.shape_begin + k + 1];
                    const auto sp = cam.groundToScreen(p.x, p.y), sq = cam.groundToScreen(q.x, q.y);
                    if (sp && sq && distToSeg(mx, my, *sp, *sq) < 12) blocked = true;
                }
            }
            (void)gx, (void)gy;
            if (blocked) continue;
            ++samples;
            const auto* px = s.img.at(int(mx), int(my));
            if (colourDiff(px, st.road(e.road_class).color) <= 12) ++ok;
            else if (bad.empty()) bad = std::string(roadClassKey(e.road_class)) + " at " + std::to_string(int(mx)) + "," + std::to_string(int(my)) + " is " + rgb(px);
        }
    }
    std::printf("Longgang road samples: %d, ok %d\n", samples, ok);
    EXPECT_GE(samples, 40);
    EXPECT_GE(ok, samples * 97 / 100) << bad;

    // The police station carries its badge: police blue under the symbol.
    const VectorLayer* police = layerOfKind(map, LayerKind::Police);
    ASSERT_NE(police, nullptr);
    ASSERT_FALSE(police->features.empty());
    const Color8 blue = police->style.colour ? toColor8(*police->style.colour) : st.police;
    int badges = 0;
    for (const auto& f : police->features)
        for (const auto& p : f.points) {
            const auto sp = cam.groundToScreen(p.x, p.y);
            if (!sp || sp->x < 40 || sp->y < 80 || sp->x > s.img.width - 40 || sp->y > s.img.height - 10) continue;
            int n = 0;
            const double k = s.img.height / 1080.0;
            for (int y = int(sp->y - 60 * k); y < int(sp->y - 14 * k); ++y)
                for (int x = int(sp->x - 22 * k); x < int(sp->x + 22 * k); ++x)
                    if (colourDiff(s.img.at(x, y), blue) <= 8) ++n;
            if (n > 200) ++badges;
        }
    EXPECT_GE(badges, 1);
}

// ---------------------------------------------------------------- Shenzhen terrain

TEST(MapLayersShenzhenDem, HillsAreLighterThanTheCityPlain) {
    JINGWEI_REQUIRE_DATA("shenzhen/dem-3arcsec.tif");
    REQUIRE_EGL();
    const MapModel& map = testMap("shenzhen-dem");
    ASSERT_EQ(map.terrains.size(), 1u);
    RenderRequest req;
    const Shot s = render(map, req, "map_layers_shenzhen_dem.png");
    const MapCamera cam = s.cam();
    const Projector proj(map.crs);
    const auto boxes = textBoxes(s, 6);
    // The district boundaries (gold lines) are kept clear of.
    std::vector<std::pair<ScreenPoint, ScreenPoint>> lines;
    for (const auto& l : map.layers)
        for (const auto& f : l.features)
            for (const auto& poly : f.polygons)
                for (const auto& ring : poly)
                    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                        const auto a = cam.groundToScreen(ring[i].x, ring[i].y);
                        const auto b = cam.groundToScreen(ring[i + 1].x, ring[i + 1].y);
                        if (a && b) lines.emplace_back(*a, *b);
                    }
    // Pixels within 12 px of a boundary line, rasterised once.
    const int W = s.img.width, H = s.img.height;
    std::vector<std::uint8_t> near_line(std::size_t(W) * H, 0);
    for (const auto& [a, b] : lines) {
        const double R = 12;
        const int x0 = std::max(0, int(std::min(a.x, b.x) - R)), x1 = std::min(W - 1, int(std::max(a.x, b.x) + R));
        const int y0 = std::max(0, int(std::min(a.y, b.y) - R)), y1 = std::min(H - 1, int(std::max(a.y, b.y) + R));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                if (!near_line[std::size_t(y) * W + x] && distToSeg(x + 0.5, y + 0.5, a, b) <= R)
                    near_line[std::size_t(y) * W + x] = 1;
    }
    auto clear = [&](double x, double y, double /*r*/) {
        if (x < 0 || y < 0 || x >= W || y >= H || inAny(boxes, x, y)) return false;
        return near_line[std::size_t(y) * W + std::size_t(x)] == 0;
    };
    auto mean = [&](double lon, double lat, double* lum, Color8* c) {
        const XY p = proj.forward(LonLat{lon, lat});
        const auto sp = cam.groundToScreen(p.x, p.y);
        if (!sp || !clear(sp->x, sp->y, 12)) return false;
        double r = 0, g = 0, b = 0;
        int n = 0;
        for (int y = int(sp->y) - 2; y <= int(sp->y) + 2; ++y)
            for (int x = int(sp->x) - 2; x <= int(sp->x) + 2; ++x) {
                const auto* px = s.img.at(x, y);
                r += px[0], g += px[1], b += px[2];
                ++n;
            }
        *c = Color8{std::uint8_t(r / n), std::uint8_t(g / n), std::uint8_t(b / n), 255};
        *lum = (r + g + b) / (3.0 * n);
        return true;
    };
    double lum_hill = 0, lum_flat = 0;
    Color8 hill, flat;
    // The Futian CBD (114.055E 22.535N, 0-20 m) is under the 福田 label:
    // take the nearest clear point there that is low and flat.
    double flat_lon = 0, flat_lat = 0, best_d = 1e9;
    for (int j = -15; j <= 15; ++j)
        for (int i = -15; i <= 15; ++i) {
            const double lon = 114.055 + i * 0.0010, lat = 22.535 + j * 0.0009;
            const XY p = proj.forward(LonLat{lon, lat});
            const double e = map.elevationAt(p.x, p.y);
            if (!std::isfinite(e) || e < 0 || e > 20) continue;
            double lo = e, hi = e;
            for (int b = -1; b <= 1; ++b)
                for (int a = -1; a <= 1; ++a) {
                    const double v = map.elevationAt(p.x + a * 120, p.y + b * 120);
                    lo = std::min(lo, v), hi = std::max(hi, v);
                }
            const auto sp = cam.groundToScreen(p.x, p.y);
            if (!(hi - lo < 6) || !sp || !clear(sp->x, sp->y, 14)) continue;
            if (std::hypot(i, j) < best_d) {
                best_d = std::hypot(i, j);
                flat_lon = lon;
                flat_lat = lat;
            }
        }
    ASSERT_LT(best_d, 1e9) << "no clear flat point in the Futian CBD";
    ASSERT_TRUE(mean(flat_lon, flat_lat, &lum_flat, &flat)) << "the Futian CBD is off screen or under a label";
    // Wutongshan (summit 917 m at 114.2151E 22.5819N, on the Luohu/Yantian
    // boundary): the mean colour of its slopes within 1.5 km, above 400 m
    // and clear of lines and text. Hill shading darkens the slopes facing
    // away from the light, so the mean over all of them is compared.
    {
        const XY w = proj.forward(LonLat{114.2151, 22.5819});
        const auto ws = cam.groundToScreen(w.x, w.y);
        ASSERT_TRUE(ws);
        const double r_px = 1500 / cam.metresPerPixel();
        double r = 0, g = 0, b = 0;
        int n = 0;
        for (int y = int(ws->y - r_px); y <= int(ws->y + r_px); ++y)
            for (int x = int(ws->x - r_px); x <= int(ws->x + r_px); ++x) {
                if (std::hypot(x - ws->x, y - ws->y) > r_px || !clear(x + 0.5, y + 0.5, 6)) continue;
                const auto gp = cam.screenToGround(x + 0.5, y + 0.5);
                if (!gp || !(map.elevationAt(gp->x, gp->y) > 400)) continue;
                const auto* px = s.img.at(x, y);
                r += px[0], g += px[1], b += px[2];
                ++n;
            }
        ASSERT_GT(n, 100) << "Wutongshan is off screen or under text";
        hill = Color8{std::uint8_t(r / n), std::uint8_t(g / n), std::uint8_t(b / n), 255};
        lum_hill = (r + g + b) / (3.0 * n);
    }
    std::printf("Wutongshan slopes %s lum %.1f, Futian %s (%.0f m) lum %.1f\n", rgb(&hill.r).c_str(),
                lum_hill, rgb(&flat.r).c_str(),
                map.elevationAt(proj.forward({flat_lon, flat_lat}).x, proj.forward({flat_lon, flat_lat}).y), lum_flat);
    // Flat Futian (0-20 m): the ramp's lowland colour, hardly shaded.
    const Color8 low = terrainColour(10.0, 1.0);
    EXPECT_LE(colourDiff(&flat.r, low), 4) << rgb(&flat.r) << " vs " << rgb(&low.r);
    // Wutongshan: the ramp's upland colours, lighter and greener.
    EXPECT_GT(lum_hill, lum_flat + 8);
    EXPECT_GT(int(hill.g) - int(flat.g), 10);

    // Over the whole view, brightness rises with elevation (ramp, averaged
    // over all slopes): mean luminance per elevation band, away from lines and text.
    std::array<double, 4> sum{}, cnt{};
    const double edges[5] = {-1e9, 50, 200, 500, 1e9};
    for (int y = 4; y < s.img.height; y += 6)
        for (int x = 4; x < s.img.width; x += 6) {
            const auto g = cam.screenToGround(x + 0.5, y + 0.5);
            if (!g) continue;
            const double e = map.elevationAt(g->x, g->y);
            if (!std::isfinite(e) || !clear(x + 0.5, y + 0.5, 8)) continue;
            const auto* px = s.img.at(x, y);
            for (int k = 0; k < 4; ++k)
                if (e >= edges[k] && e < edges[k + 1]) {
                    sum[k] += (px[0] + px[1] + px[2]) / 3.0;
                    cnt[k] += 1;
                }
        }
    for (int k = 0; k < 4; ++k) ASSERT_GT(cnt[k], 50) << "band " << k;
    for (int k = 0; k + 1 < 4; ++k)
        EXPECT_LT(sum[k] / cnt[k], sum[k + 1] / cnt[k + 1]) << "band " << k << " vs " << k + 1;
    // Sea (no data) stays the background colour.
    const XY sea = proj.forward(LonLat{113.80, 22.30});
    if (const auto sp = cam.groundToScreen(sea.x, sea.y); sp && sp->x > 0 && sp->y > 0 && sp->x < s.img.width &&
                                                           sp->y < s.img.height && clear(sp->x, sp->y, 10)) {
        EXPECT_TRUE(std::isnan(map.elevationAt(sea.x, sea.y)));
        EXPECT_EQ(colourDiff(s.img.at(int(sp->x), int(sp->y)), MapStyle::commandDark().background), 0);
    }
}

// ---------------------------------------------------------------- Lujiazui

TEST(MapLayersLujiazui, ShanghaiTowerStandsOutIn3D) {
    JINGWEI_REQUIRE_DATA("shanghai/lujiazui-buildings.geojson");
    REQUIRE_EGL();
    const MapModel& map = testMap("lujiazui");
    const VectorLayer* buildings = layerOfKind(map, LayerKind::Buildings);
    ASSERT_NE(buildings, nullptr);
    const Projector proj(map.crs);
    const XY tower_xy = proj.forward(LonLat{121.5055, 31.2335});
    // The tallest building within 800 m of the brief's position (the tower
    // itself stands at about 121.5013E 31.2355N).
    const Feature* tower = nullptr;
    for (const auto& f : buildings->features) {
        if (f.polygons.empty()) continue;
        Bounds b;
        for (const auto& p : f.polygons.front().front()) b.add(p.x, p.y);
        if (std::hypot(b.centerX() - tower_xy.x, b.centerY() - tower_xy.y) > 800) continue;
        if (!tower || f.height_m > tower->height_m) tower = &f;
    }
    ASSERT_NE(tower, nullptr);
    std::printf("Shanghai Tower: %s, %.0f m\n", tower->label.c_str(), tower->height_m);
    EXPECT_GT(tower->height_m, 600);
    Bounds tb;
    for (const auto& p : tower->polygons.front().front()) tb.add(p.x, p.y);

    RenderRequest req;
    req.view3d = true;
    CameraPose pose;
    pose.x = tb.centerX();
    pose.y = tb.centerY();
    pose.range_m = 2600;
    pose.heading_deg = 20;
    pose.tilt_deg = 55;
    pose.view3d = true;
    req.pose = pose;
    const Shot s = render(map, req, "map_layers_lujiazui_3d.png");
    const MapCamera cam = s.cam();
    const auto base = cam.groundToScreen(tb.centerX(), tb.centerY(), 0.0);
    const auto top = cam.groundToScreen(tb.centerX(), tb.centerY(), tower->height_m);
    ASSERT_TRUE(base && top);
    std::printf("tower base %.0f,%.0f top %.0f,%.0f\n", base->x, base->y, top->x, top->y);
    // Its roof is far above its base on screen (a 632 m tower at 2.6 km).
    EXPECT_GT(base->y - top->y, 300);
    EXPECT_GT(top->y, 10);
    // Pixels along its axis, just under the roof down to 60 % of its height,
    // are building colour: the fill × a shade (roof or wall), nothing else.
    const Color8 fill = toColor8(*buildings->style.fill);
    const auto boxes = textBoxes(s, 2);
    int samples = 0, building = 0;
    std::string bad;
    for (double h = tower->height_m * 0.6; h < tower->height_m - 8; h += 6) {
        const auto p = cam.groundToScreen(tb.centerX(), tb.centerY(), h);
        if (!p || inAny(boxes, p->x, p->y)) continue;
        const auto* px = s.img.at(int(p->x), int(p->y));
        ++samples;
        // The shade k that best explains the pixel, then every channel within 6.
        const double k = (px[0] + px[1] + px[2]) / double(fill.r + fill.g + fill.b);
        const bool ok = k > 0.3 && k < 1.15 && std::abs(px[0] - fill.r * k) <= 6 && std::abs(px[1] - fill.g * k) <= 6 &&
                        std::abs(px[2] - fill.b * k) <= 6;
        if (ok) ++building;
        else if (bad.empty()) bad = "height " + std::to_string(int(h)) + " m: " + rgb(px);
    }
    EXPECT_GE(samples, 30);
    EXPECT_GE(building, samples * 95 / 100) << bad;
    // Above the roof there is sky/ground, not the tower.
    const auto above = cam.groundToScreen(tb.centerX(), tb.centerY(), tower->height_m + 60);
    ASSERT_TRUE(above);
    const auto* px = s.img.at(int(above->x), int(above->y));
    const double k = (px[0] + px[1] + px[2]) / double(fill.r + fill.g + fill.b);
    EXPECT_FALSE(k > 0.3 && std::abs(px[0] - fill.r * k) <= 6 && std::abs(px[2] - fill.b * k) <= 6) << rgb(px);
}

// ---------------------------------------------------------------- Liechtenstein

TEST(MapLayersLiechtenstein, WholeCountryWithBuildings) {
    JINGWEI_REQUIRE_DATA("liechtenstein/liechtenstein-2015.osm.pbf");
    REQUIRE_EGL();
    const MapModel& map = testMap("liechtenstein");
    const VectorLayer* buildings = layerOfKind(map, LayerKind::Buildings);
    ASSERT_NE(buildings, nullptr);
    EXPECT_EQ(buildings->features.size(), 8993u);
    RenderRequest req;
    const Shot s = render(map, req, "map_layers_liechtenstein.png");
    const MapCamera cam = s.cam();
    // The whole road network is in view.
    const Bounds rb = map.roads.boundsXY();
    for (const auto& [x, y] : {std::pair{rb.min_x, rb.min_y}, std::pair{rb.max_x, rb.max_y}}) {
        const auto p = cam.groundToScreen(x, y);
        ASSERT_TRUE(p);
        EXPECT_GE(p->x, 0);
        EXPECT_GE(p->y, 0);
        EXPECT_LE(p->x, s.img.width);
        EXPECT_LE(p->y, s.img.height);
    }
    // Buildings are visible: at the country view a building is a few pixels,
    // so most building centres show roof or roof-edge colours (a lighter
    // grey-blue), where no road, path or text is drawn. Checked with the
    // roads hidden, so every lit pixel there is a building.
    RenderRequest only;
    only.hidden_layers = {"道路", "步行道", "兴趣点"};
    const Shot b = render(map, only, "map_layers_liechtenstein_buildings.png");
    const MapCamera bcam = b.cam();
    const auto boxes = textBoxes(b, 4);
    const auto symbols = pointSymbols(map, bcam, nullptr, false);
    const Color8 bg = MapStyle::commandDark().background;
    int samples = 0, lit = 0;
    for (const auto& f : buildings->features) {
        if (f.polygons.empty()) continue;
        Bounds fb;
        for (const auto& p : f.polygons.front().front()) fb.add(p.x, p.y);
        const auto p = bcam.groundToScreen(fb.centerX(), fb.centerY());
        // (Centres off the image are skipped: reading them was out of bounds, found by ASan.)
        if (!p || p->x < 0 || p->y < 0 || p->x >= b.img.width || p->y >= b.img.height || inAny(boxes, p->x, p->y))
            continue;
        bool near_symbol = false;
        for (const auto& q : symbols) near_symbol = near_symbol || (std::abs(q.x - p->x) < 40 && p->y > q.y - 75 && p->y < q.y + 12);
        if (near_symbol) continue;
        ++samples;
        const auto* px = b.img.at(int(p->x), int(p->y));
        if (colourDiff(px, bg) >= 40) ++lit;
    }
    std::printf("Liechtenstein building centres: %d, lit %d\n", samples, lit);
    EXPECT_GE(samples, 8000);
    EXPECT_GE(lit, samples * 85 / 100);
    // And where there is no building, no road and no text, the background.
    int empty = 0, wrong = 0;
    for (int y = 3; y < b.img.height; y += 37)
        for (int x = 3; x < b.img.width; x += 37) {
            const auto g = bcam.screenToGround(x + 0.5, y + 0.5);
            if (!g || inAny(boxes, x, y)) continue;
            bool near = false;
            for (const auto& f : buildings->features) {
                if (near || f.polygons.empty()) continue;
                const auto& p0 = f.polygons.front().front().front();
                near = std::hypot(p0.x - g->x, p0.y - g->y) < 400;
            }
            for (const auto& q : symbols) near = near || (std::abs(q.x - x) < 40 && y > q.y - 75 && y < q.y + 12);
            if (near) continue;
            ++empty;
            if (colourDiff(b.img.at(x, y), bg) != 0) ++wrong;
        }
    EXPECT_GT(empty, 200);
    EXPECT_EQ(wrong, 0);
}

// ---------------------------------------------------------------- Andorra

TEST(MapLayersAndorra, RoadsAreDrapedOnTheMountains) {
    JINGWEI_REQUIRE_DATA("andorra/N42E001.hgt");
    REQUIRE_EGL();
    const MapModel& map = testMap("andorra");
    ASSERT_FALSE(map.terrains.empty());
    // A tilted view across the valleys.
    RenderRequest req;
    req.view3d = true;
    req.road_labels = false;
    const Projector proj(map.crs);
    const XY c = proj.forward(LonLat{1.535, 42.51});
    CameraPose pose;
    pose.x = c.x;
    pose.y = c.y;
    pose.range_m = 9000;
    pose.heading_deg = 30;
    pose.tilt_deg = 45;
    pose.view3d = true;
    req.pose = pose;
    const Shot s = render(map, req, "map_layers_andorra_3d.png");
    const MapCamera cam = s.cam();
    EXPECT_NEAR(s.info.pose.z, map.elevationAt(c.x, c.y), 40) << "the camera looks at the terrain";
    const MapStyle st = MapStyle::commandDark();
    const auto boxes = textBoxes(s, 4);
    // Shape vertices of the primary and secondary roads: the pixel where
    // (x, y, elevationAt) projects has the road's colour (vertices hidden
    // behind a ridge are the few exceptions); where (x, y, 0) projects, it
    // almost never has.
    std::vector<std::pair<ScreenPoint, RoadClass>> draped, flat;
    std::vector<std::pair<ScreenPoint, ScreenPoint>> all_segments;
    for (const auto& e : map.roads.edges)
        for (std::uint32_t i = 0; i + 1 < e.shape_count; ++i) {
            const auto& a = map.roads.shape[e.shape_begin + i];
            const auto& b = map.roads.shape[e.shape_begin + i + 1];
            const auto sa = cam.groundToScreen(a.x, a.y, map.elevationAt(a.x, a.y));
            const auto sb = cam.groundToScreen(b.x, b.y, map.elevationAt(b.x, b.y));
            if (sa && sb) all_segments.emplace_back(*sa, *sb);
        }
    int samples = 0, hits = 0, flat_hits = 0;
    double far = 0;
    for (const auto& e : map.roads.edges) {
        if (e.road_class != RoadClass::Primary && e.road_class != RoadClass::Secondary) continue;
        for (std::uint32_t i = 1; i + 1 < e.shape_count; i += 3) {
            const auto& p = map.roads.shape[e.shape_begin + i];
            const double z = map.elevationAt(p.x, p.y);
            if (!std::isfinite(z) || z < 900) continue;
            const auto sp = cam.groundToScreen(p.x, p.y, z);
            const auto s0 = cam.groundToScreen(p.x, p.y, 0.0);
            if (!sp || !s0) continue;
            if (sp->x < 10 || sp->y < 10 || sp->x > s.img.width - 10 || sp->y > s.img.height - 10) continue;
            if (inAny(boxes, sp->x, sp->y)) continue;
            ++samples;
            far = std::max(far, std::hypot(sp->x - s0->x, sp->y - s0->y));
            // Within a pixel of the projected point (lines are 4-5 px wide).
            const Color8 want = st.road(e.road_class).color;
            bool hit = false;
            for (int dy = -1; dy <= 1 && !hit; ++dy)
                for (int dx = -1; dx <= 1 && !hit; ++dx)
                    hit = colourDiff(s.img.at(int(sp->x) + dx, int(sp->y) + dy), want) <= 24;
            if (hit) ++hits;
            if (s0->x >= 1 && s0->y >= 1 && s0->x < s.img.width - 1 && s0->y < s.img.height - 1) {
                bool road_there = false;
                for (const auto& [a, b] : all_segments) road_there = road_there || distToSeg(s0->x, s0->y, a, b) < 12;
                if (!road_there && colourDiff(s.img.at(int(s0->x), int(s0->y)), want) <= 24) ++flat_hits;
            }
        }
    }
    std::printf("Andorra draped vertices: %d, road colour at (x,y,elevation): %d, at (x,y,0): %d; max offset %.0f px\n",
                samples, hits, flat_hits, far);
    EXPECT_GE(samples, 60);
    EXPECT_GE(hits, samples * 90 / 100);
    EXPECT_LE(flat_hits, samples / 50);
    EXPECT_GT(far, 150) << "the terrain must lift roads visibly in this view";
}

}  // namespace
}  // namespace jingwei
