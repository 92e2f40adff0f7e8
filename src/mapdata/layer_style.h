#pragma once
// How a layer is meant to be drawn, as the map manifest says (docs/formats.md).
// The renderer reads it; mapdata only parses and stores it. Every field has
// a neutral default, so a layer without `style:` draws with the renderer's
// defaults for its kind.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jingwei {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba&) const = default;
};

// "#RRGGBB" or "#RRGGBBAA" (case-insensitive); nullopt for anything else.
std::optional<Rgba> parseColour(std::string_view s);
// "#rrggbb" or "#rrggbbaa" (alpha only when not 255).
std::string formatColour(Rgba c);

// How building heights are found (buildings layers; docs/formats.md).
struct Extrusion {
    std::string height_field = "height";             // metres ("12", "12 m", "40 ft")
    std::string levels_field = "building:levels";    // storeys, × level_height_m
    std::string min_height_field = "min_height";     // base of a raised part (0 when absent)
    double level_height_m = 3.0;
    double default_height_m = 10.0;                  // neither field present (≈ 3 storeys)
    bool operator==(const Extrusion&) const = default;
};

struct LayerStyle {
    std::optional<Rgba> colour;       // line / outline / point colour; nullopt = the kind's default
    std::optional<Rgba> fill;         // polygon fill; nullopt = the kind's default
    double width_px = 0;              // line width in screen pixels; 0 = default
    double opacity = 1.0;             // 0..1, multiplies colour alpha
    // Visible scale range as scale denominators (1:N): the layer shows when
    // min_scale <= N <= max_scale; 0 means no limit on that side. min_scale is
    // the most zoomed-in end, max_scale the most zoomed-out.
    double min_scale = 0;
    double max_scale = 0;
    int draw_order = 0;               // lower draws first (underneath)
    bool visible = true;              // initial state of the layer-panel toggle
    std::optional<Extrusion> extrusion;  // set for buildings: polygons are extruded

    bool visibleAtScale(double denominator) const {
        return (min_scale <= 0 || denominator >= min_scale) && (max_scale <= 0 || denominator <= max_scale);
    }
    bool operator==(const LayerStyle&) const = default;
};

}  // namespace jingwei
