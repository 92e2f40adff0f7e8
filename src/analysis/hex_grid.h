#pragma once
// A hexagonal tessellation of the map plane (metres) in axial coordinates
// (q, r), after Amit Patel's "Hexagonal Grids". `size_m` is the distance
// from a hexagon's centre to each of its corners (also its side length):
// the area is 3·√3/2 · size², the distance between neighbouring centres √3 ·
// size. Flat-top hexagons have a vertex pointing east; pointy-top ones a
// vertex pointing north. Hexagon (0, 0) is centred on `origin`.
#include <array>
#include <compare>
#include <vector>

#include "core/geo.h"

namespace jingwei {

enum class HexOrientation { FlatTop, PointyTop };

struct HexCoord {
    int q = 0, r = 0;
    auto operator<=>(const HexCoord&) const = default;
};

class HexGrid {
public:
    explicit HexGrid(double size_m = 100, HexOrientation orientation = HexOrientation::FlatTop, XY origin = {});

    double size() const { return size_; }
    HexOrientation orientation() const { return orientation_; }
    XY origin() const { return origin_; }
    double areaM2() const;
    double centreSpacing() const;  // √3 · size

    HexCoord cellAt(XY p) const;       // the hexagon containing p
    XY centre(HexCoord h) const;
    std::array<XY, 6> corners(HexCoord h) const;  // counter-clockwise
    // Every hexagon whose centre lies in b grown by one hexagon size.
    std::vector<HexCoord> covering(const Bounds& b) const;

private:
    double size_;
    HexOrientation orientation_;
    XY origin_;
};

}  // namespace jingwei
