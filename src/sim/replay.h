#pragma once
// Replay of a finished or running simulation, for the GUI's playback panel
// and scrubber (and for tests). Given a RunRecord, the state at any time t:
// every unit's position (interpolated along its road path), status (空闲
// idle / 出警 en route / 处置 on scene / 返回 returning / 不在岗 off duty)
// and job, and the incidents open at t with their phase. Seeking is a
// binary search per unit (O(units · log segments)), not a re-run.
//
// Threading: a Replay only reads the record. A running Engine appends to
// its record, so read it from the thread that drives the engine, between
// Engine::advanceTo() calls (the GUI's frame loop), with t ≤ Engine::now().
//
//   Replay replay(engine.record());           // or a finished run's record
//   ReplayCursor cur(replay);
//   cur.seek(3600 * kSecond);                  // the scrubber
//   cur.stepToNextEvent();                     // "step"
//   cur.advance(wall_dt_ms * speed);           // play at 1×..3600×
//   for (const UnitState& u : cur.state().units) draw(u.pos, u.status);
#include <memory>
#include <span>
#include <vector>

#include "sim/run_record.h"

namespace jingwei::sim {

struct UnitState {
    UnitIndex unit = kNone;
    UnitStatus status = UnitStatus::Idle;
    IncidentIndex incident = kNone;   // the job, when en route or on scene
    XY pos;                           // map metres
    bool patrolling = false;          // idle on its patrol loop
    bool at_post = false;             // idle at its post
    bool mobilising = false;          // en route but not yet moving (特警/应急机动 mobilisation)
    bool operator==(const UnitState& o) const {
        return unit == o.unit && status == o.status && incident == o.incident && pos.x == o.pos.x && pos.y == o.pos.y &&
               patrolling == o.patrolling && at_post == o.at_post && mobilising == o.mobilising;
    }
};

struct IncidentState {
    IncidentIndex incident = kNone;
    IncidentPhase phase = IncidentPhase::Waiting;
    XY pos;
    std::uint8_t priority = 3;
    std::uint16_t category = 0;
    SimTime call = 0;
    bool operator==(const IncidentState& o) const {
        return incident == o.incident && phase == o.phase && pos.x == o.pos.x && pos.y == o.pos.y &&
               priority == o.priority && category == o.category && call == o.call;
    }
};

struct SimState {
    SimTime t = 0;
    std::vector<UnitState> units;          // every unit, by index
    std::vector<IncidentState> incidents;  // open at t (called, not yet closed), by index
    std::size_t events_done = 0;           // events with time ≤ t
};

class Replay {
public:
    explicit Replay(std::shared_ptr<const RunRecord> record);

    const RunRecord& record() const { return *record_; }
    SimTime begin() const { return 0; }
    // The last time with a known state: the run's end, or the running engine's clock.
    SimTime end() const { return record_->end; }

    SimState stateAt(SimTime t) const;
    void stateAt(SimTime t, SimState& out) const;  // reuses out's buffers
    UnitState unitAt(UnitIndex u, SimTime t) const;
    IncidentPhase incidentPhaseAt(IncidentIndex i, SimTime t) const;  // Closed before the call too

    // The event log: events with time in [a, b], and stepping.
    std::span<const EventRecord> eventsBetween(SimTime a, SimTime b) const;
    std::size_t eventsUpTo(SimTime t) const;   // how many have time ≤ t
    SimTime nextEventTime(SimTime t) const;    // first event time > t, kNever if none
    SimTime prevEventTime(SimTime t) const;    // last event time < t, kNever if none

private:
    std::shared_ptr<const RunRecord> record_;
    SimTime max_open_ = 0;  // longest call → close span (bounds the open-incident scan)
};

// Playback position over a Replay.
class ReplayCursor {
public:
    explicit ReplayCursor(const Replay& replay) : replay_(&replay) {}
    SimTime time() const { return t_; }
    void seek(SimTime t);                // clamped to [begin, end]
    void advance(SimTime dt);            // play forward (or back, dt < 0)
    bool stepToNextEvent();              // false at the end
    bool stepToPrevEvent();              // false at the start
    const SimState& state();             // at time(), recomputed when it moved

private:
    const Replay* replay_;
    SimTime t_ = 0;
    SimState state_;
    bool valid_ = false;
};

}  // namespace jingwei::sim
