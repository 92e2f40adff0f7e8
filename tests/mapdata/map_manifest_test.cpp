#include <gtest/gtest.h>

#include "../test_support.h"
#include "core/error.h"
#include "mapdata/map_manifest.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

TEST(MapManifest, FutianLoadsIntoGaussKrugerCm114) {
    JINGWEI_REQUIRE_DATA("shenzhen/futian-nanshan.graphml");
    LoadOptions o;
    o.data_dir = test::dataDir();
    o.maps_dir = test::mapsDir();
    const MapModel m = loadMap("futian", o);
    EXPECT_EQ(m.name, "深圳 福田-南山");
    EXPECT_EQ(m.crs, "EPSG:4547");
    EXPECT_FALSE(m.synthetic);
    EXPECT_TRUE(m.notice.empty());
    EXPECT_EQ(m.roads.nodes.size(), 1751u);
    EXPECT_EQ(m.roads.edges.size(), 4009u);
    ASSERT_EQ(m.layers.size(), 1u);
    EXPECT_EQ(m.layers[0].features.size(), 10u);
    // About 4.4 × 3.8 km of roads, in metres near CM 114E (false easting 500 km).
    const Bounds b = m.homeBoundsXY();
    EXPECT_NEAR(b.width(), 4400, 300);
    EXPECT_NEAR(b.height(), 3800, 300);
    EXPECT_GT(b.min_x, 499000);
    EXPECT_LT(b.max_x, 505000);
    // The districts cover all of Shenzhen, much more than the roads.
    EXPECT_GT(m.boundsXY().width(), 50000);
}

TEST(MapManifest, UnknownMapListsTheKnownOnes) {
    try {
        resolveMapPath("gotham", test::mapsDir());
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(e.reason().find("unknown map 'gotham'"), std::string::npos);
        EXPECT_NE(e.reason().find("futian"), std::string::npos);
    }
}

TEST(MapManifest, UnknownKeyNamesTheLine) {
    ScratchDir dir;
    const std::string f = dir.write("bad.yaml",
        "name: test\n"
        "crs: auto\n"
        "layers:\n"
        "  - name: roads\n"
        "    type: graphml\n"
        "    colour: red\n"
        "    source: x.graphml\n");
    try {
        readManifest(f);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), f);
        EXPECT_EQ(e.where(), "line 6");
        EXPECT_NE(e.reason().find("unknown key 'colour'"), std::string::npos);
    }
}

TEST(MapManifest, SyntaxErrorsAndBadValuesNameTheLine) {
    ScratchDir dir;
    const std::string f = dir.write("syntax.yaml", "name: test\nlayers: [\n  - {name: a\n");
    try {
        readManifest(f);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.where().rfind("line ", 0), 0u) << e.what();
    }
    const std::string g = dir.write("type.yaml", "name: t\nlayers:\n  - source: a.tif\n    type: raster\n");
    try {
        readManifest(g);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "line 4");
    }
    const std::string h = dir.write("nothing.yaml", "name: t\n");
    EXPECT_THROW(readManifest(h), Error);
}

TEST(MapManifest, MissingSourceWithoutFallbackNamesFileAndLayer) {
    ScratchDir dir;
    const std::string f = dir.write("m.yaml",
        "name: t\nlayers:\n  - name: roads\n    type: graphml\n    source: none/roads.graphml\n");
    LoadOptions o;
    o.data_dir = dir.path().string();
    try {
        loadMap(f, o);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(e.file().find("none/roads.graphml"), std::string::npos);
        EXPECT_NE(e.where().find("line 3"), std::string::npos) << e.what();
    }
}

TEST(MapManifest, EveryShippedManifestParses) {
    const auto names = listMaps(test::mapsDir());
    ASSERT_FALSE(names.empty());
    for (const auto& n : names) EXPECT_NO_THROW(readManifest(resolveMapPath(n, test::mapsDir()))) << n;
}

TEST(MapManifest, MissingSampleDataFallsBackToTheSyntheticCity) {
    ScratchDir dir;  // an empty data dir
    LoadOptions o;
    o.data_dir = dir.path().string();
    o.maps_dir = test::mapsDir();
    const MapModel m = loadMap("futian", o);
    EXPECT_TRUE(m.synthetic);
    EXPECT_EQ(m.name, "合成示例城市");
    EXPECT_NE(m.notice.find("futian-nanshan.graphml"), std::string::npos) << m.notice;
    EXPECT_GT(m.roads.edges.size(), 10000u);
    // Without a fallback the same absence is an error.
    o.allow_fallback = false;
    EXPECT_THROW(loadMap("futian", o), Error);
}

TEST(MapManifest, ProgressIsReportedAndCancelStopsTheLoad) {
    JINGWEI_REQUIRE_DATA("shenzhen/futian-nanshan.graphml");
    LoadOptions o;
    o.data_dir = test::dataDir();
    o.maps_dir = test::mapsDir();
    double last = -1;
    bool monotone = true;
    o.progress.callback = [&](double f, std::string_view) {
        monotone = monotone && f >= last;
        last = f;
        return true;
    };
    loadMap("futian", o);
    EXPECT_TRUE(monotone);
    EXPECT_DOUBLE_EQ(last, 1.0);
    o.progress.callback = [](double, std::string_view) { return false; };
    EXPECT_THROW(loadMap("futian", o), Cancelled);
}
