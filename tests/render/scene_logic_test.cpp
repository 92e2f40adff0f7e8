// Render-side logic that needs no GL: the draped terrain surface, feature
// picking, road-label decluttering, camera flights, the scene's layer and
// overlay API (a MapScene builds its OSG graph without a context).
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive in std::string (bug 105329)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include <osg/Group>

#include "core/crs.h"
#include "mapdata/synthetic_city.h"
#include "render/building_mesh.h"
#include "render/feature_pick.h"
#include "render/label_placement.h"
#include "render/map_scene.h"
#include "render/overlay_layer.h"
#include "render/terrain_surface.h"

namespace jingwei {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A terrain in map metres: nx × ny cells of `cell` m, north-west corner at (x0, y0).
Terrain makeTerrain(int nx, int ny, double cell, double x0, double y0, const std::function<double(double, double)>& f) {
    Terrain t;
    t.name = "dem";
    t.crs = "EPSG:32631";
    t.width = nx;
    t.height = ny;
    t.geotransform = {x0, cell, 0, y0, 0, -cell};
    t.elevation_m.resize(std::size_t(nx) * ny);
    for (int r = 0; r < ny; ++r)
        for (int c = 0; c < nx; ++c) {
            const XY p = t.cellCentre(c, r);
            t.elevation_m[std::size_t(r) * nx + c] = float(f(p.x, p.y));
        }
    t.updateMinMax();
    return t;
}

TEST(TerrainSurface, VerticesInterpolationAndExaggeration) {
    MapModel m;
    m.crs = "EPSG:32631";
    // A tilted plane z = 100 + 0.1 x - 0.05 y (exact under any triangulation).
    m.terrains.push_back(makeTerrain(50, 40, 30, 1000, 5000, [](double x, double y) { return 100 + 0.1 * (x - 1000) - 0.05 * (y - 5000); }));
    const TerrainSurface s = TerrainSurface::build(m, 2.0, Bounds{});
    ASSERT_EQ(s.grids().size(), 1u);
    const TerrainGrid& g = s.grids()[0];
    EXPECT_EQ(g.nx, 50);
    EXPECT_EQ(g.ny, 40);
    EXPECT_EQ(g.stride, 1);
    EXPECT_DOUBLE_EQ(s.drapeStep(), 15.0);
    for (const auto& [x, y] : {std::pair{1100.0, 4900.0}, std::pair{1333.3, 4567.8}, std::pair{2400.0, 3900.0}}) {
        const double want = 100 + 0.1 * (x - 1000) - 0.05 * (y - 5000);
        EXPECT_NEAR(s.elevation(x, y), want, 1e-3);
        EXPECT_NEAR(s.z(x, y), 2 * want, 2e-3);
    }
    // Outside the grid: no elevation, drawn at 0.
    EXPECT_TRUE(std::isnan(s.elevation(0, 0)));
    EXPECT_EQ(s.z(0, 0), 0.0);
    // Draped lines get a point every drapeStep and the surface's heights.
    const auto d = s.drape({XY{1100, 4900}, XY{1400, 4900}});
    EXPECT_EQ(d.size(), 21u);
    for (const auto& p : d) EXPECT_NEAR(p.z(), s.z(p.x(), p.y()), 1e-6);
    // A ray straight down lands on the surface.
    const auto hit = s.intersectRay(osg::Vec3d(1200, 4800, 5000), osg::Vec3d(0, 0, -1));
    ASSERT_TRUE(hit);
    EXPECT_NEAR(hit->z(), s.z(1200, 4800), 0.01);
    // An oblique one too.
    osg::Vec3d dir(0.6, 0.0, -0.8);
    const auto hit2 = s.intersectRay(osg::Vec3d(1100, 4600, 3000), dir);
    ASSERT_TRUE(hit2);
    EXPECT_NEAR(hit2->z(), s.z(hit2->x(), hit2->y()), 0.05);
}

TEST(TerrainSurface, MeshFollowsItsOwnDiagonalSplit) {
    MapModel m;
    m.crs = "EPSG:32631";
    // A single bump: the mesh surface is linear inside each triangle.
    m.terrains.push_back(makeTerrain(3, 3, 100, 0, 300, [](double x, double y) { return (x == 150 && y == 150) ? 90.0 : 0.0; }));
    const TerrainSurface s = TerrainSurface::build(m, 1.0, Bounds{});
    const TerrainGrid& g = s.grids()[0];
    // Vertices at cell centres 50, 150, 250; the bump at (150, 150).
    EXPECT_NEAR(s.elevation(150, 150), 90, 1e-9);
    // On the (i,j)-(i+1,j+1) diagonal from (50, 250) to (150, 150): linear.
    EXPECT_NEAR(s.elevation(100, 200), 45, 1e-9);
    // Across the other diagonal (from (150, 250) to (50, 150)) the mesh is
    // NOT bilinear: midpoint of two zero vertices lies in triangles sharing the bump.
    EXPECT_NEAR(g.elevationAt(100, 200), 45, 1e-9);
    EXPECT_NEAR(s.elevation(75, 225), 22.5, 1e-9);
}

TEST(TerrainSurface, FillsVoidsButNotTheSea) {
    MapModel m;
    m.crs = "EPSG:32631";
    // 40 × 40 cells at 500 m, a 3 × 3 void in the middle and sea (no data)
    // along the whole west edge.
    m.terrains.push_back(makeTerrain(40, 40, 10, 0, 400, [](double x, double y) {
        if (x < 55) return kNaN;                                // sea: touches the edge
        if (x > 195 && x < 225 && y > 195 && y < 225) return kNaN;  // a void
        return 300.0;
    }));
    const TerrainSurface s = TerrainSurface::build(m, 1.0, Bounds{});
    EXPECT_NEAR(s.elevation(210, 210), 300, 1e-3);   // filled
    EXPECT_TRUE(std::isnan(s.elevation(20, 210)));   // still sea
}

TEST(TerrainSurface, CropAndStrideKeepTheBudget) {
    MapModel m;
    m.crs = "EPSG:32631";
    m.terrains.push_back(makeTerrain(400, 300, 10, 0, 3000, [](double x, double) { return x * 0.01; }));
    const TerrainSurface full = TerrainSurface::build(m, 1.0, Bounds{}, 10000);
    ASSERT_EQ(full.grids().size(), 1u);
    const TerrainGrid& g = full.grids()[0];
    EXPECT_LE(std::size_t(g.nx) * g.ny, 10000u);
    EXPECT_GE(g.stride, 4);
    EXPECT_DOUBLE_EQ(g.dx, 10.0 * g.stride);
    Bounds area;
    area.add(1000, 1000);
    area.add(1500, 1400);
    const TerrainSurface crop = TerrainSurface::build(m, 1.0, area, 10000);
    const TerrainGrid& c = crop.grids()[0];
    EXPECT_EQ(c.stride, 1);
    EXPECT_LE(c.vx(0), 1000.0);
    EXPECT_GE(c.vx(c.nx - 1), 1500.0);
    EXPECT_LT(c.nx, 60);
}

// ---------------------------------------------------------------- picking

GeoPoint gp(double x, double y) { return GeoPoint{0, 0, x, y}; }

MapModel pickMap() {
    MapModel m;
    m.crs = "EPSG:32631";
    // A road along y = 0 from x = -500 to 500.
    m.roads.nodes = {RoadNode{1, gp(-500, 0)}, RoadNode{2, gp(500, 0)}};
    RoadEdge e;
    e.from = 0;
    e.to = 1;
    e.road_class = RoadClass::Primary;
    e.name = "Main St";
    e.name_zh = "主街";
    e.shape_begin = 0;
    e.shape_count = 2;
    e.length_m = 1000;
    m.roads.shape = {gp(-500, 0), gp(500, 0)};
    m.roads.edges.push_back(e);
    // A district covering everything, a building, a POI.
    VectorLayer d;
    d.name = "districts";
    Feature df;
    df.label = "测试区";
    df.polygons.push_back({{gp(-600, -600), gp(600, -600), gp(600, 600), gp(-600, 600), gp(-600, -600)}});
    d.features.push_back(df);
    m.layers.push_back(d);
    VectorLayer b;
    b.name = "buildings";
    b.kind = LayerKind::Buildings;
    b.style.extrusion = Extrusion{};
    Feature bf;
    bf.id = 42;
    bf.height_m = 200;
    bf.height_source = HeightSource::Height;
    bf.polygons.push_back({{gp(100, 100), gp(200, 100), gp(200, 200), gp(100, 200), gp(100, 100)}});
    b.features.push_back(bf);
    m.layers.push_back(b);
    VectorLayer p;
    p.name = "pois";
    p.kind = LayerKind::Pois;
    Feature pf;
    pf.points.push_back(gp(-300, 300));
    pf.attributes["name"] = "Café";
    p.features.push_back(pf);
    m.layers.push_back(p);
    return m;
}

TEST(FeaturePick, PointsBuildingsRoadsAreas2D) {
    const MapModel m = pickMap();
    CameraPose pose;
    pose.range_m = 2000;
    const MapCamera cam(pose, 1000, 800);
    auto at = [&](double x, double y) { return *cam.groundToScreen(x, y); };
    auto pick = [&](ScreenPoint s) { return pickFeature(m, cam, s); };
    // The POI, within a few pixels.
    auto r = pick(ScreenPoint{at(-300, 300).x + 4, at(-300, 300).y - 3});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, FeatureRef::Kind::Feature);
    EXPECT_EQ(r->layer, 2u);
    // The building's footprint.
    r = pick(at(150, 150));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->layer, 1u);
    EXPECT_EQ(r->index, 0u);
    // Near the road (5 px off it).
    r = pick(ScreenPoint{at(0, 0).x, at(0, 0).y + 5});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, FeatureRef::Kind::Road);
    EXPECT_EQ(r->index, 0u);
    // Elsewhere inside the district.
    r = pick(at(-300, -300));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->layer, 0u);
    // Outside everything.
    EXPECT_FALSE(pick(at(900, 900)));
    // Layers that are hidden are not picked.
    PickParams only_roads;
    only_roads.pickable = [](int layer) { return layer == -1; };
    EXPECT_FALSE(pickFeature(m, cam, at(150, 150), only_roads));

    // What the attribute panel says.
    const FeatureInfo road = describeFeature(m, FeatureRef{FeatureRef::Kind::Road, 0, 0}, true);
    EXPECT_EQ(road.title, "主街");
    const FeatureInfo road_en = describeFeature(m, FeatureRef{FeatureRef::Kind::Road, 0, 0}, false);
    EXPECT_EQ(road_en.title, "Main St");
    const FeatureInfo bld = describeFeature(m, FeatureRef{FeatureRef::Kind::Feature, 1, 0}, true);
    EXPECT_EQ(bld.layer, "buildings");
    EXPECT_EQ(bld.title, "#42");
    bool height = false;
    for (const auto& [k, v] : bld.rows) height = height || (k == "高度" && v.rfind("200.0 m", 0) == 0);
    EXPECT_TRUE(height);
    const Bounds bb = featureBounds(m, FeatureRef{FeatureRef::Kind::Feature, 1, 0});
    EXPECT_DOUBLE_EQ(bb.min_x, 100);
    EXPECT_DOUBLE_EQ(bb.max_y, 200);
}

TEST(FeaturePick, TallBuildingIsPickedByItsRoofIn3D) {
    const MapModel m = pickMap();
    CameraPose pose;
    pose.x = 150;
    pose.y = -600;
    pose.range_m = 1200;
    pose.tilt_deg = 60;
    pose.view3d = true;
    const MapCamera cam(pose, 1000, 800);
    // The roof (200 m up) projects far above the footprint.
    const auto roof = cam.groundToScreen(150, 150, 200);
    const auto foot = cam.groundToScreen(150, 150, 0);
    ASSERT_TRUE(roof && foot);
    EXPECT_LT(roof->y, foot->y - 50);
    const auto r = pickFeature(m, cam, *roof);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->layer, 1u);
    // A wall, half-way up.
    const auto wall = cam.groundToScreen(150, 100, 100);
    const auto rw = pickFeature(m, cam, *wall);
    ASSERT_TRUE(rw);
    EXPECT_EQ(rw->layer, 1u);
}

// ---------------------------------------------------------------- road labels

TEST(RoadLabels, DeclutteredInsideTheViewAndClearOfKeepOuts) {
    SyntheticCityParams p;
    p.blocks_x = 30;
    p.blocks_y = 24;
    const MapModel m = generateSyntheticCity(p);
    const Bounds b = m.roads.boundsXY();
    for (bool view3d : {false, true}) {
        CameraPose pose = fitBounds(b, 1600, 900, view3d);
        pose.range_m *= 0.5;
        pose.heading_deg = 25;
        const MapCamera cam(pose, 1600, 900);
        RoadLabelParams rp;
        rp.label_px = 20;
        rp.max_labels = 30;
        rp.keep_out = {ScreenRect{0, 0, 400, 300}};
        rp.occupied = {ScreenRect{700, 400, 900, 480}};
        const auto labels = placeRoadLabels(m, cam, rp);
        EXPECT_GE(labels.size(), 8u) << (view3d ? "3D" : "2D");
        EXPECT_LE(labels.size(), 30u);
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const auto& a = labels[i];
            EXPECT_FALSE(a.text.empty());
            EXPECT_EQ(a.text, roadDisplayName(m.roads.edges[a.edge], true));
            EXPECT_GT(a.angle_rad, -1.5708 - 1e-9);
            EXPECT_LE(a.angle_rad, 1.5708 + 1e-9);
            for (const auto& c : a.corners) {
                EXPECT_GE(c.x, 0);
                EXPECT_GE(c.y, 0);
                EXPECT_LE(c.x, 1600);
                EXPECT_LE(c.y, 900);
            }
            EXPECT_FALSE(boxesOverlap(a.corners, rectCorners(rp.keep_out[0])));
            EXPECT_FALSE(boxesOverlap(a.corners, rectCorners(rp.occupied[0])));
            // The label sits on its road: its centre is where its map point projects.
            const auto s = cam.groundToScreen(a.x, a.y, a.z);
            ASSERT_TRUE(s);
            EXPECT_NEAR(s->x, a.screen.x, 0.5);
            EXPECT_NEAR(s->y, a.screen.y, 0.5);
            for (std::size_t j = i + 1; j < labels.size(); ++j) {
                EXPECT_FALSE(boxesOverlap(a.corners, labels[j].corners)) << a.text << " / " << labels[j].text;
                if (a.text == labels[j].text) {
                    EXPECT_GE(std::hypot(a.screen.x - labels[j].screen.x, a.screen.y - labels[j].screen.y), rp.min_spacing_px);
                }
            }
        }
        // Deterministic.
        const auto again = placeRoadLabels(m, cam, rp);
        ASSERT_EQ(again.size(), labels.size());
        for (std::size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(again[i].edge, labels[i].edge);
        // An occlusion test removes what it hides.
        RoadLabelParams none = rp;
        none.occluded = [](const RoadLabelPlacement&) { return true; };
        EXPECT_TRUE(placeRoadLabels(m, cam, none).empty());
    }
}

TEST(RoadLabels, SeparatingAxisOverlap) {
    const std::array<ScreenPoint, 4> a = rectCorners(ScreenRect{0, 0, 10, 10});
    EXPECT_TRUE(boxesOverlap(a, rectCorners(ScreenRect{5, 5, 15, 15})));
    EXPECT_FALSE(boxesOverlap(a, rectCorners(ScreenRect{11, 0, 20, 10})));
    // A diamond whose bounding box overlaps the square but which does not.
    const std::array<ScreenPoint, 4> d = {ScreenPoint{16, 8}, ScreenPoint{24, 16}, ScreenPoint{16, 24}, ScreenPoint{8, 16}};
    EXPECT_FALSE(boxesOverlap(a, d));
    const std::array<ScreenPoint, 4> d2 = {ScreenPoint{12, 3}, ScreenPoint{21, 12}, ScreenPoint{12, 21}, ScreenPoint{3, 12}};
    EXPECT_TRUE(boxesOverlap(a, d2));
}

// ---------------------------------------------------------------- camera flight

TEST(CameraFlight, InterpolatesAndRisesOverLongHops) {
    CameraPose a, b;
    a.x = 0, a.y = 0, a.range_m = 1000, a.heading_deg = 350;
    b.x = 20000, b.y = 0, b.range_m = 2000, b.heading_deg = 10;
    const CameraPose p0 = interpolatePose(a, b, 0), p1 = interpolatePose(a, b, 1);
    EXPECT_DOUBLE_EQ(p0.x, 0);
    EXPECT_DOUBLE_EQ(p1.x, 20000);
    EXPECT_DOUBLE_EQ(p1.range_m, 2000);
    const CameraPose mid = interpolatePose(a, b, 0.5);
    EXPECT_NEAR(mid.x, 10000, 1e-6);
    EXPECT_GT(mid.range_m, 8000);  // rises to keep the overview on a 20 km hop
    // Heading turns the short way through north.
    EXPECT_TRUE(mid.heading_deg < 1e-6 || mid.heading_deg > 359.99 || std::abs(mid.heading_deg) < 1e-6);
    // Monotonic target motion.
    double last = -1;
    for (int i = 0; i <= 20; ++i) {
        const double x = interpolatePose(a, b, i / 20.0).x;
        EXPECT_GE(x, last);
        last = x;
    }
}

// ---------------------------------------------------------------- scene API

class CountingOverlay : public OverlayLayer {
public:
    std::string name() const override { return "test"; }
    int drawOrder() const override { return order; }
    Plane plane() const override { return plane_; }
    osg::Node* node() override { return group.get(); }
    void attach(const OverlayContext& ctx) override {
        ++attached;
        origin = ctx.origin;
        ground_z = ctx.groundZ ? ctx.groundZ(0, 0) : -1;
    }
    void update(const MapCamera&, int w, int) override {
        ++updates;
        last_w = w;
    }
    int order = 0;
    Plane plane_ = Plane::Ground;
    int attached = 0, updates = 0, last_w = 0;
    double ground_z = -1;
    osg::Vec3d origin;
    osg::ref_ptr<osg::Group> group = new osg::Group;
};

bool hasAncestor(osg::Node* n, osg::Node* root) {
    if (n == root) return true;
    for (unsigned i = 0; i < n->getNumParents(); ++i)
        if (hasAncestor(n->getParent(i), root)) return true;
    return false;
}

TEST(MapSceneApi, LayersInDrawOrderWithToggleOpacityAndMove) {
    MapModel m = pickMap();
    m.layers[0].style.draw_order = 100;  // districts
    m.layers[1].style.draw_order = 300;  // buildings
    m.layers[2].style.draw_order = 400;  // pois
    m.roads_style.draw_order = 200;
    m.roads_name = "道路";
    MapScene scene(m);
    const auto& L = scene.layers();
    ASSERT_EQ(L.size(), 4u);
    EXPECT_EQ(L[0].name, "districts");
    EXPECT_EQ(L[1].kind, SceneLayerKind::Roads);
    EXPECT_EQ(L[1].name, "道路");
    EXPECT_EQ(L[2].kind, SceneLayerKind::Buildings);
    EXPECT_EQ(L[3].kind, SceneLayerKind::Points);
    scene.moveLayer(1, +1);  // roads above buildings
    EXPECT_EQ(scene.layers()[1].kind, SceneLayerKind::Buildings);
    EXPECT_EQ(scene.layers()[2].kind, SceneLayerKind::Roads);
    scene.moveLayer(2, -5);  // to the bottom
    EXPECT_EQ(scene.layers()[0].kind, SceneLayerKind::Roads);
    scene.setLayerOpacity(1, 0.25);
    EXPECT_DOUBLE_EQ(scene.layers()[1].opacity, 0.25);
    scene.setLayerVisible(0, false);
    CameraPose pose;
    pose.range_m = 2000;
    scene.update(pose, 800, 600);
    EXPECT_FALSE(scene.layers()[0].visible);
    // Picking skips the hidden road layer.
    const MapCamera cam(pose, 800, 600);
    const auto on_road = cam.groundToScreen(-200, 0);
    const auto r = scene.pickFeature(cam, *on_road);
    ASSERT_TRUE(r);
    EXPECT_NE(r->kind, FeatureRef::Kind::Road);
    // POIs without a scale range hide when zoomed far out.
    pose.range_m = 400000;
    scene.update(pose, 800, 600);
    bool pois_in_scale = true;
    for (const auto& l : scene.layers())
        if (l.kind == SceneLayerKind::Points) pois_in_scale = l.in_scale;
    EXPECT_FALSE(pois_in_scale);
    EXPECT_NEAR(scaleDenominator(0.28), 1000.0, 1e-9);
}

TEST(MapSceneApi, OverlaysAttachUpdateAndLeave) {
    const MapModel m = pickMap();
    MapScene scene(m);
    auto a = std::make_shared<CountingOverlay>();
    auto b = std::make_shared<CountingOverlay>();
    b->plane_ = OverlayLayer::Plane::Top;
    b->order = -5;
    scene.addOverlay(a);
    scene.addOverlay(b);
    scene.addOverlay(a);  // twice: no-op
    EXPECT_EQ(scene.overlays().size(), 2u);
    EXPECT_EQ(a->attached, 1);
    EXPECT_EQ(a->origin, scene.origin());
    EXPECT_DOUBLE_EQ(a->ground_z, 0.0);  // no terrain
    EXPECT_TRUE(hasAncestor(a->group.get(), scene.root()));
    // Bins inside the overlay range; Top after Ground regardless of order.
    const int bin_a = a->group->getStateSet()->getBinNumber(), bin_b = b->group->getStateSet()->getBinNumber();
    EXPECT_GE(bin_a, OverlayLayer::kOverlayBinMin);
    EXPECT_LE(bin_b, OverlayLayer::kOverlayBinMax);
    EXPECT_LT(bin_a, bin_b);
    CameraPose pose;
    pose.range_m = 2000;
    scene.update(pose, 640, 480);
    scene.update(pose, 640, 480);
    EXPECT_EQ(a->updates, 2);
    EXPECT_EQ(a->last_w, 640);
    // Exaggeration changes re-attach (new ground heights).
    scene.setVerticalExaggeration(2.0);
    EXPECT_EQ(a->attached, 2);
    scene.removeOverlay(a);
    EXPECT_EQ(scene.overlays().size(), 1u);
    EXPECT_FALSE(hasAncestor(a->group.get(), scene.root()));
    scene.update(pose, 640, 480);
    EXPECT_EQ(a->updates, 2);
}

TEST(BuildingMesh, WallsRoofsAndShading) {
    const MapModel m = pickMap();
    const BuildingMesh mesh = buildBuildingMesh(m.layers[1], Color8{100, 120, 140, 255}, 0, 0, nullptr);
    EXPECT_EQ(mesh.buildings, 1u);
    // 4 walls × 2 triangles + a convex roof of 2 triangles.
    EXPECT_EQ(mesh.triangles.size(), 4 * 2 * 3u);
    EXPECT_EQ(mesh.roof_triangles.size(), 2 * 3u);
    float zmin = 1e9f, zmax = -1e9f;
    for (const auto& v : *mesh.verts) {
        zmin = std::min(zmin, v.z());
        zmax = std::max(zmax, v.z());
    }
    EXPECT_FLOAT_EQ(zmin, 0.0f);
    EXPECT_FLOAT_EQ(zmax, 200.0f);
    // Walls facing the north-west light are lighter than those facing away.
    EXPECT_GT(wallShade(-0.7071, 0.7071), wallShade(0.7071, -0.7071));
    EXPECT_GT(wallShade(0, 1), wallShade(0, -1));
    EXPECT_TRUE(isBuildingLayer(m.layers[1]));
    EXPECT_FALSE(isBuildingLayer(m.layers[0]));
}

}  // namespace
}  // namespace jingwei
