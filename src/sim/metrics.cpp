#include "sim/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "core/crs.h"
#include "sim/router.h"

namespace jingwei::sim {

SimTime percentileSorted(const std::vector<SimTime>& sorted, double p) {
    if (sorted.empty()) return 0;
    const double rank = std::ceil(p * static_cast<double>(sorted.size()));
    std::size_t i = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
    if (i >= sorted.size()) i = sorted.size() - 1;
    return sorted[i];
}

ResponseStats responseStats(std::vector<SimTime> t, const std::vector<double>& standards_min) {
    ResponseStats s;
    s.n = t.size();
    s.within_share.assign(standards_min.size(), 0.0);
    if (t.empty()) return s;
    std::sort(t.begin(), t.end());
    // Integer sum, then one division: the same double as any exact sum.
    std::int64_t sum = 0;
    for (SimTime x : t) sum += x;
    s.mean_s = static_cast<double>(sum) / static_cast<double>(t.size()) / 1000.0;
    s.p50_s = simToSeconds(percentileSorted(t, 0.50));
    s.p90_s = simToSeconds(percentileSorted(t, 0.90));
    s.p95_s = simToSeconds(percentileSorted(t, 0.95));
    s.max_s = simToSeconds(t.back());
    for (std::size_t k = 0; k < standards_min.size(); ++k) {
        const SimTime lim = secondsToSim(standards_min[k] * 60);
        const auto n = static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), lim) - t.begin());
        s.within_share[k] = static_cast<double>(n) / static_cast<double>(t.size());
    }
    return s;
}

MobileStandard checkMobileStandard(const RunRecord& r, double standard_h, double peak_factor) {
    MobileStandard m;
    m.standard_s = standard_h * 3600;
    const SimNetwork& net = *r.network;
    std::map<BaseIndex, SimTime> mob;  // base → smallest mobilisation of its units
    for (const UnitInfo& u : r.units) {
        if (isRegularKind(u.kind) || u.base == kNone) continue;
        ++m.units;
        auto [it, fresh] = mob.emplace(u.base, u.mobilisation);
        if (!fresh) it->second = std::min(it->second, u.mobilisation);
    }
    m.bases = mob.size();
    m.has_bases = !mob.empty();
    for (NodeId v = 0; v < net.nodeCount(); ++v) m.region_nodes += net.inCore(v) ? 1 : 0;
    if (!m.has_bases) return m;
    // Multi-source Dijkstra over the whole region at free-flow emergency
    // times (the network's own costs), without a limit.
    Router router(r.network);
    const Millis limit = kUnreachedMs - 1;
    std::vector<std::pair<NodeId, Millis>> reach;
    auto run = [&](bool with_mob) {
        std::vector<SearchSeed> seeds;
        for (const auto& [b, t] : mob) seeds.push_back({r.bases[b].node, with_mob ? static_cast<Millis>(std::min<SimTime>(t, limit)) : 0});
        reach.clear();
        router.forward(seeds, limit, [&](NodeId v, Millis d) {
            reach.push_back({v, d});
            return true;
        });
    };
    run(false);
    Millis far_t = 0;
    NodeId far_node = kNoId;
    std::size_t reached = 0;
    for (const auto& [v, t] : reach) {
        if (!net.inCore(v)) continue;
        ++reached;
        if (t >= far_t) {
            far_t = t;
            far_node = v;
        }
    }
    m.unreachable_nodes = m.region_nodes - reached;
    m.max_travel_s = msToSeconds(far_t);
    m.max_travel_peak_s = m.max_travel_s * peak_factor;
    run(true);
    Millis worst = 0;
    std::size_t within = 0;
    for (const auto& [v, t] : reach) {
        if (!net.inCore(v)) continue;
        worst = std::max(worst, t);
        if (msToSeconds(t) <= m.standard_s) ++within;
    }
    m.worst_with_mobilisation_s = msToSeconds(worst);
    m.share_within = m.region_nodes ? static_cast<double>(within) / static_cast<double>(m.region_nodes) : 0;
    m.meets = m.unreachable_nodes == 0 && m.worst_with_mobilisation_s <= m.standard_s;
    // At the peak hour travel is slower; mobilisation is not.
    m.meets_at_peak = m.meets && (m.worst_with_mobilisation_s - m.max_travel_s + m.max_travel_peak_s) <= m.standard_s;
    if (far_node != kNoId) {
        m.farthest = net.nodeXY(far_node);
        if (!r.crs.empty()) {
            const Projector p(r.crs);
            m.farthest_lonlat = p.inverse(m.farthest);
        }
    }
    return m;
}

namespace {

GroupStats group(const RunRecord& r, const std::vector<std::size_t>& members, const std::string& key,
                 const std::vector<double>& standards) {
    GroupStats g;
    g.key = key;
    std::vector<SimTime> resp;
    std::int64_t wait_sum = 0;
    std::size_t waits = 0;
    for (std::size_t i : members) {
        const IncidentRecord& inc = r.incidents[i];
        ++g.calls;
        if (inc.served()) {
            ++g.served;
            resp.push_back(inc.response());
        } else {
            ++g.unserved;
        }
        if (inc.first_dispatch != kNever) {
            wait_sum += inc.wait();
            ++waits;
        }
    }
    g.response = responseStats(std::move(resp), standards);
    g.mean_wait_s = waits ? static_cast<double>(wait_sum) / static_cast<double>(waits) / 1000.0 : 0;
    return g;
}

}  // namespace

SimMetrics computeMetrics(const RunRecord& r, const Scenario& s, const std::string& policy, std::uint64_t event_hash) {
    SimMetrics m;
    m.scenario = r.scenario_name;
    m.map = r.map_name;
    m.crs = r.crs;
    m.policy = policy;
    m.seed = r.seed;
    m.start_utc_s = r.start_utc_s;
    m.utc_offset_s = r.utc_offset_s;
    m.duration_s = simToSeconds(r.duration);
    m.end_s = simToSeconds(r.end);
    m.standards_min = s.metrics.standards_min;
    m.events = r.events.size();
    m.event_hash = event_hash;

    // Only calls that were made (a run cut short by the drain never made later ones).
    std::vector<std::size_t> all;
    std::vector<SimTime> resp, waits;
    for (std::size_t i = 0; i < r.incidents.size(); ++i) {
        const IncidentRecord& inc = r.incidents[i];
        if (inc.call > r.end) continue;
        all.push_back(i);
        ++m.incidents;
        if (inc.served()) {
            ++m.served;
            resp.push_back(inc.response());
        } else {
            ++m.unserved;
            ++m.unserved_by_reason[static_cast<std::size_t>(inc.reason)];
        }
        if (inc.preempted > 0) ++m.preempted_calls;
        if (inc.units_needed > 1) ++m.multi_unit_calls;
        if (inc.reinforce_needed > 0) ++m.reinforced_calls;
        if (inc.first_dispatch != kNever) {
            waits.push_back(inc.wait());
            if (inc.wait() > 0) ++m.waited;
        }
    }
    m.response = responseStats(resp, m.standards_min);

    // Histogram up to the 99th percentile (at least 10 min), last bin open.
    m.histogram_bin_s = s.metrics.histogram_bin_s;
    if (!resp.empty()) {
        std::vector<SimTime> sorted = resp;
        std::sort(sorted.begin(), sorted.end());
        const double top = std::max(600.0, simToSeconds(percentileSorted(sorted, 0.99)));
        const std::size_t bins = std::min<std::size_t>(400, static_cast<std::size_t>(std::ceil(top / m.histogram_bin_s)) + 1);
        m.histogram.assign(bins, 0);
        for (SimTime t : resp)
            ++m.histogram[std::min(bins - 1, static_cast<std::size_t>(simToSeconds(t) / m.histogram_bin_s))];
    }

    if (!waits.empty()) {
        std::sort(waits.begin(), waits.end());
        std::int64_t sum = 0;
        for (SimTime w : waits) sum += w;
        m.mean_wait_s = static_cast<double>(sum) / static_cast<double>(waits.size()) / 1000.0;
        m.p90_wait_s = simToSeconds(percentileSorted(waits, 0.9));
        m.max_wait_s = simToSeconds(waits.back());
    }
    m.mean_queue = r.end > 0 ? r.queue_area / static_cast<double>(r.end) : 0;
    m.max_queue = r.queue_max;

    // Groups.
    std::map<int, std::vector<std::size_t>> by_p;
    std::map<int, std::vector<std::size_t>> by_d;
    std::map<int, std::vector<std::size_t>> by_c;
    for (std::size_t i : all) {
        by_p[r.incidents[i].priority].push_back(i);
        by_d[r.incidents[i].district].push_back(i);
        by_c[r.incidents[i].category].push_back(i);
    }
    for (const auto& [p, list] : by_p) m.by_priority.push_back(group(r, list, std::to_string(p), m.standards_min));
    if (!r.districts.empty())
        for (const auto& [d, list] : by_d)
            m.by_district.push_back(group(r, list, d < 0 ? std::string("(区外 outside)") : r.districts[static_cast<std::size_t>(d)], m.standards_min));
    for (const auto& [c, list] : by_c) m.by_category.push_back(group(r, list, r.categories[static_cast<std::size_t>(c)], m.standards_min));

    // Units.
    std::map<std::string, std::pair<double, double>> kind_busy;  // kind → (busy, on duty)
    double util_sum = 0;
    for (UnitIndex u = 0; u < r.units.size(); ++u) {
        UnitMetrics um;
        um.id = r.units[u].id;
        um.name = r.units[u].name;
        um.kind = std::string(unitKindKey(r.units[u].kind));
        um.group = r.units[u].group;
        um.jobs = r.jobs[u];
        double total = 0;
        for (std::size_t k = 0; k < kUnitStatusCount; ++k) {
            um.status_s[k] = simToSeconds(r.status_ms[u][k]);
            total += um.status_s[k];
        }
        um.on_duty_s = total - um.status_s[static_cast<std::size_t>(UnitStatus::OffDuty)];
        const double busy = um.status_s[static_cast<std::size_t>(UnitStatus::EnRoute)] +
                            um.status_s[static_cast<std::size_t>(UnitStatus::OnScene)];
        um.utilisation = um.on_duty_s > 0 ? busy / um.on_duty_s : 0;
        um.returning_share = um.on_duty_s > 0 ? um.status_s[static_cast<std::size_t>(UnitStatus::Returning)] / um.on_duty_s : 0;
        util_sum += um.utilisation;
        auto& kb = kind_busy[um.kind];
        kb.first += busy;
        kb.second += um.on_duty_s;
        m.units.push_back(std::move(um));
    }
    m.mean_utilisation = m.units.empty() ? 0 : util_sum / static_cast<double>(m.units.size());
    for (const auto& [k, v] : kind_busy) m.utilisation_by_kind.push_back({k, v.second > 0 ? v.first / v.second : 0});

    m.coverage = r.coverage;
    m.coverage_limit_min = s.metrics.coverage_limit_min;
    if (!m.coverage.empty()) {
        double sum = 0, mn = 1;
        for (const CoverageSample& c : m.coverage) {
            sum += c.share;
            mn = std::min(mn, c.share);
        }
        m.coverage_mean = sum / static_cast<double>(m.coverage.size());
        m.coverage_min = mn;
    }

    double peak = 1;
    if (s.travel.congestion) {
        if (s.travel.congestion_factors) peak = *std::max_element(s.travel.congestion_factors->begin(), s.travel.congestion_factors->end());
        else {
            const HourlyFactors d = defaultCongestionFactors();
            peak = *std::max_element(d.begin(), d.end());
        }
    }
    m.mobile = checkMobileStandard(r, s.metrics.mobile_standard_h, peak);
    return m;
}

}  // namespace jingwei::sim
