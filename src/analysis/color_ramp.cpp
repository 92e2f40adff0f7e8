#include "analysis/color_ramp.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace jingwei {

ColorRamp ColorRamp::heat() {
    return ColorRamp{{{0.00, 0, 0, 255, 0},
                      {0.15, 0, 64, 255, 120},
                      {0.35, 0, 200, 255, 170},
                      {0.55, 120, 255, 60, 200},
                      {0.75, 255, 220, 0, 225},
                      {1.00, 230, 0, 0, 245}}};
}

std::array<std::uint8_t, 4> ColorRamp::at(double t) const {
    if (stops.empty()) return {0, 0, 0, 0};
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    if (t <= stops.front().t) return {stops.front().r, stops.front().g, stops.front().b, stops.front().a};
    for (std::size_t k = 1; k < stops.size(); ++k) {
        const RampStop& a = stops[k - 1];
        const RampStop& b = stops[k];
        if (t <= b.t) {
            const double f = b.t > a.t ? (t - a.t) / (b.t - a.t) : 1.0;
            auto mix = [f](std::uint8_t x, std::uint8_t y) {
                return static_cast<std::uint8_t>(std::lround(x + (y - x) * f));
            };
            return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), mix(a.a, b.a)};
        }
    }
    return {stops.back().r, stops.back().g, stops.back().b, stops.back().a};
}

std::vector<double> legendTicks(double max, int n) {
    std::vector<double> ticks;
    if (!(max > 0) || !std::isfinite(max) || n < 1) return {0.0};
    const double raw = max / n;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (int k = 0; k * step <= max * (1 + 1e-9); ++k) ticks.push_back(k * step);
    return ticks;
}

std::string formatTick(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace jingwei
