#pragma once
// Benjamini–Hochberg false-discovery-rate correction (1995): with the m
// p-values sorted ascending p_(1) ≤ … ≤ p_(m), the adjusted value is
//     q_(i) = min_{k ≥ i} min(1, m · p_(k) / k),
// and the tests with q ≤ α are the discoveries at FDR α (the same as R's
// p.adjust(method = "BH")).
#include <span>
#include <vector>

namespace jingwei {

std::vector<double> benjaminiHochberg(std::span<const double> p);

}  // namespace jingwei
