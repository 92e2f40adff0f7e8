#pragma once
// The scenario player's clock, without any drawing (the GUI's SimPanel
// draws it; tests drive it directly): play / pause, speed 1×..3600×,
// step to the next or previous event, seek, and pause-at-event rules.
//
//  * tick(wall_dt_s) while playing advances the time by speed × wall_dt
//    (milliseconds carried over between ticks, so many small ticks add up
//    to exactly speed × their total), clamped to the replay's end. At the
//    end of a finished run it stops; at the end of a run still in progress
//    it waits at the live edge and goes on as new snapshots arrive.
//  * Pause rules look at the events in (time, target]: the first one that
//    matches stops the clock exactly at its time and pauses; the next tick
//    after play() starts after that time, so it does not stop there again.
//  * state() is Replay::stateAt(time()), recomputed only when the time or
//    the replay changed; seeking back gives the same state as a fresh
//    stateAt (it is one).
#include <array>
#include <cstdint>
#include <optional>

#include "sim/replay.h"

namespace jingwei::sim {

struct PauseRules {
    bool new_incident = false;      // any call (EventType::Call)
    bool major_incident = false;    // a call of priority ≤ major_priority
    bool unserved = false;          // a call queued (no unit free) or given up
    int major_priority = 1;
    bool any() const { return new_incident || major_incident || unserved; }
};

enum class PauseReason : std::uint8_t { NewIncident, MajorIncident, Unserved };

struct PauseHit {
    SimTime t = 0;
    PauseReason reason = PauseReason::NewIncident;
    EventType type = EventType::Call;
    IncidentIndex incident = kNone;
};

// Which rule (if any) an event matches; the most specific wins (major over new).
std::optional<PauseReason> matchPauseRule(const PauseRules& rules, const RunRecord& r, const EventRecord& e);

class Playback {
public:
    static constexpr std::array<double, 6> kSpeedPresets = {1, 10, 60, 300, 900, 3600};
    static constexpr double kMinSpeed = 1, kMaxSpeed = 3600;

    // The replay to play (a newer snapshot of the same run, or another run):
    // the time is kept, clamped to the new end. nullptr: nothing to play.
    void setReplay(const Replay* replay);
    const Replay* replay() const { return replay_; }

    SimTime time() const { return t_; }
    SimTime end() const { return replay_ ? replay_->end() : 0; }
    bool finishedRun() const { return replay_ && replay_->record().finished; }

    bool playing() const { return playing_; }
    void play();
    void pause();
    void togglePlay() { playing_ ? pause() : play(); }
    double speed() const { return speed_; }
    void setSpeed(double s);  // clamped to [kMinSpeed, kMaxSpeed]

    void seek(SimTime t);     // clamped to [0, end]
    bool stepForward();       // pauses; to the next event time ≤ end (false: none)
    bool stepBack();          // pauses; to the previous event time (false: none)

    PauseRules& rules() { return rules_; }
    const PauseRules& rules() const { return rules_; }

    // Advances the clock while playing. Returns the rule that stopped it.
    std::optional<PauseHit> tick(double wall_dt_s);
    const std::optional<PauseHit>& lastHit() const { return last_hit_; }
    // Playing, but held at the end of a run still in progress.
    bool atLiveEdge() const { return playing_ && replay_ && !finishedRun() && t_ >= end(); }

    const SimState& state();
    // Changes whenever state() would return something new.
    std::uint64_t stateVersion() const { return version_; }

private:
    void moveTo(SimTime t);

    const Replay* replay_ = nullptr;
    SimTime t_ = 0;
    double carry_ms_ = 0;
    double speed_ = 60;
    bool playing_ = false;
    PauseRules rules_;
    std::optional<PauseHit> last_hit_;
    SimState state_;
    bool valid_ = false;
    std::uint64_t version_ = 0;
};

}  // namespace jingwei::sim
