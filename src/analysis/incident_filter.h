#pragma once
// Selecting incidents by date range, hour-of-day window, weekdays, category
// and priority, in the IncidentSet's local time. One pass over plain
// columns with lookup tables: about a millisecond per 10^6 incidents, so a
// heatmap can be re-filtered hour by hour while it plays.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/incident.h"

namespace jingwei {

// Hours first..last inclusive, 0..23. first > last wraps midnight:
// {22, 2} is 22:00–02:59. {h, h} is one hour.
struct HourWindow {
    int first = 0, last = 23;
    bool contains(int hour) const {
        return first <= last ? (hour >= first && hour <= last) : (hour >= first || hour <= last);
    }
};

// Weekday bits: bit d set = weekday d allowed (0 = Monday .. 6 = Sunday).
constexpr std::uint8_t kAllWeekdays = 0x7f;

struct IncidentFilter {
    std::optional<std::int64_t> from_day, to_day;  // local days since the epoch, inclusive
    std::optional<HourWindow> hours;
    std::uint8_t weekdays = kAllWeekdays;
    std::vector<std::string> categories;           // empty = every category
    int max_priority = kLowestPriority;            // keep priorities 1..max_priority
    // Incidents whose source gives no time of day (or no day: monthly data)
    // cannot pass an hour (or weekday) filter; set this to keep them anyway.
    bool keep_unknown_time = false;
};

struct FilterStats {
    std::size_t kept = 0;
    std::size_t unknown_time = 0;  // dropped only because their hour/weekday is unknown
    std::vector<std::string> unknown_categories;  // filter names the set does not have
};

// Indices (ascending) of the incidents that pass. A month-precision
// incident passes a date range when its month overlaps it.
std::vector<std::uint32_t> filterIncidents(const IncidentSet& set, const IncidentFilter& filter,
                                           FilterStats* stats = nullptr);
// The same as a mask (1 = passes), one byte per incident.
std::vector<std::uint8_t> filterMask(const IncidentSet& set, const IncidentFilter& filter,
                                     FilterStats* stats = nullptr);

// x/y of the selected incidents, or of all, for kernelDensity().
std::vector<XY> positionsXY(const IncidentSet& set, std::span<const std::uint32_t> indices);
std::vector<XY> positionsXY(const IncidentSet& set);

// "18-23" (inclusive; "22-2" wraps midnight) or "7" (one hour). nullopt if malformed.
std::optional<HourWindow> parseHourWindow(std::string_view s);
// "1-5" (1 = Monday .. 7 = Sunday), "mon,tue,sat", "周一,周六", "weekend",
// "weekdays"/"工作日". Returns the bits, nullopt if malformed.
std::optional<std::uint8_t> parseWeekdays(std::string_view s);

}  // namespace jingwei
