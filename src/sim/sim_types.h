#pragma once
// Basic vocabulary of the simulation: times, unit kinds and statuses, the
// outcome of an incident. Times inside the engine are integer milliseconds
// since the start of the simulated period (SimTime), so every run adds the
// same numbers and an event log is bit-identical for the same seed.
#include <cstdint>
#include <limits>
#include <initializer_list>
#include <string>
#include <string_view>

namespace jingwei::sim {

using SimTime = std::int64_t;                 // ms since the period start
inline constexpr SimTime kNever = std::numeric_limits<SimTime>::max();
using UnitIndex = std::uint32_t;
using IncidentIndex = std::uint32_t;
using BaseIndex = std::uint32_t;
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Concatenation without `"literal" + std::to_string(n)`, which trips a false
// -Wrestrict in GCC 12 at -O3 (GCC bug 105329).
inline std::string cat(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (std::string_view p : parts) n += p.size();
    std::string s;
    s.reserve(n);
    for (std::string_view p : parts) s.append(p);
    return s;
}

// "line N" for Error's `where` ("" when the line is unknown).
inline std::string lineWhere(int line) { return line > 0 ? cat({"line ", std::to_string(line)}) : std::string(); }

inline constexpr SimTime kSecond = 1000;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kDay = 24 * kHour;

// Rounds seconds to whole milliseconds (the engine's clock).
inline SimTime secondsToSim(double s) {
    const double ms = s * 1000.0;
    return static_cast<SimTime>(ms < 0 ? ms - 0.5 : ms + 0.5);
}
inline double simToSeconds(SimTime t) { return static_cast<double>(t) / 1000.0; }

// What a unit is (which forces it belongs to). Regular kinds answer ordinary
// calls; Swat and Mobile are reinforcement (特警, 应急机动) with readiness
// levels and mobilisation delays.
enum class UnitKind : std::uint8_t {
    Station = 0,  // 派出所 car
    Post,         // 警务站
    Patrol,       // 巡逻 (beat or route)
    Forward,      // 前置屯警 (scheduled by hour)
    Swat,         // 特警
    Mobile,       // 应急机动
    Count
};
inline constexpr std::size_t kUnitKindCount = static_cast<std::size_t>(UnitKind::Count);
std::string_view unitKindKey(UnitKind k);    // "station"
std::string_view unitKindNameZh(UnitKind k); // "派出所"
inline bool isRegularKind(UnitKind k) { return k != UnitKind::Swat && k != UnitKind::Mobile; }

// A unit's status, as the GUI colours it.
enum class UnitStatus : std::uint8_t {
    Idle = 0,    // 空闲: at its post, or on patrol
    EnRoute,     // 出警: assigned, mobilising or driving to the scene
    OnScene,     // 处置
    Returning,   // 返回: back to the post, resuming patrol, or moving to a 前置屯警 post
    OffDuty,     // 不在岗: outside its shift (前置屯警 schedules)
    Count
};
inline constexpr std::size_t kUnitStatusCount = static_cast<std::size_t>(UnitStatus::Count);
std::string_view unitStatusKey(UnitStatus s);    // "idle"
std::string_view unitStatusNameZh(UnitStatus s); // "空闲"
// Can be dispatched to a new call (idle, or returning without a job).
inline bool isAvailableStatus(UnitStatus s) { return s == UnitStatus::Idle || s == UnitStatus::Returning; }

// Why an incident was not served. Every incident ends served (a unit
// reached the scene) or unserved with one of these.
enum class UnservedReason : std::uint8_t {
    None = 0,
    OffNetwork,       // farther than max_snap_m from any drivable road
    Unreachable,      // no unit can reach the scene over the network (at call time)
    NoEligibleUnits,  // the scenario has no unit that may take it
    Timeout,          // waited longer than the policy's max_wait
    QueuedAtEnd,      // still waiting for a unit when the run stopped
    EnRouteAtEnd,     // a unit was on its way when the run stopped
    Count
};
std::string_view unservedReasonKey(UnservedReason r);     // "off_network"
std::string_view unservedReasonNameZh(UnservedReason r);  // "不在路网"

// What an incident is doing at a given time (replay).
enum class IncidentPhase : std::uint8_t {
    Waiting = 0,  // called, no unit assigned yet (queued)
    Assigned,     // a unit is on its way
    OnScene,      // a unit is there
    Closed,       // cleared or given up
};
std::string_view incidentPhaseKey(IncidentPhase p);

}  // namespace jingwei::sim
