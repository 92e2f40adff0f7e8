#include "analysis/density_grid.h"

#include <algorithm>

namespace jingwei {

double DensityGrid::max() const {
    double m = 0;
    for (double v : values) m = std::max(m, v);
    return m;
}

double DensityGrid::integral() const {
    double s = 0;
    for (double v : values) s += v;
    return s * spec.cellAreaKm2();
}

}  // namespace jingwei
