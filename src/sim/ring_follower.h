#pragma once
// Response rings that follow the simulated units: keeps a CoverageModel's
// units equal to the idle units of a SimState (or to one selected unit) at
// their current positions, recomputing only when it is worth it and within
// a time budget.
//
// Throttle (documented in docs/architecture.md, "Scenario player"):
//  * Due: a unit joined or left the set (status changed, seek), or a unit
//    in the set moved more than `move_m` (150 m) from where its rings were
//    computed (patrol cars, or a seek). Otherwise nothing is done.
//  * Rate: at most one recomputation per `min_interval_s` (0.5 s) of wall
//    time, and never more often than last_cost / `max_share`, so rings take
//    at most 20 % of the wall clock even when every unit moves (3600×).
//  * When due, every unit in the set is brought to its exact position
//    (moveUnit for any that moved at all), then CoverageModel::update()
//    recomputes only what those moves touch (coverage_model.h).
//  * Keys are never reused by CoverageModel; when removed slots outnumber
//    live ones 4:1, or more than half the set changed at once (a seek), the
//    model is rebuilt with setUnits() instead.
// Not thread-safe (one model per thread, as CoverageModel).
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "network/coverage_model.h"
#include "sim/replay.h"

namespace jingwei::sim {

struct RingFollowOptions {
    double move_m = 150;
    double min_interval_s = 0.5;
    double max_share = 0.2;
};

enum class RingTarget : std::uint8_t { IdleUnits, Selected, None };

class RingFollower {
public:
    explicit RingFollower(std::shared_ptr<CoverageModel> model, RingFollowOptions options = {});

    // Brings the model up to date with `state` when due and allowed (force:
    // ignore the rate limit). Returns true when the model was updated (the
    // ring overlay needs a refresh).
    bool follow(const SimState& state, RingTarget target, std::optional<UnitIndex> selected, double wall_now_s,
                bool force = false);

    // The units whose rings are shown, and where they were when computed.
    const std::vector<UnitIndex>& units() const { return units_; }
    XY placedAt(std::size_t k) const { return placed_[k]; }
    // True when the state has moved on since the last recomputation (rings
    // are behind, waiting for the rate limit).
    bool pending() const { return pending_; }
    double lastUpdateMs() const { return last_ms_; }
    double maxUpdateMs() const { return max_ms_; }
    std::size_t updates() const { return updates_; }
    std::size_t fullRebuilds() const { return full_; }
    const CoverageModel& model() const { return *model_; }
    const std::shared_ptr<CoverageModel>& modelPtr() const { return model_; }
    const RingFollowOptions& options() const { return opt_; }

private:
    std::shared_ptr<CoverageModel> model_;
    RingFollowOptions opt_;
    std::vector<UnitIndex> units_;  // sorted
    std::vector<XY> placed_;
    std::vector<UnitKey> keys_;
    double last_wall_s_ = -1e300, last_ms_ = 0, max_ms_ = 0;
    std::size_t updates_ = 0, full_ = 0;
    bool pending_ = false;
    bool first_ = true;
};

}  // namespace jingwei::sim
