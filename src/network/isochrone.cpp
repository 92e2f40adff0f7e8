#include "network/isochrone.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace jingwei {

std::vector<SearchSeed> originSeeds(const TravelGraph& g, const Snap& origin) {
    std::vector<SearchSeed> seeds;
    if (!origin.on_network || origin.link >= g.linkCount()) return seeds;
    const RoadLink& l = g.link(origin.link);
    const double f = std::clamp(origin.fraction, 0.0, 1.0);
    if (l.forward != kNoId)
        seeds.push_back({l.to, secondsToMs((1.0 - f) * static_cast<double>(g.costMs(l.forward)) / 1000.0)});
    if (l.backward != kNoId)
        seeds.push_back({l.from, secondsToMs(f * static_cast<double>(g.costMs(l.backward)) / 1000.0)});
    return seeds;
}

IsochroneSearch::IsochroneSearch(const TravelGraph& g) : g_(&g), dist_(g.nodeCount(), kUnreachedMs) {}

void IsochroneSearch::run(const Snap& origin, Millis limit_ms, Reach& out) {
    const std::vector<SearchSeed> seeds = originSeeds(*g_, origin);
    runFromSeeds(seeds, limit_ms, out);
    out.origin = origin;
}

void IsochroneSearch::runFromSeeds(std::span<const SearchSeed> seeds, Millis limit_ms, Reach& out) {
    if (limit_ms > kMaxSearchLimitMs)
        throw Error("", "isochrone search", "time limit " + std::to_string(limit_ms / 1000) + " s is above 4 hours");
    Millis* dist = dist_.data();
    for (NodeId v : settled_) dist[v] = kUnreachedMs;
    settled_.clear();
    queue_.reset(limit_ms);
    limit_ = limit_ms;
    out.origin = Snap{};
    out.limit_ms = limit_ms;

    for (const SearchSeed& s : seeds) {
        if (s.node >= dist_.size() || s.time_ms > limit_ms || !(s.time_ms < dist[s.node])) continue;
        dist[s.node] = s.time_ms;
        queue_.push(s.time_ms, s.node);
    }
    const ArcId* first = g_->firstOut().data();
    const TravelArc* arcs = g_->arcs().data();
    Millis t;
    NodeId v;
    while (queue_.pop(&t, &v)) {
        if (t != dist[v]) continue;  // stale entry
        settled_.push_back(v);
        for (ArcId a = first[v], end = first[v + 1]; a < end; ++a) {
            const NodeId w = arcs[a].head;
            const std::uint64_t nt = static_cast<std::uint64_t>(t) + arcs[a].cost_ms;
            if (nt > limit_ms || !(nt < dist[w])) continue;
            dist[w] = static_cast<Millis>(nt);
            queue_.push(static_cast<Millis>(nt), w);
        }
    }
    // Every pushed node was settled (pushes are within the limit), so
    // settled_ is also the list to reset next time.
    out.nodes.assign(settled_.begin(), settled_.end());
    out.time_ms.resize(settled_.size());
    for (std::size_t i = 0; i < settled_.size(); ++i) out.time_ms[i] = dist[settled_[i]];
}

}  // namespace jingwei
