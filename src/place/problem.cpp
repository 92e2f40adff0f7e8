#include "place/problem.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.h"

namespace jingwei::place {

TravelLists::TravelLists(std::vector<std::vector<TravelEntry>> per_candidate, std::size_t demand_count, Millis horizon_ms)
    : demand_count_(demand_count), horizon_ms_(horizon_ms) {
    first_.assign(per_candidate.size() + 1, 0);
    std::size_t total = 0;
    for (std::size_t j = 0; j < per_candidate.size(); ++j) {
        total += per_candidate[j].size();
        first_[j + 1] = static_cast<std::uint32_t>(total);
    }
    if (total > 0xFFFFFFF0u) throw Error("", "travel lists", "more than 4·10^9 candidate–demand pairs");
    entries_.reserve(total);
    for (std::vector<TravelEntry>& list : per_candidate) {
        std::sort(list.begin(), list.end(), [](const TravelEntry& a, const TravelEntry& b) {
            return a.time_ms != b.time_ms ? a.time_ms < b.time_ms : a.demand < b.demand;
        });
        for (const TravelEntry& e : list) {
            if (e.demand >= demand_count) throw Error("", "travel lists", "demand index out of range");
            entries_.push_back(e);
        }
        std::vector<TravelEntry>().swap(list);
    }
}

std::size_t TravelLists::countWithin(std::uint32_t j, Millis limit_ms) const {
    const auto list = of(j);
    return static_cast<std::size_t>(
        std::upper_bound(list.begin(), list.end(), limit_ms, [](Millis t, const TravelEntry& e) { return t < e.time_ms; }) -
        list.begin());
}

TravelLists TravelLists::scaled(double factor) const {
    if (!(factor > 0) || !std::isfinite(factor)) throw Error("", "travel lists", "a time factor must be > 0");
    TravelLists out = *this;
    for (TravelEntry& e : out.entries_) e.time_ms = secondsToMs(msToSeconds(e.time_ms) * factor);
    out.horizon_ms_ = secondsToMs(msToSeconds(horizon_ms_) * factor);
    // Rounding keeps the order by time (monotone), but ties may now need
    // their demand order again.
    for (std::size_t j = 0; j + 1 < out.first_.size(); ++j)
        std::sort(out.entries_.begin() + out.first_[j], out.entries_.begin() + out.first_[j + 1],
                  [](const TravelEntry& a, const TravelEntry& b) {
                      return a.time_ms != b.time_ms ? a.time_ms < b.time_ms : a.demand < b.demand;
                  });
    return out;
}

double PlacementProblem::totalWeight() const {
    double s = 0;
    for (const DemandPoint& d : demand) s += d.weight;
    return s;
}

std::vector<std::uint32_t> PlacementProblem::fixedCandidates() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t j = 0; j < candidates.size(); ++j)
        if (candidates[j].fixed) out.push_back(j);
    return out;
}

void PlacementProblem::validate() const {
    if (times.candidateCount() != candidates.size())
        throw Error("", "placement problem", "travel lists have " + std::to_string(times.candidateCount()) +
                                                 " candidates, the problem " + std::to_string(candidates.size()));
    if (times.demandCount() != demand.size())
        throw Error("", "placement problem", "travel lists have " + std::to_string(times.demandCount()) +
                                                 " demand points, the problem " + std::to_string(demand.size()));
    for (std::size_t i = 0; i < demand.size(); ++i)
        if (!(demand[i].weight >= 0) || !std::isfinite(demand[i].weight))
            throw Error("", "placement problem", "demand point " + std::to_string(i) + " has weight " +
                                                     std::to_string(demand[i].weight) + " (must be ≥ 0)");
}

std::vector<std::uint32_t> spatialOrder(std::span<const Candidate> candidates) {
    Bounds b;
    for (const Candidate& c : candidates) b.add(c.pos.x, c.pos.y);
    const double span = std::max({b.width(), b.height(), 1e-9});
    auto code = [&](XY q) {
        const auto qx = static_cast<std::uint32_t>(std::clamp((q.x - b.min_x) / span, 0.0, 1.0) * 65535.0);
        const auto qy = static_cast<std::uint32_t>(std::clamp((q.y - b.min_y) / span, 0.0, 1.0) * 65535.0);
        std::uint64_t z = 0;
        for (int bit = 0; bit < 16; ++bit)
            z |= (static_cast<std::uint64_t>((qx >> bit) & 1u) << (2 * bit)) | (static_cast<std::uint64_t>((qy >> bit) & 1u) << (2 * bit + 1));
        return z;
    };
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
    for (std::uint32_t j = 0; j < candidates.size(); ++j) keyed.push_back({code(candidates[j].pos), j});
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint32_t> out;
    for (const auto& [z, j] : keyed) out.push_back(j);
    return out;
}

TravelLists euclideanTravelLists(std::span<const Candidate> candidates, std::span<const DemandPoint> demand,
                                 double speed_kph, double horizon_s) {
    if (!(speed_kph > 0) || !(horizon_s > 0)) throw Error("", "straight-line times", "speed and horizon must be > 0");
    const double ms_per_m = 3600.0 / speed_kph;  // km/h → ms per metre
    const double horizon_ms = std::floor(horizon_s * 1000.0);
    const double radius_m = horizon_ms / ms_per_m;
    std::vector<std::vector<TravelEntry>> lists(candidates.size());
    if (demand.empty()) return TravelLists(std::move(lists), 0, static_cast<Millis>(horizon_ms));

    // Demand in a grid of radius-sized cells.
    Bounds b;
    for (const DemandPoint& d : demand) b.add(d.pos.x, d.pos.y);
    const double cell = std::max(radius_m, 1.0);
    const int cols = std::max(1, static_cast<int>(std::min(4096.0, std::floor(b.width() / cell) + 1)));
    const int rows = std::max(1, static_cast<int>(std::min(4096.0, std::floor(b.height() / cell) + 1)));
    const double cw = std::max(b.width() / cols, 1e-9), ch = std::max(b.height() / rows, 1e-9);
    auto colOf = [&](double x) { return std::clamp(static_cast<int>(std::floor((x - b.min_x) / cw)), 0, cols - 1); };
    auto rowOf = [&](double y) { return std::clamp(static_cast<int>(std::floor((y - b.min_y) / ch)), 0, rows - 1); };
    std::vector<std::uint32_t> cell_first(static_cast<std::size_t>(cols) * rows + 1, 0), items(demand.size());
    for (const DemandPoint& d : demand) ++cell_first[static_cast<std::size_t>(rowOf(d.pos.y)) * cols + colOf(d.pos.x) + 1];
    for (std::size_t c = 1; c < cell_first.size(); ++c) cell_first[c] += cell_first[c - 1];
    std::vector<std::uint32_t> fill(cell_first.begin(), cell_first.end() - 1);
    for (std::uint32_t i = 0; i < demand.size(); ++i)
        items[fill[static_cast<std::size_t>(rowOf(demand[i].pos.y)) * cols + colOf(demand[i].pos.x)]++] = i;

    for (std::size_t j = 0; j < candidates.size(); ++j) {
        const XY p = candidates[j].pos;
        const int c0 = colOf(p.x - radius_m), c1 = colOf(p.x + radius_m);
        const int r0 = rowOf(p.y - radius_m), r1 = rowOf(p.y + radius_m);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) {
                const std::size_t cell_id = static_cast<std::size_t>(r) * cols + c;
                for (std::uint32_t k = cell_first[cell_id]; k < cell_first[cell_id + 1]; ++k) {
                    const std::uint32_t i = items[k];
                    const double dx = demand[i].pos.x - p.x, dy = demand[i].pos.y - p.y;
                    const double t = std::ceil(std::sqrt(dx * dx + dy * dy) * ms_per_m);
                    if (t <= horizon_ms) lists[j].push_back({i, static_cast<Millis>(t)});
                }
            }
    }
    return TravelLists(std::move(lists), demand.size(), static_cast<Millis>(horizon_ms));
}

PlacementProblem uniformInstance(const UniformInstanceParams& p) {
    if (p.max_weight < 1) throw Error("", "uniform instance", "max_weight must be ≥ 1");
    std::mt19937_64 rng(p.seed);
    auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
    PlacementProblem out;
    out.candidates.resize(p.candidates);
    for (std::size_t j = 0; j < p.candidates; ++j) {
        const double x = uniform() * p.side_m, y = uniform() * p.side_m;
        out.candidates[j].id = prefixedId('C', j);
        out.candidates[j].pos = {x, y};
        out.candidates[j].source = "uniform";
    }
    out.demand.resize(p.demand);
    for (DemandPoint& d : out.demand) {
        const double x = uniform() * p.side_m, y = uniform() * p.side_m;
        d.pos = {x, y};
        // 1..max_weight: the top bits times the count (no modulo bias worth naming at 10).
        d.weight = 1.0 + static_cast<double>((rng() >> 32) * static_cast<std::uint64_t>(p.max_weight) >> 32);
    }
    out.times = euclideanTravelLists(out.candidates, out.demand, p.speed_kph, p.horizon_s);
    return out;
}

}  // namespace jingwei::place
