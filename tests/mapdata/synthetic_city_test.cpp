#include "mapdata/synthetic_city.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>
#include <utility>
#include <vector>

#include "core/crs.h"
#include "core/error.h"
#include "network/components.h"
#include "network/road_graph.h"

namespace jingwei {
namespace {

bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool same(const GeoPoint& a, const GeoPoint& b) {
    return same(a.lon, b.lon) && same(a.lat, b.lat) && same(a.x, b.x) && same(a.y, b.y);
}

// Field-by-field, bit-for-bit comparison of two models.
void expectIdentical(const MapModel& a, const MapModel& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.crs, b.crs);
    EXPECT_EQ(a.synthetic, b.synthetic);
    ASSERT_EQ(a.roads.nodes.size(), b.roads.nodes.size());
    ASSERT_EQ(a.roads.edges.size(), b.roads.edges.size());
    ASSERT_EQ(a.roads.shape.size(), b.roads.shape.size());
    std::size_t bad = 0;
    for (std::size_t i = 0; i < a.roads.nodes.size(); ++i) {
        const RoadNode &x = a.roads.nodes[i], &y = b.roads.nodes[i];
        if (x.source_id != y.source_id || !same(x.pos, y.pos)) ++bad;
    }
    for (std::size_t i = 0; i < a.roads.edges.size(); ++i) {
        const RoadEdge &x = a.roads.edges[i], &y = b.roads.edges[i];
        if (x.from != y.from || x.to != y.to || !same(x.length_m, y.length_m) || x.road_class != y.road_class ||
            x.highway != y.highway || x.name != y.name || x.oneway != y.oneway || x.has_geometry != y.has_geometry ||
            x.lanes != y.lanes || !same(x.maxspeed_kph, y.maxspeed_kph) || x.shape_begin != y.shape_begin ||
            x.shape_count != y.shape_count)
            ++bad;
    }
    for (std::size_t i = 0; i < a.roads.shape.size(); ++i)
        if (!same(a.roads.shape[i], b.roads.shape[i])) ++bad;
    EXPECT_EQ(bad, 0u);
    ASSERT_EQ(a.layers.size(), b.layers.size());
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        const VectorLayer &x = a.layers[l], &y = b.layers[l];
        EXPECT_EQ(x.name, y.name);
        ASSERT_EQ(x.features.size(), y.features.size());
        for (std::size_t f = 0; f < x.features.size(); ++f) {
            const Feature &p = x.features[f], &q = y.features[f];
            EXPECT_EQ(p.label, q.label);
            EXPECT_EQ(p.attributes, q.attributes);
            EXPECT_TRUE(same(p.label_anchor, q.label_anchor));
            ASSERT_EQ(p.polygons.size(), q.polygons.size());
            for (std::size_t k = 0; k < p.polygons.size(); ++k) {
                ASSERT_EQ(p.polygons[k].size(), q.polygons[k].size());
                for (std::size_t r = 0; r < p.polygons[k].size(); ++r) {
                    ASSERT_EQ(p.polygons[k][r].size(), q.polygons[k][r].size());
                    for (std::size_t i = 0; i < p.polygons[k][r].size(); ++i)
                        EXPECT_TRUE(same(p.polygons[k][r][i], q.polygons[k][r][i]));
                }
            }
            ASSERT_EQ(p.lines.size(), q.lines.size());
            for (std::size_t k = 0; k < p.lines.size(); ++k) {
                ASSERT_EQ(p.lines[k].size(), q.lines[k].size());
                for (std::size_t i = 0; i < p.lines[k].size(); ++i) EXPECT_TRUE(same(p.lines[k][i], q.lines[k][i]));
            }
        }
    }
}

const VectorLayer* findLayer(const MapModel& m, const std::string& name) {
    for (const auto& l : m.layers)
        if (l.name == name) return &l;
    return nullptr;
}

const std::vector<GeoPoint>* riverCentreline(const MapModel& m) {
    const VectorLayer* river = findLayer(m, "river");
    if (!river) return nullptr;
    for (const auto& f : river->features)
        if (!f.lines.empty()) return &f.lines.front();
    return nullptr;
}

double orient(const GeoPoint& a, const GeoPoint& b, const GeoPoint& c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool segmentsIntersect(const GeoPoint& a, const GeoPoint& b, const GeoPoint& c, const GeoPoint& d) {
    if (std::max(a.x, b.x) < std::min(c.x, d.x) || std::max(c.x, d.x) < std::min(a.x, b.x) ||
        std::max(a.y, b.y) < std::min(c.y, d.y) || std::max(c.y, d.y) < std::min(a.y, b.y))
        return false;
    return orient(a, b, c) * orient(a, b, d) <= 0 && orient(c, d, a) * orient(c, d, b) <= 0;
}

// Edges whose shape touches the river centreline.
std::vector<std::size_t> crossingEdges(const MapModel& m) {
    const auto* river = riverCentreline(m);
    std::vector<std::size_t> out;
    if (!river) return out;
    Bounds rb;
    for (const auto& p : *river) rb.add(p.x, p.y);
    const auto& roads = m.roads;
    for (std::size_t e = 0; e < roads.edges.size(); ++e) {
        const RoadEdge& edge = roads.edges[e];
        const GeoPoint* s = roads.shape.data() + edge.shape_begin;
        bool hit = false;
        for (std::uint32_t i = 0; i + 1 < edge.shape_count && !hit; ++i)
            for (std::size_t k = 0; k + 1 < river->size() && !hit; ++k)
                hit = segmentsIntersect(s[i], s[i + 1], (*river)[k], (*river)[k + 1]);
        if (hit) out.push_back(e);
    }
    return out;
}

double polylineLength(const GeoPoint* p, std::size_t n) {
    double len = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) len += std::hypot(p[i + 1].x - p[i].x, p[i + 1].y - p[i].y);
    return len;
}

// The structural invariants every generated city must satisfy.
void checkCity(const SyntheticCityParams& params, const MapModel& m, bool check_river = true) {
    const RoadData& r = m.roads;
    EXPECT_TRUE(m.synthetic);
    EXPECT_EQ(m.name, "合成示例城市");
    EXPECT_EQ(m.crs, resolveCrsSpec(params.crs, {params.centre_lon, params.centre_lat}));
    ASSERT_GT(r.nodes.size(), 100u);
    ASSERT_GT(r.edges.size(), 100u);

    // Edges: valid ends, shapes start and end at the nodes, length = shape length.
    std::set<std::pair<std::uint32_t, std::uint32_t>> directed;
    for (std::size_t e = 0; e < r.edges.size(); ++e) {
        const RoadEdge& edge = r.edges[e];
        ASSERT_LT(edge.from, r.nodes.size());
        ASSERT_LT(edge.to, r.nodes.size());
        ASSERT_NE(edge.from, edge.to);
        ASSERT_GE(edge.shape_count, 2u);
        ASSERT_LE(std::size_t{edge.shape_begin} + edge.shape_count, r.shape.size());
        const GeoPoint* s = r.shape.data() + edge.shape_begin;
        EXPECT_TRUE(same(s[0], r.nodes[edge.from].pos)) << "edge " << e;
        EXPECT_TRUE(same(s[edge.shape_count - 1], r.nodes[edge.to].pos)) << "edge " << e;
        EXPECT_NEAR(edge.length_m, polylineLength(s, edge.shape_count), 1e-9 * edge.length_m) << "edge " << e;
        EXPECT_GT(edge.length_m, 0.5);
        EXPECT_EQ(edge.highway, roadClassKey(edge.road_class));
        EXPECT_TRUE(edge.has_geometry);
        directed.insert({edge.from, edge.to});
    }
    EXPECT_EQ(directed.size(), r.edges.size()) << "parallel edges";

    // Two-way streets: the reverse edge exists with the reversed shape; one-way ones have none.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> index;
    for (std::size_t e = 0; e < r.edges.size(); ++e) index[{r.edges[e].from, r.edges[e].to}] = e;
    std::size_t oneway_without_reverse = 0;
    for (std::size_t e = 0; e < r.edges.size(); ++e) {
        const RoadEdge& edge = r.edges[e];
        const auto it = index.find({edge.to, edge.from});
        if (edge.oneway) {
            EXPECT_EQ(it, index.end());
            ++oneway_without_reverse;
            continue;
        }
        ASSERT_NE(it, index.end()) << "edge " << e << " has no reverse";
        const RoadEdge& rev = r.edges[it->second];
        ASSERT_EQ(rev.shape_count, edge.shape_count);
        for (std::uint32_t i = 0; i < edge.shape_count; ++i)
            EXPECT_TRUE(same(r.shape[edge.shape_begin + i], r.shape[rev.shape_begin + edge.shape_count - 1 - i]));
        EXPECT_EQ(rev.road_class, edge.road_class);
    }
    if (params.oneway_pairs > 0) {
        EXPECT_GE(oneway_without_reverse, 2u);
    }

    // Every class of the hierarchy is there.
    std::set<RoadClass> classes;
    for (const auto& e : r.edges) classes.insert(e.road_class);
    std::set<RoadClass> expected_classes = {RoadClass::Primary, RoadClass::Tertiary, RoadClass::Residential};
    if (params.ring_roads >= 1) expected_classes.insert(RoadClass::Motorway);  // the outer ring
    if (params.ring_roads >= 2) expected_classes.insert(RoadClass::Trunk);     // inner rings
    if (params.alley_fraction > 0) expected_classes.insert(RoadClass::Service);
    // Secondary arterials alternate with primary ones, so a city needs room for two.
    if (std::max(params.blocks_x, params.blocks_y) / 2 >= params.arterial_every)
        expected_classes.insert(RoadClass::Secondary);
    EXPECT_EQ(classes, expected_classes);

    // The largest strongly connected component is nearly everything and holds
    // every ring and arterial node.
    const RoadGraph g(r);
    const ComponentMask scc = largestStronglyConnectedComponent(g);
    EXPECT_GE(static_cast<double>(scc.size), 0.95 * static_cast<double>(r.nodes.size()))
        << scc.size << " of " << r.nodes.size();
    std::size_t major_outside = 0;
    for (const auto& e : r.edges)
        if (e.road_class <= RoadClass::Secondary && (!scc.mask[e.from] || !scc.mask[e.to])) ++major_outside;
    EXPECT_EQ(major_outside, 0u);

    // Coordinates: finite, near the centre, and consistent with the CRS.
    const Projector proj(m.crs);
    const XY c = proj.forward({params.centre_lon, params.centre_lat});
    const double reach = std::hypot(params.blocks_x, params.blocks_y) * params.block_m / 2 + 2 * params.block_m;
    const double deg_lat = reach / 111000.0 + 0.01;
    const double deg_lon = deg_lat / std::cos(params.centre_lat * std::numbers::pi / 180.0);
    std::size_t far = 0;
    for (const auto& n : r.nodes) {
        ASSERT_TRUE(std::isfinite(n.pos.lon) && std::isfinite(n.pos.lat));
        if (std::hypot(n.pos.x - c.x, n.pos.y - c.y) > reach || std::abs(n.pos.lon - params.centre_lon) > deg_lon ||
            std::abs(n.pos.lat - params.centre_lat) > deg_lat)
            ++far;
    }
    for (const auto& p : r.shape) ASSERT_TRUE(std::isfinite(p.lon) && std::isfinite(p.lat) && std::isfinite(p.x));
    EXPECT_EQ(far, 0u);
    for (std::size_t i = 0; i < r.nodes.size(); i += 997) {
        const XY back = proj.forward({r.nodes[i].pos.lon, r.nodes[i].pos.lat});
        EXPECT_NEAR(back.x, r.nodes[i].pos.x, 1e-3);
        EXPECT_NEAR(back.y, r.nodes[i].pos.y, 1e-3);
    }

    // Layers: 4-6 labelled districts, and the river.
    const VectorLayer* districts = findLayer(m, "districts");
    ASSERT_NE(districts, nullptr);
    EXPECT_GE(districts->features.size(), 4u);
    EXPECT_LE(districts->features.size(), 6u);
    for (const auto& f : districts->features) {
        ASSERT_EQ(f.polygons.size(), 1u);
        ASSERT_GE(f.polygons[0].size(), 1u);
        EXPECT_GE(f.polygons[0][0].size(), 4u);
        EXPECT_EQ(f.label.rfind("合成示例 ", 0), 0u) << f.label;
        EXPECT_TRUE(f.has_label_anchor);
        EXPECT_TRUE(std::isfinite(f.label_anchor.lon) && std::isfinite(f.label_anchor.lat));
        for (const auto& p : f.polygons[0][0]) EXPECT_TRUE(std::isfinite(p.lon) && std::isfinite(p.lat));
    }
    const auto* river = riverCentreline(m);
    ASSERT_NE(river, nullptr);
    EXPECT_GE(river->size(), 10u);

    // River: the only roads that touch it are the bridges, two directions each.
    if (check_river) {
        const VectorLayer* water = findLayer(m, "river");
        const int built = std::stoi(water->features.back().attributes.at("bridges"));
        EXPECT_EQ(built, params.bridges);
        const auto crossing = crossingEdges(m);
        EXPECT_EQ(crossing.size(), 2u * static_cast<std::size_t>(params.bridges));
        for (std::size_t e : crossing) EXPECT_LE(r.edges[e].road_class, RoadClass::Secondary);
    }
}

TEST(SyntheticCity, DefaultCityHasTheHierarchyAndInvariants) {
    const SyntheticCityParams p;
    const MapModel m = generateSyntheticCity(p);
    checkCity(p, m);
    std::size_t bridges_on_rings = 0;
    for (std::size_t e : crossingEdges(m))
        if (m.roads.edges[e].road_class <= RoadClass::Trunk) ++bridges_on_rings;
    RecordProperty("edges", static_cast<int>(m.roads.edges.size()));
    RecordProperty("bridges_on_rings", static_cast<int>(bridges_on_rings / 2));
    // About 8 directed edges per block (the header's promise).
    const double per_block = static_cast<double>(m.roads.edges.size()) / (p.blocks_x * p.blocks_y);
    EXPECT_GT(per_block, 7.0);
    EXPECT_LT(per_block, 10.0);
}

TEST(SyntheticCity, SameSeedGivesIdenticalOutput) {
    SyntheticCityParams p;
    p.blocks_x = 30;
    p.blocks_y = 24;
    const MapModel a = generateSyntheticCity(p);
    const MapModel b = generateSyntheticCity(p);
    expectIdentical(a, b);
}

TEST(SyntheticCity, DifferentSeedGivesDifferentOutput) {
    SyntheticCityParams p;
    p.blocks_x = 30;
    p.blocks_y = 24;
    const MapModel a = generateSyntheticCity(p);
    p.seed += 1;
    const MapModel b = generateSyntheticCity(p);
    bool differ = a.roads.nodes.size() != b.roads.nodes.size() || a.roads.edges.size() != b.roads.edges.size();
    for (std::size_t i = 0; !differ && i < a.roads.nodes.size(); ++i)
        differ = !same(a.roads.nodes[i].pos, b.roads.nodes[i].pos);
    EXPECT_TRUE(differ);
}

TEST(SyntheticCity, InvariantsHoldAcrossSeedsAndSizes) {
    struct Case {
        std::uint64_t seed;
        int bx, by;
        double block_m;
        int collector_every, arterial_every, rings, bridges;
    };
    const Case cases[] = {
        {1, 20, 16, 100, 4, 8, 2, 3},   {2, 40, 25, 150, 3, 9, 3, 5},  {3, 25, 40, 80, 5, 10, 2, 2},
        {4, 64, 48, 120, 4, 12, 2, 6},  {5, 33, 33, 200, 2, 6, 4, 8},  {6, 18, 12, 110, 3, 6, 2, 1},
        {7, 50, 20, 120, 4, 12, 2, 4},  {8, 24, 60, 120, 4, 12, 2, 4},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(testing::Message() << "seed " << c.seed << " " << c.bx << "x" << c.by);
        SyntheticCityParams p;
        p.seed = c.seed;
        p.blocks_x = c.bx;
        p.blocks_y = c.by;
        p.block_m = c.block_m;
        p.collector_every = c.collector_every;
        p.arterial_every = c.arterial_every;
        p.ring_roads = c.rings;
        p.bridges = c.bridges;
        checkCity(p, generateSyntheticCity(p));
    }
}

TEST(SyntheticCity, OtherPlacesAndCrs) {
    SyntheticCityParams p;
    p.blocks_x = 20;
    p.blocks_y = 20;
    p.centre_lon = 116.40;  // Beijing: auto CRS = CGCS2000 3-degree GK, 117E
    p.centre_lat = 39.90;
    MapModel m = generateSyntheticCity(p);
    EXPECT_EQ(m.crs, "EPSG:4548");  // central meridian 117E
    checkCity(p, m);
    p.crs = "EPSG:32650";
    m = generateSyntheticCity(p);
    EXPECT_EQ(m.crs, "EPSG:32650");
    checkCity(p, m);
}

TEST(SyntheticCity, NoRingsNoBridgesNoPairs) {
    SyntheticCityParams p;
    p.blocks_x = 24;
    p.blocks_y = 24;
    p.ring_roads = 0;
    p.oneway_pairs = 0;
    p.alley_fraction = 0;
    p.bridges = 0;
    const MapModel m = generateSyntheticCity(p);
    EXPECT_TRUE(crossingEdges(m).empty());
    for (const auto& e : m.roads.edges) {
        EXPECT_FALSE(e.oneway);
        EXPECT_GT(e.road_class, RoadClass::Trunk);
        EXPECT_NE(e.road_class, RoadClass::Service);
    }
    // Without a bridge the river splits the city: the generator keeps both banks.
    const RoadGraph g(m.roads);
    EXPECT_EQ(weaklyConnectedComponents(g).count, 2u);
}

TEST(SyntheticCity, ProgressIsReportedAndCancelStops) {
    SyntheticCityParams p;
    p.blocks_x = 20;
    p.blocks_y = 20;
    std::vector<double> seen;
    Progress progress;
    progress.callback = [&](double f, std::string_view stage) {
        EXPECT_EQ(stage, "生成道路");
        seen.push_back(f);
        return true;
    };
    (void)generateSyntheticCity(p, progress);
    ASSERT_GE(seen.size(), 3u);
    EXPECT_EQ(seen.front(), 0.0);
    EXPECT_EQ(seen.back(), 1.0);
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);

    int calls = 0;
    progress.callback = [&](double, std::string_view) { return ++calls < 3; };
    EXPECT_THROW(generateSyntheticCity(p, progress), Cancelled);
}

TEST(SyntheticCity, BadParamsThrow) {
    auto expectBad = [](auto mutate) {
        SyntheticCityParams p;
        mutate(p);
        EXPECT_THROW(generateSyntheticCity(p), Error);
    };
    expectBad([](SyntheticCityParams& p) { p.blocks_x = 1; });
    expectBad([](SyntheticCityParams& p) { p.blocks_y = -5; });
    expectBad([](SyntheticCityParams& p) { p.blocks_x = p.blocks_y = 5000; });
    expectBad([](SyntheticCityParams& p) { p.block_m = 0; });
    expectBad([](SyntheticCityParams& p) { p.block_m = std::nan(""); });
    expectBad([](SyntheticCityParams& p) { p.collector_every = 0; });
    expectBad([](SyntheticCityParams& p) { p.arterial_every = 0; });
    expectBad([](SyntheticCityParams& p) { p.ring_roads = -1; });
    expectBad([](SyntheticCityParams& p) { p.bridges = -1; });
    expectBad([](SyntheticCityParams& p) { p.centre_lat = 95; });
    expectBad([](SyntheticCityParams& p) { p.crs = "EPSG:99999999"; });
}

// About 10^6 directed edges (350 × 350 blocks). Well under 20 s in Release.
TEST(SyntheticCity, MillionEdgeCity) {
    SyntheticCityParams p;
    p.blocks_x = 350;
    p.blocks_y = 350;
    p.bridges = 12;
    const auto t0 = std::chrono::steady_clock::now();
    const MapModel m = generateSyntheticCity(p);
    const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto t1 = std::chrono::steady_clock::now();
    const RoadGraph g(m.roads);
    const ComponentMask scc = largestStronglyConnectedComponent(g);
    const double graph_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    std::printf("[ synthetic ] 350x350 blocks: %zu nodes, %zu edges, %zu shape points; generate %.2f s, "
                "CSR + SCC %.2f s\n",
                m.roads.nodes.size(), m.roads.edges.size(), m.roads.shape.size(), gen_s, graph_s);
    RecordProperty("edges", static_cast<int>(m.roads.edges.size()));
    RecordProperty("generate_ms", static_cast<int>(gen_s * 1000));
    EXPECT_GE(m.roads.edges.size(), 900000u);
    EXPECT_LE(m.roads.edges.size(), 1200000u);
    EXPECT_GE(static_cast<double>(scc.size), 0.95 * static_cast<double>(m.roads.nodes.size()));
    const VectorLayer* water = findLayer(m, "river");
    ASSERT_NE(water, nullptr);
    EXPECT_EQ(water->features.back().attributes.at("bridges"), "12");
}

}  // namespace
}  // namespace jingwei
