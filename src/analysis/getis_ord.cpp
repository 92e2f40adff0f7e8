#include "analysis/getis_ord.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "analysis/false_discovery.h"
#include "analysis/parallel.h"
#include "core/error.h"

namespace jingwei {

double twoSidedP(double z) { return std::erfc(std::abs(z) / std::numbers::sqrt2); }

std::vector<XY> gridCentres(const GridSpec& g) {
    std::vector<XY> c;
    c.reserve(g.cells());
    for (int j = 0; j < g.ny; ++j)
        for (int i = 0; i < g.nx; ++i) c.push_back(XY{g.centreX(i), g.centreY(j)});
    return c;
}

std::vector<double> gridCounts(std::span<const XY> points, std::span<const double> weights, const GridSpec& g) {
    if (!weights.empty() && weights.size() != points.size())
        throw Error("", "grid counts", "weights and points differ in number");
    std::vector<double> v(g.cells(), 0.0);
    for (std::size_t k = 0; k < points.size(); ++k) {
        int i = 0, j = 0;
        if (g.cellOf(points[k].x, points[k].y, &i, &j))
            v[static_cast<std::size_t>(j) * g.nx + i] += weights.empty() ? 1.0 : weights[k];
    }
    return v;
}

namespace {

// Units sorted into square buckets (CSR), for neighbour searches.
struct Buckets {
    double ox = 0, oy = 0, size = 1;
    int nx = 1, ny = 1;
    std::vector<std::uint32_t> start, items;

    Buckets(std::span<const XY> c, double want) {
        Bounds b;
        for (const XY p : c) b.add(p.x, p.y);
        // Not more than about 4 buckets per unit, even for units on a line.
        const double side = std::max({b.width(), b.height(), 1e-9});
        size = std::max({want, side / (2.0 * std::sqrt(static_cast<double>(c.size()))), 1e-9});
        ox = b.min_x;
        oy = b.min_y;
        nx = std::max(1, static_cast<int>(std::floor(b.width() / size)) + 1);
        ny = std::max(1, static_cast<int>(std::floor(b.height() / size)) + 1);
        start.assign(static_cast<std::size_t>(nx) * ny + 1, 0);
        std::vector<std::uint32_t> key(c.size());
        for (std::size_t i = 0; i < c.size(); ++i) {
            key[i] = static_cast<std::uint32_t>(cell(c[i].y, oy, ny) * nx + cell(c[i].x, ox, nx));
            ++start[key[i] + 1];
        }
        for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
        items.resize(c.size());
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < c.size(); ++i) items[fill[key[i]]++] = static_cast<std::uint32_t>(i);
    }
    int cell(double v, double o, int n) const {
        return std::clamp(static_cast<int>(std::floor((v - o) / size)), 0, n - 1);
    }
    template <typename F>
    void forBucket(int bx, int by, F&& f) const {
        if (bx < 0 || by < 0 || bx >= nx || by >= ny) return;
        const std::size_t k = static_cast<std::size_t>(by) * nx + bx;
        for (std::uint32_t t = start[k]; t < start[k + 1]; ++t) f(items[t]);
    }
};

}  // namespace

GiStarResult getisOrdGiStar(std::span<const XY> centres, std::span<const double> values, const SpatialWeights& w,
                            const Progress& progress) {
    const std::size_t n = centres.size();
    if (values.size() != n)
        throw Error("", "Gi*", std::to_string(values.size()) + " values for " + std::to_string(n) + " units");
    if (n < 3) throw Error("", "Gi*", "at least 3 units are needed");
    if (n >= 0xffffffffu) throw Error("", "Gi*", "too many units");
    if (w.type == SpatialWeights::Type::DistanceBand && !(w.distance_m > 0))
        throw Error("", "Gi*", "the distance band must be positive");
    if (w.type == SpatialWeights::Type::KNearest && w.k < 1) throw Error("", "Gi*", "k must be at least 1");
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(centres[i].x) || !std::isfinite(centres[i].y) || !std::isfinite(values[i]))
            throw Error("", "Gi*", "unit " + std::to_string(i) + " has a non-finite centre or value");

    GiStarResult r;
    double sum = 0, sum2 = 0;
    for (double v : values) {
        sum += v;
        sum2 += v * v;
    }
    const double nd = static_cast<double>(n);
    r.mean = sum / nd;
    r.sd = std::sqrt(std::max(0.0, sum2 / nd - r.mean * r.mean));
    r.z.assign(n, 0.0);
    r.p.assign(n, 1.0);
    r.neighbours.assign(n, 0);

    const bool band = w.type == SpatialWeights::Type::DistanceBand;
    double want = 0;
    if (band) {
        want = w.distance_m;
    } else {
        Bounds b;
        for (const XY p : centres) b.add(p.x, p.y);
        want = std::sqrt(std::max(b.width() * b.height(), 1e-9) / nd * std::max(1, w.k));
    }
    const Buckets buckets(centres, want);
    const double d2max = band ? w.distance_m * w.distance_m * (1 + 1e-9) : 0;
    const int rings = band ? static_cast<int>(std::ceil(w.distance_m / buckets.size)) : 0;
    const std::size_t kk = static_cast<std::size_t>(w.k);

    auto unit = [&](std::size_t i, std::vector<std::pair<double, std::uint32_t>>& best) {
        const XY c = centres[i];
        const int bx = buckets.cell(c.x, buckets.ox, buckets.nx), by = buckets.cell(c.y, buckets.oy, buckets.ny);
        double wsum = 0, wx = 0;
        if (band) {
            for (int dy = -rings; dy <= rings; ++dy)
                for (int dx = -rings; dx <= rings; ++dx)
                    buckets.forBucket(bx + dx, by + dy, [&](std::uint32_t j) {
                        const double ex = centres[j].x - c.x, ey = centres[j].y - c.y;
                        if (ex * ex + ey * ey <= d2max) {
                            wsum += 1;
                            wx += values[j];
                        }
                    });
        } else {
            // Ring by ring until the k-th nearest is closer than any
            // unvisited bucket can be.
            best.clear();
            const int max_ring = std::max(buckets.nx, buckets.ny);
            for (int ring = 0; ring <= max_ring; ++ring) {
                auto visit = [&](std::uint32_t j) {
                    if (j == i) return;
                    const double ex = centres[j].x - c.x, ey = centres[j].y - c.y;
                    best.emplace_back(ex * ex + ey * ey, j);
                };
                for (int dy = -ring; dy <= ring; ++dy)
                    for (int dx = -ring; dx <= ring; ++dx)
                        if (std::max(std::abs(dx), std::abs(dy)) == ring) buckets.forBucket(bx + dx, by + dy, visit);
                if (best.size() >= kk) {
                    std::nth_element(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(kk - 1), best.end());
                    best.resize(kk);
                    const double reach = ring * buckets.size;
                    if (best[kk - 1].first < reach * reach) break;
                }
            }
            std::sort(best.begin(), best.end());
            wsum = 1;
            wx = values[i];
            for (std::size_t t = 0; t < std::min(kk, best.size()); ++t) {
                wsum += 1;
                wx += values[best[t].second];
            }
        }
        r.neighbours[i] = static_cast<std::uint32_t>(wsum);
        // Binary weights: Σ w² = Σ w.
        const double den = r.sd * std::sqrt((nd * wsum - wsum * wsum) / (nd - 1));
        if (den > 0) {
            r.z[i] = (wx - r.mean * wsum) / den;
            r.p[i] = twoSidedP(r.z[i]);
        }
    };

    const std::size_t chunk = 4096;
    const int threads = analysis_internal::resolveThreads(0);
    std::vector<std::vector<std::pair<double, std::uint32_t>>> scratch(static_cast<std::size_t>(threads));
    analysis_internal::parallelChunks(
        threads, (n + chunk - 1) / chunk,
        [&](std::size_t c, int worker) {
            auto& best = scratch[static_cast<std::size_t>(worker)];
            for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) unit(i, best);
        },
        progress, "热点分析 Gi*");
    r.q = benjaminiHochberg(r.p);
    return r;
}

}  // namespace jingwei
