#include "analysis/bandwidth.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/error.h"

namespace jingwei {
namespace {

struct Moments {
    double sw = 0, sw2 = 0, mx = 0, my = 0;
};

Moments moments(std::span<const XY> p, std::span<const double> w) {
    if (!w.empty() && w.size() != p.size())
        throw Error("", "bandwidth", "weights and points differ in number");
    if (p.size() < 2) throw Error("", "bandwidth", "an automatic bandwidth needs at least two points");
    Moments m;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double wi = w.empty() ? 1.0 : w[i];
        m.sw += wi;
        m.sw2 += wi * wi;
        m.mx += wi * p[i].x;
        m.my += wi * p[i].y;
    }
    if (!(m.sw > 0)) throw Error("", "bandwidth", "the weights add up to zero");
    m.mx /= m.sw;
    m.my /= m.sw;
    return m;
}

}  // namespace

std::optional<BandwidthRule> parseBandwidthRule(std::string_view s) {
    if (s == "silverman") return BandwidthRule::Silverman;
    if (s == "scott") return BandwidthRule::Scott;
    return std::nullopt;
}

double scottBandwidth(std::span<const XY> p, std::span<const double> w) {
    const Moments m = moments(p, w);
    double vx = 0, vy = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double wi = w.empty() ? 1.0 : w[i];
        vx += wi * (p[i].x - m.mx) * (p[i].x - m.mx);
        vy += wi * (p[i].y - m.my) * (p[i].y - m.my);
    }
    const double denom = m.sw - m.sw2 / m.sw;
    if (!(denom > 0)) throw Error("", "bandwidth", "too little total weight for a spread");
    const double sigma = std::sqrt((vx / denom + vy / denom) / 2);
    if (!(sigma > 0)) throw Error("", "bandwidth", "all points coincide; give a fixed bandwidth");
    const double neff = m.sw * m.sw / m.sw2;
    return sigma * std::pow(neff, -1.0 / 6.0);
}

double silvermanBandwidth(std::span<const XY> p, std::span<const double> w) {
    const Moments m = moments(p, w);
    std::vector<std::pair<double, double>> d;  // (distance, weight)
    d.reserve(p.size());
    double ss = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double wi = w.empty() ? 1.0 : w[i];
        const double dx = p[i].x - m.mx, dy = p[i].y - m.my;
        ss += wi * (dx * dx + dy * dy);
        d.emplace_back(std::sqrt(dx * dx + dy * dy), wi);
    }
    const double sd = std::sqrt(ss / m.sw);
    std::sort(d.begin(), d.end());
    double acc = 0, median = d.back().first;
    for (const auto& [dist, wi] : d) {
        acc += wi;
        if (acc >= 0.5 * m.sw) {
            median = dist;
            break;
        }
    }
    // A median of 0 (most points on the centre) would give h = 0: use SD alone.
    const double spread = median > 0 ? std::min(sd, std::sqrt(1.0 / std::log(2.0)) * median) : sd;
    if (!(spread > 0)) throw Error("", "bandwidth", "all points coincide; give a fixed bandwidth");
    return 0.9 * spread * std::pow(m.sw, -0.2);
}

}  // namespace jingwei
