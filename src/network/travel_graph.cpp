#include "network/travel_graph.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace jingwei {

Millis secondsToMs(double s) {
    if (!(s > 0)) return 0;
    const double ms = std::round(s * 1000.0);
    constexpr double kMax = static_cast<double>(kUnreachedMs - 1);
    return ms >= kMax ? kUnreachedMs - 1 : static_cast<Millis>(ms);
}

namespace {

// Position of (x, y) on a Hilbert curve over a 2^16 × 2^16 grid.
std::uint64_t hilbertIndex(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t n = 1u << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

struct PendingArc {
    NodeId tail, head;
    Millis cost;
    LinkId link;
    std::uint8_t flags;
};

// The shape of edge e as map points (both end points included).
void edgeShape(const RoadData& roads, const RoadEdge& e, std::vector<XY>& out) {
    out.clear();
    if (e.shape_count >= 2 && static_cast<std::size_t>(e.shape_begin) + e.shape_count <= roads.shape.size()) {
        for (std::uint32_t i = 0; i < e.shape_count; ++i) {
            const GeoPoint& p = roads.shape[e.shape_begin + i];
            out.push_back({p.x, p.y});
        }
    } else {
        out.push_back({roads.nodes[e.from].pos.x, roads.nodes[e.from].pos.y});
        out.push_back({roads.nodes[e.to].pos.x, roads.nodes[e.to].pos.y});
    }
}

bool sameShapeReversed(const std::vector<XY>& a, const std::vector<XY>& b) {
    if (a.size() != b.size()) return false;
    const std::size_t n = a.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = a[i].x - b[n - 1 - i].x, dy = a[i].y - b[n - 1 - i].y;
        if (dx * dx + dy * dy > 0.25) return false;  // 0.5 m
    }
    return true;
}

}  // namespace

TravelGraph::TravelGraph(const RoadData& roads, const TravelTimeModel& model, const Progress& progress)
    : model_(model) {
    model_.validate();
    const std::size_t n = roads.nodes.size();
    const std::size_t m = roads.edges.size();
    if (n >= kNoId || m >= kNoId / 2) throw Error("", "road graph", "too many nodes or edges");

    // Projected? A map that was never projected has x = y = 0 everywhere.
    bool any_xy = n == 0, any_ll = false;
    for (const RoadNode& nd : roads.nodes) {
        if (nd.pos.x != 0 || nd.pos.y != 0) any_xy = true;
        if (nd.pos.lon != 0 || nd.pos.lat != 0) any_ll = true;
        if (!std::isfinite(nd.pos.x) || !std::isfinite(nd.pos.y))
            throw Error("", "node " + std::to_string(&nd - roads.nodes.data()), "non-finite map coordinates");
    }
    if (!any_xy && any_ll) throw Error("", "road graph", "the roads are not projected to map metres");

    for (std::size_t i = 0; i < n; ++i) bounds_.add(roads.nodes[i].pos.x, roads.nodes[i].pos.y);
    // Our node order: along a Hilbert curve over the positions (ties: the
    // RoadData order), so that nodes near each other on the map are near
    // each other in memory.
    {
        std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(n);
        const double w = std::max(bounds_.width(), 1e-9), h = std::max(bounds_.height(), 1e-9);
        for (std::size_t i = 0; i < n; ++i) {
            const auto qx = static_cast<std::uint32_t>(std::clamp((roads.nodes[i].pos.x - bounds_.min_x) / w, 0.0, 1.0) * 65535.0);
            const auto qy = static_cast<std::uint32_t>(std::clamp((roads.nodes[i].pos.y - bounds_.min_y) / h, 0.0, 1.0) * 65535.0);
            keys[i] = {hilbertIndex(qx, qy), static_cast<std::uint32_t>(i)};
        }
        std::sort(keys.begin(), keys.end());
        road_of_node_.resize(n);
        node_of_road_.resize(n);
        node_xy_.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            road_of_node_[k] = keys[k].second;
            node_of_road_[keys[k].second] = static_cast<NodeId>(k);
            node_xy_[k] = {roads.nodes[keys[k].second].pos.x, roads.nodes[keys[k].second].pos.y};
        }
    }

    // Seconds per edge; drivable edges by tail for the twin search.
    std::vector<double> secs(m);
    std::vector<std::uint32_t> by_from_first(n + 1, 0), by_from;
    for (std::size_t e = 0; e < m; ++e) {
        const RoadEdge& ed = roads.edges[e];
        if (ed.from >= n || ed.to >= n)
            throw Error("", "edge " + std::to_string(e), "refers to a node out of range");
        if (!std::isfinite(ed.length_m) || ed.length_m < 0)
            throw Error("", "edge " + std::to_string(e), "negative or non-finite length");
        secs[e] = model_.edgeSeconds(ed);
        if (std::isfinite(secs[e])) ++by_from_first[ed.from + 1];
    }
    for (std::size_t i = 0; i < n; ++i) by_from_first[i + 1] += by_from_first[i];
    by_from.resize(by_from_first[n]);
    {
        std::vector<std::uint32_t> pos(by_from_first.begin(), by_from_first.end() - 1);
        for (std::size_t e = 0; e < m; ++e)
            if (std::isfinite(secs[e])) by_from[pos[roads.edges[e].from]++] = static_cast<std::uint32_t>(e);
    }
    progress.report(0.2, "links");

    edge_link_.assign(m, kNoId);
    edge_arc_.assign(m, kNoId);
    std::vector<PendingArc> pending;
    pending.reserve(m + m / 8);
    std::vector<EdgeId> pending_edge;  // RoadData edge of each pending arc (kNoId: contraflow)
    pending_edge.reserve(m + m / 8);
    std::vector<XY> pts, other;
    // Links in the order of their start node (our Hilbert order; ties: the
    // RoadData order), so that passes over all links read node data in
    // sequence.
    std::vector<std::uint32_t> edge_order;
    edge_order.reserve(by_from.size());
    for (std::uint32_t v = 0; v < n; ++v) {
        const std::uint32_t r = road_of_node_[v];
        for (std::uint32_t k = by_from_first[r]; k < by_from_first[r + 1]; ++k) edge_order.push_back(by_from[k]);
    }
    for (std::size_t oi = 0; oi < edge_order.size(); ++oi) {
        const std::size_t ei = edge_order[oi];
        if (!std::isfinite(secs[ei]) || edge_link_[ei] != kNoId) continue;
        if ((oi & 0xFFFF) == 0) progress.report(0.2 + 0.5 * static_cast<double>(oi) / static_cast<double>(m), "links");
        const RoadEdge& e = roads.edges[ei];
        edgeShape(roads, e, pts);
        const LinkId lid = static_cast<LinkId>(links_.size());
        RoadLink link;
        link.from = node_of_road_[e.from];
        link.to = node_of_road_[e.to];
        link.edge = static_cast<EdgeId>(ei);
        link.road_class = e.road_class;
        edge_link_[ei] = lid;
        // Twin: an unused drivable edge to → from with the same shape reversed.
        for (std::uint32_t k = by_from_first[e.to]; k < by_from_first[e.to + 1]; ++k) {
            const std::uint32_t fi = by_from[k];
            if (fi == ei || edge_link_[fi] != kNoId) continue;
            const RoadEdge& f = roads.edges[fi];
            if (f.to != e.from) continue;
            if (std::abs(f.length_m - e.length_m) > std::max(1.0, 0.01 * e.length_m)) continue;
            edgeShape(roads, f, other);
            if (!sameShapeReversed(pts, other)) continue;
            link.twin_edge = fi;
            edge_link_[fi] = lid;
            break;
        }
        link.shape_begin = static_cast<std::uint32_t>(shape_.size());
        link.shape_count = static_cast<std::uint32_t>(pts.size());
        double acc = 0;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            if (i > 0) acc += std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
            shape_.push_back(pts[i]);
            shape_offset_m_.push_back(acc);
            bounds_.add(pts[i].x, pts[i].y);
        }
        link.length_m = acc;
        drivable_length_m_ += acc;

        pending.push_back({link.from, link.to, secondsToMs(secs[ei]), lid, 0});
        pending_edge.push_back(static_cast<EdgeId>(ei));
        if (link.twin_edge != kNoId) {
            pending.push_back({link.to, link.from, secondsToMs(secs[link.twin_edge]), lid, kBackward});
            pending_edge.push_back(link.twin_edge);
        } else if (model_.relax_oneway) {
            pending.push_back({link.to, link.from, secondsToMs(secs[ei] * model_.contraflow_time_factor), lid,
                               kBackward | kContraflow});
            pending_edge.push_back(kNoId);
        }
        links_.push_back(link);
    }
    progress.report(0.7, "arcs");

    // Forward CSR (stable counting sort by tail).
    const std::size_t na = pending.size();
    first_out_.assign(n + 1, 0);
    for (const PendingArc& a : pending) ++first_out_[a.tail + 1];
    for (std::size_t i = 0; i < n; ++i) first_out_[i + 1] += first_out_[i];
    std::vector<ArcId> new_id(na);
    {
        std::vector<ArcId> pos(first_out_.begin(), first_out_.end() - 1);
        for (std::size_t i = 0; i < na; ++i) new_id[i] = pos[pending[i].tail]++;
    }
    arcs_.resize(na);
    tail_.resize(na);
    arc_link_.resize(na);
    arc_flags_.resize(na);
    for (std::size_t i = 0; i < na; ++i) {
        const PendingArc& p = pending[i];
        const ArcId a = new_id[i];
        arcs_[a] = {p.head, p.cost};
        tail_[a] = p.tail;
        arc_link_[a] = p.link;
        arc_flags_[a] = p.flags;
        RoadLink& l = links_[p.link];
        if (p.flags & kBackward) l.backward = a; else l.forward = a;
        if (pending_edge[i] != kNoId) edge_arc_[pending_edge[i]] = a;
    }

    // Reverse CSR (stable by forward arc id).
    first_in_.assign(n + 1, 0);
    for (const TravelArc& a : arcs_) ++first_in_[a.head + 1];
    for (std::size_t i = 0; i < n; ++i) first_in_[i + 1] += first_in_[i];
    in_arcs_.resize(na);
    {
        std::vector<ArcId> pos(first_in_.begin(), first_in_.end() - 1);
        for (ArcId a = 0; a < na; ++a) in_arcs_[pos[arcs_[a].head]++] = a;
    }
    progress.report(1.0, "arcs");
}

XY TravelGraph::pointAt(LinkId l, double fraction) const {
    const auto pts = shape(l);
    const auto off = shapeOffsetsM(l);
    const double len = links_[l].length_m;
    if (!(len > 0)) return pts.front();
    const double d = std::clamp(fraction, 0.0, 1.0) * len;
    // First offset ≥ d.
    const auto it = std::lower_bound(off.begin(), off.end(), d);
    if (it == off.begin()) return pts.front();
    if (it == off.end()) return pts.back();
    const std::size_t i = static_cast<std::size_t>(it - off.begin());
    const double seg = off[i] - off[i - 1];
    const double t = seg > 0 ? (d - off[i - 1]) / seg : 0.0;
    return {pts[i - 1].x + t * (pts[i].x - pts[i - 1].x), pts[i - 1].y + t * (pts[i].y - pts[i - 1].y)};
}

}  // namespace jingwei
