#pragma once
// Getis-Ord Gi* hot-spot statistic (Getis & Ord 1992; Ord & Getis 1995, the
// form ArcGIS "Hot Spot Analysis" uses) over areal units — grid cells or
// hexagons — each with a centre and a value (usually an incident count;
// empty units are data and must be included with value 0):
//
//            Σ_j w_ij x_j − X̄ Σ_j w_ij
//   G*_i = ───────────────────────────────────────────,
//           S · sqrt( (n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1) )
//
//   X̄ = Σ_j x_j / n,   S = sqrt( Σ_j x_j² / n − X̄² ),
//
// with binary weights w_ij ∈ {0, 1} that include the unit itself (w_ii = 1):
//   - distance band: w_ij = 1 when |c_i − c_j| ≤ distance_m (plus 1e-9
//     relative tolerance, so a 100 m band on a 100 m grid takes the four
//     rook neighbours);
//   - k nearest: the unit itself and its k nearest other units (ties
//     broken by the lower unit index).
// G*_i is a z-score; its two-sided p-value is erfc(|z| / √2). A unit with
// no spread to compare (S = 0, or every unit a neighbour) gets z = 0, p = 1.
#include <span>
#include <vector>

#include "analysis/grid_spec.h"
#include "core/geo.h"
#include "core/progress.h"

namespace jingwei {

struct SpatialWeights {
    enum class Type { DistanceBand, KNearest };
    Type type = Type::DistanceBand;
    double distance_m = 0;  // DistanceBand
    int k = 8;              // KNearest: neighbours besides the unit itself

    static SpatialWeights band(double d) { return {Type::DistanceBand, d, 0}; }
    static SpatialWeights nearest(int k) { return {Type::KNearest, 0, k}; }
};

struct GiStarResult {
    std::vector<double> z;          // G*_i
    std::vector<double> p;          // two-sided p-values
    std::vector<double> q;          // Benjamini–Hochberg adjusted p-values (FDR)
    std::vector<std::uint32_t> neighbours;  // Σ_j w_ij (including the unit itself)
    double mean = 0, sd = 0;        // X̄ and S
};

// Throws Error("", "Gi*", reason) for mismatched inputs, fewer than 3 units,
// a non-positive band or k < 1. Cancellable through `progress`.
GiStarResult getisOrdGiStar(std::span<const XY> centres, std::span<const double> values,
                            const SpatialWeights& weights, const Progress& progress = {});

// Unit layout helpers for a grid: cell centres (row-major, row 0 south) and
// counts of points per cell (Σ weights; points outside are ignored).
std::vector<XY> gridCentres(const GridSpec& grid);
std::vector<double> gridCounts(std::span<const XY> points, std::span<const double> weights, const GridSpec& grid);

// Two-sided p-value of a z-score: erfc(|z| / √2).
double twoSidedP(double z);

}  // namespace jingwei
