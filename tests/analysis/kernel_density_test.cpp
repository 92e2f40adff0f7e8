#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "analysis/kernel_density.h"
#include "core/error.h"

using namespace jingwei;

namespace {

constexpr Kernel kAllKernels[] = {Kernel::Quartic, Kernel::Epanechnikov, Kernel::Triangular, Kernel::Uniform,
                                  Kernel::Gaussian};

double u01(std::mt19937_64& r) { return static_cast<double>(r() >> 11) * 0x1.0p-53; }

std::vector<XY> uniformPoints(std::size_t n, double x0, double y0, double w, double h, std::uint64_t seed) {
    std::mt19937_64 r(seed);
    std::vector<XY> p(n);
    for (auto& q : p) q = XY{x0 + w * u01(r), y0 + h * u01(r)};
    return p;
}

// Clusters: a few Gaussian blobs, like incident hot spots.
std::vector<XY> clusteredPoints(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 r(seed);
    const XY centres[] = {{1500, 1500}, {2600, 2200}, {2000, 3200}, {3300, 1200}};
    const double sigma[] = {150, 300, 220, 400};
    std::vector<XY> p(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int k = static_cast<int>(r() % 4);
        const double a = std::sqrt(-2 * std::log(1 - u01(r))), t = 2 * M_PI * u01(r);
        p[i] = XY{centres[k].x + sigma[k] * a * std::cos(t), centres[k].y + sigma[k] * a * std::sin(t)};
    }
    return p;
}

// The definition, evaluated the slow way: every point at every cell.
std::vector<double> bruteForce(const std::vector<XY>& pts, const std::vector<double>& w, const GridSpec& g,
                               Kernel k, double h, double cutoff) {
    const double R = kernelSupport(k, h, cutoff);
    std::vector<double> out(g.cells(), 0.0);
    for (int j = 0; j < g.ny; ++j)
        for (int i = 0; i < g.nx; ++i) {
            double s = 0;
            for (std::size_t p = 0; p < pts.size(); ++p) {
                const double dx = g.centreX(i) - pts[p].x, dy = g.centreY(j) - pts[p].y;
                const double r2 = dx * dx + dy * dy;
                if (r2 < R * R) s += (w.empty() ? 1.0 : w[p]) * kernelValue(k, h, r2);
            }
            out[static_cast<std::size_t>(j) * g.nx + i] = s * 1e6;
        }
    return out;
}

double maxAbsDiff(const std::vector<double>& a, const std::vector<double>& b) {
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

double maxOf(const std::vector<double>& a) {
    double m = 0;
    for (double v : a) m = std::max(m, v);
    return m;
}

}  // namespace

TEST(Kernel, EachKernelIntegratesToOneOverThePlane) {
    // Numerical integral on a fine polar grid: 2π ∫ K(r) r dr = 1.
    for (Kernel k : kAllKernels) {
        const double h = 10;
        const double rmax = k == Kernel::Gaussian ? 12 * h : h;
        const int n = 200000;
        double s = 0;
        for (int t = 0; t < n; ++t) {
            const double r = (t + 0.5) * rmax / n;
            s += kernelValue(k, h, r * r) * r;
        }
        EXPECT_NEAR(2 * M_PI * s * rmax / n, 1.0, 1e-6) << kernelName(k);
    }
}

TEST(Kernel, NamesParse) {
    for (Kernel k : kAllKernels) EXPECT_EQ(parseKernel(kernelName(k)), k);
    EXPECT_EQ(parseKernel("linear"), Kernel::Triangular);
    EXPECT_EQ(parseKernel("tophat"), Kernel::Uniform);
    EXPECT_EQ(parseKernel("biweight"), Kernel::Quartic);
    EXPECT_FALSE(parseKernel("cosine"));
}

TEST(KernelDensity, ExactEqualsBruteForceForEveryKernel) {
    // An origin that is not a multiple of the cell, points partly outside
    // the grid (their kernels still reach in), and weights.
    GridSpec g{103.7, -51.2, 40, 60, 50};
    const auto pts = uniformPoints(300, -200, -400, 2900, 2600, 7);
    std::vector<double> w(pts.size());
    std::mt19937_64 r(11);
    for (double& v : w) v = 0.5 + 2 * u01(r);
    // h = 250 m is a support of 6.25 cells (summed cell by cell), h = 1500 m
    // one of 37.5 cells (the polynomial kernels by scanlines); each with the
    // AVX-512 loops (where the CPU has them) and the portable ones.
    for (const double h : {250.0, 1500.0})
    for (const bool simd : {true, false})
    for (Kernel k : kAllKernels) {
        for (const bool weighted : {false, true}) {
            KdeOptions o;
            o.kernel = k;
            o.bandwidth_m = h;
            o.simd = simd;
            o.mode = KdeMode::Exact;
            const std::vector<double> noweights;
            const auto& ww = weighted ? w : noweights;
            KdeStats st;
            const DensityGrid d = kernelDensity(pts, ww, g, o, &st);
            const bool avx = simd && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
            if (k == Kernel::Gaussian) EXPECT_EQ(st.method, avx ? "separable-avx512" : "separable");
            else if (h == 1500 && k != Kernel::Triangular) EXPECT_EQ(st.method, "scanlines");
            else EXPECT_EQ(st.method, avx ? "cells-avx512" : "cells");
            const auto want = bruteForce(pts, ww, g, k, o.bandwidth_m, o.gaussian_cutoff);
            EXPECT_LE(maxAbsDiff(d.values, want), 1e-12 * maxOf(want))
                << kernelName(k) << " weighted=" << weighted << " h=" << h << " simd=" << simd;
            // Triangular and Gaussian are evaluated cell by cell: each cell
            // matches to 1e-12 of itself. The polynomial kernels are summed
            // by scanlines (the same sum rearranged): 1e-12 of the peak, and
            // exactly zero precisely where no kernel reaches.
            const bool scanlines = k == Kernel::Quartic || k == Kernel::Epanechnikov || k == Kernel::Uniform;
            EXPECT_EQ(d.values.size(), want.size());
            for (std::size_t c = 0; c < want.size(); ++c) {
                if (scanlines) {
                    ASSERT_EQ(d.values[c] == 0, want[c] == 0) << kernelName(k) << " cell " << c;
                    ASSERT_GE(d.values[c], 0.0);
                } else {
                    ASSERT_NEAR(d.values[c], want[c], 1e-12 * std::abs(want[c]) + 1e-300)
                        << kernelName(k) << " cell " << c;
                }
            }
        }
    }
}

TEST(KernelDensity, ScanlineSumsHoldOnWideGridsAndAcrossTiles) {
    // The scanline kernels split each row into tiles of ≥ 2 support radii
    // with their own reference column. A wide grid with a small support (many
    // tile crossings) and a wide grid of fine cells (long rows, large column
    // offsets), against the cell-by-cell evaluation at every cell.
    struct Case {
        GridSpec g;
        double h;
        std::size_t n;
    };
    const Case cases[] = {{GridSpec{-37.5, 12.5, 10, 700, 30}, 255, 3000},  // support 25.5 cells, 14 tiles a row
                          {GridSpec{0.5, -3.25, 2, 3000, 12}, 300, 1500}};  // support 150 cells, rows of 3000
    for (const Case& cs : cases) {
        const Bounds b = cs.g.bounds();
        const auto pts = uniformPoints(cs.n, b.min_x - cs.h, b.min_y - cs.h, b.width() + 2 * cs.h, b.height() + 2 * cs.h, 17);
        std::vector<std::size_t> all(cs.g.cells());
        for (std::size_t c = 0; c < all.size(); ++c) all[c] = c;
        for (Kernel k : {Kernel::Quartic, Kernel::Epanechnikov, Kernel::Uniform}) {
            KdeOptions o;
            o.kernel = k;
            o.bandwidth_m = cs.h;
            KdeStats st;
            const DensityGrid d = kernelDensity(pts, {}, cs.g, o, &st);
            EXPECT_EQ(st.method, "scanlines");
            const auto want = exactDensityAtCells(pts, {}, cs.g, all, o);
            EXPECT_LE(maxAbsDiff(d.values, want), 1e-12 * maxOf(want)) << kernelName(k) << " nx=" << cs.g.nx;
            for (std::size_t c = 0; c < want.size(); ++c) ASSERT_EQ(d.values[c] == 0, want[c] == 0) << c;
        }
    }
}

TEST(KernelDensity, UntruncatedGaussianEqualsBruteForce) {
    GridSpec g{0, 0, 50, 40, 30};
    const auto pts = uniformPoints(200, -500, -500, 3000, 2500, 3);
    KdeOptions o;
    o.kernel = Kernel::Gaussian;
    o.bandwidth_m = 120;
    o.gaussian_cutoff = 0;  // everywhere
    const DensityGrid d = kernelDensity(pts, {}, g, o);
    const auto want = bruteForce(pts, {}, g, Kernel::Gaussian, 120, 0);
    for (std::size_t c = 0; c < want.size(); ++c)
        ASSERT_NEAR(d.values[c], want[c], 1e-12 * std::abs(want[c]) + 1e-300) << c;
}

TEST(KernelDensity, IntegratesToTheNumberOfPointsAwayFromTheEdges) {
    // 2000 points in the middle 2 km; the grid reaches 2.5 km further out
    // than any point, more than the support (Gaussian: 4σ = 1.2 km).
    const auto pts = uniformPoints(2000, -1000, -1000, 2000, 2000, 5);
    const GridSpec g{-2500, -2500, 25, 200, 200};
    for (Kernel k : kAllKernels) {
        for (KdeMode mode : {KdeMode::Exact, KdeMode::Fast}) {
            KdeOptions o;
            o.kernel = k;
            o.bandwidth_m = 300;
            o.mode = mode;
            o.error_check_cells = 0;
            KdeStats st;
            const DensityGrid d = kernelDensity(pts, {}, g, o, &st);
            EXPECT_NEAR(d.integral(), 2000.0, 0.005 * 2000) << kernelName(k) << (mode == KdeMode::Fast ? " fast" : " exact");
            EXPECT_EQ(st.points_used, 2000u);
        }
    }
}

TEST(KernelDensity, FastModeIsWithinOnePercentOfThePeak) {
    const auto pts = clusteredPoints(20000, 21);
    const GridSpec g{0, 0, 25, 200, 180};
    for (Kernel k : kAllKernels) {
        KdeOptions o;
        o.kernel = k;
        o.bandwidth_m = 300;
        o.mode = KdeMode::Exact;
        const DensityGrid exact = kernelDensity(pts, {}, g, o);
        o.mode = KdeMode::Fast;
        o.error_check_cells = -1;  // compare every cell
        KdeStats st;
        const DensityGrid fast = kernelDensity(pts, {}, g, o, &st);
        const double err = maxAbsDiff(exact.values, fast.values);
        const double peak = exact.max();
        EXPECT_LT(err, 0.01 * peak) << kernelName(k);
        // It reports that error itself.
        EXPECT_NEAR(st.max_error, err, 1e-9 * peak) << kernelName(k);
        EXPECT_NEAR(st.max_error_rel_peak, err / std::max(peak, fast.max()), 1e-12) << kernelName(k);
        EXPECT_EQ(st.cells_checked, g.cells());
        // The sampled check (default) sees an error no larger than the full one.
        o.error_check_cells = 64;
        KdeStats sampled;
        kernelDensity(pts, {}, g, o, &sampled);
        EXPECT_GT(sampled.cells_checked, 32u);
        // (The uniform kernel's fast mode is the exact scanline sum, so its
        // full error is 0; the sampled check sums cell by cell: rounding.)
        EXPECT_LE(sampled.max_error, err * (1 + 1e-9) + 1e-12 * peak) << kernelName(k);
        EXPECT_GE(sampled.max_error, 0.0);
    }
}

TEST(KernelDensity, SameResultWithOneOrTwoThreads) {
    const auto pts = clusteredPoints(5000, 4);
    const GridSpec g{0, 0, 30, 150, 140};
    for (KdeMode mode : {KdeMode::Exact, KdeMode::Fast}) {
        KdeOptions o;
        o.mode = mode;
        o.error_check_cells = 0;
        o.threads = 1;
        const DensityGrid a = kernelDensity(pts, {}, g, o);
        o.threads = 2;
        const DensityGrid b = kernelDensity(pts, {}, g, o);
        o.threads = 5;
        const DensityGrid c = kernelDensity(pts, {}, g, o);
        EXPECT_EQ(a.values, b.values);
        EXPECT_EQ(a.values, c.values);
    }
}

TEST(KernelDensity, WeightsScaleTheDensity) {
    const auto pts = uniformPoints(500, 0, 0, 1000, 1000, 9);
    const GridSpec g{0, 0, 20, 50, 50};
    const std::vector<double> twos(pts.size(), 2.0);
    KdeOptions o;
    const DensityGrid a = kernelDensity(pts, {}, g, o);
    const DensityGrid b = kernelDensity(pts, twos, g, o);
    for (std::size_t c = 0; c < a.values.size(); ++c) ASSERT_NEAR(b.values[c], 2 * a.values[c], 1e-12 * a.values[c] + 1e-300);
}

TEST(KernelDensity, ASinglePointHasTheKernelsPeakInIncidentsPerKm2) {
    // One point on a cell centre: the peak is K(0) = 3/(π h²) per m² for
    // the quartic kernel, i.e. 3/(π·0.3²) ≈ 10.61 incidents per km².
    const GridSpec g{-500, -500, 10, 100, 100};
    const std::vector<XY> one = {{5, 5}};
    KdeOptions o;
    o.bandwidth_m = 300;
    const DensityGrid d = kernelDensity(one, {}, g, o);
    EXPECT_NEAR(d.max(), 3.0 / (M_PI * 0.09), 1e-9);
    EXPECT_NEAR(d.at(50, 50), 3.0 / (M_PI * 0.09), 1e-9);
}

TEST(KernelDensity, BadInputIsAClearError) {
    const GridSpec g{0, 0, 10, 10, 10};
    const std::vector<XY> pts = {{1, 1}, {2, 2}};
    KdeOptions o;
    o.bandwidth_m = 0;
    EXPECT_THROW(kernelDensity(pts, {}, g, o), Error);
    o.bandwidth_m = 100;
    const std::vector<double> one = {1.0};
    EXPECT_THROW(kernelDensity(pts, one, g, o), Error);
    const std::vector<double> negative = {1.0, -1.0};
    EXPECT_THROW(kernelDensity(pts, negative, g, o), Error);
    EXPECT_THROW(kernelDensity(pts, {}, GridSpec{0, 0, 10, 0, 10}, o), Error);
}

TEST(KernelDensity, NonFinitePointsAreSkipped) {
    const GridSpec g{0, 0, 10, 20, 20};
    const std::vector<XY> pts = {{100, 100}, {NAN, 5}, {INFINITY, 100}};
    for (KdeMode mode : {KdeMode::Exact, KdeMode::Fast}) {
        KdeOptions o;
        o.mode = mode;
        o.bandwidth_m = 50;
        KdeStats st;
        const DensityGrid d = kernelDensity(pts, {}, g, o, &st);
        EXPECT_EQ(st.points_used, 1u);
        for (double v : d.values) ASSERT_TRUE(std::isfinite(v));
    }
}

TEST(KernelDensity, CancelStopsIt) {
    const auto pts = uniformPoints(20000, 0, 0, 5000, 5000, 1);
    const GridSpec g{0, 0, 10, 500, 500};
    Progress cancel{[](double, std::string_view) { return false; }};
    KdeOptions o;
    EXPECT_THROW(kernelDensity(pts, {}, g, o, nullptr, cancel), Cancelled);
    o.mode = KdeMode::Fast;
    EXPECT_THROW(kernelDensity(pts, {}, g, o, nullptr, cancel), Cancelled);
}

namespace jingwei {
namespace {

TEST(KernelDensity, CancelIsHeardInsideABandOfRows) {
    // One band of rows only (16 rows), 20,000 points, one thread: a cancel
    // must not wait for the band to finish. The callback says stop on its
    // third call; the band polls it every 256 points, so the estimate stops
    // with the band still unfinished (fraction reported < 1).
    const auto pts = uniformPoints(20000, 0, 0, 5000, 160, 1);
    const GridSpec g{0, 0, 10, 500, 16};
    for (Kernel k : {Kernel::Quartic, Kernel::Triangular, Kernel::Gaussian}) {
        int calls = 0;
        double at_cancel = -1;
        Progress cancel{[&](double f, std::string_view) {
            if (++calls < 3) return true;
            if (at_cancel < 0) at_cancel = f;
            return false;
        }};
        KdeOptions o;
        o.kernel = k;
        o.threads = 1;
        EXPECT_THROW(kernelDensity(pts, {}, g, o, nullptr, cancel), Cancelled) << kernelName(k);
        EXPECT_GE(calls, 3) << kernelName(k);
        EXPECT_GE(at_cancel, 0.0) << kernelName(k);
        EXPECT_LT(at_cancel, 1.0) << kernelName(k);  // asked while the only band was running
    }
}

}  // namespace
}  // namespace jingwei
