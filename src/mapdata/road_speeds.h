#pragma once
// Travel speeds per road class for Chinese urban police vehicles (km/h).
//
// The defaults are the mid-to-upper design speeds of the urban road classes
// in CJJ 37-2012 (城市道路工程设计规范: 快速路 60–100, 主干路 40–60, 次干路
// 30–50, 支路 20–40 km/h): a patrol car responding with lights and siren
// reaches about the design speed between junctions but not the posted
// limit's upper end across a whole trip. They are average travel speeds
// including junction delay, not speed limits, and are the same for both
// directions. The table is documented in docs/formats.md; a map overrides
// any entry in its manifest (`speeds: {primary: 45}`).
//
//   class        km/h   中文
//   motorway      80    快速路
//   trunk         60    城市主干道
//   primary       50    主干道
//   secondary     40    次干道
//   tertiary      30    支路
//   residential   20    街巷
//   service       15    内部道路
//   path           0    步行道 (not drivable)
//   other         20    其他道路 (unknown highway values)
#include <array>

#include "mapdata/road_class.h"
#include "mapdata/road_data.h"

namespace jingwei {

struct RoadSpeeds {
    std::array<double, kRoadClassCount> kph{80, 60, 50, 40, 30, 20, 15, 0, 20};

    static RoadSpeeds policeUrbanDefaults() { return {}; }
    double operator[](RoadClass c) const { return kph[static_cast<int>(c)]; }
    double& operator[](RoadClass c) { return kph[static_cast<int>(c)]; }
    bool operator==(const RoadSpeeds&) const = default;
};

// Sets RoadEdge::speed_kph of every edge from the table.
void applyRoadSpeeds(RoadData& roads, const RoadSpeeds& speeds);

// "motorway" → RoadClass::Motorway using the class keys of roadClassKey();
// false for an unknown key.
bool parseRoadClassKey(std::string_view key, RoadClass* out);

}  // namespace jingwei
