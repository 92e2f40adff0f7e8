#pragma once
// Helpers for the simulation tests: tiny hand-made road maps, scenarios
// from text, runs to the end.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../test_support.h"
#include "mapdata/map_manifest.h"
#include "mapdata/map_model.h"
#include "sim/engine.h"
#include "sim/scenario.h"

namespace jingwei::sim::test {

// Node i of a tiny map sits at (114.0 + 0.01·x_i, 22.5 + 0.01·y_i).
struct TinyEdge {
    std::uint32_t a, b;
    double length_m;
    double speed_kph;
    bool two_way = true;
};

inline MapModel tinyMap(const std::vector<std::pair<double, double>>& grid_xy, const std::vector<TinyEdge>& edges) {
    MapModel m;
    m.name = "tiny";
    for (std::size_t i = 0; i < grid_xy.size(); ++i) {
        RoadNode n;
        n.source_id = static_cast<std::int64_t>(i);
        n.pos.lon = 114.0 + 0.01 * grid_xy[i].first;
        n.pos.lat = 22.5 + 0.01 * grid_xy[i].second;
        m.roads.nodes.push_back(n);
    }
    auto add = [&](std::uint32_t a, std::uint32_t b, const TinyEdge& t) {
        RoadEdge e;
        e.from = a;
        e.to = b;
        e.length_m = t.length_m;
        e.speed_kph = t.speed_kph;
        e.road_class = RoadClass::Primary;
        e.highway = "primary";
        e.shape_begin = static_cast<std::uint32_t>(m.roads.shape.size());
        e.shape_count = 2;
        m.roads.shape.push_back(m.roads.nodes[a].pos);
        m.roads.shape.push_back(m.roads.nodes[b].pos);
        m.roads.edges.push_back(e);
    };
    for (const TinyEdge& t : edges) {
        add(t.a, t.b, t);
        if (t.two_way) add(t.b, t.a, t);
    }
    m.project("EPSG:4547");
    return m;
}

inline std::string lonLatOf(const MapModel& m, std::uint32_t node) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.7f,%.7f", m.roads.nodes[node].pos.lon, m.roads.nodes[node].pos.lat);
    return buf;
}

// One finished run.
struct Run {
    Scenario scenario;
    std::shared_ptr<SimNetwork> net;
    std::unique_ptr<Engine> engine;
    const RunRecord& record() const { return *engine->record(); }
};

inline Run runScenario(const Scenario& s, const MapModel& map, EngineOptions o = {}, bool to_end = true) {
    Run r;
    r.scenario = s;
    r.net = std::make_shared<SimNetwork>(map.roads, travelModelFor(s, map));
    r.engine = std::make_unique<Engine>(s, map, r.net, o);
    if (to_end) r.engine->run();
    return r;
}

// The generated sample map (maps/synthetic.yaml), loaded once.
inline const MapModel& syntheticMap() {
    static const MapModel m = [] {
        LoadOptions o;
        o.maps_dir = jingwei::test::mapsDir();
        return loadMap("synthetic", o);
    }();
    return m;
}

inline std::string sourcePath(const std::string& rel) { return std::string(JINGWEI_TEST_SOURCE_DIR) + "/" + rel; }

}  // namespace jingwei::sim::test
