#pragma once
// What a run measured: response times (mean, p50, p90, p95) overall, by
// priority, by district and by category; the share within the standards
// (1, 3, 5 min); unserved calls by reason; queue waits; unit utilisation;
// coverage over time; and the 应急机动 whole-region standard (the longest
// network time from the reinforcement bases to any point of the region).
//
// Percentiles are nearest-rank on the exact millisecond times (the value
// at rank ceil(p·n)), so they are values that occurred and compare exactly
// with another implementation fed the same times.
#include <array>
#include <string>
#include <vector>

#include "core/geo.h"
#include "sim/run_record.h"
#include "sim/scenario.h"

namespace jingwei::sim {

struct ResponseStats {
    std::size_t n = 0;
    double mean_s = 0, p50_s = 0, p90_s = 0, p95_s = 0, max_s = 0;
    std::vector<double> within_share;  // per standard, of the served calls with a response
};

// Nearest-rank percentile of sorted values (p in (0, 1]).
SimTime percentileSorted(const std::vector<SimTime>& sorted, double p);
ResponseStats responseStats(std::vector<SimTime> times_ms, const std::vector<double>& standards_min);

struct GroupStats {
    std::string key;
    std::size_t calls = 0, served = 0, unserved = 0;
    ResponseStats response;
    double mean_wait_s = 0;
};

struct UnitMetrics {
    std::string id, name, kind, group;
    std::uint32_t jobs = 0;
    std::array<double, kUnitStatusCount> status_s{};
    double on_duty_s = 0;
    double utilisation = 0;      // (en route + on scene) / on duty
    double returning_share = 0;  // returning / on duty
};

struct MobileStandard {
    bool has_bases = false;
    std::size_t bases = 0, units = 0;
    double standard_s = 7200;
    double max_travel_s = 0;        // free-flow network time to the farthest node of the region
    double max_travel_peak_s = 0;   // the same × the highest hourly congestion factor
    double worst_with_mobilisation_s = 0;  // max over nodes of min over bases (mobilisation + travel)
    bool meets = false;             // worst_with_mobilisation_s ≤ standard (free flow)
    bool meets_at_peak = false;
    double share_within = 0;        // of the region's nodes reached within the standard (free flow)
    std::size_t region_nodes = 0, unreachable_nodes = 0;
    XY farthest;
    LonLat farthest_lonlat;
};

// The 应急机动 check on the record's bases (kinds swat and mobile).
MobileStandard checkMobileStandard(const RunRecord& r, double standard_h, double peak_factor);

struct SimMetrics {
    std::string scenario, map, crs, policy;
    std::uint64_t seed = 0;
    std::int64_t start_utc_s = 0, utc_offset_s = 0;
    double duration_s = 0, end_s = 0;
    std::vector<double> standards_min;

    std::size_t incidents = 0, served = 0, unserved = 0;
    std::array<std::size_t, static_cast<std::size_t>(UnservedReason::Count)> unserved_by_reason{};
    std::size_t preempted_calls = 0, multi_unit_calls = 0, reinforced_calls = 0;

    ResponseStats response;
    std::vector<GroupStats> by_priority, by_district, by_category;

    // Queue: calls that found no free unit.
    std::size_t waited = 0;            // dispatched after a wait > 0
    double mean_wait_s = 0, p90_wait_s = 0, max_wait_s = 0;  // over dispatched calls
    double mean_queue = 0;             // time-averaged calls waiting with no unit
    std::uint32_t max_queue = 0;

    std::vector<UnitMetrics> units;
    double mean_utilisation = 0;
    std::vector<std::pair<std::string, double>> utilisation_by_kind;

    std::vector<CoverageSample> coverage;
    double coverage_limit_min = 3, coverage_mean = 0, coverage_min = 0;

    MobileStandard mobile;

    // Response-time histogram (served calls): bin width and counts.
    double histogram_bin_s = 30;
    std::vector<std::size_t> histogram;

    std::size_t events = 0;
    std::uint64_t event_hash = 0;
};

SimMetrics computeMetrics(const RunRecord& r, const Scenario& s, const std::string& policy, std::uint64_t event_hash);

}  // namespace jingwei::sim
