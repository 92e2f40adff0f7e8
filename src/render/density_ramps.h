#pragma once
// Colour ramps for the incident density overlays (heatmap, hex bins) and
// their legends. The analysis module's ColorRamp::heat() is the default; the
// others share its transparency profile (transparent at 0, mostly opaque at
// the top) so a switch changes hue, not how much of the map shows through.
//
// On the GPU all ramps live in one RGBA8 "atlas" texture, kRampTexels wide
// and one row per ramp: texel k of a row is ramp.at(k / (kRampTexels − 1)).
// The overlay shaders pick the row with a uniform, so switching the ramp
// never touches the density.
#include <array>
#include <cstdint>
#include <string_view>

#include <osg/Texture2D>
#include <osg/ref_ptr>

#include "analysis/color_ramp.h"

namespace jingwei {

enum class DensityRamp { Heat = 0, Magma, Viridis, Fire };
inline constexpr int kDensityRampCount = 4;
inline constexpr int kRampTexels = 256;

const ColorRamp& densityRamp(DensityRamp r);
std::string_view densityRampKey(DensityRamp r);   // "heat", "magma", "viridis", "fire"
const char* densityRampName(DensityRamp r, bool zh);  // 热度 / Heat ...
bool parseDensityRamp(std::string_view key, DensityRamp* out);

// Texel k (0..kRampTexels−1) of a ramp's atlas row, as uploaded.
std::array<std::uint8_t, 4> rampTexel(DensityRamp r, int k);

// The atlas texture (rows in DensityRamp order; linear in s, texel rows
// sampled at their centres). A new texture each call.
osg::ref_ptr<osg::Texture2D> makeRampAtlas();
// The atlas t coordinate of ramp row r (the centre of its texel row).
float rampAtlasRow(DensityRamp r);

}  // namespace jingwei
