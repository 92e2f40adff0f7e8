#include "sim/sim_network.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "network/components.h"
#include "network/road_graph.h"

namespace jingwei::sim {

SimNetwork::SimNetwork(const RoadData& roads, const TravelTimeModel& model, const Progress& progress)
    : graph_(roads, model, progress) {
    if (model.hour != -1) throw Error("", "travel model", "the simulation applies congestion itself: hour must be -1");
    if (graph_.arcCount() == 0) throw Error("", "road network", "the map has no drivable roads");
    progress.report(0.6, "snapping index");
    snap_ = std::make_unique<SnapIndex>(graph_);

    const std::size_t n = graph_.nodeCount();
    const auto first_out = graph_.firstOut();
    const auto arcs = graph_.arcs();
    first_in_.assign(n + 1, 0);
    for (const TravelArc& a : arcs) ++first_in_[a.head + 1];
    for (std::size_t v = 0; v < n; ++v) first_in_[v + 1] += first_in_[v];
    rev_.resize(arcs.size());
    std::vector<std::uint32_t> fill(first_in_.begin(), first_in_.end() - 1);
    for (NodeId u = 0; u < n; ++u)
        for (ArcId a = first_out[u]; a < first_out[u + 1]; ++a) rev_[fill[arcs[a].head]++] = {u, a};

    progress.report(0.8, "strongly connected core");
    std::vector<ArcInput> in;
    in.reserve(arcs.size());
    for (NodeId u = 0; u < n; ++u)
        for (ArcId a = first_out[u]; a < first_out[u + 1]; ++a) in.push_back({u, arcs[a].head, 1.0});
    const RoadGraph rg = RoadGraph::fromArcs(n, in);
    ComponentMask core = largestStronglyConnectedComponent(rg);
    core_ = std::move(core.mask);
    core_size_ = core.size;
    progress.report(1.0, "network ready");
}

NodeId SimNetwork::nodeNear(XY p, double max_m, double* dist_m) const {
    auto pick = [&](const Snap& s) -> NodeId {
        const RoadLink& l = graph_.link(s.link);
        const bool from_first = s.fraction <= 0.5;
        const NodeId a = from_first ? l.from : l.to, b = from_first ? l.to : l.from;
        if (core_[a]) return a;
        if (core_[b]) return b;
        return kNoId;
    };
    const Snap s = snap_->snap(p, max_m);
    if (!s.on_network) {
        if (dist_m) *dist_m = s.distance_m;
        return kNoId;
    }
    if (const NodeId v = pick(s); v != kNoId) {
        if (dist_m) *dist_m = s.distance_m;
        return v;
    }
    // The nearest road is outside the core: look at every road within reach.
    std::vector<SegmentRef> segs;
    snap_->segmentsNear(p, max_m, segs);
    double best = max_m;
    NodeId best_node = kNoId;
    for (const SegmentRef& r : segs) {
        const auto pts = graph_.shape(r.link);
        double t = 0;
        const double d = pointSegmentDistance(p, pts[r.segment], pts[r.segment + 1], &t);
        if (d > best) continue;
        const RoadLink& l = graph_.link(r.link);
        const auto off = graph_.shapeOffsetsM(r.link);
        const double along = off[r.segment] + t * (off[r.segment + 1] - off[r.segment]);
        Snap fake;
        fake.link = r.link;
        fake.fraction = l.length_m > 0 ? along / l.length_m : 0;
        const NodeId v = pick(fake);
        if (v == kNoId) continue;
        if (d < best || (d == best && v < best_node)) {
            best = d;
            best_node = v;
        }
    }
    if (dist_m) *dist_m = best_node == kNoId ? s.distance_m : best;
    return best_node;
}

XY SimNetwork::arcPoint(ArcId a, double f) const {
    const LinkId l = graph_.linkOf(a);
    f = std::clamp(f, 0.0, 1.0);
    return graph_.pointAt(l, graph_.isBackward(a) ? 1.0 - f : f);
}

}  // namespace jingwei::sim
