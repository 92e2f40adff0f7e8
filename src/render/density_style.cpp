#include "render/density_style.h"

#include <algorithm>
#include <cmath>

namespace jingwei {

namespace {

// The atlas row sampled linearly at t (0..1), as GL_LINEAR does between texel centres.
ShadedColour sampleRamp(DensityRamp ramp, double t, double opacity) {
    const double x = std::clamp(t, 0.0, 1.0) * (kRampTexels - 1);
    const int k0 = std::min(static_cast<int>(std::floor(x)), kRampTexels - 1);
    const int k1 = std::min(k0 + 1, kRampTexels - 1);
    const double f = x - k0;
    const auto a = rampTexel(ramp, k0), b = rampTexel(ramp, k1);
    ShadedColour c;
    for (int i = 0; i < 3; ++i) c.rgb[std::size_t(i)] = a[std::size_t(i)] + (b[std::size_t(i)] - a[std::size_t(i)]) * f;
    c.alpha = (a[3] + (b[3] - a[3]) * f) / 255.0 * std::clamp(opacity, 0.0, 1.0);
    return c;
}

}  // namespace

ShadedColour heatmapColour(const DensityStyle& style, double v, double top) {
    const double t = top > 0 ? v / top : 0.0;
    if (!(t >= style.cutoff)) return {};
    return sampleRamp(style.ramp, t, style.opacity);
}

ShadedColour hexColour(const DensityStyle& style, double v, double top) {
    if (!(v > 0) || !(top > 0)) return {};
    const double t = style.hex_floor + (1 - style.hex_floor) * std::clamp(v / top, 0.0, 1.0);
    return sampleRamp(style.ramp, t, style.opacity);
}

std::array<double, 3> blendOver(const ShadedColour& c, const std::array<double, 3>& background) {
    std::array<double, 3> out{};
    for (std::size_t i = 0; i < 3; ++i) out[i] = c.rgb[i] * c.alpha + background[i] * (1 - c.alpha);
    return out;
}

}  // namespace jingwei
