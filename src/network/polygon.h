#pragma once
// Plain polygons in map metres, as the rings, gaps and responsibility areas
// come out of the network module: what the render layer tessellates and the
// exporters write. Rings are closed (first point == last point); outer rings
// run counter-clockwise and holes clockwise (y up). The geometry operations
// below go through OGR/GEOS.
#include <string>
#include <vector>

#include "core/geo.h"

namespace jingwei {

struct Polygon {
    std::vector<XY> outer;
    std::vector<std::vector<XY>> holes;
};
using MultiPolygon = std::vector<Polygon>;

// Signed shoelace area of a ring (positive counter-clockwise).
double ringArea(const std::vector<XY>& ring);
// Area of a polygon (outer minus holes) and of a multipolygon (parts disjoint).
double area(const Polygon& p);
double area(const MultiPolygon& mp);
Bounds bounds(const MultiPolygon& mp);

// GEOS (through OGR) -------------------------------------------------------
// OGR IsValid; *reason gets GEOS's explanation when invalid.
bool isValid(const MultiPolygon& mp, std::string* reason = nullptr);
// Area of a − b.
double differenceArea(const MultiPolygon& a, const MultiPolygon& b);
// b ⊆ a (OGR Contains on the multipolygons; true when b is empty).
bool containsAll(const MultiPolygon& a, const MultiPolygon& b);
// Point in polygon (boundary counts as inside).
bool containsPoint(const MultiPolygon& mp, XY p);
// Well-known text, e.g. for logs and tests.
std::string toWkt(const MultiPolygon& mp);

}  // namespace jingwei
