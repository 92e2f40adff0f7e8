#pragma once
// Calendar arithmetic and time parsing for incident records. Times are
// stored as UTC seconds since 1970-01-01 (int64). Some sources give only a
// month (data.police.uk: "2023-05") or a day; that precision travels with
// the time so filters by hour or weekday can tell "unknown" from "midnight".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jingwei {

enum class TimePrecision : std::uint8_t {
    Second = 0,  // a full timestamp
    Day = 1,     // a date only (stored as local midnight)
    Month = 2,   // a month only (stored as local midnight of the 1st)
};

struct CivilDate {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t daysFromCivil(int year, int month, int day);
CivilDate civilFromDays(std::int64_t days);
// 0 = Monday ... 6 = Sunday.
int weekdayFromDays(std::int64_t days);
int daysInMonth(int year, int month);
// Floor division of seconds into days (correct for negative times).
inline std::int64_t floorDays(std::int64_t seconds) {
    return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

struct ParsedTime {
    std::int64_t utc_s = 0;
    TimePrecision precision = TimePrecision::Second;
};

// Parses a time. `format` is
//   "auto"  : "YYYY-MM" (month), "YYYY-MM-DD" (day), or
//             "YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:]MM]" (second);
//             "/" is accepted in place of "-" in dates;
//   "unix"  : integer seconds since the epoch (UTC);
//   "unix_ms": integer milliseconds since the epoch (UTC);
//   otherwise a pattern of %Y %m %d %H %M %S (numbers), %z (Z or ±HH[:]MM),
//   %% and literal characters, e.g. "%d/%m/%Y %H:%M". The precision is the
//   finest field present (%H/%M/%S → second, %d → day, else month).
// A time without a zone is local time at `utc_offset_s` east of UTC.
// Returns nullopt for text that does not match or an impossible date.
std::optional<ParsedTime> parseTime(std::string_view text, std::string_view format,
                                    std::int64_t utc_offset_s = 0);

// Checks a format string; returns an explanation when it is not usable.
std::optional<std::string> checkTimeFormat(std::string_view format);

// "YYYY-MM-DD" → days since the epoch; nullopt when malformed.
std::optional<std::int64_t> parseDate(std::string_view text);

// ISO 8601 text that parseTime(…, "auto") reads back to the same value:
// "2023-05" (month), "2023-05-17" (day) or "2023-05-17T18:20:05+08:00"
// (second, written in local time at utc_offset_s).
std::string formatTime(std::int64_t utc_s, TimePrecision precision, std::int64_t utc_offset_s = 0);
std::string formatDate(std::int64_t days);

}  // namespace jingwei
