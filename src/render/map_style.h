#pragma once
// The look of the map: a dark command-centre video-wall theme. Colours are
// 8-bit RGBA so tests can compare rendered pixels exactly; widths are screen
// pixels (they do not change with zoom).
#include <array>
#include <cstdint>
#include <string>

#include "mapdata/road_class.h"
#include "mapdata/vector_layer.h"

namespace jingwei {

struct Color8 {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;

    float rf() const { return r / 255.0f; }
    float gf() const { return g / 255.0f; }
    float bf() const { return b / 255.0f; }
    float af() const { return a / 255.0f; }
    bool sameRgb(const Color8& o) const { return r == o.r && g == o.g && b == o.b; }
};

struct RoadStyle {
    Color8 color;
    float width_px = 1.0f;
    bool round_joins = false;   // dots at vertices so wide polylines have no notches
};

struct MapStyle {
    Color8 background{8, 13, 22};           // sea / outside every district
    Color8 land{16, 25, 38};                 // opaque district fill (a "faint" lift of the background)
    Color8 district_outline{58, 150, 196};   // administrative boundary
    float district_outline_px = 3.0f;
    Color8 district_label{232, 242, 255};    // district name
    Color8 district_label_outline{0, 0, 0};
    float district_label_px = 64.0f;         // character height on screen
    float district_label_outline_px = 4.0f;  // backdrop outline thickness on screen (approx.)

    // Water areas (rivers, lakes, sea): drawn over the land, thin bank line.
    Color8 water_fill{11, 33, 60};
    Color8 water_outline{46, 104, 156};
    float water_outline_px = 1.5f;
    Color8 water_label{128, 186, 236};
    float water_label_px = 36.0f;

    // Indexed by RoadClass (Motorway .. Other).
    std::array<RoadStyle, kRoadClassCount> roads{{
        {{255, 140, 26}, 8.0f, true},    // Motorway: orange, widest
        {{255, 182, 56}, 7.0f, true},    // Trunk: amber
        {{240, 214, 72}, 5.5f, true},    // Primary: yellow
        {{214, 206, 150}, 4.0f, true},   // Secondary: pale straw
        {{150, 170, 192}, 2.5f, false},  // Tertiary: light steel
        {{104, 116, 132}, 1.6f, false},  // Residential: thin light grey
        {{76, 88, 104}, 1.0f, false},    // Service: thinnest, dim
        {{58, 68, 82}, 1.0f, false},     // Path (footways, steps; not drivable): dimmest
        {{58, 68, 82}, 1.0f, false},     // Other: dimmest
    }};

    // Layers without a style of their own (manifest `style:` overrides these).
    Color8 building_fill{120, 132, 150};     // roofs; walls are shaded darker
    Color8 poi{110, 196, 222};               // POI dots
    Color8 poi_outline{4, 8, 14, 230};
    float poi_px = 8.0f;
    Color8 police{30, 100, 255};             // police badge (GA/T 492 police blue)
    Color8 police_border{255, 255, 255};
    float police_px = 44.0f;                 // badge height on screen
    Color8 path{88, 100, 116};               // footways (paths layers)
    float path_px = 1.0f;
    Color8 display_road{150, 170, 192};      // display-only road lines (kind roads)
    float display_road_px = 2.0f;
    Color8 road_casing{5, 9, 15, 235};       // dark edge around major roads
    Color8 road_label{236, 240, 246};
    Color8 road_label_outline{0, 0, 0};
    float road_label_px = 21.0f;
    Color8 selection{0, 229, 255};           // the feature the attribute panel shows

    // HUD (scale bar, north arrow, title, legend).
    Color8 hud_text{236, 242, 250};
    Color8 hud_text_outline{0, 0, 0};
    Color8 hud_panel{6, 10, 18, 200};        // translucent backing boxes
    Color8 hud_accent{58, 150, 196};         // panel borders, north arrow ring
    Color8 north_arrow{240, 70, 60};         // the north half of the arrow
    Color8 synthetic_tag{255, 170, 40};      // 合成示例 (synthetic)
    float hud_title_px = 34.0f;
    float hud_text_px = 24.0f;

    const RoadStyle& road(RoadClass c) const { return roads[static_cast<int>(c)]; }

    // The default theme.
    static MapStyle commandDark() { return MapStyle{}; }
};

// How an area feature is drawn. Water: attribute kind/type/natural says
// water/river/lake/sea, or the layer is named like one; a river centreline
// (kind=centreline) is not drawn when its surface is. Everything else with
// polygons is drawn as an administrative district.
enum class AreaKind { District, Water, WaterLine };

AreaKind areaKind(const VectorLayer& layer, const Feature& feature);

Color8 toColor8(const Rgba& c);
Color8 withAlpha(Color8 c, double alpha_factor);

// Terrain colour: an elevation ramp for the dark theme (sea-level blue-black
// through slate and olive to grey rock), times a hill-shade factor (1 = flat
// ground; more on slopes facing the north-west light, less facing away).
Color8 terrainColour(double elevation_m, double shade = 1.0);
// The shade factor for a unit surface normal (z up).
double hillShade(double nx, double ny, double nz);

}  // namespace jingwei
