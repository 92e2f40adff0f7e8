#pragma once
// Routing for one simulation run: the current arc costs (free-flow costs
// with the active closures and area congestion of the scenario's events),
// exact point-to-point search (A* with a straight-line bound), backward and
// bounded forward searches, and the nearest-base tables.
//
// Nearest-base tables. For every node, the K bases with the smallest time
// from the base to the node (forward table) or from the node to the base
// (reverse table), as (time, base) in lexicographic order, each with the arc
// that continues the base's shortest-path tree. Built by one Dijkstra per
// base that stops wherever the base cannot enter a node's top K: if K bases
// beat b at a node they beat b at every node b reaches through it, so the
// pruning is exact and the tables are the true top-K lists. The tree
// property also holds: if b is in the list of v it is in the list of the
// next node on its path, so a path is read off a table in O(length × K).
// Dispatch from a base and the trip back to a base are then table lookups,
// not searches; the engine falls back to a search only when a node's K
// bases are all busy. Tables are rebuilt when the costs change (epoch).
//
// Times are integer milliseconds at the current costs; the engine scales
// them by the hourly congestion factor (a uniform factor does not change
// shortest paths). Not thread-safe: one Router per run.
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <span>
#include <vector>

#include "network/isochrone.h"
#include "network/node_heap.h"
#include "sim/sim_network.h"
#include "sim/sim_types.h"

namespace jingwei::sim {

class BaseTable {
public:
    struct Entry {
        Millis d;         // time between the base and the node
        BaseIndex base;
        ArcId arc;        // forward: the arc into the node on the base's path; reverse: the arc out of the
                          // node towards the base; kNoId at the base's own node
    };

    int k() const { return k_; }
    std::size_t baseCount() const { return base_count_; }
    // Entries of node v, sorted by (d, base).
    std::span<const Entry> at(NodeId v) const {
        return {entries_.data() + static_cast<std::size_t>(v) * static_cast<std::size_t>(k_), count_[v]};
    }
    // True when every base that can reach v is listed (fewer than K reach it).
    bool complete(NodeId v) const { return count_[v] < k_; }
    const Entry* find(NodeId v, BaseIndex b) const {
        for (const Entry& e : at(v))
            if (e.base == b) return &e;
        return nullptr;
    }
    std::size_t memoryBytes() const { return entries_.size() * sizeof(Entry) + count_.size(); }

private:
    friend class Router;
    int k_ = 0;
    std::size_t base_count_ = 0;
    std::vector<std::uint8_t> count_;
    std::vector<Entry> entries_;
};

struct RouterStats {
    std::uint64_t point_searches = 0, backward_searches = 0, forward_searches = 0;
    std::uint64_t settled = 0;          // nodes settled by all searches (tables excluded)
    std::uint64_t route_cache_hits = 0, route_cache_misses = 0;
    std::uint64_t table_builds = 0;
    std::uint64_t table_labels = 0;     // labels taken by all table builds
    double table_build_s = 0;
};

class Router {
public:
    static constexpr Millis kClosed = kUnreachedMs;

    explicit Router(std::shared_ptr<const SimNetwork> net);

    const SimNetwork& network() const { return *net_; }
    std::shared_ptr<const SimNetwork> networkPtr() const { return net_; }

    // Current cost of an arc (kClosed when closed).
    Millis cost(ArcId a) const { return cost_[a]; }
    std::span<const Millis> costs() const { return cost_; }
    // Sets the costs: free flow × multiplier[a] (empty = 1), closed arcs
    // get kClosed. Bumps the epoch; tables are rebuilt when next asked for.
    void setCostModifiers(std::span<const double> multiplier, std::span<const std::uint8_t> closed);
    std::uint32_t epoch() const { return epoch_; }

    // Exact shortest time from → to at the current costs (A*); the path's
    // arcs in order go to *path. kUnreachedMs when there is no path, or none
    // within bound. Found routes are cached (by from, to and the cost
    // epoch; the oldest go first when the cache is full): a cached route is
    // the one the search would find again, so the cache never changes a
    // result, only its cost.
    Millis route(NodeId from, NodeId to, std::vector<ArcId>* path, Millis bound = kUnreachedMs - 1);
    void setRouteCacheCapacity(std::size_t routes);
    // An admissible lower bound on the time from a to b (straight line at
    // the fastest speed of any arc).
    Millis lowerBound(NodeId a, NodeId b) const;

    // Backward Dijkstra towards `target`: visit(node, time to target) is
    // called in order of time for every node within limit; returning false
    // stops the search. backwardPath() then gives a visited node's path.
    template <class Visit>
    void backward(NodeId target, Millis limit, Visit&& visit);
    void backwardPath(NodeId from, std::vector<ArcId>& out) const;

    // Forward Dijkstra from seeds (node, start time), bounded by limit:
    // visit(node, time) for every node within it, in order of time.
    template <class Visit>
    void forward(std::span<const SearchSeed> seeds, Millis limit, Visit&& visit);

    // Nearest-base tables. group[b] selects the forward table of base b
    // (0 regular, 1 reinforcement); the reverse table holds every base.
    void setBases(std::span<const NodeId> base_nodes, std::span<const std::uint8_t> group, int k);
    const BaseTable& forwardTable(int group);
    const BaseTable& reverseTable();
    NodeId baseNode(BaseIndex b) const { return base_nodes_[b]; }
    // Path from base b to v (forward table of b's group) / from v to base b
    // (reverse table); false when b is not in v's list.
    bool pathFromBase(int group, BaseIndex b, NodeId v, std::vector<ArcId>& out);
    bool pathToBase(NodeId v, BaseIndex b, std::vector<ArcId>& out);

    const RouterStats& stats() const { return stats_; }
    std::size_t tableMemoryBytes() const;

private:
    void reset();
    Millis search(NodeId from, NodeId to, std::vector<ArcId>* path, Millis bound);
    void buildTable(BaseTable& t, std::span<const NodeId> sources, std::span<const BaseIndex> ids, bool reverse);
    void computeSpeedBound();

    std::shared_ptr<const SimNetwork> net_;
    std::vector<Millis> base_cost_, cost_;
    std::uint32_t epoch_ = 0;
    double ms_per_m_ = 0;  // lower bound on cost per metre of any arc

    // Search workspace.
    std::vector<Millis> dist_;
    std::vector<ArcId> pred_;
    std::vector<Millis> h_;
    std::vector<NodeId> touched_;
    jingwei::detail::NodeHeap<Millis, false> heap_;  // popped nodes may be pushed again

    struct CachedRoute {
        Millis d;
        std::uint32_t epoch;
        std::vector<ArcId> arcs;
    };
    std::unordered_map<std::uint64_t, CachedRoute> cache_;  // looked up only, never iterated
    std::deque<std::uint64_t> cache_order_;
    std::size_t cache_capacity_ = 1u << 14;
    std::vector<ArcId> cache_tmp_;

    std::vector<NodeId> base_nodes_;
    std::vector<std::uint8_t> base_group_;
    int k_ = 8;
    BaseTable fwd_[2], rev_;
    std::uint32_t fwd_epoch_[2] = {~0u, ~0u}, rev_epoch_ = ~0u;
    RouterStats stats_;
};

// ---------------------------------------------------------------------------

template <class Visit>
void Router::backward(NodeId target, Millis limit, Visit&& visit) {
    reset();
    ++stats_.backward_searches;
    const auto first_in = net_->firstIn();
    const auto rev = net_->revArcs();
    dist_[target] = 0;
    pred_[target] = kNoId;
    touched_.push_back(target);
    heap_.push(target, 0);
    while (!heap_.empty()) {
        const Millis d = heap_.topKey();
        const NodeId v = heap_.pop();
        ++stats_.settled;
        if (!visit(v, d)) return;
        for (std::uint32_t i = first_in[v], e = first_in[v + 1]; i < e; ++i) {
            const RevArc ra = rev[i];
            const Millis c = cost_[ra.arc];
            if (c == kClosed) continue;
            const std::uint64_t nd = static_cast<std::uint64_t>(d) + c;
            if (nd > limit || !(nd < dist_[ra.tail])) continue;
            if (dist_[ra.tail] == kUnreachedMs) touched_.push_back(ra.tail);
            dist_[ra.tail] = static_cast<Millis>(nd);
            pred_[ra.tail] = ra.arc;  // the arc out of tail towards the target
            heap_.push(ra.tail, static_cast<Millis>(nd));
        }
    }
}

template <class Visit>
void Router::forward(std::span<const SearchSeed> seeds, Millis limit, Visit&& visit) {
    reset();
    ++stats_.forward_searches;
    const auto first_out = net_->graph().firstOut();
    const auto arcs = net_->graph().arcs();
    for (const SearchSeed& s : seeds) {
        if (s.time_ms > limit || !(s.time_ms < dist_[s.node])) continue;
        if (dist_[s.node] == kUnreachedMs) touched_.push_back(s.node);
        dist_[s.node] = s.time_ms;
        pred_[s.node] = kNoId;
        heap_.push(s.node, s.time_ms);
    }
    while (!heap_.empty()) {
        const Millis d = heap_.topKey();
        const NodeId v = heap_.pop();
        ++stats_.settled;
        if (!visit(v, d)) return;
        for (ArcId a = first_out[v], e = first_out[v + 1]; a < e; ++a) {
            const Millis c = cost_[a];
            if (c == kClosed) continue;
            const NodeId w = arcs[a].head;
            const std::uint64_t nd = static_cast<std::uint64_t>(d) + c;
            if (nd > limit || !(nd < dist_[w])) continue;
            if (dist_[w] == kUnreachedMs) touched_.push_back(w);
            dist_[w] = static_cast<Millis>(nd);
            pred_[w] = a;
            heap_.push(w, static_cast<Millis>(nd));
        }
    }
}

}  // namespace jingwei::sim
