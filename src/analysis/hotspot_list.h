#pragma once
// The ranked hotspot list the GUI shows (click an entry to fly there):
// units whose Gi* is significant after the false-discovery-rate correction,
// hottest first.
#include <span>
#include <string>
#include <vector>

#include "analysis/getis_ord.h"
#include "core/geo.h"

namespace jingwei {

struct Hotspot {
    std::size_t unit = 0;   // index into the units given to getisOrdGiStar
    GeoPoint centre;        // x/y in the map CRS and lon/lat (WGS84)
    double z = 0, p = 1, q = 1;  // Gi*, p-value, FDR-adjusted p-value
    double value = 0;       // the unit's count
    int confidence = 0;     // 99, 95 or 90 (from q), as ArcGIS's Gi_Bin; negative for cold spots
};

struct HotspotOptions {
    double alpha = 0.05;        // FDR level: keep q ≤ alpha
    std::size_t max_count = 50; // 0 = all
    bool cold_spots = false;    // also list significant negative z (after the hot ones)
    bool use_fdr = true;        // false: keep p ≤ alpha instead
};

// Hot spots (z > 0) sorted by z descending, then value descending, then
// unit index; cold spots (when asked) by z ascending after them. lon/lat are
// filled by inverse projection from `crs` (left 0 when crs is empty).
std::vector<Hotspot> rankHotspots(const GiStarResult& gi, std::span<const XY> centres, std::span<const double> values,
                                  const std::string& crs, const HotspotOptions& opt = {});

}  // namespace jingwei
