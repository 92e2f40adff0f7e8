#pragma once
// Places, areas and districts of a scenario in map metres.
#include <memory>
#include <string>
#include <vector>

#include "core/geo.h"
#include "mapdata/map_model.h"
#include "sim/scenario.h"
#include "sim/sim_network.h"

namespace jingwei::sim {

// Turns scenario places into map metres (lon/lat through the map's CRS).
class PlaceResolver {
public:
    PlaceResolver(const std::string& crs, const SimNetwork& net, const std::string& scenario_path);
    ~PlaceResolver();
    PlaceResolver(const PlaceResolver&) = delete;
    PlaceResolver& operator=(const PlaceResolver&) = delete;
    // Throws Error(scenario, "line N", ...) for a node out of range or a point PROJ cannot project.
    XY resolve(const PlaceSpec& p, const std::string& field) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// An area in map metres.
struct Area {
    bool is_box = false;
    XY centre;
    double radius_m = 0;
    Bounds box;
    bool contains(XY p) const;
    Bounds bounds() const;
};
Area resolveArea(const PlaceResolver& r, const AreaSpec& a, const std::string& field);

// District polygons (行政区 / 辖区) for per-district metrics.
class Districts {
public:
    // Finds the layer (layer_name, else "districts", "行政区", "辖区"); empty when absent.
    Districts(const MapModel& map, const std::string& layer_name, const std::string& field);
    bool empty() const { return names_.empty(); }
    const std::vector<std::string>& names() const { return names_; }
    const std::string& layerName() const { return layer_; }
    // Index of the first district containing p, -1 outside all.
    int find(XY p) const;

private:
    struct Poly {
        int district;
        Bounds box;
        std::vector<std::vector<XY>> rings;  // even-odd
    };
    std::string layer_;
    std::vector<std::string> names_;
    std::vector<Poly> polys_;
};

}  // namespace jingwei::sim
