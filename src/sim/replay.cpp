#include "sim/replay.h"

#include <algorithm>

namespace jingwei::sim {

Replay::Replay(std::shared_ptr<const RunRecord> record) : record_(std::move(record)) {
    for (const IncidentRecord& r : record_->incidents)
        if (r.closed != kNever) max_open_ = std::max(max_open_, r.closed - r.call);
}

UnitState Replay::unitAt(UnitIndex u, SimTime t) const {
    const RunRecord& r = *record_;
    UnitState us;
    us.unit = u;
    const auto& tl = r.timelines[u];
    if (tl.empty()) return us;
    auto it = std::upper_bound(tl.begin(), tl.end(), t, [](SimTime v, const Segment& s) { return v < s.t0; });
    const Segment& seg = it == tl.begin() ? tl.front() : *(it - 1);
    us.status = seg.status;
    us.incident = (seg.status == UnitStatus::EnRoute || seg.status == UnitStatus::OnScene) ? seg.incident : kNone;
    us.patrolling = (seg.flags & Segment::kPatrolling) && seg.status == UnitStatus::Idle;
    us.at_post = (seg.flags & Segment::kAtBase) && seg.status == UnitStatus::Idle;
    if (seg.leg != kNone) {
        const LegRecord& leg = r.legs[seg.leg];
        us.pos = legPosition(r, leg, t);
        us.mobilising = seg.status == UnitStatus::EnRoute && t < leg.depart;
    } else {
        us.pos = r.network->nodeXY(seg.node);
    }
    return us;
}

IncidentPhase Replay::incidentPhaseAt(IncidentIndex i, SimTime t) const {
    const IncidentRecord& r = record_->incidents[i];
    if (t < r.call || (r.closed != kNever && r.closed <= t)) return IncidentPhase::Closed;
    if (r.first_arrival <= t) return IncidentPhase::OnScene;
    if (r.first_dispatch <= t) return IncidentPhase::Assigned;
    return IncidentPhase::Waiting;
}

void Replay::stateAt(SimTime t, SimState& out) const {
    const RunRecord& r = *record_;
    out.t = t;
    out.units.resize(r.units.size());
    for (UnitIndex u = 0; u < r.units.size(); ++u) out.units[u] = unitAt(u, t);
    out.incidents.clear();
    const auto& inc = r.incidents;
    // Open incidents: call ≤ t < closed. A finished run bounds how long one
    // stays open; a running one is scanned from the start.
    std::size_t lo = 0;
    bool all_closed = r.finished;
    if (all_closed)
        for (const IncidentRecord& x : inc)
            if (x.closed == kNever) {
                all_closed = false;
                break;
            }
    if (all_closed && t - max_open_ > 0) {
        const SimTime from = t - max_open_;
        lo = static_cast<std::size_t>(std::lower_bound(inc.begin(), inc.end(), from, [](const IncidentRecord& x, SimTime v) {
                                          return x.call < v;
                                      }) - inc.begin());
    }
    for (std::size_t i = lo; i < inc.size() && inc[i].call <= t; ++i) {
        const IncidentPhase ph = incidentPhaseAt(static_cast<IncidentIndex>(i), t);
        if (ph == IncidentPhase::Closed) continue;
        IncidentState s;
        s.incident = static_cast<IncidentIndex>(i);
        s.phase = ph;
        s.pos = inc[i].pos;
        s.priority = inc[i].priority;
        s.category = inc[i].category;
        s.call = inc[i].call;
        out.incidents.push_back(s);
    }
    out.events_done = eventsUpTo(t);
}

SimState Replay::stateAt(SimTime t) const {
    SimState s;
    stateAt(t, s);
    return s;
}

std::size_t Replay::eventsUpTo(SimTime t) const {
    const auto& ev = record_->events;
    return static_cast<std::size_t>(
        std::upper_bound(ev.begin(), ev.end(), t, [](SimTime v, const EventRecord& e) { return v < e.t; }) - ev.begin());
}

std::span<const EventRecord> Replay::eventsBetween(SimTime a, SimTime b) const {
    const auto& ev = record_->events;
    const auto lo = std::lower_bound(ev.begin(), ev.end(), a, [](const EventRecord& e, SimTime v) { return e.t < v; });
    const auto hi = std::upper_bound(ev.begin(), ev.end(), b, [](SimTime v, const EventRecord& e) { return v < e.t; });
    if (hi <= lo) return {};
    return {&*lo, static_cast<std::size_t>(hi - lo)};
}

SimTime Replay::nextEventTime(SimTime t) const {
    const std::size_t i = eventsUpTo(t);
    return i < record_->events.size() ? record_->events[i].t : kNever;
}

SimTime Replay::prevEventTime(SimTime t) const {
    const auto& ev = record_->events;
    const auto lo = std::lower_bound(ev.begin(), ev.end(), t, [](const EventRecord& e, SimTime v) { return e.t < v; });
    return lo == ev.begin() ? kNever : (lo - 1)->t;
}

void ReplayCursor::seek(SimTime t) {
    t = std::clamp(t, replay_->begin(), std::max(replay_->begin(), replay_->end()));
    if (t != t_) valid_ = false;
    t_ = t;
}

void ReplayCursor::advance(SimTime dt) { seek(t_ + dt); }

bool ReplayCursor::stepToNextEvent() {
    const SimTime n = replay_->nextEventTime(t_);
    if (n == kNever || n > replay_->end()) return false;
    seek(n);
    return true;
}

bool ReplayCursor::stepToPrevEvent() {
    const SimTime p = replay_->prevEventTime(t_);
    if (p == kNever) return false;
    seek(p);
    return true;
}

const SimState& ReplayCursor::state() {
    if (!valid_) {
        replay_->stateAt(t_, state_);
        valid_ = true;
    }
    return state_;
}

}  // namespace jingwei::sim
