#include "analysis/incident_filter.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace jingwei {
namespace {

struct Tables {
    std::array<std::uint8_t, 256> hour_ok{}, weekday_ok{};
    std::vector<std::uint8_t> category_ok;
    std::array<std::uint8_t, 256> priority_ok{};
    std::int32_t from = std::numeric_limits<std::int32_t>::min();
    std::int32_t to = std::numeric_limits<std::int32_t>::max();
    bool any_time_filter = false;
};

Tables makeTables(const IncidentSet& set, const IncidentFilter& f, FilterStats& st) {
    Tables t;
    for (int h = 0; h < 24; ++h) t.hour_ok[h] = !f.hours || f.hours->contains(h);
    for (int d = 0; d < 7; ++d) t.weekday_ok[d] = (f.weekdays >> d) & 1;
    const bool hour_filter = f.hours && !(f.hours->first == 0 && f.hours->last == 23);
    const bool weekday_filter = (f.weekdays & kAllWeekdays) != kAllWeekdays;
    t.hour_ok[kUnknownHour] = !hour_filter || f.keep_unknown_time;
    t.weekday_ok[kUnknownWeekday] = !weekday_filter || f.keep_unknown_time;
    t.any_time_filter = hour_filter || weekday_filter;
    if (f.categories.empty()) {
        t.category_ok.assign(set.categories().size(), 1);
    } else {
        t.category_ok.assign(set.categories().size(), 0);
        for (const auto& name : f.categories) {
            const int c = set.findCategory(name);
            if (c < 0) st.unknown_categories.push_back(name);
            else t.category_ok[static_cast<std::size_t>(c)] = 1;
        }
    }
    for (int p = 0; p < 256; ++p) t.priority_ok[p] = p <= f.max_priority;
    if (f.from_day) t.from = static_cast<std::int32_t>(std::clamp<std::int64_t>(*f.from_day, INT32_MIN, INT32_MAX));
    if (f.to_day) t.to = static_cast<std::int32_t>(std::clamp<std::int64_t>(*f.to_day, INT32_MIN, INT32_MAX));
    return t;
}

// Calls emit(i, keep) for every incident, branch-free in the common case.
template <typename Emit>
void scan(const IncidentSet& set, const Tables& t, FilterStats& st, Emit&& emit) {
    const std::size_t n = set.size();
    const std::int32_t* d0 = set.firstDay().data();
    const std::int32_t* d1 = set.lastDay().data();
    const std::uint8_t* hr = set.hours().data();
    const std::uint8_t* wd = set.weekdays().data();
    const std::uint16_t* cat = set.categoryIndex().data();
    const std::uint8_t* pr = set.priorities().data();
    const std::uint8_t* cok = t.category_ok.data();
    std::size_t unknown = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const bool other = (d0[i] <= t.to) & (d1[i] >= t.from) & (cok[cat[i]] != 0) & (t.priority_ok[pr[i]] != 0);
        const bool time_ok = (t.hour_ok[hr[i]] != 0) & (t.weekday_ok[wd[i]] != 0);
        emit(i, other & time_ok);
        unknown += other & !time_ok & ((hr[i] == kUnknownHour) | (wd[i] == kUnknownWeekday)) & t.any_time_filter;
    }
    st.unknown_time = unknown;
}

}  // namespace

std::vector<std::uint32_t> filterIncidents(const IncidentSet& set, const IncidentFilter& filter, FilterStats* stats) {
    FilterStats st;
    const Tables t = makeTables(set, filter, st);
    std::vector<std::uint32_t> out(set.size());
    std::size_t k = 0;
    scan(set, t, st, [&](std::size_t i, bool keep) {
        out[k] = static_cast<std::uint32_t>(i);
        k += keep;
    });
    out.resize(k);
    st.kept = k;
    if (stats) *stats = std::move(st);
    return out;
}

std::vector<std::uint8_t> filterMask(const IncidentSet& set, const IncidentFilter& filter, FilterStats* stats) {
    FilterStats st;
    const Tables t = makeTables(set, filter, st);
    std::vector<std::uint8_t> mask(set.size());
    std::size_t k = 0;
    scan(set, t, st, [&](std::size_t i, bool keep) {
        mask[i] = keep;
        k += keep;
    });
    st.kept = k;
    if (stats) *stats = std::move(st);
    return mask;
}

std::vector<XY> positionsXY(const IncidentSet& set, std::span<const std::uint32_t> indices) {
    std::vector<XY> out(indices.size());
    const GeoPoint* p = set.positions().data();
    for (std::size_t k = 0; k < indices.size(); ++k) out[k] = XY{p[indices[k]].x, p[indices[k]].y};
    return out;
}

std::vector<XY> positionsXY(const IncidentSet& set) {
    std::vector<XY> out(set.size());
    for (std::size_t k = 0; k < set.size(); ++k) out[k] = XY{set.positions()[k].x, set.positions()[k].y};
    return out;
}

namespace {

bool parseInt(std::string_view s, int* v) {
    if (s.empty() || s.size() > 4) return false;
    int r = 0;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        r = r * 10 + (c - '0');
    }
    *v = r;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// 0 = Monday .. 6 = Sunday, -1 if unknown.
int weekdayIndex(std::string_view s) {
    static const std::pair<std::string_view, int> kNames[] = {
        {"mon", 0}, {"tue", 1}, {"wed", 2}, {"thu", 3}, {"fri", 4}, {"sat", 5}, {"sun", 6},
        {"monday", 0}, {"tuesday", 1}, {"wednesday", 2}, {"thursday", 3}, {"friday", 4}, {"saturday", 5},
        {"sunday", 6}, {"周一", 0}, {"周二", 1}, {"周三", 2}, {"周四", 3}, {"周五", 4}, {"周六", 5}, {"周日", 6},
        {"周天", 6}, {"星期一", 0}, {"星期二", 1}, {"星期三", 2}, {"星期四", 3}, {"星期五", 4}, {"星期六", 5},
        {"星期日", 6}, {"星期天", 6}};
    std::string l(s);
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [name, d] : kNames)
        if (name == l) return d;
    int v = 0;
    if (parseInt(s, &v) && v >= 1 && v <= 7) return v - 1;
    return -1;
}

}  // namespace

std::optional<HourWindow> parseHourWindow(std::string_view s) {
    s = trim(s);
    const auto dash = s.find('-');
    int a = 0, b = 0;
    if (dash == std::string_view::npos) {
        if (!parseInt(s, &a) || a > 23) return std::nullopt;
        return HourWindow{a, a};
    }
    if (!parseInt(trim(s.substr(0, dash)), &a) || !parseInt(trim(s.substr(dash + 1)), &b) || a > 23 || b > 23)
        return std::nullopt;
    return HourWindow{a, b};
}

std::optional<std::uint8_t> parseWeekdays(std::string_view s) {
    s = trim(s);
    if (s == "weekend" || s == "周末") return static_cast<std::uint8_t>(0x60);
    if (s == "weekdays" || s == "工作日") return static_cast<std::uint8_t>(0x1f);
    if (s == "all" || s == "全部") return kAllWeekdays;
    std::uint8_t bits = 0;
    while (!s.empty()) {
        const auto comma = s.find(',');
        const std::string_view item = trim(s.substr(0, comma));
        s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
        if (item.empty()) return std::nullopt;
        const auto dash = item.find('-');
        if (dash != std::string_view::npos) {
            const int a = weekdayIndex(trim(item.substr(0, dash))), b = weekdayIndex(trim(item.substr(dash + 1)));
            if (a < 0 || b < 0) return std::nullopt;
            for (int d = a;; d = (d + 1) % 7) {  // "6-1" (Sat..Mon) wraps the week
                bits |= static_cast<std::uint8_t>(1u << d);
                if (d == b) break;
            }
        } else {
            const int d = weekdayIndex(item);
            if (d < 0) return std::nullopt;
            bits |= static_cast<std::uint8_t>(1u << d);
        }
    }
    if (!bits) return std::nullopt;
    return bits;
}

}  // namespace jingwei
