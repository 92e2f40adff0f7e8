#include <gtest/gtest.h>

#include <filesystem>

#include "../test_support.h"
#include "analysis/incident_io.h"
#include "analysis/incident_vector.h"
#include "analysis/synthetic_incidents.h"
#include "analysis_test_support.h"
#include "core/error.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {

IncidentSet generated(std::size_t n) {
    SyntheticIncidentParams p;
    p.count = n;
    p.seed = 99;
    return generateSyntheticIncidents(test::smallCity(), p);
}

void expectSame(const IncidentSet& a, const IncidentSet& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Incident x = a.get(i), y = b.get(i);
        ASSERT_EQ(x.id, y.id);
        ASSERT_EQ(x.time_s, y.time_s) << x.id;
        ASSERT_EQ(x.time_precision, y.time_precision);
        ASSERT_EQ(x.category, y.category);
        ASSERT_EQ(x.priority, y.priority);
        ASSERT_EQ(x.source, y.source);
        ASSERT_EQ(x.pos.lon, y.pos.lon) << x.id;
        ASSERT_EQ(x.pos.lat, y.pos.lat) << x.id;
    }
    EXPECT_EQ(a.hours(), b.hours());
    EXPECT_EQ(a.weekdays(), b.weekdays());
}

}  // namespace

TEST(IncidentVector, GeneratedIncidentsRoundTripThroughGeoJsonGpkgAndCsv) {
    ScratchDir dir;
    const IncidentSet s = generated(500);
    IncidentReadOptions o;
    o.utc_offset_s = s.localUtcOffset();
    for (const char* name : {"inc.geojson", "inc.gpkg", "inc.csv"}) {
        const std::string f = dir.file(name);
        writeIncidents(s, f);
        IncidentImportReport r;
        const IncidentSet t = readIncidents({f}, o, &r);
        EXPECT_EQ(r.rows_read, 500u) << name;
        EXPECT_EQ(r.rows_valid, 500u) << name;
        expectSame(s, t);
    }
}

TEST(IncidentVector, InvalidFeaturesAreCountedWithTheirFeature) {
    ScratchDir dir;
    const std::string f = dir.write(
        "bad.geojson",
        R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"a","time":"2024-01-01T08:00:00+08:00","category":"盗窃"},"geometry":{"type":"Point","coordinates":[114.05,22.54]}},
{"type":"Feature","properties":{"id":"b","time":"2024-01-01T08:00:00+08:00","category":"盗窃"},"geometry":null},
{"type":"Feature","properties":{"id":"c","time":"not a time","category":"盗窃"},"geometry":{"type":"Point","coordinates":[114.05,22.54]}},
{"type":"Feature","properties":{"id":"d","time":"2024-01-01","category":"盗窃"},"geometry":{"type":"LineString","coordinates":[[114.05,22.54],[114.06,22.55]]}},
{"type":"Feature","properties":{"id":"e","time":"2024-01-01","category":"纠纷"},"geometry":{"type":"Point","coordinates":[300,22.54]}}
]})");
    IncidentImportReport r;
    const IncidentSet s = readIncidentsVector(f, {}, &r);
    EXPECT_EQ(s.size(), 1u);
    EXPECT_EQ(r.rows_read, 5u);
    EXPECT_EQ(r.count(RowProblem::MissingCoordinates), 1u);
    EXPECT_EQ(r.count(RowProblem::BadTime), 1u);
    EXPECT_EQ(r.count(RowProblem::BadCoordinates), 2u);
    ASSERT_EQ(r.examples.size(), 4u);
    EXPECT_EQ(r.examples[0].where.rfind("feature ", 0), 0u);
    EXPECT_EQ(r.examples[0].file, f);
}

TEST(IncidentVector, ErrorsNameTheFile) {
    ScratchDir dir;
    try {
        readIncidentsVector(dir.file("missing.gpkg"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), dir.file("missing.gpkg"));
        EXPECT_NE(e.reason().find("not found"), std::string::npos);
    }
    const std::string junk = dir.write("junk.geojson", "{ this is not json");
    EXPECT_THROW(readIncidentsVector(junk), Error);
    const std::string ok = dir.file("ok.geojson");
    writeIncidents(generated(3), ok);
    IncidentReadOptions o;
    o.fields.category = "警情类别";
    try {
        readIncidentsVector(ok, o);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), ok);
        EXPECT_NE(e.reason().find("no category column '警情类别'"), std::string::npos) << e.what();
    }
    EXPECT_THROW(writeIncidents(generated(3), dir.file("x.shp")), Error);
}
