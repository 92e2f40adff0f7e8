#include "sim/router.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "core/error.h"

namespace jingwei::sim {

Router::Router(std::shared_ptr<const SimNetwork> net) : net_(std::move(net)) {
    const auto arcs = net_->graph().arcs();
    base_cost_.resize(arcs.size());
    for (std::size_t a = 0; a < arcs.size(); ++a) base_cost_[a] = arcs[a].cost_ms;
    cost_ = base_cost_;
    const std::size_t n = net_->nodeCount();
    dist_.assign(n, kUnreachedMs);
    pred_.assign(n, kNoId);
    h_.assign(n, kUnreachedMs);
    heap_.resize(n);
    computeSpeedBound();
}

void Router::computeSpeedBound() {
    // The smallest cost per metre of any usable arc: straight-line distance
    // times it never exceeds a path's time (an arc is at least as long as
    // the segment between its nodes).
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < cost_.size(); ++a) {
        if (cost_[a] == kClosed) continue;
        const double len = net_->arcLengthM(static_cast<ArcId>(a));
        if (len <= 0) continue;
        best = std::min(best, static_cast<double>(cost_[a]) / len);
    }
    // A little slack so rounding never makes the bound exceed a true time.
    ms_per_m_ = std::isfinite(best) ? best * (1.0 - 1e-9) : 0.0;
}

void Router::setCostModifiers(std::span<const double> multiplier, std::span<const std::uint8_t> closed) {
    for (std::size_t a = 0; a < cost_.size(); ++a) {
        if (!closed.empty() && closed[a]) {
            cost_[a] = kClosed;
            continue;
        }
        if (multiplier.empty() || multiplier[a] == 1.0) {
            cost_[a] = base_cost_[a];
        } else {
            const double c = std::round(static_cast<double>(base_cost_[a]) * multiplier[a]);
            cost_[a] = c >= static_cast<double>(kClosed - 1) ? kClosed - 1 : static_cast<Millis>(c);
        }
    }
    ++epoch_;
    computeSpeedBound();
}

void Router::reset() {
    heap_.clear();
    for (NodeId v : touched_) {
        dist_[v] = kUnreachedMs;
        h_[v] = kUnreachedMs;
    }
    touched_.clear();
}

Millis Router::lowerBound(NodeId a, NodeId b) const {
    const XY p = net_->nodeXY(a), q = net_->nodeXY(b);
    const double dx = p.x - q.x, dy = p.y - q.y;
    const double d = std::sqrt(dx * dx + dy * dy) * ms_per_m_;
    return d >= static_cast<double>(kClosed - 1) ? kClosed - 1 : static_cast<Millis>(d);
}

void Router::setRouteCacheCapacity(std::size_t routes) {
    cache_capacity_ = routes;
    cache_.clear();
    cache_order_.clear();
}

Millis Router::route(NodeId from, NodeId to, std::vector<ArcId>* path, Millis bound) {
    if (path) path->clear();
    if (from == to) return 0;
    if (cache_capacity_ == 0) return search(from, to, path, bound);
    const std::uint64_t key = (static_cast<std::uint64_t>(from) << 32) | to;
    if (const auto it = cache_.find(key); it != cache_.end() && it->second.epoch == epoch_) {
        ++stats_.route_cache_hits;
        if (it->second.d > bound) return kUnreachedMs;
        if (path) *path = it->second.arcs;
        return it->second.d;
    }
    ++stats_.route_cache_misses;
    const Millis d = search(from, to, &cache_tmp_, bound);
    if (d == kUnreachedMs) return d;  // unknown beyond the bound: not cached
    if (path) *path = cache_tmp_;
    auto [it, fresh] = cache_.try_emplace(key);
    it->second.d = d;
    it->second.epoch = epoch_;
    it->second.arcs = cache_tmp_;
    if (fresh) {
        cache_order_.push_back(key);
        if (cache_order_.size() > cache_capacity_) {
            cache_.erase(cache_order_.front());
            cache_order_.pop_front();
        }
    }
    return d;
}

Millis Router::search(NodeId from, NodeId to, std::vector<ArcId>* path, Millis bound) {
    if (path) path->clear();
    reset();
    ++stats_.point_searches;
    const auto first_out = net_->graph().firstOut();
    const auto arcs = net_->graph().arcs();
    const XY goal = net_->nodeXY(to);
    auto heuristic = [&](NodeId v) -> Millis {
        if (h_[v] == kUnreachedMs) {
            const XY p = net_->nodeXY(v);
            const double dx = p.x - goal.x, dy = p.y - goal.y;
            const double d = std::sqrt(dx * dx + dy * dy) * ms_per_m_;
            h_[v] = d >= static_cast<double>(kClosed - 2) ? kClosed - 2 : static_cast<Millis>(d);
        }
        return h_[v];
    };
    dist_[from] = 0;
    pred_[from] = kNoId;
    touched_.push_back(from);
    heap_.push(from, heuristic(from));
    bool found = false;
    while (!heap_.empty()) {
        if (heap_.topKey() > bound) break;  // f = g + h is a lower bound on every path left
        const NodeId v = heap_.pop();
        ++stats_.settled;
        if (v == to) {
            found = true;
            break;
        }
        const Millis g = dist_[v];
        for (ArcId a = first_out[v], e = first_out[v + 1]; a < e; ++a) {
            const Millis c = cost_[a];
            if (c == kClosed) continue;
            const NodeId w = arcs[a].head;
            const std::uint64_t ng = static_cast<std::uint64_t>(g) + c;
            if (!(ng < dist_[w])) continue;
            if (dist_[w] == kUnreachedMs) touched_.push_back(w);
            dist_[w] = static_cast<Millis>(ng);
            pred_[w] = a;
            const std::uint64_t f = ng + heuristic(w);
            heap_.push(w, f >= kClosed ? kClosed - 1 : static_cast<Millis>(f));
        }
    }
    if (!found || dist_[to] > bound) return kUnreachedMs;
    if (path) {
        for (NodeId v = to; v != from;) {
            const ArcId a = pred_[v];
            path->push_back(a);
            v = net_->graph().tail(a);
        }
        std::reverse(path->begin(), path->end());
    }
    return dist_[to];
}

void Router::backwardPath(NodeId from, std::vector<ArcId>& out) const {
    out.clear();
    const auto arcs = net_->graph().arcs();
    for (NodeId v = from; dist_[v] != kUnreachedMs && pred_[v] != kNoId;) {
        const ArcId a = pred_[v];
        out.push_back(a);
        v = arcs[a].head;
    }
}

void Router::setBases(std::span<const NodeId> base_nodes, std::span<const std::uint8_t> group, int k) {
    if (k < 1 || k > 64) throw Error("", "router", "nearest-base K must be 1..64");
    base_nodes_.assign(base_nodes.begin(), base_nodes.end());
    base_group_.assign(group.begin(), group.end());
    k_ = k;
    fwd_epoch_[0] = fwd_epoch_[1] = rev_epoch_ = ~0u;
}

const BaseTable& Router::forwardTable(int group) {
    if (fwd_epoch_[group] != epoch_) {
        std::vector<NodeId> nodes;
        std::vector<BaseIndex> ids;
        for (BaseIndex b = 0; b < base_nodes_.size(); ++b)
            if (base_group_[b] == group) {
                nodes.push_back(base_nodes_[b]);
                ids.push_back(b);
            }
        buildTable(fwd_[group], nodes, ids, false);
        fwd_epoch_[group] = epoch_;
    }
    return fwd_[group];
}

const BaseTable& Router::reverseTable() {
    if (rev_epoch_ != epoch_) {
        std::vector<BaseIndex> ids(base_nodes_.size());
        for (BaseIndex b = 0; b < ids.size(); ++b) ids[b] = b;
        buildTable(rev_, base_nodes_, ids, true);
        rev_epoch_ = epoch_;
    }
    return rev_;
}

void Router::buildTable(BaseTable& t, std::span<const NodeId> sources, std::span<const BaseIndex> ids, bool reverse) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = net_->nodeCount();
    const int k = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(k_), std::max<std::size_t>(sources.size(), 1)));
    t.k_ = k;
    t.base_count_ = sources.size();
    t.count_.assign(n, 0);
    t.entries_.assign(n * static_cast<std::size_t>(k), BaseTable::Entry{kUnreachedMs, kNone, kNoId});
    const auto first_out = net_->graph().firstOut();
    const auto arcs = net_->graph().arcs();
    const auto first_in = net_->firstIn();
    const auto rev = net_->revArcs();

    // One multi-source Dijkstra over labels (time, base, node), taken in
    // lexicographic order: a node takes each base's first label until it
    // holds K, and only taken labels are relaxed, so every node settles at
    // most K labels and the lists come out sorted. The queue is a ring of
    // time buckets (appends) with each bucket sorted when its turn comes and
    // a small heap for labels that land in the current bucket: exact order,
    // sequential memory.
    struct Label {
        Millis d;
        BaseIndex base;
        NodeId node;
        ArcId arc;
    };
    auto less = [](const Label& x, const Label& y) {
        if (x.d != y.d) return x.d < y.d;
        if (x.base != y.base) return x.base < y.base;
        return x.node < y.node;
    };
    auto greater = [&](const Label& x, const Label& y) { return less(y, x); };
    Millis max_cost = 0;
    for (Millis c : cost_)
        if (c != kClosed) max_cost = std::max(max_cost, c);
    // Buckets of 128 ms, wider when some arc is very long (a ring of at most
    // about 4096 buckets).
    const Millis kWidth = std::max<Millis>(128, max_cost / 4096 + 1);
    const std::size_t nb = static_cast<std::size_t>(max_cost / kWidth) + 2;
    std::vector<std::vector<Label>> ring(nb);
    std::vector<Label> overflow;  // heap of labels in the current bucket
    std::uint64_t current = 0;    // absolute bucket index being processed
    std::size_t pending = 0;
    auto push = [&](const Label& l) {
        ++pending;
        if (l.d / kWidth == current) {
            overflow.push_back(l);
            std::push_heap(overflow.begin(), overflow.end(), greater);
        } else {
            ring[(l.d / kWidth) % nb].push_back(l);
        }
    };
    auto take = [&](const Label& l) {
        const NodeId v = l.node;
        const int cnt = t.count_[v];
        if (cnt >= k) return;
        BaseTable::Entry* list = t.entries_.data() + static_cast<std::size_t>(v) * static_cast<std::size_t>(k);
        for (int i = 0; i < cnt; ++i)
            if (list[i].base == l.base) return;
        list[cnt] = {l.d, l.base, l.arc};
        t.count_[v] = static_cast<std::uint8_t>(cnt + 1);
        ++stats_.table_labels;
        if (!reverse) {
            for (ArcId a = first_out[v], e = first_out[v + 1]; a < e; ++a) {
                const Millis c = cost_[a];
                if (c == kClosed) continue;
                const NodeId w = arcs[a].head;
                if (t.count_[w] >= k) continue;
                push({static_cast<Millis>(std::min<std::uint64_t>(static_cast<std::uint64_t>(l.d) + c, kClosed - 1)), l.base, w, a});
            }
        } else {
            for (std::uint32_t i = first_in[v], e = first_in[v + 1]; i < e; ++i) {
                const RevArc ra = rev[i];
                const Millis c = cost_[ra.arc];
                if (c == kClosed) continue;
                if (t.count_[ra.tail] >= k) continue;
                push({static_cast<Millis>(std::min<std::uint64_t>(static_cast<std::uint64_t>(l.d) + c, kClosed - 1)), l.base, ra.tail, ra.arc});
            }
        }
    };
    for (std::size_t s = 0; s < sources.size(); ++s) push({0, ids[s], sources[s], kNoId});
    std::vector<Label> batch;
    while (pending > 0) {
        batch.swap(ring[current % nb]);
        ring[current % nb].clear();
        std::sort(batch.begin(), batch.end(), less);
        std::size_t i = 0;
        while (i < batch.size() || !overflow.empty()) {
            Label l;
            if (!overflow.empty() && (i >= batch.size() || less(overflow.front(), batch[i]))) {
                std::pop_heap(overflow.begin(), overflow.end(), greater);
                l = overflow.back();
                overflow.pop_back();
            } else {
                l = batch[i++];
            }
            --pending;
            take(l);
        }
        batch.clear();
        ++current;
    }
    ++stats_.table_builds;
    stats_.table_build_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

bool Router::pathFromBase(int group, BaseIndex b, NodeId v, std::vector<ArcId>& out) {
    const BaseTable& t = forwardTable(group);
    out.clear();
    const NodeId src = base_nodes_[b];
    for (NodeId x = v; x != src;) {
        const BaseTable::Entry* e = t.find(x, b);
        if (!e || e->arc == kNoId) return false;
        out.push_back(e->arc);
        x = net_->graph().tail(e->arc);
    }
    std::reverse(out.begin(), out.end());
    return true;
}

bool Router::pathToBase(NodeId v, BaseIndex b, std::vector<ArcId>& out) {
    const BaseTable& t = reverseTable();
    out.clear();
    const NodeId dst = base_nodes_[b];
    const auto arcs = net_->graph().arcs();
    for (NodeId x = v; x != dst;) {
        const BaseTable::Entry* e = t.find(x, b);
        if (!e || e->arc == kNoId) return false;
        out.push_back(e->arc);
        x = arcs[e->arc].head;
    }
    return true;
}

std::size_t Router::tableMemoryBytes() const {
    return fwd_[0].memoryBytes() + fwd_[1].memoryBytes() + rev_.memoryBytes();
}

}  // namespace jingwei::sim
