#include "sim/playback.h"

#include <algorithm>
#include <cmath>

namespace jingwei::sim {

std::optional<PauseReason> matchPauseRule(const PauseRules& rules, const RunRecord& r, const EventRecord& e) {
    if (e.type == EventType::Call) {
        const bool major = e.incident < r.incidents.size() && r.incidents[e.incident].priority <= rules.major_priority;
        if (rules.major_incident && major) return PauseReason::MajorIncident;
        if (rules.new_incident) return PauseReason::NewIncident;
        return std::nullopt;
    }
    if (rules.unserved && (e.type == EventType::Queued || e.type == EventType::Unserved)) return PauseReason::Unserved;
    return std::nullopt;
}

void Playback::setReplay(const Replay* replay) {
    replay_ = replay;
    valid_ = false;
    ++version_;
    t_ = std::clamp<SimTime>(t_, 0, end());
}

void Playback::moveTo(SimTime t) {
    t = std::clamp<SimTime>(t, 0, end());
    if (t != t_) {
        t_ = t;
        valid_ = false;
        ++version_;
    }
}

void Playback::play() {
    if (!replay_) return;
    // At the end of a finished run, play starts over.
    if (finishedRun() && t_ >= end()) moveTo(0);
    playing_ = true;
    carry_ms_ = 0;
}

void Playback::pause() {
    playing_ = false;
    carry_ms_ = 0;
}

void Playback::setSpeed(double s) {
    if (!std::isfinite(s)) return;
    speed_ = std::clamp(s, kMinSpeed, kMaxSpeed);
}

void Playback::seek(SimTime t) {
    carry_ms_ = 0;
    moveTo(t);
}

bool Playback::stepForward() {
    pause();
    if (!replay_) return false;
    const SimTime n = replay_->nextEventTime(t_);
    if (n == kNever || n > end()) return false;
    moveTo(n);
    return true;
}

bool Playback::stepBack() {
    pause();
    if (!replay_) return false;
    const SimTime p = replay_->prevEventTime(t_);
    if (p == kNever) return false;
    moveTo(p);
    return true;
}

std::optional<PauseHit> Playback::tick(double wall_dt_s) {
    if (!playing_ || !replay_ || !(wall_dt_s > 0)) return std::nullopt;
    const double adv = speed_ * wall_dt_s * 1000.0 + carry_ms_;
    const double whole = std::floor(adv + 1e-6);  // 144 × (1/144 s) is a whole second, not 0.999999
    carry_ms_ = adv - whole;
    SimTime target = t_ + static_cast<SimTime>(whole);
    const SimTime e = end();
    if (target >= e) {
        target = e;
        carry_ms_ = 0;
    }
    if (rules_.any() && target > t_) {
        const RunRecord& r = replay_->record();
        for (const EventRecord& ev : replay_->eventsBetween(t_ + 1, target)) {
            if (const auto why = matchPauseRule(rules_, r, ev)) {
                PauseHit hit{ev.t, *why, ev.type, ev.incident};
                moveTo(ev.t);
                pause();
                last_hit_ = hit;
                return hit;
            }
        }
    }
    moveTo(target);
    if (t_ >= e && finishedRun()) pause();
    return std::nullopt;
}

const SimState& Playback::state() {
    if (!valid_) {
        if (replay_) {
            replay_->stateAt(t_, state_);
        } else {
            state_ = SimState{};
        }
        valid_ = true;
    }
    return state_;
}

}  // namespace jingwei::sim
