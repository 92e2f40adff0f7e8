#pragma once
// A density surface on a GridSpec, in incidents per km²: the sum over the
// grid of value × cell area (km²) is the number of incidents (the weighted
// count) whose kernels fall inside the grid.
#include <vector>

#include "analysis/grid_spec.h"

namespace jingwei {

struct DensityGrid {
    GridSpec spec;
    std::vector<double> values;  // row-major, values[j * nx + i], row 0 = south

    double at(int i, int j) const { return values[static_cast<std::size_t>(j) * spec.nx + i]; }
    double max() const;
    // Σ value × cell area: the incidents the surface holds.
    double integral() const;
};

}  // namespace jingwei
