#include "render/feature_pick.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "render/building_mesh.h"
#include "render/hud_text.h"

namespace jingwei {

namespace {

double distToSeg(ScreenPoint p, ScreenPoint a, ScreenPoint b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

bool insideScreen(const std::vector<ScreenPoint>& poly, ScreenPoint p) {
    bool in = false;
    for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
        const auto& a = poly[i];
        const auto& b = poly[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

bool insideRings(const std::vector<std::vector<GeoPoint>>& poly, double x, double y) {
    bool in = false;
    for (const auto& ring : poly)
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto& a = ring[i];
            const auto& b = ring[j];
            if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) in = !in;
        }
    return in;
}

double ringArea(const std::vector<GeoPoint>& r) {
    double a = 0;
    for (std::size_t i = 0, n = r.size(); i < n; ++i) a += r[i].x * r[(i + 1) % n].y - r[(i + 1) % n].x * r[i].y;
    return std::abs(0.5 * a);
}

std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

}  // namespace

const std::string& roadDisplayName(const RoadEdge& e, bool zh) {
    if (zh) return e.name_zh.empty() ? e.name : e.name_zh;
    return e.name.empty() ? e.name_zh : e.name;
}

std::optional<FeatureRef> pickFeature(const MapModel& map, const MapCamera& cam, ScreenPoint s,
                                      const PickParams& params) {
    auto pickable = [&](int layer) { return !params.pickable || params.pickable(layer); };
    auto gz = [&](double x, double y) { return params.ground ? params.ground->z(x, y) : 0.0; };
    auto toScreen = [&](double x, double y, double z) { return cam.groundToScreen(x, y, z); };
    const osg::Vec3d eye = cam.eye();

    // 1. Points.
    {
        std::optional<FeatureRef> best;
        double best_d = params.point_px;
        for (std::size_t li = 0; li < map.layers.size(); ++li) {
            if (!pickable(int(li))) continue;
            const auto& l = map.layers[li];
            for (std::size_t fi = 0; fi < l.features.size(); ++fi)
                for (const auto& p : l.features[fi].points) {
                    const auto sp = toScreen(p.x, p.y, gz(p.x, p.y));
                    if (!sp) continue;
                    // Police symbols stand above their point (a badge on a pin).
                    double d = std::hypot(sp->x - s.x, sp->y - s.y);
                    if (l.kind == LayerKind::Police) d = std::min(d, std::hypot(sp->x - s.x, sp->y - 24 - s.y));
                    if (d <= best_d) {
                        best_d = d;
                        best = FeatureRef{FeatureRef::Kind::Feature, li, fi};
                    }
                }
        }
        if (best) return best;
    }

    // 2. Buildings (nearest the eye).
    {
        std::optional<FeatureRef> best;
        double best_d = std::numeric_limits<double>::infinity();
        const bool view3d = cam.pose().view3d;
        for (std::size_t li = 0; li < map.layers.size(); ++li) {
            const auto& l = map.layers[li];
            if (!isBuildingLayer(l) || !pickable(int(li))) continue;
            for (std::size_t fi = 0; fi < l.features.size(); ++fi) {
                const Feature& f = l.features[fi];
                if (f.polygons.empty()) continue;
                const BuildingZ bz = buildingZ(f, params.ground);
                bool hit = false;
                for (const auto& poly : f.polygons) {
                    if (poly.empty() || poly.front().size() < 3 || hit) continue;
                    const auto& ring = poly.front();
                    std::vector<ScreenPoint> top, base;
                    bool ok = true;
                    for (const auto& p : ring) {
                        const auto a = toScreen(p.x, p.y, bz.top);
                        const auto b = toScreen(p.x, p.y, bz.base);
                        if (!a || !b) {
                            ok = false;
                            break;
                        }
                        top.push_back(*a);
                        base.push_back(*b);
                    }
                    if (!ok) continue;
                    hit = insideScreen(top, s) || (view3d && insideScreen(base, s));
                    for (std::size_t i = 0; view3d && !hit && i + 1 < ring.size(); ++i)
                        hit = insideScreen({base[i], base[i + 1], top[i + 1], top[i]}, s);
                }
                if (!hit) continue;
                const auto& p0 = f.polygons.front().front().front();
                const double d = (osg::Vec3d(p0.x, p0.y, bz.top) - eye).length();
                if (d < best_d) {
                    best_d = d;
                    best = FeatureRef{FeatureRef::Kind::Feature, li, fi};
                }
            }
        }
        if (best) return best;
    }

    // 3. Roads and lines.
    {
        std::optional<FeatureRef> best;
        double best_d = params.line_px;
        auto polyline = [&](auto begin, auto end) {
            double d = std::numeric_limits<double>::infinity();
            std::optional<ScreenPoint> prev;
            for (auto it = begin; it != end; ++it) {
                const auto sp = toScreen(it->x, it->y, gz(it->x, it->y));
                if (sp && prev) d = std::min(d, distToSeg(s, *prev, *sp));
                prev = sp;
            }
            return d;
        };
        if (pickable(-1)) {
            const RoadData& rd = map.roads;
            for (std::size_t ei = 0; ei < rd.edges.size(); ++ei) {
                const RoadEdge& e = rd.edges[ei];
                double d;
                if (e.shape_count >= 2 && std::size_t(e.shape_begin) + e.shape_count <= rd.shape.size())
                    d = polyline(rd.shape.begin() + e.shape_begin, rd.shape.begin() + e.shape_begin + e.shape_count);
                else if (e.from < rd.nodes.size() && e.to < rd.nodes.size()) {
                    const GeoPoint pts[2] = {rd.nodes[e.from].pos, rd.nodes[e.to].pos};
                    d = polyline(pts, pts + 2);
                } else
                    continue;
                if (d < best_d) {
                    best_d = d;
                    best = FeatureRef{FeatureRef::Kind::Road, 0, ei};
                }
            }
        }
        for (std::size_t li = 0; li < map.layers.size(); ++li) {
            if (!pickable(int(li))) continue;
            const auto& l = map.layers[li];
            for (std::size_t fi = 0; fi < l.features.size(); ++fi)
                for (const auto& line : l.features[fi].lines) {
                    const double d = polyline(line.begin(), line.end());
                    if (d < best_d) {
                        best_d = d;
                        best = FeatureRef{FeatureRef::Kind::Feature, li, fi};
                    }
                }
        }
        if (best) return best;
    }

    // 4. Areas: the smallest polygon containing the ground point.
    osg::Vec3d from, dir;
    cam.screenRay(s.x, s.y, &from, &dir);
    std::optional<osg::Vec3d> g;
    if (params.ground) g = params.ground->intersectRay(from, dir);
    else if (const auto xy = cam.screenToGround(s.x, s.y)) g = osg::Vec3d(xy->x, xy->y, 0);
    if (!g) return std::nullopt;
    std::optional<FeatureRef> best;
    double best_a = std::numeric_limits<double>::infinity();
    for (std::size_t li = 0; li < map.layers.size(); ++li) {
        const auto& l = map.layers[li];
        if (isBuildingLayer(l) || !pickable(int(li))) continue;
        for (std::size_t fi = 0; fi < l.features.size(); ++fi)
            for (const auto& poly : l.features[fi].polygons) {
                if (poly.empty() || !insideRings(poly, g->x(), g->y())) continue;
                const double a = ringArea(poly.front());
                if (a < best_a) {
                    best_a = a;
                    best = FeatureRef{FeatureRef::Kind::Feature, li, fi};
                }
            }
    }
    return best;
}

FeatureInfo describeFeature(const MapModel& map, const FeatureRef& f, bool zh) {
    FeatureInfo info;
    auto row = [&](const char* k_zh, const char* k_en, const std::string& v) {
        if (!v.empty()) info.rows.emplace_back(zh ? k_zh : k_en, v);
    };
    if (f.kind == FeatureRef::Kind::Road) {
        if (f.index >= map.roads.edges.size()) return info;
        const RoadEdge& e = map.roads.edges[f.index];
        info.layer = map.roads_name;
        info.title = roadDisplayName(e, zh);
        if (info.title.empty()) info.title = zh ? "（无名道路）" : "(unnamed road)";
        row("类型", "Type", zh ? "道路" : "Road");
        row("道路等级", "Class", roadClassLabel(e.road_class, zh ? HudLang::Zh : HudLang::En));
        row("名称", "Name", e.name);
        row("中文名", "Name (zh)", e.name_zh);
        row("highway", "highway", e.highway);
        if (e.way_id != 0) row("OSM 路段", "OSM way", std::to_string(e.way_id));
        row("单行", "One-way", e.oneway ? (zh ? "是" : "yes") : (zh ? "否" : "no"));
        if (e.lanes > 0) row("车道数", "Lanes", std::to_string(e.lanes));
        if (e.maxspeed_kph > 0) row("限速", "Max speed", fmt("%.0f km/h", e.maxspeed_kph));
        if (e.speed_kph > 0) row("通行速度", "Travel speed", fmt("%.0f km/h", e.speed_kph));
        row("长度", "Length", fmt("%.0f m", e.length_m));
        return info;
    }
    if (f.layer >= map.layers.size() || f.index >= map.layers[f.layer].features.size()) return info;
    const VectorLayer& l = map.layers[f.layer];
    const Feature& ft = l.features[f.index];
    info.layer = l.name;
    info.title = zh ? ft.label : std::string();
    if (info.title.empty()) {
        const std::initializer_list<const char*> zh_keys = {"name:zh", "name", "名称"};
        const std::initializer_list<const char*> en_keys = {"name:en", "name", "名称", "name:zh"};
        for (const char* k : zh ? zh_keys : en_keys) {
            const auto it = ft.attributes.find(k);
            if (it != ft.attributes.end() && !it->second.empty()) {
                info.title = it->second;
                break;
            }
        }
        if (info.title.empty()) info.title = ft.label;
    }
    if (info.title.empty()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "#%lld", static_cast<long long>(ft.id));
        info.title = ft.id >= 0 ? std::string(buf) : std::string(zh ? "（要素）" : "(feature)");
    }
    const char* kind_zh = "要素";
    const char* kind_en = "Feature";
    switch (l.kind) {
        case LayerKind::Buildings: kind_zh = "建筑"; kind_en = "Building"; break;
        case LayerKind::Pois: kind_zh = "兴趣点"; kind_en = "Point of interest"; break;
        case LayerKind::Police: kind_zh = "公安机构"; kind_en = "Police facility"; break;
        case LayerKind::Paths: kind_zh = "步行道"; kind_en = "Path"; break;
        case LayerKind::Roads: kind_zh = "道路"; kind_en = "Road"; break;
        default:
            if (isBuildingLayer(l)) {
                kind_zh = "建筑";
                kind_en = "Building";
            } else if (!ft.polygons.empty()) {
                kind_zh = "面状要素";
                kind_en = "Area";
            }
    }
    row("类型", "Type", zh ? kind_zh : kind_en);
    if (ft.id >= 0) row("编号", "ID", std::to_string(ft.id));
    if (isBuildingLayer(l)) {
        const char* src = "";
        switch (ft.height_source) {
            case HeightSource::Height: src = zh ? "（高度属性）" : " (height tag)"; break;
            case HeightSource::Levels: src = zh ? "（层数 × 层高）" : " (levels × storey)"; break;
            case HeightSource::Default: src = zh ? "（默认值）" : " (default)"; break;
            default: break;
        }
        row("高度", "Height", fmt("%.1f m", ft.height_m) + src);
        if (ft.min_height_m > 0) row("底部高度", "Base height", fmt("%.1f m", ft.min_height_m));
    }
    std::set<std::string> shown;
    for (const auto& k : l.fields) {
        const auto it = ft.attributes.find(k);
        if (it == ft.attributes.end() || it->second.empty()) continue;
        info.rows.emplace_back(k, it->second);
        shown.insert(k);
    }
    for (const auto& [k, v] : ft.attributes)
        if (!shown.count(k) && !v.empty()) info.rows.emplace_back(k, v);
    return info;
}

Bounds featureBounds(const MapModel& map, const FeatureRef& f) {
    Bounds b;
    if (f.kind == FeatureRef::Kind::Road) {
        if (f.index >= map.roads.edges.size()) return b;
        const RoadEdge& e = map.roads.edges[f.index];
        for (std::uint32_t i = 0; i < e.shape_count && e.shape_begin + i < map.roads.shape.size(); ++i)
            b.add(map.roads.shape[e.shape_begin + i].x, map.roads.shape[e.shape_begin + i].y);
        if (b.empty() && e.from < map.roads.nodes.size() && e.to < map.roads.nodes.size()) {
            b.add(map.roads.nodes[e.from].pos.x, map.roads.nodes[e.from].pos.y);
            b.add(map.roads.nodes[e.to].pos.x, map.roads.nodes[e.to].pos.y);
        }
        return b;
    }
    if (f.layer >= map.layers.size() || f.index >= map.layers[f.layer].features.size()) return b;
    const Feature& ft = map.layers[f.layer].features[f.index];
    for (const auto& poly : ft.polygons)
        for (const auto& ring : poly)
            for (const auto& p : ring) b.add(p.x, p.y);
    for (const auto& line : ft.lines)
        for (const auto& p : line) b.add(p.x, p.y);
    for (const auto& p : ft.points) b.add(p.x, p.y);
    return b;
}

}  // namespace jingwei
