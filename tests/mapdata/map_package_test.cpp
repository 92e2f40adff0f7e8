// The map package cache: a second load reads the GeoPackage and gives the
// same model bit for bit, faster; failed or cancelled imports leave nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "core/error.h"
#include "mapdata/map_package.h"
#include "mapdata_test_support.h"

using namespace jingwei;
using jingwei::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

void expectSamePoint(const GeoPoint& a, const GeoPoint& b, const std::string& what) {
    // Exact equality: the package stores doubles, never text.
    ASSERT_EQ(std::memcmp(&a, &b, sizeof(GeoPoint)), 0)
        << what << ": (" << a.lon << ", " << a.lat << ", " << a.x << ", " << a.y << ") vs (" << b.lon << ", " << b.lat
        << ", " << b.x << ", " << b.y << ")";
}

void expectSameModel(const MapModel& a, const MapModel& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.name_en, b.name_en);
    EXPECT_EQ(a.crs, b.crs);
    EXPECT_EQ(a.package_key, b.package_key);
    EXPECT_EQ(a.roads_name, b.roads_name);
    EXPECT_EQ(a.roads_style, b.roads_style);
    EXPECT_EQ(a.speeds, b.speeds);
    ASSERT_EQ(a.roads.nodes.size(), b.roads.nodes.size());
    ASSERT_EQ(a.roads.edges.size(), b.roads.edges.size());
    ASSERT_EQ(a.roads.shape.size(), b.roads.shape.size());
    for (std::size_t i = 0; i < a.roads.nodes.size(); ++i) {
        EXPECT_EQ(a.roads.nodes[i].source_id, b.roads.nodes[i].source_id);
        expectSamePoint(a.roads.nodes[i].pos, b.roads.nodes[i].pos, "node " + std::to_string(i));
    }
    for (std::size_t i = 0; i < a.roads.edges.size(); ++i) {
        const RoadEdge &x = a.roads.edges[i], &y = b.roads.edges[i];
        ASSERT_EQ(x.from, y.from);
        ASSERT_EQ(x.to, y.to);
        EXPECT_EQ(x.length_m, y.length_m);
        EXPECT_EQ(x.road_class, y.road_class);
        EXPECT_EQ(x.highway, y.highway);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.name_zh, y.name_zh);
        EXPECT_EQ(x.oneway, y.oneway);
        EXPECT_EQ(x.has_geometry, y.has_geometry);
        EXPECT_EQ(x.lanes, y.lanes);
        EXPECT_EQ(x.maxspeed_kph, y.maxspeed_kph);
        EXPECT_EQ(x.speed_kph, y.speed_kph);
        EXPECT_EQ(x.way_id, y.way_id);
        ASSERT_EQ(x.shape_count, y.shape_count);
        for (std::uint32_t k = 0; k < x.shape_count; ++k)
            expectSamePoint(a.roads.shape[x.shape_begin + k], b.roads.shape[y.shape_begin + k],
                            "edge " + std::to_string(i));
    }
    ASSERT_EQ(a.layers.size(), b.layers.size());
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        const VectorLayer &p = a.layers[l], &q = b.layers[l];
        EXPECT_EQ(p.name, q.name);
        EXPECT_EQ(p.source, q.source);
        EXPECT_EQ(p.kind, q.kind);
        EXPECT_EQ(p.style, q.style);
        EXPECT_EQ(p.label_field, q.label_field);
        EXPECT_EQ(p.fields, q.fields);
        ASSERT_EQ(p.features.size(), q.features.size()) << p.name;
        for (std::size_t i = 0; i < p.features.size(); ++i) {
            const Feature &f = p.features[i], &g = q.features[i];
            const std::string w = p.name + " feature " + std::to_string(i);
            EXPECT_EQ(f.id, g.id) << w;
            EXPECT_EQ(f.attributes, g.attributes) << w;
            EXPECT_EQ(f.label, g.label) << w;
            EXPECT_EQ(f.has_label_anchor, g.has_label_anchor) << w;
            if (f.has_label_anchor) expectSamePoint(f.label_anchor, g.label_anchor, w + " anchor");
            EXPECT_EQ(f.height_m, g.height_m) << w;
            EXPECT_EQ(f.min_height_m, g.min_height_m) << w;
            EXPECT_EQ(f.height_source, g.height_source) << w;
            ASSERT_EQ(f.polygons.size(), g.polygons.size()) << w;
            for (std::size_t k = 0; k < f.polygons.size(); ++k) {
                ASSERT_EQ(f.polygons[k].size(), g.polygons[k].size()) << w;
                for (std::size_t r = 0; r < f.polygons[k].size(); ++r) {
                    ASSERT_EQ(f.polygons[k][r].size(), g.polygons[k][r].size()) << w;
                    for (std::size_t j = 0; j < f.polygons[k][r].size(); ++j)
                        expectSamePoint(f.polygons[k][r][j], g.polygons[k][r][j], w);
                }
            }
            ASSERT_EQ(f.lines.size(), g.lines.size()) << w;
            for (std::size_t k = 0; k < f.lines.size(); ++k) {
                ASSERT_EQ(f.lines[k].size(), g.lines[k].size()) << w;
                for (std::size_t j = 0; j < f.lines[k].size(); ++j) expectSamePoint(f.lines[k][j], g.lines[k][j], w);
            }
            ASSERT_EQ(f.points.size(), g.points.size()) << w;
            for (std::size_t j = 0; j < f.points.size(); ++j) expectSamePoint(f.points[j], g.points[j], w);
        }
    }
    ASSERT_EQ(a.terrains.size(), b.terrains.size());
    for (std::size_t t = 0; t < a.terrains.size(); ++t) {
        const Terrain &p = a.terrains[t], &q = b.terrains[t];
        EXPECT_EQ(p.name, q.name);
        EXPECT_EQ(p.crs, q.crs);
        EXPECT_EQ(p.width, q.width);
        EXPECT_EQ(p.height, q.height);
        EXPECT_EQ(p.geotransform, q.geotransform);
        EXPECT_EQ(p.style, q.style);
        ASSERT_EQ(p.elevation_m.size(), q.elevation_m.size());
        EXPECT_EQ(std::memcmp(p.elevation_m.data(), q.elevation_m.data(), p.elevation_m.size() * sizeof(float)), 0);
    }
    // What the import found travels with the package.
    EXPECT_EQ(a.report.components.nodes_dropped, b.report.components.nodes_dropped);
    EXPECT_EQ(a.report.components.edges_dropped, b.report.components.edges_dropped);
    EXPECT_EQ(a.report.roads.ways_used, b.report.roads.ways_used);
    EXPECT_EQ(a.report.roads.unknown_highways.size(), b.report.roads.unknown_highways.size());
    EXPECT_EQ(a.report.layers.size(), b.report.layers.size());
}

double seconds(const std::function<void()>& f) {
    const auto t = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST(MapPackage, SecondLoadOfLonggangReadsTheCacheBitForBit) {
    JINGWEI_REQUIRE_DATA("shenzhen/longgang.osm");
    ScratchDir cache;
    const LoadOptions o = test::loadOptions(cache.path().string());
    const MapModel first = loadMap("longgang", o);
    EXPECT_FALSE(first.report.from_cache);
    ASSERT_FALSE(first.report.cache_file.empty()) << first.report.cache_note;
    EXPECT_TRUE(fs::exists(first.report.cache_file));
    EXPECT_EQ(first.report.cache_file, mapPackagePath("longgang", o));
    EXPECT_EQ(test::filesIn(cache.path()).size(), 1u);  // no temporary files left
    const MapModel second = loadMap("longgang", o);
    EXPECT_TRUE(second.report.from_cache);
    EXPECT_EQ(second.report.cache_file, first.report.cache_file);
    expectSameModel(first, second);
    EXPECT_EQ(second.roads.nodes.size(), 444u);
    // Refresh imports again and replaces the package with an identical one.
    LoadOptions refresh = o;
    refresh.cache = CacheMode::Refresh;
    const MapModel third = loadMap("longgang", refresh);
    EXPECT_FALSE(third.report.from_cache);
    expectSameModel(first, third);
    EXPECT_EQ(test::filesIn(cache.path()).size(), 1u);
}

TEST(MapPackage, LiechtensteinCacheIsFasterAndEqual) {
    JINGWEI_REQUIRE_DATA("liechtenstein/liechtenstein-2015.osm.pbf");
    ScratchDir cache;
    const LoadOptions o = test::loadOptions(cache.path().string());
    MapModel first, second;
    LoadOptions off = o;
    off.cache = CacheMode::Off;
    const double import_s = seconds([&] { loadMap("liechtenstein", off); });
    first = loadMap("liechtenstein", o);  // imports and writes the package
    const double cached_s = seconds([&] { second = loadMap("liechtenstein", o); });
    ASSERT_TRUE(second.report.from_cache);
    expectSameModel(first, second);
    EXPECT_EQ(second.layers.size(), 4u);
    std::cout << "Liechtenstein: import " << import_s << " s, cache load " << cached_s << " s\n";
    EXPECT_LT(cached_s, 0.8 * import_s);
}

TEST(MapPackage, AndorraTerrainAndLujiazuiRoundTrip) {
    JINGWEI_REQUIRE_DATA("andorra/N42E001.hgt");
    JINGWEI_REQUIRE_DATA("shanghai/lujiazui-buildings.geojson");
    ScratchDir cache;
    const LoadOptions o = test::loadOptions(cache.path().string());
    for (const char* map : {"andorra", "lujiazui"}) {
        const MapModel first = loadMap(map, o);
        const MapModel second = loadMap(map, o);
        EXPECT_TRUE(second.report.from_cache) << map;
        expectSameModel(first, second);
    }
}

TEST(MapPackage, CancelledImportLeavesNoFile) {
    JINGWEI_REQUIRE_DATA("liechtenstein/liechtenstein-2015.osm.pbf");
    // Cancel at several points: reading the OSM, projecting, writing the package.
    for (const double stop_at : {0.2, 0.9, 0.97}) {
        ScratchDir cache;
        LoadOptions o = test::loadOptions(cache.path().string());
        bool stopped = false;
        o.progress.callback = [&](double f, std::string_view) {
            if (f >= stop_at) stopped = true;
            return !stopped;
        };
        EXPECT_THROW(loadMap("liechtenstein", o), Cancelled) << stop_at;
        EXPECT_TRUE(stopped);
        EXPECT_TRUE(test::filesIn(cache.path()).empty()) << "stopped at " << stop_at << ": "
                                                         << ::testing::PrintToString(test::filesIn(cache.path()));
    }
}

TEST(MapPackage, CancelledPackageWriteLeavesNoFile) {
    JINGWEI_REQUIRE_DATA("shenzhen/longgang.osm");
    ScratchDir cache;
    LoadOptions o = test::loadOptions(cache.path().string(), CacheMode::Off);
    const MapModel m = loadMap("longgang", o);
    const std::string target = cache.file("longgang-test.gpkg");
    int calls = 0;
    Progress p{[&](double, std::string_view) { return ++calls < 4; }};
    EXPECT_THROW(writeMapPackage(m, target, p), Cancelled);
    EXPECT_TRUE(test::filesIn(cache.path()).empty());
    writeMapPackage(m, target);
    expectSameModel(m, readMapPackage(target, m.package_key));
}

TEST(MapPackage, FailedImportsLeaveNoFile) {
    JINGWEI_REQUIRE_DATA("liechtenstein/liechtenstein-2015.osm.pbf");
    ScratchDir dir;
    const fs::path cache = dir.path() / "cache";
    {
        std::ifstream in(test::dataFile("liechtenstein/liechtenstein-2015.osm.pbf"), std::ios::binary);
        std::string bytes(600000, '\0');
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        dir.write("cut.osm.pbf", bytes);
    }
    dir.write("empty.geojson", R"({"type":"FeatureCollection","features":[]})");
    dir.write("nan.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
        "geometry":{"type":"Point","coordinates":[114.1, 123.4]}}]})");
    const struct {
        const char* yaml;
        const char* file_part;
        const char* where_part;
    } cases[] = {
        {"layers:\n  - {name: cut, type: osm, source: cut.osm.pbf}\n", "cut.osm.pbf", "byte "},
        {"layers:\n  - {name: e, type: vector, source: empty.geojson}\n", "empty.geojson", "layer"},
        {"layers:\n  - {name: n, type: vector, source: nan.geojson}\n", "nan.geojson", "feature 0"},
        {"layers:\n  - {name: m, type: dem, source: missing.tif}\n", "missing.tif", "line 3"},
        {"layers:\n  - {name: e, type: buildings, source: nan.geojson}\n", "nan.geojson", "feature 0"},
        {"layers:\n  - {name: s, type: roads, source: noprj.shp}\n", "noprj.shp", "layer 'noprj'"},
        {"layers:\n  - {name: s, type: roads, source: noprj.shp, colour: red}\n", "bad.yaml", "line 3"},
    };
    test::writeShapefile(dir.file("noprj.shp"), false, {{114.0, 22.5}, {114.01, 22.51}});
    LoadOptions o;
    o.data_dir = dir.path().string();
    o.cache_dir = cache.string();
    for (const auto& c : cases) {
        const std::string manifest = dir.write("bad.yaml", std::string("name: bad\n") + c.yaml);
        try {
            loadMap(manifest, o);
            ADD_FAILURE() << c.yaml;
        } catch (const Error& e) {
            EXPECT_NE(e.file().find(c.file_part), std::string::npos) << e.what();
            EXPECT_NE(e.where().find(c.where_part), std::string::npos) << e.what();
        }
        EXPECT_TRUE(test::filesIn(cache).empty()) << c.yaml;
    }
}

TEST(MapPackage, KeyFollowsContentNotNames) {
    ScratchDir dir;
    const std::string a = dir.write("a.osm", "<osm/>"), b = dir.write("b.osm", "<osm/>");
    const std::string c = dir.write("c.osm", "<osm version=\"0.6\"/>");
    fs::create_directories(dir.path() / "copy");
    EXPECT_EQ(packageKey("m", {a}), packageKey("m", {dir.write("copy/a.osm", "<osm/>")}));
    EXPECT_NE(packageKey("m", {a}), packageKey("m", {c}));    // other content
    EXPECT_NE(packageKey("m", {a}), packageKey("m2", {a}));   // other manifest
    EXPECT_NE(packageKey("m", {a}), packageKey("m", {b}));    // the file name is part of the key
    EXPECT_EQ(packageKey("m", {a}).size(), 64u);
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(MapPackage, CorruptOrUnwritableCacheFallsBackToImporting) {
    JINGWEI_REQUIRE_DATA("shenzhen/longgang.osm");
    ScratchDir cache;
    const LoadOptions o = test::loadOptions(cache.path().string());
    const std::string package = mapPackagePath("longgang", o);
    fs::create_directories(fs::path(package).parent_path());
    std::ofstream(package) << "this is not a GeoPackage";
    const MapModel m = loadMap("longgang", o);
    EXPECT_FALSE(m.report.from_cache);
    EXPECT_NE(m.report.cache_note.find("re-imported"), std::string::npos) << m.report.cache_note;
    EXPECT_TRUE(loadMap("longgang", o).report.from_cache);  // replaced by a good one

    LoadOptions bad = o;
    bad.cache_dir = cache.write("a-file", "x") + "/sub";  // cannot be a directory
    const MapModel n = loadMap("longgang", bad);
    EXPECT_EQ(n.roads.nodes.size(), 444u);
    EXPECT_NE(n.report.cache_note.find("not written"), std::string::npos) << n.report.cache_note;
}

TEST(MapPackage, DefaultCacheDirFollowsTheEnvironment) {
    const char* old = std::getenv("JINGWEI_CACHE_DIR");
    const std::string saved = old ? old : "";
    ::setenv("JINGWEI_CACHE_DIR", "/tmp/jingwei-cache-test", 1);
    EXPECT_EQ(defaultCacheDir(), "/tmp/jingwei-cache-test");
    ::unsetenv("JINGWEI_CACHE_DIR");
    EXPECT_NE(defaultCacheDir().find("jingwei"), std::string::npos);
    if (old) ::setenv("JINGWEI_CACHE_DIR", saved.c_str(), 1);
}
