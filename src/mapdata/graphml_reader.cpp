#include "mapdata/graphml_reader.h"

#include <ogr_geometry.h>
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "core/crs.h"
#include "core/error.h"

namespace jingwei {
namespace {

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "cannot open the file (missing or unreadable)");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int lineOf(const std::string& buf, std::ptrdiff_t offset) {
    if (offset < 0) return 0;
    offset = std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(buf.size()));
    return 1 + static_cast<int>(std::count(buf.begin(), buf.begin() + offset, '\n'));
}

// OSMnx writes merged attributes as Python lists: "['primary', 'secondary']".
// Returns the first element (or the value itself).
std::string firstOfList(const std::string& v) {
    if (v.empty() || v.front() != '[') return v;
    const auto q1 = v.find_first_of("'\"");
    if (q1 == std::string::npos) return v;
    const auto q2 = v.find(v[q1], q1 + 1);
    if (q2 == std::string::npos) return v;
    return v.substr(q1 + 1, q2 - q1 - 1);
}

bool parseDouble(const std::string& s, double* out) {
    const char* b = s.data();
    const char* e = b + s.size();
    while (b < e && (*b == ' ' || *b == '\t' || *b == '\n')) ++b;
    auto r = std::from_chars(b, e, *out);
    return r.ec == std::errc() && std::isfinite(*out);
}

// "60", "60 km/h", "35 mph" → km/h, 0 if unknown.
double parseSpeedKph(const std::string& raw) {
    const std::string v = firstOfList(raw);
    double d = 0;
    const char* b = v.data();
    auto r = std::from_chars(b, b + v.size(), d);
    if (r.ec != std::errc() || d <= 0) return 0;
    if (v.find("mph") != std::string::npos) d *= 1.609344;
    return d;
}

}  // namespace

RoadData readGraphML(const std::string& path, GraphMLStats* stats, const Progress& progress) {
    const std::string buf = readWholeFile(path);
    pugi::xml_document doc;
    const pugi::xml_parse_result res = doc.load_buffer(buf.data(), buf.size());
    if (!res)
        throw Error(path, "line " + std::to_string(lineOf(buf, res.offset)),
                    std::string("malformed XML: ") + res.description());

    const pugi::xml_node root = doc.child("graphml");
    if (!root) throw Error(path, "line 1", "not a GraphML document (no <graphml> root element)");
    const pugi::xml_node graph = root.child("graph");
    if (!graph) throw Error(path, "", "GraphML has no <graph> element");
    const std::string edgedefault = graph.attribute("edgedefault").as_string("directed");

    // key id -> attribute name, per domain.
    std::unordered_map<std::string, std::string> node_keys, edge_keys, graph_keys;
    for (pugi::xml_node k : root.children("key")) {
        const std::string dom = k.attribute("for").as_string();
        const std::string id = k.attribute("id").as_string();
        const std::string name = k.attribute("attr.name").as_string();
        if (dom == "node") node_keys[id] = name;
        else if (dom == "edge") edge_keys[id] = name;
        else if (dom == "graph") graph_keys[id] = name;
    }

    std::string crs = "EPSG:4326";
    for (pugi::xml_node d : graph.children("data")) {
        auto it = graph_keys.find(d.attribute("key").as_string());
        if (it != graph_keys.end() && it->second == "crs") crs = d.child_value();
    }
    std::unique_ptr<CrsTransform> to_wgs84;
    {
        std::string up = crs;
        std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
        if (up != "EPSG:4326") {
            try {
                to_wgs84 = std::make_unique<CrsTransform>(crs, "EPSG:4326");
            } catch (const Error& e) {
                throw Error(path, "graph crs", "unknown CRS '" + crs + "': " + e.reason());
            }
        }
    }

    RoadData out;
    std::unordered_map<std::string, std::uint32_t> index_of;
    std::size_t n_nodes_total = 0, n_edges_total = 0;
    for (pugi::xml_node n = graph.first_child(); n; n = n.next_sibling()) {
        const std::string_view tag = n.name();
        if (tag == "node") ++n_nodes_total;
        else if (tag == "edge") ++n_edges_total;
    }
    out.nodes.reserve(n_nodes_total);
    out.edges.reserve(n_edges_total);

    std::size_t done = 0;
    const std::size_t total = n_nodes_total + n_edges_total;
    auto where = [&](const pugi::xml_node& el, const std::string& what) {
        return what + " (line " + std::to_string(lineOf(buf, el.offset_debug())) + ")";
    };

    for (pugi::xml_node n : graph.children("node")) {
        const std::string id = n.attribute("id").as_string();
        if (id.empty()) throw Error(path, where(n, "node"), "node without an id");
        double x = NAN, y = NAN;
        bool have_x = false, have_y = false;
        for (pugi::xml_node d : n.children("data")) {
            auto it = node_keys.find(d.attribute("key").as_string());
            if (it == node_keys.end()) continue;
            if (it->second == "x") have_x = parseDouble(d.child_value(), &x);
            else if (it->second == "y") have_y = parseDouble(d.child_value(), &y);
        }
        if (!have_x || !have_y)
            throw Error(path, where(n, "node " + id), "missing or non-numeric x/y coordinate");
        if (to_wgs84) {
            const XY ll = to_wgs84->forward(x, y);
            x = ll.x;
            y = ll.y;
        }
        if (!validLonLat(x, y))
            throw Error(path, where(n, "node " + id),
                        "coordinate (" + std::to_string(x) + ", " + std::to_string(y) +
                            ") is not a valid longitude/latitude");
        if (index_of.count(id)) throw Error(path, where(n, "node " + id), "duplicate node id");
        RoadNode rn;
        std::int64_t sid = 0;
        std::from_chars(id.data(), id.data() + id.size(), sid);
        rn.source_id = sid;
        rn.pos.lon = x;
        rn.pos.lat = y;
        index_of.emplace(id, static_cast<std::uint32_t>(out.nodes.size()));
        out.nodes.push_back(rn);
        if ((++done & 0x3fff) == 0) progress.report(double(done) / double(total), "读取路网节点");
    }

    GraphMLStats st;
    st.nodes = out.nodes.size();
    std::size_t edge_no = 0;
    for (pugi::xml_node e : graph.children("edge")) {
        ++edge_no;
        const std::string s = e.attribute("source").as_string();
        const std::string t = e.attribute("target").as_string();
        auto is = index_of.find(s), it = index_of.find(t);
        if (is == index_of.end() || it == index_of.end())
            throw Error(path, where(e, "edge " + std::to_string(edge_no)),
                        "refers to unknown node '" + (is == index_of.end() ? s : t) + "'");
        RoadEdge re;
        re.from = is->second;
        re.to = it->second;
        std::string geometry_wkt, length_s;
        for (pugi::xml_node d : e.children("data")) {
            auto k = edge_keys.find(d.attribute("key").as_string());
            if (k == edge_keys.end()) continue;
            const std::string& name = k->second;
            const std::string v = d.child_value();
            if (name == "highway") re.highway = firstOfList(v);
            else if (name == "oneway") re.oneway = (v == "True" || v == "true" || v == "yes" || v == "1");
            else if (name == "length") length_s = v;
            else if (name == "name") re.name = firstOfList(v);
            else if (name == "lanes") {
                const std::string l = firstOfList(v);
                int lanes = 0;
                std::from_chars(l.data(), l.data() + l.size(), lanes);
                re.lanes = std::max(0, lanes);
            } else if (name == "maxspeed") re.maxspeed_kph = parseSpeedKph(v);
            else if (name == "geometry") geometry_wkt = v;
        }
        bool known = true;
        re.road_class = parseRoadClass(re.highway, &known);
        if (!known) ++st.unknown_class_edges;

        re.shape_begin = static_cast<std::uint32_t>(out.shape.size());
        if (!geometry_wkt.empty()) {
            OGRGeometry* g = nullptr;
            const char* wkt = geometry_wkt.c_str();
            if (OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) != OGRERR_NONE || !g ||
                wkbFlatten(g->getGeometryType()) != wkbLineString) {
                if (g) OGRGeometryFactory::destroyGeometry(g);
                throw Error(path, where(e, "edge " + std::to_string(edge_no)),
                            "geometry is not a valid WKT LINESTRING");
            }
            std::unique_ptr<OGRGeometry, void (*)(OGRGeometry*)> guard(
                g, [](OGRGeometry* p) { OGRGeometryFactory::destroyGeometry(p); });
            const auto* ls = g->toLineString();
            for (int i = 0; i < ls->getNumPoints(); ++i) {
                double x = ls->getX(i), y = ls->getY(i);
                if (to_wgs84) {
                    const XY ll = to_wgs84->forward(x, y);
                    x = ll.x;
                    y = ll.y;
                }
                if (!validLonLat(x, y))
                    throw Error(path, where(e, "edge " + std::to_string(edge_no)),
                                "geometry point " + std::to_string(i) + " is not a valid longitude/latitude");
                out.shape.push_back(GeoPoint{x, y, 0, 0});
            }
            re.has_geometry = true;
            ++st.edges_with_geometry;
        } else {
            out.shape.push_back(out.nodes[re.from].pos);
            out.shape.push_back(out.nodes[re.to].pos);
        }
        re.shape_count = static_cast<std::uint32_t>(out.shape.size()) - re.shape_begin;

        if (!length_s.empty()) {
            if (!parseDouble(length_s, &re.length_m) || re.length_m < 0)
                throw Error(path, where(e, "edge " + std::to_string(edge_no)),
                            "length '" + length_s + "' is not a non-negative number");
        } else {
            // Haversine along the shape when the file gives no length.
            double len = 0;
            for (std::uint32_t i = re.shape_begin + 1; i < re.shape_begin + re.shape_count; ++i) {
                const auto& a = out.shape[i - 1];
                const auto& b = out.shape[i];
                constexpr double R = 6371008.8, D = M_PI / 180.0;
                const double dlat = (b.lat - a.lat) * D, dlon = (b.lon - a.lon) * D;
                const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                                 std::cos(a.lat * D) * std::cos(b.lat * D) * std::sin(dlon / 2) * std::sin(dlon / 2);
                len += 2 * R * std::asin(std::min(1.0, std::sqrt(h)));
            }
            re.length_m = len;
        }
        out.edges.push_back(std::move(re));
        if (edgedefault == "undirected") {
            // Undirected GraphML: each edge is usable both ways.
            RoadEdge rev = out.edges.back();
            std::swap(rev.from, rev.to);
            rev.shape_begin = static_cast<std::uint32_t>(out.shape.size());
            for (std::uint32_t i = 0; i < out.edges.back().shape_count; ++i)
                out.shape.push_back(out.shape[out.edges.back().shape_begin + out.edges.back().shape_count - 1 - i]);
            out.edges.push_back(std::move(rev));
        }
        if ((++done & 0x3fff) == 0) progress.report(double(done) / double(total), "读取路网道路");
    }
    st.edges = out.edges.size();
    if (out.nodes.empty()) throw Error(path, "", "the graph has no nodes");
    if (stats) *stats = st;
    progress.report(1.0, "读取路网完成");
    return out;
}

}  // namespace jingwei
