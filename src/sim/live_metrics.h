#pragma once
// The scenario player's live metrics: what a run has measured up to the
// player's time t (not the run's end), from a (possibly partial) record:
// units by status, calls open / waiting / served / unserved, response times
// of the calls reached by t (mean, p90, share within each standard, a
// histogram), and the coverage and utilisation curves up to t.
//
// Definitions match metrics.h at t = the run's end: a call is served once a
// unit reached it (first_arrival ≤ t), unserved once it was closed without
// one; utilisation is the share of on-duty units en route or on scene.
#include <array>
#include <cstdint>
#include <vector>

#include "sim/metrics.h"
#include "sim/replay.h"

namespace jingwei::sim {

struct LiveMetrics {
    SimTime t = 0;
    std::array<std::size_t, kUnitStatusCount> by_status{};
    std::size_t calls = 0;      // called by t
    std::size_t open = 0;       // called, not closed
    std::size_t waiting = 0;    // open with no unit sent yet (queued)
    std::size_t served = 0;     // a unit reached the scene by t
    std::size_t unserved = 0;   // closed by t without a unit
    std::vector<double> standards_min;
    ResponseStats response;     // over the served calls
    // Response times of served calls: bins of histogram_bin_s from 0, the
    // last bin collecting everything from histogram_max_s up.
    double histogram_bin_s = 30, histogram_max_s = 600;
    std::vector<float> histogram;
    // Curves up to t: one value per sample (sample k at k × every).
    SimTime coverage_every = 0, utilisation_every = 0;
    std::vector<float> coverage;     // share of demand within the limit of an idle unit (the engine's samples)
    std::vector<float> utilisation;  // share of on-duty units en route or on scene
};

// The utilisation curve of one run, computed once per sample and kept:
// samples at or before a snapshot's end never change in later snapshots.
class LiveMetricsTracker {
public:
    // every = 0: 5 minutes, or duration / 2000 for long runs.
    explicit LiveMetricsTracker(std::vector<double> standards_min = {1, 3, 5}, double histogram_bin_s = 30,
                                SimTime every = 0);
    // Forget the curve (another run).
    void reset();
    // Metrics at t (≤ replay.end()) with the state at t (Replay::stateAt(t)).
    LiveMetrics at(const Replay& replay, const SimState& state, SimTime t);
    SimTime every() const { return every_; }

private:
    void extend(const Replay& replay);

    std::vector<double> standards_;
    double bin_s_;
    SimTime every_fixed_, every_ = 0;
    std::vector<float> util_;        // samples 0 .. util_.size() - 1 (times ≤ the replay end seen)
};

}  // namespace jingwei::sim
