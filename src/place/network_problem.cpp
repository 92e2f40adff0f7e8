#include "place/network_problem.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <thread>

#include "core/error.h"
#include "network/components.h"
#include "network/isochrone.h"
#include "network/road_graph.h"

namespace jingwei::place {

RoadSites::RoadSites(std::shared_ptr<const TravelGraph> graph) : graph_(std::move(graph)), snap_(*graph_) {
    const TravelGraph& g = *graph_;
    std::vector<ArcInput> arcs;
    arcs.reserve(g.arcCount());
    const auto first = g.firstOut();
    for (NodeId u = 0; u < g.nodeCount(); ++u)
        for (ArcId a = first[u]; a < first[u + 1]; ++a) arcs.push_back({u, g.head(a), 1.0});
    ComponentMask core = largestStronglyConnectedComponent(RoadGraph::fromArcs(g.nodeCount(), arcs));
    core_ = std::move(core.mask);
    core_size_ = core.size;
}

NodeId RoadSites::nodeNear(XY p, double max_snap_m) const {
    // The end of a link to serve a point at fraction f of it: the nearer end
    // along the road, else the other, if in the core.
    auto endFor = [&](LinkId link, double f) {
        const RoadLink& l = graph_->link(link);
        const NodeId nearer = f <= 0.5 ? l.from : l.to, other = f <= 0.5 ? l.to : l.from;
        return core_[nearer] ? nearer : core_[other] ? other : kNoId;
    };
    const Snap s = snap_.snap(p, max_snap_m);
    if (!s.on_network) return kNoId;
    if (const NodeId v = endFor(s.link, s.fraction); v != kNoId) return v;
    // The nearest road is off the core: the nearest road within reach that
    // touches it (ties: the lower node).
    std::vector<SegmentRef> near;
    snap_.segmentsNear(p, max_snap_m, near);
    double best_d = max_snap_m;
    NodeId best = kNoId;
    for (const SegmentRef& r : near) {
        const auto pts = graph_->shape(r.link);
        double t = 0;
        const double d = pointSegmentDistance(p, pts[r.segment], pts[r.segment + 1], &t);
        if (d > best_d) continue;
        const auto off = graph_->shapeOffsetsM(r.link);
        const double len = graph_->link(r.link).length_m;
        const double f = len > 0 ? (off[r.segment] + t * (off[r.segment + 1] - off[r.segment])) / len : 0.0;
        const NodeId v = endFor(r.link, f);
        if (v != kNoId && (d < best_d || v < best)) {
            best_d = d;
            best = v;
        }
    }
    return best;
}

std::vector<Candidate> RoadSites::intersections(double spacing_m) const {
    const TravelGraph& g = *graph_;
    const auto first_out = g.firstOut(), first_in = g.firstIn(), in_arcs = g.inArcs();
    std::vector<Candidate> out;
    // Accepted points in a grid of spacing-sized cells.
    std::map<std::pair<long long, long long>, std::vector<XY>> grid;
    const double cell = spacing_m > 0 ? spacing_m : 1.0;
    std::vector<NodeId> nb;
    for (NodeId v = 0; v < g.nodeCount(); ++v) {
        if (!core_[v]) continue;
        nb.clear();
        for (ArcId a = first_out[v]; a < first_out[v + 1]; ++a) nb.push_back(g.head(a));
        for (std::uint32_t k = first_in[v]; k < first_in[v + 1]; ++k) nb.push_back(g.tail(in_arcs[k]));
        std::sort(nb.begin(), nb.end());
        nb.erase(std::unique(nb.begin(), nb.end()), nb.end());
        if (nb.size() < 3) continue;
        const XY p = g.nodeXY(v);
        const long long cx = static_cast<long long>(std::floor(p.x / cell)), cy = static_cast<long long>(std::floor(p.y / cell));
        if (spacing_m > 0) {
            bool near = false;
            for (long long dy = -1; dy <= 1 && !near; ++dy)
                for (long long dx = -1; dx <= 1 && !near; ++dx) {
                    const auto it = grid.find({cx + dx, cy + dy});
                    if (it == grid.end()) continue;
                    for (const XY& q : it->second)
                        if (std::hypot(q.x - p.x, q.y - p.y) < spacing_m) {
                            near = true;
                            break;
                        }
                }
            if (near) continue;
            grid[{cx, cy}].push_back(p);
        }
        Candidate c;
        c.id = prefixedId('X', g.roadNode(v));
        c.name = "路口 " + std::to_string(g.roadNode(v));
        c.pos = p;
        c.source = "intersection";
        c.node = v;
        out.push_back(std::move(c));
    }
    return out;
}

TravelLists RoadSites::travelLists(std::span<const Candidate> candidates, std::span<const DemandPoint> demand,
                                   Millis horizon_ms, int threads, const Progress& progress) const {
    const TravelGraph& g = *graph_;
    std::vector<std::uint32_t> demand_of(g.nodeCount(), kNoId);
    for (std::uint32_t i = 0; i < demand.size(); ++i) {
        const NodeId v = demand[i].node;
        if (v == kNoId) continue;
        if (v >= g.nodeCount()) throw Error("", "travel lists", "demand point " + std::to_string(i) + " has no such node");
        if (demand_of[v] != kNoId)
            throw Error("", "travel lists", "demand points " + std::to_string(demand_of[v]) + " and " + std::to_string(i) +
                                                " share a node (add them up first: demandOnNodes)");
        demand_of[v] = i;
    }
    for (std::size_t j = 0; j < candidates.size(); ++j)
        if (candidates[j].node != kNoId && candidates[j].node >= g.nodeCount())
            throw Error("", "travel lists", "candidate " + candidates[j].id + " has no such node");

    std::vector<std::vector<TravelEntry>> lists(candidates.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    auto work = [&](bool report) {
        IsochroneSearch search(g);
        Reach reach;
        for (;;) {
            if (stop.load()) return;
            const std::size_t j = next.fetch_add(1);
            if (j >= candidates.size()) return;
            if (candidates[j].node != kNoId) {
                const SearchSeed seed{candidates[j].node, 0};
                search.runFromSeeds({&seed, 1}, horizon_ms, reach);
                for (std::size_t q = 0; q < reach.size(); ++q) {
                    const std::uint32_t i = demand_of[reach.nodes[q]];
                    if (i != kNoId) lists[j].push_back({i, reach.time_ms[q]});
                }
            }
            const std::size_t d = done.fetch_add(1) + 1;
            if (report && (d % 32 == 0 || d == candidates.size()))
                progress.report(static_cast<double>(d) / std::max<std::size_t>(1, candidates.size()), "路网时间 travel times");
        }
    };
    const int extra = std::max(0, std::min(threads, 64) - 1);
    std::vector<std::thread> pool;
    for (int t = 0; t < extra; ++t) pool.emplace_back(work, false);
    try {
        work(true);
    } catch (...) {
        stop = true;
        for (std::thread& t : pool) t.join();
        throw;
    }
    for (std::thread& t : pool) t.join();
    return TravelLists(std::move(lists), demand.size(), horizon_ms);
}

NodeDemand demandOnNodes(const RoadSites& sites, std::span<const XY> points, std::span<const double> weights,
                         double max_snap_m) {
    if (!weights.empty() && weights.size() != points.size())
        throw Error("", "demand", "weights and points differ in number");
    NodeDemand out;
    out.points = points.size();
    std::map<NodeId, double> by_node;
    for (std::size_t k = 0; k < points.size(); ++k) {
        const double w = weights.empty() ? 1.0 : weights[k];
        const NodeId v = sites.nodeNear(points[k], max_snap_m);
        if (v == kNoId) {
            ++out.off_network;
            out.off_network_weight += w;
            continue;
        }
        by_node[v] += w;
    }
    for (const auto& [v, w] : by_node) {
        if (!(w > 0)) continue;
        DemandPoint d;
        d.pos = sites.graph().nodeXY(v);
        d.weight = w;
        d.node = v;
        out.demand.push_back(d);
    }
    return out;
}

}  // namespace jingwei::place
