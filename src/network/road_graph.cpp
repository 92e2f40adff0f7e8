#include "network/road_graph.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"

namespace jingwei {

namespace {

struct PlainArc {
    NodeId from, to;
    double length_m;
};

[[noreturn]] void badEdge(std::size_t e, const std::string& reason) {
    throw Error("", "road edge " + std::to_string(e), reason);
}

}  // namespace

template <class GetArc>
void RoadGraph::build(std::size_t n, std::size_t m, GetArc get) {
    constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
    if (n >= kMax) throw Error("", "road graph", "too many nodes (" + std::to_string(n) + ")");
    if (m >= kMax) throw Error("", "road graph", "too many edges (" + std::to_string(m) + ")");

    // Validate first, so a bad edge is reported before any work.
    for (std::size_t e = 0; e < m; ++e) {
        const PlainArc a = get(e);
        if (a.from >= n)
            badEdge(e, "from-node " + std::to_string(a.from) + " is out of range (graph has " +
                           std::to_string(n) + " nodes)");
        if (a.to >= n)
            badEdge(e, "to-node " + std::to_string(a.to) + " is out of range (graph has " +
                           std::to_string(n) + " nodes)");
        if (!std::isfinite(a.length_m) || a.length_m < 0)
            badEdge(e, "length " + std::to_string(a.length_m) + " m is negative or not finite");
    }

    // Counting sort by tail (forward) and by head (reverse): O(n + m), stable,
    // so arcs of a node keep the order of their edge indices.
    first_out_.assign(n + 1, 0);
    first_in_.assign(n + 1, 0);
    for (std::size_t e = 0; e < m; ++e) {
        const PlainArc a = get(e);
        ++first_out_[a.from + 1];
        ++first_in_[a.to + 1];
    }
    for (std::size_t u = 0; u < n; ++u) {
        first_out_[u + 1] += first_out_[u];
        first_in_[u + 1] += first_in_[u];
    }

    head_.resize(m);
    out_edge_.resize(m);
    length_m_.resize(m);
    arc_of_edge_.resize(m);
    in_of_arc_.resize(m);
    tail_.resize(m);
    in_edge_.resize(m);
    in_length_m_.resize(m);

    std::vector<ArcId> next_out(first_out_.begin(), first_out_.end() - 1);
    std::vector<ArcId> next_in(first_in_.begin(), first_in_.end() - 1);
    for (std::size_t e = 0; e < m; ++e) {
        const PlainArc a = get(e);
        const ArcId f = next_out[a.from]++;
        head_[f] = a.to;
        out_edge_[f] = static_cast<EdgeId>(e);
        length_m_[f] = a.length_m;
        arc_of_edge_[e] = f;
        const ArcId r = next_in[a.to]++;
        tail_[r] = a.from;
        in_edge_[r] = static_cast<EdgeId>(e);
        in_length_m_[r] = a.length_m;
        in_of_arc_[f] = r;
    }
}

RoadGraph::RoadGraph(const RoadData& roads) {
    const auto& edges = roads.edges;
    build(roads.nodes.size(), edges.size(), [&](std::size_t e) {
        const RoadEdge& r = edges[e];
        return PlainArc{r.from, r.to, r.length_m};
    });
}

RoadGraph RoadGraph::fromArcs(std::size_t node_count, std::span<const ArcInput> arcs) {
    RoadGraph g;
    g.build(node_count, arcs.size(), [&](std::size_t e) {
        const ArcInput& a = arcs[e];
        return PlainArc{a.from, a.to, a.length_m};
    });
    return g;
}

}  // namespace jingwei
