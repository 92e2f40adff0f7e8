#include "mapdata/map_model.h"

#include <cmath>

#include "core/crs.h"

namespace jingwei {

Bounds RoadData::boundsXY() const {
    Bounds b;
    for (const auto& n : nodes) b.add(n.pos.x, n.pos.y);
    for (const auto& p : shape) b.add(p.x, p.y);
    return b;
}

Bounds VectorLayer::boundsXY() const {
    Bounds b;
    for (const auto& f : features) {
        for (const auto& poly : f.polygons)
            for (const auto& ring : poly)
                for (const auto& p : ring) b.add(p.x, p.y);
        for (const auto& line : f.lines)
            for (const auto& p : line) b.add(p.x, p.y);
        for (const auto& p : f.points) b.add(p.x, p.y);
    }
    return b;
}

Bounds MapModel::boundsXY() const {
    Bounds b = roads.boundsXY();
    for (const auto& l : layers) b.add(l.boundsXY());
    for (const auto& t : terrains)
        if (t.crs == crs) b.add(t.bounds());
    return b;
}

Bounds MapModel::homeBoundsXY() const {
    const Bounds r = roads.boundsXY();
    return r.empty() ? boundsXY() : r;
}

double MapModel::elevationAt(double x, double y) const {
    for (const auto& t : terrains) {
        if (t.crs != crs) continue;
        const double z = t.elevationAt(x, y);
        if (!std::isnan(z)) return z;
    }
    return std::nan("");
}

Bounds MapModel::homeBoundsLonLat() const {
    Bounds ll;
    for (const auto& n : roads.nodes) ll.add(n.pos.lon, n.pos.lat);
    for (const auto& p : roads.shape) ll.add(p.lon, p.lat);
    if (ll.empty())
        for (const auto& l : layers)
            for (const auto& f : l.features) {
                for (const auto& poly : f.polygons)
                    for (const auto& ring : poly)
                        for (const auto& p : ring) ll.add(p.lon, p.lat);
                for (const auto& line : f.lines)
                    for (const auto& p : line) ll.add(p.lon, p.lat);
                for (const auto& p : f.points) ll.add(p.lon, p.lat);
            }
    if (ll.empty())
        for (const auto& t : terrains) ll.add(terrainBoundsLonLat(t));
    return ll;
}

void MapModel::project(const std::string& crs_spec, const Progress& progress) {
    // Centre of the lon/lat extent decides an "auto" CRS: the roads, else
    // the vector layers, else the terrain.
    const Bounds ll = homeBoundsLonLat();
    crs = resolveCrsSpec(crs_spec, LonLat{ll.centerX(), ll.centerY()});
    const Projector proj(crs);
    auto fwd = [&](GeoPoint& p) {
        const XY r = proj.forward(LonLat{p.lon, p.lat});
        p.x = r.x;
        p.y = r.y;
    };
    for (auto& n : roads.nodes) fwd(n.pos);
    for (auto& p : roads.shape) fwd(p);
    for (auto& l : layers)
        for (auto& f : l.features) {
            for (auto& poly : f.polygons)
                for (auto& ring : poly)
                    for (auto& p : ring) fwd(p);
            for (auto& line : f.lines)
                for (auto& p : line) fwd(p);
            for (auto& p : f.points) fwd(p);
            fwd(f.label_anchor);
        }
    progress.report(0.3, "投影");
    const double share = terrains.empty() ? 0.0 : 0.7 / double(terrains.size());
    for (std::size_t i = 0; i < terrains.size(); ++i) {
        if (terrains[i].crs == crs) continue;
        Progress sub;
        if (progress.callback)
            sub.callback = [&, i](double f, std::string_view stage) {
                return progress.callback(0.3 + (double(i) + f) * share, stage);
            };
        terrains[i] = warpTerrain(terrains[i], crs, terrains[i].warp_cell_m, sub);
    }
    progress.report(1.0, "投影完成");
}

}  // namespace jingwei
