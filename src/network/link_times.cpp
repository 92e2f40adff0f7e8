#include "network/link_times.h"

#include <algorithm>
#include <cmath>

namespace jingwei {

void appendLinkPieces(const TravelGraph& g, LinkId l, Millis t_from, std::uint32_t owner_from, Millis t_to,
                      std::uint32_t owner_to, std::span<const OnLinkUnit> on_link, std::vector<TimePiece>& out) {
    const RoadLink& link = g.link(l);
    const bool fwd = link.forward != kNoId, bwd = link.backward != kNoId;
    const double cf = fwd ? static_cast<double>(g.costMs(link.forward)) : 0.0;
    const double cb = bwd ? static_cast<double>(g.costMs(link.backward)) : 0.0;
    if (fwd && t_from != kUnreachedMs)
        out.push_back({0.0, 1.0, static_cast<double>(t_from), static_cast<double>(t_from) + cf, owner_from});
    if (bwd && t_to != kUnreachedMs)
        out.push_back({0.0, 1.0, static_cast<double>(t_to) + cb, static_cast<double>(t_to), owner_to});
    for (const OnLinkUnit& u : on_link) {
        const double f = std::clamp(u.fraction, 0.0, 1.0);
        if (fwd) out.push_back({f, 1.0, 0.0, (1.0 - f) * cf, u.owner});
        if (bwd) out.push_back({0.0, f, f * cb, 0.0, u.owner});
    }
}

namespace {

// The sub-interval of one piece where its time ≤ limit; false when empty.
bool pieceWithin(const TimePiece& p, double limit, double* a, double* b) {
    const bool in0 = p.t0_ms <= limit, in1 = p.t1_ms <= limit;
    if (in0 && in1) {
        *a = p.s0;
        *b = p.s1;
    } else if (in0) {
        *a = p.s0;
        *b = p.s0 + (limit - p.t0_ms) / (p.t1_ms - p.t0_ms) * (p.s1 - p.s0);
    } else if (in1) {
        *a = p.s1 - (limit - p.t1_ms) / (p.t0_ms - p.t1_ms) * (p.s1 - p.s0);
        *b = p.s1;
    } else {
        return false;
    }
    return true;
}

double valueAt(const TimePiece& p, double s) {
    if (p.s1 <= p.s0) return p.t0_ms;
    return p.t0_ms + (p.t1_ms - p.t0_ms) * (s - p.s0) / (p.s1 - p.s0);
}

}  // namespace

void reachedIntervals(std::span<const TimePiece> pieces, double limit_ms, std::vector<std::pair<double, double>>& out) {
    out.clear();
    for (const TimePiece& p : pieces) {
        double a, b;
        if (pieceWithin(p, limit_ms, &a, &b)) out.emplace_back(a, b);
    }
    if (out.size() < 2) return;
    std::sort(out.begin(), out.end());
    std::size_t k = 0;
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i].first <= out[k].second + 1e-12)
            out[k].second = std::max(out[k].second, out[i].second);
        else
            out[++k] = out[i];
    }
    out.resize(k + 1);
}

double reachedFraction(std::span<const TimePiece> pieces, double limit_ms) {
    std::vector<std::pair<double, double>> iv;
    reachedIntervals(pieces, limit_ms, iv);
    double sum = 0;
    for (const auto& [a, b] : iv) sum += b - a;
    return sum;
}

double reachedFractionFromNodes(const TravelGraph& g, LinkId l, Millis t_from, Millis t_to, double limit_ms) {
    const RoadLink& link = g.link(l);
    auto part = [&](ArcId arc, Millis t) {
        if (arc == kNoId || t == kUnreachedMs || static_cast<double>(t) > limit_ms) return 0.0;
        const double c = static_cast<double>(g.costMs(arc));
        const double left = limit_ms - static_cast<double>(t);
        return c <= left ? 1.0 : left / c;
    };
    return std::min(1.0, part(link.forward, t_from) + part(link.backward, t_to));
}

void lowerEnvelope(std::span<const TimePiece> pieces, double limit_ms, std::vector<TimePiece>& out) {
    out.clear();
    if (pieces.empty()) return;
    std::vector<double> cuts;
    for (const TimePiece& p : pieces) {
        cuts.push_back(p.s0);
        cuts.push_back(p.s1);
        double a, b;
        if (pieceWithin(p, limit_ms, &a, &b)) {
            cuts.push_back(a);
            cuts.push_back(b);
        }
    }
    for (std::size_t i = 0; i < pieces.size(); ++i)
        for (std::size_t j = i + 1; j < pieces.size(); ++j) {
            const TimePiece &p = pieces[i], &q = pieces[j];
            const double lo = std::max(p.s0, q.s0), hi = std::min(p.s1, q.s1);
            if (!(hi > lo)) continue;
            const double dlo = valueAt(p, lo) - valueAt(q, lo), dhi = valueAt(p, hi) - valueAt(q, hi);
            if ((dlo < 0) != (dhi < 0) && dlo != dhi) cuts.push_back(lo + (hi - lo) * dlo / (dlo - dhi));
        }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const double a = cuts[i], b = cuts[i + 1];
        if (!(b - a > 1e-12)) continue;
        const double mid = 0.5 * (a + b);
        const TimePiece* best = nullptr;
        double best_v = 0;
        for (const TimePiece& p : pieces) {
            if (mid < p.s0 || mid > p.s1) continue;
            const double v = valueAt(p, mid);
            if (!best || v < best_v - 1e-9 || (v <= best_v + 1e-9 && p.owner < best->owner)) {
                best = &p;
                best_v = v;
            }
        }
        if (!best || best_v > limit_ms) continue;
        out.push_back({a, b, valueAt(*best, a), valueAt(*best, b), best->owner});
    }
}

}  // namespace jingwei
