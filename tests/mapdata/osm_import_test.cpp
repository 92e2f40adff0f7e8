// OSM import (GDAL's OSM driver) and the road graph built from it: a small
// hand-written OSM file for the exact splitting and one-way rules, then the
// real extracts.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/error.h"
#include "mapdata/hstore.h"
#include "mapdata/osm_reader.h"
#include "mapdata/road_builder.h"
#include "mapdata/road_components.h"
#include "mapdata_test_support.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {

// A tiny town (lon 114.000..., lat 22.500...):
//
//            6 ──── 15            roundabout 7 → 8 → 6 → 7 (one-way),
//   4 ─── 7 ┘       │            6-15-3 two-way
//   │               │
//   1 ─── 2 ─────── 3 ──► 9      one-way dead end 3 → 9
//         ┆         ▲
//         12 ────── 5 ── 13      oneway=-1 on way 3-5: traffic flows 5 → 3 only;
//   2┄12 footway, 5-12 highway=moonbeam (unknown), 13-14 construction;
//   10 ── 11 an island far away.
const char* kTinyOsm = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="jingwei test">
  <node id="1" lat="22.5000000" lon="114.0000000"/>
  <node id="2" lat="22.5000000" lon="114.0010000"/>
  <node id="3" lat="22.5000000" lon="114.0020000"/>
  <node id="4" lat="22.5010000" lon="114.0000000"/>
  <node id="5" lat="22.4990000" lon="114.0020000"/>
  <node id="6" lat="22.5020000" lon="114.0010000"/>
  <node id="7" lat="22.5010000" lon="114.0010000"/>
  <node id="8" lat="22.5015000" lon="114.0015000"/>
  <node id="9" lat="22.5000000" lon="114.0030000"/>
  <node id="10" lat="22.5100000" lon="114.0100000"/>
  <node id="11" lat="22.5100000" lon="114.0110000"/>
  <node id="12" lat="22.4990000" lon="114.0010000"/>
  <node id="13" lat="22.4980000" lon="114.0000000"/>
  <node id="14" lat="22.4980000" lon="114.0005000"/>
  <node id="15" lat="22.5020000" lon="114.0020000"/>
  <node id="20" lat="22.5005000" lon="114.0025000">
    <tag k="amenity" v="police"/><tag k="name" v="Test Police"/><tag k="name:zh" v="测试派出所"/>
  </node>
  <node id="21" lat="22.5005000" lon="114.0005000"><tag k="amenity" v="cafe"/></node>
  <node id="30" lat="22.5030000" lon="114.0030000"/>
  <node id="31" lat="22.5030000" lon="114.0032000"/>
  <node id="32" lat="22.5032000" lon="114.0032000"/>
  <node id="33" lat="22.5032000" lon="114.0030000"/>
  <node id="34" lat="22.5040000" lon="114.0030000"/>
  <node id="35" lat="22.5040000" lon="114.0032000"/>
  <node id="36" lat="22.5042000" lon="114.0032000"/>
  <node id="37" lat="22.5042000" lon="114.0030000"/>
  <node id="38" lat="22.5050000" lon="114.0030000"/>
  <node id="39" lat="22.5050000" lon="114.0032000"/>
  <node id="40" lat="22.5052000" lon="114.0032000"/>
  <node id="41" lat="22.5052000" lon="114.0030000"/>
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="residential"/><tag k="name" v="Main Street"/><tag k="name:zh" v="主街"/>
    <tag k="maxspeed" v="30 mph"/><tag k="lanes" v="2;3"/></way>
  <way id="101"><nd ref="2"/><nd ref="1"/><nd ref="4"/><tag k="highway" v="tertiary"/></way>
  <way id="102"><nd ref="3"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="oneway" v="-1"/></way>
  <way id="103"><nd ref="7"/><nd ref="8"/><nd ref="6"/><nd ref="7"/>
    <tag k="highway" v="primary"/><tag k="junction" v="roundabout"/></way>
  <way id="104"><nd ref="4"/><nd ref="7"/><tag k="highway" v="primary"/></way>
  <way id="105"><nd ref="3"/><nd ref="9"/><tag k="highway" v="service"/><tag k="oneway" v="yes"/></way>
  <way id="106"><nd ref="10"/><nd ref="11"/><tag k="highway" v="residential"/></way>
  <way id="107"><nd ref="2"/><nd ref="12"/><tag k="highway" v="footway"/></way>
  <way id="108"><nd ref="5"/><nd ref="12"/><tag k="highway" v="moonbeam"/></way>
  <way id="109"><nd ref="13"/><nd ref="14"/><tag k="highway" v="construction"/></way>
  <way id="110"><nd ref="5"/><nd ref="13"/><tag k="highway" v="unclassified"/></way>
  <way id="111"><nd ref="6"/><nd ref="15"/><nd ref="3"/><tag k="highway" v="tertiary"/></way>
  <way id="200"><nd ref="30"/><nd ref="31"/><nd ref="32"/><nd ref="33"/><nd ref="30"/>
    <tag k="building" v="yes"/><tag k="height" v="25 m"/></way>
  <way id="201"><nd ref="34"/><nd ref="35"/><nd ref="36"/><nd ref="37"/><nd ref="34"/>
    <tag k="building" v="apartments"/><tag k="building:levels" v="4"/></way>
  <way id="202"><nd ref="38"/><nd ref="39"/><nd ref="40"/><nd ref="41"/><nd ref="38"/>
    <tag k="building" v="yes"/><tag k="name" v="Hall"/></way>
</osm>
)";

std::uint32_t nodeAt(const RoadData& r, double lon, double lat) {
    for (std::uint32_t i = 0; i < r.nodes.size(); ++i)
        if (std::abs(r.nodes[i].pos.lon - lon) < 1e-9 && std::abs(r.nodes[i].pos.lat - lat) < 1e-9) return i;
    ADD_FAILURE() << "no node at " << lon << ", " << lat;
    return UINT32_MAX;
}

int countEdges(const RoadData& r, std::uint32_t from, std::uint32_t to) {
    int n = 0;
    for (const auto& e : r.edges) n += (e.from == from && e.to == to);
    return n;
}

const RoadEdge* findEdge(const RoadData& r, std::uint32_t from, std::uint32_t to) {
    for (const auto& e : r.edges)
        if (e.from == from && e.to == to) return &e;
    return nullptr;
}

}  // namespace

TEST(Hstore, ParsesGdalOtherTagsWithEscapes) {
    const auto kv = parseHstore(R"("amenity"=>"police","name:en"=>"Say \"hi\"","note"=>NULL, "a\\b"=>"c,d")");
    ASSERT_TRUE(kv);
    EXPECT_EQ(kv->size(), 3u);
    EXPECT_EQ(kv->at("amenity"), "police");
    EXPECT_EQ(kv->at("name:en"), "Say \"hi\"");
    EXPECT_EQ(kv->at("a\\b"), "c,d");
    EXPECT_EQ(parseHstore(formatHstore(*kv)), kv);
    EXPECT_TRUE(parseHstore("")->empty());
    std::size_t at = 0;
    EXPECT_FALSE(parseHstore(R"("a"=>"b" "c"=>"d")", &at));
    EXPECT_EQ(at, 9u);
    EXPECT_FALSE(parseHstore(R"("a"=>"unterminated)"));
}

TEST(RoadBuilder, OnewayRules) {
    EXPECT_EQ(wayDirection("residential", "", ""), WayDirection::Both);
    for (const char* yes : {"yes", "true", "1"}) EXPECT_EQ(wayDirection("residential", yes, ""), WayDirection::Forward);
    for (const char* rev : {"-1", "reverse"}) EXPECT_EQ(wayDirection("primary", rev, ""), WayDirection::Backward);
    EXPECT_EQ(wayDirection("primary", "", "roundabout"), WayDirection::Forward);
    EXPECT_EQ(wayDirection("primary", "no", "roundabout"), WayDirection::Both);
    EXPECT_EQ(wayDirection("motorway", "", ""), WayDirection::Forward);
    EXPECT_EQ(wayDirection("motorway_link", "", ""), WayDirection::Forward);
    EXPECT_EQ(wayDirection("motorway", "no", ""), WayDirection::Both);
    EXPECT_EQ(wayDirection("secondary", "reversible", ""), WayDirection::Both);
    EXPECT_EQ(parseOsmLanes("2;3"), 2);
    EXPECT_EQ(parseOsmLanes("many"), 0);
    EXPECT_DOUBLE_EQ(parseOsmSpeedKph("60"), 60);
    EXPECT_DOUBLE_EQ(parseOsmSpeedKph("60 km/h"), 60);
    EXPECT_NEAR(parseOsmSpeedKph("30 mph"), 48.28, 0.01);
    EXPECT_EQ(parseOsmSpeedKph("CN:urban"), 0);
    EXPECT_EQ(parseOsmSpeedKph("none"), 0);
}

TEST(OsmImport, TinyTownSplitsAtSharedNodesWithOnewayRules) {
    ScratchDir dir;
    const std::string f = dir.write("tiny.osm", kTinyOsm);
    const OsmData d = readOsm(f);
    EXPECT_EQ(d.stats.highway_lines, 12u);
    RoadBuildReport rep;
    const RoadData r = buildRoadGraph(d.highways, {}, &rep);
    EXPECT_EQ(rep.ways_in, 12u);
    EXPECT_EQ(rep.ways_used, 10u);
    EXPECT_EQ(rep.oneway_ways, 3u);  // 3-5 (reversed), the roundabout, 3 → 9
    EXPECT_EQ(rep.ways_not_drivable, 1u);  // the footway
    EXPECT_EQ(rep.ways_not_roads, 1u);     // construction
    EXPECT_EQ(rep.skipped_highways.at("construction"), 1u);
    ASSERT_EQ(rep.unknown_highways.size(), 1u);
    EXPECT_EQ(rep.unknown_highways.at("moonbeam").ways, 1u);
    EXPECT_EQ(rep.unknown_highways.at("moonbeam").examples, std::vector<std::int64_t>{108});

    const auto n1 = nodeAt(r, 114.000, 22.500), n2 = nodeAt(r, 114.001, 22.500), n3 = nodeAt(r, 114.002, 22.500),
               n4 = nodeAt(r, 114.000, 22.501), n5 = nodeAt(r, 114.002, 22.499), n6 = nodeAt(r, 114.001, 22.502),
               n7 = nodeAt(r, 114.001, 22.501), n9 = nodeAt(r, 114.003, 22.500), n12 = nodeAt(r, 114.001, 22.499),
               n13 = nodeAt(r, 114.000, 22.498);
    // Nodes: way ends and shared vertices only: 1 2 3 4 5 6 7 9 10 11 12 13.
    // Not 8 and 15 (used by one way, inside it), not 14 (construction).
    EXPECT_EQ(r.nodes.size(), 12u);
    EXPECT_EQ(r.edges.size(), 22u);
    // T junction at 2: Main Street 1-2-3 is split at 2 (way 101 shares 2 and 1).
    EXPECT_EQ(countEdges(r, n1, n2), 2);  // Main Street 1→2 and way 101 2-1 reversed
    EXPECT_EQ(countEdges(r, n2, n1), 2);
    EXPECT_EQ(countEdges(r, n2, n3), 1);
    EXPECT_EQ(countEdges(r, n3, n2), 1);
    EXPECT_EQ(countEdges(r, n1, n4), 1);
    EXPECT_EQ(countEdges(r, n4, n1), 1);
    EXPECT_EQ(countEdges(r, n1, n3), 0);  // never across the junction
    // oneway=-1 on 3→5: traffic only 5 → 3.
    EXPECT_EQ(countEdges(r, n5, n3), 1);
    EXPECT_EQ(countEdges(r, n3, n5), 0);
    const RoadEdge* rev = findEdge(r, n5, n3);
    ASSERT_NE(rev, nullptr);
    EXPECT_TRUE(rev->oneway);
    EXPECT_DOUBLE_EQ(r.shape[rev->shape_begin].lat, 22.499);  // shape runs with the traffic
    // Oneway dead end 3 → 9.
    EXPECT_EQ(countEdges(r, n3, n9), 1);
    EXPECT_EQ(countEdges(r, n9, n3), 0);
    // Roundabout 7 → 8 → 6 → 7: one-way, split at 7 (its ends, shared with
    // way 104) and 6 (shared with way 111).
    EXPECT_EQ(countEdges(r, n7, n6), 1);
    EXPECT_EQ(countEdges(r, n6, n7), 1);  // the closing stretch 6 → 7
    const RoadEdge* round = findEdge(r, n7, n6);
    ASSERT_NE(round, nullptr);
    EXPECT_TRUE(round->oneway);
    EXPECT_EQ(round->shape_count, 3u);  // 7, 8, 6
    int roundabout_edges = 0;
    for (const auto& e : r.edges) roundabout_edges += e.way_id == 103;
    EXPECT_EQ(roundabout_edges, 2);
    // The unknown class is kept as drivable "other"; the footway is not an edge.
    EXPECT_EQ(countEdges(r, n5, n12), 1);
    EXPECT_EQ(countEdges(r, n2, n12), 0);
    // Attributes and geodesic length: 0.001° of longitude at 22.5°N ≈ 102.85 m.
    const RoadEdge* main = nullptr;
    for (const auto& e : r.edges)
        if (e.way_id == 100 && e.from == n2 && e.to == n3) main = &e;
    ASSERT_NE(main, nullptr);
    EXPECT_EQ(main->name, "Main Street");
    EXPECT_EQ(main->name_zh, "主街");
    EXPECT_EQ(main->lanes, 2);
    EXPECT_NEAR(main->maxspeed_kph, 48.28, 0.01);
    EXPECT_EQ(main->road_class, RoadClass::Residential);
    EXPECT_NEAR(main->length_m, 102.85, 0.05);
    (void)n13;

    // Strongly connected pruning keeps 1 2 3 4 6 7 and drops the one-way
    // dead end 9, the island 10-11, and 5-12-13, which can reach the rest
    // (5 → 3) but never be reached from it.
    RoadData pruned = r;
    const RoadComponentReport c = keepLargestStronglyConnected(pruned);
    EXPECT_TRUE(c.applied);
    EXPECT_EQ(c.nodes_before, 12u);
    EXPECT_EQ(c.edges_before, 22u);
    EXPECT_EQ(c.components, 4u);  // {1 2 3 4 6 7}, {9}, {10 11}, {5 12 13}
    EXPECT_EQ(pruned.nodes.size(), 6u);
    EXPECT_EQ(c.nodes_dropped, 6u);
    EXPECT_EQ(c.edges_dropped, 8u);
    EXPECT_EQ(pruned.edges.size(), 14u);
    for (const auto& n : pruned.nodes) {
        EXPECT_FALSE(std::abs(n.pos.lon - 114.003) < 1e-9 && std::abs(n.pos.lat - 22.5) < 1e-9) << "dead end kept";
        EXPECT_LT(n.pos.lat, 22.505) << "island kept";
    }
    for (const auto& e : pruned.edges) {
        ASSERT_LT(e.from, pruned.nodes.size());
        ASSERT_LT(e.to, pruned.nodes.size());
        EXPECT_EQ(pruned.shape[e.shape_begin].lon, pruned.nodes[e.from].pos.lon);
        EXPECT_EQ(pruned.shape[e.shape_begin + e.shape_count - 1].lat, pruned.nodes[e.to].pos.lat);
    }
}

TEST(OsmImport, TinyTownBuildingsPoisAndPolice) {
    ScratchDir dir;
    const OsmData d = readOsm(dir.write("tiny.osm", kTinyOsm));
    ASSERT_EQ(d.buildings.features.size(), 3u);
    EXPECT_EQ(d.buildings.kind, LayerKind::Buildings);
    for (const auto& b : d.buildings.features) {
        ASSERT_EQ(b.polygons.size(), 1u);
        EXPECT_EQ(b.polygons[0][0].size(), 5u);
        EXPECT_TRUE(b.has_label_anchor);
        if (b.id == 200) {
            EXPECT_EQ(b.height_source, HeightSource::Height);
            EXPECT_DOUBLE_EQ(b.height_m, 25.0);
        } else if (b.id == 201) {
            EXPECT_EQ(b.height_source, HeightSource::Levels);
            EXPECT_DOUBLE_EQ(b.height_m, 12.0);  // 4 levels × 3 m
            EXPECT_EQ(b.attributes.at("building"), "apartments");
        } else {
            EXPECT_EQ(b.id, 202);
            EXPECT_EQ(b.height_source, HeightSource::Default);
            EXPECT_DOUBLE_EQ(b.height_m, 10.0);
            EXPECT_EQ(b.label, "Hall");
        }
    }
    ASSERT_EQ(d.police.features.size(), 1u);
    EXPECT_EQ(d.police.kind, LayerKind::Police);
    EXPECT_EQ(d.police.features[0].id, 20);
    EXPECT_EQ(d.police.features[0].label, "测试派出所");  // name:zh first
    EXPECT_EQ(d.police.features[0].attributes.at("name"), "Test Police");
    ASSERT_EQ(d.pois.features.size(), 1u);
    EXPECT_EQ(d.pois.features[0].attributes.at("amenity"), "cafe");
    ASSERT_EQ(d.paths.features.size(), 1u);
    EXPECT_EQ(d.paths.features[0].id, 107);
    EXPECT_EQ(d.stats.buildings_with_height, 1u);
    EXPECT_EQ(d.stats.buildings_with_levels, 1u);
}

TEST(OsmImport, LoadMapPrunesAndReportsThroughTheManifest) {
    ScratchDir dir;
    dir.write("tiny.osm", kTinyOsm);
    const std::string manifest = dir.write("tiny.yaml",
                                           "name: tiny\n"
                                           "crs: auto\n"
                                           "speeds: {residential: 25, primary: 55}\n"
                                           "layers:\n"
                                           "  - name: town\n"
                                           "    type: osm\n"
                                           "    source: tiny.osm\n"
                                           "    style: {colour: \"#ffcc00\", width: 3}\n"
                                           "    buildings: {name: 建筑, style: {extrusion: {default_height_m: 7}}}\n"
                                           "    paths: false\n");
    LoadOptions o;
    o.data_dir = dir.path().string();
    o.cache = CacheMode::Off;
    const MapModel m = loadMap(manifest, o);
    EXPECT_EQ(m.crs, "EPSG:4547");
    EXPECT_EQ(m.roads.nodes.size(), 6u);
    EXPECT_EQ(m.roads.edges.size(), 14u);
    EXPECT_EQ(m.report.components.nodes_dropped, 6u);
    EXPECT_EQ(m.report.roads.unknown_highways.at("moonbeam").ways, 1u);
    EXPECT_EQ(m.roads_name, "town");
    EXPECT_EQ(m.roads_style.colour, (Rgba{255, 204, 0, 255}));
    EXPECT_EQ(m.roads_style.width_px, 3);
    for (const auto& e : m.roads.edges) {
        if (e.road_class == RoadClass::Residential) {
            EXPECT_EQ(e.speed_kph, 25);
        } else if (e.road_class == RoadClass::Primary) {
            EXPECT_EQ(e.speed_kph, 55);
        } else if (e.road_class == RoadClass::Tertiary) {
            EXPECT_EQ(e.speed_kph, 30);  // the default table
        }
        EXPECT_NE(e.road_class, RoadClass::Path);
    }
    std::vector<std::string> names;
    for (const auto& l : m.layers) names.push_back(l.name);
    EXPECT_EQ(names, (std::vector<std::string>{"建筑", "town-pois", "town-police"}));
    const VectorLayer& b = m.layers[0];
    EXPECT_EQ(b.style.draw_order, 300);
    ASSERT_TRUE(b.style.extrusion);
    for (const auto& f : b.features)
        if (f.id == 202) {
            EXPECT_DOUBLE_EQ(f.height_m, 7.0);
        }
    // Projected: x/y filled, in metres near CM 114E.
    EXPECT_NEAR(m.roads.nodes[0].pos.x, 500000, 1000);
}

TEST(OsmImport, LonggangExtract) {
    JINGWEI_REQUIRE_DATA("shenzhen/longgang.osm");
    const OsmData d = readOsm(test::dataFile("shenzhen/longgang.osm"));
    EXPECT_EQ(d.stats.highway_lines, 515u);
    EXPECT_EQ(d.highways.size(), 515u);
    // 135 closed building ways and 4 building multipolygon relations (the
    // fifth is incomplete in the extract); see docs/formats.md on the "271".
    EXPECT_EQ(d.buildings.features.size(), 139u);
    EXPECT_EQ(d.stats.buildings_with_levels, 8u);
    EXPECT_EQ(d.police.features.size(), 1u);
    std::size_t zh = 0;
    for (const auto& w : d.highways) zh += !w.name_zh.empty();
    EXPECT_GT(zh, 0u);
    RoadBuildReport rep;
    RoadData r = buildRoadGraph(d.highways, {}, &rep);
    EXPECT_EQ(rep.ways_used, 338u);
    EXPECT_EQ(rep.ways_not_drivable, 175u);
    EXPECT_EQ(rep.ways_not_roads, 2u);  // highway=construction
    EXPECT_TRUE(rep.unknown_highways.empty());
    EXPECT_EQ(r.nodes.size(), 554u);
    EXPECT_EQ(r.edges.size(), 1011u);
    const RoadComponentReport c = keepLargestStronglyConnected(r);
    EXPECT_EQ(c.nodes_dropped, 110u);
    EXPECT_EQ(c.edges_dropped, 135u);
    EXPECT_EQ(r.nodes.size(), 444u);
    EXPECT_EQ(r.edges.size(), 876u);
}

TEST(OsmImport, LiechtensteinPbf) {
    JINGWEI_REQUIRE_DATA("liechtenstein/liechtenstein-2015.osm.pbf");
    const OsmData d = readOsm(test::dataFile("liechtenstein/liechtenstein-2015.osm.pbf"));
    EXPECT_EQ(d.stats.highway_lines, 4658u);
    // building=* areas other than building=no: 8993 (the sample-data README's
    // 17,986 is exactly twice this; see docs/formats.md).
    EXPECT_EQ(d.buildings.features.size(), 8993u);
    EXPECT_EQ(d.police.features.size(), 1u);
    std::size_t maxspeed = 0, oneway = 0;
    for (const auto& w : d.highways) {
        maxspeed += w.maxspeed_kph > 0;
        oneway += !w.oneway.empty();
    }
    EXPECT_EQ(maxspeed, 337u);  // data README: maxspeed on 337
    EXPECT_EQ(oneway, 334u);    // and oneway on 334
}

TEST(OsmImport, AndorraPbf) {
    JINGWEI_REQUIRE_DATA("andorra/andorra.osm.pbf");
    const OsmData d = readOsm(test::dataFile("andorra/andorra.osm.pbf"));
    EXPECT_EQ(d.stats.highway_lines, 1614u);
    std::size_t maxspeed = 0, oneway = 0;
    for (const auto& w : d.highways) {
        maxspeed += w.maxspeed_kph > 0;
        oneway += !w.oneway.empty();
    }
    EXPECT_EQ(oneway, 388u);    // data README: oneway on 388
    EXPECT_EQ(maxspeed, 204u);  // and maxspeed on 204
}

TEST(OsmImport, TruncatedPbfIsAClearError) {
    JINGWEI_REQUIRE_DATA("liechtenstein/liechtenstein-2015.osm.pbf");
    ScratchDir dir;
    std::ifstream in(test::dataFile("liechtenstein/liechtenstein-2015.osm.pbf"), std::ios::binary);
    std::string bytes(600000, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    const std::string f = dir.write("truncated.osm.pbf", bytes);
    try {
        readOsm(f);
        FAIL() << "a truncated PBF must not import";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), f);
        EXPECT_EQ(e.where().rfind("byte ", 0), 0u) << e.what();
        EXPECT_NE(e.reason().find("truncated or corrupt"), std::string::npos) << e.what();
    }
}

TEST(OsmImport, TruncatedXmlNamesTheLine) {
    ScratchDir dir;
    const std::string text = kTinyOsm;
    const std::string f = dir.write("cut.osm", text.substr(0, text.find("<way id=\"103\">") + 20));
    try {
        readOsm(f);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), f);
        EXPECT_EQ(e.where().rfind("line ", 0), 0u) << e.what();
    }
}

TEST(OsmImport, OutOfRangeCoordinatesNameTheWay) {
    ScratchDir dir;
    std::string text = kTinyOsm;
    const std::string from = R"(<node id="9" lat="22.5000000" lon="114.0030000"/>)";
    text.replace(text.find(from), from.size(), R"(<node id="9" lat="22.5000000" lon="214.0030000"/>)");
    const std::string f = dir.write("bad.osm", text);
    try {
        readOsm(f);
        FAIL();
    } catch (const Error& e) {
        // GDAL's OSM driver rejects the node itself and names its coordinates.
        EXPECT_EQ(e.file(), f);
        EXPECT_NE(e.reason().find("lon=214.003"), std::string::npos) << e.what();
    }
}

TEST(OsmImport, UnsortedNodeIdsAreReadToo) {
    // GDAL's fast node index needs ascending ids; the import retries without it.
    ScratchDir dir;
    std::string text = kTinyOsm;
    const std::string n15 = "  <node id=\"15\" lat=\"22.5020000\" lon=\"114.0020000\"/>\n";
    text.erase(text.find(n15), n15.size());
    text.insert(text.find("  <node id=\"1\" "), n15);
    const OsmData d = readOsm(dir.write("unsorted.osm", text));
    EXPECT_EQ(buildRoadGraph(d.highways).nodes.size(), 12u);
}

TEST(OsmImport, MissingAndNonOsmFiles) {
    ScratchDir dir;
    EXPECT_THROW(readOsm(dir.file("nope.osm.pbf")), Error);
    const std::string g = dir.write("x.geojson", R"({"type":"FeatureCollection","features":[]})");
    try {
        readOsm(g);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), g);
    }
}
