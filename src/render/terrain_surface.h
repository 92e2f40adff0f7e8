#pragma once
// The terrain as the scene draws it: for each MapModel terrain, a grid of
// mesh vertices (the model's cells, cropped to the area worth drawing and
// strided so the mesh stays within a vertex budget), and the surface between
// them exactly as the mesh triangulates it. Everything draped (roads,
// boundaries, overlays) takes its height from here, so it lies on the drawn
// mesh rather than cutting through it. Pure math, no GL.
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include <osg/Vec3d>

#include "core/geo.h"
#include "mapdata/map_model.h"

namespace jingwei {

struct TerrainGrid {
    std::size_t terrain = 0;    // index into MapModel::terrains
    double x0 = 0, y0 = 0;      // map x/y of vertex (0, 0): the north-west corner
    double dx = 1, dy = 1;      // vertex spacing; columns go east, rows go SOUTH
    int nx = 0, ny = 0;         // vertices per row, rows
    int stride = 1;             // model cells per vertex step
    std::vector<float> elev;    // metres (not exaggerated), row-major; NaN = no data

    float at(int i, int j) const {
        return (i < 0 || j < 0 || i >= nx || j >= ny) ? std::numeric_limits<float>::quiet_NaN()
                                                      : elev[std::size_t(j) * std::size_t(nx) + std::size_t(i)];
    }
    double vx(int i) const { return x0 + i * dx; }
    double vy(int j) const { return y0 - j * dy; }
    // The mesh surface in metres: each cell is split along its (i, j)–(i+1, j+1)
    // diagonal, as the mesh is. NaN outside the grid; a cell with a no-data
    // corner interpolates its valid corners.
    double elevationAt(double x, double y) const;
};

class TerrainSurface {
public:
    TerrainSurface() = default;

    // Grids of the model's terrains: cropped to `area` (empty: the whole
    // grid) and strided so each has at most max_vertices vertices.
    static TerrainSurface build(const MapModel& map, double exaggeration, const Bounds& area,
                                std::size_t max_vertices = 900000);

    bool empty() const { return grids_.empty(); }
    double exaggeration() const { return exaggeration_; }
    const std::vector<TerrainGrid>& grids() const { return grids_; }

    // Drawn height at map x/y: the first grid's surface that has data there
    // × exaggeration; 0 where no terrain has data.
    double z(double x, double y) const;
    // The mesh surface in metres (not exaggerated); NaN without data.
    double elevation(double x, double y) const;
    // Spacing to densify draped geometry to (half the finest vertex
    // spacing); 0 when there is no terrain.
    double drapeStep() const { return drape_step_; }
    // Highest drawn height (0 without terrain).
    double maxZ() const { return max_z_; }

    // A polyline draped on the surface: points inserted every drapeStep()
    // and z from z(). Without terrain the points are returned at z = 0.
    // min_step_m: densify no finer than this (coarse levels of detail).
    std::vector<osg::Vec3d> drape(const std::vector<XY>& line, double min_step_m = 0) const;

    // First intersection of the ray from + t·dir (t ≥ 0) with the drawn
    // surface (z() everywhere, so the plane z = 0 without terrain).
    std::optional<osg::Vec3d> intersectRay(const osg::Vec3d& from, const osg::Vec3d& dir) const;

    // The area a scene drapes and meshes terrain over: everything in the
    // model but the terrains, with a margin (whole terrains when nothing else).
    static Bounds areaOfInterest(const MapModel& map);

private:
    std::vector<TerrainGrid> grids_;
    double exaggeration_ = 1;
    double drape_step_ = 0;
    double max_z_ = 0;
};

}  // namespace jingwei
