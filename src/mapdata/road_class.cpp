#include "mapdata/road_class.h"

#include <string>

namespace jingwei {

RoadClass parseRoadClass(std::string_view h, bool* known) {
    if (known) *known = true;
    std::string s(h);
    if (s.size() > 5 && s.compare(s.size() - 5, 5, "_link") == 0) s.resize(s.size() - 5);
    if (s == "motorway") return RoadClass::Motorway;
    if (s == "trunk") return RoadClass::Trunk;
    if (s == "primary") return RoadClass::Primary;
    if (s == "secondary") return RoadClass::Secondary;
    if (s == "tertiary") return RoadClass::Tertiary;
    if (s == "residential" || s == "unclassified" || s == "living_street" || s == "road")
        return RoadClass::Residential;
    if (s == "service") return RoadClass::Service;
    if (s == "footway" || s == "path" || s == "pedestrian" || s == "steps" || s == "cycleway" ||
        s == "track" || s == "bridleway" || s == "corridor")
        return RoadClass::Path;
    if (known) *known = false;
    return RoadClass::Other;
}

std::string_view roadClassKey(RoadClass c) {
    switch (c) {
        case RoadClass::Motorway: return "motorway";
        case RoadClass::Trunk: return "trunk";
        case RoadClass::Primary: return "primary";
        case RoadClass::Secondary: return "secondary";
        case RoadClass::Tertiary: return "tertiary";
        case RoadClass::Residential: return "residential";
        case RoadClass::Service: return "service";
        case RoadClass::Path: return "path";
        default: return "other";
    }
}

std::string_view roadClassNameZh(RoadClass c) {
    switch (c) {
        case RoadClass::Motorway: return "快速路";
        case RoadClass::Trunk: return "城市主干道";
        case RoadClass::Primary: return "主干道";
        case RoadClass::Secondary: return "次干道";
        case RoadClass::Tertiary: return "支路";
        case RoadClass::Residential: return "街巷";
        case RoadClass::Service: return "内部道路";
        case RoadClass::Path: return "步行道";
        default: return "其他道路";
    }
}

}  // namespace jingwei
