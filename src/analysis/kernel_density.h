#pragma once
// Kernel density estimation of points (map metres) onto a GridSpec, in
// incidents per km²:  D(c) = 10⁶ · Σ_i w_i · K_h(|c − p_i|)  at each cell
// centre c (K_h per m², see kernel.h). Away from the grid's edges the grid
// integrates to Σ w_i (N unweighted).
//
// Two modes:
//  - Exact: the kernel evaluated at every cell centre within the support of
//    every point, summed in double (the Gaussian truncated at
//    gaussian_cutoff·σ, default 4σ, where it has fallen to e^−8 ≈ 3.4e−4 of
//    its peak and 1 − e^−8 of its mass is inside; a cutoff ≤ 0 evaluates it
//    everywhere). Each cell sums its points in a fixed order, so the result
//    does not depend on the thread count. How the sum is organised:
//      * quartic, Epanechnikov and uniform with a support wider than 24
//        cells: by scanlines. On a row, a point's kernel is a polynomial in
//        the column (degree 4, 2, 0), so each point adds its coefficients
//        over its exact run of cells (those with r² < R²) through
//        difference arrays and one prefix sum per row evaluates them:
//        O(N · rows) instead of O(N · cells), the same sum rearranged
//        (agreement with the cell-by-cell sum ≤ 1e-12 of the peak, tested);
//      * otherwise cell by cell over each point's support (AVX-512 when the
//        CPU has it and `simd` is on; the triangular kernel's square root
//        then comes from a refined reciprocal square root, to ~1 ulp);
//      * Gaussian: a product of per-row and per-column exponentials.
//    Cost O(N · rows) or O(N · cells in the support).
//  - Fast: linear binning of the points onto the cell centres (each point
//    shared among its 4 nearest centres), then a convolution with the kernel
//    sampled at cell offsets (a 2-D stencil using the kernel's symmetry; the
//    Gaussian is separable and truncated to the square ±cutoff·σ). Cost
//    O(N + cells · stencil). The uniform kernel, whose edge a lattice
//    cannot approximate, is computed as in exact mode. Fast mode reports
//    its maximum error against the exact mode on a sample of cells (the
//    highest-density cells and a regular lattice), or on every cell when
//    error_check_cells < 0.
#include <span>
#include <string>

#include "analysis/density_grid.h"
#include "analysis/kernel.h"
#include "core/progress.h"

namespace jingwei {

enum class KdeMode { Exact, Fast };

struct KdeOptions {
    Kernel kernel = Kernel::Quartic;
    double bandwidth_m = 300;       // h (see kernel.h); must be > 0
    KdeMode mode = KdeMode::Exact;
    double gaussian_cutoff = 4.0;   // in σ; ≤ 0 or infinity = untruncated
    int threads = 0;                // 0 = all hardware threads
    // Exact mode: use AVX-512 for the cell-by-cell sums when the CPU has it
    // (false forces the portable loops; the results agree to rounding).
    bool simd = true;
    // Fast mode: cells where the exact value is computed to report the
    // error (half the highest cells, half a lattice); 0 = no check; < 0 =
    // a full exact run compared on every cell.
    int error_check_cells = 64;
};

struct KdeStats {
    KdeMode mode = KdeMode::Exact;
    std::size_t points = 0;           // points given
    std::size_t points_used = 0;      // points whose kernel touches the grid
    double total_weight = 0;          // Σ w of the points given
    double support_m = 0;             // kernel radius used (inf: untruncated)
    double peak = 0;                  // the grid's maximum, incidents/km²
    // Fast mode: max |fast − exact| over the checked cells (incidents/km²)
    // and that as a fraction of the exact peak; −1 when not checked.
    double max_error = -1;
    double max_error_rel_peak = -1;
    std::size_t cells_checked = 0;
    double seconds = 0;               // the estimate itself, without the check
    // How the exact sums were done: "scanlines", "cells-avx512", "cells",
    // "separable" (Gaussian); fast mode: "binned" (uniform: as exact).
    std::string method;
    double check_seconds = 0;
};

// Throws Error("", "kde", reason) for a bad grid, bandwidth or weights
// (weights must be empty or as many as points, finite and ≥ 0).
// Non-finite points are skipped. Cancellable through `progress`.
DensityGrid kernelDensity(std::span<const XY> points, std::span<const double> weights, const GridSpec& grid,
                          const KdeOptions& opt, KdeStats* stats = nullptr, const Progress& progress = {});

// The exact density at the given cells (indices j·nx + i), summing points
// in their given order. For checks and tests.
std::vector<double> exactDensityAtCells(std::span<const XY> points, std::span<const double> weights,
                                        const GridSpec& grid, std::span<const std::size_t> cells,
                                        const KdeOptions& opt);

}  // namespace jingwei
