#pragma once
// How the density overlays (heatmap, hex bins) colour their values: all of
// it is shader uniforms, so changing it never recomputes or re-uploads the
// data.
#include <array>

#include "render/density_ramps.h"

namespace jingwei {

struct DensityStyle {
    DensityRamp ramp = DensityRamp::Heat;
    double opacity = 0.8;       // multiplies the ramp's alpha (0..1)
    double max_value = 0;       // the value at the top of the ramp; ≤ 0 = the data's maximum
    // Heatmap: values below cutoff × max are transparent.
    double cutoff = 0.02;
    // Hex bins: a non-empty hexagon's ramp position is floor + (1 − floor)·t.
    double hex_floor = 0.2;
};

// What the shaders compute before blending, for legends and tests: the ramp
// colour for value v at the top value `top` (rgb 0..255 as in the atlas,
// alpha 0..1 after opacity); alpha 0 where the overlay draws nothing.
// `texel` is the atlas texel the shader samples when t falls on one
// (t = 0 or 1 always do).
struct ShadedColour {
    std::array<double, 3> rgb{};
    double alpha = 0;
};
ShadedColour heatmapColour(const DensityStyle& style, double v, double top);
ShadedColour hexColour(const DensityStyle& style, double v, double top);

// Blends a shaded colour over an opaque background (0..255), as GL's
// SRC_ALPHA, ONE_MINUS_SRC_ALPHA blending does.
std::array<double, 3> blendOver(const ShadedColour& c, const std::array<double, 3>& background);

}  // namespace jingwei
