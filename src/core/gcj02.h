#pragma once
// GCJ-02 ("Mars coordinates"), the obfuscated datum of Chinese commercial
// basemaps and boundary files, and its inverse. Outside mainland China the
// shift is zero (as the public specification behaves).
#include "core/geo.h"

namespace jingwei {

bool outOfChina(double lon, double lat);
LonLat wgs84ToGcj02(LonLat p);
// Iterative inverse; converges to well under 0.5 m (tested).
LonLat gcj02ToWgs84(LonLat p);

}  // namespace jingwei
