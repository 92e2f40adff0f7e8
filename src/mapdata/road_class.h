#pragma once
// Road classes, from OSM `highway` values. The order is the hierarchy:
// lower value = more important road (drawn wider and on top).
#include <cstdint>
#include <string_view>

namespace jingwei {

enum class RoadClass : std::uint8_t {
    Motorway = 0,   // 高速公路 / 城市快速路
    Trunk,          // 快速路 / 主干道 (trunk)
    Primary,        // 主干道
    Secondary,      // 次干道
    Tertiary,       // 支路 (collector)
    Residential,    // 街巷 (local streets, unclassified, living_street)
    Service,        // 内部道路 (service)
    Path,           // 步行道: footway, path, pedestrian, steps, cycleway, track (not drivable)
    Other,          // anything else drivable-looking; reported by importers
    Count
};

constexpr int kRoadClassCount = static_cast<int>(RoadClass::Count);

// Parses an OSM highway value ("primary", "primary_link", ...). Unknown
// values give RoadClass::Other; *known is set to false for them.
RoadClass parseRoadClass(std::string_view highway, bool* known = nullptr);
// Vehicles may use it (everything except Path; Other counts as drivable
// so unknown classes are reported rather than silently dropped).
constexpr bool isDrivable(RoadClass c) { return c != RoadClass::Path; }
// English key ("primary") and Chinese name ("主干道") for legends.
std::string_view roadClassKey(RoadClass c);
std::string_view roadClassNameZh(RoadClass c);

}  // namespace jingwei
