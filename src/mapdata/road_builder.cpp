#include "mapdata/road_builder.h"

#include <geodesic.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "mapdata/road_class.h"

namespace jingwei {
namespace {

std::string_view trim(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
}

std::string_view firstValue(std::string_view v) {
    const auto semi = v.find(';');
    return trim(semi == std::string_view::npos ? v : v.substr(0, semi));
}

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic x;
        geod_init(&x, 6378137.0, 1.0 / 298.257223563);
        return x;
    }();
    return g;
}

}  // namespace

WayDirection wayDirection(std::string_view highway, std::string_view oneway, std::string_view junction) {
    oneway = firstValue(oneway);
    if (oneway == "yes" || oneway == "true" || oneway == "1") return WayDirection::Forward;
    if (oneway == "-1" || oneway == "reverse") return WayDirection::Backward;
    if (oneway == "no" || oneway == "false" || oneway == "0") return WayDirection::Both;
    if (junction == "roundabout" || junction == "circular") return WayDirection::Forward;
    if (highway == "motorway" || highway == "motorway_link") return WayDirection::Forward;
    return WayDirection::Both;
}

bool isNonRoadHighway(std::string_view h) {
    static constexpr std::string_view kNotRoads[] = {
        "proposed", "construction", "abandoned", "disused", "razed",    "platform",
        "bus_stop", "elevator",     "services",  "rest_area", "raceway", "emergency_access_point"};
    return std::find(std::begin(kNotRoads), std::end(kNotRoads), h) != std::end(kNotRoads);
}

int parseOsmLanes(std::string_view v) {
    v = firstValue(v);
    int lanes = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), lanes);
    return (r.ec == std::errc() && lanes > 0 && lanes < 100) ? lanes : 0;
}

double parseOsmSpeedKph(std::string_view v) {
    v = firstValue(v);
    double d = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), d);
    if (r.ec != std::errc() || !(d > 0) || d > 1000) return 0;
    if (v.find("mph") != std::string_view::npos) d *= 1.609344;
    else if (v.find("knots") != std::string_view::npos) d *= 1.852;
    return d;
}

double geodesicLengthM(const std::vector<GeoPoint>& pts, std::size_t begin, std::size_t end) {
    double len = 0;
    for (std::size_t i = begin + 1; i < end; ++i) {
        double s12 = 0;
        geod_inverse(&wgs84(), pts[i - 1].lat, pts[i - 1].lon, pts[i].lat, pts[i].lon, &s12, nullptr, nullptr);
        len += s12;
    }
    return len;
}

RoadData buildRoadGraph(const std::vector<RoadWay>& ways, const RoadBuildOptions& opt, RoadBuildReport* report_out,
                        const Progress& progress) {
    RoadBuildReport rep;
    rep.ways_in = ways.size();
    const double quantum = opt.snap_m > 0 ? opt.snap_m / 111319.49 : 1e-7;
    auto keyOf = [quantum](const GeoPoint& p) -> std::uint64_t {
        const auto ix = static_cast<std::int64_t>(std::llround(p.lon / quantum));
        const auto iy = static_cast<std::int64_t>(std::llround(p.lat / quantum));
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(ix)) << 32) |
               static_cast<std::uint64_t>(static_cast<std::uint32_t>(iy));
    };

    // 1. Classify the ways and clean their vertex lists.
    struct Prepared {
        const RoadWay* way;
        RoadClass cls;
        WayDirection dir;
        std::vector<std::uint32_t> idx;  // vertex indices into way->points, consecutive duplicates removed
        std::vector<std::uint64_t> keys;
    };
    std::vector<Prepared> used;
    used.reserve(ways.size());
    std::unordered_map<std::uint64_t, std::uint32_t> uses;
    uses.reserve(ways.size() * 8);
    for (std::size_t w = 0; w < ways.size(); ++w) {
        const RoadWay& way = ways[w];
        if (way.highway.empty() || isNonRoadHighway(way.highway)) {
            ++rep.ways_not_roads;
            ++rep.skipped_highways[way.highway.empty() ? "(none)" : way.highway];
            continue;
        }
        bool known = true;
        const RoadClass cls = parseRoadClass(way.highway, &known);
        if (!isDrivable(cls)) {
            ++rep.ways_not_drivable;
            continue;
        }
        Prepared p{&way, cls, wayDirection(way.highway, way.oneway, way.junction), {}, {}};
        for (std::uint32_t i = 0; i < way.points.size(); ++i) {
            const std::uint64_t k = keyOf(way.points[i]);
            if (!p.keys.empty() && p.keys.back() == k) continue;
            p.keys.push_back(k);
            p.idx.push_back(i);
        }
        if (p.keys.size() < 2) {
            ++rep.ways_degenerate;
            continue;
        }
        if (!known) {
            auto& u = rep.unknown_highways[way.highway];
            ++u.ways;
            if (u.examples.size() < 3) u.examples.push_back(way.id);
        }
        for (std::uint64_t k : p.keys) ++uses[k];
        used.push_back(std::move(p));
        if ((w & 0x3ff) == 0) progress.report(0.3 * double(w) / double(ways.size()), "路网拓扑");
    }

    // 2. Nodes at way ends and shared vertices; 3. one edge per stretch and direction.
    RoadData out;
    std::unordered_map<std::uint64_t, std::uint32_t> node_of;
    node_of.reserve(uses.size() / 4 + 16);
    auto nodeFor = [&](std::uint64_t key, const GeoPoint& p) -> std::uint32_t {
        auto [it, inserted] = node_of.try_emplace(key, static_cast<std::uint32_t>(out.nodes.size()));
        if (inserted) {
            RoadNode n;
            // GDAL's OSM driver gives no node ids: the quantised coordinate
            // key is the node's stable id.
            n.source_id = static_cast<std::int64_t>(key);
            n.pos = GeoPoint{p.lon, p.lat, 0, 0};
            out.nodes.push_back(n);
        }
        return it->second;
    };
    for (std::size_t u = 0; u < used.size(); ++u) {
        const Prepared& p = used[u];
        const RoadWay& way = *p.way;
        ++rep.ways_used;
        if (p.dir != WayDirection::Both) ++rep.oneway_ways;
        std::size_t start = 0;
        for (std::size_t i = 1; i < p.keys.size(); ++i) {
            const bool last = i + 1 == p.keys.size();
            if (!last && uses[p.keys[i]] < 2) continue;
            const std::uint32_t a = nodeFor(p.keys[start], way.points[p.idx[start]]);
            const std::uint32_t b = nodeFor(p.keys[i], way.points[p.idx[i]]);
            // The stretch's shape with its ends exactly at the nodes.
            std::vector<GeoPoint> shape;
            shape.reserve(i - start + 1);
            for (std::size_t j = start; j <= i; ++j) {
                const GeoPoint& q = way.points[p.idx[j]];
                shape.push_back(GeoPoint{q.lon, q.lat, 0, 0});
            }
            shape.front() = out.nodes[a].pos;
            shape.back() = out.nodes[b].pos;
            const double len = geodesicLengthM(shape, 0, shape.size());
            auto emit = [&](bool forward) {
                RoadEdge e;
                e.from = forward ? a : b;
                e.to = forward ? b : a;
                e.length_m = len;
                e.road_class = p.cls;
                e.highway = way.highway;
                e.name = way.name;
                e.name_zh = way.name_zh;
                e.oneway = p.dir != WayDirection::Both;
                e.has_geometry = true;
                e.lanes = way.lanes;
                e.maxspeed_kph = way.maxspeed_kph;
                e.way_id = way.id;
                e.shape_begin = static_cast<std::uint32_t>(out.shape.size());
                e.shape_count = static_cast<std::uint32_t>(shape.size());
                if (forward) out.shape.insert(out.shape.end(), shape.begin(), shape.end());
                else out.shape.insert(out.shape.end(), shape.rbegin(), shape.rend());
                out.edges.push_back(std::move(e));
            };
            if (p.dir != WayDirection::Backward) emit(true);
            if (p.dir != WayDirection::Forward) emit(false);
            start = i;
        }
        if ((u & 0x3ff) == 0) progress.report(0.3 + 0.7 * double(u) / double(used.size()), "路网拓扑");
    }
    progress.report(1.0, "路网拓扑完成");
    if (report_out) *report_out = std::move(rep);
    return out;
}

}  // namespace jingwei
