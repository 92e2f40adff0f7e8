#pragma once
// Seeded clustered points for the density benchmarks: a mixture of
// Gaussian hot spots and a uniform background over a square of side_m.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/geo.h"

namespace jingwei::bench {

inline std::vector<XY> clusteredPoints(std::size_t n, double side_m, std::uint64_t seed) {
    std::mt19937_64 r(seed);
    auto u = [&r] { return static_cast<double>(r() >> 11) * 0x1.0p-53; };
    struct Blob {
        double x, y, s, w;
    };
    std::vector<Blob> blobs;
    double total = 0;
    for (int k = 0; k < 24; ++k) {
        blobs.push_back({side_m * (0.1 + 0.8 * u()), side_m * (0.1 + 0.8 * u()), 100 + 600 * u(), 0.5 + u()});
        total += blobs.back().w;
    }
    std::vector<XY> p(n);
    for (auto& q : p) {
        if (u() < 0.15) {
            q = XY{side_m * u(), side_m * u()};
            continue;
        }
        double t = u() * total;
        const Blob* b = &blobs.back();
        for (const auto& c : blobs) {
            if (t < c.w) {
                b = &c;
                break;
            }
            t -= c.w;
        }
        const double a = std::sqrt(-2 * std::log(1 - u())), th = 2 * M_PI * u();
        q = XY{b->x + b->s * a * std::cos(th), b->y + b->s * a * std::sin(th)};
    }
    return p;
}

}  // namespace jingwei::bench
