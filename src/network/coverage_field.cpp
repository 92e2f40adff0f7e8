#include "network/coverage_field.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <string>
#include <thread>

#include "core/error.h"

#include "network/isochrone.h"
#include "network/link_times.h"

namespace jingwei {

std::size_t CoverageField::reachedCount() const {
    return static_cast<std::size_t>(std::count_if(time_ms.begin(), time_ms.end(), [](Millis t) { return t != kUnreachedMs; }));
}

struct MultiSourceSearch::Worker {
    explicit Worker(std::size_t n) : label(n, kNoLabel) {}
    struct Item {
        NodeId node;
        std::uint32_t owner;
    };
    std::vector<std::uint64_t> label;
    std::vector<NodeId> touched;
    detail::BucketQueue<Item> queue;

    void reset(Millis limit) {
        for (NodeId v : touched) label[v] = kNoLabel;
        touched.clear();
        queue.reset(limit);
    }

    template <class Seeds>
    void search(const TravelGraph& g, const Seeds& seedsOf, std::span<const std::uint32_t> which, Millis limit) {
        reset(limit);
        for (std::uint32_t u : which) {
            for (const SearchSeed& s : seedsOf(u)) {
                if (s.time_ms > limit) continue;
                const std::uint64_t k = packLabel(s.time_ms, u);
                if (!(k < label[s.node])) continue;
                if (label[s.node] == kNoLabel) touched.push_back(s.node);
                label[s.node] = k;
                queue.push(s.time_ms, Item{s.node, u});
            }
        }
        const ArcId* first = g.firstOut().data();
        const TravelArc* arcs = g.arcs().data();
        std::uint64_t* lab = label.data();
        // Within one millisecond bucket a node may first be expanded for a
        // higher unit index and then improved by a lower one; it is then
        // expanded again (label-correcting within the bucket), so the final
        // labels are the exact lexicographic minimum.
        Millis t;
        Item it;
        while (queue.pop(&t, &it)) {
            const std::uint64_t k = packLabel(t, it.owner);
            if (k != lab[it.node]) continue;  // stale entry
            const NodeId v = it.node;
            for (ArcId a = first[v], e = first[v + 1]; a < e; ++a) {
                const NodeId w = arcs[a].head;
                const std::uint64_t nt = static_cast<std::uint64_t>(t) + arcs[a].cost_ms;
                if (nt > limit) continue;
                const std::uint64_t nk = (nt << 32) | it.owner;
                if (!(nk < lab[w])) continue;
                if (lab[w] == kNoLabel) touched.push_back(w);
                lab[w] = nk;
                queue.push(static_cast<Millis>(nt), Item{w, it.owner});
            }
        }
    }
};

MultiSourceSearch::MultiSourceSearch(const TravelGraph& g, int threads) : g_(&g), threads_(std::max(1, threads)) {
    for (int t = 0; t < threads_; ++t) workers_.push_back(std::make_unique<Worker>(g.nodeCount()));
}

MultiSourceSearch::~MultiSourceSearch() = default;

void MultiSourceSearch::run(std::span<const Snap> units, Millis limit_ms, CoverageField& out, const Progress& progress) {
    std::vector<XY> where(units.size());
    std::vector<std::uint8_t> usable(units.size());
    for (std::size_t u = 0; u < units.size(); ++u) {
        where[u] = units[u].point;
        usable[u] = units[u].on_network;
    }
    runImpl(units.size(), [&](std::uint32_t u) { return originSeeds(*g_, units[u]); }, where, usable, limit_ms, out,
            progress);
}

void MultiSourceSearch::runFromNodes(std::span<const NodeId> nodes, Millis limit_ms, CoverageField& out,
                                     const Progress& progress) {
    std::vector<XY> where(nodes.size());
    std::vector<std::uint8_t> usable(nodes.size());
    for (std::size_t u = 0; u < nodes.size(); ++u) {
        usable[u] = nodes[u] < g_->nodeCount();
        if (usable[u]) where[u] = g_->nodeXY(nodes[u]);
    }
    runImpl(nodes.size(), [&](std::uint32_t u) { return std::array<SearchSeed, 1>{SearchSeed{nodes[u], 0}}; }, where,
            usable, limit_ms, out, progress);
}

template <class Seeds>
void MultiSourceSearch::runImpl(std::size_t count, const Seeds& seedsOf, const std::vector<XY>& where,
                                const std::vector<std::uint8_t>& usable, Millis limit_ms, CoverageField& out,
                                const Progress& progress) {
    const std::size_t n = g_->nodeCount();
    if (limit_ms > kMaxSearchLimitMs)
        throw Error("", "coverage field", "time limit " + std::to_string(limit_ms / 1000) + " s is above 4 hours");
    progress.report(0.0, "coverage field");
    // Spatial groups: usable units sorted along the longer side, cut into
    // equal strips.
    std::vector<std::uint32_t> order;
    order.reserve(count);
    for (std::uint32_t u = 0; u < count; ++u)
        if (usable[u]) order.push_back(u);
    const Bounds b = g_->bounds();
    const bool by_x = b.width() >= b.height();
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t c) {
        const double ka = by_x ? where[a].x : where[a].y;
        const double kc = by_x ? where[c].x : where[c].y;
        return ka < kc || (ka == kc && a < c);
    });
    const int groups = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads_), std::max<std::size_t>(1, order.size())));
    std::vector<std::span<const std::uint32_t>> parts;
    for (int t = 0; t < groups; ++t) {
        const std::size_t lo = order.size() * static_cast<std::size_t>(t) / static_cast<std::size_t>(groups);
        const std::size_t hi = order.size() * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(groups);
        parts.emplace_back(order.data() + lo, hi - lo);
    }
    if (groups == 1) {
        workers_[0]->search(*g_, seedsOf, parts[0], limit_ms);
    } else {
        std::vector<std::thread> pool;
        for (int t = 1; t < groups; ++t)
            pool.emplace_back([&, t] { workers_[t]->search(*g_, seedsOf, parts[t], limit_ms); });
        workers_[0]->search(*g_, seedsOf, parts[0], limit_ms);
        for (auto& th : pool) th.join();
    }
    progress.report(0.8, "coverage field");

    out.limit_ms = limit_ms;
    out.time_ms.resize(n);
    out.owner.resize(n);
    auto merge = [&](std::size_t lo, std::size_t hi) {
        for (std::size_t v = lo; v < hi; ++v) {
            std::uint64_t k = workers_[0]->label[v];
            for (int t = 1; t < groups; ++t) k = std::min(k, workers_[t]->label[v]);
            if (k == kNoLabel) {
                out.time_ms[v] = kUnreachedMs;
                out.owner[v] = kNoId;
            } else {
                out.time_ms[v] = static_cast<Millis>(k >> 32);
                out.owner[v] = static_cast<std::uint32_t>(k & 0xFFFFFFFFu);
            }
        }
    };
    if (groups == 1 || n < 65536) {
        merge(0, n);
    } else {
        std::vector<std::thread> pool;
        for (int t = 1; t < groups; ++t)
            pool.emplace_back([&, t] { merge(n * static_cast<std::size_t>(t) / static_cast<std::size_t>(groups),
                                             n * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(groups)); });
        merge(0, n / static_cast<std::size_t>(groups));
        for (auto& th : pool) th.join();
    }
    progress.report(1.0, "coverage field");
}

std::vector<double> reachedRoadLengthM(const TravelGraph& g, const CoverageField& field, std::span<const Snap> units,
                                       std::span<const Millis> limits, int threads) {
    // Units standing on links, by link.
    std::vector<std::pair<LinkId, OnLinkUnit>> on;
    for (std::uint32_t u = 0; u < units.size(); ++u)
        if (units[u].on_network) on.push_back({units[u].link, OnLinkUnit{u, units[u].fraction}});
    std::stable_sort(on.begin(), on.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t nl = g.linkCount(), nb = limits.size();
    const int parts = std::max(1, std::min<int>(threads, static_cast<int>(nl / 4096) + 1));
    std::vector<std::vector<double>> sums(static_cast<std::size_t>(parts), std::vector<double>(nb, 0.0));
    auto work = [&](int t) {
        const std::size_t lo = nl * static_cast<std::size_t>(t) / static_cast<std::size_t>(parts);
        const std::size_t hi = nl * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(parts);
        auto it = std::lower_bound(on.begin(), on.end(), static_cast<LinkId>(lo),
                                   [](const auto& p, LinkId v) { return p.first < v; });
        std::vector<TimePiece> pieces;
        std::vector<OnLinkUnit> here;
        std::vector<double>& sum = sums[static_cast<std::size_t>(t)];
        const TravelArc* arcs = g.arcs().data();
        for (std::size_t l = lo; l < hi; ++l) {
            const RoadLink& link = g.link(static_cast<LinkId>(l));
            const Millis ta = field.time_ms[link.from], tb = field.time_ms[link.to];
            here.clear();
            while (it != on.end() && it->first == l) here.push_back((it++)->second);
            if (here.empty()) {
                if (ta == kUnreachedMs && tb == kUnreachedMs) continue;
                // reachedFractionFromNodes() for every band, inlined: this
                // loop runs over every link of the city.
                const bool fwd = link.forward != kNoId && ta != kUnreachedMs;
                const bool bwd = link.backward != kNoId && tb != kUnreachedMs;
                const double cf = fwd ? static_cast<double>(arcs[link.forward].cost_ms) : 0.0;
                const double cb = bwd ? static_cast<double>(arcs[link.backward].cost_ms) : 0.0;
                const double fa = static_cast<double>(ta), fb = static_cast<double>(tb);
                for (std::size_t k = 0; k < nb; ++k) {
                    const double lim = static_cast<double>(limits[k]);
                    if ((fwd && fa + cf <= lim) || (bwd && fb + cb <= lim)) {
                        for (; k < nb; ++k) sum[k] += link.length_m;  // fully reached from here on
                        break;
                    }
                    double f = 0;
                    if (fwd && fa <= lim) f += (lim - fa) / cf;
                    if (bwd && fb <= lim) f += (lim - fb) / cb;
                    sum[k] += std::min(1.0, f) * link.length_m;
                }
            } else {
                pieces.clear();
                appendLinkPieces(g, static_cast<LinkId>(l), ta, field.owner[link.from], tb, field.owner[link.to], here,
                                 pieces);
                for (std::size_t k = 0; k < nb; ++k)
                    sum[k] += reachedFraction(pieces, static_cast<double>(limits[k])) * link.length_m;
            }
        }
    };
    if (parts == 1) {
        work(0);
    } else {
        std::vector<std::thread> pool;
        for (int t = 1; t < parts; ++t) pool.emplace_back(work, t);
        work(0);
        for (auto& th : pool) th.join();
    }
    std::vector<double> out(nb, 0.0);
    for (const auto& s : sums)
        for (std::size_t k = 0; k < nb; ++k) out[k] += s[k];
    return out;
}

CoverageField computeCoverageField(const TravelGraph& g, std::span<const Snap> units, Millis limit_ms, int threads,
                                   const Progress& progress) {
    MultiSourceSearch s(g, threads);
    CoverageField f;
    s.run(units, limit_ms, f, progress);
    return f;
}

}  // namespace jingwei
