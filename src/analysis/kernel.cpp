#include "analysis/kernel.h"

#include <cctype>
#include <limits>
#include <string>

namespace jingwei {

std::string_view kernelName(Kernel k) {
    switch (k) {
        case Kernel::Quartic: return "quartic";
        case Kernel::Epanechnikov: return "epanechnikov";
        case Kernel::Triangular: return "triangular";
        case Kernel::Uniform: return "uniform";
        case Kernel::Gaussian: return "gaussian";
    }
    return "?";
}

std::optional<Kernel> parseKernel(std::string_view s) {
    std::string l(s);
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == "quartic" || l == "biweight") return Kernel::Quartic;
    if (l == "epanechnikov") return Kernel::Epanechnikov;
    if (l == "triangular" || l == "linear" || l == "triangle") return Kernel::Triangular;
    if (l == "uniform" || l == "tophat") return Kernel::Uniform;
    if (l == "gaussian" || l == "normal") return Kernel::Gaussian;
    return std::nullopt;
}

double kernelSupport(Kernel k, double h, double gaussian_cutoff) {
    if (k != Kernel::Gaussian) return h;
    if (!(gaussian_cutoff > 0) || !std::isfinite(gaussian_cutoff)) return std::numeric_limits<double>::infinity();
    return gaussian_cutoff * h;
}

}  // namespace jingwei
