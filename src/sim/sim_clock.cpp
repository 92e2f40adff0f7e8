#include "sim/sim_clock.h"

#include <cstdio>

#include "analysis/civil_time.h"

namespace jingwei::sim {

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

ClockTime clockAt(std::int64_t start_utc_s, std::int64_t utc_offset_s, SimTime t) {
    const std::int64_t local0 = start_utc_s + utc_offset_s;
    const std::int64_t local = local0 + floorDiv(t, kSecond);
    ClockTime c;
    c.local_days = floorDays(local);
    c.day = static_cast<int>(c.local_days - floorDays(local0)) + 1;
    const std::int64_t sod = local - c.local_days * 86400;
    c.hour = static_cast<int>(sod / 3600);
    c.minute = static_cast<int>(sod / 60 % 60);
    c.second = static_cast<int>(sod % 60);
    return c;
}

std::string clockText(const ClockTime& c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", c.hour, c.minute, c.second);
    return buf;
}

std::string clockDate(const ClockTime& c) { return formatDate(c.local_days); }

std::optional<int> parseClockOfDay(std::string_view text) {
    int v[3] = {0, 0, 0};
    int fields = 0;
    std::size_t i = 0;
    while (fields < 3) {
        std::size_t digits = 0;
        int n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 2) {
            n = n * 10 + (text[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || (fields > 0 && digits != 2)) return std::nullopt;
        v[fields++] = n;
        if (i == text.size()) break;
        if (text[i] != ':') return std::nullopt;
        ++i;
    }
    if (i != text.size() || fields < 2) return std::nullopt;
    if (v[0] > 23 || v[1] > 59 || v[2] > 59) return std::nullopt;
    return v[0] * 3600 + v[1] * 60 + v[2];
}

SimTime simTimeOfClock(std::int64_t start_utc_s, std::int64_t utc_offset_s, int day, int second_of_day) {
    const std::int64_t local0 = start_utc_s + utc_offset_s;
    const std::int64_t local = (floorDays(local0) + (day - 1)) * 86400 + second_of_day;
    return (local - local0) * kSecond;
}

}  // namespace jingwei::sim
