// Building footprints with heights from vector files, and the vector
// reader's filters and geometry checks (bad input included).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "mapdata/building_height.h"
#include "mapdata/vector_reader.h"
#include "mapdata_test_support.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {
const char* kLujiazui = "shanghai/lujiazui-buildings.geojson";

}  // namespace

TEST(Buildings, HeightRules) {
    EXPECT_DOUBLE_EQ(parseHeightM("12"), 12);
    EXPECT_DOUBLE_EQ(parseHeightM("12.5 m"), 12.5);
    EXPECT_DOUBLE_EQ(parseHeightM("12m"), 12);
    EXPECT_NEAR(parseHeightM("40 ft"), 12.192, 1e-9);
    EXPECT_NEAR(parseHeightM("40'"), 12.192, 1e-9);
    EXPECT_TRUE(std::isnan(parseHeightM("tall")));
    EXPECT_TRUE(std::isnan(parseHeightM("12 storeys")));
    Extrusion ex;
    Feature f;
    applyExtrusion(f, ex);
    EXPECT_EQ(f.height_source, HeightSource::Default);
    EXPECT_DOUBLE_EQ(f.height_m, 10);
    f.attributes["building:levels"] = "5";
    applyExtrusion(f, ex);
    EXPECT_EQ(f.height_source, HeightSource::Levels);
    EXPECT_DOUBLE_EQ(f.height_m, 15);
    f.attributes["height"] = "0";  // zero is not a height
    applyExtrusion(f, ex);
    EXPECT_EQ(f.height_source, HeightSource::Levels);
    f.attributes["height"] = "31.5";
    f.attributes["min_height"] = "6";
    applyExtrusion(f, ex);
    EXPECT_EQ(f.height_source, HeightSource::Height);
    EXPECT_DOUBLE_EQ(f.height_m, 31.5);
    EXPECT_DOUBLE_EQ(f.min_height_m, 6);
}

TEST(Buildings, LujiazuiRawLayerCounts) {
    JINGWEI_REQUIRE_DATA(kLujiazui);
    const VectorLayer l = readVectorLayer(test::dataFile(kLujiazui));
    ASSERT_EQ(l.features.size(), 1981u);
    std::size_t with_height = 0, points = 0;
    double max_h = 0;
    for (const auto& f : l.features) {
        const auto it = f.attributes.find("height");
        if (it != f.attributes.end() && std::stod(it->second) > 0) {
            ++with_height;
            max_h = std::max(max_h, std::stod(it->second));
        }
        points += !f.points.empty();
    }
    EXPECT_EQ(with_height, 963u);
    EXPECT_DOUBLE_EQ(max_h, 632.0);
    EXPECT_EQ(points, 409u);  // label points and entrances among the footprints
}

TEST(Buildings, LujiazuiPointsInABuildingsLayerAreMixedGeometry) {
    JINGWEI_REQUIRE_DATA(kLujiazui);
    VectorReadOptions o;
    o.geometry = GeometryKind::Polygon;
    try {
        readVectorLayer(test::dataFile(kLujiazui), o);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), test::dataFile(kLujiazui));
        EXPECT_EQ(e.where().rfind("feature ", 0), 0u);
        EXPECT_NE(e.reason().find("mixed geometry types"), std::string::npos) << e.what();
        EXPECT_NE(e.reason().find("POINT"), std::string::npos) << e.what();
    }
}

TEST(Buildings, LujiazuiManifestExtrudesTheShanghaiTower) {
    JINGWEI_REQUIRE_DATA(kLujiazui);
    ScratchDir cache;
    const MapModel m = loadMap("lujiazui", test::loadOptions(cache.path().string(), CacheMode::Off));
    const VectorLayer* b = nullptr;
    for (const auto& l : m.layers)
        if (l.kind == LayerKind::Buildings) b = &l;
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->features.size(), 1572u);  // footprints only (the filter leaves out the 409 points)
    std::size_t from_height = 0;
    const Feature* tallest = nullptr;
    for (const auto& f : b->features) {
        EXPECT_FALSE(f.polygons.empty());
        from_height += f.height_source == HeightSource::Height;
        if (!tallest || f.height_m > tallest->height_m) tallest = &f;
    }
    EXPECT_EQ(from_height, 766u);
    ASSERT_NE(tallest, nullptr);
    EXPECT_DOUBLE_EQ(tallest->height_m, 632.0);
    EXPECT_EQ(tallest->label, "上海中心大厦");
    EXPECT_EQ(tallest->id, 165792123);
    // Roads from the tile-cut vector lines become a graph.
    EXPECT_GT(m.roads.edges.size(), 1000u);
    EXPECT_TRUE(m.report.components.applied);
}

TEST(VectorBadInput, LayerWithoutCrsAndNoOverride) {
    ScratchDir dir;
    const std::string shp = test::writeShapefile(dir.file("noprj.shp"), false, {{114.0, 22.5}, {114.01, 22.51}});
    ASSERT_FALSE(std::filesystem::exists(dir.file("noprj.prj")));
    try {
        readVectorLayer(shp);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), shp);
        EXPECT_EQ(e.where(), "layer 'noprj'");
        EXPECT_NE(e.reason().find("no CRS"), std::string::npos) << e.what();
    }
    VectorReadOptions o;
    o.source_crs = "EPSG:4326";
    EXPECT_EQ(readVectorLayer(shp, o).features.size(), 1u);
}

TEST(VectorBadInput, NaNCoordinateNamesTheFeature) {
    ScratchDir dir;
    // GDAL's GeoJSON reader accepts the NaN literal (Shapefile writers refuse it).
    const std::string f = dir.write("nan.geojson",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
        R"("geometry":{"type":"LineString","coordinates":[[114,22.5],[NaN,22.51]]}}]})");
    try {
        readVectorLayer(f);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), f);
        EXPECT_EQ(e.where(), "feature 0");
        EXPECT_NE(e.reason().find("NaN"), std::string::npos) << e.what();
    }
}

TEST(VectorBadInput, OutOfRangeEmptyAfterFilterBadFilterAndMixedGeometry) {
    ScratchDir dir;
    const std::string out_of_range = dir.write(
        "range.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
        "geometry":{"type":"LineString","coordinates":[[114,22],[114.1,95.0]]}}]})");
    try {
        readVectorLayer(out_of_range);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "feature 0");
        EXPECT_NE(e.reason().find("outside the valid longitude/latitude range"), std::string::npos);
    }
    const std::string mixed = dir.write(
        "mixed.geojson", R"({"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"height":10},"geometry":{"type":"Polygon","coordinates":[[[114,22],[114.001,22],[114.001,22.001],[114,22]]]}},
        {"type":"Feature","properties":{"height":12},"geometry":{"type":"Point","coordinates":[114,22]}}]})");
    VectorReadOptions poly;
    poly.geometry = GeometryKind::Polygon;
    try {
        readVectorLayer(mixed, poly);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "feature 1");
        EXPECT_NE(e.reason().find("mixed geometry types"), std::string::npos);
    }
    poly.filter = "OGR_GEOMETRY = 'POLYGON'";
    EXPECT_EQ(readVectorLayer(mixed, poly).features.size(), 1u);
    VectorReadOptions none;
    none.filter = "height > 100";
    try {
        readVectorLayer(mixed, none);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(e.reason().find("empty after the filter"), std::string::npos) << e.what();
    }
    VectorReadOptions bad;
    bad.filter = "height >>> 1";
    try {
        readVectorLayer(mixed, bad);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "filter");
    }
}
