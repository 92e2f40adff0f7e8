#include "render/map_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <osg/BlendFunc>
#include <osg/Geode>
#include <osg/Geometry>
#include <osg/LineWidth>
#include <osg/Point>
#include <osg/PrimitiveSet>
#include <osgText/Font>
#include <osgText/Text>
#include <osgUtil/Tessellator>

#include "core/error.h"

namespace jingwei {

namespace {

constexpr double kPi = 3.14159265358979323846;

osg::Vec4 vec4(const Color8& c) { return osg::Vec4(c.rf(), c.gf(), c.bf(), c.af()); }
osg::Vec4 vec4(const Color8& c, float alpha) { return osg::Vec4(c.rf(), c.gf(), c.bf(), alpha); }

// Render bins: fills under outlines under roads under labels.
constexpr int kBinLand = 1;
constexpr int kBinWater = 2;
constexpr int kBinWaterLine = 3;
constexpr int kBinOutlineGlow = 4;
constexpr int kBinOutline = 5;
constexpr int kBinRoadsBase = 10;  // + (Count-1-class): Other lowest, Motorway highest
constexpr int kBinLabels = 40;

void setBin(osg::Node* n, int bin, bool override_children = false) {
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

bool hasArea(const MapModel& map, AreaKind kind) {
    for (const auto& l : map.layers)
        for (const auto& f : l.features)
            if (!f.polygons.empty() && areaKind(l, f) == kind) return true;
    return false;
}
bool hasDistricts(const MapModel& map) { return hasArea(map, AreaKind::District); }
bool hasWater(const MapModel& map) { return hasArea(map, AreaKind::Water); }

std::string titleText(const MapModel& map) { return map.name.empty() ? std::string("经纬 Jingwei") : map.name; }

// Legend metrics (shared by the layout and the drawing).
struct LegendMetrics {
    double pad, row_h, title_h, swatch_w, gap, label_px, title_px;
};
LegendMetrics legendMetrics(double s) {
    return LegendMetrics{14 * s, 34 * s, 44 * s, 64 * s, 14 * s, 22 * s, 24 * s};
}

}  // namespace

double effectiveUiScale(const MapSceneOptions& opt, int /*w*/, int h) {
    if (opt.ui_scale > 0) return opt.ui_scale;
    return std::clamp(h / 1080.0, 0.6, 4.0);
}

Bounds homeBounds(const MapModel& map) {
    Bounds b = map.roads.boundsXY();
    if (b.empty()) b = map.boundsXY();
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
        double tw = estimateTextWidth_px(titleText(map), title_px);
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
        const auto classes = classesPresent(map);
        const int rows = static_cast<int>(classes.size()) + (hasDistricts(map) ? 1 : 0) + (hasWater(map) ? 1 : 0);
        if (rows > 0) {
            const LegendMetrics lm = legendMetrics(s);
            const double title_w = estimateTextWidth_px(hudText(HudText::LegendTitle, lang), lm.title_px);
            double label_w = 0;
            for (RoadClass c : classes)
                label_w = std::max(label_w, estimateTextWidth_px(roadClassLabel(c, lang), lm.label_px));
            if (hasDistricts(map))
                label_w = std::max(label_w, estimateTextWidth_px(hudText(HudText::DistrictBoundary, lang), lm.label_px));
            if (hasWater(map))
                label_w = std::max(label_w, estimateTextWidth_px(hudText(HudText::Water, lang), lm.label_px));
            const double lw = 2 * lm.pad + 6 * s + std::max(title_w, lm.swatch_w + lm.gap + label_w) + 8 * s;
            const double lh = 2 * lm.pad + lm.title_h + rows * lm.row_h;
            L.legend = {w - m - lw, h - m - lh, w - m, h - m};
        }
    }
    return L;
}

std::vector<LabelPlacement> placeSceneLabels(const MapModel& map, const MapSceneOptions& opt, const MapCamera& cam,
                                             const std::vector<ScreenRect>& extra_keep_out) {
    const HudLayout hud = computeHudLayout(map, opt, cam.width(), cam.height());
    const double s = hud.scale;
    LabelPlacementParams params;
    params.label_px = opt.style.district_label_px * s;
    const MapStyle style = opt.style;
    params.label_px_for = [style, s](const VectorLayer& l, const Feature& f) {
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

MapScene::MapScene(const MapModel& map, const MapSceneOptions& options)
    : map_(map), opt_(options), lang_(parseHudLanguage(options.language)) {
    const std::string font_path = mapFontPath();
    font_ = osgText::readRefFontFile(font_path);
    if (!font_) throw Error(font_path, "", "OpenSceneGraph could not load the font (osgdb_freetype plugin missing?)");

    const Bounds b = map_.boundsXY();
    origin_ = b.empty() ? osg::Vec3d() : osg::Vec3d(std::round(b.centerX()), std::round(b.centerY()), 0.0);

    root_ = new osg::Group;
    osg::StateSet* ss = root_->getOrCreateStateSet();
    ss->setMode(GL_LIGHTING, osg::StateAttribute::OFF | osg::StateAttribute::OVERRIDE);
    ss->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF | osg::StateAttribute::OVERRIDE);
    ss->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    ss->setMode(GL_BLEND, osg::StateAttribute::ON);
    ss->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));

    map_xform_ = new osg::MatrixTransform(osg::Matrixd::translate(origin_));
    root_->addChild(map_xform_.get());

    buildDistricts();
    buildRoads();

    labels_group_ = new osg::Group;
    labels_group_->setCullingActive(false);
    setBin(labels_group_.get(), kBinLabels, true);
    map_xform_->addChild(labels_group_.get());

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

void MapScene::buildDistricts() {
    const MapStyle& st = opt_.style;
    osg::ref_ptr<osg::Geode> fills = new osg::Geode;
    osg::ref_ptr<osg::Geode> outlines = new osg::Geode;
    osg::ref_ptr<osg::Geode> glows = new osg::Geode;
    const double ox = origin_.x(), oy = origin_.y();

    auto ringVerts = [&](const std::vector<GeoPoint>& ring, osg::Vec3Array* v) {
        const std::size_t start = v->size();
        for (const auto& p : ring) v->push_back(osg::Vec3(float(p.x - ox), float(p.y - oy), 0.f));
        // Drop a repeated closing point (GeoJSON rings are closed).
        if (v->size() - start >= 2 && (*v)[v->size() - 1] == (*v)[start]) v->pop_back();
        return std::pair<std::size_t, std::size_t>(start, v->size() - start);
    };

    osg::ref_ptr<osg::Geode> water_fills = new osg::Geode;
    osg::ref_ptr<osg::Geode> water_lines = new osg::Geode;
    auto overall = [](osg::Geometry* g, const osg::Vec4& c) {
        auto a = new osg::Vec4Array;
        a->push_back(c);
        g->setColorArray(a, osg::Array::BIND_OVERALL);
    };
    for (const auto& layer : map_.layers) {
        for (const auto& f : layer.features) {
            const AreaKind kind = areaKind(layer, f);
            const bool water = kind != AreaKind::District;
            if (!f.polygons.empty()) {
                auto fill = newGeometry();
                auto fv = new osg::Vec3Array;
                fill->setVertexArray(fv);
                auto outline = newGeometry();
                auto ov = new osg::Vec3Array;
                outline->setVertexArray(ov);
                for (const auto& poly : f.polygons)
                    for (const auto& ring : poly) {
                        if (ring.size() < 3) continue;
                        auto [s, n] = ringVerts(ring, fv);
                        if (n >= 3) fill->addPrimitiveSet(new osg::DrawArrays(GL_POLYGON, s, n));
                        auto [s2, n2] = ringVerts(ring, ov);
                        if (n2 >= 2) outline->addPrimitiveSet(new osg::DrawArrays(GL_LINE_LOOP, s2, n2));
                    }
                if (fill->getNumPrimitiveSets() > 0) {
                    osgUtil::Tessellator tess;
                    tess.setTessellationType(osgUtil::Tessellator::TESS_TYPE_GEOMETRY);
                    tess.setWindingType(osgUtil::Tessellator::TESS_WINDING_ODD);
                    tess.setBoundaryOnly(false);
                    tess.retessellatePolygons(*fill);
                    overall(fill.get(), vec4(water ? st.water_fill : st.land));
                    (water ? water_fills : fills)->addChild(fill.get());
                }
                if (outline->getNumPrimitiveSets() > 0) {
                    if (water) {
                        overall(outline.get(), vec4(st.water_outline));
                        water_lines->addChild(outline.get());
                    } else {
                        overall(outline.get(), vec4(st.district_outline));
                        outlines->addChild(outline.get());
                        // A soft glow: the same rings, wide and faint, underneath.
                        osg::ref_ptr<osg::Geometry> glow = new osg::Geometry(*outline, osg::CopyOp::SHALLOW_COPY);
                        overall(glow.get(), vec4(st.district_outline, 0.22f));
                        glows->addChild(glow.get());
                    }
                }
            }
            // The feature's polylines as one line-strip geometry in one colour.
            auto lineStrips = [&](const Color8& colour) {
                auto geom = newGeometry();
                auto v = new osg::Vec3Array;
                geom->setVertexArray(v);
                for (const auto& line : f.lines) {
                    if (line.size() < 2) continue;
                    const std::size_t s = v->size();
                    for (const auto& p : line) v->push_back(osg::Vec3(float(p.x - ox), float(p.y - oy), 0.f));
                    geom->addPrimitiveSet(new osg::DrawArrays(GL_LINE_STRIP, s, line.size()));
                }
                overall(geom.get(), vec4(colour));
                return geom;
            };
            if (!f.lines.empty() && kind != AreaKind::WaterLine) {
                outlines->addChild(lineStrips(st.district_outline).get());
            } else if (!f.lines.empty() && f.polygons.empty() && f.attributes.count("kind") == 0) {
                // A water layer of lines only (no surface): draw them as water lines.
                water_lines->addChild(lineStrips(st.water_outline).get());
            }
        }
    }
    setBin(water_fills.get(), kBinWater);
    setBin(water_lines.get(), kBinWaterLine);
    water_line_width_ = new osg::LineWidth(st.water_outline_px);
    water_lines->getOrCreateStateSet()->setAttributeAndModes(water_line_width_.get());
    map_xform_->addChild(fills.get());
    map_xform_->addChild(water_fills.get());
    map_xform_->addChild(water_lines.get());
    setBin(fills.get(), kBinLand);
    setBin(glows.get(), kBinOutlineGlow);
    setBin(outlines.get(), kBinOutline);
    outline_width_ = new osg::LineWidth(st.district_outline_px);
    glow_width_ = new osg::LineWidth(st.district_outline_px * 3.0f);
    outlines->getOrCreateStateSet()->setAttributeAndModes(outline_width_.get());
    glows->getOrCreateStateSet()->setAttributeAndModes(glow_width_.get());
    map_xform_->addChild(glows.get());
    map_xform_->addChild(outlines.get());
}

void MapScene::buildRoads() {
    const RoadData& rd = map_.roads;
    const double ox = origin_.x(), oy = origin_.y();
    std::array<osg::ref_ptr<osg::Vec3Array>, kRoadClassCount> verts;
    std::array<osg::ref_ptr<osg::DrawElementsUInt>, kRoadClassCount> segs;
    for (int c = 0; c < kRoadClassCount; ++c) {
        verts[c] = new osg::Vec3Array;
        segs[c] = new osg::DrawElementsUInt(GL_LINES);
    }
    // Each two-way street is two directed edges with the same shape: draw it once.
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, long long>> drawn;
    for (const auto& e : rd.edges) {
        const int c = static_cast<int>(e.road_class);
        if (c < 0 || c >= kRoadClassCount) continue;
        std::vector<const GeoPoint*> pts;
        if (e.shape_count >= 2 && std::size_t(e.shape_begin) + e.shape_count <= rd.shape.size()) {
            for (std::uint32_t i = 0; i < e.shape_count; ++i) pts.push_back(&rd.shape[e.shape_begin + i]);
        } else if (e.from < rd.nodes.size() && e.to < rd.nodes.size()) {
            pts = {&rd.nodes[e.from].pos, &rd.nodes[e.to].pos};
        } else {
            continue;
        }
        double sx = 0, sy = 0;
        for (const auto* p : pts) {
            sx += p->x;
            sy += p->y;
        }
        const auto key = std::make_tuple(std::min(e.from, e.to), std::max(e.from, e.to),
                                         static_cast<std::uint32_t>(pts.size()),
                                         static_cast<long long>(std::llround((sx + sy) * 10.0)));
        if (!drawn.insert(key).second) continue;
        auto& v = *verts[c];
        const auto base = static_cast<unsigned>(v.size());
        for (const auto* p : pts) v.push_back(osg::Vec3(float(p->x - ox), float(p->y - oy), 0.f));
        for (unsigned i = 0; i + 1 < pts.size(); ++i) {
            segs[c]->push_back(base + i);
            segs[c]->push_back(base + i + 1);
        }
    }
    roads_group_ = new osg::Group;
    for (int c = kRoadClassCount - 1; c >= 0; --c) {
        const RoadStyle& rs = opt_.style.roads[c];
        road_widths_[c] = new osg::LineWidth(rs.width_px);
        road_points_[c] = new osg::Point(rs.width_px);
        if (segs[c]->empty()) continue;
        osg::ref_ptr<osg::Geode> geode = new osg::Geode;
        auto geom = newGeometry();
        geom->setVertexArray(verts[c].get());
        auto col = new osg::Vec4Array;
        col->push_back(vec4(rs.color));
        geom->setColorArray(col, osg::Array::BIND_OVERALL);
        geom->addPrimitiveSet(segs[c].get());
        if (rs.round_joins) geom->addPrimitiveSet(new osg::DrawArrays(GL_POINTS, 0, verts[c]->size()));
        geode->addChild(geom.get());
        osg::StateSet* ss = geode->getOrCreateStateSet();
        ss->setAttributeAndModes(road_widths_[c].get());
        if (rs.round_joins) {
            ss->setAttributeAndModes(road_points_[c].get());
            ss->setMode(GL_POINT_SMOOTH, osg::StateAttribute::ON);
        }
        setBin(geode.get(), kBinRoadsBase + (kRoadClassCount - 1 - c));
        road_geodes_[c] = geode;
        roads_group_->addChild(geode.get());
    }
    map_xform_->addChild(roads_group_.get());
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
    root_->addChild(hud_.get());
}

void MapScene::bindCamera(osg::Camera* camera) {
    camera_ = camera;
    if (!camera) return;
    camera->setClearColor(vec4(opt_.style.background));
    camera->setClearMask(GL_COLOR_BUFFER_BIT);  // 2D layers: depth is never tested
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
}

void MapScene::setShowLegend(bool show) {
    if (opt_.show_legend == show) return;
    opt_.show_legend = show;
    last_w_ = last_h_ = -1;
}

void MapScene::update(const CameraPose& pose, int w, int h) {
    w = std::max(1, w);
    h = std::max(1, h);
    const double s = effectiveUiScale(opt_, w, h);
    if (s != applied_scale_) {
        applied_scale_ = s;
        for (int c = 0; c < kRoadClassCount; ++c) {
            const float px = static_cast<float>(opt_.style.roads[c].width_px * s);
            road_widths_[c]->setWidth(px);
            road_points_[c]->setSize(px);
        }
        outline_width_->setWidth(static_cast<float>(opt_.style.district_outline_px * s));
        glow_width_->setWidth(static_cast<float>(opt_.style.district_outline_px * 3.0 * s));
        water_line_width_->setWidth(static_cast<float>(opt_.style.water_outline_px * s));
        label_texts_.clear();  // recreated at the new size
        labels_group_->removeChildren(0, labels_group_->getNumChildren());
    }
    if (w != last_w_ || h != last_h_) {
        last_w_ = w;
        last_h_ = h;
        hud_layout_ = computeHudLayout(map_, opt_, w, h);
        rebuildHudContent(w, h);
        last_scale_len_ = -1;
    }
    const MapCamera cam(pose, w, h);
    if (osg::ref_ptr<osg::Camera> c; camera_.lock(c)) {
        c->setViewMatrix(cam.viewMatrix());
        c->setProjectionMatrix(cam.projectionMatrix());
        c->setViewport(0, 0, w, h);
    }
    hud_->setProjectionMatrixAsOrtho2D(0, w, 0, h);
    hud_->setViewport(0, 0, w, h);

    updateScaleBar(cam);
    // North arrow: screen "up" is the heading, so north turns counter-clockwise by it.
    const ScreenRect& na = hud_layout_.north_arrow;
    const double cx = 0.5 * (na.x0 + na.x1), cy = h - 0.5 * (na.y0 + na.y1);
    north_xform_->setMatrix(osg::Matrixd::rotate(cam.pose().heading_deg * kPi / 180.0, 0, 0, 1) *
                            osg::Matrixd::translate(cx, cy, 0));
    if (north_label_) {
        const double a = cam.pose().heading_deg * kPi / 180.0;
        const double r = 44 * s + 15 * s;
        north_label_->setPosition(osg::Vec3(float(cx - std::sin(a) * r), float(cy + std::cos(a) * r), 0));
    }
    updateLabels(cam);
}

void MapScene::updateLabels(const MapCamera& cam) {
    const MapStyle& st = opt_.style;
    const double s = applied_scale_;
    labels_ = placeSceneLabels(map_, opt_, cam, extra_keep_out_);
    // One Text per labelled feature, created on first use.
    if (label_texts_.empty()) {
        for (const auto& layer : map_.layers) {
            for (const auto& f : layer.features) {
                const AreaKind kind = areaKind(layer, f);
                if (f.label.empty() || f.polygons.empty() || kind == AreaKind::WaterLine) {
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
    // Feature (layer, index) → slot in label_texts_.
    std::vector<std::size_t> layer_start(map_.layers.size() + 1, 0);
    for (std::size_t i = 0; i < map_.layers.size(); ++i)
        layer_start[i + 1] = layer_start[i] + map_.layers[i].features.size();
    for (const auto& lp : labels_) {
        const std::size_t slot = layer_start[lp.layer] + lp.feature;
        if (slot >= label_texts_.size() || !label_texts_[slot]) continue;
        auto& t = label_texts_[slot];
        t->setPosition(osg::Vec3(float(lp.x - origin_.x()), float(lp.y - origin_.y()), 0.f));
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
        auto t = makeText(titleText(map_), float(st.hud_title_px * s), st.hud_text, false, st.hud_text_outline);
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
        enum class Swatch { Line, Glow, Area };
        auto row = [&](const std::string& text, osg::Vec4 col, float width, Swatch kind) {
            const float yc = float(Y(y + lm.row_h * 0.5));
            if (kind == Swatch::Area) {
                shapes.rect(sx0, yc - 8 * s, sx1, yc + 8 * s, col);
                shapes.frame(sx0, yc - 8 * s, sx1, yc + 8 * s, vec4(st.water_outline), width);
            } else {
                if (kind == Swatch::Glow)
                    shapes.line({float(sx0), yc}, {float(sx1), yc}, osg::Vec4(col.r(), col.g(), col.b(), 0.22f), width * 3);
                shapes.line({float(sx0), yc}, {float(sx1), yc}, col, width);
            }
            auto t = makeText(text, float(lm.label_px), st.hud_text, false, Color8{0, 0, 0, 0});
            t->setAlignment(osgText::Text::LEFT_CENTER);
            t->setPosition(osg::Vec3(float(sx1 + lm.gap), yc, 0));
            hud_static_->addChild(t.get());
            y += lm.row_h;
        };
        for (RoadClass c : classesPresent(map_)) {
            const RoadStyle& rs = st.road(c);
            row(roadClassLabel(c, lang_), vec4(rs.color), float(std::max(1.0, rs.width_px * s)), Swatch::Line);
        }
        if (hasDistricts(map_))
            row(hudText(HudText::DistrictBoundary, lang_), vec4(st.district_outline),
                float(st.district_outline_px * s), Swatch::Glow);
        if (hasWater(map_))
            row(hudText(HudText::Water, lang_), vec4(st.water_fill), float(std::max(1.0, st.water_outline_px * s)),
                Swatch::Area);
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
