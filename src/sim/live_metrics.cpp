#include "sim/live_metrics.h"

#include <algorithm>
#include <cmath>

namespace jingwei::sim {

LiveMetricsTracker::LiveMetricsTracker(std::vector<double> standards_min, double histogram_bin_s, SimTime every)
    : standards_(std::move(standards_min)), bin_s_(histogram_bin_s > 0 ? histogram_bin_s : 30), every_fixed_(every) {}

void LiveMetricsTracker::reset() {
    util_.clear();
    every_ = 0;
}

void LiveMetricsTracker::extend(const Replay& replay) {
    const RunRecord& r = replay.record();
    if (every_ == 0) every_ = every_fixed_ > 0 ? every_fixed_ : std::max<SimTime>(5 * kMinute, r.duration / 2000);
    for (SimTime ts = static_cast<SimTime>(util_.size()) * every_; ts <= replay.end(); ts += every_) {
        std::size_t on = 0, busy = 0;
        for (UnitIndex u = 0; u < r.units.size(); ++u) {
            const UnitStatus s = replay.unitAt(u, ts).status;
            if (s == UnitStatus::OffDuty) continue;
            ++on;
            if (s == UnitStatus::EnRoute || s == UnitStatus::OnScene) ++busy;
        }
        util_.push_back(on ? static_cast<float>(busy) / static_cast<float>(on) : 0.0f);
    }
}

LiveMetrics LiveMetricsTracker::at(const Replay& replay, const SimState& state, SimTime t) {
    extend(replay);
    const RunRecord& r = replay.record();
    LiveMetrics m;
    m.t = t;
    m.standards_min = standards_;
    for (const UnitState& u : state.units) ++m.by_status[static_cast<std::size_t>(u.status)];
    std::vector<SimTime> times;
    for (const IncidentRecord& x : r.incidents) {
        if (x.call > t) break;  // sorted by call time
        ++m.calls;
        const bool served = x.first_arrival <= t;
        const bool closed = x.closed <= t;
        if (served) {
            ++m.served;
            times.push_back(x.first_arrival - x.call);
        } else if (closed) {
            ++m.unserved;
        }
        if (!closed) {
            ++m.open;
            if (x.first_dispatch > t) ++m.waiting;
        }
    }
    m.histogram_bin_s = bin_s_;
    m.histogram_max_s = std::max(bin_s_, std::ceil(600.0 / bin_s_) * bin_s_);
    m.histogram.assign(static_cast<std::size_t>(std::lround(m.histogram_max_s / bin_s_)) + 1, 0.0f);
    for (SimTime x : times) {
        const double s = simToSeconds(x);
        const std::size_t k = s >= m.histogram_max_s ? m.histogram.size() - 1 : static_cast<std::size_t>(s / bin_s_);
        m.histogram[std::min(k, m.histogram.size() - 1)] += 1.0f;
    }
    m.response = responseStats(std::move(times), standards_);
    for (const CoverageSample& c : r.coverage) {
        if (c.t > t) break;
        m.coverage.push_back(static_cast<float>(c.share));
    }
    if (r.coverage.size() >= 2) m.coverage_every = r.coverage[1].t - r.coverage[0].t;
    m.utilisation_every = every_;
    const std::size_t n = std::min(util_.size(), static_cast<std::size_t>(t / every_) + 1);
    m.utilisation.assign(util_.begin(), util_.begin() + static_cast<std::ptrdiff_t>(n));
    return m;
}

}  // namespace jingwei::sim
