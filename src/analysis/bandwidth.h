#pragma once
// Automatic KDE bandwidths for 2-D point sets (points in map metres,
// optional non-negative weights w_i; unweighted means w_i = 1).
//
// Scott (normal reference, as scipy.stats.gaussian_kde's default factor
// n^(−1/(d+4)) with d = 2):
//     h = σ̄ · n_eff^(−1/6),   σ̄ = sqrt((s_x² + s_y²) / 2),
//   s_x, s_y the weighted standard deviations (divisor Σw − Σw²/Σw, i.e.
//   n − 1 unweighted), n_eff = (Σw)² / Σw² (= n unweighted).
//
// Silverman, spatial variant (ArcGIS Kernel Density's default radius; the
// multivariate Silverman factor (4/(d+2))^(1/(d+4)) is 1 in 2-D, so the
// textbook rule would equal Scott's):
//     h = 0.9 · min(SD, sqrt(1/ln 2) · D_m) · n^(−1/5),
//   SD = sqrt(Σ w_i ((x_i − x̄)² + (y_i − ȳ)²) / Σw)  the standard distance,
//   D_m the (weighted) median distance to the weighted mean centre (x̄, ȳ),
//   n = Σw.
//
// Both return the kernel's bandwidth h as kernel.h defines it (σ for the
// Gaussian, the support radius for the others), as ArcGIS does.
#include <span>
#include <string_view>
#include <optional>

#include "core/geo.h"

namespace jingwei {

enum class BandwidthRule { Fixed, Silverman, Scott };

std::optional<BandwidthRule> parseBandwidthRule(std::string_view s);  // "silverman", "scott"

// Throws Error("", "bandwidth", reason) for fewer than two points, zero total
// weight or points that all coincide (no spread to scale by).
double scottBandwidth(std::span<const XY> points, std::span<const double> weights = {});
double silvermanBandwidth(std::span<const XY> points, std::span<const double> weights = {});

}  // namespace jingwei
