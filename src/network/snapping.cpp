#include "network/snapping.h"

#include <algorithm>
#include <cmath>

namespace jingwei {

double pointSegmentDistance(XY p, XY a, XY b, double* t) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double u = 0;
    if (len2 > 0) u = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
    if (t) *t = u;
    const double qx = a.x + u * dx - p.x, qy = a.y + u * dy - p.y;
    return std::sqrt(qx * qx + qy * qy);
}

SnapIndex::SnapIndex(const TravelGraph& g, double cell_m) : g_(&g) {
    for (LinkId l = 0; l < g.linkCount(); ++l) {
        const auto pts = g.shape(l);
        for (std::uint32_t i = 0; i + 1 < pts.size(); ++i)
            segs_.push_back({pts[i].x, pts[i].y, pts[i + 1].x, pts[i + 1].y, l, i});
    }
    Bounds b;
    for (const Seg& s : segs_) {
        b.add(s.x0, s.y0);
        b.add(s.x1, s.y1);
    }
    if (b.empty()) b.add(0, 0);
    const double w = std::max(b.width(), 1.0), h = std::max(b.height(), 1.0);
    if (!(cell_m > 0)) {
        // About two segments per cell on average, 20–500 m.
        const double per = std::sqrt(w * h / std::max<double>(1.0, static_cast<double>(segs_.size())));
        cell_m = std::clamp(per * 1.5, 20.0, 500.0);
    }
    // At most ~4M cells.
    while ((w / cell_m + 1) * (h / cell_m + 1) > 4.0e6) cell_m *= 1.5;
    cell_m_ = cell_m;
    x0_ = b.min_x;
    y0_ = b.min_y;
    cols_ = static_cast<int>(std::floor(w / cell_m_)) + 1;
    rows_ = static_cast<int>(std::floor(h / cell_m_)) + 1;

    const std::size_t ncell = static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_);
    cell_first_.assign(ncell + 1, 0);
    auto forEachCell = [&](const Seg& s, auto&& f) {
        Bounds sb;
        sb.add(s.x0, s.y0);
        sb.add(s.x1, s.y1);
        int c0, r0, c1, r1;
        if (!cellRange(sb, &c0, &r0, &c1, &r1)) return;
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) f(static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(c));
    };
    for (const Seg& s : segs_) forEachCell(s, [&](std::size_t c) { ++cell_first_[c + 1]; });
    for (std::size_t c = 0; c < ncell; ++c) cell_first_[c + 1] += cell_first_[c];
    cell_items_.resize(cell_first_[ncell]);
    std::vector<std::uint32_t> pos(cell_first_.begin(), cell_first_.end() - 1);
    for (std::uint32_t i = 0; i < segs_.size(); ++i) forEachCell(segs_[i], [&](std::size_t c) { cell_items_[pos[c]++] = i; });
}

bool SnapIndex::cellRange(const Bounds& b, int* c0, int* r0, int* c1, int* r1) const {
    const double fc0 = std::floor((b.min_x - x0_) / cell_m_), fc1 = std::floor((b.max_x - x0_) / cell_m_);
    const double fr0 = std::floor((b.min_y - y0_) / cell_m_), fr1 = std::floor((b.max_y - y0_) / cell_m_);
    if (!(fc1 >= 0 && fr1 >= 0 && fc0 < cols_ && fr0 < rows_)) return false;
    *c0 = static_cast<int>(std::max(0.0, fc0));
    *r0 = static_cast<int>(std::max(0.0, fr0));
    *c1 = static_cast<int>(std::min<double>(cols_ - 1, fc1));
    *r1 = static_cast<int>(std::min<double>(rows_ - 1, fr1));
    return true;
}

Snap SnapIndex::snap(XY p, double max_distance_m) const {
    Snap best;
    best.query = p;
    if (segs_.empty() || !std::isfinite(p.x) || !std::isfinite(p.y)) return best;
    double best_d = std::numeric_limits<double>::infinity();
    std::uint32_t best_i = 0;
    double best_t = 0;
    // The cell of p (may lie outside the grid).
    const double fc = std::floor((p.x - x0_) / cell_m_), fr = std::floor((p.y - y0_) / cell_m_);
    // Distance from p to the grid box: rings closer than that are empty.
    const double gx = std::max({x0_ - p.x, 0.0, p.x - (x0_ + cols_ * cell_m_)});
    const double gy = std::max({y0_ - p.y, 0.0, p.y - (y0_ + rows_ * cell_m_)});
    if (std::hypot(gx, gy) > max_distance_m) return best;
    const int max_ring = cols_ + rows_ + 2 + static_cast<int>(std::abs(fc) + std::abs(fr));
    for (int k = 0; k <= max_ring; ++k) {
        // Cells at Chebyshev distance k from (fc, fr).
        const double cmin = fc - k, cmax = fc + k, rmin = fr - k, rmax = fr + k;
        if (!(cmax < 0 || rmax < 0 || cmin >= cols_ || rmin >= rows_)) {
            const int c0 = static_cast<int>(std::max(0.0, cmin)), c1 = static_cast<int>(std::min<double>(cols_ - 1, cmax));
            const int r0 = static_cast<int>(std::max(0.0, rmin)), r1 = static_cast<int>(std::min<double>(rows_ - 1, rmax));
            for (int r = r0; r <= r1; ++r) {
                const bool edge_row = (r == rmin || r == rmax);
                for (int c = c0; c <= c1; ++c) {
                    if (!edge_row && c != cmin && c != cmax) continue;  // inner cells were done
                    const std::size_t cell = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(c);
                    for (std::uint32_t j = cell_first_[cell]; j < cell_first_[cell + 1]; ++j) {
                        const std::uint32_t i = cell_items_[j];
                        const Seg& s = segs_[i];
                        double t;
                        const double d = pointSegmentDistance(p, {s.x0, s.y0}, {s.x1, s.y1}, &t);
                        const bool better =
                            d < best_d - 1e-9 ||
                            (d <= best_d + 1e-9 && (s.link < segs_[best_i].link ||
                                                    (s.link == segs_[best_i].link && s.segment < segs_[best_i].segment)));
                        if (better || best_d == std::numeric_limits<double>::infinity()) {
                            best_d = d;
                            best_i = i;
                            best_t = t;
                        }
                    }
                }
            }
        }
        // Everything not yet seen is at least this far from p.
        const double inner = std::min({p.x - (x0_ + cmin * cell_m_), (x0_ + (cmax + 1) * cell_m_) - p.x,
                                       p.y - (y0_ + rmin * cell_m_), (y0_ + (rmax + 1) * cell_m_) - p.y});
        if (best_d + 1e-9 < inner || inner > max_distance_m + cell_m_) break;
        if (cmin < 0 && rmin < 0 && cmax >= cols_ - 1 && rmax >= rows_ - 1) break;  // covered the whole grid
    }
    if (!(best_d <= max_distance_m)) return best;
    const Seg& s = segs_[best_i];
    best.on_network = true;
    best.link = s.link;
    best.segment = s.segment;
    best.distance_m = best_d;
    best.point = {s.x0 + best_t * (s.x1 - s.x0), s.y0 + best_t * (s.y1 - s.y0)};
    const auto off = g_->shapeOffsetsM(s.link);
    const double len = g_->link(s.link).length_m;
    best.offset_m = off[s.segment] + best_t * (off[s.segment + 1] - off[s.segment]);
    best.fraction = len > 0 ? std::clamp(best.offset_m / len, 0.0, 1.0) : 0.0;
    return best;
}

void SnapIndex::segmentsInBox(const Bounds& box, std::vector<SegmentRef>& out) const {
    out.clear();
    int c0, r0, c1, r1;
    if (box.empty() || !cellRange(box, &c0, &r0, &c1, &r1)) return;
    std::vector<std::uint32_t> ids;
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const std::size_t cell = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(c);
            for (std::uint32_t j = cell_first_[cell]; j < cell_first_[cell + 1]; ++j) {
                const Seg& s = segs_[cell_items_[j]];
                if (std::max(s.x0, s.x1) < box.min_x || std::min(s.x0, s.x1) > box.max_x ||
                    std::max(s.y0, s.y1) < box.min_y || std::min(s.y0, s.y1) > box.max_y)
                    continue;
                ids.push_back(cell_items_[j]);
            }
        }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    out.reserve(ids.size());
    for (std::uint32_t i : ids) out.push_back({segs_[i].link, segs_[i].segment});  // segs_ are in (link, segment) order
}

void SnapIndex::segmentsNear(XY p, double radius_m, std::vector<SegmentRef>& out) const {
    Bounds box;
    box.add(p.x - radius_m, p.y - radius_m);
    box.add(p.x + radius_m, p.y + radius_m);
    std::vector<SegmentRef> cand;
    segmentsInBox(box, cand);
    out.clear();
    for (const SegmentRef& r : cand) {
        const auto pts = g_->shape(r.link);
        if (pointSegmentDistance(p, pts[r.segment], pts[r.segment + 1], nullptr) <= radius_m) out.push_back(r);
    }
}

void SnapIndex::linksInBox(const Bounds& box, std::vector<LinkId>& out) const {
    std::vector<SegmentRef> segs;
    segmentsInBox(box, segs);
    out.clear();
    for (const SegmentRef& s : segs)
        if (out.empty() || out.back() != s.link) out.push_back(s.link);
}

}  // namespace jingwei
