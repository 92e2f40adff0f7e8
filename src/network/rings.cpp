#include "network/rings.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace jingwei {

void RingOptions::validate() const {
    auto bad = [](const std::string& why) { throw Error("", "ring options", why); };
    if (minutes.empty()) bad("no band minutes given");
    if (minutes.size() > 32) bad("at most 32 bands");
    for (double m : minutes)
        if (!(m > 0) || m > 120) bad("band minutes must be in (0, 120], got " + std::to_string(m));
    if (!(offroad_m >= 0) || offroad_m > 1000) bad("offroad_m must be in [0, 1000]");
    if (!(cell_m >= 0.5) || cell_m > 500) bad("cell_m must be in [0.5, 500]");
}

std::vector<Millis> RingOptions::limitsMs() const {
    std::vector<Millis> out;
    for (double m : minutes) out.push_back(secondsToMs(m * 60.0));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Bounds linkBounds(const TravelGraph& g, LinkId l) {
    Bounds b;
    for (const XY& p : g.shape(l)) b.add(p.x, p.y);
    return b;
}

void linkEnvelope(const TravelGraph& g, LinkId l, std::span<const Millis> node_time,
                  std::span<const std::uint32_t> node_owner, std::span<const OnLinkUnit> on_link, double max_ms,
                  std::vector<TimePiece>& scratch, std::vector<TimePiece>& out) {
    const RoadLink& link = g.link(l);
    scratch.clear();
    appendLinkPieces(g, l, node_time[link.from], node_owner.empty() ? 0 : node_owner[link.from], node_time[link.to],
                     node_owner.empty() ? 0 : node_owner[link.to], on_link, scratch);
    out.clear();
    if (scratch.size() == 1) {
        // One piece is its own envelope (cut to max_ms by the stamping).
        if (std::min(scratch[0].t0_ms, scratch[0].t1_ms) <= max_ms) out.push_back(scratch[0]);
        return;
    }
    if (!scratch.empty()) lowerEnvelope(scratch, max_ms, out);
}

namespace {

// Calls f(point_lo, point_hi, t_lo, t_hi) for each straight part of the
// piece along the link's (stamp) shape, restricted to fractions [a, b].
template <class F>
void forEachStraight(const StampShapes& shapes, LinkId l, const TimePiece& piece, double a, double b, F&& f) {
    const double span = piece.s1 - piece.s0;
    auto timeAt = [&](double s) {
        return span > 0 ? piece.t0_ms + (piece.t1_ms - piece.t0_ms) * (s - piece.s0) / span : piece.t0_ms;
    };
    const auto pts = shapes.points(l);
    const auto fr = shapes.fractions(l);
    if (!(fr.back() > 0)) {
        const double t = std::min(timeAt(a), timeAt(b));
        f(pts[0], pts[0], t, t);
        return;
    }
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        const double fa = fr[i], fb = fr[i + 1];
        if (fb < a) continue;
        if (fa > b) break;
        const double lo = std::max(fa, a), hi = std::min(fb, b);
        if (lo > hi) continue;
        const double seg = fb - fa;
        auto at = [&](double s) {
            const double u = seg > 0 ? (s - fa) / seg : 0.0;
            return XY{pts[i].x + u * (pts[i + 1].x - pts[i].x), pts[i].y + u * (pts[i + 1].y - pts[i].y)};
        };
        f(at(lo), at(hi), timeAt(lo), timeAt(hi));
    }
}

// The fractions of the piece with time ≤ max_ms; false when none.
bool within(const TimePiece& piece, double max_ms, double* a, double* b) {
    const double span = piece.s1 - piece.s0;
    const bool in0 = piece.t0_ms <= max_ms, in1 = piece.t1_ms <= max_ms;
    if (!in0 && !in1) return false;
    *a = piece.s0;
    *b = piece.s1;
    if (!in1) *b = piece.s0 + (max_ms - piece.t0_ms) / (piece.t1_ms - piece.t0_ms) * span;
    if (!in0) *a = piece.s1 - (max_ms - piece.t1_ms) / (piece.t0_ms - piece.t1_ms) * span;
    return true;
}

}  // namespace

void stampPiece(BandRaster& raster, const StampShapes& shapes, LinkId l, const TimePiece& piece,
                std::span<const double> limits_ms, double radius_m, const RasterWindow* clip) {
    double a, b;
    if (limits_ms.empty() || !within(piece, limits_ms.back(), &a, &b)) return;
    forEachStraight(shapes, l, piece, a, b, [&](XY p, XY q, double tp, double tq) {
        raster.stamp(p, q, tp, tq, limits_ms, radius_m, clip);
    });
}

void stampPiece(TimeRaster& raster, const StampShapes& shapes, LinkId l, const TimePiece& piece, double max_ms,
                double radius_m, const RasterWindow* clip) {
    double a, b;
    if (!within(piece, max_ms, &a, &b)) return;
    forEachStraight(shapes, l, piece, a, b, [&](XY p, XY q, double tp, double tq) {
        raster.stamp(p, q, tp, tq, piece.owner, radius_m, clip);
    });
}

MultiPolygon polygonizeBand(const BandRaster& raster, std::uint8_t k, Polygonizer how) {
    return polygonizeMask(raster.grid(), raster.maskUpTo(k), how);
}

MultiPolygon polygonizeBelow(const TimeRaster& raster, double limit_ms) {
    const auto t = raster.times();
    std::vector<std::uint8_t> mask(t.size());
    const float lim = static_cast<float>(limit_ms);
    for (std::size_t i = 0; i < t.size(); ++i) mask[i] = t[i] <= lim ? 1 : 0;
    return polygonizeMask(raster.grid(), mask);
}

StampShapes::StampShapes(const TravelGraph& g, double tol) {
    first_.reserve(g.linkCount() + 1);
    first_.push_back(0);
    std::vector<std::uint8_t> keep;
    std::vector<std::pair<std::size_t, std::size_t>> stack;
    const double tol2 = tol * tol;
    for (LinkId l = 0; l < g.linkCount(); ++l) {
        const auto pts = g.shape(l);
        const auto off = g.shapeOffsetsM(l);
        const double len = g.link(l).length_m;
        const std::size_t n = pts.size();
        keep.assign(n, 0);
        keep[0] = keep[n - 1] = 1;
        if (tol > 0 && n > 2) {
            stack.clear();
            stack.emplace_back(0, n - 1);
            while (!stack.empty()) {
                const auto [i, j] = stack.back();
                stack.pop_back();
                if (j <= i + 1) continue;
                const double dx = pts[j].x - pts[i].x, dy = pts[j].y - pts[i].y;
                const double d2 = dx * dx + dy * dy;
                double worst = -1;
                std::size_t at = i;
                for (std::size_t k = i + 1; k < j; ++k) {
                    double e2;
                    if (d2 > 0) {
                        const double cr = (pts[k].x - pts[i].x) * dy - (pts[k].y - pts[i].y) * dx;
                        const double t = ((pts[k].x - pts[i].x) * dx + (pts[k].y - pts[i].y) * dy) / d2;
                        if (t < 0 || t > 1) {
                            const XY e = t < 0 ? pts[i] : pts[j];
                            e2 = (pts[k].x - e.x) * (pts[k].x - e.x) + (pts[k].y - e.y) * (pts[k].y - e.y);
                        } else {
                            e2 = cr * cr / d2;
                        }
                    } else {
                        e2 = (pts[k].x - pts[i].x) * (pts[k].x - pts[i].x) + (pts[k].y - pts[i].y) * (pts[k].y - pts[i].y);
                    }
                    if (e2 > worst) {
                        worst = e2;
                        at = k;
                    }
                }
                if (worst > tol2) {
                    keep[at] = 1;
                    stack.emplace_back(i, at);
                    stack.emplace_back(at, j);
                }
            }
        } else {
            std::fill(keep.begin(), keep.end(), 1);
        }
        for (std::size_t k = 0; k < n; ++k)
            if (keep[k]) {
                pts_.push_back(pts[k]);
                frac_.push_back(len > 0 ? off[k] / len : 0.0);
            }
        first_.push_back(static_cast<std::uint32_t>(pts_.size()));
    }
}

RingBuilder::RingBuilder(const TravelGraph& g, RingOptions opt)
    : g_(&g), opt_(std::move(opt)), shapes_((opt_.validate(), StampShapes(g, opt_.simplify_m))), search_(g) {
    limits_ = opt_.limitsMs();
    minutes_ = opt_.minutes;
    std::sort(minutes_.begin(), minutes_.end());
    minutes_.erase(std::unique(minutes_.begin(), minutes_.end()), minutes_.end());
}

UnitRings RingBuilder::build(const Snap& origin) {
    UnitRings out;
    out.origin = origin;
    for (std::size_t k = 0; k < limits_.size(); ++k) out.rings.push_back({minutes_[k], limits_[k], {}, 0});
    if (!origin.on_network) return out;

    const TravelGraph& g = *g_;
    search_.run(origin, limits_.back(), out.reach);
    std::vector<LinkId> links;
    links.push_back(origin.link);
    const auto first = g.firstOut();
    for (NodeId v : out.reach.nodes)
        for (ArcId a = first[v]; a < first[v + 1]; ++a) links.push_back(g.linkOf(a));
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());

    const OnLinkUnit self{0, origin.fraction};
    const std::vector<double> lim(limits_.begin(), limits_.end());
    std::vector<TimePiece> scratch, env;
    // The reached pieces first, so the raster only covers what is reached.
    Bounds box;
    std::vector<std::pair<LinkId, TimePiece>> reached;
    for (LinkId l : links) {
        linkEnvelope(g, l, search_.times(), {},
                     l == origin.link ? std::span<const OnLinkUnit>(&self, 1) : std::span<const OnLinkUnit>(),
                     lim.back(), scratch, env);
        for (const TimePiece& p : env) reached.emplace_back(l, p);
        if (!env.empty()) box.add(linkBounds(g, l));
    }
    const double pad = opt_.offroad_m + opt_.cell_m;
    box.min_x -= pad;
    box.min_y -= pad;
    box.max_x += pad;
    box.max_y += pad;
    BandRaster raster(RasterGrid::covering(box, opt_.cell_m));
    for (const auto& [l, p] : reached) stampPiece(raster, shapes_, l, p, lim, opt_.offroad_m);
    for (std::size_t k = 0; k < out.rings.size(); ++k) {
        Ring& r = out.rings[k];
        r.polygons = polygonizeBand(raster, static_cast<std::uint8_t>(k), opt_.polygonizer);
        r.area_m2 = area(r.polygons);
    }
    return out;
}

}  // namespace jingwei
