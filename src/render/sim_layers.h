#pragma once
// The scenario player's overlays as one bundle, shared by the GUI panel and
// the headless render so both draw a state the same way: SimOverlay (units,
// incidents, dispatch lines) and the 1-3-5-minute rings of the idle units
// (or of one selected unit), which follow the units through a
// sim::RingFollower (throttled; see sim/ring_follower.h) over a
// CoverageModel on the run's own road network (emergency free-flow times,
// the times the engine dispatches with).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "network/coverage_model.h"
#include "render/rings_overlay.h"
#include "render/sim_overlay.h"
#include "sim/ring_follower.h"
#include "sim/sim_view.h"

namespace jingwei {

class MapScene;

// Ring fill opacity in the scenario player (× ringBandColour's alpha).
inline constexpr float kSimRingOpacity = 0.6f;

class SimLayers {
public:
    // ring_minutes: the bands (the scenario's standards, e.g. 1, 3, 5).
    SimLayers(std::shared_ptr<const sim::SimNetwork> network, std::vector<double> ring_minutes,
              sim::RingFollowOptions follow = {});

    void addTo(MapScene& scene);
    void removeFrom(MapScene& scene);
    // For a RenderRequest: rings first (ground), then the symbols (top).
    std::vector<OverlayPtr> overlays() const { return {rings_, symbols_}; }

    // Shows the state at state.t of the run `r`: symbols every call, rings
    // when the follower says they are due (force: now). Returns true when
    // the rings were recomputed.
    bool show(const sim::RunRecord& r, const sim::SimState& state, double wall_now_s, bool force_rings = false);

    void setRingTarget(sim::RingTarget t) { ring_target_ = t; }
    sim::RingTarget ringTarget() const { return ring_target_; }
    void setSelectedUnit(std::optional<sim::UnitIndex> u) { sel_unit_ = u; }
    void setSelectedIncident(std::optional<sim::IncidentIndex> i) { sel_incident_ = i; }
    std::optional<sim::UnitIndex> selectedUnit() const { return sel_unit_; }
    std::optional<sim::IncidentIndex> selectedIncident() const { return sel_incident_; }

    SimOverlay& symbols() { return *symbols_; }
    RingsOverlay& rings() { return *rings_; }
    const sim::RingFollower& follower() const { return follower_; }
    const CoverageModel& coverage() const { return *model_; }
    const sim::SimViewBuilder& viewBuilder() const { return builder_; }

private:
    std::shared_ptr<CoverageModel> model_;
    sim::RingFollower follower_;
    std::shared_ptr<RingsOverlay> rings_;
    std::shared_ptr<SimOverlay> symbols_;
    sim::SimViewBuilder builder_;
    sim::RingTarget ring_target_ = sim::RingTarget::IdleUnits;
    std::optional<sim::UnitIndex> sel_unit_;
    std::optional<sim::IncidentIndex> sel_incident_;
    const sim::RunRecord* labelled_ = nullptr;
    std::size_t labelled_units_ = 0;
};

}  // namespace jingwei
