#pragma once
// Synthetic incidents (合成示例) on a map, because no Chinese incident
// records are available to the project. Seeded: the same parameters and map
// give the same incidents bit for bit. Every incident's source is
// kSyntheticSource so it is never mistaken for real data.
//
// Space: an inhomogeneous Poisson process conditioned on its count, i.e.
// `count` independent points drawn from the normalised intensity
//     λ(x) = w_hot · Σ_k a_k N(x; c_k, σ_k²I) + w_road · road density
//          + w_poi · POI density + w_bg · uniform over the road extent,
// where the hotspot centres c_k are random road nodes, σ_k uniform in
// [hotspot_sigma_min_m, hotspot_sigma_max_m] and a_k uniform in [0.5, 1.5];
// road density picks an edge with probability ∝ length × class weight
// (RoadClassWeights) and a uniform point along its shape, jittered by
// N(0, road_jitter_m²); POIs are the point features of the map's layers
// (their share moves to roads when the map has none).
//
// Time: a day in [start, start + days) with probability ∝ weekday weight,
// then an hour ∝ hour weight, then a uniform second in the hour, in local
// time (UTC+8 by default). The default profile (kDefaultHourProfile) is a
// city 110 pattern: quiet 03:00–06:00, a daytime plateau and an evening
// peak 18:00–22:00 (highest at 20:00, about 5× the 04:00 low); Friday and
// Saturday are busiest (kDefaultWeekdayProfile).
//
// Categories: drawn independently with the weights of
// defaultSyntheticCategories() (盗窃 30%, 纠纷 20%, 交通事故 15%, 求助 12%,
// 斗殴 7%, 诈骗 6%, 噪音扰民 4%, 抢劫 3%, 火警 3%), each with its priority.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/incident.h"
#include "core/progress.h"
#include "mapdata/map_model.h"

namespace jingwei {

inline constexpr const char* kSyntheticSource = "合成示例";

// Relative weights for local hours 0..23 and weekdays Monday..Sunday.
inline constexpr std::array<double, 24> kDefaultHourProfile = {
    3.0, 2.4, 1.9, 1.5, 1.2, 1.3, 1.7, 2.5, 3.3, 3.7, 3.9, 4.1,
    4.4, 4.2, 4.0, 4.2, 4.6, 5.2, 5.8, 6.2, 6.4, 6.0, 5.0, 3.9};
inline constexpr std::array<double, 7> kDefaultWeekdayProfile = {1.00, 0.97, 0.98, 1.00, 1.10, 1.20, 1.10};

struct SyntheticCategory {
    std::string name;
    int priority = kDefaultPriority;
    double weight = 1;
};
std::vector<SyntheticCategory> defaultSyntheticCategories();

// Per RoadClass (indexed by its value): how much incident density a metre
// of that road carries. Paths and motorways carry less than city streets.
std::array<double, 9> defaultRoadClassWeights();

struct SyntheticIncidentParams {
    std::uint64_t seed = 20260101;
    std::size_t count = 10000;
    std::string start_date = "2025-01-01";   // local date, YYYY-MM-DD
    int days = 365;
    std::int64_t utc_offset_s = 8 * 3600;    // China Standard Time
    std::array<double, 24> hour_profile = kDefaultHourProfile;
    std::array<double, 7> weekday_profile = kDefaultWeekdayProfile;
    std::vector<SyntheticCategory> categories = defaultSyntheticCategories();
    // Mixture shares (normalised): hotspot kernels, roads, POIs, background.
    double hotspot_share = 0.45, road_share = 0.40, poi_share = 0.05, background_share = 0.10;
    int hotspots = 8;
    double hotspot_sigma_min_m = 120, hotspot_sigma_max_m = 400;
    std::array<double, 9> road_class_weights = defaultRoadClassWeights();
    double road_jitter_m = 8;
    std::string id_prefix = "SYN-";
};

// Needs a projected map with at least one road edge (throws Error
// otherwise, or for a bad start date / profile). The incidents are sorted
// by time and numbered in that order; x/y are filled (map CRS) as well as
// lon/lat. Reports progress; throws Cancelled when asked to stop.
IncidentSet generateSyntheticIncidents(const MapModel& map, const SyntheticIncidentParams& params,
                                       const Progress& progress = {});

}  // namespace jingwei
