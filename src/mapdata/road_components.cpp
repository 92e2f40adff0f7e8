#include "mapdata/road_components.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace jingwei {

RoadComponentReport keepLargestStronglyConnected(RoadData& roads) {
    RoadComponentReport rep;
    rep.applied = true;
    const std::size_t n = roads.nodes.size(), m = roads.edges.size();
    rep.nodes_before = n;
    rep.edges_before = m;
    if (n == 0) return rep;

    // Forward CSR of heads.
    std::vector<std::uint32_t> first(n + 1, 0), head(m);
    for (const auto& e : roads.edges) ++first[e.from + 1];
    for (std::size_t v = 0; v < n; ++v) first[v + 1] += first[v];
    {
        std::vector<std::uint32_t> pos(first.begin(), first.end() - 1);
        for (const auto& e : roads.edges) head[pos[e.from]++] = e.to;
    }

    // Iterative Tarjan.
    constexpr std::uint32_t kUnset = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> index(n, kUnset), low(n, 0), comp(n, kUnset);
    std::vector<std::uint8_t> on_stack(n, 0);
    std::vector<std::uint32_t> stack;
    struct Frame {
        std::uint32_t v, next;
    };
    std::vector<Frame> calls;
    std::uint32_t counter = 0, ncomp = 0;
    std::vector<std::uint32_t> comp_size;
    for (std::uint32_t s = 0; s < n; ++s) {
        if (index[s] != kUnset) continue;
        index[s] = low[s] = counter++;
        stack.push_back(s);
        on_stack[s] = 1;
        calls.push_back({s, first[s]});
        while (!calls.empty()) {
            Frame& f = calls.back();
            const std::uint32_t v = f.v;
            if (f.next < first[v + 1]) {
                const std::uint32_t w = head[f.next++];
                if (index[w] == kUnset) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = 1;
                    calls.push_back({w, first[w]});
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            calls.pop_back();
            if (low[v] == index[v]) {
                std::uint32_t size = 0, w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    comp[w] = ncomp;
                    ++size;
                } while (w != v);
                comp_size.push_back(size);
                ++ncomp;
            }
            if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[v]);
        }
    }
    rep.components = ncomp;

    // The largest; among equals the one holding the lowest node index.
    std::uint32_t best = comp[0];
    for (std::uint32_t v = 0; v < n; ++v)
        if (comp_size[comp[v]] > comp_size[best]) best = comp[v];

    std::vector<std::uint32_t> new_index(n, kUnset);
    std::vector<RoadNode> nodes;
    nodes.reserve(comp_size[best]);
    for (std::uint32_t v = 0; v < n; ++v)
        if (comp[v] == best) {
            new_index[v] = static_cast<std::uint32_t>(nodes.size());
            nodes.push_back(roads.nodes[v]);
        }
    std::vector<RoadEdge> edges;
    std::vector<GeoPoint> shape;
    edges.reserve(m);
    shape.reserve(roads.shape.size());
    for (const auto& e : roads.edges) {
        if (new_index[e.from] == kUnset || new_index[e.to] == kUnset) continue;
        RoadEdge k = e;
        k.from = new_index[e.from];
        k.to = new_index[e.to];
        k.shape_begin = static_cast<std::uint32_t>(shape.size());
        shape.insert(shape.end(), roads.shape.begin() + e.shape_begin,
                     roads.shape.begin() + e.shape_begin + e.shape_count);
        edges.push_back(std::move(k));
    }
    rep.nodes_dropped = n - nodes.size();
    rep.edges_dropped = m - edges.size();
    roads.nodes = std::move(nodes);
    roads.edges = std::move(edges);
    roads.shape = std::move(shape);
    return rep;
}

}  // namespace jingwei
