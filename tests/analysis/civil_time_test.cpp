#include <gtest/gtest.h>

#include "analysis/civil_time.h"

using namespace jingwei;

TEST(CivilTime, DaysRoundTripAndWeekdays) {
    EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
    EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);
    EXPECT_EQ(weekdayFromDays(0), 3);                             // Thursday
    EXPECT_EQ(weekdayFromDays(daysFromCivil(2025, 1, 6)), 0);     // a Monday
    EXPECT_EQ(weekdayFromDays(daysFromCivil(1969, 12, 28)), 6);   // a Sunday, before the epoch
    for (std::int64_t d = -800000; d < 800000; d += 997) {
        const CivilDate c = civilFromDays(d);
        ASSERT_EQ(daysFromCivil(c.year, c.month, c.day), d);
    }
    EXPECT_EQ(daysInMonth(2024, 2), 29);
    EXPECT_EQ(daysInMonth(2100, 2), 28);
}

TEST(CivilTime, AutoFormatGivesPrecision) {
    auto m = parseTime("2023-05", "auto");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->precision, TimePrecision::Month);
    EXPECT_EQ(m->utc_s, daysFromCivil(2023, 5, 1) * 86400);
    auto d = parseTime("2023-05-17", "auto", 8 * 3600);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->precision, TimePrecision::Day);
    EXPECT_EQ(d->utc_s, daysFromCivil(2023, 5, 17) * 86400 - 8 * 3600);
    auto s = parseTime("2023-05-17T18:20:05+08:00", "auto");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->precision, TimePrecision::Second);
    EXPECT_EQ(s->utc_s, daysFromCivil(2023, 5, 17) * 86400 + 10 * 3600 + 20 * 60 + 5);
    EXPECT_EQ(parseTime("2023-05-17 10:20:05Z", "auto")->utc_s, s->utc_s);
    EXPECT_EQ(parseTime("2023/05/17 18:20", "auto", 8 * 3600)->utc_s, s->utc_s - 5);
    EXPECT_EQ(parseTime("2023-05-17T18:20:05.250+0800", "auto")->utc_s, s->utc_s);
    for (const char* bad : {"", "2023", "2023-13", "2023-02-30", "2023-05-17T25:00", "17/05/2023", "2023-05-17x",
                            "2023-05-17T10:00+25:00"})
        EXPECT_FALSE(parseTime(bad, "auto")) << bad;
}

TEST(CivilTime, PatternsAndUnix) {
    auto t = parseTime("17/05/2023 18:20", "%d/%m/%Y %H:%M", 8 * 3600);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->utc_s, daysFromCivil(2023, 5, 17) * 86400 + 10 * 3600 + 20 * 60);
    EXPECT_EQ(parseTime("05/2023", "%m/%Y")->precision, TimePrecision::Month);
    EXPECT_FALSE(parseTime("17-05-2023", "%d/%m/%Y"));
    EXPECT_EQ(parseTime("1700000000", "unix")->utc_s, 1700000000);
    EXPECT_EQ(parseTime("1700000000999", "unix_ms")->utc_s, 1700000000);
    EXPECT_FALSE(parseTime("12a", "unix"));
    EXPECT_FALSE(checkTimeFormat("%Y-%m"));
    EXPECT_TRUE(checkTimeFormat("%d/%m"));      // no year
    EXPECT_TRUE(checkTimeFormat("%Y-%q"));      // unknown field
}

TEST(CivilTime, FormatReadsBack) {
    const std::int64_t t = daysFromCivil(2024, 12, 31) * 86400 + 23 * 3600 + 59 * 60 + 58 - 8 * 3600;
    EXPECT_EQ(formatTime(t, TimePrecision::Second, 8 * 3600), "2024-12-31T23:59:58+08:00");
    EXPECT_EQ(parseTime(formatTime(t, TimePrecision::Second, 8 * 3600), "auto")->utc_s, t);
    EXPECT_EQ(formatTime(t, TimePrecision::Second, 0), "2024-12-31T15:59:58+00:00");
    EXPECT_EQ(formatTime(daysFromCivil(2023, 5, 1) * 86400, TimePrecision::Month), "2023-05");
    EXPECT_EQ(formatTime(daysFromCivil(2023, 5, 1) * 86400 - 3600, TimePrecision::Day, 3600), "2023-05-01");
    EXPECT_EQ(formatTime(-1, TimePrecision::Second, -5 * 3600), "1969-12-31T18:59:59-05:00");
    EXPECT_EQ(parseDate("2024-02-29"), daysFromCivil(2024, 2, 29));
    EXPECT_FALSE(parseDate("2023-02-29"));
}
