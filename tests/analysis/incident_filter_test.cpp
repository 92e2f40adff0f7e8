#include <gtest/gtest.h>

#include <vector>

#include "analysis/incident_filter.h"

using namespace jingwei;

namespace {

constexpr std::int64_t kCst = 8 * 3600;

// Local (UTC+8) time → UTC seconds.
std::int64_t local(int y, int m, int d, int hh, int mm = 0) {
    return daysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60 - kCst;
}

// Hand-made rows. 2025-03-03 is a Monday.
IncidentSet rows() {
    IncidentSet s(kCst);
    auto add = [&](const char* id, std::int64_t t, const char* cat, TimePrecision p = TimePrecision::Second) {
        Incident i;
        i.id = id;
        i.time_s = t;
        i.time_precision = p;
        i.category = cat;
        i.pos = GeoPoint{114.05, 22.54, 0, 0};
        s.add(i);
    };
    add("a", local(2025, 3, 3, 23, 30), "盗窃");   // Mon 23:30
    add("b", local(2025, 3, 4, 0, 10), "纠纷");    // Tue 00:10
    add("c", local(2025, 3, 4, 2, 59), "抢劫");    // Tue 02:59
    add("d", local(2025, 3, 4, 3, 0), "盗窃");     // Tue 03:00
    add("e", local(2025, 3, 8, 12, 0), "火警");    // Sat 12:00
    add("f", local(2025, 3, 9, 21, 0), "盗窃");    // Sun 21:00
    add("g", local(2025, 3, 1, 0, 0), "盗窃", TimePrecision::Month);  // March 2025, no day or hour
    add("h", local(2025, 2, 28, 22, 0), "求助");   // Fri 22:00
    return s;
}

std::vector<std::string> ids(const IncidentSet& s, const std::vector<std::uint32_t>& idx) {
    std::vector<std::string> out;
    for (auto i : idx) out.push_back(s.ids()[i]);
    return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST(IncidentFilter, LocalTimeColumns) {
    const IncidentSet s = rows();
    EXPECT_EQ(s.hours()[0], 23);
    EXPECT_EQ(s.weekdays()[0], 0);
    EXPECT_EQ(s.hours()[1], 0);
    EXPECT_EQ(s.weekdays()[1], 1);
    EXPECT_EQ(s.hours()[6], kUnknownHour);
    EXPECT_EQ(s.weekdays()[6], kUnknownWeekday);
    EXPECT_EQ(s.firstDay()[6], daysFromCivil(2025, 3, 1));
    EXPECT_EQ(s.lastDay()[6], daysFromCivil(2025, 3, 31));
}

TEST(IncidentFilter, NoFilterKeepsEverything) {
    const IncidentSet s = rows();
    EXPECT_EQ(filterIncidents(s, {}).size(), s.size());
}

TEST(IncidentFilter, HourWindowWrappingMidnight) {
    const IncidentSet s = rows();
    IncidentFilter f;
    f.hours = HourWindow{22, 2};  // 22:00–02:59
    FilterStats st;
    EXPECT_EQ(ids(s, filterIncidents(s, f, &st)), (V{"a", "b", "c", "h"}));
    EXPECT_EQ(st.unknown_time, 1u);  // the monthly row
    f.keep_unknown_time = true;
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"a", "b", "c", "g", "h"}));
}

TEST(IncidentFilter, HourWindowInsideADay) {
    const IncidentSet s = rows();
    IncidentFilter f;
    f.hours = HourWindow{3, 21};
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"d", "e", "f"}));
    f.hours = HourWindow{0, 0};
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"b"}));
}

TEST(IncidentFilter, Weekdays) {
    const IncidentSet s = rows();
    IncidentFilter f;
    f.weekdays = *parseWeekdays("weekend");
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"e", "f"}));
    f.weekdays = *parseWeekdays("1,5");  // Monday and Friday
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"a", "h"}));
    f.weekdays = *parseWeekdays("周二");
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"b", "c", "d"}));
}

TEST(IncidentFilter, DateRangeIsLocalAndInclusive) {
    const IncidentSet s = rows();
    IncidentFilter f;
    f.from_day = daysFromCivil(2025, 3, 4);
    f.to_day = daysFromCivil(2025, 3, 8);
    // The monthly row overlaps the range; "a" is Monday 23:30 local (15:30 UTC) so it is out.
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"b", "c", "d", "e", "g"}));
    f.from_day = daysFromCivil(2025, 2, 1);
    f.to_day = daysFromCivil(2025, 2, 28);
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"h"}));
}

TEST(IncidentFilter, CategoriesAndPriorityAndCombination) {
    const IncidentSet s = rows();
    IncidentFilter f;
    f.categories = {"盗窃", "没有这类"};
    FilterStats st;
    EXPECT_EQ(ids(s, filterIncidents(s, f, &st)), (V{"a", "d", "f", "g"}));
    EXPECT_EQ(st.unknown_categories, (V{"没有这类"}));
    f.categories.clear();
    f.max_priority = 1;  // 抢劫 and 火警
    EXPECT_EQ(ids(s, filterIncidents(s, f)), (V{"c", "e"}));
    IncidentFilter g;
    g.categories = {"盗窃"};
    g.hours = HourWindow{21, 23};
    g.weekdays = *parseWeekdays("6-7");
    EXPECT_EQ(ids(s, filterIncidents(s, g)), (V{"f"}));
    const auto mask = filterMask(s, g);
    EXPECT_EQ(mask, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 1, 0, 0}));
}

TEST(IncidentFilter, Parsing) {
    EXPECT_EQ(parseHourWindow("18-23")->first, 18);
    EXPECT_EQ(parseHourWindow("18-23")->last, 23);
    EXPECT_EQ(parseHourWindow("22-2")->last, 2);
    EXPECT_EQ(parseHourWindow("7")->first, 7);
    EXPECT_FALSE(parseHourWindow("24-2"));
    EXPECT_FALSE(parseHourWindow("a-b"));
    EXPECT_EQ(parseWeekdays("1-5"), 0x1f);
    EXPECT_EQ(parseWeekdays("mon,sun"), 0x41);
    EXPECT_EQ(parseWeekdays("sat-mon"), 0x61);
    EXPECT_FALSE(parseWeekdays("8"));
    EXPECT_FALSE(parseWeekdays(""));
}
