#include "sim/ring_follower.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

namespace jingwei::sim {

RingFollower::RingFollower(std::shared_ptr<CoverageModel> model, RingFollowOptions options)
    : model_(std::move(model)), opt_(options) {}

bool RingFollower::follow(const SimState& state, RingTarget target, std::optional<UnitIndex> selected,
                          double wall_now_s, bool force) {
    // The set wanted now, sorted by unit index.
    std::vector<UnitIndex> want;
    if (target == RingTarget::IdleUnits) {
        for (const UnitState& u : state.units)
            if (u.status == UnitStatus::Idle) want.push_back(u.unit);
    } else if (target == RingTarget::Selected && selected && *selected < state.units.size()) {
        want.push_back(*selected);
    }
    bool due = first_ || want != units_;
    if (!due)
        for (std::size_t k = 0; k < units_.size() && !due; ++k) {
            const XY p = state.units[units_[k]].pos;
            due = std::hypot(p.x - placed_[k].x, p.y - placed_[k].y) > opt_.move_m;
        }
    pending_ = due;
    if (!due) return false;
    const double gap = std::max(opt_.min_interval_s, opt_.max_share > 0 ? last_ms_ / 1000.0 / opt_.max_share : 0.0);
    if (!force && wall_now_s - last_wall_s_ < gap) return false;

    const auto t0 = std::chrono::steady_clock::now();
    // Incremental when few units joined or left; rebuilt otherwise.
    std::size_t changes = 0;
    {
        std::size_t i = 0, j = 0;
        while (i < units_.size() || j < want.size()) {
            if (j == want.size() || (i < units_.size() && units_[i] < want[j])) ++i, ++changes;
            else if (i == units_.size() || want[j] < units_[i]) ++j, ++changes;
            else ++i, ++j;
        }
    }
    const std::size_t live = std::max(want.size(), units_.size());
    const bool rebuild = first_ || changes * 2 > live || model_->slotCount() > 4 * want.size() + 64;
    std::vector<UnitKey> keys(want.size());
    std::vector<XY> placed(want.size());
    auto inputOf = [&](UnitIndex u) {
        const std::string id = std::to_string(u);
        return UnitInput{id, id, state.units[u].pos};
    };
    if (rebuild) {
        std::vector<UnitInput> in;
        in.reserve(want.size());
        for (UnitIndex u : want) in.push_back(inputOf(u));
        model_->setUnits(in);
        for (std::size_t k = 0; k < want.size(); ++k) {
            keys[k] = static_cast<UnitKey>(k);
            placed[k] = state.units[want[k]].pos;
        }
        ++full_;
    } else {
        std::size_t i = 0;
        for (std::size_t k = 0; k < want.size(); ++k) {
            const UnitIndex u = want[k];
            while (i < units_.size() && units_[i] < u) model_->removeUnit(keys_[i++]);
            const XY p = state.units[u].pos;
            if (i < units_.size() && units_[i] == u) {
                keys[k] = keys_[i];
                if (p.x != placed_[i].x || p.y != placed_[i].y) model_->moveUnit(keys[k], p);
                ++i;
            } else {
                keys[k] = model_->addUnit(inputOf(u));
            }
            placed[k] = p;
        }
        while (i < units_.size()) model_->removeUnit(keys_[i++]);
    }
    model_->update();
    units_ = std::move(want);
    keys_ = std::move(keys);
    placed_ = std::move(placed);
    first_ = false;
    pending_ = false;
    last_wall_s_ = wall_now_s;
    last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    max_ms_ = std::max(max_ms_, last_ms_);
    ++updates_;
    return true;
}

}  // namespace jingwei::sim
