#pragma once
// Extruded buildings as one merged mesh per layer: walls from the ground (or
// the base of a raised part) to the roof, flat roofs, and roof edges. Colours
// are baked: roofs in the fill colour, walls darker by how much they face
// away from a fixed north-west light and darker towards their foot, so the
// mesh needs no GL lighting and looks the same on every machine.
#include <cstdint>
#include <vector>

#include <osg/Array>
#include <osg/ref_ptr>

#include "mapdata/vector_layer.h"
#include "render/map_style.h"
#include "render/terrain_surface.h"

namespace jingwei {

// A layer drawn extruded: kind buildings or a style with extrusion.
bool isBuildingLayer(const VectorLayer& layer);

// Drawn heights of a building: base and top (terrain under its lowest
// footprint vertex + min_height_m / height_m; at least 0.5 m tall).
struct BuildingZ {
    double ground = 0, base = 0, top = 0;
};
BuildingZ buildingZ(const Feature& f, const TerrainSurface* ground);

struct BuildingMesh {
    osg::ref_ptr<osg::Vec3Array> verts = new osg::Vec3Array;     // relative to the origin
    osg::ref_ptr<osg::Vec4Array> colours = new osg::Vec4Array;
    std::vector<std::uint32_t> triangles;                        // walls
    std::vector<std::uint32_t> roof_triangles;                   // roofs
    osg::ref_ptr<osg::Vec3Array> edge_verts = new osg::Vec3Array;  // roof outlines (GL_LINES pairs)
    std::size_t buildings = 0;
};

// The wall colour factor for an outward wall normal (nx, ny) (unit, map axes).
float wallShade(double nx, double ny);

BuildingMesh buildBuildingMesh(const VectorLayer& layer, const Color8& fill, double origin_x, double origin_y,
                               const TerrainSurface* ground);
// The same for some of a layer's features (a spatial tile).
BuildingMesh buildBuildingMesh(const std::vector<const Feature*>& features, const Color8& fill, double origin_x,
                               double origin_y, const TerrainSurface* ground);

}  // namespace jingwei
