#include "analysis/false_discovery.h"

#include <algorithm>
#include <numeric>

namespace jingwei {

std::vector<double> benjaminiHochberg(std::span<const double> p) {
    const std::size_t m = p.size();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
    std::vector<double> q(m, 1.0);
    double running = 1.0;
    for (std::size_t k = m; k-- > 0;) {
        const std::size_t i = order[k];
        const double v = std::min(1.0, static_cast<double>(m) * p[i] / static_cast<double>(k + 1));
        running = std::min(running, v);
        q[i] = running;
    }
    return q;
}

}  // namespace jingwei
