#pragma once
// The scenario's wall clock for a simulation time: the local day of the run
// (第1天 = the day the period starts) and HH:MM:SS, as the GUI's scrubber and
// the headless render's `--at` show and read it. Local time is the period's
// UTC start plus the scenario's utc_offset_s; seconds are floored.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/sim_types.h"

namespace jingwei::sim {

struct ClockTime {
    int day = 1;                  // 1 = the day the period starts (local calendar days)
    int hour = 0, minute = 0, second = 0;
    std::int64_t local_days = 0;  // days since 1970-01-01, local
};

ClockTime clockAt(std::int64_t start_utc_s, std::int64_t utc_offset_s, SimTime t);
// "18:30:05"
std::string clockText(const ClockTime& c);
// "2025-06-06"
std::string clockDate(const ClockTime& c);

// "HH:MM" or "HH:MM:SS" (00:00 to 23:59:59) → seconds since local midnight;
// nullopt when malformed.
std::optional<int> parseClockOfDay(std::string_view text);
// The simulation time of local clock `second_of_day` on run day `day`
// (1 = the start's day). Negative when that is before the period starts.
SimTime simTimeOfClock(std::int64_t start_utc_s, std::int64_t utc_offset_s, int day, int second_of_day);

}  // namespace jingwei::sim
