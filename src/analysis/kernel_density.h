#pragma once
// Kernel density estimation of points (map metres) onto a GridSpec, in
// incidents per km²:  D(c) = 10⁶ · Σ_i w_i · K_h(|c − p_i|)  at each cell
// centre c (K_h per m², see kernel.h). Away from the grid's edges the grid
// integrates to Σ w_i (N unweighted).
//
// Two modes:
//  - Exact: evaluates the kernel at every cell centre within the support of
//    every point (pruned to the support; the Gaussian is truncated at
//    gaussian_cutoff·σ, default 4σ, where it has fallen to e^−8 ≈ 3.4e−4 of
//    its peak and 1 − e^−8 of its mass is inside; a cutoff ≤ 0 evaluates it
//    everywhere). Cost O(N · cells in the support). Each cell sums its
//    points in a fixed order, so the result does not depend on the thread
//    count. Points are scattered onto the cells of their support row by
//    row (the Gaussian as a product of per-row and per-column exponentials).
//  - Fast: linear binning of the points onto the cell centres (each point
//    shared among its 4 nearest centres), then a convolution with the kernel
//    sampled at cell offsets (a 2-D stencil using the kernel's symmetry; the
//    Gaussian is separable and truncated to the square ±cutoff·σ). Cost
//    O(N + cells · stencil). The uniform kernel, whose edge a lattice
//    cannot approximate, is done by scanlines instead (each point adds a
//    constant to a run of cells per row through a difference array), which
//    equals the exact mode up to rounding at O(N · rows). Fast mode reports
//    its maximum error against the exact mode on a sample of cells (the
//    highest-density cells and a regular lattice), or on every cell when
//    error_check_cells < 0.
#include <span>

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
