#pragma once
// Two-dimensional, radially symmetric smoothing kernels K_h(r), each
// normalised so that its integral over the plane is 1 (per m² when h is in
// metres). With u = r / h:
//
//   quartic (biweight)  K = 3 / (π h²) · (1 − u²)²     for u < 1
//   Epanechnikov        K = 2 / (π h²) · (1 − u²)      for u < 1
//   triangular (cone)   K = 3 / (π h²) · (1 − u)       for u < 1
//   uniform (disc)      K = 1 / (π h²)                 for u < 1
//   Gaussian            K = 1 / (2π h²) · exp(−u²/2)   h is σ; all r
//
// h is the support radius for the first four (the "search radius" of
// ArcGIS/QGIS heatmaps) and the standard deviation for the Gaussian. These
// match scikit-learn's KernelDensity kernels epanechnikov, linear, tophat
// and gaussian in 2-D, including their normalisation.
#include <cmath>
#include <numbers>
#include <optional>
#include <string_view>

namespace jingwei {

enum class Kernel { Quartic, Epanechnikov, Triangular, Uniform, Gaussian };

std::string_view kernelName(Kernel k);                 // "quartic", "epanechnikov", ...
std::optional<Kernel> parseKernel(std::string_view s);  // also "biweight", "linear", "tophat", "normal"

// Normalisation constant c so that K = c · profile(r²/h²).
inline double kernelNorm(Kernel k, double h) {
    const double a = std::numbers::pi * h * h;
    switch (k) {
        case Kernel::Quartic: return 3.0 / a;
        case Kernel::Epanechnikov: return 2.0 / a;
        case Kernel::Triangular: return 3.0 / a;
        case Kernel::Uniform: return 1.0 / a;
        case Kernel::Gaussian: return 1.0 / (2.0 * a);
    }
    return 0;
}

// The kernel's shape as a function of q = r² / h² (no normalisation);
// zero outside the support (q ≥ 1) except for the Gaussian.
inline double kernelProfile(Kernel k, double q) {
    switch (k) {
        case Kernel::Quartic: return q < 1 ? (1 - q) * (1 - q) : 0.0;
        case Kernel::Epanechnikov: return q < 1 ? 1 - q : 0.0;
        case Kernel::Triangular: return q < 1 ? 1 - std::sqrt(q) : 0.0;
        case Kernel::Uniform: return q < 1 ? 1.0 : 0.0;
        case Kernel::Gaussian: return std::exp(-0.5 * q);
    }
    return 0;
}

// K_h at distance² r2 (per m²).
inline double kernelValue(Kernel k, double h, double r2) { return kernelNorm(k, h) * kernelProfile(k, r2 / (h * h)); }

// The radius beyond which the kernel is taken as zero: h for compact
// kernels, gaussian_cutoff · h for the Gaussian (infinite when the cutoff
// is ≤ 0 or not finite, i.e. untruncated).
double kernelSupport(Kernel k, double h, double gaussian_cutoff);

}  // namespace jingwei
