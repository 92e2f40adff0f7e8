#include "render/map_style.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace jingwei {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool waterWord(const std::string& v) {
    const std::string s = lower(v);
    for (const char* w : {"water", "river", "lake", "sea", "reservoir", "canal", "stream", "水", "河", "湖", "海"})
        if (s.find(w) != std::string::npos) return true;
    return false;
}

}  // namespace

AreaKind areaKind(const VectorLayer& layer, const Feature& f) {
    auto attr = [&](const char* key) -> std::string {
        const auto it = f.attributes.find(key);
        return it == f.attributes.end() ? std::string() : it->second;
    };
    const std::string kind = lower(attr("kind"));
    if (kind == "centreline" || kind == "centerline") return AreaKind::WaterLine;
    if (kind == "district") return AreaKind::District;
    for (const char* key : {"kind", "type", "natural", "waterway"})
        if (waterWord(attr(key))) return AreaKind::Water;
    if (waterWord(layer.name)) return f.polygons.empty() ? AreaKind::WaterLine : AreaKind::Water;
    return AreaKind::District;
}

}  // namespace jingwei

namespace jingwei {

Color8 toColor8(const Rgba& c) { return Color8{c.r, c.g, c.b, c.a}; }

Color8 withAlpha(Color8 c, double f) {
    c.a = static_cast<std::uint8_t>(std::clamp(std::lround(c.a * f), 0L, 255L));
    return c;
}

Color8 terrainColour(double e, double shade) {
    struct Stop {
        double m;
        float r, g, b;
    };
    static const Stop stops[] = {
        {-100, 12, 20, 31}, {0, 16, 26, 38},   {50, 19, 31, 42},   {200, 25, 41, 48},  {500, 34, 52, 55},
        {1000, 46, 61, 58}, {1600, 58, 67, 62}, {2200, 70, 74, 72}, {3000, 86, 90, 94}, {5000, 120, 124, 130},
    };
    constexpr int n = sizeof stops / sizeof stops[0];
    float r = stops[0].r, g = stops[0].g, b = stops[0].b;
    if (!std::isfinite(e)) e = 0;
    if (e >= stops[n - 1].m) {
        r = stops[n - 1].r, g = stops[n - 1].g, b = stops[n - 1].b;
    } else {
        for (int i = 0; i + 1 < n; ++i)
            if (e < stops[i + 1].m) {
                const float t = e <= stops[i].m ? 0.0f : float((e - stops[i].m) / (stops[i + 1].m - stops[i].m));
                r = stops[i].r + t * (stops[i + 1].r - stops[i].r);
                g = stops[i].g + t * (stops[i + 1].g - stops[i].g);
                b = stops[i].b + t * (stops[i + 1].b - stops[i].b);
                break;
            }
    }
    const double k = std::isfinite(shade) ? shade : 1.0;
    auto c = [k](float v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v * k), 0L, 255L)); };
    return Color8{c(r), c(g), c(b), 255};
}

double hillShade(double nx, double ny, double nz) {
    // Light from azimuth 315° (north-west), 45° above the horizon.
    const double az = 315.0 * 3.14159265358979323846 / 180.0, alt = 45.0 * 3.14159265358979323846 / 180.0;
    const double lx = std::sin(az) * std::cos(alt), ly = std::cos(az) * std::cos(alt), lz = std::sin(alt);
    const double lambert = std::max(0.0, nx * lx + ny * ly + nz * lz) / lz;  // flat ground: 1
    return std::clamp(0.3 + 0.7 * lambert, 0.3, 1.45);
}

}  // namespace jingwei
