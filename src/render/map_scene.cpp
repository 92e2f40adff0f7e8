#include "render/map_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <osg/AutoTransform>
#include <osg/BlendFunc>
#include <osg/Depth>
#include <osg/Geode>
#include <osg/Geometry>
#include <osg/LineWidth>
#include <osg/Point>
#include <osg/PointSprite>
#include <osg/PrimitiveSet>
#include <osg/Texture2D>
#include <osg/TriangleIndexFunctor>
#include <osgText/Font>
#include <osgText/Text>
#include <osgUtil/Tessellator>

#include "core/error.h"
#include "render/building_mesh.h"

namespace jingwei {

namespace {

constexpr double kPi = 3.14159265358979323846;

osg::Vec4 vec4(const Color8& c) { return osg::Vec4(c.rf(), c.gf(), c.bf(), c.af()); }
osg::Vec4 vec4(const Color8& c, float alpha) { return osg::Vec4(c.rf(), c.gf(), c.bf(), alpha); }

// Render bins (global to the camera's render stage):
//   2 + p           3D: solid parts (terrain, buildings) of the layer at position p
//   100 + 20p + sub the layer at position p (2D: everything; 3D: draped parts)
//   1000 .. 1999    overlays (OverlayLayer::kOverlayBin*)
//   2900 + p        symbols (police badges), never depth-tested
//   2980 / 2990 / 3000   selection, road labels, area labels
constexpr int kBinSolid3d = 2;
constexpr int kBinLayers = 100;
constexpr int kBinsPerLayer = 20;
constexpr int kBinSymbols = 2900;
constexpr int kBinSelection = 2980;
constexpr int kBinRoadLabels = 2990;
constexpr int kBinLabels = 3000;
// POI and footpath layers without min/max scale show from 1:kDetailDefaultMaxScale in.
constexpr double kDetailDefaultMaxScale = 50000;
// Lines are drawn simplified (Douglas-Peucker) when a pixel covers more
// ground than the tolerance: level k while kLineLodTol_m[k] <= metres per pixel.
constexpr int kLineLods = 4;
constexpr double kLineLodTol_m[kLineLods] = {0.0, 2.5, 10.0, 40.0};
// Roof outlines only where buildings are several pixels wide.
constexpr double kRoofEdgesMaxMpp = 2.5;
// Buildings are meshed in tiles of this size; in 3D a tile's walls show
// while a typical building (kTypicalBuilding_m) there is at least
// kWallMinPx on screen, its roof edges from kEdgeMinPx.
constexpr double kBuildingTile_m = 600;
// Terrain tiles are drawn with every 2^k-th vertex (k < kTerrainLods) so a
// mesh cell stays about kTerrainCellPx pixels or more on screen.
constexpr int kTerrainLods = 4;
constexpr double kTerrainCellPx = 4.0;
constexpr double kTypicalBuilding_m = 12;
constexpr double kWallMinPx = 3.0;
constexpr double kEdgeMinPx = 10.0;
// 3D: draped geometry is drawn this fraction of its distance nearer the eye.
constexpr double kEyeBias = 0.004;

void setBin(osg::Node* n, int bin, bool override_children = true) {
    n->getOrCreateStateSet()->setRenderBinDetails(
        bin, "RenderBin",
        override_children ? osg::StateSet::OVERRIDE_RENDERBIN_DETAILS : osg::StateSet::USE_RENDERBIN_DETAILS);
}

osg::ref_ptr<osg::Geometry> newGeometry() {
    osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
    g->setUseDisplayList(false);
    g->setUseVertexBufferObjects(true);
    return g;
}

// Accumulates flat-coloured HUD triangles and lines (pixel space, y up).
struct HudShapes {
    osg::ref_ptr<osg::Vec3Array> tv = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> tc = new osg::Vec4Array;
    std::map<float, std::pair<osg::ref_ptr<osg::Vec3Array>, osg::ref_ptr<osg::Vec4Array>>> lines;  // by width

    void tri(osg::Vec2 a, osg::Vec2 b, osg::Vec2 c, osg::Vec4 col) {
        for (const auto& p : {a, b, c}) {
            tv->push_back(osg::Vec3(p, 0));
            tc->push_back(col);
        }
    }
    void rect(double x0, double y0, double x1, double y1, osg::Vec4 col) {
        const osg::Vec2 a(x0, y0), b(x1, y0), c(x1, y1), d(x0, y1);
        tri(a, b, c, col);
        tri(a, c, d, col);
    }
    void line(osg::Vec2 a, osg::Vec2 b, osg::Vec4 col, float width) {
        auto& l = lines[width];
        if (!l.first) {
            l.first = new osg::Vec3Array;
            l.second = new osg::Vec4Array;
        }
        l.first->push_back(osg::Vec3(a, 0));
        l.first->push_back(osg::Vec3(b, 0));
        l.second->push_back(col);
        l.second->push_back(col);
    }
    void frame(double x0, double y0, double x1, double y1, osg::Vec4 col, float width) {
        line({float(x0), float(y0)}, {float(x1), float(y0)}, col, width);
        line({float(x1), float(y0)}, {float(x1), float(y1)}, col, width);
        line({float(x1), float(y1)}, {float(x0), float(y1)}, col, width);
        line({float(x0), float(y1)}, {float(x0), float(y0)}, col, width);
    }
    void addTo(osg::Group* g) const {
        if (!tv->empty()) {
            auto geom = newGeometry();
            geom->setVertexArray(tv.get());
            geom->setColorArray(tc.get(), osg::Array::BIND_PER_VERTEX);
            geom->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, tv->size()));
            g->addChild(geom.get());
        }
        for (const auto& [w, l] : lines) {
            auto geom = newGeometry();
            geom->setVertexArray(l.first.get());
            geom->setColorArray(l.second.get(), osg::Array::BIND_PER_VERTEX);
            geom->addPrimitiveSet(new osg::DrawArrays(GL_LINES, 0, l.first->size()));
            geom->getOrCreateStateSet()->setAttributeAndModes(new osg::LineWidth(w));
            g->addChild(geom.get());
        }
    }
};

std::vector<RoadClass> classesPresent(const MapModel& map) {
    std::array<bool, kRoadClassCount> seen{};
    for (const auto& e : map.roads.edges) seen[static_cast<int>(e.road_class)] = true;
    std::vector<RoadClass> out;
    for (int c = 0; c < kRoadClassCount; ++c)
        if (seen[c]) out.push_back(static_cast<RoadClass>(c));
    return out;
}

std::string titleText(const MapModel& map, HudLang lang = HudLang::Zh) {
    if (lang == HudLang::En && !map.name_en.empty()) return map.name_en;
    return map.name.empty() ? std::string("经纬 Jingwei") : map.name;
}

// Legend metrics (shared by the layout and the drawing).
struct LegendMetrics {
    double pad, row_h, title_h, swatch_w, gap, label_px, title_px;
};
LegendMetrics legendMetrics(double s) {
    return LegendMetrics{14 * s, 34 * s, 44 * s, 64 * s, 14 * s, 22 * s, 24 * s};
}

// Scene layer kind of a vector layer.
SceneLayerKind vectorKind(const VectorLayer& l) {
    if (isBuildingLayer(l)) return SceneLayerKind::Buildings;
    if (l.kind == LayerKind::Police) return SceneLayerKind::Police;
    std::size_t polys = 0, lines = 0, points = 0;
    for (const auto& f : l.features) {
        polys += !f.polygons.empty();
        lines += !f.lines.empty();
        points += !f.points.empty();
    }
    if (l.kind == LayerKind::Pois || (points >= polys && points >= lines && points > 0)) return SceneLayerKind::Points;
    if (l.kind == LayerKind::Paths || l.kind == LayerKind::Roads) return SceneLayerKind::Lines;
    if (polys > 0 && (polys >= lines || l.style.fill)) return SceneLayerKind::Areas;  // e.g. water: rivers + lakes
    if (lines > polys) return SceneLayerKind::Lines;
    return SceneLayerKind::Areas;
}


enum class Swatch { Line, Glow, Area, Building, Police, Point, Ramp };
struct LegendRow {
    std::string text;
    Swatch kind;
    Color8 colour;
    float width;
    Color8 line{0, 0, 0, 0};  // Area: outline
};

// The legend: road classes present, then the other layers (top of the
// drawing order first) with the colours they are drawn in.
std::vector<LegendRow> legendRows(const MapModel& map, const MapStyle& st, HudLang lang) {
    std::vector<LegendRow> rows;
    for (RoadClass c : classesPresent(map))
        rows.push_back({roadClassLabel(c, lang), Swatch::Line, st.road(c).color, st.road(c).width_px});
    std::vector<std::pair<int, LegendRow>> layer_rows;
    for (const auto& l : map.layers) {
        if (l.features.empty()) continue;
        const LayerStyle& ls = l.style;
        LegendRow r;
        r.text = l.name;
        switch (vectorKind(l)) {
            case SceneLayerKind::Buildings:
                r = {lang == HudLang::Zh ? "建筑" : "Buildings", Swatch::Building,
                     ls.fill ? toColor8(*ls.fill) : st.building_fill, 1};
                break;
            case SceneLayerKind::Police:
                r = {lang == HudLang::Zh ? "公安机构" : "Police", Swatch::Police,
                     ls.colour ? toColor8(*ls.colour) : st.police, 1};
                break;
            case SceneLayerKind::Points:
                r = {lang == HudLang::Zh ? "兴趣点" : "Points of interest", Swatch::Point,
                     ls.colour ? toColor8(*ls.colour) : st.poi, st.poi_px};
                break;
            case SceneLayerKind::Lines:
                r.kind = Swatch::Line;
                r.colour = ls.colour ? toColor8(*ls.colour)
                           : l.kind == LayerKind::Paths ? st.path
                           : l.kind == LayerKind::Roads ? st.display_road
                                                        : st.district_outline;
                r.width = float(ls.width_px > 0 ? ls.width_px : l.kind == LayerKind::Paths ? 1.5 : 2.0);
                if (l.kind == LayerKind::Paths) r.text = lang == HudLang::Zh ? "步行道" : "Footpaths";
                break;
            default: {
                AreaKind ak = AreaKind::District;
                for (const auto& f : l.features)
                    if (!f.polygons.empty()) {
                        ak = areaKind(l, f);
                        break;
                    }
                const bool water = ak == AreaKind::Water;
                if (!ls.fill && !ls.colour) {
                    // Unstyled: the theme's districts or water.
                    if (water) r = {hudText(HudText::Water, lang), Swatch::Area, st.water_fill, st.water_outline_px, st.water_outline};
                    else r = {hudText(HudText::DistrictBoundary, lang), Swatch::Glow, st.district_outline, st.district_outline_px};
                } else if (ls.fill && ls.fill->a > 0) {
                    r.kind = Swatch::Area;
                    r.colour = withAlpha(toColor8(*ls.fill), std::clamp(ls.opacity, 0.2, 1.0));
                    r.line = ls.colour ? toColor8(*ls.colour) : Color8{0, 0, 0, 0};
                    r.width = float(ls.width_px > 0 ? ls.width_px : 1.5);
                } else {
                    r.kind = Swatch::Glow;
                    r.colour = ls.colour ? toColor8(*ls.colour) : st.district_outline;
                    r.width = float(ls.width_px > 0 ? ls.width_px : st.district_outline_px);
                }
            }
        }
        layer_rows.emplace_back(ls.draw_order, r);
    }
    std::stable_sort(layer_rows.begin(), layer_rows.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [order, r] : layer_rows) {
        bool dup = false;
        for (const auto& o : rows) dup = dup || (o.text == r.text && o.kind == r.kind);
        if (!dup) rows.push_back(r);
    }
    for (const auto& t : map.terrains)
        if (!t.empty()) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%s %.0f–%.0f m", lang == HudLang::Zh ? "高程" : "Elevation",
                          std::isfinite(t.min_m) ? t.min_m : 0.0, std::isfinite(t.max_m) ? t.max_m : 0.0);
            rows.push_back({buf, Swatch::Ramp, Color8{}, 1});
            break;
        }
    return rows;
}

// Douglas-Peucker simplification of a polyline to a tolerance (metres).
std::vector<XY> simplify(const std::vector<XY>& line, double tol) {
    if (line.size() <= 2 || tol <= 0) return line;
    std::vector<char> keep(line.size(), 0);
    keep.front() = keep.back() = 1;
    std::vector<std::pair<std::size_t, std::size_t>> stack = {{0, line.size() - 1}};
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        const double dx = line[b].x - line[a].x, dy = line[b].y - line[a].y, len = std::hypot(dx, dy);
        double worst = -1;
        std::size_t at = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double d = len > 0 ? std::abs(dy * (line[i].x - line[a].x) - dx * (line[i].y - line[a].y)) / len
                                     : std::hypot(line[i].x - line[a].x, line[i].y - line[a].y);
            if (d > worst) worst = d, at = i;
        }
        if (worst > tol) {
            keep[at] = 1;
            stack.push_back({a, at});
            stack.push_back({at, b});
        }
    }
    std::vector<XY> out;
    for (std::size_t i = 0; i < line.size(); ++i)
        if (keep[i]) out.push_back(line[i]);
    return out;
}

// A round, soft-edged point sprite: GL_POINT_SMOOTH is ignored with
// multisampling, and square POIs look like noise.
osg::ref_ptr<osg::Texture2D> discTexture() {
    static osg::ref_ptr<osg::Texture2D> tex = [] {
        constexpr int n = 64;
        osg::ref_ptr<osg::Image> img = new osg::Image;
        img->allocateImage(n, n, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                const double d = std::hypot(x + 0.5 - n / 2.0, y + 0.5 - n / 2.0) / (n / 2.0);
                const double a = std::clamp((1.0 - d) * n / 4.0, 0.0, 1.0);
                unsigned char* p = img->data(x, y);
                p[0] = p[1] = p[2] = 255;
                p[3] = static_cast<unsigned char>(std::lround(a * 255));
            }
        osg::ref_ptr<osg::Texture2D> t = new osg::Texture2D(img.get());
        t->setFilter(osg::Texture::MIN_FILTER, osg::Texture::LINEAR);
        t->setFilter(osg::Texture::MAG_FILTER, osg::Texture::LINEAR);
        return t;
    }();
    return tex;
}

void makeRoundPoints(osg::StateSet* ss) {
    osg::ref_ptr<osg::PointSprite> sprite = new osg::PointSprite;
    ss->setTextureAttributeAndModes(0, sprite.get(), osg::StateAttribute::ON);
    ss->setTextureAttributeAndModes(0, discTexture().get(), osg::StateAttribute::ON);
}

// Triangles of a polygon (outer ring + holes) in map metres, via the GLU tessellator.
void tessellate(const std::vector<std::vector<GeoPoint>>& poly, double ox, double oy, std::vector<osg::Vec2d>* out) {
    osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    g->setVertexArray(v.get());
    for (const auto& ring : poly) {
        std::size_t n = ring.size();
        if (n >= 2 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) --n;
        if (n < 3) continue;
        const auto start = v->size();
        for (std::size_t i = 0; i < n; ++i) v->push_back(osg::Vec3(float(ring[i].x - ox), float(ring[i].y - oy), 0.f));
        g->addPrimitiveSet(new osg::DrawArrays(GL_POLYGON, start, n));
    }
    if (g->getNumPrimitiveSets() == 0) return;
    osgUtil::Tessellator tess;
    tess.setTessellationType(osgUtil::Tessellator::TESS_TYPE_GEOMETRY);
    tess.setWindingType(osgUtil::Tessellator::TESS_WINDING_ODD);
    tess.setBoundaryOnly(false);
    tess.retessellatePolygons(*g);
    const auto* tv = dynamic_cast<const osg::Vec3Array*>(g->getVertexArray());
    if (!tv) return;
    struct Collect {
        const osg::Vec3Array* v = nullptr;
        std::vector<osg::Vec2d>* out = nullptr;
        void operator()(unsigned a, unsigned b, unsigned c) {
            for (unsigned i : {a, b, c}) out->emplace_back((*v)[i].x(), (*v)[i].y());
        }
    };
    osg::TriangleIndexFunctor<Collect> f;
    f.v = tv;
    f.out = out;
    g->accept(f);
}

// Splits a triangle (origin-relative x/y) until its edges are at most `step`,
// appending the pieces (at most max_depth halvings).
void subdivide(const osg::Vec2d& a, const osg::Vec2d& b, const osg::Vec2d& c, double step, int depth,
               std::vector<osg::Vec2d>* out) {
    const double ab = (b - a).length2(), bc = (c - b).length2(), ca = (a - c).length2();
    const double m = std::max({ab, bc, ca});
    if (depth <= 0 || m <= step * step) {
        out->push_back(a);
        out->push_back(b);
        out->push_back(c);
        return;
    }
    // Halve the longest edge.
    if (m == ab) {
        const osg::Vec2d p = (a + b) * 0.5;
        subdivide(a, p, c, step, depth - 1, out);
        subdivide(p, b, c, step, depth - 1, out);
    } else if (m == bc) {
        const osg::Vec2d p = (b + c) * 0.5;
        subdivide(a, b, p, step, depth - 1, out);
        subdivide(a, p, c, step, depth - 1, out);
    } else {
        const osg::Vec2d p = (c + a) * 0.5;
        subdivide(a, b, p, step, depth - 1, out);
        subdivide(p, b, c, step, depth - 1, out);
    }
}

}  // namespace

double scaleDenominator(double mpp) { return mpp / 0.00028; }

double effectiveUiScale(const MapSceneOptions& opt, int /*w*/, int h) {
    if (opt.ui_scale > 0) return opt.ui_scale;
    return std::clamp(h / 1080.0, 0.6, 4.0);
}

Bounds homeBounds(const MapModel& map) {
    Bounds b = map.roads.boundsXY();
    if (b.empty())
        for (const auto& l : map.layers) b.add(l.boundsXY());
    if (b.empty())
        for (const auto& t : map.terrains)
            if (!t.empty()) b.add(t.bounds());
    return b;
}

std::string mapFontPath() {
    if (const char* env = std::getenv("JINGWEI_FONT"); env && *env) {
        if (std::filesystem::exists(env)) return env;
        throw Error(env, "JINGWEI_FONT", "font file does not exist");
    }
    static const char* const candidates[] = {
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    };
    for (const char* c : candidates)
        if (std::filesystem::exists(c)) return c;
    throw Error(candidates[0], "", "CJK font not found (install fonts-wqy-microhei)");
}

HudLayout computeHudLayout(const MapModel& map, const MapSceneOptions& opt, int w, int h) {
    HudLayout L;
    const double s = effectiveUiScale(opt, w, h);
    L.scale = s;
    const HudLang lang = parseHudLanguage(opt.language);
    const MapStyle& st = opt.style;
    const double m = 24 * s, pad = 14 * s;

    if (opt.show_title) {
        const double title_px = st.hud_title_px * s;
        double tw = estimateTextWidth_px(titleText(map, lang), title_px);
        double th = title_px * 1.25;
        if (map.synthetic) {
            const double tag_px = st.hud_text_px * s;
            tw = std::max(tw, estimateTextWidth_px(hudText(HudText::SyntheticTag, lang), tag_px) + 2 * pad);
            th += tag_px * 1.6 + 8 * s;
        }
        L.title = {m, m, m + tw + 2 * pad + 6 * s, m + th + 2 * pad};
    }
    const double na = 150 * s;
    L.north_arrow = {w - m - na, m, w - m, m + na};

    L.scale_bar_max_px = 300 * s;
    const double sb_w = L.scale_bar_max_px + 2 * pad + 26 * s, sb_h = 86 * s;
    L.scale_bar = {m, h - m - sb_h, m + sb_w, h - m};

    if (opt.show_legend) {
        const auto rows = legendRows(map, st, lang);
        if (!rows.empty()) {
            const LegendMetrics lm = legendMetrics(s);
            const double title_w = estimateTextWidth_px(hudText(HudText::LegendTitle, lang), lm.title_px);
            double label_w = 0;
            for (const auto& r : rows) label_w = std::max(label_w, estimateTextWidth_px(r.text, lm.label_px));
            const double lw = 2 * lm.pad + 6 * s + std::max(title_w, lm.swatch_w + lm.gap + label_w) + 8 * s;
            const double lh = 2 * lm.pad + lm.title_h + rows.size() * lm.row_h;
            L.legend = {w - m - lw, h - m - lh, w - m, h - m};
        }
    }
    return L;
}

namespace {
std::vector<LabelPlacement> placeSceneLabelsShown(const MapModel& map, const MapSceneOptions& opt, const MapCamera& cam,
                                                  const std::vector<ScreenRect>& extra_keep_out,
                                                  const TerrainSurface* ground,
                                                  const std::function<bool(std::size_t)>& shown) {
    const HudLayout hud = computeHudLayout(map, opt, cam.width(), cam.height());
    const double s = hud.scale;
    LabelPlacementParams params;
    params.label_px = opt.style.district_label_px * s;
    params.ground = ground;
    const MapStyle style = opt.style;
    const VectorLayer* first = map.layers.data();
    params.label_px_for = [style, s, shown, first](const VectorLayer& l, const Feature& f) {
        if (shown && !shown(static_cast<std::size_t>(&l - first))) return 0.0;
        if (isBuildingLayer(l) || l.kind == LayerKind::Pois || l.kind == LayerKind::Police) return 0.0;
        switch (areaKind(l, f)) {
            case AreaKind::District: return style.district_label_px * s;
            case AreaKind::Water: return style.water_label_px * s;
            default: return 0.0;
        }
    };
    for (const ScreenRect& r : hud.all())
        if (!r.empty()) params.keep_out.push_back(r.grown(8 * s));
    for (const ScreenRect& r : extra_keep_out)
        if (!r.empty()) params.keep_out.push_back(r.grown(8 * s));
    return placeAreaLabels(map, cam, params);
}
}  // namespace

std::vector<LabelPlacement> placeSceneLabels(const MapModel& map, const MapSceneOptions& opt, const MapCamera& cam,
                                             const std::vector<ScreenRect>& extra_keep_out,
                                             const TerrainSurface* ground) {
    return placeSceneLabelsShown(map, opt, cam, extra_keep_out, ground, nullptr);
}

MapScene::MapScene(const MapModel& map, const MapSceneOptions& options)
    : map_(map), opt_(options), lang_(parseHudLanguage(options.language)) {
    const std::string font_path = mapFontPath();
    font_ = osgText::readRefFontFile(font_path);
    if (!font_) throw Error(font_path, "", "OpenSceneGraph could not load the font (osgdb_freetype plugin missing?)");

    const Bounds b = homeBounds(map_);
    origin_ = b.empty() ? osg::Vec3d() : osg::Vec3d(std::round(b.centerX()), std::round(b.centerY()), 0.0);

    root_ = new osg::Group;
    osg::StateSet* ss = root_->getOrCreateStateSet();
    ss->setMode(GL_LIGHTING, osg::StateAttribute::OFF | osg::StateAttribute::OVERRIDE);
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    ss->setMode(GL_BLEND, osg::StateAttribute::ON);
    ss->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));

    map_xform_ = new osg::MatrixTransform(osg::Matrixd::translate(origin_));
    bias_xform_ = new osg::MatrixTransform(osg::Matrixd::translate(origin_));
    root_->addChild(map_xform_.get());
    root_->addChild(bias_xform_.get());

    // The layer list, in the model's draw order (ties: terrains, layers, roads).
    struct Entry {
        SceneLayer layer;
        int category;
        std::size_t index;
    };
    std::vector<Entry> entries;
    const MapStyle& st = opt_.style;
    for (std::size_t ti = 0; ti < map_.terrains.size(); ++ti) {
        const Terrain& t = map_.terrains[ti];
        if (t.empty()) continue;
        SceneLayer L;
        L.name = t.name.empty() ? (lang_ == HudLang::Zh ? "地形" : "Terrain") : t.name;
        L.kind = SceneLayerKind::Terrain;
        L.source = int(ti);
        L.draw_order = t.style.draw_order;
        L.visible = t.style.visible;
        L.has_fill = true;
        L.fill = terrainColour(std::isfinite(t.max_m) ? 0.6 * t.max_m : 500.0);
        L.features = t.validCells();
        entries.push_back({L, 0, ti});
    }
    for (std::size_t li = 0; li < map_.layers.size(); ++li) {
        const VectorLayer& l = map_.layers[li];
        SceneLayer L;
        L.name = l.name;
        L.kind = vectorKind(l);
        L.source = int(li);
        L.draw_order = l.style.draw_order;
        L.visible = l.style.visible;
        L.features = l.features.size();
        const auto& s = l.style;
        switch (L.kind) {
            case SceneLayerKind::Buildings:
                L.has_fill = true;
                L.fill = s.fill ? toColor8(*s.fill) : st.building_fill;
                break;
            case SceneLayerKind::Police:
                L.has_line = true;
                L.line = s.colour ? toColor8(*s.colour) : st.police;
                break;
            case SceneLayerKind::Points:
                L.has_line = true;
                L.line = s.colour ? toColor8(*s.colour) : st.poi;
                L.line_px = st.poi_px;
                break;
            case SceneLayerKind::Lines:
                L.has_line = true;
                L.line = s.colour ? toColor8(*s.colour)
                         : l.kind == LayerKind::Paths ? st.path
                         : l.kind == LayerKind::Roads ? st.display_road
                                                      : st.district_outline;
                L.line_px = float(s.width_px > 0 ? s.width_px
                                  : l.kind == LayerKind::Paths ? st.path_px
                                  : l.kind == LayerKind::Roads ? st.display_road_px
                                                               : st.district_outline_px);
                break;
            default: {
                bool water = false;
                for (const auto& f : l.features)
                    if (!f.polygons.empty()) {
                        water = areaKind(l, f) == AreaKind::Water;
                        break;
                    }
                L.has_fill = true;
                L.fill = s.fill ? toColor8(*s.fill) : water ? st.water_fill : st.land;
                if (s.colour || !s.fill) {
                    L.has_line = true;
                    L.line = s.colour ? toColor8(*s.colour) : water ? st.water_outline : st.district_outline;
                    L.line_px = float(s.width_px > 0 ? s.width_px : water ? st.water_outline_px : st.district_outline_px);
                }
            }
        }
        entries.push_back({L, 1, li});
    }
    if (!map_.roads.edges.empty()) {
        SceneLayer L;
        L.name = map_.roads_name.empty() ? (lang_ == HudLang::Zh ? "道路" : "Roads") : map_.roads_name;
        L.kind = SceneLayerKind::Roads;
        L.source = -1;
        L.draw_order = map_.roads_style.draw_order;
        L.visible = map_.roads_style.visible;
        L.has_line = true;
        L.line = st.road(RoadClass::Primary).color;
        L.line_px = st.road(RoadClass::Primary).width_px;
        L.features = map_.roads.edges.size();
        entries.push_back({L, 2, 0});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        if (a.layer.draw_order != b.layer.draw_order) return a.layer.draw_order < b.layer.draw_order;
        return a.category < b.category;
    });
    for (auto& e : entries) layers_.push_back(std::move(e.layer));
    layer_nodes_.resize(layers_.size());

    ground_overlays_ = new osg::Group;
    top_overlays_ = new osg::Group;
    bias_xform_->addChild(ground_overlays_.get());
    bias_xform_->addChild(top_overlays_.get());
    top_overlays_->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    {
        osg::StateSet* gs = ground_overlays_->getOrCreateStateSet();
        gs->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0.0, 1.0, false));
    }

    selection_group_ = new osg::Group;
    setBin(selection_group_.get(), kBinSelection);
    selection_group_->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    map_xform_->addChild(selection_group_.get());

    road_labels_group_ = new osg::Group;
    road_labels_group_->setCullingActive(false);
    setBin(road_labels_group_.get(), kBinRoadLabels);
    road_labels_group_->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    map_xform_->addChild(road_labels_group_.get());

    labels_group_ = new osg::Group;
    labels_group_->setCullingActive(false);
    setBin(labels_group_.get(), kBinLabels);
    labels_group_->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    map_xform_->addChild(labels_group_.get());

    for (int c = 0; c < kRoadClassCount; ++c) {
        const RoadStyle& rs = st.roads[c];
        road_widths_[c] = new osg::LineWidth(rs.width_px);
        road_points_[c] = new osg::Point(rs.width_px);
        casing_widths_[c] = new osg::LineWidth(rs.width_px + 3.0f);
        casing_points_[c] = new osg::Point(rs.width_px + 3.0f);
    }
    police_symbol_ = makePoliceSymbol();
    buildAll();
    buildHud();
}

MapScene::~MapScene() = default;

osg::ref_ptr<osgText::Text> MapScene::makeText(const std::string& utf8, float px, const Color8& color,
                                               bool screen_sized, const Color8& outline) const {
    osg::ref_ptr<osgText::Text> t = new osgText::Text;
    t->setFont(font_.get());
    const unsigned res = px > 40 ? 96u : 64u;
    t->setFontResolution(res, res);
    t->setCharacterSize(px);
    if (screen_sized) {
        t->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
        t->setAxisAlignment(osgText::Text::SCREEN);
    } else {
        t->setCharacterSizeMode(osgText::Text::OBJECT_COORDS);
        t->setAxisAlignment(osgText::Text::XY_PLANE);
    }
    t->setAlignment(osgText::Text::CENTER_CENTER);
    t->setColor(vec4(color));
    if (outline.a > 0) {
        t->setBackdropType(osgText::Text::OUTLINE);
        t->setBackdropColor(vec4(outline));
        t->setBackdropOffset(0.08f);
    }
    t->setText(utf8, osgText::String::ENCODING_UTF8);
    t->setDataVariance(osg::Object::DYNAMIC);
    return t;
}

// The police badge in screen pixels (at ui scale 1): a shield with 警 on a
// short pin whose foot (0, 0) is the facility's position.
osg::ref_ptr<osg::Node> MapScene::makePoliceSymbol() const {
    const MapStyle& st = opt_.style;
    Color8 blue = st.police;
    for (const auto& l : map_.layers)
        if (l.kind == LayerKind::Police && l.style.colour) blue = toColor8(*l.style.colour);
    const float H = st.police_px;  // badge height
    const float k = H / 44.0f;
    const std::vector<osg::Vec2> shield = {{-17, 52}, {17, 52}, {17, 32}, {12, 22}, {0, 13}, {-12, 22}, {-17, 32}};
    const osg::Vec2 centre(0, 34);
    HudShapes sh;
    auto fan = [&](float grow, osg::Vec2 offset, const osg::Vec4& col) {
        for (std::size_t i = 0; i < shield.size(); ++i) {
            const osg::Vec2 a = centre + (shield[i] - centre) * grow + offset;
            const osg::Vec2 b = centre + (shield[(i + 1) % shield.size()] - centre) * grow + offset;
            sh.tri((centre + offset) * k, a * k, b * k, col);
        }
    };
    // Pin: a dark stem and a dot on the spot.
    sh.rect(-2.2 * k, 0, 2.2 * k, 16 * k, osg::Vec4(0, 0, 0, 0.75f));
    sh.rect(-1.0 * k, 1 * k, 1.0 * k, 15 * k, vec4(st.police_border));
    for (int i = 0; i < 16; ++i) {
        const double a0 = 2 * kPi * i / 16, a1 = 2 * kPi * (i + 1) / 16;
        sh.tri({0, 0}, {float(5 * k * std::cos(a0)), float(5 * k * std::sin(a0))},
               {float(5 * k * std::cos(a1)), float(5 * k * std::sin(a1))}, osg::Vec4(0, 0, 0, 0.8f));
        sh.tri({0, 0}, {float(3.2 * k * std::cos(a0)), float(3.2 * k * std::sin(a0))},
               {float(3.2 * k * std::cos(a1)), float(3.2 * k * std::sin(a1))}, vec4(blue));
    }
    fan(1.22f, osg::Vec2(1.5f, -1.5f), osg::Vec4(0, 0, 0, 0.55f));  // drop shadow
    fan(1.12f, osg::Vec2(), vec4(st.police_border));                 // white rim
    fan(0.95f, osg::Vec2(), vec4(blue));                             // blue field
    osg::ref_ptr<osg::Group> g = new osg::Group;
    sh.addTo(g.get());
    auto t = makeText("警", 21.0f * k, st.police_border, false, Color8{0, 0, 0, 0});
    t->setPosition(osg::Vec3(0, 34.5f * k, 0));
    g->addChild(t.get());
    return g;
}

void MapScene::buildAll() {
    ground_ = TerrainSurface::build(map_, opt_.vertical_exaggeration, TerrainSurface::areaOfInterest(map_));
    scaled_widths_.clear();
    scaled_points_.clear();
    symbol_scales_.clear();
    for (auto& ln : layer_nodes_) {
        for (auto& p : ln.parts)
            for (osg::Group* parent : {static_cast<osg::Group*>(map_xform_.get()), static_cast<osg::Group*>(bias_xform_.get())})
                parent->removeChild(p.node.get());
        ln = LayerNodes{};
    }
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const SceneLayer& L = layers_[i];
        LayerNodes& out = layer_nodes_[i];
        switch (L.kind) {
            case SceneLayerKind::Terrain: buildTerrain(std::size_t(L.source), out); break;
            case SceneLayerKind::Roads: buildRoads(out); break;
            case SceneLayerKind::Buildings: buildBuildings(std::size_t(L.source), out); break;
            default: buildVectorLayer(std::size_t(L.source), out); break;
        }
        for (auto& p : out.parts) (p.solid3d || p.on_top ? map_xform_ : bias_xform_)->addChild(p.node.get());
        applyOpacity(i);
    }
    applied_view3d_ = -1;  // depth state and bins again on the next update
    applied_scale_ = -1;
    label_texts_.clear();
    labels_group_->removeChildren(0, labels_group_->getNumChildren());
    selection_dirty_ = true;
    for (const auto& o : overlays_) o->attach(overlayContext());
}

void MapScene::buildTerrain(std::size_t ti, LayerNodes& out) {
    const double ox = origin_.x(), oy = origin_.y();
    const double ex = ground_.exaggeration();
    const double op = std::clamp(map_.terrains[ti].style.opacity, 0.0, 1.0);
    osg::ref_ptr<osg::Group> geode = new osg::Group;
    constexpr int kTile = 128;
    for (const TerrainGrid& g : ground_.grids()) {
        if (g.terrain != ti) continue;
        // Hill shade from the mesh's own slopes (at least 1.5× relief so
        // gentle hills still read), baked into vertex colours.
        const double relief = std::max(1.5, ex);
        auto elev = [&](int i, int j) {
            const float v = g.at(std::clamp(i, 0, g.nx - 1), std::clamp(j, 0, g.ny - 1));
            return std::isfinite(v) ? double(v) : std::numeric_limits<double>::quiet_NaN();
        };
        std::vector<osg::Vec4> colour(std::size_t(g.nx) * g.ny);
        for (int j = 0; j < g.ny; ++j)
            for (int i = 0; i < g.nx; ++i) {
                const double e = elev(i, j);
                if (!std::isfinite(e)) continue;
                auto val = [&](int a, int b) {
                    const double v = elev(a, b);
                    return std::isfinite(v) ? v : e;
                };
                const double dzdx = (val(i + 1, j) - val(i - 1, j)) * relief / (2 * g.dx);
                const double dzdy = (val(i, j - 1) - val(i, j + 1)) * relief / (2 * g.dy);  // rows go south
                osg::Vec3d n(-dzdx, -dzdy, 1.0);
                n.normalize();
                const Color8 c = terrainColour(e, hillShade(n.x(), n.y(), n.z()));
                colour[std::size_t(j) * g.nx + i] = osg::Vec4(c.rf(), c.gf(), c.bf(), float(op));
            }
        for (int j0 = 0; j0 < g.ny - 1; j0 += kTile)
            for (int i0 = 0; i0 < g.nx - 1; i0 += kTile) {
                const int i1 = std::min(g.nx - 1, i0 + kTile), j1 = std::min(g.ny - 1, j0 + kTile);
                TerrainLod tl;
                tl.cell_m = std::max(g.dx, g.dy);
                const double cx = 0.5 * (g.vx(i0) + g.vx(i1)), cy = 0.5 * (g.vy(j0) + g.vy(j1));
                tl.centre = osg::Vec3d(cx, cy, ground_.z(cx, cy));
                tl.radius = 0.5 * std::hypot(g.vx(i1) - g.vx(i0), g.vy(j0) - g.vy(j1));
                // Levels of detail: every 1st, 2nd, 4th, 8th vertex (tile edges kept).
                for (int lv = 0; lv < kTerrainLods; ++lv) {
                    const int st = 1 << lv;
                    std::vector<int> cols, rows;
                    for (int i = i0; i < i1; i += st) cols.push_back(i);
                    cols.push_back(i1);
                    for (int j = j0; j < j1; j += st) rows.push_back(j);
                    rows.push_back(j1);
                    const int tw = int(cols.size());
                    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
                    osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
                    osg::ref_ptr<osg::DrawElementsUInt> tris = new osg::DrawElementsUInt(GL_TRIANGLES);
                    v->reserve(cols.size() * rows.size());
                    for (int j : rows)
                        for (int i : cols) {
                            const float e = g.at(i, j);
                            v->push_back(osg::Vec3(float(g.vx(i) - ox), float(g.vy(j) - oy),
                                                   std::isfinite(e) ? float(e * ex) : 0.f));
                            c->push_back(colour[std::size_t(j) * g.nx + i]);
                        }
                    auto ok = [&](int a, int b) { return std::isfinite(g.at(cols[a], rows[b])); };
                    auto idx = [&](int a, int b) { return unsigned(b * tw + a); };
                    for (int b = 0; b + 1 < int(rows.size()); ++b)
                        for (int a = 0; a + 1 < tw; ++a) {
                            // (i, j)–(i+1, j+1) diagonal, as TerrainGrid::elevationAt.
                            if (ok(a, b) && ok(a + 1, b) && ok(a + 1, b + 1))
                                for (unsigned k : {idx(a, b), idx(a + 1, b + 1), idx(a + 1, b)}) tris->push_back(k);
                            if (ok(a, b) && ok(a + 1, b + 1) && ok(a, b + 1))
                                for (unsigned k : {idx(a, b), idx(a, b + 1), idx(a + 1, b + 1)}) tris->push_back(k);
                        }
                    osg::ref_ptr<osg::Geode> lg = new osg::Geode;
                    tl.levels.push_back(lg);
                    geode->addChild(lg.get());
                    if (tris->empty()) continue;
                    auto geom = newGeometry();
                    geom->setVertexArray(v.get());
                    geom->setColorArray(c.get(), osg::Array::BIND_PER_VERTEX);
                    geom->addPrimitiveSet(tris.get());
                    lg->addChild(geom.get());
                    Tint t;
                    t.colours = c;
                    t.geometry = geom;
                    t.base_alpha.assign(c->size(), float(op));
                    out.tints.push_back(std::move(t));
                }
                out.terrain_lods.push_back(std::move(tl));
            }
    }
    out.parts.push_back(Part{geode, 0, true, false});
}

namespace {

// Line pairs (GL_LINES) per detail level, merged per colour (and width).
struct LineBatch {
    std::array<osg::ref_ptr<osg::Vec3Array>, kLineLods> v;
    LineBatch() {
        for (auto& a : v) a = new osg::Vec3Array;
    }
};
struct TriBatch {
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
};
using ColourKey = std::tuple<std::uint8_t, std::uint8_t, std::uint8_t, std::uint8_t>;
ColourKey key(const Color8& c) { return {c.r, c.g, c.b, c.a}; }
Color8 fromKey(const ColourKey& k) { return Color8{std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k)}; }

}  // namespace

void MapScene::buildVectorLayer(std::size_t li, LayerNodes& out) {
    const VectorLayer& layer = map_.layers[li];
    const MapStyle& st = opt_.style;
    const LayerStyle& ls = layer.style;
    const double op = std::clamp(ls.opacity, 0.0, 1.0);
    const double ox = origin_.x(), oy = origin_.y();
    const double step = ground_.drapeStep();

    std::map<ColourKey, TriBatch> fills, water_fills;
    std::map<std::pair<ColourKey, float>, LineBatch> water_lines, glows, outlines, lines;
    struct PointBatch {
        osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    } points;
    std::vector<osg::Vec3d> police;

    auto addLine = [&](std::map<std::pair<ColourKey, float>, LineBatch>& m, const Color8& c, float w,
                       const std::vector<XY>& line) {
        if (line.size() < 2) return;
        auto& b = m[{key(c), w}];
        for (int k = 0; k < kLineLods; ++k) {
            const auto pts = ground_.drape(simplify(line, kLineLodTol_m[k]), 8 * kLineLodTol_m[k]);
            auto& v = *b.v[k];
            for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
                v.push_back(osg::Vec3(float(pts[i].x() - ox), float(pts[i].y() - oy), float(pts[i].z())));
                v.push_back(osg::Vec3(float(pts[i + 1].x() - ox), float(pts[i + 1].y() - oy), float(pts[i + 1].z())));
            }
        }
    };
    auto toXY = [](const std::vector<GeoPoint>& r, bool close) {
        std::vector<XY> o;
        o.reserve(r.size() + 1);
        for (const auto& p : r) o.push_back(XY{p.x, p.y});
        if (close && o.size() >= 3 && (o.front().x != o.back().x || o.front().y != o.back().y)) o.push_back(o.front());
        return o;
    };
    const SceneLayerKind kind = vectorKind(layer);
    for (const Feature& f : layer.features) {
        const AreaKind ak = areaKind(layer, f);
        const bool water = ak != AreaKind::District;
        if (!f.polygons.empty() && kind != SceneLayerKind::Points && kind != SceneLayerKind::Police) {
            const Color8 fill = withAlpha(ls.fill ? toColor8(*ls.fill) : water ? st.water_fill : st.land, op);
            std::optional<Color8> outline;
            float width = float(ls.width_px > 0 ? ls.width_px : water ? st.water_outline_px : st.district_outline_px);
            if (ls.colour) outline = toColor8(*ls.colour);
            else if (!ls.fill) outline = water ? st.water_outline : st.district_outline;
            // (No glow on terrain: its translucent joints would dot the densified lines.)
            const bool glow = outline && !water && width >= 2.0f && ground_.empty();
            for (const auto& poly : f.polygons) {
                if (fill.a > 0) {
                    std::vector<osg::Vec2d> tris;
                    tessellate(poly, ox, oy, &tris);
                    auto& b = (water ? water_fills : fills)[key(fill)];
                    if (ground_.empty()) {
                        for (const auto& p : tris) b.v->push_back(osg::Vec3(float(p.x()), float(p.y()), 0.f));
                    } else {
                        std::vector<osg::Vec2d> fine;
                        for (std::size_t t = 0; t + 2 < tris.size(); t += 3)
                            subdivide(tris[t], tris[t + 1], tris[t + 2], step * 2, 14, &fine);
                        for (const auto& p : fine)
                            b.v->push_back(osg::Vec3(float(p.x()), float(p.y()), float(ground_.z(p.x() + ox, p.y() + oy))));
                    }
                }
                if (outline)
                    for (const auto& ring : poly) {
                        if (ring.size() < 2) continue;
                        const auto xy = toXY(ring, true);
                        if (water) addLine(water_lines, withAlpha(*outline, op), width, xy);
                        else {
                            addLine(outlines, withAlpha(*outline, op), width, xy);
                            if (glow) addLine(glows, withAlpha(*outline, op * 0.22), width * 3.0f, xy);
                        }
                    }
            }
        }
        if (!f.lines.empty() && kind != SceneLayerKind::Points && kind != SceneLayerKind::Police) {
            std::optional<Color8> c;
            float w = float(ls.width_px > 0 ? ls.width_px : st.district_outline_px);
            if (layer.kind == LayerKind::Paths) {
                c = st.path;
                if (!(ls.width_px > 0)) w = st.path_px;
            } else if (layer.kind == LayerKind::Roads) {
                c = st.display_road;
                if (!(ls.width_px > 0)) w = st.display_road_px;
            } else if (ak != AreaKind::WaterLine) {
                c = st.district_outline;
            } else if (f.polygons.empty() && f.attributes.count("kind") == 0) {
                c = st.water_outline;  // a water layer of lines only (no surface)
                if (!(ls.width_px > 0)) w = st.water_outline_px;
            }
            if (ls.colour) c = toColor8(*ls.colour);
            if (c)
                for (const auto& line : f.lines) addLine(ak == AreaKind::WaterLine ? water_lines : lines, withAlpha(*c, op), w, toXY(line, false));
        }
        for (const auto& p : f.points) {
            const double z = ground_.z(p.x, p.y);
            if (kind == SceneLayerKind::Police) police.emplace_back(p.x, p.y, z);
            else points.v->push_back(osg::Vec3(float(p.x - ox), float(p.y - oy), float(z)));
        }
    }

    auto tinted = [&](osg::Geometry* g, const Color8& c) {
        osg::ref_ptr<osg::Vec4Array> a = new osg::Vec4Array;
        a->push_back(vec4(c));
        g->setColorArray(a.get(), osg::Array::BIND_OVERALL);
        Tint t;
        t.colours = a;
        t.geometry = g;
        t.base_alpha = {c.af()};
        out.tints.push_back(std::move(t));
    };
    auto fillGeode = [&](std::map<ColourKey, TriBatch>& m, int sub) {
        if (m.empty()) return;
        osg::ref_ptr<osg::Geode> geode = new osg::Geode;
        for (auto& [k, b] : m) {
            if (b.v->empty()) continue;
            auto g = newGeometry();
            g->setVertexArray(b.v.get());
            g->addPrimitiveSet(new osg::DrawArrays(GL_TRIANGLES, 0, b.v->size()));
            tinted(g.get(), fromKey(k));
            geode->addChild(g.get());
        }
        out.parts.push_back(Part{geode, sub, false, false});
    };
    fillGeode(fills, 0);
    fillGeode(water_fills, 1);
    auto lineGeode = [&](std::map<std::pair<ColourKey, float>, LineBatch>& m, int sub) {
        if (m.empty()) return;
        osg::ref_ptr<osg::Group> group = new osg::Group;
        Part part{group, sub, false, false};
        for (int k = 0; k < kLineLods; ++k) {
            osg::ref_ptr<osg::Geode> geode = new osg::Geode;
            for (auto& [kw, b] : m) {
                if (b.v[k]->empty()) continue;
                auto g = newGeometry();
                g->setVertexArray(b.v[k].get());
                g->addPrimitiveSet(new osg::DrawArrays(GL_LINES, 0, b.v[k]->size()));
                tinted(g.get(), fromKey(kw.first));
                osg::ref_ptr<osg::LineWidth> lw = new osg::LineWidth(kw.second);
                g->getOrCreateStateSet()->setAttributeAndModes(lw.get());
                scaled_widths_.emplace_back(lw, kw.second);
                geode->addChild(g.get());
            }
            group->addChild(geode.get());
            part.lods.push_back(geode);
        }
        out.parts.push_back(part);
    };
    lineGeode(water_lines, 2);
    lineGeode(glows, 3);
    lineGeode(outlines, 4);
    lineGeode(lines, 5);
    if (!points.v->empty()) {
        const Color8 c = withAlpha(ls.colour ? toColor8(*ls.colour) : st.poi, op);
        osg::ref_ptr<osg::Geode> geode = new osg::Geode;
        for (int pass = 0; pass < 2; ++pass) {
            auto g = newGeometry();
            g->setVertexArray(points.v.get());
            g->addPrimitiveSet(new osg::DrawArrays(GL_POINTS, 0, points.v->size()));
            const float size = pass == 0 ? st.poi_px + 5.0f : st.poi_px;
            tinted(g.get(), pass == 0 ? withAlpha(st.poi_outline, op) : c);
            osg::ref_ptr<osg::Point> pt = new osg::Point(size);
            g->getOrCreateStateSet()->setAttributeAndModes(pt.get());
            makeRoundPoints(g->getOrCreateStateSet());
            scaled_points_.emplace_back(pt, size);
            geode->addChild(g.get());
        }
        out.parts.push_back(Part{geode, 6, false, false});  // depth-tested in 3D: towers hide them
    }
    if (!police.empty()) {
        osg::ref_ptr<osg::Group> group = new osg::Group;
        for (const auto& p : police) {
            osg::ref_ptr<osg::AutoTransform> at = new osg::AutoTransform;
            at->setPosition(osg::Vec3d(p.x() - ox, p.y() - oy, p.z()));
            at->setAutoRotateMode(osg::AutoTransform::ROTATE_TO_SCREEN);
            at->setAutoScaleToScreen(true);
            at->setCullingActive(false);
            osg::ref_ptr<osg::MatrixTransform> sc = new osg::MatrixTransform;
            sc->addChild(police_symbol_.get());
            symbol_scales_.push_back(sc);
            at->addChild(sc.get());
            group->addChild(at.get());
        }
        group->setCullingActive(false);
        out.parts.push_back(Part{group, 7, false, true});
    }
}

void MapScene::buildBuildings(std::size_t li, LayerNodes& out) {
    const VectorLayer& layer = map_.layers[li];
    const MapStyle& st = opt_.style;
    const double op = std::clamp(layer.style.opacity, 0.0, 1.0);
    const Color8 fill = withAlpha(layer.style.fill ? toColor8(*layer.style.fill) : st.building_fill, op);
    // Spatial tiles: culled on their own, and far tiles drop their walls and
    // roof edges (a building a few pixels wide reads as its roof).
    std::map<std::pair<long, long>, std::vector<const Feature*>> tiles;
    for (const Feature& f : layer.features) {
        if (f.polygons.empty() || f.polygons.front().empty() || f.polygons.front().front().empty()) continue;
        const GeoPoint& g = f.polygons.front().front().front();
        tiles[{long(std::floor(g.x / kBuildingTile_m)), long(std::floor(g.y / kBuildingTile_m))}].push_back(&f);
    }
    osg::ref_ptr<osg::Group> roofs = new osg::Group, walls = new osg::Group, edges = new osg::Group;
    const Color8 edge{static_cast<std::uint8_t>(std::min(255, fill.r * 3 / 2 + 12)),
                      static_cast<std::uint8_t>(std::min(255, fill.g * 3 / 2 + 12)),
                      static_cast<std::uint8_t>(std::min(255, fill.b * 3 / 2 + 12)), static_cast<std::uint8_t>(fill.a * 0.7)};
    osg::ref_ptr<osg::LineWidth> edge_width = new osg::LineWidth(1.0f);
    edges->getOrCreateStateSet()->setAttributeAndModes(edge_width.get());
    for (const auto& [key, features] : tiles) {
        BuildingMesh m = buildBuildingMesh(features, fill, origin_.x(), origin_.y(), &ground_);
        if (m.triangles.empty() && m.roof_triangles.empty()) continue;
        Tint t;
        t.colours = m.colours;
        for (const auto& c : *m.colours) t.base_alpha.push_back(c.a());
        Bounds tb;
        for (const Feature* f : features)
            for (const auto& g : f->polygons.front().front()) tb.add(g.x, g.y);
        TileLod lod;
        lod.centre = osg::Vec3d(tb.centerX(), tb.centerY(), ground_.z(tb.centerX(), tb.centerY()));
        lod.radius = 0.5 * std::hypot(tb.width(), tb.height());
        for (int w = 0; w < 2; ++w) {
            const auto& idx = w ? m.triangles : m.roof_triangles;
            if (idx.empty()) continue;
            auto g = newGeometry();
            g->setVertexArray(m.verts.get());
            g->setColorArray(m.colours.get(), osg::Array::BIND_PER_VERTEX);
            g->addPrimitiveSet(new osg::DrawElementsUInt(GL_TRIANGLES, idx.begin(), idx.end()));
            t.geometry = g;
            osg::ref_ptr<osg::Geode> geode = new osg::Geode;
            geode->addChild(g.get());
            (w ? walls : roofs)->addChild(geode.get());
            if (w) lod.walls = geode;
        }
        out.tints.push_back(std::move(t));
        if (!m.edge_verts->empty()) {
            auto e = newGeometry();
            e->setVertexArray(m.edge_verts.get());
            e->addPrimitiveSet(new osg::DrawArrays(GL_LINES, 0, m.edge_verts->size()));
            osg::ref_ptr<osg::Vec4Array> a = new osg::Vec4Array;
            a->push_back(vec4(edge));
            e->setColorArray(a.get(), osg::Array::BIND_OVERALL);
            Tint te;
            te.colours = a;
            te.geometry = e;
            te.base_alpha = {edge.af()};
            out.tints.push_back(std::move(te));
            osg::ref_ptr<osg::Geode> eg = new osg::Geode;
            eg->addChild(e.get());
            edges->addChild(eg.get());
            lod.edges = eg;
        }
        out.tile_lods.push_back(lod);
    }
    out.parts.push_back(Part{roofs, 0, true, false});
    Part wall_part{walls, 0, true, false};
    wall_part.only3d = true;
    out.parts.push_back(wall_part);
    Part edge_part{edges, 1, false, false};
    edge_part.max_mpp = kRoofEdgesMaxMpp;
    out.parts.push_back(edge_part);
    // Zoomed far out a building is under a pixel and its roof may not cover
    // any pixel centre: a 2 px dot per building keeps towns visible.
    {
        osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
        for (const Feature& f : layer.features) {
            if (f.polygons.empty() || f.polygons.front().empty()) continue;
            Bounds b;
            for (const auto& g : f.polygons.front().front()) b.add(g.x, g.y);
            const BuildingZ bz = buildingZ(f, &ground_);
            v->push_back(osg::Vec3(float(b.centerX() - origin_.x()), float(b.centerY() - origin_.y()), float(bz.top)));
        }
        auto d = newGeometry();
        d->setVertexArray(v.get());
        d->addPrimitiveSet(new osg::DrawArrays(GL_POINTS, 0, v->size()));
        const Color8 roof{static_cast<std::uint8_t>(std::min(255, fill.r * 106 / 100)),
                          static_cast<std::uint8_t>(std::min(255, fill.g * 106 / 100)),
                          static_cast<std::uint8_t>(std::min(255, fill.b * 106 / 100)), fill.a};
        osg::ref_ptr<osg::Vec4Array> a = new osg::Vec4Array;
        a->push_back(vec4(roof));
        d->setColorArray(a.get(), osg::Array::BIND_OVERALL);
        Tint td;
        td.colours = a;
        td.geometry = d;
        td.base_alpha = {roof.af()};
        out.tints.push_back(std::move(td));
        osg::ref_ptr<osg::Point> pt = new osg::Point(2.0f);
        d->getOrCreateStateSet()->setAttributeAndModes(pt.get());
        scaled_points_.emplace_back(pt, 2.0f);
        osg::ref_ptr<osg::Geode> dg = new osg::Geode;
        dg->addChild(d.get());
        Part part{dg, 2, false, false};
        part.min_mpp = kRoofEdgesMaxMpp;
        out.parts.push_back(part);
    }
}

void MapScene::buildRoads(LayerNodes& out) {
    const RoadData& rd = map_.roads;
    const MapStyle& st = opt_.style;
    const double op = std::clamp(map_.roads_style.opacity, 0.0, 1.0);
    const double ox = origin_.x(), oy = origin_.y();
    // Per class and level of detail: vertices and segment indices.
    struct Level {
        osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
        osg::ref_ptr<osg::DrawElementsUInt> segs = new osg::DrawElementsUInt(GL_LINES);
        osg::ref_ptr<osg::DrawElementsUInt> joins = new osg::DrawElementsUInt(GL_POINTS);
    };
    std::array<std::array<Level, kLineLods>, kRoadClassCount> levels;
    // Each two-way street is two directed edges with the same shape: draw it once.
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, long long>> drawn;
    std::vector<XY> line;
    for (const auto& e : rd.edges) {
        const int c = static_cast<int>(e.road_class);
        if (c < 0 || c >= kRoadClassCount) continue;
        line.clear();
        if (e.shape_count >= 2 && std::size_t(e.shape_begin) + e.shape_count <= rd.shape.size()) {
            for (std::uint32_t i = 0; i < e.shape_count; ++i)
                line.push_back(XY{rd.shape[e.shape_begin + i].x, rd.shape[e.shape_begin + i].y});
        } else if (e.from < rd.nodes.size() && e.to < rd.nodes.size()) {
            line = {XY{rd.nodes[e.from].pos.x, rd.nodes[e.from].pos.y}, XY{rd.nodes[e.to].pos.x, rd.nodes[e.to].pos.y}};
        } else {
            continue;
        }
        double sx = 0, sy = 0;
        for (const auto& p : line) {
            sx += p.x;
            sy += p.y;
        }
        const auto k = std::make_tuple(std::min(e.from, e.to), std::max(e.from, e.to),
                                       static_cast<std::uint32_t>(line.size()),
                                       static_cast<long long>(std::llround((sx + sy) * 10.0)));
        if (!drawn.insert(k).second) continue;
        for (int lv = 0; lv < kLineLods; ++lv) {
            Level& L = levels[c][lv];
            auto& v = *L.v;
            const auto base = static_cast<unsigned>(v.size());
            const auto pts = ground_.drape(simplify(line, kLineLodTol_m[lv]), 8 * kLineLodTol_m[lv]);
            for (const auto& p : pts) v.push_back(osg::Vec3(float(p.x() - ox), float(p.y() - oy), float(p.z())));
            for (unsigned i = 0; i + 1 < pts.size(); ++i) {
                L.segs->push_back(base + i);
                L.segs->push_back(base + i + 1);
            }
            // Joins where a wide line would show a notch: the ends (they meet
            // other roads) and turns of more than ~20°.
            for (unsigned i = 0; i < pts.size(); ++i) {
                bool join = i == 0 || i + 1 == pts.size();
                if (!join) {
                    const osg::Vec2d a(pts[i].x() - pts[i - 1].x(), pts[i].y() - pts[i - 1].y());
                    const osg::Vec2d b(pts[i + 1].x() - pts[i].x(), pts[i + 1].y() - pts[i].y());
                    const double la = a.length(), lb = b.length();
                    join = la > 0 && lb > 0 && (a * b) / (la * lb) < 0.94;
                }
                if (join) L.joins->push_back(base + i);
            }
        }
    }
    auto tinted = [&](osg::Geometry* g, const Color8& col) {
        osg::ref_ptr<osg::Vec4Array> a = new osg::Vec4Array;
        a->push_back(vec4(col));
        g->setColorArray(a.get(), osg::Array::BIND_OVERALL);
        Tint t;
        t.colours = a;
        t.geometry = g;
        t.base_alpha = {col.af()};
        out.tints.push_back(std::move(t));
    };
    for (int c = kRoadClassCount - 1; c >= 0; --c) {
        if (levels[c][0].segs->empty()) continue;
        const RoadStyle& rs = st.roads[c];
        const int rank = kRoadClassCount - 1 - c;  // Other 0 .. Motorway 8
        // A dark casing under the major classes keeps them readable over
        // terrain, buildings and each other.
        for (int casing = 1; casing >= 0; --casing) {
            if (casing && c > static_cast<int>(RoadClass::Tertiary)) continue;
            osg::ref_ptr<osg::Group> group = new osg::Group;
            Part part{group, casing ? 1 + rank : 10 + rank, false, false};
            const Color8 col = withAlpha(casing ? st.road_casing : rs.color, op);
            for (int lv = 0; lv < kLineLods; ++lv) {
                osg::ref_ptr<osg::Geode> geode = new osg::Geode;
                auto g = newGeometry();
                g->setVertexArray(levels[c][lv].v.get());
                g->addPrimitiveSet(levels[c][lv].segs.get());
                tinted(g.get(), col);
                geode->addChild(g.get());
                // Round joins: disc sprites at the vertices (GL_POINT_SMOOTH
                // is slow on llvmpipe and ignored with multisampling).
                if (rs.round_joins) {
                    auto j = newGeometry();
                    j->setVertexArray(levels[c][lv].v.get());
                    j->addPrimitiveSet(levels[c][lv].joins.get());
                    tinted(j.get(), col);
                    osg::StateSet* js = j->getOrCreateStateSet();
                    js->setAttributeAndModes((casing ? casing_points_ : road_points_)[c].get());
                    makeRoundPoints(js);
                    geode->addChild(j.get());
                }
                group->addChild(geode.get());
                part.lods.push_back(geode);
            }
            group->getOrCreateStateSet()->setAttributeAndModes((casing ? casing_widths_ : road_widths_)[c].get());
            out.parts.push_back(part);
        }
    }
}

void MapScene::buildHud() {
    hud_ = new osg::Camera;
    hud_->setReferenceFrame(osg::Transform::ABSOLUTE_RF);
    hud_->setRenderOrder(osg::Camera::POST_RENDER);
    hud_->setClearMask(0);
    hud_->setAllowEventFocus(false);
    hud_->setComputeNearFarMode(osg::CullSettings::DO_NOT_COMPUTE_NEAR_FAR);
    hud_->setViewMatrix(osg::Matrixd::identity());
    hud_->setProjectionMatrixAsOrtho2D(0, 1, 0, 1);
    hud_->setCullingActive(false);
    hud_->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF | osg::StateAttribute::OVERRIDE);
    root_->addChild(hud_.get());
}

OverlayContext MapScene::overlayContext() const {
    OverlayContext ctx;
    ctx.map = &map_;
    ctx.origin = origin_;
    ctx.drape_step_m = ground_.drapeStep();
    const TerrainSurface* g = &ground_;
    ctx.groundZ = [g](double x, double y) { return g->z(x, y); };
    return ctx;
}

void MapScene::addOverlay(OverlayPtr overlay) {
    if (!overlay || std::find(overlays_.begin(), overlays_.end(), overlay) != overlays_.end()) return;
    overlay->attach(overlayContext());
    overlays_.push_back(std::move(overlay));
    sortOverlays();
}

void MapScene::removeOverlay(const OverlayPtr& overlay) {
    const auto it = std::find(overlays_.begin(), overlays_.end(), overlay);
    if (it == overlays_.end()) return;
    overlay_own_bin_.erase(it->get());
    overlays_.erase(it);
    sortOverlays();
}

void MapScene::sortOverlays() {
    ground_overlays_->removeChildren(0, ground_overlays_->getNumChildren());
    top_overlays_->removeChildren(0, top_overlays_->getNumChildren());
    std::vector<OverlayPtr> sorted = overlays_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const OverlayPtr& a, const OverlayPtr& b) {
        if (a->plane() != b->plane()) return a->plane() < b->plane();
        return a->drawOrder() < b->drawOrder();
    });
    int bin = OverlayLayer::kOverlayBinMin;
    for (const auto& o : sorted) {
        osg::Node* n = o->node();
        if (!n) continue;
        osg::StateSet* ss = n->getOrCreateStateSet();
        if (!overlay_own_bin_.count(o.get())) {
            const int own = ss->getBinNumber();
            overlay_own_bin_[o.get()] = ss->getRenderBinMode() != osg::StateSet::INHERIT_RENDERBIN_DETAILS &&
                                        own >= OverlayLayer::kOverlayBinMin && own <= OverlayLayer::kOverlayBinMax;
        }
        if (!overlay_own_bin_[o.get()])
            ss->setRenderBinDetails(std::min(bin, OverlayLayer::kOverlayBinMax), "RenderBin",
                                    osg::StateSet::OVERRIDE_RENDERBIN_DETAILS);
        bin += 10;
        (o->plane() == OverlayLayer::Plane::Ground ? ground_overlays_ : top_overlays_)->addChild(n);
    }
}

void MapScene::bindCamera(osg::Camera* camera) {
    camera_ = camera;
    if (!camera) return;
    camera->setClearColor(vec4(opt_.style.background));
    camera->setClearMask(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    camera->setComputeNearFarMode(osg::CullSettings::DO_NOT_COMPUTE_NEAR_FAR);
    camera->setCullingMode(camera->getCullingMode() & ~osg::CullSettings::SMALL_FEATURE_CULLING);
}

void MapScene::setLanguage(const std::string& language) {
    const HudLang l = parseHudLanguage(language);
    opt_.language = language;
    if (l == lang_) return;
    lang_ = l;
    last_w_ = last_h_ = -1;  // rebuild the HUD on the next update
    last_scale_len_ = -1;
    road_label_texts_.clear();
    road_labels_group_->removeChildren(0, road_labels_group_->getNumChildren());
}

void MapScene::setShowLegend(bool show) {
    if (opt_.show_legend == show) return;
    opt_.show_legend = show;
    last_w_ = last_h_ = -1;
}

void MapScene::setLayerVisible(std::size_t i, bool visible) {
    if (i < layers_.size()) layers_[i].visible = visible;
}

void MapScene::setLayerOpacity(std::size_t i, double opacity) {
    if (i >= layers_.size()) return;
    layers_[i].opacity = std::clamp(opacity, 0.0, 1.0);
    applyOpacity(i);
}

void MapScene::moveLayer(std::size_t i, int delta) {
    if (i >= layers_.size() || delta == 0) return;
    const long j = std::clamp(static_cast<long>(i) + delta, 0L, static_cast<long>(layers_.size()) - 1);
    const auto k = static_cast<std::size_t>(j);
    if (k == i) return;
    // Rotate i to k, keeping the others in order.
    if (k > i) {
        std::rotate(layers_.begin() + i, layers_.begin() + i + 1, layers_.begin() + k + 1);
        std::rotate(layer_nodes_.begin() + i, layer_nodes_.begin() + i + 1, layer_nodes_.begin() + k + 1);
    } else {
        std::rotate(layers_.begin() + k, layers_.begin() + i, layers_.begin() + i + 1);
        std::rotate(layer_nodes_.begin() + k, layer_nodes_.begin() + i, layer_nodes_.begin() + i + 1);
    }
    applyOrder();
}

void MapScene::setVerticalExaggeration(double e) {
    e = std::clamp(std::isfinite(e) ? e : 1.0, 0.0, 10.0);
    if (e == opt_.vertical_exaggeration) return;
    opt_.vertical_exaggeration = e;
    buildAll();
}

void MapScene::applyOpacity(std::size_t i) {
    if (i >= layers_.size()) return;
    const float f = static_cast<float>(layers_[i].opacity);
    for (auto& t : layer_nodes_[i].tints) {
        auto& c = *t.colours;
        for (std::size_t k = 0; k < c.size() && k < t.base_alpha.size(); ++k) c[k].a() = t.base_alpha[k] * f;
        c.dirty();
        if (t.geometry) t.geometry->dirtyGLObjects();
    }
}

void MapScene::applyOrder() {
    const bool view3d = applied_view3d_ == 1;
    for (std::size_t p = 0; p < layers_.size(); ++p)
        for (auto& part : layer_nodes_[p].parts) {
            int bin;
            if (part.on_top) bin = kBinSymbols + int(p);
            else if (view3d && part.solid3d) bin = kBinSolid3d + int(p);
            else bin = kBinLayers + int(p) * kBinsPerLayer + std::clamp(part.sub, 0, kBinsPerLayer - 1);
            setBin(part.node.get(), bin);
        }
}

void MapScene::applyViewMode(bool view3d) {
    applied_view3d_ = view3d ? 1 : 0;
    osg::StateSet* rs = root_->getOrCreateStateSet();
    if (view3d) rs->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    else rs->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF | osg::StateAttribute::OVERRIDE);
    for (auto& ln : layer_nodes_)
        for (auto& part : ln.parts) {
            osg::StateSet* ss = part.node->getOrCreateStateSet();
            if (part.on_top) {
                ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
            } else if (part.solid3d) {
                ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::ON);
                ss->setAttribute(new osg::Depth(osg::Depth::LESS, 0.0, 1.0, true));
            } else {
                ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::ON);
                ss->setAttribute(new osg::Depth(osg::Depth::LEQUAL, 0.0, 1.0, false));
            }
        }
    ground_overlays_->getOrCreateStateSet()->setMode(GL_DEPTH_TEST, osg::StateAttribute::ON);
    applyOrder();
}

std::optional<XY> MapScene::pickGround(const MapCamera& cam, ScreenPoint s) const {
    if (!cam.pose().view3d || ground_.empty()) return cam.screenToGround(s.x, s.y);
    osg::Vec3d from, dir;
    cam.screenRay(s.x, s.y, &from, &dir);
    const auto p = ground_.intersectRay(from, dir);
    if (!p) return cam.screenToGround(s.x, s.y);
    return XY{p->x(), p->y()};
}

std::optional<FeatureRef> MapScene::pickFeature(const MapCamera& cam, ScreenPoint s) const {
    PickParams pp;
    const double sc = applied_scale_ > 0 ? applied_scale_ : 1.0;
    pp.line_px = 8 * sc;
    pp.point_px = 18 * sc;
    pp.ground = &ground_;
    pp.pickable = [this](int layer) {
        for (const auto& L : layers_)
            if (L.kind != SceneLayerKind::Terrain && L.source == layer) return L.visible && L.in_scale;
        return false;
    };
    return jingwei::pickFeature(map_, cam, s, pp);
}

void MapScene::setSelection(std::optional<FeatureRef> f) {
    if (f == selection_) return;
    selection_ = f;
    selection_dirty_ = true;
}

void MapScene::updateSelection() {
    selection_dirty_ = false;
    selection_group_->removeChildren(0, selection_group_->getNumChildren());
    if (!selection_) return;
    const MapStyle& st = opt_.style;
    const double s = applied_scale_ > 0 ? applied_scale_ : 1.0;
    const double ox = origin_.x(), oy = origin_.y();
    osg::ref_ptr<osg::Vec3Array> v = new osg::Vec3Array;
    auto addLine = [&](const std::vector<osg::Vec3d>& pts) {
        for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
            v->push_back(osg::Vec3(float(pts[i].x() - ox), float(pts[i].y() - oy), float(pts[i].z())));
            v->push_back(osg::Vec3(float(pts[i + 1].x() - ox), float(pts[i + 1].y() - oy), float(pts[i + 1].z())));
        }
    };
    std::vector<osg::Vec3d> points;
    const FeatureRef& f = *selection_;
    if (f.kind == FeatureRef::Kind::Road) {
        if (f.index < map_.roads.edges.size()) {
            const RoadEdge& e = map_.roads.edges[f.index];
            std::vector<XY> line;
            for (std::uint32_t i = 0; i < e.shape_count && e.shape_begin + i < map_.roads.shape.size(); ++i)
                line.push_back(XY{map_.roads.shape[e.shape_begin + i].x, map_.roads.shape[e.shape_begin + i].y});
            addLine(ground_.drape(line));
        }
    } else if (f.layer < map_.layers.size() && f.index < map_.layers[f.layer].features.size()) {
        const VectorLayer& l = map_.layers[f.layer];
        const Feature& ft = l.features[f.index];
        const bool building = isBuildingLayer(l);
        const BuildingZ bz = buildingZ(ft, &ground_);
        for (const auto& poly : ft.polygons)
            for (const auto& ring : poly) {
                std::vector<XY> xy;
                for (const auto& p : ring) xy.push_back(XY{p.x, p.y});
                if (xy.size() >= 3 && (xy.front().x != xy.back().x || xy.front().y != xy.back().y)) xy.push_back(xy.front());
                if (building) {
                    std::vector<osg::Vec3d> top, base;
                    for (const auto& p : xy) {
                        top.emplace_back(p.x, p.y, bz.top);
                        base.emplace_back(p.x, p.y, bz.base);
                    }
                    addLine(top);
                    addLine(base);
                    for (const auto& p : xy) addLine({osg::Vec3d(p.x, p.y, bz.base), osg::Vec3d(p.x, p.y, bz.top)});
                } else {
                    addLine(ground_.drape(xy));
                }
            }
        for (const auto& line : ft.lines) {
            std::vector<XY> xy;
            for (const auto& p : line) xy.push_back(XY{p.x, p.y});
            addLine(ground_.drape(xy));
        }
        for (const auto& p : ft.points) points.emplace_back(p.x, p.y, ground_.z(p.x, p.y));
    }
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    if (!v->empty()) {
        for (int pass = 0; pass < 2; ++pass) {
            auto g = newGeometry();
            g->setVertexArray(v.get());
            g->addPrimitiveSet(new osg::DrawArrays(GL_LINES, 0, v->size()));
            osg::ref_ptr<osg::Vec4Array> c = new osg::Vec4Array;
            c->push_back(pass == 0 ? osg::Vec4(0, 0, 0, 0.7f) : vec4(st.selection));
            g->setColorArray(c.get(), osg::Array::BIND_OVERALL);
            g->getOrCreateStateSet()->setAttributeAndModes(new osg::LineWidth(float((pass == 0 ? 8.0 : 4.0) * s)));
            geode->addChild(g.get());
        }
        selection_group_->addChild(geode.get());
    }
    for (const auto& p : points) {
        osg::ref_ptr<osg::AutoTransform> at = new osg::AutoTransform;
        at->setPosition(osg::Vec3d(p.x() - ox, p.y() - oy, p.z()));
        at->setAutoRotateMode(osg::AutoTransform::ROTATE_TO_SCREEN);
        at->setAutoScaleToScreen(true);
        at->setCullingActive(false);
        HudShapes ring;
        const float r = float(22 * s);
        for (int i = 0; i < 48; ++i) {
            const double a0 = 2 * kPi * i / 48, a1 = 2 * kPi * (i + 1) / 48;
            ring.line({float(r * std::cos(a0)), float(r * std::sin(a0))}, {float(r * std::cos(a1)), float(r * std::sin(a1))},
                      vec4(st.selection), float(4 * s));
        }
        osg::ref_ptr<osg::Group> g = new osg::Group;
        ring.addTo(g.get());
        at->addChild(g.get());
        selection_group_->addChild(at.get());
    }
}

void MapScene::update(const CameraPose& pose_in, int w, int h) {
    w = std::max(1, w);
    h = std::max(1, h);
    const MapCamera cam(pose_in, w, h);
    const CameraPose& pose = cam.pose();
    const double s = effectiveUiScale(opt_, w, h);
    if (s != applied_scale_) {
        applied_scale_ = s;
        for (int c = 0; c < kRoadClassCount; ++c) {
            const float px = static_cast<float>(opt_.style.roads[c].width_px * s);
            road_widths_[c]->setWidth(px);
            road_points_[c]->setSize(px);
            casing_widths_[c]->setWidth(px + float(3.0 * s));
            casing_points_[c]->setSize(px + float(3.0 * s));
        }
        for (auto& [lw, base] : scaled_widths_) lw->setWidth(float(base * s));
        for (auto& [pt, base] : scaled_points_) pt->setSize(float(base * s));
        for (auto& m : symbol_scales_) m->setMatrix(osg::Matrixd::scale(s, s, s));
        label_texts_.clear();  // recreated at the new size
        labels_group_->removeChildren(0, labels_group_->getNumChildren());
        road_label_texts_.clear();
        road_labels_group_->removeChildren(0, road_labels_group_->getNumChildren());
        selection_dirty_ = true;
    }
    if (w != last_w_ || h != last_h_) {
        last_w_ = w;
        last_h_ = h;
        hud_layout_ = computeHudLayout(map_, opt_, w, h);
        rebuildHudContent(w, h);
        last_scale_len_ = -1;
    }
    if (applied_view3d_ != (pose.view3d ? 1 : 0)) applyViewMode(pose.view3d);
    if (osg::ref_ptr<osg::Camera> c; camera_.lock(c)) {
        c->setViewMatrix(cam.viewMatrix());
        c->setProjectionMatrix(cam.projectionMatrix());
        c->setViewport(0, 0, w, h);
    }
    // Draped geometry: in 3D, pulled towards the eye by a fraction of its distance.
    if (pose.view3d) {
        const osg::Vec3d eye = cam.eye();
        bias_xform_->setMatrix(osg::Matrixd::translate(origin_ - eye) * osg::Matrixd::scale(1 - kEyeBias, 1 - kEyeBias, 1 - kEyeBias) *
                               osg::Matrixd::translate(eye));
    } else {
        bias_xform_->setMatrix(osg::Matrixd::translate(origin_));
    }
    // Layer visibility: the panel's toggle and the style's scale range.
    const double mpp = cam.metresPerPixel();
    const double den = scaleDenominator(mpp);
    int lod = 0;
    while (lod + 1 < kLineLods && kLineLodTol_m[lod + 1] <= mpp) ++lod;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        SceneLayer& L = layers_[i];
        const LayerStyle* style = L.kind == SceneLayerKind::Terrain ? &map_.terrains[L.source].style
                                  : L.kind == SceneLayerKind::Roads ? &map_.roads_style
                                                                    : &map_.layers[L.source].style;
        L.in_scale = style->visibleAtScale(den);
        // POIs and footpaths without a scale range of their own stay off at
        // overview scales (thousands of dots and tracks over a country are
        // noise); police never hide.
        const bool detail = L.kind == SceneLayerKind::Points ||
                            (L.kind == SceneLayerKind::Lines && map_.layers[L.source].kind == LayerKind::Paths);
        if (detail && style->max_scale <= 0 && style->min_scale <= 0) L.in_scale = den <= kDetailDefaultMaxScale;
        const unsigned mask = (L.visible && L.in_scale) ? ~0u : 0u;
        for (auto& part : layer_nodes_[i].parts) {
            unsigned m = mask;
            if (part.only3d && !pose.view3d) m = 0;
            if (part.max_mpp > 0 && mpp > part.max_mpp) m = 0;
            if (part.min_mpp > 0 && mpp <= part.min_mpp) m = 0;
            part.node->setNodeMask(m);
            for (std::size_t k = 0; k < part.lods.size(); ++k)
                part.lods[k]->setNodeMask(k == std::size_t(lod) ? ~0u : 0u);
        }
    }

    // Terrain tiles: the level whose cells are about kTerrainCellPx on screen.
    {
        const osg::Vec3d eye = cam.eye();
        const double m_per_px_at_1m = 2.0 * std::tan(MapCamera::kFovY_deg * 0.5 * kPi / 180.0) / h;
        for (auto& ln : layer_nodes_)
            for (auto& t : ln.terrain_lods) {
                const double tile_mpp =
                    pose.view3d ? std::max(1.0, (t.centre - eye).length() - t.radius) * m_per_px_at_1m : mpp;
                int level = 0;
                while (level + 1 < int(t.levels.size()) && t.cell_m * (1 << (level + 1)) <= kTerrainCellPx * tile_mpp)
                    ++level;
                for (std::size_t k = 0; k < t.levels.size(); ++k) t.levels[k]->setNodeMask(int(k) == level ? ~0u : 0u);
            }
    }
    // Building tiles in 3D: walls and roof edges only where they are big enough.
    if (pose.view3d) {
        const osg::Vec3d eye = cam.eye();
        const double px_per_m_at_1m = h / (2.0 * std::tan(MapCamera::kFovY_deg * 0.5 * kPi / 180.0));
        for (auto& ln : layer_nodes_)
            for (auto& t : ln.tile_lods) {
                const double d = std::max(1.0, (t.centre - eye).length() - t.radius);
                const double px = kTypicalBuilding_m * px_per_m_at_1m / d;
                if (t.walls) t.walls->setNodeMask(px >= kWallMinPx ? ~0u : 0u);
                if (t.edges) t.edges->setNodeMask(px >= kEdgeMinPx ? ~0u : 0u);
            }
    } else {
        for (auto& ln : layer_nodes_)
            for (auto& t : ln.tile_lods)
                if (t.edges) t.edges->setNodeMask(~0u);
    }
    hud_->setProjectionMatrixAsOrtho2D(0, w, 0, h);
    hud_->setViewport(0, 0, w, h);
    updateScaleBar(cam);
    // North arrow: screen "up" is the heading, so north turns counter-clockwise by it.
    const ScreenRect& na = hud_layout_.north_arrow;
    const double cx = 0.5 * (na.x0 + na.x1), cy = h - 0.5 * (na.y0 + na.y1);
    north_xform_->setMatrix(osg::Matrixd::rotate(pose.heading_deg * kPi / 180.0, 0, 0, 1) *
                            osg::Matrixd::translate(cx, cy, 0));
    if (north_label_) {
        const double a = pose.heading_deg * kPi / 180.0;
        const double r = 44 * s + 15 * s;
        north_label_->setPosition(osg::Vec3(float(cx - std::sin(a) * r), float(cy + std::cos(a) * r), 0));
    }
    for (const auto& o : overlays_) {
        if (osg::Node* n = o->node()) n->setNodeMask(o->visible() ? ~0u : 0u);
        o->update(cam, w, h);
    }
    if (selection_dirty_) updateSelection();
    // Labels keep clear of the panels (setLabelKeepOut) and of what overlays ask for.
    label_keep_out_ = extra_keep_out_;
    for (const auto& o : overlays_)
        if (o->visible()) o->labelKeepOut(label_keep_out_);
    updateLabels(cam);
    updateRoadLabels(cam);
}

void MapScene::updateLabels(const MapCamera& cam) {
    const MapStyle& st = opt_.style;
    const double s = applied_scale_;
    std::vector<bool> shown(map_.layers.size(), false);
    for (const auto& L : layers_)
        if (L.kind != SceneLayerKind::Terrain && L.kind != SceneLayerKind::Roads && L.source >= 0)
            shown[std::size_t(L.source)] = L.visible && L.in_scale;
    labels_ = placeSceneLabelsShown(map_, opt_, cam, label_keep_out_, &ground_,
                                    [&shown](std::size_t li) { return li < shown.size() && shown[li]; });
    // One Text per labelled feature, created on first use.
    if (label_texts_.empty()) {
        for (const auto& layer : map_.layers) {
            for (const auto& f : layer.features) {
                const AreaKind kind = areaKind(layer, f);
                if (f.label.empty() || f.polygons.empty() || kind == AreaKind::WaterLine || isBuildingLayer(layer)) {
                    label_texts_.emplace_back();
                    continue;
                }
                const bool water = kind == AreaKind::Water;
                const double px = (water ? st.water_label_px : st.district_label_px) * s;
                auto t = makeText(f.label, float(px), water ? st.water_label : st.district_label, true,
                                  st.district_label_outline);
                t->setBackdropOffset(float(st.district_label_outline_px / st.district_label_px));
                t->setNodeMask(0);
                labels_group_->addChild(t.get());
                label_texts_.push_back(t);
            }
        }
    }
    for (auto& t : label_texts_)
        if (t) t->setNodeMask(0);
    std::vector<std::size_t> layer_start(map_.layers.size() + 1, 0);
    for (std::size_t i = 0; i < map_.layers.size(); ++i)
        layer_start[i + 1] = layer_start[i] + map_.layers[i].features.size();
    for (const auto& lp : labels_) {
        const std::size_t slot = layer_start[lp.layer] + lp.feature;
        if (slot >= label_texts_.size() || !label_texts_[slot]) continue;
        auto& t = label_texts_[slot];
        t->setPosition(osg::Vec3(float(lp.x - origin_.x()), float(lp.y - origin_.y()), float(ground_.z(lp.x, lp.y))));
        t->setNodeMask(~0u);
    }
}

// 3D: is a labelled road spot hidden behind the terrain or a building?
// Building boxes on screen are projected lazily, once per frame.
std::function<bool(const RoadLabelPlacement&)> MapScene::makeOcclusionTest(const MapCamera& cam) {
    struct Box {
        ScreenRect rect;
        double near_m;
        const Feature* f;
        BuildingZ z;
    };
    auto boxes = std::make_shared<std::optional<std::vector<Box>>>();
    const osg::Vec3d eye = cam.eye();
    return [this, cam, eye, boxes](const RoadLabelPlacement& lp) {
        const osg::Vec3d p(lp.x, lp.y, lp.z);
        const double dist = (p - eye).length();
        // Terrain: a sample along the sight line under the ground.
        if (!ground_.empty()) {
            for (int k = 1; k < 48; ++k) {
                const osg::Vec3d q = eye + (p - eye) * (k / 48.0);
                if (ground_.z(q.x(), q.y()) > q.z() + 2.0) return true;
            }
        }
        if (!*boxes) {
            boxes->emplace();
            for (std::size_t i = 0; i < layers_.size(); ++i) {
                const SceneLayer& L = layers_[i];
                if (L.kind != SceneLayerKind::Buildings || !L.visible || !L.in_scale) continue;
                for (const Feature& f : map_.layers[std::size_t(L.source)].features) {
                    if (f.polygons.empty() || f.polygons.front().empty()) continue;
                    const BuildingZ bz = buildingZ(f, &ground_);
                    Bounds fb;
                    for (const auto& g : f.polygons.front().front()) fb.add(g.x, g.y);
                    ScreenRect r{1e18, 1e18, -1e18, -1e18};
                    bool ok = true;
                    for (double x : {fb.min_x, fb.max_x})
                        for (double y : {fb.min_y, fb.max_y})
                            for (double z : {bz.base, bz.top}) {
                                const auto s = cam.groundToScreen(x, y, z);
                                if (!s) ok = false;
                                else {
                                    r.x0 = std::min(r.x0, s->x), r.y0 = std::min(r.y0, s->y);
                                    r.x1 = std::max(r.x1, s->x), r.y1 = std::max(r.y1, s->y);
                                }
                            }
                    if (!ok || r.x1 < 0 || r.y1 < 0 || r.x0 > cam.width() || r.y0 > cam.height()) continue;
                    const double cx = std::clamp(eye.x(), fb.min_x, fb.max_x), cy = std::clamp(eye.y(), fb.min_y, fb.max_y);
                    const double near_m = std::hypot(cx - eye.x(), cy - eye.y());
                    (*boxes)->push_back(Box{r, near_m, &f, bz});
                }
            }
        }
        const double horiz = std::hypot(p.x() - eye.x(), p.y() - eye.y());
        for (const Box& b : **boxes) {
            if (!b.rect.contains(lp.screen.x, lp.screen.y) || b.near_m >= horiz) continue;
            // The label's spot is inside the building's drawn shape on screen
            // and the building is nearer: hidden.
            for (const auto& poly : b.f->polygons) {
                if (poly.empty()) continue;
                std::vector<ScreenPoint> top, base;
                for (const auto& g : poly.front()) {
                    const auto a = cam.groundToScreen(g.x, g.y, b.z.top), c = cam.groundToScreen(g.x, g.y, b.z.base);
                    if (a && c) top.push_back(*a), base.push_back(*c);
                }
                auto inside = [&](const std::vector<ScreenPoint>& poly2) {
                    bool in = false;
                    for (std::size_t i = 0, j = poly2.size() - 1; i < poly2.size(); j = i++)
                        if ((poly2[i].y > lp.screen.y) != (poly2[j].y > lp.screen.y) &&
                            lp.screen.x < (poly2[j].x - poly2[i].x) * (lp.screen.y - poly2[i].y) / (poly2[j].y - poly2[i].y) + poly2[i].x)
                            in = !in;
                    return in;
                };
                if (top.size() >= 3 && inside(top)) return true;
                for (std::size_t i = 0; i + 1 < top.size(); ++i)
                    if (inside({base[i], base[i + 1], top[i + 1], top[i]})) return true;
            }
        }
        (void)dist;
        return false;
    };
}

void MapScene::updateRoadLabels(const MapCamera& cam) {
    road_labels_.clear();
    const SceneLayer* roads = nullptr;
    for (const auto& L : layers_)
        if (L.kind == SceneLayerKind::Roads) roads = &L;
    if (opt_.road_labels && roads && roads->visible && roads->in_scale) {
        const MapStyle& st = opt_.style;
        const double s = applied_scale_;
        RoadLabelParams p;
        p.label_px = st.road_label_px * s;
        const double area = double(cam.width()) * cam.height() / (1920.0 * 1080.0);
        p.max_labels = static_cast<std::size_t>(std::clamp(40.0 * area / (s * s), 8.0, 80.0));
        p.min_spacing_px = 360 * s;
        p.zh = lang_ == HudLang::Zh;
        p.ground = &ground_;
        for (const ScreenRect& r : hud_layout_.all())
            if (!r.empty()) p.keep_out.push_back(r.grown(6 * s));
        for (const ScreenRect& r : label_keep_out_)
            if (!r.empty()) p.keep_out.push_back(r.grown(6 * s));
        for (const auto& lp : labels_) p.occupied.push_back(labelBox(lp.text, lp.px, lp.screen).grown(4 * s));
        // Local streets get names only when zoomed in.
        const double mpp = cam.metresPerPixel();
        p.class_visible = [mpp](RoadClass c) {
            if (c == RoadClass::Path) return mpp < 1.5;
            if (c >= RoadClass::Residential) return mpp < 4.0;
            if (c >= RoadClass::Tertiary) return mpp < 12.0;
            return true;
        };
        if (cam.pose().view3d) p.occluded = makeOcclusionTest(cam);
        auto& chains = road_chains_[p.zh ? 0 : 1];
        if (!chains) chains = buildRoadChains(map_, p.zh);
        p.chains = &*chains;
        road_labels_ = placeRoadLabels(map_, cam, p);
    }
    for (auto& [text, pool] : road_label_texts_)
        for (auto& t : pool) t->setNodeMask(0);
    std::map<std::string, std::size_t> used;
    for (const auto& lp : road_labels_) {
        auto& pool = road_label_texts_[lp.text];
        std::size_t& k = used[lp.text];
        if (k >= pool.size()) {
            const MapStyle& st = opt_.style;
            auto t = makeText(lp.text, float(lp.px), st.road_label, true, st.road_label_outline);
            t->setBackdropOffset(0.1f);
            road_labels_group_->addChild(t.get());
            pool.push_back(t);
        }
        auto& t = pool[k++];
        t->setPosition(osg::Vec3(float(lp.x - origin_.x()), float(lp.y - origin_.y()), float(lp.z)));
        t->setRotation(osg::Quat(lp.angle_rad, osg::Vec3(0, 0, 1)));
        t->setNodeMask(~0u);
    }
}

void MapScene::rebuildHudContent(int w, int h) {
    if (hud_static_) hud_->removeChild(hud_static_.get());
    hud_static_ = new osg::Group;
    hud_->addChild(hud_static_.get());
    const MapStyle& st = opt_.style;
    const HudLayout& L = hud_layout_;
    const double s = L.scale;
    const osg::Vec4 panel = vec4(st.hud_panel);
    const osg::Vec4 accent = vec4(st.hud_accent);
    const float border = float(std::max(1.0, 1.5 * s));
    auto Y = [h](double y) { return h - y; };  // top-left y → HUD y (up)
    HudShapes shapes;

    auto panelBox = [&](const ScreenRect& r) {
        shapes.rect(r.x0, Y(r.y1), r.x1, Y(r.y0), panel);
        shapes.frame(r.x0, Y(r.y1), r.x1, Y(r.y0), vec4(st.hud_accent, 0.55f), border);
        shapes.rect(r.x0, Y(r.y1), r.x0 + 5 * s, Y(r.y0), accent);  // accent strip on the left
    };

    // Title + synthetic tag.
    if (!L.title.empty()) {
        panelBox(L.title);
        const double pad = 14 * s;
        auto t = makeText(titleText(map_, lang_), float(st.hud_title_px * s), st.hud_text, false, st.hud_text_outline);
        t->setAlignment(osgText::Text::LEFT_TOP);
        t->setPosition(osg::Vec3(float(L.title.x0 + pad + 6 * s), float(Y(L.title.y0 + pad)), 0));
        hud_static_->addChild(t.get());
        if (map_.synthetic) {
            const double tag_px = st.hud_text_px * s;
            const std::string tag = hudText(HudText::SyntheticTag, lang_);
            const double y0 = L.title.y0 + pad + st.hud_title_px * s * 1.25 + 8 * s;
            const double tw = estimateTextWidth_px(tag, tag_px) + 2 * pad;
            const double x0 = L.title.x0 + pad + 6 * s;
            shapes.rect(x0, Y(y0 + tag_px * 1.6), x0 + tw, Y(y0), vec4(st.synthetic_tag, 0.18f));
            shapes.frame(x0, Y(y0 + tag_px * 1.6), x0 + tw, Y(y0), vec4(st.synthetic_tag), border);
            auto tt = makeText(tag, float(tag_px), st.synthetic_tag, false, Color8{0, 0, 0, 0});
            tt->setAlignment(osgText::Text::LEFT_CENTER);
            tt->setPosition(osg::Vec3(float(x0 + pad), float(Y(y0 + tag_px * 0.8)), 0));
            hud_static_->addChild(tt.get());
        }
    }

    // Scale bar panel (the bar itself is rebuilt in updateScaleBar).
    panelBox(L.scale_bar);

    // North arrow: a ring and a two-colour needle that rotates.
    {
        const ScreenRect& r = L.north_arrow;
        panelBox(r);
        north_xform_ = new osg::MatrixTransform;
        HudShapes needle;
        const float R = float(44 * s);
        const osg::Vec4 ring = vec4(st.hud_accent, 0.9f);
        for (int i = 0; i < 64; ++i) {
            const double a0 = 2 * kPi * i / 64, a1 = 2 * kPi * (i + 1) / 64;
            needle.line({float(R * std::cos(a0)), float(R * std::sin(a0))},
                        {float(R * std::cos(a1)), float(R * std::sin(a1))}, ring, float(2 * s));
        }
        const float tip = R * 0.92f, half = R * 0.30f;
        needle.tri({0, tip}, {-half, 0}, {0, 0}, vec4(st.north_arrow));
        needle.tri({0, tip}, {0, 0}, {half, 0}, vec4(Color8{190, 50, 42}));
        needle.tri({0, -tip}, {0, 0}, {-half, 0}, vec4(Color8{200, 208, 220}));
        needle.tri({0, -tip}, {half, 0}, {0, 0}, vec4(Color8{140, 148, 160}));
        osg::ref_ptr<osg::Group> g = new osg::Group;
        needle.addTo(g.get());
        north_xform_->addChild(g.get());
        hud_static_->addChild(north_xform_.get());
        north_label_ = makeText(hudText(HudText::North, lang_), float(24 * s), st.hud_text, false, st.hud_text_outline);
        hud_static_->addChild(north_label_.get());
    }

    // Legend.
    if (!L.legend.empty()) {
        panelBox(L.legend);
        const LegendMetrics lm = legendMetrics(s);
        auto title = makeText(hudText(HudText::LegendTitle, lang_), float(lm.title_px), st.hud_text, false,
                              st.hud_text_outline);
        title->setAlignment(osgText::Text::LEFT_CENTER);
        title->setPosition(osg::Vec3(float(L.legend.x0 + lm.pad + 6 * s), float(Y(L.legend.y0 + lm.pad + lm.title_h * 0.45)), 0));
        hud_static_->addChild(title.get());
        double y = L.legend.y0 + lm.pad + lm.title_h;
        const double sx0 = L.legend.x0 + lm.pad + 6 * s, sx1 = sx0 + lm.swatch_w;
        for (const LegendRow& r : legendRows(map_, st, lang_)) {
            const float yc = float(Y(y + lm.row_h * 0.5));
            const osg::Vec4 col = vec4(r.colour);
            const float width = float(std::max(1.0, r.width * s));
            switch (r.kind) {
                case Swatch::Area:
                    shapes.rect(sx0, yc - 8 * s, sx1, yc + 8 * s, col);
                    if (r.line.a > 0) shapes.frame(sx0, yc - 8 * s, sx1, yc + 8 * s, vec4(r.line), width);
                    break;
                case Swatch::Point:
                    for (int i = 0; i < 20; ++i) {
                        const double a0 = 2 * kPi * i / 20, a1 = 2 * kPi * (i + 1) / 20;
                        const float cx = float(0.5 * (sx0 + sx1));
                        for (const auto& [rad, c] : {std::pair{6.0 * s, vec4(st.poi_outline)}, std::pair{4.0 * s, col}})
                            shapes.tri({cx, yc}, {float(cx + rad * std::cos(a0)), float(yc + rad * std::sin(a0))},
                                       {float(cx + rad * std::cos(a1)), float(yc + rad * std::sin(a1))}, c);
                    }
                    break;
                case Swatch::Ramp:
                    for (int i = 0; i < 8; ++i)
                        shapes.rect(sx0 + (sx1 - sx0) * i / 8, yc - 8 * s, sx0 + (sx1 - sx0) * (i + 1) / 8, yc + 8 * s,
                                    vec4(terrainColour(3000.0 * i / 7, 1.25)));
                    break;
                case Swatch::Building: {
                    // A small extruded block: lit roof, two shaded walls.
                    const float bx0 = float(sx0 + 14 * s), bx1 = float(sx1 - 14 * s), d = float(8 * s);
                    const float yb = yc - float(10 * s), yt = yc + float(6 * s);
                    auto shade = [&](float k) { return osg::Vec4(col.r() * k, col.g() * k, col.b() * k, 1.0f); };
                    shapes.rect(bx0, yb, bx1, yt, shade(0.62f));
                    shapes.tri({bx1, yb}, {bx1 + d, yb + d}, {bx1 + d, yt + d}, shade(0.45f));
                    shapes.tri({bx1, yb}, {bx1 + d, yt + d}, {bx1, yt}, shade(0.45f));
                    shapes.tri({bx0, yt}, {bx1, yt}, {bx1 + d, yt + d}, shade(1.06f));
                    shapes.tri({bx0, yt}, {bx1 + d, yt + d}, {bx0 + d, yt + d}, shade(1.06f));
                    break;
                }
                case Swatch::Police: {
                    const float cx = float(0.5 * (sx0 + sx1)), k = float(s * 0.5);
                    const osg::Vec2 c(cx, yc + 2 * k);
                    const std::vector<osg::Vec2> sh = {{-17, 18}, {17, 18}, {17, -2}, {12, -12}, {0, -21}, {-12, -12}, {-17, -2}};
                    for (std::size_t i = 0; i < sh.size(); ++i) {
                        const osg::Vec2 a = c + sh[i] * k * 1.12f, b = c + sh[(i + 1) % sh.size()] * k * 1.12f;
                        shapes.tri(c, a, b, vec4(st.police_border));
                    }
                    for (std::size_t i = 0; i < sh.size(); ++i) {
                        const osg::Vec2 a = c + sh[i] * k * 0.95f, b = c + sh[(i + 1) % sh.size()] * k * 0.95f;
                        shapes.tri(c, a, b, col);
                    }
                    break;
                }
                case Swatch::Glow:
                    shapes.line({float(sx0), yc}, {float(sx1), yc}, osg::Vec4(col.r(), col.g(), col.b(), 0.22f), width * 3);
                    shapes.line({float(sx0), yc}, {float(sx1), yc}, col, width);
                    break;
                case Swatch::Line:
                    shapes.line({float(sx0), yc}, {float(sx1), yc}, col, width);
                    break;
            }
            auto t = makeText(r.text, float(lm.label_px), st.hud_text, false, Color8{0, 0, 0, 0});
            t->setAlignment(osgText::Text::LEFT_CENTER);
            t->setPosition(osg::Vec3(float(sx1 + lm.gap), yc, 0));
            hud_static_->addChild(t.get());
            y += lm.row_h;
        }
    }

    // Shapes go under the texts.
    osg::ref_ptr<osg::Group> shapes_group = new osg::Group;
    shapes.addTo(shapes_group.get());
    hud_static_->insertChild(0, shapes_group.get());
    scale_bar_ = nullptr;
    (void)w;
}

void MapScene::updateScaleBar(const MapCamera& cam) {
    const HudLayout& L = hud_layout_;
    const double mpp = cam.metresPerPixel();
    const double len = niceScaleLength_m(mpp, L.scale_bar_max_px);
    const double px = len > 0 ? len / mpp : 0;
    if (scale_bar_ && len == last_scale_len_ && std::abs(px - last_scale_px_) < 0.25) return;
    last_scale_len_ = len;
    last_scale_px_ = px;
    if (scale_bar_) hud_static_->removeChild(scale_bar_.get());
    scale_bar_ = new osg::Group;
    hud_static_->addChild(scale_bar_.get());
    if (!(px > 0)) return;

    const MapStyle& st = opt_.style;
    const double s = L.scale, h = last_h_;
    const ScreenRect& r = L.scale_bar;
    const double pad = 14 * s;
    const double x0 = r.x0 + pad + 10 * s, y_bar = h - (r.y1 - pad - 6 * s);  // bar bottom, y up
    const double bar_h = 12 * s;
    HudShapes shapes;
    // Four alternating segments, framed; ticks at both ends.
    const osg::Vec4 light = vec4(st.hud_text), dark = vec4(Color8{30, 40, 54});
    for (int i = 0; i < 4; ++i)
        shapes.rect(x0 + px * i / 4, y_bar, x0 + px * (i + 1) / 4, y_bar + bar_h, (i % 2 == 0) ? light : dark);
    shapes.frame(x0, y_bar, x0 + px, y_bar + bar_h, light, float(std::max(1.0, 1.5 * s)));
    shapes.addTo(scale_bar_.get());
    auto t = makeText(formatDistance(len), float(st.hud_text_px * 1.15 * s), st.hud_text, false, st.hud_text_outline);
    t->setAlignment(osgText::Text::LEFT_BOTTOM);
    t->setPosition(osg::Vec3(float(x0), float(y_bar + bar_h + 8 * s), 0));
    scale_bar_->addChild(t.get());
}

}  // namespace jingwei
