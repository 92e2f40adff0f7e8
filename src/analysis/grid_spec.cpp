#include "analysis/grid_spec.h"

#include <algorithm>
#include <cmath>

namespace jingwei {

bool GridSpec::cellOf(double x, double y, int* i, int* j) const {
    const double fx = std::floor((x - origin_x) / cell_m), fy = std::floor((y - origin_y) / cell_m);
    if (!(fx >= 0 && fx < nx && fy >= 0 && fy < ny)) return false;
    *i = static_cast<int>(fx);
    *j = static_cast<int>(fy);
    return true;
}

GridSpec GridSpec::covering(const Bounds& b, double cell_m, double margin_m) {
    GridSpec g;
    g.cell_m = cell_m;
    if (b.empty() || !(cell_m > 0)) return g;
    g.origin_x = std::floor((b.min_x - margin_m) / cell_m) * cell_m;
    g.origin_y = std::floor((b.min_y - margin_m) / cell_m) * cell_m;
    g.nx = std::max(1, static_cast<int>(std::ceil((b.max_x + margin_m - g.origin_x) / cell_m)));
    g.ny = std::max(1, static_cast<int>(std::ceil((b.max_y + margin_m - g.origin_y) / cell_m)));
    return g;
}

}  // namespace jingwei
