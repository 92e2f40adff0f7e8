#include "analysis/hex_grid.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.h"

namespace jingwei {

namespace {
constexpr double kSqrt3 = std::numbers::sqrt3;
}

HexGrid::HexGrid(double size_m, HexOrientation orientation, XY origin)
    : size_(size_m), orientation_(orientation), origin_(origin) {
    if (!(size_m > 0) || !std::isfinite(size_m)) throw Error("", "hex grid", "the hexagon size must be positive");
}

double HexGrid::areaM2() const { return 1.5 * kSqrt3 * size_ * size_; }
double HexGrid::centreSpacing() const { return kSqrt3 * size_; }

XY HexGrid::centre(HexCoord h) const {
    if (orientation_ == HexOrientation::FlatTop)
        return XY{origin_.x + size_ * 1.5 * h.q, origin_.y + size_ * kSqrt3 * (h.r + 0.5 * h.q)};
    return XY{origin_.x + size_ * kSqrt3 * (h.q + 0.5 * h.r), origin_.y + size_ * 1.5 * h.r};
}

HexCoord HexGrid::cellAt(XY p) const {
    const double x = (p.x - origin_.x) / size_, y = (p.y - origin_.y) / size_;
    double q = 0, r = 0;
    if (orientation_ == HexOrientation::FlatTop) {
        q = 2.0 / 3.0 * x;
        r = -1.0 / 3.0 * x + kSqrt3 / 3.0 * y;
    } else {
        q = kSqrt3 / 3.0 * x - 1.0 / 3.0 * y;
        r = 2.0 / 3.0 * y;
    }
    // Cube rounding: round all three, fix the one that moved most.
    const double s = -q - r;
    double rq = std::round(q), rr = std::round(r), rs = std::round(s);
    const double dq = std::abs(rq - q), dr = std::abs(rr - r), ds = std::abs(rs - s);
    if (dq > dr && dq > ds) rq = -rr - rs;
    else if (dr > ds) rr = -rq - rs;
    return HexCoord{static_cast<int>(rq), static_cast<int>(rr)};
}

std::array<XY, 6> HexGrid::corners(HexCoord h) const {
    const XY c = centre(h);
    std::array<XY, 6> out;
    const double start = orientation_ == HexOrientation::FlatTop ? 0.0 : 30.0;
    for (int k = 0; k < 6; ++k) {
        const double a = (start + 60.0 * k) * std::numbers::pi / 180.0;
        out[static_cast<std::size_t>(k)] = XY{c.x + size_ * std::cos(a), c.y + size_ * std::sin(a)};
    }
    return out;
}

std::vector<HexCoord> HexGrid::covering(const Bounds& b) const {
    std::vector<HexCoord> out;
    if (b.empty()) return out;
    const Bounds g{b.min_x - size_, b.min_y - size_, b.max_x + size_, b.max_y + size_};
    // The axial range of the corners, then keep centres inside g.
    int qmin = INT32_MAX, qmax = INT32_MIN, rmin = INT32_MAX, rmax = INT32_MIN;
    for (const XY p : {XY{g.min_x, g.min_y}, XY{g.min_x, g.max_y}, XY{g.max_x, g.min_y}, XY{g.max_x, g.max_y}}) {
        const HexCoord h = cellAt(p);
        qmin = std::min(qmin, h.q - 1);
        qmax = std::max(qmax, h.q + 1);
        rmin = std::min(rmin, h.r - 1);
        rmax = std::max(rmax, h.r + 1);
    }
    if (static_cast<double>(qmax - qmin + 1) * (rmax - rmin + 1) > 5e7)
        throw Error("", "hex grid", "more than 5·10^7 hexagons: the hexagon size is too small for this extent");
    for (int r = rmin; r <= rmax; ++r)
        for (int q = qmin; q <= qmax; ++q) {
            const XY c = centre(HexCoord{q, r});
            if (c.x >= g.min_x && c.x <= g.max_x && c.y >= g.min_y && c.y <= g.max_y) out.push_back(HexCoord{q, r});
        }
    return out;
}

}  // namespace jingwei
