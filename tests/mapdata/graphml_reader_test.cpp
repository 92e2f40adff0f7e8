#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "../test_support.h"
#include "core/error.h"
#include "mapdata/graphml_reader.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {
const char* kFutian = "shenzhen/futian-nanshan.graphml";

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

double haversine(const GeoPoint& a, const GeoPoint& b) {
    constexpr double R = 6371008.8, D = M_PI / 180.0;
    const double dlat = (b.lat - a.lat) * D, dlon = (b.lon - a.lon) * D;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.lat * D) * std::cos(b.lat * D) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * R * std::asin(std::sqrt(h));
}
}  // namespace

TEST(GraphML, FutianHasExactCounts) {
    JINGWEI_REQUIRE_DATA(kFutian);
    GraphMLStats st;
    const RoadData g = readGraphML(test::dataFile(kFutian), &st);
    EXPECT_EQ(g.nodes.size(), 1751u);
    EXPECT_EQ(g.edges.size(), 4009u);
    EXPECT_EQ(st.edges_with_geometry, 2065u);  // per the data README
    std::size_t with_lanes = 0, with_speed = 0;
    for (const auto& e : g.edges) {
        with_lanes += e.lanes > 0;
        with_speed += e.maxspeed_kph > 0;
    }
    EXPECT_EQ(with_lanes, 720u);
    EXPECT_EQ(with_speed, 28u);
}

TEST(GraphML, FutianNodesAndShapesAreInTheDocumentedExtent) {
    JINGWEI_REQUIRE_DATA(kFutian);
    const RoadData g = readGraphML(test::dataFile(kFutian));
    for (const auto& n : g.nodes) {
        EXPECT_GE(n.pos.lon, 113.99);
        EXPECT_LE(n.pos.lon, 114.05);
        EXPECT_GE(n.pos.lat, 22.51);
        EXPECT_LE(n.pos.lat, 22.56);
    }
    // The first node in the file (id 278659481) keeps its exact coordinates.
    EXPECT_EQ(g.nodes[0].source_id, 278659481);
    EXPECT_DOUBLE_EQ(g.nodes[0].pos.lon, 114.0397861);
    EXPECT_DOUBLE_EQ(g.nodes[0].pos.lat, 22.5444302);
}

TEST(GraphML, ShapesStartAndEndAtTheirNodesAndMatchTheLength) {
    JINGWEI_REQUIRE_DATA(kFutian);
    const RoadData g = readGraphML(test::dataFile(kFutian));
    std::size_t checked = 0;
    for (const auto& e : g.edges) {
        ASSERT_GE(e.shape_count, 2u);
        const GeoPoint& first = g.shape[e.shape_begin];
        const GeoPoint& last = g.shape[e.shape_begin + e.shape_count - 1];
        EXPECT_LT(haversine(first, g.nodes[e.from].pos), 0.5);
        EXPECT_LT(haversine(last, g.nodes[e.to].pos), 0.5);
        double len = 0;
        for (std::uint32_t i = 1; i < e.shape_count; ++i)
            len += haversine(g.shape[e.shape_begin + i - 1], g.shape[e.shape_begin + i]);
        // OSMnx computes `length` with the same great-circle formula.
        EXPECT_NEAR(len, e.length_m, 0.01 * e.length_m + 0.5);
        ++checked;
    }
    EXPECT_EQ(checked, 4009u);
}

TEST(GraphML, FutianRoadClassesAreAllKnown) {
    JINGWEI_REQUIRE_DATA(kFutian);
    GraphMLStats st;
    const RoadData g = readGraphML(test::dataFile(kFutian), &st);
    EXPECT_EQ(st.unknown_class_edges, 0u);
    // The file is OSMnx's "all" network: 2943 drivable edges (the figure the
    // response-ring peers were measured on) and 1066 footways, paths and steps.
    std::size_t drivable = 0, paths = 0;
    for (const auto& e : g.edges) {
        drivable += isDrivable(e.road_class);
        paths += e.road_class == RoadClass::Path;
    }
    EXPECT_EQ(drivable, 2943u);
    EXPECT_EQ(paths, 1066u);
    std::set<RoadClass> classes;
    for (const auto& e : g.edges) classes.insert(e.road_class);
    EXPECT_TRUE(classes.count(RoadClass::Primary));
    EXPECT_TRUE(classes.count(RoadClass::Secondary));
    EXPECT_TRUE(classes.count(RoadClass::Residential));
    std::size_t oneway = 0;
    for (const auto& e : g.edges) oneway += e.oneway;
    EXPECT_GT(oneway, 0u);
}

TEST(GraphML, MissingFileNamesTheFile) {
    try {
        readGraphML("/nonexistent/roads.graphml");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), "/nonexistent/roads.graphml");
        EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
    }
}

TEST(GraphML, TruncatedFileGivesTheLine) {
    JINGWEI_REQUIRE_DATA(kFutian);
    ScratchDir dir;
    const std::string whole = slurp(test::dataFile(kFutian));
    const std::string cut = dir.write("cut.graphml", whole.substr(0, whole.size() / 2));
    try {
        readGraphML(cut);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), cut);
        EXPECT_EQ(e.where().rfind("line ", 0), 0u) << e.what();
        EXPECT_NE(std::string(e.reason()).find("malformed XML"), std::string::npos);
    }
}

TEST(GraphML, BadContentIsReportedWithElementAndLine) {
    ScratchDir dir;
    const std::string head =
        "<?xml version='1.0'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        "<key id=\"x\" for=\"node\" attr.name=\"x\" attr.type=\"string\"/>\n"
        "<key id=\"y\" for=\"node\" attr.name=\"y\" attr.type=\"string\"/>\n"
        "<graph edgedefault=\"directed\">\n"
        "<node id=\"1\"><data key=\"x\">114.0</data><data key=\"y\">22.5</data></node>\n";
    {
        const std::string f = dir.write("dangling.graphml", head + "<edge source=\"1\" target=\"99\"/>\n</graph></graphml>\n");
        try {
            readGraphML(f);
            FAIL();
        } catch (const Error& e) {
            EXPECT_EQ(e.where(), "edge 1 (line 7)");
            EXPECT_NE(e.reason().find("'99'"), std::string::npos);
        }
    }
    {
        const std::string f = dir.write("nan.graphml", head +
            "<node id=\"2\"><data key=\"x\">nan</data><data key=\"y\">22.5</data></node>\n</graph></graphml>\n");
        try {
            readGraphML(f);
            FAIL();
        } catch (const Error& e) {
            EXPECT_EQ(e.where(), "node 2 (line 7)");
        }
    }
    {
        const std::string f = dir.write("range.graphml", head +
            "<node id=\"3\"><data key=\"x\">514.0</data><data key=\"y\">22.5</data></node>\n</graph></graphml>\n");
        EXPECT_THROW(readGraphML(f), Error);
    }
    {
        const std::string f = dir.write("notgraphml.graphml", "<?xml version='1.0'?><html/>");
        EXPECT_THROW(readGraphML(f), Error);
    }
}

TEST(GraphML, UndirectedGraphsGetBothDirections) {
    ScratchDir dir;
    const std::string f = dir.write("u.graphml",
        "<?xml version='1.0'?>\n<graphml>\n"
        "<key id=\"x\" for=\"node\" attr.name=\"x\"/><key id=\"y\" for=\"node\" attr.name=\"y\"/>\n"
        "<key id=\"h\" for=\"edge\" attr.name=\"highway\"/>\n"
        "<graph edgedefault=\"undirected\">\n"
        "<node id=\"a\"><data key=\"x\">114.0</data><data key=\"y\">22.5</data></node>\n"
        "<node id=\"b\"><data key=\"x\">114.001</data><data key=\"y\">22.5</data></node>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"h\">motorway_link</data></edge>\n"
        "</graph></graphml>\n");
    const RoadData g = readGraphML(f);
    ASSERT_EQ(g.edges.size(), 2u);
    EXPECT_EQ(g.edges[0].from, g.edges[1].to);
    EXPECT_EQ(g.edges[0].road_class, RoadClass::Motorway);
    // No length in the file: great-circle length, 0.001° of longitude at 22.5N.
    EXPECT_NEAR(g.edges[0].length_m, 102.8, 0.2);
    EXPECT_DOUBLE_EQ(g.edges[0].length_m, g.edges[1].length_m);
}
