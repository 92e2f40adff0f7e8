#pragma once
// What the scenario player draws at time t, decided without any drawing
// code (render/sim_overlay.h draws it; tests check it): one mark per unit
// (position, status, the incident it is driving to), one per open incident
// (priority, phase) and, fading out over `fade`, the incidents closed in the
// last minutes (served or given up).
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/replay.h"

namespace jingwei::sim {

struct UnitMark {
    UnitIndex unit = kNone;
    XY pos;
    UnitStatus status = UnitStatus::Idle;
    bool mobilising = false;      // en route, not moving yet
    bool selected = false;
    bool has_target = false;      // en route: draw a line to `target`
    XY target;
    IncidentIndex incident = kNone;
};

struct IncidentMark {
    IncidentIndex incident = kNone;
    XY pos;
    std::uint8_t priority = 3;
    IncidentPhase phase = IncidentPhase::Waiting;  // Closed: fading out
    float alpha = 1;              // 1 while open; 1 → 0 over the fade once closed
    bool served = false;          // closed: a unit reached it
    bool selected = false;
};

struct SimView {
    SimTime t = 0;
    std::vector<UnitMark> units;          // by unit index
    std::vector<IncidentMark> incidents;  // fading ones first, then open ones (drawn in this order)
};

class SimViewBuilder {
public:
    explicit SimViewBuilder(SimTime fade = 10 * kMinute) : fade_(fade) {}
    SimTime fade() const { return fade_; }
    SimView build(const RunRecord& r, const SimState& state, std::optional<UnitIndex> selected_unit = std::nullopt,
                  std::optional<IncidentIndex> selected_incident = std::nullopt);

private:
    SimTime fade_;
    const RunRecord* rec_ = nullptr;
    SimTime rec_end_ = -1;        // with rec_: a new snapshot at a reused address is still seen as new
    bool rec_finished_ = false;
    SimTime max_open_ = 0;  // longest call → close span among closed incidents
};

// The operational area of a run (map metres): its bases, its units' first
// positions and every call, for fitting the camera.
Bounds runBounds(const RunRecord& r);

}  // namespace jingwei::sim
