// Manifest keys added for issue 3: layer types, filter, style, draw order,
// speeds, osm outputs, and strict errors naming the line.
#include <gtest/gtest.h>

#include "core/error.h"
#include "mapdata_test_support.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {
void expectErrorAtLine(const std::string& file, const std::string& line, const std::string& reason_part) {
    try {
        readManifest(file);
        ADD_FAILURE() << "no error for " << file;
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), file);
        EXPECT_EQ(e.where(), line) << e.what();
        EXPECT_NE(e.reason().find(reason_part), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(ManifestExt, StyleFilterDrawOrderSpeedsAndOsmOutputs) {
    ScratchDir dir;
    const std::string f = dir.write("m.yaml",
        "name: 测试\n"
        "speeds: {primary: 45, residential: 18}\n"
        "cache: false\n"
        "layers:\n"
        "  - name: terrain\n"
        "    type: dem\n"
        "    source: t.tif\n"
        "    cell_m: 30\n"
        "  - name: blocks\n"
        "    type: buildings\n"
        "    source: b.geojson\n"
        "    where: \"height > 0\"\n"
        "    style:\n"
        "      fill: \"#aabbcc80\"\n"
        "      opacity: 0.5\n"
        "      min_scale: 500\n"
        "      max_scale: 25000\n"
        "      label_field: name\n"
        "      extrusion: {height_field: h, levels_field: floors, level_height_m: 3.3, default_height_m: 9}\n"
        "  - name: osm\n"
        "    type: osm\n"
        "    source: x.osm.pbf\n"
        "    draw_order: 250\n"
        "    pois: false\n"
        "    police: {name: 警务, draw_order: 999, visible: false, style: {colour: \"#0000ff\"}}\n"
        "  - name: pts\n"
        "    type: vector\n"
        "    kind: police\n"
        "    geometry: point\n"
        "    source: p.geojson\n");
    const MapManifest m = readManifest(f);
    EXPECT_FALSE(m.cache);
    EXPECT_EQ(m.speeds[RoadClass::Primary], 45);
    EXPECT_EQ(m.speeds[RoadClass::Residential], 18);
    EXPECT_EQ(m.speeds[RoadClass::Motorway], 80);  // default kept
    EXPECT_NE(m.text.find("speeds"), std::string::npos);
    ASSERT_EQ(m.layers.size(), 4u);
    const LayerSpec& t = m.layers[0];
    EXPECT_EQ(t.type, "dem");
    EXPECT_EQ(t.cell_m, 30);
    EXPECT_EQ(t.style.draw_order, 0);
    const LayerSpec& b = m.layers[1];
    EXPECT_EQ(b.filter, "height > 0");
    EXPECT_EQ(b.geometry, GeometryKind::Polygon);
    EXPECT_EQ(b.label_field, "name");
    EXPECT_EQ(b.style.fill, (Rgba{0xaa, 0xbb, 0xcc, 0x80}));
    EXPECT_DOUBLE_EQ(b.style.opacity, 0.5);
    EXPECT_TRUE(b.style.visibleAtScale(500));
    EXPECT_TRUE(b.style.visibleAtScale(25000));
    EXPECT_FALSE(b.style.visibleAtScale(400));
    EXPECT_FALSE(b.style.visibleAtScale(30000));
    EXPECT_EQ(b.style.draw_order, 300);
    ASSERT_TRUE(b.style.extrusion);
    EXPECT_EQ(b.style.extrusion->height_field, "h");
    EXPECT_EQ(b.style.extrusion->levels_field, "floors");
    EXPECT_DOUBLE_EQ(b.style.extrusion->level_height_m, 3.3);
    EXPECT_DOUBLE_EQ(b.style.extrusion->default_height_m, 9);
    const LayerSpec& o = m.layers[2];
    EXPECT_EQ(o.style.draw_order, 250);
    EXPECT_TRUE(o.largest_component);
    EXPECT_FALSE(o.osm_pois.enabled);
    EXPECT_TRUE(o.osm_buildings.enabled);
    EXPECT_TRUE(o.osm_buildings.style.extrusion);
    EXPECT_EQ(o.osm_police.name, "警务");
    EXPECT_EQ(o.osm_police.style.draw_order, 999);
    EXPECT_FALSE(o.osm_police.style.visible);
    EXPECT_EQ(o.osm_police.style.colour, (Rgba{0, 0, 255, 255}));
    const LayerSpec& p = m.layers[3];
    EXPECT_EQ(p.geometry, GeometryKind::Point);
    EXPECT_EQ(p.style.draw_order, 410);
}

TEST(ManifestExt, StrictErrorsNameTheLine) {
    ScratchDir dir;
    expectErrorAtLine(dir.write("a.yaml", "name: t\nlayers:\n  - source: x.osm\n    type: osm\n    label_field: n\n"),
                      "line 5", "unknown key 'label_field' in a layer of type osm");
    expectErrorAtLine(dir.write("b.yaml", "name: t\nlayers:\n  - source: x.geojson\n    style:\n      color: red\n"),
                      "line 5", "unknown key 'color' in style");
    expectErrorAtLine(dir.write("c.yaml", "name: t\nlayers:\n  - source: x.geojson\n    style: {colour: red}\n"),
                      "line 4", "must be a colour");
    expectErrorAtLine(dir.write("d.yaml", "name: t\nspeeds:\n  highway: 50\nlayers:\n  - source: x.geojson\n"),
                      "line 3", "unknown road class 'highway'");
    expectErrorAtLine(
        dir.write("e.yaml", "name: t\nlayers:\n  - source: x.osm\n    type: osm\n    buildings: {heigth: 3}\n"),
        "line 5", "unknown key 'heigth'");
    expectErrorAtLine(
        dir.write("f.yaml", "name: t\nlayers:\n  - source: x.geojson\n    filter: a > 1\n    where: b > 2\n"),
        "line 5", "either 'filter' or 'where'");
    expectErrorAtLine(dir.write("g.yaml", "name: t\nlayers:\n  - source: x.geojson\n    style: {opacity: 2}\n"),
                      "line 4", "opacity");
    expectErrorAtLine(
        dir.write("h.yaml", "name: t\nlayers:\n  - {source: a.osm, type: osm}\n  - {source: b.graphml, type: graphml}\n"),
        "line 4", "only one road network");
    expectErrorAtLine(dir.write("i.yaml", "name: t\ncolour: red\nlayers:\n  - source: x.geojson\n"), "line 2",
                      "unknown key 'colour' in the manifest");
    expectErrorAtLine(dir.write("j.yaml",
                                "name: t\nlayers:\n  - source: x.geojson\n    style:\n      extrusion: {height: 3}\n"),
                      "line 5", "unknown key 'height' in extrusion");
}

TEST(ManifestExt, EveryShippedMapLoads) {
    ScratchDir cache;
    const auto names = listMaps(test::mapsDir());
    for (const char* required : {"longgang", "shenzhen-dem", "lujiazui", "liechtenstein", "andorra"})
        EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
    for (const auto& n : names) {
        if (n == "synthetic-1m") continue;  // a 10^6-edge generator run, covered by its own tests
        const MapModel m = loadMap(n, test::loadOptions(cache.path().string(), CacheMode::Off));
        EXPECT_FALSE(m.crs.empty()) << n;
        EXPECT_FALSE(m.boundsXY().empty()) << n;
        if (!m.synthetic && n != "shenzhen-dem") {
            EXPECT_GT(m.roads.edges.size(), 0u) << n;
        }
        for (const auto& e : m.roads.edges) {
            if (e.speed_kph <= 0 && isDrivable(e.road_class)) {
                ADD_FAILURE() << n << ": an edge without a speed";
                break;
            }
        }
    }
}
