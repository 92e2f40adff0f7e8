#include "sim/places.h"

#include <cmath>
#include <map>

#include "core/crs.h"
#include "core/error.h"

namespace jingwei::sim {

struct PlaceResolver::Impl {
    std::unique_ptr<Projector> proj;
    const SimNetwork* net;
    std::string path;
};

PlaceResolver::PlaceResolver(const std::string& crs, const SimNetwork& net, const std::string& scenario_path)
    : impl_(std::make_unique<Impl>()) {
    if (!crs.empty()) impl_->proj = std::make_unique<Projector>(crs);
    impl_->net = &net;
    impl_->path = scenario_path;
}

PlaceResolver::~PlaceResolver() = default;

XY PlaceResolver::resolve(const PlaceSpec& p, const std::string& field) const {
    const std::string where = lineWhere(p.line);
    switch (p.kind) {
    case PlaceSpec::Kind::XY: return {p.a, p.b};
    case PlaceSpec::Kind::Node:
        if (p.node >= impl_->net->nodeCount())
            throw Error(impl_->path, where, field + ": node " + std::to_string(p.node) + " is not in the road network (" +
                                                std::to_string(impl_->net->nodeCount()) + " nodes)");
        return impl_->net->nodeXY(impl_->net->nodeOfRoadNode(p.node));
    case PlaceSpec::Kind::LonLat: {
        if (!impl_->proj) throw Error(impl_->path, where, field + ": the map has no CRS to place lon/lat in");
        const XY xy = impl_->proj->forward(LonLat{p.a, p.b});
        if (!std::isfinite(xy.x) || !std::isfinite(xy.y))
            throw Error(impl_->path, where, field + ": cannot project this lon/lat to the map's CRS");
        return xy;
    }
    }
    return {};
}

bool Area::contains(XY p) const {
    if (is_box) return p.x >= box.min_x && p.x <= box.max_x && p.y >= box.min_y && p.y <= box.max_y;
    const double dx = p.x - centre.x, dy = p.y - centre.y;
    return dx * dx + dy * dy <= radius_m * radius_m;
}

Bounds Area::bounds() const {
    if (is_box) return box;
    Bounds b;
    b.add(centre.x - radius_m, centre.y - radius_m);
    b.add(centre.x + radius_m, centre.y + radius_m);
    return b;
}

Area resolveArea(const PlaceResolver& r, const AreaSpec& a, const std::string& field) {
    Area out;
    out.is_box = a.is_box;
    if (a.is_box) {
        const XY p = r.resolve(a.min, field), q = r.resolve(a.max, field);
        out.box.add(p.x, p.y);
        out.box.add(q.x, q.y);
    } else {
        out.centre = r.resolve(a.centre, field);
        out.radius_m = a.radius_m;
    }
    return out;
}

Districts::Districts(const MapModel& map, const std::string& layer_name, const std::string& field) {
    const VectorLayer* layer = nullptr;
    for (const VectorLayer& l : map.layers) {
        if (!layer_name.empty() ? l.name == layer_name : (l.name == "districts" || l.name == "行政区" || l.name == "辖区")) {
            layer = &l;
            break;
        }
    }
    if (!layer) return;
    layer_ = layer->name;
    std::map<std::string, int> index;
    for (const Feature& f : layer->features) {
        if (f.polygons.empty()) continue;
        std::string name = f.label;
        if (!field.empty()) {
            const auto it = f.attributes.find(field);
            name = it != f.attributes.end() ? it->second : "";
        }
        if (name.empty()) name = cat({"#", std::to_string(f.id)});
        auto [it, fresh] = index.emplace(name, static_cast<int>(names_.size()));
        if (fresh) names_.push_back(name);
        for (const auto& polygon : f.polygons) {
            Poly p;
            p.district = it->second;
            for (const auto& ring : polygon) {
                std::vector<XY> r;
                r.reserve(ring.size());
                for (const GeoPoint& g : ring) {
                    r.push_back({g.x, g.y});
                    p.box.add(g.x, g.y);
                }
                p.rings.push_back(std::move(r));
            }
            polys_.push_back(std::move(p));
        }
    }
}

int Districts::find(XY q) const {
    for (const Poly& p : polys_) {
        if (q.x < p.box.min_x || q.x > p.box.max_x || q.y < p.box.min_y || q.y > p.box.max_y) continue;
        bool inside = false;
        for (const auto& ring : p.rings) {
            const std::size_t n = ring.size();
            for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
                const XY a = ring[i], b = ring[j];
                if ((a.y > q.y) != (b.y > q.y) && q.x < (b.x - a.x) * (q.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
            }
        }
        if (inside) return p.district;
    }
    return -1;
}

}  // namespace jingwei::sim
