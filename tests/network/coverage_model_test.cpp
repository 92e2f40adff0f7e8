// The live coverage model: incremental updates equal a rebuild from scratch;
// statistics, gaps and responsibility areas hold together.
#include "network/coverage_model.h"

#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "coverage_test_support.h"

namespace jingwei {
namespace {

std::vector<UnitInput> randomUnits(const TravelGraph& g, std::uint64_t seed, int n) {
    std::mt19937_64 rng(seed);
    std::vector<UnitInput> out;
    for (int i = 0; i < n; ++i) {
        UnitInput u;
        u.id = "U";
        u.id += std::to_string(i);
        u.name = "单位";
        u.name += std::to_string(i);
        u.pos = test::randomNear(g, rng, 30);
        out.push_back(std::move(u));
    }
    return out;
}

std::shared_ptr<const TravelGraph> mapGraph(bool futian) { return futian ? test::futianGraph() : test::syntheticGraph(); }

void expectSameResults(const CoverageModel& a, const CoverageModel& b) {
    EXPECT_EQ(a.field().time_ms, b.field().time_ms);
    EXPECT_EQ(a.field().owner, b.field().owner);
    EXPECT_TRUE(a.bands() == b.bands());
    ASSERT_EQ(a.rings().size(), b.rings().size());
    for (std::size_t k = 0; k < a.rings().size(); ++k) EXPECT_EQ(toWkt(a.rings()[k].polygons), toWkt(b.rings()[k].polygons));
    EXPECT_EQ(toWkt(a.gaps()), toWkt(b.gaps()));
    ASSERT_EQ(a.stats().bands.size(), b.stats().bands.size());
    for (std::size_t k = 0; k < a.stats().bands.size(); ++k) {
        EXPECT_DOUBLE_EQ(a.stats().bands[k].road_m, b.stats().bands[k].road_m);
        EXPECT_DOUBLE_EQ(a.stats().bands[k].area_m2, b.stats().bands[k].area_m2);
    }
    EXPECT_DOUBLE_EQ(a.stats().gap_area_m2, b.stats().gap_area_m2);
}

void dragEqualsFromScratch(bool futian) {
    const auto g = mapGraph(futian);
    std::vector<UnitInput> units = randomUnits(*g, 31, 30);
    CoverageModel live(g);
    live.setUnits(units);
    live.update();
    EXPECT_TRUE(live.lastUpdate().full);
    std::mt19937_64 rng(32);
    // Drag unit 7 along a path of small steps, then jump, then onto another
    // unit's exact spot (a tie), updating after every step.
    XY p = units[7].pos;
    for (int step = 0; step < 12; ++step) {
        p = {p.x + 40, p.y - 25};
        live.moveUnit(7, p);
        live.update();
        EXPECT_FALSE(live.lastUpdate().full);
    }
    live.moveUnit(7, test::randomNear(*g, rng, 10));
    live.update();
    live.moveUnit(12, units[3].pos);
    live.update();
    units[7].pos = live.unit(7).input.pos;
    units[12].pos = units[3].pos;

    CoverageModel scratch(g);
    scratch.setUnits(units);
    scratch.update();
    expectSameResults(live, scratch);
    // The field is the multi-source field of the final positions.
    std::vector<Snap> snaps;
    for (UnitKey k = 0; k < units.size(); ++k) snaps.push_back(live.unit(k).snap);
    const CoverageField f = computeCoverageField(*g, snaps, live.limitsMs().back(), 1);
    EXPECT_EQ(f.time_ms, live.field().time_ms);
    EXPECT_EQ(f.owner, live.field().owner);
    // The standalone road statistics agree with the model's.
    const std::vector<Millis> limits(live.limitsMs().begin(), live.limitsMs().end());
    for (int threads : {1, 2}) {
        const std::vector<double> road = reachedRoadLengthM(*g, f, snaps, limits, threads);
        for (std::size_t k = 0; k < limits.size(); ++k)
            EXPECT_NEAR(road[k], live.stats().bands[k].road_m, 1e-6 * road[k]);
    }
}

TEST(CoverageModel, FutianDragEqualsFromScratch) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    dragEqualsFromScratch(true);
}

TEST(CoverageModel, SyntheticDragEqualsFromScratch) { dragEqualsFromScratch(false); }

TEST(CoverageModel, AddAndRemoveEqualFromScratch) {
    const auto g = mapGraph(false);
    const std::vector<UnitInput> units = randomUnits(*g, 33, 12);
    CoverageModel live(g);
    for (int i = 0; i < 8; ++i) live.addUnit(units[static_cast<std::size_t>(i)]);
    live.update();
    live.removeUnit(2);
    live.update();
    for (int i = 8; i < 12; ++i) {
        live.addUnit(units[static_cast<std::size_t>(i)]);
        live.update();
    }
    live.removeUnit(9);
    live.moveUnit(5, units[2].pos);
    live.update();

    std::vector<UnitInput> final_units = units;
    final_units[5].pos = units[2].pos;
    CoverageModel scratch(g);
    scratch.setUnits(final_units);
    scratch.removeUnit(2);
    scratch.removeUnit(9);
    scratch.update();
    expectSameResults(live, scratch);
    EXPECT_EQ(live.activeUnits().size(), 10u);
    EXPECT_THROW(live.moveUnit(2, {0, 0}), Error);
    EXPECT_THROW(live.removeUnit(99), Error);
}

TEST(CoverageModel, StatisticsGapsAndValidity) {
    JINGWEI_REQUIRE_DATA(test::kFutian);
    const auto g = mapGraph(true);
    CoverageModel m(g);
    m.setUnits(randomUnits(*g, 34, 6));
    m.update();
    const CoverageStats& s = m.stats();
    ASSERT_EQ(s.bands.size(), 3u);
    EXPECT_NEAR(s.road_total_m, g->drivableLengthM(), 1e-6);
    for (std::size_t k = 0; k < 3; ++k) {
        const BandStats& b = s.bands[k];
        EXPECT_GT(b.road_share, 0);
        EXPECT_LE(b.road_share, 1);
        EXPECT_GT(b.area_share, 0);
        EXPECT_LE(b.area_share, 1);
        if (k > 0) {
            EXPECT_GE(b.road_m, s.bands[k - 1].road_m);
            EXPECT_GE(b.area_m2, s.bands[k - 1].area_m2);
        }
        std::string why;
        EXPECT_TRUE(isValid(m.rings()[k].polygons, &why)) << why;
        if (k > 0) {
            EXPECT_TRUE(containsAll(m.rings()[k].polygons, m.rings()[k - 1].polygons));
        }
    }
    // Gaps: valid, disjoint from the 5-minute ring, and with it they tile the
    // area of interest (the network buffered by the reach).
    std::string why;
    EXPECT_TRUE(isValid(m.gaps(), &why)) << why;
    EXPECT_GT(m.gaps().size(), 0u);
    EXPECT_NEAR(area(m.gaps()), s.gap_area_m2, 1e-3);
    EXPECT_NEAR(area(m.gaps()) - differenceArea(m.gaps(), m.rings()[2].polygons), 0.0, 1e-3);
    EXPECT_NEAR(s.gap_area_m2 + s.bands[2].area_m2, s.aoi_area_m2, 1e-3);
    EXPECT_EQ(s.units_on_network, 6u);
    // The same gaps from GDALPolygonize.
    CoverageParams gp;
    gp.rings.polygonizer = Polygonizer::Gdal;
    CoverageModel mg(g, gp);
    mg.setUnits(randomUnits(*g, 34, 6));
    mg.update();
    EXPECT_NEAR(differenceArea(m.gaps(), mg.gaps()), 0.0, 1e-3);
    EXPECT_NEAR(differenceArea(mg.gaps(), m.gaps()), 0.0, 1e-3);
}

TEST(CoverageModel, AnnuliTileTheOuterRing) {
    const auto g = mapGraph(false);
    CoverageModel m(g);
    m.setUnits(randomUnits(*g, 39, 4));
    m.update();
    double sum = 0;
    for (std::size_t k = 0; k < 3; ++k) {
        const MultiPolygon a = m.bandAnnulus(k);
        std::string why;
        EXPECT_TRUE(isValid(a, &why)) << why;
        sum += area(a);
        if (k > 0) {
            EXPECT_NEAR(area(a) - differenceArea(a, m.rings()[k - 1].polygons), 0.0, 1e-3);  // disjoint from the inner ring
        }
    }
    EXPECT_NEAR(sum, m.rings()[2].area_m2, 1e-3);
    EXPECT_THROW(m.bandAnnulus(3), Error);
}

TEST(CoverageModel, CancelledUpdateIsRedoneAndUnchangedUpdateIsFree) {
    const auto g = mapGraph(false);
    const std::vector<UnitInput> units = randomUnits(*g, 40, 6);
    CoverageModel m(g);
    m.setUnits(units);
    m.update();
    m.moveUnit(2, units[4].pos);
    int calls = 0;
    Progress cancel{[&](double, std::string_view) { return ++calls < 3; }};
    EXPECT_THROW(m.update(cancel), Cancelled);
    m.update();
    EXPECT_TRUE(m.lastUpdate().full);
    CoverageModel scratch(g);
    std::vector<UnitInput> moved = units;
    moved[2].pos = units[4].pos;
    scratch.setUnits(moved);
    scratch.update();
    expectSameResults(m, scratch);
    m.update();  // nothing changed
    EXPECT_EQ(m.lastUpdate().nodes_changed, 0u);
    EXPECT_FALSE(m.lastUpdate().full);
}

TEST(CoverageModel, EmptyMapDoesNotCrash) {
    auto g = std::make_shared<const TravelGraph>(RoadData{});
    CoverageModel m(g);
    const UnitKey k = m.addUnit({"A", "", {100, 100}});
    m.update();
    EXPECT_FALSE(m.unit(k).snap.on_network);
    EXPECT_TRUE(m.gaps().empty());
    for (const Ring& r : m.rings()) EXPECT_TRUE(r.polygons.empty());
    EXPECT_EQ(m.stats().units_off_network, 1u);
    EXPECT_TRUE(m.responsibility(true).size() == 1u);
    EXPECT_TRUE(m.unitRings(k).rings[0].polygons.empty());
}

TEST(CoverageModel, FullCoverageLeavesNoGaps) {
    const auto g = mapGraph(false);
    CoverageParams p;
    p.rings.minutes = {60};
    CoverageModel m(g, p);
    m.setUnits(randomUnits(*g, 35, 5));
    m.update();
    EXPECT_TRUE(m.gaps().empty()) << m.gaps().size() << " gaps, " << m.stats().gap_area_m2 << " m²";
    EXPECT_NEAR(m.stats().bands[0].road_share, 1.0, 1e-9);
    EXPECT_NEAR(m.stats().bands[0].area_share, 1.0, 1e-12);
}

TEST(CoverageModel, ResponsibilityPartitionsTheReachedNetwork) {
    const auto g = mapGraph(false);
    CoverageModel m(g);
    m.setUnits(randomUnits(*g, 36, 8));
    m.update();
    const std::vector<UnitResponsibility> resp = m.responsibility(true);
    ASSERT_EQ(resp.size(), 8u);
    double road = 0, area_sum = 0;
    std::vector<std::vector<std::pair<double, double>>> per_link(g->linkCount());
    for (const UnitResponsibility& r : resp) {
        road += r.road_m;
        area_sum += r.area_m2;
        std::string why;
        EXPECT_TRUE(isValid(r.area, &why)) << why;
        for (const LinkPart& part : r.parts) {
            EXPECT_LT(part.s0, part.s1);
            per_link[part.link].emplace_back(part.s0, part.s1);
        }
        // A unit's own position is its own.
        const Snap& s = m.unit(r.unit).snap;
        bool own = false;
        for (const LinkPart& part : r.parts)
            if (part.link == s.link && part.s0 <= s.fraction + 1e-9 && s.fraction <= part.s1 + 1e-9) own = true;
        EXPECT_TRUE(own) << "unit " << r.unit;
    }
    EXPECT_NEAR(road, m.stats().bands.back().road_m, 1e-6 * road);
    // Parts of different units never overlap.
    for (auto& v : per_link) {
        std::sort(v.begin(), v.end());
        for (std::size_t i = 1; i < v.size(); ++i) EXPECT_LE(v[i - 1].second, v[i].first + 1e-9);
    }
    // The areas partition the 5-minute ring (same raster).
    EXPECT_NEAR(area_sum, m.stats().bands.back().area_m2 + 0 * area(m.rings().back().polygons),
                m.stats().bands.back().area_m2 * 0.02);
    // Nodes: the owner in the field owns a part at that node.
    for (NodeId v = 0; v < g->nodeCount(); ++v) {
        if (m.field().owner[v] == kNoId) continue;
        EXPECT_LT(m.field().owner[v], 8u);
    }
}

TEST(CoverageModel, IncidentsAndOffNetworkUnits) {
    const auto g = mapGraph(false);
    CoverageModel m(g);
    std::vector<UnitInput> units = randomUnits(*g, 37, 4);
    const Bounds b = g->bounds();
    units.push_back({"far", "远处", {b.max_x + 3000, b.max_y + 3000}});
    m.setUnits(units);
    std::vector<XY> incidents;
    for (int i = 0; i < 4; ++i) incidents.push_back(units[static_cast<std::size_t>(i)].pos);
    incidents.push_back({b.max_x + 5000, b.min_y - 5000});
    m.setIncidents(incidents);
    m.update();
    EXPECT_FALSE(m.unit(4).snap.on_network);
    EXPECT_EQ(m.stats().units_off_network, 1u);
    EXPECT_EQ(m.stats().units_on_network, 4u);
    const std::vector<int> bands = m.incidentBands();
    ASSERT_EQ(bands.size(), 5u);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(bands[static_cast<std::size_t>(i)], 0);
    EXPECT_EQ(bands[4], -1);
    EXPECT_EQ(m.stats().incident_total, 5u);
    EXPECT_EQ(m.stats().bands[0].incidents, 4u);
    EXPECT_NEAR(m.stats().bands[2].incident_share, 0.8, 1e-12);
    // Moving the far unit onto the network covers it.
    m.moveUnit(4, g->pointAt(0, 0.5));
    m.update();
    EXPECT_TRUE(m.unit(4).snap.on_network);
    EXPECT_EQ(m.stats().units_off_network, 0u);
}

TEST(CoverageModel, BoundaryPolygonIsTheAreaOfInterest) {
    const auto g = mapGraph(false);
    const Bounds b = g->bounds();
    CoverageParams p;
    const double x0 = b.centerX() - 1000, x1 = b.centerX() + 1000, y0 = b.centerY() - 800, y1 = b.centerY() + 800;
    p.boundary = {Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
    CoverageModel m(g, p);
    m.setUnits(randomUnits(*g, 38, 3));
    m.update();
    EXPECT_NEAR(m.stats().aoi_area_m2, 2000.0 * 1600.0, 2000.0 * 1600.0 * 0.01);
    EXPECT_NEAR(m.stats().gap_area_m2 + m.stats().bands[2].area_share * m.stats().aoi_area_m2, m.stats().aoi_area_m2, 1e-3);
    CoverageParams bad;
    bad.boundary = {Polygon{{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}, {}}};  // a bow tie
    EXPECT_THROW(CoverageModel(g, bad), Error);
}

}  // namespace
}  // namespace jingwei
