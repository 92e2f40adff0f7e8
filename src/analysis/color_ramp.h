#pragma once
// The heatmap colour ramp and legend, shared by the PNG writer and the GUI
// overlay (which uploads the stops as a 1-D texture, so ramp and opacity
// change without recomputing the density).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace jingwei {

struct RampStop {
    double t = 0;                      // position 0..1 along the ramp
    std::uint8_t r = 0, g = 0, b = 0, a = 0;
};

struct ColorRamp {
    std::vector<RampStop> stops;       // ascending t, first at 0, last at 1

    // "heat": transparent → blue → cyan → yellow → red (default).
    static ColorRamp heat();
    // Linear interpolation of the stops at t (clamped to 0..1).
    std::array<std::uint8_t, 4> at(double t) const;
};

// Legend ticks for values 0..max: about n "nice" steps (1, 2, 2.5, 5 × 10^k).
std::vector<double> legendTicks(double max, int n = 5);
// A tick as text ("1200", "2.5", "0.25").
std::string formatTick(double v);

}  // namespace jingwei
