#include "analysis/hotspot_list.h"

#include <algorithm>
#include <optional>

#include "core/crs.h"
#include "core/error.h"

namespace jingwei {

std::vector<Hotspot> rankHotspots(const GiStarResult& gi, std::span<const XY> centres, std::span<const double> values,
                                  const std::string& crs, const HotspotOptions& opt) {
    const std::size_t n = gi.z.size();
    if (centres.size() != n || values.size() != n || gi.p.size() != n || gi.q.size() != n)
        throw Error("", "hotspots", "the units and the Gi* result differ in number");
    std::vector<Hotspot> hot, cold;
    for (std::size_t i = 0; i < n; ++i) {
        const double sig = opt.use_fdr ? gi.q[i] : gi.p[i];
        if (!(sig <= opt.alpha) || gi.z[i] == 0) continue;
        if (gi.z[i] < 0 && !opt.cold_spots) continue;
        Hotspot h;
        h.unit = i;
        h.centre.x = centres[i].x;
        h.centre.y = centres[i].y;
        h.z = gi.z[i];
        h.p = gi.p[i];
        h.q = gi.q[i];
        h.value = values[i];
        h.confidence = sig <= 0.01 ? 99 : sig <= 0.05 ? 95 : sig <= 0.10 ? 90 : 0;
        if (h.z < 0) h.confidence = -h.confidence;
        (h.z > 0 ? hot : cold).push_back(h);
    }
    auto by = [](bool hot_first) {
        return [hot_first](const Hotspot& a, const Hotspot& b) {
            if (a.z != b.z) return hot_first ? a.z > b.z : a.z < b.z;
            if (a.value != b.value) return hot_first ? a.value > b.value : a.value < b.value;
            return a.unit < b.unit;
        };
    };
    std::sort(hot.begin(), hot.end(), by(true));
    std::sort(cold.begin(), cold.end(), by(false));
    hot.insert(hot.end(), cold.begin(), cold.end());
    if (opt.max_count && hot.size() > opt.max_count) hot.resize(opt.max_count);
    if (!crs.empty()) {
        const Projector proj(crs);
        for (auto& h : hot) {
            const LonLat ll = proj.inverse(XY{h.centre.x, h.centre.y});
            h.centre.lon = ll.lon;
            h.centre.lat = ll.lat;
        }
    }
    return hot;
}

}  // namespace jingwei
