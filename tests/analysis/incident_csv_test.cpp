#include <gtest/gtest.h>

#include <filesystem>

#include "../test_support.h"
#include "analysis/incident_csv.h"
#include "analysis/incident_io.h"
#include "core/error.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {
const char* kLondon = "incidents/city-of-london";

// Runs f and returns the Error it throws (fails the test when it does not).
template <typename F>
Error errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no jingwei::Error thrown";
    return Error("", "", "");
}
}  // namespace

TEST(IncidentCsv, LondonStreetFilesReadAsTheyAre) {
    JINGWEI_REQUIRE_DATA(kLondon);
    IncidentImportReport r;
    const IncidentSet s = readIncidents({test::dataFile(kLondon)}, {}, &r);
    EXPECT_EQ(r.files, 25u);
    EXPECT_EQ(r.rows_read, 19950u);
    EXPECT_EQ(r.rows_valid, 18147u);
    EXPECT_EQ(s.size(), 18147u);
    EXPECT_EQ(r.count(RowProblem::MissingCoordinates), 1803u);
    EXPECT_EQ(r.rowsRejected(), 1803u);
    // The first examples name the file and line.
    ASSERT_FALSE(r.examples.empty());
    EXPECT_EQ(r.examples.size(), 5u);
    EXPECT_EQ(std::filesystem::path(r.examples[0].file).filename(), "2023-05-city-of-london-street.csv");
    EXPECT_EQ(r.examples[0].where.rfind("line ", 0), 0u);
    EXPECT_NE(r.summary().find("1803"), std::string::npos);
    // Month precision: no hour, no weekday; the month spans its days.
    EXPECT_EQ(s.timePrecisions()[0], TimePrecision::Month);
    EXPECT_EQ(s.hours()[0], kUnknownHour);
    EXPECT_EQ(formatTime(s.times()[0], TimePrecision::Month), "2023-05");
    EXPECT_EQ(formatTime(s.times().back(), TimePrecision::Month), "2025-05");
    // Crime type is the category, with a priority.
    EXPECT_GE(s.findCategory("Anti-social behaviour"), 0);
    EXPECT_EQ(s.categories()[static_cast<std::size_t>(s.findCategory("Robbery"))].priority, 1);
    // All but 27 are in and around the City; the rest are recorded elsewhere.
    std::size_t inside = 0;
    for (const auto& p : s.positions()) inside += p.lon > -0.2 && p.lon < 0 && p.lat > 51.4 && p.lat < 51.6;
    EXPECT_EQ(inside, 18120u);
}

TEST(IncidentCsv, LondonOutsideTheMapIsCountedNotDropped) {
    JINGWEI_REQUIRE_DATA(kLondon);
    IncidentReadOptions o;
    o.bounds_lonlat = Bounds{-0.10, 51.50, -0.07, 51.53};
    IncidentImportReport r;
    const IncidentSet s = readIncidents({test::dataFile(kLondon)}, o, &r);
    EXPECT_EQ(r.rows_read, 19950u);
    EXPECT_EQ(r.count(RowProblem::MissingCoordinates), 1803u);
    EXPECT_GT(r.count(RowProblem::OutsideBounds), 0u);
    EXPECT_EQ(r.rows_valid + r.rowsRejected(), r.rows_read);
    EXPECT_EQ(s.size(), r.rows_valid);
}

TEST(IncidentCsv, ConfigurableColumnsAndTimeFormat) {
    ScratchDir dir;
    const std::string f = dir.write("a.csv",
                                    "\xEF\xBB\xBF编号;经度;纬度;报警时间;类别;note\r\n"
                                    "J1;114.05;22.54;17/05/2023 18:20;盗窃;\"a; b\"\r\n"
                                    "J2;114.06;22.55;18/05/2023 09:00;抢劫;\"multi\nline\"\r\n"
                                    "J3;114.07;22.56;19/05/2023 23:59;纠纷;x\r\n");
    IncidentReadOptions o;
    o.delimiter = ';';
    o.time_format = "%d/%m/%Y %H:%M";
    o.utc_offset_s = 8 * 3600;
    IncidentImportReport r;
    const IncidentSet s = readIncidentsCsv(f, o, &r);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s.ids()[1], "J2");
    EXPECT_EQ(s.hours()[0], 18);
    EXPECT_EQ(s.hours()[2], 23);
    EXPECT_EQ(s.categories()[s.categoryIndex()[1]].name, "抢劫");
    EXPECT_EQ(s.priorities()[1], 1);
    EXPECT_EQ(s.get(2).source, "a.csv");
    EXPECT_DOUBLE_EQ(s.positions()[2].lon, 114.07);

    o.fields.lon = "X";
    o.fields.lat = "Y";
    const Error e = errorOf([&] { readIncidentsCsv(f, o); });
    EXPECT_EQ(e.file(), f);
    EXPECT_EQ(e.where(), "line 1 (header)");
    EXPECT_NE(e.reason().find("no longitude column 'X'"), std::string::npos) << e.what();
    EXPECT_NE(e.reason().find("'经度'"), std::string::npos) << e.what();
}

TEST(IncidentCsv, MissingFileIsAnError) {
    const Error e = errorOf([] { readIncidentsCsv("/nonexistent/incidents.csv"); });
    EXPECT_EQ(e.file(), "/nonexistent/incidents.csv");
    EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos);
}

TEST(IncidentCsv, MalformedLinesNameTheLine) {
    ScratchDir dir;
    const std::string head = "id,lon,lat,time,category\n";
    const std::string a = dir.write("a.csv", head + "1,114,22,2024-01-01,x\n2,114,22,2024-01-01\n");
    Error e = errorOf([&] { readIncidentsCsv(a); });
    EXPECT_EQ(e.file(), a);
    EXPECT_EQ(e.where(), "line 3");
    EXPECT_NE(e.reason().find("4 fields, but the header has 5"), std::string::npos) << e.what();

    const std::string b = dir.write("b.csv", head + "1,114,22,2024-01-01,x\n2,114,22,2024-01-01,\"open\n3,1,2,3,4\n");
    e = errorOf([&] { readIncidentsCsv(b); });
    EXPECT_EQ(e.where(), "line 3");
    EXPECT_NE(e.reason().find("unterminated"), std::string::npos) << e.what();

    const std::string c = dir.write("c.csv", head + "1,114,22,2024-01-01,\"x\"y\n");
    e = errorOf([&] { readIncidentsCsv(c); });
    EXPECT_EQ(e.where(), "line 2");

    const std::string empty = dir.write("empty.csv", "");
    e = errorOf([&] { readIncidentsCsv(empty); });
    EXPECT_NE(e.reason().find("empty"), std::string::npos);
}

TEST(IncidentCsv, NaNCoordinatesAndBadTimesAreReportedWithTheirLine) {
    ScratchDir dir;
    const std::string f = dir.write("n.csv",
                                    "id,lon,lat,time,category\n"
                                    "1,114.0,22.5,2024-01-01T08:00:00+08:00,盗窃\n"
                                    "2,NaN,22.5,2024-01-01T08:00:00+08:00,盗窃\n"
                                    "3,114.0,22.5,yesterday,盗窃\n"
                                    "4,,22.5,2024-01-01,盗窃\n"
                                    "5,200,22.5,2024-01-01,盗窃\n"
                                    "6,abc,22.5,2024-01-01,盗窃\n"
                                    "7,114.1,22.6,2024-01-02,\n");
    IncidentImportReport r;
    const IncidentSet s = readIncidentsCsv(f, {}, &r);
    EXPECT_EQ(r.rows_read, 7u);
    EXPECT_EQ(r.rows_valid, 2u);
    EXPECT_EQ(r.count(RowProblem::BadCoordinates), 3u);
    EXPECT_EQ(r.count(RowProblem::BadTime), 1u);
    EXPECT_EQ(r.count(RowProblem::MissingCoordinates), 1u);
    ASSERT_EQ(r.examples.size(), 5u);
    EXPECT_EQ(r.examples[0].where, "line 3");
    EXPECT_NE(r.examples[0].detail.find("not a finite number"), std::string::npos) << r.examples[0].detail;
    EXPECT_EQ(r.examples[1].where, "line 4");
    EXPECT_EQ(r.examples[1].problem, RowProblem::BadTime);
    EXPECT_EQ(s.categories()[s.categoryIndex()[1]].name, "未分类");

    // Strict mode: the first bad row is an Error naming the file and line.
    IncidentReadOptions strict;
    strict.strict = true;
    const Error e = errorOf([&] { readIncidentsCsv(f, strict); });
    EXPECT_EQ(e.file(), f);
    EXPECT_EQ(e.where(), "line 3");
    EXPECT_NE(e.reason().find("NaN"), std::string::npos) << e.what();
}

TEST(IncidentCsv, WriterRoundTrips) {
    ScratchDir dir;
    IncidentSet s(8 * 3600);
    Incident a;
    a.id = "x,1";
    a.time_s = 1700000000;
    a.category = "交通\"事故\"";
    a.pos = GeoPoint{114.0123456789012, 22.5432109876543, 0, 0};
    a.source = "合成示例";
    s.add(a);
    a.id = "m";
    a.time_precision = TimePrecision::Month;
    a.time_s = daysFromCivil(2023, 5, 1) * 86400 - 8 * 3600;
    a.priority = 1;
    s.add(a);
    const std::string f = dir.file("out.csv");
    writeIncidentsCsv(s, f);
    IncidentReadOptions o;
    o.utc_offset_s = 8 * 3600;
    const IncidentSet t = readIncidentsCsv(f, o);
    ASSERT_EQ(t.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const Incident x = s.get(i), y = t.get(i);
        EXPECT_EQ(x.id, y.id);
        EXPECT_EQ(x.time_s, y.time_s);
        EXPECT_EQ(x.time_precision, y.time_precision);
        EXPECT_EQ(x.category, y.category);
        EXPECT_EQ(x.priority, y.priority);
        EXPECT_EQ(x.pos.lon, y.pos.lon);
        EXPECT_EQ(x.pos.lat, y.pos.lat);
        EXPECT_EQ(x.source, y.source);
    }
    // No temporary file is left behind.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 1u);
}
