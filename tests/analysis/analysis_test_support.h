#pragma once
// A small synthetic map shared by the analysis tests.
#include "mapdata/synthetic_city.h"

namespace jingwei::test {

inline const MapModel& smallCity() {
    static const MapModel m = [] {
        SyntheticCityParams p;
        p.blocks_x = 16;
        p.blocks_y = 12;
        return generateSyntheticCity(p);
    }();
    return m;
}

}  // namespace jingwei::test
