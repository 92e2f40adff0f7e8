#include <gtest/gtest.h>

#include <set>

#include "../test_support.h"
#include "core/error.h"
#include "core/gcj02.h"
#include "mapdata/vector_reader.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {
const char* kDistricts = "shenzhen/districts.geojson";

std::string geojson(const std::string& crs_member, const std::string& coords) {
    return "{\"type\":\"FeatureCollection\"," + crs_member +
           "\"features\":[{\"type\":\"Feature\",\"properties\":{\"qh\":\"测试\"},"
           "\"geometry\":{\"type\":\"Point\",\"coordinates\":" + coords + "}}]}";
}
}  // namespace

TEST(VectorReader, ShenzhenDistrictsWithChineseLabelsAndGivenCentroids) {
    JINGWEI_REQUIRE_DATA(kDistricts);
    VectorReadOptions o;
    o.label_field = "qh";
    o.anchor_x_field = "centroid_x";
    o.anchor_y_field = "centroid_y";
    const VectorLayer l = readVectorLayer(test::dataFile(kDistricts), o);
    ASSERT_EQ(l.features.size(), 10u);
    std::set<std::string> labels;
    for (const auto& f : l.features) {
        labels.insert(f.label);
        EXPECT_FALSE(f.polygons.empty()) << f.label;
        EXPECT_TRUE(f.has_label_anchor);
    }
    for (const char* d : {"福田", "南山", "罗湖", "宝安", "龙岗", "盐田"}) EXPECT_TRUE(labels.count(d)) << d;
    for (const auto& f : l.features)
        if (f.label == "福田") {
            EXPECT_NEAR(f.label_anchor.lon, 114.04153456314172, 1e-12);
            EXPECT_NEAR(f.label_anchor.lat, 22.546179790257238, 1e-12);
        }
}

TEST(VectorReader, AnchorDefaultsToAPointInsideTheShape) {
    JINGWEI_REQUIRE_DATA(kDistricts);
    VectorReadOptions o;
    o.label_field = "qh";
    const VectorLayer l = readVectorLayer(test::dataFile(kDistricts), o);
    for (const auto& f : l.features) {
        ASSERT_TRUE(f.has_label_anchor);
        // Inside the bounding box of its outer ring(s).
        Bounds b;
        for (const auto& poly : f.polygons)
            for (const auto& p : poly[0]) b.add(p.lon, p.lat);
        EXPECT_GE(f.label_anchor.lon, b.min_x);
        EXPECT_LE(f.label_anchor.lon, b.max_x);
        EXPECT_GE(f.label_anchor.lat, b.min_y);
        EXPECT_LE(f.label_anchor.lat, b.max_y);
    }
}

TEST(VectorReader, Gcj02OverrideShiftsBackToWgs84) {
    ScratchDir dir;
    const LonLat truth{121.4905, 31.2397};
    const LonLat g = wgs84ToGcj02(truth);
    const std::string f = dir.write("gcj.geojson",
        geojson("", "[" + std::to_string(g.lon) + "," + std::to_string(g.lat) + "]"));
    VectorReadOptions o;
    o.source_crs = "GCJ02";
    const VectorLayer l = readVectorLayer(f, o);
    ASSERT_EQ(l.features.size(), 1u);
    ASSERT_EQ(l.features[0].points.size(), 1u);
    // std::to_string keeps 6 decimals (~0.1 m), so compare to 2e-6 degrees.
    EXPECT_NEAR(l.features[0].points[0].lon, truth.lon, 2e-6);
    EXPECT_NEAR(l.features[0].points[0].lat, truth.lat, 2e-6);
}

TEST(VectorReader, ProjectedSourceIsTransformedToLonLat) {
    ScratchDir dir;
    // Tiananmen in EPSG:4548 (the known value from the Foundation issue).
    const std::string f = dir.write("gk.geojson",
        geojson("\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4548\"}},",
                "[448481.575,4419565.435]"));
    const VectorLayer l = readVectorLayer(f);
    ASSERT_EQ(l.features[0].points.size(), 1u);
    EXPECT_NEAR(l.features[0].points[0].lon, 116.3975, 1e-7);
    EXPECT_NEAR(l.features[0].points[0].lat, 39.9087, 1e-7);
}

TEST(VectorReader, GeoJsonWithAWrongCrsIsAClearError) {
    ScratchDir dir;
    // Says lon/lat but holds metres: caught as out-of-range coordinates.
    const std::string f = dir.write("metres.geojson", geojson("", "[448481.575,4419565.435]"));
    try {
        readVectorLayer(f);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), f);
        EXPECT_EQ(e.where(), "feature 0");
        EXPECT_NE(e.reason().find("outside the valid longitude/latitude range"), std::string::npos);
    }
    // Names a CRS that does not exist.
    const std::string g = dir.write("bogus.geojson",
        geojson("\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::999999\"}},",
                "[1,2]"));
    try {
        readVectorLayer(g);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), g);
    }
}

TEST(VectorReader, MissingEmptyAndGarbageFiles) {
    ScratchDir dir;
    EXPECT_THROW(readVectorLayer(dir.file("nope.geojson")), Error);
    const std::string empty = dir.write("empty.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
    try {
        readVectorLayer(empty);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(e.reason().find("empty"), std::string::npos);
    }
    const std::string junk = dir.write("junk.geojson", "{\"type\": \"FeatureCollection\", \"features\": [ {");
    EXPECT_THROW(readVectorLayer(junk), Error);
}

TEST(VectorReader, UnknownLabelFieldIsAnError) {
    JINGWEI_REQUIRE_DATA(kDistricts);
    VectorReadOptions o;
    o.label_field = "name_zh";
    EXPECT_THROW(readVectorLayer(test::dataFile(kDistricts), o), Error);
}
