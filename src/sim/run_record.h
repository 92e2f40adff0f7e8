#pragma once
// What a run leaves behind, and what replay reads: the units and incidents
// with their outcomes, each unit's timeline (segments of constant status
// along a leg of road), the legs' paths and arrival times, and the event
// log. The engine appends to it as it runs, so a RunRecord is readable
// (up to the engine's clock) while a run is in progress.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"
#include "network/travel_graph.h"
#include "sim/sim_network.h"
#include "sim/sim_types.h"

namespace jingwei::sim {

enum class EventType : std::uint8_t {
    Call = 0,        // an incident is reported (node: the scene)
    Queued,          // no unit available: the call waits
    Dispatch,        // a unit is sent (aux: seconds of travel incl. mobilisation, rounded)
    Preempt,         // a unit is taken from its job (incident: the job it leaves; aux: the new incident)
    ArriveScene,     // a unit reaches the scene
    Clear,           // the incident is dealt with (处置完毕)
    Recall,          // a unit on its way is called off (the incident was cleared)
    Return,          // a unit starts back to its post / patrol / 前置屯警 post
    AtPost,          // a unit is back at its post (or waypoint: patrol resumed)
    ShiftOn,         // 前置屯警 unit goes on duty
    ShiftOff,        // ... and off duty
    Unserved,        // an incident is given up (aux: UnservedReason)
    ClosureStart,    // road events (aux: the event's index)
    ClosureEnd,
    CongestionStart,
    CongestionEnd,
    SurgeStart,
    SurgeEnd,
    Count
};
std::string_view eventTypeKey(EventType t);     // "dispatch"
std::string_view eventTypeNameZh(EventType t);  // "派警"

struct EventRecord {
    SimTime t = 0;
    std::uint32_t unit = kNone;
    std::uint32_t incident = kNone;
    NodeId node = kNoId;        // where it happened (kNoId: see incident / unit)
    std::uint32_t aux = 0;
    EventType type = EventType::Call;
};

// FNV-1a 64 over the fields of every record (little-endian, fixed widths):
// equal logs hash equal on every machine.
std::uint64_t hashEvents(std::span<const EventRecord> events);
// One step of it: hashEvents(events) folds this over the records from
// kEventHashSeed.
inline constexpr std::uint64_t kEventHashSeed = 0xcbf29ce484222325ull;
std::uint64_t hashEvent(std::uint64_t h, const EventRecord& e);

struct UnitInfo {
    std::string id, name;
    UnitKind kind = UnitKind::Station;
    BaseIndex base = kNone;        // where it is stationed (kNone: patrol units)
    BaseIndex home = kNone;        // 前置屯警: the station it comes from (kNone: none)
    std::uint32_t patrol = kNone;  // patrol index
    SimTime mobilisation = 0;      // delay before leaving when sent from its base
    std::string group;             // the station / post / patrol id it belongs to
};

struct BaseInfo {
    std::string id, name;
    UnitKind kind = UnitKind::Station;
    NodeId node = kNoId;
    XY pos;                        // where the scenario put it (map metres)
    double snap_m = 0;             // distance to the node's road
};

struct IncidentRecord {
    SimTime call = 0;
    XY pos;
    NodeId node = kNoId;           // where units drive to (kNoId: off the network)
    SimTime on_scene = 0;          // sampled at creation (same for every policy)
    std::uint16_t category = 0;
    std::uint8_t priority = 3;
    std::uint8_t units_needed = 1;       // regular units
    std::uint8_t reinforce_needed = 0;   // 特警 / 应急机动 units
    std::uint8_t stream = 0;             // 0 synthetic, 1 file, 2 poisson, 3 surge
    std::int32_t district = -1;

    // Outcome.
    SimTime first_dispatch = kNever;
    SimTime first_arrival = kNever;      // response = first_arrival − call
    SimTime all_arrived = kNever;
    SimTime cleared = kNever;
    SimTime closed = kNever;             // cleared or given up: no longer shown
    UnitIndex first_unit = kNone;        // the unit that arrived first
    std::uint8_t units_sent = 0, units_arrived = 0, preempted = 0;
    UnservedReason reason = UnservedReason::None;

    bool served() const { return first_arrival != kNever; }
    SimTime response() const { return first_arrival == kNever ? kNever : first_arrival - call; }
    SimTime wait() const { return first_dispatch == kNever ? kNever : first_dispatch - call; }
};

// A stretch of road a unit drives: arcs with the time it reaches the end of
// each. The first arc may start part-way (a unit turned round on the road
// finishes the arc it is on). A loop leg (patrol) repeats with its period.
struct LegRecord {
    SimTime depart = 0;            // leaves the start (after any mobilisation)
    SimTime end = 0;               // reaches the end (one period for loops)
    std::uint32_t arc_begin = 0;   // into RunRecord::leg_arcs / leg_ends
    std::uint32_t arc_count = 0;   // 0: a straight move from start to end (paths not recorded)
    NodeId from = kNoId, to = kNoId;
    float first_fraction = 0;      // where on the first arc it starts
    SimTime period = 0;            // > 0: a loop leg (patrol), position repeats every period
};

// A unit's state from t0 until the next segment's t0.
struct Segment {
    SimTime t0 = 0;
    std::uint32_t leg = kNone;     // kNone: standing at `node`
    IncidentIndex incident = kNone;
    NodeId node = kNoId;           // standing position (or the leg's end)
    UnitStatus status = UnitStatus::Idle;
    std::uint8_t flags = 0;        // kPatrolling, kAtBase
    static constexpr std::uint8_t kPatrolling = 1, kAtBase = 2;
};

struct CoverageSample {
    SimTime t = 0;
    double share = 0;              // of demand within the limit of an idle unit
    std::uint32_t idle_units = 0;
};

struct RunRecord {
    // The scenario's clock.
    std::string scenario_name, map_name, crs;
    std::int64_t start_utc_s = 0, utc_offset_s = 0;
    SimTime duration = 0;          // calls arrive in [0, duration)
    SimTime end = 0;               // the engine's clock when the run stopped (or now)
    std::uint64_t seed = 0;
    bool finished = false;

    std::shared_ptr<const SimNetwork> network;
    std::vector<BaseInfo> bases;
    std::vector<UnitInfo> units;
    std::vector<std::string> categories;       // category names
    std::vector<std::string> districts;        // district names (incident.district indexes it)
    std::vector<std::string> incident_ids;
    std::vector<IncidentRecord> incidents;     // sorted by call time

    std::vector<std::vector<Segment>> timelines;  // per unit
    std::vector<LegRecord> legs;
    std::vector<ArcId> leg_arcs;
    std::vector<std::uint32_t> leg_ends;          // ms after depart at the end of each arc
    std::vector<EventRecord> events;
    std::vector<CoverageSample> coverage;

    // Per unit: ms spent in each status (until `end`), jobs done.
    std::vector<std::array<SimTime, kUnitStatusCount>> status_ms;
    std::vector<std::uint32_t> jobs;
    // Queue length integral (ms × calls waiting without any unit) and max.
    double queue_area = 0;
    std::uint32_t queue_max = 0;

    std::size_t memoryBytes() const;
};

// Where a unit on a leg is at time t (clamped to the leg's span).
XY legPosition(const RunRecord& r, const LegRecord& leg, SimTime t);
// The same from explicit arrays (the engine's live leg).
XY legPosition(const SimNetwork& net, const LegRecord& leg, std::span<const ArcId> arcs,
               std::span<const std::uint32_t> ends, SimTime t);

}  // namespace jingwei::sim
