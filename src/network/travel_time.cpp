#include "network/travel_time.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace jingwei {

HourlyFactors defaultCongestionFactors() {
    return {1.00, 1.00, 1.00, 1.00, 1.00, 1.00,   // 0–5   night
            1.10, 1.50, 1.60, 1.40, 1.20, 1.20,   // 6–11  早高峰 7–8
            1.20, 1.15, 1.15, 1.20, 1.30, 1.60,   // 12–17 晚高峰 from 17
            1.70, 1.40, 1.20, 1.10, 1.05, 1.00};  // 18–23
}

void TravelTimeModel::validate() const {
    auto bad = [](const std::string& why) { throw Error("", "travel-time model", why); };
    for (int c = 0; c < kRoadClassCount; ++c)
        if (!(speeds.kph[c] >= 0) || speeds.kph[c] > 300)
            bad(std::string("speed of ") + std::string(roadClassKey(static_cast<RoadClass>(c))) +
                " must be between 0 and 300 km/h");
    if (!(emergency_speed_factor > 0) || emergency_speed_factor > 5)
        bad("emergency_speed_factor must be in (0, 5]");
    if (!(max_speed_kph > 0) || max_speed_kph > 300) bad("max_speed_kph must be in (0, 300]");
    for (int h = 0; h < 24; ++h)
        if (!(congestion[h] >= 0.2) || congestion[h] > 10)
            bad("congestion factor of hour " + std::to_string(h) + " must be in [0.2, 10]");
    if (hour < -1 || hour > 23) bad("hour must be -1 (free flow) or 0..23");
    if (!(contraflow_time_factor >= 1) || contraflow_time_factor > 10)
        bad("contraflow_time_factor must be in [1, 10]");
}

double TravelTimeModel::congestionFactor() const { return hour >= 0 && hour < 24 ? congestion[hour] : 1.0; }

double TravelTimeModel::speedKph(const RoadEdge& e) const {
    if (!isDrivable(e.road_class)) return 0;
    double v = (use_edge_speeds && e.speed_kph > 0) ? e.speed_kph : speeds[e.road_class];
    if (!(v > 0)) return 0;
    if (emergency) v = std::min(v * emergency_speed_factor, std::max(max_speed_kph, 1e-9));
    return v;
}

double TravelTimeModel::edgeSeconds(const RoadEdge& e) const {
    const double v = speedKph(e);
    if (!(v > 0)) return std::numeric_limits<double>::infinity();
    return std::max(0.0, e.length_m) / (v / 3.6) * congestionFactor();
}

std::vector<double> TravelTimeModel::arcSeconds(const RoadGraph& g, const RoadData& roads) const {
    std::vector<double> out(g.edgeCount());
    const auto edges = g.outEdgeIds();
    for (std::size_t a = 0; a < out.size(); ++a) out[a] = edgeSeconds(roads.edges[edges[a]]);
    return out;
}

}  // namespace jingwei
