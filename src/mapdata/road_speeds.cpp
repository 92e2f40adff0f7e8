#include "mapdata/road_speeds.h"

namespace jingwei {

void applyRoadSpeeds(RoadData& roads, const RoadSpeeds& speeds) {
    for (auto& e : roads.edges) e.speed_kph = speeds[e.road_class];
}

bool parseRoadClassKey(std::string_view key, RoadClass* out) {
    for (int c = 0; c < kRoadClassCount; ++c)
        if (roadClassKey(static_cast<RoadClass>(c)) == key) {
            *out = static_cast<RoadClass>(c);
            return true;
        }
    return false;
}

}  // namespace jingwei
