#pragma once
// Shared by the isochrone / rings / coverage tests: the Futian graph and a
// small synthetic city (loaded once per process), a brute-force Dijkstra
// straight over RoadData edges, and random positions near the roads.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <queue>
#include <random>
#include <vector>

#include "../test_support.h"
#include "mapdata/graphml_reader.h"
#include "mapdata/map_model.h"
#include "mapdata/synthetic_city.h"
#include "network/isochrone.h"
#include "network/snapping.h"
#include "network/travel_graph.h"

namespace jingwei::test {

inline const char* kFutian = "shenzhen/futian-nanshan.graphml";

inline const MapModel& futianMap() {
    static const MapModel m = [] {
        MapModel mm;
        mm.roads = readGraphML(dataFile(kFutian));
        mm.project("auto");
        return mm;
    }();
    return m;
}

inline std::shared_ptr<const TravelGraph> futianGraph() {
    static const std::shared_ptr<const TravelGraph> g = std::make_shared<TravelGraph>(futianMap().roads);
    return g;
}

inline const MapModel& syntheticMap() {
    static const MapModel m = [] {
        SyntheticCityParams p;
        p.blocks_x = 24;
        p.blocks_y = 20;
        return generateSyntheticCity(p);
    }();
    return m;
}

inline std::shared_ptr<const TravelGraph> syntheticGraph() {
    static const std::shared_ptr<const TravelGraph> g = std::make_shared<TravelGraph>(syntheticMap().roads);
    return g;
}

// Reference: plain Dijkstra with a binary heap and lazy deletion over the
// RoadData edges themselves (not TravelGraph's CSR), costs from the model.
// Seeds as (RoadData node, ms). Returns per RoadData node ms, kUnreachedMs
// beyond the limit.
inline std::vector<Millis> bruteForceTimes(const RoadData& roads, const TravelTimeModel& model,
                                           const std::vector<SearchSeed>& seeds, Millis limit) {
    const std::size_t n = roads.nodes.size();
    std::vector<std::vector<std::pair<NodeId, Millis>>> adj(n);
    for (const RoadEdge& e : roads.edges) {
        const double s = model.edgeSeconds(e);
        if (std::isfinite(s)) adj[e.from].push_back({e.to, secondsToMs(s)});
    }
    std::vector<std::uint64_t> dist(n, ~std::uint64_t{0});
    using Item = std::pair<std::uint64_t, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
    for (const SearchSeed& s : seeds)
        if (s.time_ms < dist[s.node]) {
            dist[s.node] = s.time_ms;
            pq.push({s.time_ms, s.node});
        }
    while (!pq.empty()) {
        const auto [d, v] = pq.top();
        pq.pop();
        if (d != dist[v]) continue;
        for (const auto& [w, c] : adj[v])
            if (d + c < dist[w]) {
                dist[w] = d + c;
                pq.push({d + c, w});
            }
    }
    std::vector<Millis> out(n, kUnreachedMs);
    for (std::size_t v = 0; v < n; ++v)
        if (dist[v] <= limit) out[v] = static_cast<Millis>(dist[v]);
    return out;
}

// Seeds of a snap computed from RoadData directly (independent of
// originSeeds), with RoadData node indices.
inline std::vector<SearchSeed> bruteForceSeeds(const RoadData& roads, const TravelTimeModel& model,
                                               const TravelGraph& g, const Snap& s) {
    std::vector<SearchSeed> out;
    if (!s.on_network) return out;
    const RoadLink& l = g.link(s.link);
    const RoadEdge& e = roads.edges[l.edge];
    const double cf = secondsToMs(model.edgeSeconds(e));
    out.push_back({e.to, static_cast<Millis>(std::llround((1.0 - s.fraction) * cf))});
    if (l.twin_edge != kNoId) {
        const double cb = secondsToMs(model.edgeSeconds(roads.edges[l.twin_edge]));
        out.push_back({e.from, static_cast<Millis>(std::llround(s.fraction * cb))});
    }
    return out;
}

// Per-node values indexed by RoadData node → indexed by our node ids.
template <class T>
std::vector<T> toGraphOrder(const TravelGraph& g, const std::vector<T>& by_road) {
    std::vector<T> out(by_road.size());
    for (std::uint32_t v = 0; v < by_road.size(); ++v) out[g.nodeOfRoadNode(v)] = by_road[v];
    return out;
}

// A random point within `spread` metres of a random point of the network.
inline XY randomNear(const TravelGraph& g, std::mt19937_64& rng, double spread) {
    std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(g.linkCount() - 1));
    std::uniform_real_distribution<double> u(0.0, 1.0), d(-spread, spread);
    const XY p = g.pointAt(pick(rng), u(rng));
    return {p.x + d(rng), p.y + d(rng)};
}

}  // namespace jingwei::test
