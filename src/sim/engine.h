#pragma once
// The discrete-event engine. Events wait in a binary heap ordered by
// (time, kind rank, sequence number), so ties are broken the same way on
// every run; all randomness is drawn before the run (incident_stream.h), so
// the same seed gives a bit-identical event log.
//
// Units move along network paths: a dispatch finds the soonest units
// exactly (nearest-base tables, A* for units on the move, a backward
// Dijkstra when a node's nearest bases are all busy; point-to-point routes
// are cached; router.h), the chosen unit drives its path arc by arc
// (positions are interpolated for display), works on scene for the
// incident's on-scene time, then returns to its post, resumes its patrol
// or goes to its 前置屯警 post. Congestion is the
// hourly factor of the scenario times any whole-map congestion event; road
// closures and area congestion change arc costs (and rebuild the tables).
//
// Every incident ends served (a unit reached the scene) or unserved with a
// reason (sim_types.h). Calls arrive during [0, duration); afterwards the
// run continues until every open incident is closed or the drain time is
// used up.
//
// Usage: construct, then run() (batch) or step()/advanceTo() (GUI: drive
// it from the frame loop and read record() / state() in between).
#include <array>
#include <memory>
#include <queue>
#include <set>
#include <vector>

#include "core/progress.h"
#include "mapdata/map_model.h"
#include "sim/dispatch_policy.h"
#include "sim/incident_stream.h"
#include "sim/replay.h"
#include "sim/router.h"
#include "sim/run_record.h"
#include "sim/scenario.h"
#include "sim/sim_network.h"

namespace jingwei::sim {

struct EngineOptions {
    std::uint64_t seed = 1;
    bool record_paths = true;      // keep every leg's arcs (replay draws units on the roads)
    bool record_events = true;     // keep the event log (the hash is computed either way)
    bool exact_search = false;     // reference mode: candidate searches are plain Dijkstra (tests)
    int nearest_bases = 4;         // K of the nearest-base tables
    std::size_t route_cache = 1u << 14;  // point-to-point routes kept (0 = none)
    SimTime duration = 0;          // > 0: overrides the scenario's period length
    bool coverage = true;          // sample coverage over time
    bool coverage_exact = false;   // coverage by a multi-source search per sample (tests)
};

struct EngineStats {
    std::uint64_t events = 0;      // heap events + calls processed
    std::uint64_t dispatches = 0, preemptions = 0, reroutes = 0;
    std::uint64_t fallback_searches = 0;   // backward searches when the tables could not decide
    std::uint64_t moving_searches = 0;     // A* for units on the move (returning, patrolling)
    double build_s = 0, run_s = 0;
    RouterStats router;
    std::size_t table_bytes = 0;
};

// The travel-time model the scenario implies for the network (free flow).
TravelTimeModel travelModelFor(const Scenario& s, const MapModel& map);

class Engine {
public:
    Engine(const Scenario& scenario, const MapModel& map, std::shared_ptr<const SimNetwork> network,
           EngineOptions options = {}, const Progress& progress = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Processes the next event; false when the run is over.
    bool step();
    // Processes every event with time ≤ t (and moves the clock to t).
    void advanceTo(SimTime t);
    // Runs to the end; progress by simulated time, cancellable.
    void run(const Progress& progress = {});

    bool finished() const;
    SimTime now() const;
    SimTime nextEventTime() const;
    SimTime duration() const;

    // What happened so far (complete once finished()).
    std::shared_ptr<const RunRecord> record() const;
    // The live state now (equal to Replay(record()).stateAt(now()) once
    // every event at now() is processed).
    SimState state() const;
    const EngineStats& stats() const;
    const IncidentStreams& streams() const;
    // FNV-1a 64 of the event log so far (hashEvents()).
    std::uint64_t eventHash() const;
    const Router& router() const;
    const DispatchPolicy& policy() const;

    // The coverage share now, exactly (a multi-source search from every
    // idle unit), and as the samples compute it. For tests.
    double exactCoverageNow();
    double sampledCoverageNow();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace jingwei::sim
