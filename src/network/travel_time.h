#pragma once
// The travel-time model for police vehicles: how many seconds a drivable
// road edge takes, from its class speed, an emergency-driving factor and a
// time-of-day congestion factor. TravelGraph (travel_graph.h) turns it into
// integer-millisecond arc costs for the searches.
//
// Speeds. An edge's RoadEdge::speed_kph (set by the map from its class →
// speed table, mapdata/road_speeds.h, which a manifest may override) is used
// when it is set; otherwise the model's own table, which defaults to the same
// police urban speeds:
//
//   class        km/h   中文            class        km/h   中文
//   motorway      80    快速路          residential   20    街巷
//   trunk         60    城市主干道      service       15    内部道路
//   primary       50    主干道          path           —    步行道 (never drivable)
//   secondary     40    次干道          other         20    其他道路
//   tertiary      30    支路
//
// Emergency driving (警灯警报, lights and siren): speeds × 1.2 by default
// (emergency_speed_factor), capped at max_speed_kph (100). A patrol car
// responding to a call passes queues and red lights carefully; 1.2 is a
// conservative figure for dense Chinese urban cores (published response-run
// studies give 1.1–1.4 over normal traffic speeds).
//
// Congestion (拥堵系数): travel times × the factor of the hour. The defaults
// are a typical Chinese megacity weekday (peaks as in the Shenzhen / Beijing
// traffic-index profiles), applied to emergency driving as well:
//
//   hour  0–5  1.00   夜间 (night)        hour 12–15  1.15–1.20  午间
//   hour  6    1.10                        hour 16     1.30
//   hour  7–8  1.50 / 1.60  早高峰 (AM)    hour 17–18  1.60 / 1.70  晚高峰 (PM)
//   hour  9    1.40                        hour 19     1.40
//   hour 10–11 1.20                        hour 20–23  1.20 1.10 1.05 1.00
//
// hour = -1 (the default) means free flow: factor 1.
//
// One-way streets (单行道): normally only their own direction is usable. A
// scenario may relax them for emergency vehicles (relax_oneway): then every
// one-way edge gets a reverse arc whose time is × contraflow_time_factor
// (1.5: driving against the flow is slower and more careful).
#include <array>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "mapdata/road_data.h"
#include "mapdata/road_speeds.h"
#include "network/road_graph.h"

namespace jingwei {

using HourlyFactors = std::array<double, 24>;

// The default hourly congestion multipliers on travel time (table above).
HourlyFactors defaultCongestionFactors();

struct TravelTimeModel {
    RoadSpeeds speeds = RoadSpeeds::policeUrbanDefaults();  // used when an edge has no speed_kph
    bool use_edge_speeds = true;          // prefer RoadEdge::speed_kph (the map's table) when > 0
    bool emergency = true;                // lights and siren
    double emergency_speed_factor = 1.2;  // speed multiplier when emergency
    double max_speed_kph = 100;           // cap after the emergency factor
    HourlyFactors congestion = defaultCongestionFactors();
    int hour = -1;                        // 0..23 applies congestion[hour]; -1 = free flow
    bool relax_oneway = false;            // add reverse arcs for one-way edges
    double contraflow_time_factor = 1.5;  // time multiplier on those reverse arcs

    // Throws Error("", "travel-time model", reason) for out-of-range values.
    void validate() const;

    // The congestion multiplier in force (1 when hour == -1).
    double congestionFactor() const;
    // Speed of an edge in km/h after the emergency factor and cap (congestion
    // applies to times, not here); 0 when the edge is not drivable
    // (RoadClass::Path, or a zero speed).
    double speedKph(const RoadEdge& e) const;
    // Seconds to drive the whole edge; +infinity when not drivable.
    double edgeSeconds(const RoadEdge& e) const;
    // Seconds per forward arc of a RoadGraph built from `roads` (+infinity
    // for non-drivable arcs), indexed by ArcId.
    std::vector<double> arcSeconds(const RoadGraph& g, const RoadData& roads) const;

    bool operator==(const TravelTimeModel&) const = default;
};

}  // namespace jingwei
