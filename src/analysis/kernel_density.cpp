#include "analysis/kernel_density.h"

#include <algorithm>
#include <atomic>
#include <thread>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <chrono>
#include <cmath>
#include <limits>
#include <queue>
#include <string>
#include <vector>

#include "analysis/parallel.h"
#include "core/error.h"

namespace jingwei {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Branch-free kernel profiles of q = r²/h² (equal to kernelProfile()).
template <Kernel K>
inline double profile(double q) {
    if constexpr (K == Kernel::Quartic) {
        const double t = std::max(0.0, 1.0 - q);
        return t * t;
    } else if constexpr (K == Kernel::Epanechnikov) {
        return std::max(0.0, 1.0 - q);
    } else if constexpr (K == Kernel::Triangular) {
        return std::max(0.0, 1.0 - std::sqrt(q));
    } else if constexpr (K == Kernel::Uniform) {
        return static_cast<double>(q < 1.0);
    } else {
        return std::exp(-0.5 * q);
    }
}

void validate(std::span<const XY> points, std::span<const double> weights, const GridSpec& g, const KdeOptions& o) {
    if (!g.valid() || !std::isfinite(g.origin_x) || !std::isfinite(g.origin_y) || !std::isfinite(g.cell_m))
        throw Error("", "kde", "the grid needs nx, ny ≥ 1 and a positive cell size");
    if (g.cells() > (std::size_t{1} << 31)) throw Error("", "kde", "the grid has more than 2^31 cells");
    if (!(o.bandwidth_m > 0) || !std::isfinite(o.bandwidth_m))
        throw Error("", "kde", "the bandwidth must be a positive number of metres");
    if (!weights.empty() && weights.size() != points.size())
        throw Error("", "kde",
                    "there are " + std::to_string(weights.size()) + " weights for " + std::to_string(points.size()) +
                        " points");
    for (std::size_t i = 0; i < weights.size(); ++i)
        if (!(weights[i] >= 0) || !std::isfinite(weights[i]))
            throw Error("", "kde", "weight " + std::to_string(i) + " is negative or not finite");
}

struct Prepared {
    double x, y, cw;  // position and 10⁶ · norm · weight
};

// ------------------------------------------------------------------ exact

// floor/ceil to int without a libm call (baseline x86-64 has no SSE4.1
// rounding instruction); for |x| < 2^31.
inline int floorInt(double x) {
    const int i = static_cast<int>(x);
    return i - (x < i);
}
inline int ceilInt(double x) {
    const int i = static_cast<int>(x);
    return i + (x > i);
}
inline double clampForInt(double x) { return std::clamp(x, -2e9, 2e9); }

// Cancellation inside a band of rows (one band can take seconds for a wide
// Gaussian): the bands poll every 256 points. On the calling thread the poll
// asks the progress callback (with the fraction of bands done); the other
// workers only read the flag it sets. A cancelled band stops half done and
// the estimate throws Cancelled.
struct CancelPoll {
    const Progress* progress = nullptr;
    std::string_view stage;
    std::thread::id caller = std::this_thread::get_id();
    std::atomic<bool> cancelled{false};
    std::atomic<std::size_t> done{0};
    std::size_t chunks = 1;
    double f0 = 0, f1 = 1;

    bool stop() {
        if (progress && progress->callback && std::this_thread::get_id() == caller &&
            !cancelled.load(std::memory_order_relaxed)) {
            const double f = f0 + (f1 - f0) * static_cast<double>(done.load()) / static_cast<double>(chunks);
            if (!progress->callback(f, stage)) cancelled = true;
        }
        return cancelled.load(std::memory_order_relaxed);
    }
};

// Shared by the exact-mode bands: cell-centre coordinates (computed once,
// with the same expression as GridSpec::centreX/Y) and the support.
struct ExactContext {
    const GridSpec* g = nullptr;
    double R = 0, R2 = 0, inv_h2 = 0;
    double inv_cell = 0, Rc = 0;  // support in cells
    bool infinite = false;
    std::vector<double> xc, yc;
    CancelPoll* poll = nullptr;
    // True when the band should stop (checked every 256 points).
    bool stopAt(std::size_t k) const { return (k & 255) == 0 && poll && poll->stop(); }

    ExactContext(const GridSpec& grid, double support, double h) : g(&grid), R(support), R2(support * support) {
        inv_h2 = 1.0 / (h * h);
        inv_cell = 1.0 / grid.cell_m;
        infinite = !std::isfinite(support);
        Rc = infinite ? 0.0 : support * inv_cell;
        xc.resize(static_cast<std::size_t>(grid.nx));
        yc.resize(static_cast<std::size_t>(grid.ny));
        for (int i = 0; i < grid.nx; ++i) xc[static_cast<std::size_t>(i)] = grid.centreX(i);
        for (int j = 0; j < grid.ny; ++j) yc[static_cast<std::size_t>(j)] = grid.centreY(j);
    }
    // Rows [*lo, *hi) a point's support may touch, within [j0, j1); one
    // spare row each side (the r² test is exact, the range only prunes).
    void rows(double py, int j0, int j1, int* lo, int* hi) const {
        if (infinite) {
            *lo = j0;
            *hi = j1;
            return;
        }
        const double fy = (py - g->origin_y) * inv_cell - 0.5;
        *lo = std::max(j0, ceilInt(clampForInt(fy - Rc)) - 1);
        *hi = std::min(j1, floorInt(clampForInt(fy + Rc)) + 2);
    }
    // Columns [*lo, *hi] covering the chord at dy2, with a spare cell each
    // side: enough for the compact kernels, whose profile is 0 from q = 1 on.
    bool looseCols(double px, double dy2, int* lo, int* hi) const {
        if (dy2 >= R2) return false;
        const double fx = (px - g->origin_x) * inv_cell - 0.5;
        const double half = std::sqrt(R2 - dy2) * inv_cell;
        *lo = std::max(0, ceilInt(clampForInt(fx - half)) - 1);
        *hi = std::min(g->nx - 1, floorInt(clampForInt(fx + half)) + 1);
        return *lo <= *hi;
    }
    // Columns [*lo, *hi]: exactly the cells of the row with r² < R² (the
    // chord from a sqrt, then its ends settled on the r² test itself).
    bool cols(double px, double dy2, int* lo, int* hi) const {
        if (infinite) {
            *lo = 0;
            *hi = g->nx - 1;
            return true;
        }
        if (dy2 >= R2) return false;
        const double fx = (px - g->origin_x) * inv_cell - 0.5;
        const double half = std::sqrt(R2 - dy2) * inv_cell;
        int a = std::max(0, ceilInt(clampForInt(fx - half)) - 1);
        int b = std::min(g->nx - 1, floorInt(clampForInt(fx + half)) + 1);
        auto inside = [&](int i) {
            const double dx = xc[static_cast<std::size_t>(i)] - px;
            return dx * dx + dy2 < R2;
        };
        while (a <= b && !inside(a)) ++a;
        while (b >= a && !inside(b)) --b;
        *lo = a;
        *hi = b;
        return a <= b;
    }
};

// One row of one point's support; plain loops over restrict pointers so
// the compiler vectorises them.
// [ilo, ihi] covers the cells with r² < R²; the profile is 0 beyond.
template <Kernel K>
inline void splatRun(double* __restrict row, const double* __restrict xc, int ilo, int ihi, double px, double dy2,
                     double inv_h2, double cw) {
    for (int i = ilo; i <= ihi; ++i) {
        const double dx = xc[i] - px;
        row[i] += cw * profile<K>((dx * dx + dy2) * inv_h2);
    }
}

// Support radius in cells above which the polynomial kernels are summed by
// scanlines (measured crossover on the London points: equal at ~20 cells,
// scanlines 1.3× faster at 40 and 1.75× at 79, 2× slower at 11).
constexpr double kScanMinSupportCells = 24;

#if defined(__x86_64__) && defined(__GNUC__)
#define JINGWEI_KDE_AVX512 1
constexpr double kBoxSupportCells = 24;
// The same runs with AVX-512, 8 cells per instruction, selected at run time
// when the CPU has AVX-512F/DQ (kernelDensity checks). The triangular
// kernel's √q comes from the 14-bit reciprocal square root refined by two
// Newton steps (to ~1 ulp, checked against the cell-by-cell sum in the
// tests), which is several times the throughput of vsqrtpd. The tail of a
// run is handled with a lane mask.
template <Kernel K>
__attribute__((target("avx512f,avx512dq"))) inline void splatRunAvx512(double* __restrict row,
                                                                        const double* __restrict xc, int ilo, int ihi,
                                                                        double px, double dy2, double inv_h2,
                                                                        double cw) {
    const __m512d vpx = _mm512_set1_pd(px), vdy2 = _mm512_set1_pd(dy2), vinv = _mm512_set1_pd(inv_h2);
    const __m512d vcw = _mm512_set1_pd(cw), one = _mm512_set1_pd(1.0), zero = _mm512_setzero_pd();
    // (maskz forms with all lanes: GCC 12 warns about the plain forms'
    // undefined pass-through operand.)
    const __mmask8 all = 0xFF;
    for (int i = ilo; i <= ihi; i += 8) {
        const int n = ihi - i + 1;
        const __mmask8 m = n >= 8 ? static_cast<__mmask8>(0xFF) : static_cast<__mmask8>((1u << n) - 1);
        const __m512d dx = _mm512_sub_pd(_mm512_maskz_loadu_pd(m, xc + i), vpx);
        const __m512d q = _mm512_mul_pd(_mm512_add_pd(_mm512_mul_pd(dx, dx), vdy2), vinv);
        __m512d v;
        if constexpr (K == Kernel::Quartic) {
            const __m512d t = _mm512_maskz_max_pd(all, _mm512_sub_pd(one, q), zero);
            v = _mm512_mul_pd(t, t);
        } else if constexpr (K == Kernel::Epanechnikov) {
            v = _mm512_maskz_max_pd(all, _mm512_sub_pd(one, q), zero);
        } else if constexpr (K == Kernel::Triangular) {
            const __m512d qq = _mm512_maskz_max_pd(all, q, _mm512_set1_pd(1e-300));
            const __m512d half_q = _mm512_mul_pd(qq, _mm512_set1_pd(0.5)), c15 = _mm512_set1_pd(1.5);
            __m512d y = _mm512_maskz_rsqrt14_pd(all, qq);
            y = _mm512_mul_pd(y, _mm512_sub_pd(c15, _mm512_mul_pd(half_q, _mm512_mul_pd(y, y))));
            y = _mm512_mul_pd(y, _mm512_sub_pd(c15, _mm512_mul_pd(half_q, _mm512_mul_pd(y, y))));
            v = _mm512_maskz_max_pd(all, _mm512_sub_pd(one, _mm512_mul_pd(qq, y)), zero);
        } else {
            v = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(q, one, _CMP_LT_OQ), one);
        }
        const __m512d r = _mm512_maskz_loadu_pd(m, row + i);
        _mm512_mask_storeu_pd(row + i, m, _mm512_add_pd(r, _mm512_mul_pd(vcw, v)));
    }
}

template <Kernel K>
__attribute__((target("avx512f,avx512dq"))) void splatBandAvx512(const Prepared* begin, const Prepared* end, int j0,
                                                                   int j1, const ExactContext& c, double* out) {
    const GridSpec& g = *c.g;
    const double inv_h2 = c.inv_h2;
    const double* xc = c.xc.data();
    // A small support is swept as its bounding box (the profile is exactly 0
    // outside it): no chord and square root per row, which dominate when a
    // row of the support is only a few vectors long.
    const bool box = c.Rc <= kBoxSupportCells;
    for (const Prepared* p = begin; p != end; ++p) {
        if (c.stopAt(static_cast<std::size_t>(p - begin))) return;
        int jlo = 0, jhi = 0;
        c.rows(p->y, j0, j1, &jlo, &jhi);
        const double px = p->x, cw = p->cw;
        int blo = 0, bhi = -1;
        if (box && !c.looseCols(px, 0.0, &blo, &bhi)) continue;
        for (int j = jlo; j < jhi; ++j) {
            const double dy = c.yc[static_cast<std::size_t>(j)] - p->y;
            const double dy2 = dy * dy;
            int ilo = blo, ihi = bhi;
            if (!box && !c.looseCols(px, dy2, &ilo, &ihi)) continue;
            splatRunAvx512<K>(out + static_cast<std::size_t>(j) * g.nx, xc, ilo, ihi, px, dy2, inv_h2, cw);
        }
    }
}

// One row of the Gaussian's separable product (see gaussianBand).
__attribute__((target("avx512f"), noinline)) void gaussRunAvx512(double* __restrict row,
                                                                  const double* __restrict gx, int ilo, int ihi,
                                                                  double cwy) {
    const __m512d c = _mm512_set1_pd(cwy);
    for (int i = ilo; i <= ihi; i += 8) {
        const int n = ihi - i + 1;
        const __mmask8 m = n >= 8 ? static_cast<__mmask8>(0xFF) : static_cast<__mmask8>((1u << n) - 1);
        const __m512d r = _mm512_maskz_loadu_pd(m, row + i);
        _mm512_mask_storeu_pd(row + i, m, _mm512_add_pd(r, _mm512_mul_pd(c, _mm512_maskz_loadu_pd(m, gx + i))));
    }
}

bool cpuHasAvx512() {
    static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
    return has;
}
#else
bool cpuHasAvx512() { return false; }
#endif

void gaussRun(double* __restrict row, const double* __restrict gx, int ilo, int ihi, double cwy) {
    for (int i = ilo; i <= ihi; ++i) row[i] += cwy * gx[i];
}

template <Kernel K>
void splatBand(const Prepared* begin, const Prepared* end, int j0, int j1, const ExactContext& c, double* out) {
    const GridSpec& g = *c.g;
    const double inv_h2 = c.inv_h2;
    const double* xc = c.xc.data();
    for (const Prepared* p = begin; p != end; ++p) {
        if (c.stopAt(static_cast<std::size_t>(p - begin))) return;
        int jlo = 0, jhi = 0;
        c.rows(p->y, j0, j1, &jlo, &jhi);
        const double px = p->x, cw = p->cw;
        for (int j = jlo; j < jhi; ++j) {
            const double dy = c.yc[static_cast<std::size_t>(j)] - p->y;
            const double dy2 = dy * dy;
            int ilo = 0, ihi = 0;
            if (!c.looseCols(px, dy2, &ilo, &ihi)) continue;
            splatRun<K>(out + static_cast<std::size_t>(j) * g.nx, xc, ilo, ihi, px, dy2, inv_h2, cw);
        }
    }
}

// The Gaussian factorises: exp(−(dx² + dy²)/2h²) = exp(−dx²/2h²)·exp(−dy²/2h²),
// so each point needs one exp per row and per column of its support, not
// per cell (the product differs from the single exp by an ulp or two).
void gaussianBand(const Prepared* begin, const Prepared* end, int j0, int j1, const ExactContext& c, double* out,
                  std::vector<double>& gx, bool wide) {
    auto run = gaussRun;
#ifdef JINGWEI_KDE_AVX512
    if (wide) run = gaussRunAvx512;
#else
    (void)wide;
#endif
    const GridSpec& g = *c.g;
    const double half_inv_h2 = 0.5 * c.inv_h2;
    const double* xc = c.xc.data();
    gx.resize(static_cast<std::size_t>(g.nx));
    for (const Prepared* p = begin; p != end; ++p) {
        if (c.stopAt(static_cast<std::size_t>(p - begin))) return;
        int jlo = 0, jhi = 0;
        c.rows(p->y, j0, j1, &jlo, &jhi);
        if (jlo >= jhi) continue;
        const double px = p->x, cw = p->cw;
        // Columns of the widest chord (dy = 0).
        int clo = 0, chi = 0;
        if (!c.cols(px, 0.0, &clo, &chi)) continue;
        for (int i = clo; i <= chi; ++i) {
            const double dx = xc[i] - px;
            gx[static_cast<std::size_t>(i)] = std::exp(-half_inv_h2 * (dx * dx));
        }
        const double* gxp = gx.data();
        for (int j = jlo; j < jhi; ++j) {
            const double dy = c.yc[static_cast<std::size_t>(j)] - p->y;
            const double dy2 = dy * dy;
            int ilo = 0, ihi = 0;
            if (!c.cols(px, dy2, &ilo, &ihi)) continue;
            const double cwy = cw * std::exp(-half_inv_h2 * dy2);
            run(out + static_cast<std::size_t>(j) * g.nx, gxp, ilo, ihi, cwy);
        }
    }
}

// The polynomial kernels by scanlines. On one row a point's kernel is a
// polynomial in the column: with q = (dy² + dx²)/h² and dx = (t − f)·cell
// (t the column relative to a reference column m, f the point's position
// in cells relative to m),
//   uniform       1                         (degree 0)
//   Epanechnikov  1 − q = A + B t + C t²     (degree 2)
//   quartic       (1 − q)² = (A + B t + C t²)² (degree 4)
// with A = 1 − dy²/h² − b f², B = 2 b f, C = −b, b = cell²/h². Each point
// adds its coefficients over exactly the run of cells with r² < R² (the
// same cells the direct evaluation touches) through difference arrays (+c
// at the run's first cell, −c after its last); a prefix sum per row then
// evaluates Σ_k S_k(i) t^k at every cell. That is the direct sum
// rearranged: O(N · rows) instead of O(N · cells), equal to it up to
// rounding (≤ 1e-12 of the peak in the tests).
//
// Rounding control: the reference column m is the centre of a tile of W
// columns (W = 2 · support in cells, at least 4), runs are split at tile boundaries,
// so |t|, |f| stay within a few support radii and the cancellation in the
// coefficients stays below ~2 digits; a count of active runs per cell
// resets the sums to exactly 0 wherever no kernel reaches, so cells beyond
// every support are exactly 0 and error cannot drift along a row.
template <int Deg>
inline void polyCoefficients(double A, double B, double C, double cw, double* out) {
    if constexpr (Deg == 0) {
        out[0] = cw;
    } else if constexpr (Deg == 2) {
        out[0] = cw * A;
        out[1] = cw * B;
        out[2] = cw * C;
    } else {
        out[0] = cw * (A * A);
        out[1] = cw * (2 * A * B);
        out[2] = cw * (B * B + 2 * A * C);
        out[3] = cw * (2 * B * C);
        out[4] = cw * (C * C);
    }
}

template <int Deg>
void polyScanBand(const Prepared* begin, const Prepared* end, int j0, int j1, const ExactContext& c, double* out,
                  std::vector<double>& diff_buf, std::vector<int>& count_buf) {
    constexpr int K = Deg + 1;
    const GridSpec& g = *c.g;
    const int nx = g.nx;
    const std::size_t stride = static_cast<std::size_t>(nx) + 1;
    const std::size_t rows = static_cast<std::size_t>(j1 - j0);
    diff_buf.assign(rows * stride * K, 0.0);
    count_buf.assign(rows * stride, 0);
    // Tiles of W columns, reference column at each tile's centre.
    const int W = std::max(4, 2 * static_cast<int>(std::ceil(c.Rc)));
    const double b = g.cell_m * g.cell_m * c.inv_h2;
    const double inv_cell = c.inv_cell;
    for (const Prepared* p = begin; p != end; ++p) {
        if (c.stopAt(static_cast<std::size_t>(p - begin))) return;
        int jlo = 0, jhi = 0;
        c.rows(p->y, j0, j1, &jlo, &jhi);
        const double px = p->x, cw = p->cw;
        const double fx = (px - g.origin_x) * inv_cell - 0.5;  // position in cells
        for (int j = jlo; j < jhi; ++j) {
            const double dy = c.yc[static_cast<std::size_t>(j)] - p->y;
            const double dy2 = dy * dy;
            int ilo = 0, ihi = 0;
            if (!c.cols(px, dy2, &ilo, &ihi)) continue;
            const std::size_t r = static_cast<std::size_t>(j - j0);
            double* d = diff_buf.data() + r * stride * K;
            int* n = count_buf.data() + r * stride;
            n[ilo] += 1;
            n[ihi + 1] -= 1;
            const double a0 = 1.0 - dy2 * c.inv_h2;
            for (int s = ilo; s <= ihi;) {
                const int tile = s / W;
                const int e = std::min(ihi, tile * W + W - 1);
                const double m = tile * W + 0.5 * W;
                const double f = fx - m;
                double coef[K];
                polyCoefficients<Deg>(a0 - b * f * f, 2 * b * f, -b, cw, coef);
                double* ds = d + static_cast<std::size_t>(s) * K;
                double* de = d + static_cast<std::size_t>(e + 1) * K;
                for (int k = 0; k < K; ++k) {
                    ds[k] += coef[k];
                    de[k] -= coef[k];
                }
                s = e + 1;
            }
        }
    }
    for (std::size_t r = 0; r < rows; ++r) {
        const double* d = diff_buf.data() + r * stride * K;
        const int* n = count_buf.data() + r * stride;
        double* row = out + (static_cast<std::size_t>(j0) + r) * static_cast<std::size_t>(nx);
        double acc[K] = {};
        int active = 0;
        for (int i = 0; i < nx; ++i) {
            active += n[i];
            if (active == 0) {
                for (int k = 0; k < K; ++k) acc[k] = 0;
                row[i] = 0;
                continue;
            }
            for (int k = 0; k < K; ++k) acc[k] += d[static_cast<std::size_t>(i) * K + k];
            const double t = i - ((i / W) * W + 0.5 * W);
            double v = acc[K - 1];
            for (int k = K - 2; k >= 0; --k) v = v * t + acc[k];
            row[i] = std::max(0.0, v);
        }
    }
}

// Exact mode (and the uniform kernel's scanline fast mode).
void exactMode(std::span<const XY> points, std::span<const double> weights, const GridSpec& g, const KdeOptions& o,
               std::vector<double>& out, KdeStats& st, const Progress& progress, bool fast_label = false) {
    const double h = o.bandwidth_m;
    const double R = kernelSupport(o.kernel, h, o.gaussian_cutoff);
    const bool infinite = !std::isfinite(R);
    const double cn = kernelNorm(o.kernel, h) * 1e6;
    const double cell = g.cell_m;
    const Bounds gb = g.bounds();
    const int Rc = infinite ? 0 : static_cast<int>(std::ceil(R / cell)) + 1;

    // Points bucketed by the row just below them (a stable counting sort),
    // so a band of rows finds its points in one contiguous range.
    const int nb = infinite ? 1 : g.ny + 2 * Rc + 2;
    auto bucketOf = [&](double y) {
        if (infinite) return 0;
        const double r = std::floor((y - g.origin_y) / cell - 0.5);
        return static_cast<int>(std::clamp(r, static_cast<double>(-Rc - 1), static_cast<double>(g.ny + Rc))) + Rc + 1;
    };
    std::vector<std::uint32_t> count(static_cast<std::size_t>(nb) + 1, 0);
    std::vector<int> bucket(points.size(), -1);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const XY p = points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        if (!infinite && (p.x < gb.min_x - R || p.x > gb.max_x + R || p.y < gb.min_y - R || p.y > gb.max_y + R))
            continue;
        if (!weights.empty() && weights[i] == 0) continue;
        bucket[i] = bucketOf(p.y);
        ++count[static_cast<std::size_t>(bucket[i]) + 1];
    }
    for (int b = 0; b < nb; ++b) count[static_cast<std::size_t>(b) + 1] += count[static_cast<std::size_t>(b)];
    std::vector<Prepared> sorted(count.back());
    {
        std::vector<std::uint32_t> fill(count.begin(), count.end() - 1);
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (bucket[i] < 0) continue;
            const double w = weights.empty() ? 1.0 : weights[i];
            sorted[fill[static_cast<std::size_t>(bucket[i])]++] = Prepared{points[i].x, points[i].y, cn * w};
        }
    }
    st.points_used = sorted.size();
    progress.report(0.05, "核密度 (精确)");

    // Bands of rows; the Gaussian's per-point column factors are computed
    // once per band, so it takes wider bands.
    const int B = o.kernel == Kernel::Gaussian ? 64 : 16;
    const std::size_t chunks = static_cast<std::size_t>((g.ny + B - 1) / B);
    const std::string_view stage = fast_label ? "核密度 (快速)" : "核密度 (精确)";
    CancelPoll poll;
    poll.progress = &progress;
    poll.stage = stage;
    poll.chunks = std::max<std::size_t>(1, chunks);
    poll.f0 = 0.05;
    ExactContext ctx(g, R, h);
    ctx.poll = &poll;
    double* dst = out.data();
    const int threads = analysis_internal::resolveThreads(o.threads);
    std::vector<std::vector<double>> scratch(static_cast<std::size_t>(threads));
    std::vector<std::vector<int>> counts(static_cast<std::size_t>(threads));
    // Which way to sum (all give the same sums up to rounding; see the
    // header): scanlines for the polynomial kernels unless the support is
    // only a few cells across (then the per-row set-up costs more than the
    // cells), cell by cell otherwise, with AVX-512 when the CPU has it.
    const bool polynomial = o.kernel == Kernel::Quartic || o.kernel == Kernel::Epanechnikov || o.kernel == Kernel::Uniform;
    const bool scan = polynomial && ctx.Rc > kScanMinSupportCells;
    const bool wide = o.simd && cpuHasAvx512();
    st.method = scan ? "scanlines" : o.kernel == Kernel::Gaussian ? "separable" : "cells";
    if (wide && !scan) st.method += "-avx512";
    analysis_internal::parallelChunks(
        threads, chunks,
        [&](std::size_t c, int worker) {
            struct Done {
                CancelPoll& p;
                ~Done() { p.done.fetch_add(1); }
            } done_guard{poll};
            const int j0 = static_cast<int>(c) * B, j1 = std::min(g.ny, j0 + B);
            std::size_t lo = 0, hi = sorted.size();
            if (!infinite) {
                const int blo = std::clamp(j0 - Rc + Rc + 1 - 1, 0, nb);
                const int bhi = std::clamp(j1 - 1 + Rc + Rc + 1 + 1, 0, nb);
                lo = count[static_cast<std::size_t>(blo)];
                hi = count[static_cast<std::size_t>(bhi)];
            }
            const Prepared* b = sorted.data() + lo;
            const Prepared* e = sorted.data() + hi;
            auto& buf = scratch[static_cast<std::size_t>(worker)];
            auto& cnt = counts[static_cast<std::size_t>(worker)];
            if (o.kernel == Kernel::Gaussian) {
                gaussianBand(b, e, j0, j1, ctx, dst, buf, wide);
                return;
            }
            if (scan) {
                switch (o.kernel) {
                    case Kernel::Quartic: polyScanBand<4>(b, e, j0, j1, ctx, dst, buf, cnt); break;
                    case Kernel::Epanechnikov: polyScanBand<2>(b, e, j0, j1, ctx, dst, buf, cnt); break;
                    default: polyScanBand<0>(b, e, j0, j1, ctx, dst, buf, cnt); break;
                }
                return;
            }
#ifdef JINGWEI_KDE_AVX512
            if (wide) {
                switch (o.kernel) {
                    case Kernel::Quartic: splatBandAvx512<Kernel::Quartic>(b, e, j0, j1, ctx, dst); break;
                    case Kernel::Epanechnikov: splatBandAvx512<Kernel::Epanechnikov>(b, e, j0, j1, ctx, dst); break;
                    case Kernel::Triangular: splatBandAvx512<Kernel::Triangular>(b, e, j0, j1, ctx, dst); break;
                    default: splatBandAvx512<Kernel::Uniform>(b, e, j0, j1, ctx, dst); break;
                }
                return;
            }
#endif
            switch (o.kernel) {
                case Kernel::Quartic: splatBand<Kernel::Quartic>(b, e, j0, j1, ctx, dst); break;
                case Kernel::Epanechnikov: splatBand<Kernel::Epanechnikov>(b, e, j0, j1, ctx, dst); break;
                case Kernel::Triangular: splatBand<Kernel::Triangular>(b, e, j0, j1, ctx, dst); break;
                default: splatBand<Kernel::Uniform>(b, e, j0, j1, ctx, dst); break;
            }
        },
        progress, stage, 0.05, 1.0);
    if (poll.cancelled) throw Cancelled();
}

// ------------------------------------------------------------------- fast

// out[i] += s * (a[i + d] + a[i − d]) over a row; kept simple so the
// compiler vectorises it.
inline void addPair(double* __restrict out, const double* __restrict left, const double* __restrict right, double s,
                    int n) {
    for (int i = 0; i < n; ++i) out[i] += s * (left[i] + right[i]);
}
inline void addOne(double* __restrict out, const double* __restrict a, double s, int n) {
    for (int i = 0; i < n; ++i) out[i] += s * a[i];
}

void fastMode(std::span<const XY> points, std::span<const double> weights, const GridSpec& g, const KdeOptions& o,
              std::vector<double>& out, KdeStats& st, const Progress& progress) {
    const double h = o.bandwidth_m;
    const double R = kernelSupport(o.kernel, h, o.gaussian_cutoff);
    const double cell = g.cell_m;
    const double cn = kernelNorm(o.kernel, h) * 1e6;
    const double inv_h2 = 1.0 / (h * h);
    // Stencil radius in cells: offsets d with d·cell < R can be non-zero.
    const int P = std::isfinite(R) ? static_cast<int>(std::min<double>(std::floor(R / cell), std::max(g.nx, g.ny)))
                                   : std::max(g.nx, g.ny);
    const int NX = g.nx + 2 * P, NY = g.ny + 2 * P;
    const int threads = analysis_internal::resolveThreads(o.threads);
    if (o.kernel == Kernel::Uniform && std::isfinite(R)) {
        exactMode(points, weights, g, o, out, st, progress, true);
        return;
    }
    st.method = "binned";

    // 1. Linear binning onto the padded lattice of cell centres: node (I, J)
    // is the centre of cell (I − P, J − P). Parts that fall off the padded
    // lattice are beyond the support of every grid cell.
    std::vector<double> bins(static_cast<std::size_t>(NX) * NY, 0.0);
    {
        const double ox = g.origin_x, oy = g.origin_y;
        std::size_t used = 0;
        for (std::size_t k = 0; k < points.size(); ++k) {
            const XY p = points[k];
            const double fx = (p.x - ox) / cell - 0.5 + P, fy = (p.y - oy) / cell - 0.5 + P;
            if (!(fx > -1.0 && fx < NX && fy > -1.0 && fy < NY)) continue;  // also drops NaN
            const double w = weights.empty() ? 1.0 : weights[k];
            const int I = floorInt(fx), J = floorInt(fy);
            const double tx = fx - I, ty = fy - J;
            const bool i0 = I >= 0, i1 = I + 1 < NX, j0 = J >= 0, j1 = J + 1 < NY;
            const std::size_t base = static_cast<std::size_t>(J) * NX + I;
            if (j0) {
                if (i0) bins[base] += w * (1 - tx) * (1 - ty);
                if (i1) bins[base + 1] += w * tx * (1 - ty);
            }
            if (j1) {
                if (i0) bins[base + NX] += w * (1 - tx) * ty;
                if (i1) bins[base + NX + 1] += w * tx * ty;
            }
            ++used;
        }
        st.points_used = used;
    }
    progress.report(0.2, "核密度 (快速)");

    double* dst = out.data();
    const int nx = g.nx;
    if (o.kernel == Kernel::Gaussian) {
        // Separable: rows, then columns, truncated to the square ±P.
        std::vector<double> gk(static_cast<std::size_t>(P) + 1);
        for (int d = 0; d <= P; ++d) gk[static_cast<std::size_t>(d)] = std::exp(-0.5 * (d * cell) * (d * cell) * inv_h2);
        std::vector<double> t1(static_cast<std::size_t>(NY) * nx, 0.0);
        const int B = 32;
        analysis_internal::parallelChunks(
            threads, static_cast<std::size_t>((NY + B - 1) / B),
            [&](std::size_t c, int) {
                for (int J = static_cast<int>(c) * B; J < std::min(NY, static_cast<int>(c) * B + B); ++J) {
                    const double* in = bins.data() + static_cast<std::size_t>(J) * NX + P;
                    double* o1 = t1.data() + static_cast<std::size_t>(J) * nx;
                    addOne(o1, in, gk[0], nx);
                    for (int d = 1; d <= P; ++d) addPair(o1, in - d, in + d, gk[static_cast<std::size_t>(d)], nx);
                }
            },
            progress, "核密度 (快速)", 0.2, 0.6);
        analysis_internal::parallelChunks(
            threads, static_cast<std::size_t>((g.ny + B - 1) / B),
            [&](std::size_t c, int) {
                for (int j = static_cast<int>(c) * B; j < std::min(g.ny, static_cast<int>(c) * B + B); ++j) {
                    double* row = dst + static_cast<std::size_t>(j) * nx;
                    const double* mid = t1.data() + static_cast<std::size_t>(j + P) * nx;
                    addOne(row, mid, gk[0], nx);
                    for (int d = 1; d <= P; ++d)
                        addPair(row, mid - static_cast<std::ptrdiff_t>(d) * nx, mid + static_cast<std::ptrdiff_t>(d) * nx,
                                gk[static_cast<std::size_t>(d)], nx);
                    for (int i = 0; i < nx; ++i) row[i] *= cn;
                }
            },
            progress, "核密度 (快速)", 0.6, 1.0);
        return;
    }

    // 2. A 2-D stencil S(di, dj) = K(|(di, dj)|·cell), di, dj ∈ [0, P],
    // applied with its symmetry: rows j+dj and j−dj are added first, then
    // columns i+di and i−di.
    const double R2 = R * R;
    std::vector<double> S(static_cast<std::size_t>(P + 1) * (P + 1), 0.0);
    std::vector<int> width(static_cast<std::size_t>(P) + 1, -1);  // last non-zero di per dj
    for (int dj = 0; dj <= P; ++dj)
        for (int di = 0; di <= P; ++di) {
            const double r2 = (di * cell) * (di * cell) + (dj * cell) * (dj * cell);
            if (!(r2 < R2)) continue;
            const double v = cn * kernelProfile(o.kernel, r2 * inv_h2);
            if (v == 0) continue;
            S[static_cast<std::size_t>(dj) * (P + 1) + di] = v;
            width[static_cast<std::size_t>(dj)] = std::max(width[static_cast<std::size_t>(dj)], di);
        }
    const int B = 8;
    std::vector<std::vector<double>> tmp(static_cast<std::size_t>(threads), std::vector<double>(static_cast<std::size_t>(NX)));
    analysis_internal::parallelChunks(
        threads, static_cast<std::size_t>((g.ny + B - 1) / B),
        [&](std::size_t c, int worker) {
            double* t = tmp[static_cast<std::size_t>(worker)].data();
            for (int j = static_cast<int>(c) * B; j < std::min(g.ny, static_cast<int>(c) * B + B); ++j) {
                double* row = dst + static_cast<std::size_t>(j) * nx;
                for (int dj = 0; dj <= P; ++dj) {
                    const int w = width[static_cast<std::size_t>(dj)];
                    if (w < 0) continue;
                    const double* a = bins.data() + static_cast<std::size_t>(j + P + dj) * NX;
                    const double* src = a;
                    if (dj > 0) {
                        const double* b = bins.data() + static_cast<std::size_t>(j + P - dj) * NX;
                        for (int I = 0; I < NX; ++I) t[I] = a[I] + b[I];
                        src = t;
                    }
                    const double* s = S.data() + static_cast<std::size_t>(dj) * (P + 1);
                    if (s[0] != 0) addOne(row, src + P, s[0], nx);
                    for (int di = 1; di <= w; ++di)
                        if (s[di] != 0) addPair(row, src + P - di, src + P + di, s[di], nx);
                }
            }
        },
        progress, "核密度 (快速)", 0.2, 1.0);
}

// Cells for the error check: half the highest, half a regular lattice.
std::vector<std::size_t> checkCells(const std::vector<double>& v, const GridSpec& g, int n) {
    const std::size_t top = static_cast<std::size_t>(n / 2);
    using Entry = std::pair<double, std::size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
    for (std::size_t c = 0; c < v.size(); ++c) {
        if (heap.size() < top) heap.emplace(v[c], c);
        else if (top > 0 && v[c] > heap.top().first) {
            heap.pop();
            heap.emplace(v[c], c);
        }
    }
    std::vector<std::size_t> cells;
    while (!heap.empty()) {
        cells.push_back(heap.top().second);
        heap.pop();
    }
    const std::size_t lattice = static_cast<std::size_t>(n) - top;
    if (lattice > 0) {
        const int stride = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(g.cells()) / static_cast<double>(lattice))));
        for (int j = stride / 2; j < g.ny; j += stride)
            for (int i = stride / 2; i < g.nx; i += stride)
                cells.push_back(static_cast<std::size_t>(j) * g.nx + i);
    }
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    return cells;
}

}  // namespace

std::vector<double> exactDensityAtCells(std::span<const XY> points, std::span<const double> weights,
                                        const GridSpec& g, std::span<const std::size_t> cells, const KdeOptions& o) {
    validate(points, weights, g, o);
    const double h = o.bandwidth_m;
    const double R = kernelSupport(o.kernel, h, o.gaussian_cutoff);
    const double R2 = R * R;
    const double cn = kernelNorm(o.kernel, h) * 1e6;
    const double inv_h2 = 1.0 / (h * h);
    std::vector<double> res(cells.size(), 0.0);
    std::vector<XY> centre(cells.size());
    for (std::size_t k = 0; k < cells.size(); ++k) {
        if (cells[k] >= g.cells()) throw Error("", "kde", "cell index outside the grid");
        const int i = static_cast<int>(cells[k] % static_cast<std::size_t>(g.nx));
        const int j = static_cast<int>(cells[k] / static_cast<std::size_t>(g.nx));
        centre[k] = XY{g.centreX(i), g.centreY(j)};
    }
    auto add = [&](std::size_t k, std::size_t p) {
        const double dx = centre[k].x - points[p].x, dy = centre[k].y - points[p].y;
        const double r2 = dx * dx + dy * dy;
        if (!(r2 < R2)) return;
        const double w = weights.empty() ? 1.0 : weights[p];
        res[k] += cn * w * kernelProfile(o.kernel, r2 * inv_h2);
    };
    if (!std::isfinite(R)) {
        for (std::size_t p = 0; p < points.size(); ++p)
            if (std::isfinite(points[p].x) && std::isfinite(points[p].y))
                for (std::size_t k = 0; k < cells.size(); ++k) add(k, p);
        return res;
    }
    // Cells in a dense grid of buckets of the support radius (or coarser,
    // for huge grids); a point looks at the 3×3 buckets around it, and most
    // points skip at once because no checked cell is near them.
    const Bounds gb = g.bounds();
    double bs = R;
    auto count = [&](double size) {
        return std::ceil((gb.width() + 2 * R) / size) * std::ceil((gb.height() + 2 * R) / size);
    };
    while (count(bs) > 4e6) bs *= 2;
    const double bx0 = gb.min_x - R, by0 = gb.min_y - R;
    const int nbx = static_cast<int>(std::ceil((gb.width() + 2 * R) / bs));
    const int nby = static_cast<int>(std::ceil((gb.height() + 2 * R) / bs));
    const std::size_t nb = static_cast<std::size_t>(nbx) * nby;
    auto bucketOf = [&](double x, double y, int* bx, int* by) {
        const double fx = std::floor((x - bx0) / bs), fy = std::floor((y - by0) / bs);
        if (!(fx >= 0 && fx < nbx && fy >= 0 && fy < nby)) return false;
        *bx = static_cast<int>(fx);
        *by = static_cast<int>(fy);
        return true;
    };
    std::vector<std::uint32_t> start(nb + 1, 0), items(cells.size());
    std::vector<std::uint8_t> near(nb, 0);
    std::vector<std::size_t> key(cells.size());
    for (std::size_t k = 0; k < cells.size(); ++k) {
        int bx = 0, by = 0;
        bucketOf(centre[k].x, centre[k].y, &bx, &by);  // always inside
        key[k] = static_cast<std::size_t>(by) * nbx + bx;
        ++start[key[k] + 1];
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx)
                if (bx + dx >= 0 && bx + dx < nbx && by + dy >= 0 && by + dy < nby)
                    near[static_cast<std::size_t>(by + dy) * nbx + bx + dx] = 1;
    }
    for (std::size_t b = 0; b < nb; ++b) start[b + 1] += start[b];
    {
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (std::size_t k = 0; k < cells.size(); ++k) items[fill[key[k]]++] = static_cast<std::uint32_t>(k);
    }
    for (std::size_t p = 0; p < points.size(); ++p) {
        int bx = 0, by = 0;
        if (!bucketOf(points[p].x, points[p].y, &bx, &by)) continue;  // also NaN
        if (!near[static_cast<std::size_t>(by) * nbx + bx]) continue;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                if (bx + dx < 0 || bx + dx >= nbx || by + dy < 0 || by + dy >= nby) continue;
                const std::size_t b = static_cast<std::size_t>(by + dy) * nbx + bx + dx;
                for (std::uint32_t t = start[b]; t < start[b + 1]; ++t) add(items[t], p);
            }
    }
    return res;
}

DensityGrid kernelDensity(std::span<const XY> points, std::span<const double> weights, const GridSpec& grid,
                          const KdeOptions& opt, KdeStats* stats, const Progress& progress) {
    validate(points, weights, grid, opt);
    KdeStats st;
    st.mode = opt.mode;
    st.points = points.size();
    for (std::size_t i = 0; i < points.size(); ++i) st.total_weight += weights.empty() ? 1.0 : weights[i];
    st.support_m = kernelSupport(opt.kernel, opt.bandwidth_m, opt.gaussian_cutoff);

    DensityGrid out;
    out.spec = grid;
    out.values.assign(grid.cells(), 0.0);
    const auto t0 = Clock::now();
    if (opt.mode == KdeMode::Exact) exactMode(points, weights, grid, opt, out.values, st, progress);
    else fastMode(points, weights, grid, opt, out.values, st, progress);
    st.seconds = secondsSince(t0);
    st.peak = out.max();

    if (opt.mode == KdeMode::Fast && opt.error_check_cells != 0) {
        const auto t1 = Clock::now();
        double max_err = 0, exact_peak = 0;
        if (opt.error_check_cells < 0) {
            KdeOptions e = opt;
            e.mode = KdeMode::Exact;
            KdeStats es;
            std::vector<double> exact(grid.cells(), 0.0);
            exactMode(points, weights, grid, e, exact, es, {});
            for (std::size_t c = 0; c < exact.size(); ++c) {
                max_err = std::max(max_err, std::abs(exact[c] - out.values[c]));
                exact_peak = std::max(exact_peak, exact[c]);
            }
            st.cells_checked = exact.size();
        } else {
            const std::vector<std::size_t> cells = checkCells(out.values, grid, opt.error_check_cells);
            const std::vector<double> exact = exactDensityAtCells(points, weights, grid, cells, opt);
            for (std::size_t k = 0; k < cells.size(); ++k) {
                max_err = std::max(max_err, std::abs(exact[k] - out.values[cells[k]]));
                exact_peak = std::max(exact_peak, exact[k]);
            }
            st.cells_checked = cells.size();
        }
        st.max_error = max_err;
        const double ref = std::max(exact_peak, st.peak);
        st.max_error_rel_peak = ref > 0 ? max_err / ref : 0;
        st.check_seconds = secondsSince(t1);
    }
    if (stats) *stats = st;
    return out;
}

}  // namespace jingwei
