#include "place/heuristic.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <random>
#include <set>

#include "core/error.h"
#include "place/lagrangian.h"
#include "place/swap_models.h"

namespace jingwei::place {
namespace {

using Clock = std::chrono::steady_clock;

// The open set and the moves on it, around one SwapModel.
class Search {
public:
    Search(const PlacementProblem& p, detail::SwapModel& model, const HeuristicOptions& opt, Clock::time_point deadline,
           const Progress& progress)
        : p_(p), model_(model), opt_(opt), deadline_(deadline), progress_(progress), is_open_(p.candidates.size(), 0),
          fixed_(p.candidates.size(), 0), rng_(opt.seed) {
        for (std::uint32_t j = 0; j < p.candidates.size(); ++j)
            if (p.candidates[j].fixed) {
                fixed_[j] = 1;
                open(j);
            }
    }

    void open(std::uint32_t j) {
        model_.open(j);
        is_open_[j] = 1;
        ++count_;
    }
    void close(std::uint32_t j) {
        model_.close(j);
        is_open_[j] = 0;
        --count_;
    }
    std::size_t count() const { return count_; }
    bool isOpen(std::uint32_t j) const { return is_open_[j] != 0; }
    double value() const { return model_.value(); }
    std::size_t swaps() const { return swaps_; }
    std::size_t rounds() const { return rounds_; }
    bool timeUp() const { return Clock::now() >= deadline_; }

    std::vector<std::uint32_t> openSet() const {
        std::vector<std::uint32_t> out;
        for (std::uint32_t j = 0; j < is_open_.size(); ++j)
            if (is_open_[j]) out.push_back(j);
        return out;
    }
    std::vector<std::uint32_t> freeOpen() const {
        std::vector<std::uint32_t> out;
        for (std::uint32_t j = 0; j < is_open_.size(); ++j)
            if (is_open_[j] && !fixed_[j]) out.push_back(j);
        return out;
    }
    void restore(const std::vector<std::uint32_t>& set) {
        std::vector<std::uint8_t> want(is_open_.size(), 0);
        for (const std::uint32_t j : set) want[j] = 1;
        for (std::uint32_t j = 0; j < is_open_.size(); ++j)
            if (is_open_[j] && !want[j]) close(j);
        for (std::uint32_t j = 0; j < is_open_.size(); ++j)
            if (!is_open_[j] && want[j]) open(j);
    }

    // Opens the best-gain closed candidates (ties: the lower index) until k
    // are open; with a target (LSCP's first cover), until the value reaches
    // it, opening only candidates that gain something.
    void greedy(std::size_t k, const std::vector<std::uint8_t>* exclude = nullptr,
                double target = std::numeric_limits<double>::quiet_NaN()) {
        const bool to_target = !std::isnan(target);
        while (count_ < k && !(to_target && value() >= target - eps())) {
            std::uint32_t best = kNoId;
            double best_gain = to_target ? 0.0 : -std::numeric_limits<double>::infinity();
            for (std::uint32_t j = 0; j < is_open_.size(); ++j) {
                if (is_open_[j] || (exclude && (*exclude)[j])) continue;
                const double g = model_.addGain(j);
                if (g > best_gain) {
                    best_gain = g;
                    best = j;
                }
            }
            if (best == kNoId) return;
            open(best);
        }
    }

    // Best-improvement swaps until none improves; with a region, only swaps
    // between candidates of the region.
    void descend(const std::vector<std::uint32_t>* region = nullptr) {
        std::vector<std::uint32_t> outs, ins;
        for (;;) {
            outs.clear();
            ins.clear();
            auto consider = [&](std::uint32_t j) {
                if (is_open_[j]) {
                    if (!fixed_[j]) outs.push_back(j);
                } else {
                    ins.push_back(j);
                }
            };
            if (region) {
                for (const std::uint32_t j : *region) consider(j);
            } else {
                for (std::uint32_t j = 0; j < is_open_.size(); ++j) consider(j);
            }
            if (outs.empty() || ins.empty()) return;
            const detail::Move mv = model_.bestSwap(outs, ins, eps());
            if (mv.out == kNoId) return;
            close(mv.out);
            open(mv.in);
            ++swaps_;
        }
    }

    // Iterated local search; stops after `rounds`, at the deadline, or when
    // the value reaches `target`.
    void iterate(int rounds, double target = std::numeric_limits<double>::infinity()) {
        std::vector<std::uint32_t> best = openSet();
        double best_value = value();
        const std::size_t k = count_;
        const std::size_t m = is_open_.size();
        std::vector<std::uint8_t> excluded(m, 0);
        std::vector<std::pair<double, std::uint32_t>> near;
        std::vector<std::uint32_t> region;
        for (int r = 0; r < rounds; ++r) {
            if (best_value >= target - eps() || timeUp()) break;
            progress_.report(static_cast<double>(r) / rounds, "局部搜索 swap search");
            const std::vector<std::uint32_t> free = freeOpen();
            if (free.empty() || free.size() == m) break;
            ++rounds_;
            const std::uint32_t f0 = free[rng_() % free.size()];
            const XY c = p_.candidates[f0].pos;
            auto dist2 = [&](std::uint32_t j) {
                const double dx = p_.candidates[j].pos.x - c.x, dy = p_.candidates[j].pos.y - c.y;
                return dx * dx + dy * dy;
            };
            // Close f0 and its nearest free open neighbours.
            const std::size_t r_size = std::min<std::size_t>(1 + rng_() % static_cast<std::uint64_t>(std::max(1, opt_.max_perturb)), free.size());
            near.clear();
            for (const std::uint32_t j : free) near.push_back({dist2(j), j});
            std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(r_size), near.end());
            std::vector<std::uint32_t> closed_now;
            for (std::size_t q = 0; q < r_size; ++q) {
                close(near[q].second);
                excluded[near[q].second] = 1;
                closed_now.push_back(near[q].second);
            }
            // Refill: one random candidate among the closest to f0, then greedy.
            near.clear();
            for (std::uint32_t j = 0; j < m; ++j)
                if (!is_open_[j] && !excluded[j]) near.push_back({dist2(j), j});
            if (!near.empty()) {
                const std::size_t pool = std::min<std::size_t>(near.size(), static_cast<std::size_t>(std::max(1, opt_.refill_pool)));
                std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(pool), near.end());
                open(near[rng_() % pool].second);
            }
            greedy(k, &excluded);
            for (const std::uint32_t j : closed_now) excluded[j] = 0;
            greedy(k);
            // Descend among the candidates around f0 (cheap), then, when
            // that beats the best, over every candidate.
            region.clear();
            near.clear();
            for (std::uint32_t j = 0; j < m; ++j) near.push_back({dist2(j), j});
            const std::size_t rs = std::min<std::size_t>(near.size(), static_cast<std::size_t>(std::max(2, opt_.neighbourhood)));
            std::nth_element(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(rs) - 1, near.end());
            for (std::size_t q = 0; q < rs; ++q) region.push_back(near[q].second);
            std::sort(region.begin(), region.end());
            descend(&region);
            if (value() > best_value + eps()) descend();
            const double v = value();
            if (v > best_value + eps()) {
                best_value = v;
                best = openSet();
            } else if (v < best_value - eps()) {
                restore(best);
            }
        }
        if (value() < best_value - eps()) restore(best);
    }


    // Simulated annealing over swaps of a free open post with one of its
    // `knn` nearest candidates (k nearest per candidate, row-major), from
    // the current solution; ends at the best solution seen, polished by a
    // full descent.
    void anneal(std::size_t moves, const std::vector<std::uint32_t>& knn, std::size_t kn) {
        if (moves == 0 || kn == 0) return;
        std::vector<std::uint32_t> free = freeOpen();
        if (free.empty()) return;
        std::vector<std::uint32_t> best = openSet();
        double best_value = value();
        auto uniform = [&] { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; };
        // Temperature: from accepting a median worsening move with
        // probability 0.01 down to a hundredth of that temperature
        // (geometric cooling; tuned on the benchmark instances).
        std::vector<double> worse;
        for (int q = 0; q < 400; ++q) {
            const std::uint32_t f = free[rng_() % free.size()];
            const std::uint32_t j = knn[f * kn + rng_() % kn];
            if (is_open_[j]) continue;
            const double d = model_.swapDelta(f, j);
            if (d < 0) worse.push_back(-d);
        }
        if (worse.empty()) return;
        std::nth_element(worse.begin(), worse.begin() + static_cast<std::ptrdiff_t>(worse.size() / 2), worse.end());
        const double t0 = worse[worse.size() / 2] / -std::log(0.01), t1 = t0 * 0.01;
        const double cool = std::log(t1 / t0) / static_cast<double>(moves);
        for (std::size_t t = 0; t < moves; ++t) {
            if ((t & 1023) == 0) {
                if (timeUp()) break;
                progress_.report(static_cast<double>(t) / static_cast<double>(moves), "退火 annealing");
            }
            const std::size_t slot = rng_() % free.size();
            const std::uint32_t f = free[slot];
            const std::uint32_t j = knn[f * kn + rng_() % kn];
            if (is_open_[j]) continue;
            const double d = model_.swapDelta(f, j);
            if (d < 0 && uniform() >= std::exp(d / (t0 * std::exp(cool * static_cast<double>(t))))) continue;
            close(f);
            open(j);
            free[slot] = j;
            if (value() > best_value + eps()) {
                best_value = value();
                best = openSet();
            }
        }
        restore(best);
        descend();
    }

    double eps() const { return 1e-9 * (1.0 + std::abs(model_.value())); }

private:
    const PlacementProblem& p_;
    detail::SwapModel& model_;
    const HeuristicOptions& opt_;
    Clock::time_point deadline_;
    const Progress& progress_;
    std::vector<std::uint8_t> is_open_, fixed_;
    std::size_t count_ = 0, swaps_ = 0, rounds_ = 0;
    std::mt19937_64 rng_;
};

// The kn nearest other candidates of every candidate (by position; ties:
// the lower index), row-major. A grid keeps it near-linear.
std::vector<std::uint32_t> nearestCandidates(const PlacementProblem& p, std::size_t kn) {
    const std::size_t m = p.candidates.size();
    kn = std::min(kn, m > 0 ? m - 1 : 0);
    std::vector<std::uint32_t> out(m * kn);
    if (kn == 0) return out;
    Bounds b;
    for (const Candidate& c : p.candidates) b.add(c.pos.x, c.pos.y);
    const double area = std::max(b.width() * b.height(), 1.0);
    const double cell = std::max(std::sqrt(area * 4.0 / static_cast<double>(m)), 1e-6);
    const int cols = std::max(1, static_cast<int>(b.width() / cell) + 1), rows = std::max(1, static_cast<int>(b.height() / cell) + 1);
    auto cellOf = [&](XY p2, int* cx, int* cy) {
        *cx = std::clamp(static_cast<int>((p2.x - b.min_x) / cell), 0, cols - 1);
        *cy = std::clamp(static_cast<int>((p2.y - b.min_y) / cell), 0, rows - 1);
    };
    std::vector<std::vector<std::uint32_t>> grid(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows));
    for (std::uint32_t j = 0; j < m; ++j) {
        int cx = 0, cy = 0;
        cellOf(p.candidates[j].pos, &cx, &cy);
        grid[static_cast<std::size_t>(cy) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(cx)].push_back(j);
    }
    std::vector<std::pair<double, std::uint32_t>> found;
    for (std::uint32_t j = 0; j < m; ++j) {
        const XY pj = p.candidates[j].pos;
        int cx = 0, cy = 0;
        cellOf(pj, &cx, &cy);
        found.clear();
        for (int r = 0;; ++r) {
            for (int y = cy - r; y <= cy + r; ++y)
                for (int x = cx - r; x <= cx + r; ++x) {
                    if (std::max(std::abs(x - cx), std::abs(y - cy)) != r || x < 0 || y < 0 || x >= cols || y >= rows) continue;
                    for (const std::uint32_t o : grid[static_cast<std::size_t>(y) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(x)]) {
                        if (o == j) continue;
                        const double dx = p.candidates[o].pos.x - pj.x, dy = p.candidates[o].pos.y - pj.y;
                        found.push_back({dx * dx + dy * dy, o});
                    }
                }
            // Every unvisited cell is at least r·cell away.
            if (found.size() >= kn) {
                std::nth_element(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(kn) - 1, found.end());
                const double reach = static_cast<double>(r) * cell;
                if (found[kn - 1].first <= reach * reach) break;
            }
            if (r > cols + rows) break;
        }
        std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(kn), found.end());
        for (std::size_t q = 0; q < kn; ++q) out[j * kn + q] = found[q].second;
    }
    return out;
}

// MCLP's Lagrangian phase: subgradient steps on the dual, and from the posts
// of every `every`-th step a descent; keeps the best. Returns the bound.
double lagrangianPhase(Search& s, const PlacementProblem& p, const ObjectiveSpec& spec, std::size_t k,
                       const HeuristicOptions& opt, const Progress& progress) {
    MclpLagrangian lag(p, spec);
    std::vector<std::uint32_t> best = s.openSet();
    double best_value = s.value();
    std::set<std::vector<std::uint32_t>> tried;
    const int every = std::max(1, opt.lagrangian_every);
    for (int it = 0; it < opt.lagrangian_iterations && !lag.done() && !s.timeUp(); ++it) {
        if (it % 8 == 0) progress.report(0.5 * it / opt.lagrangian_iterations, "拉格朗日 Lagrangian");
        lag.step(best_value);
        if (lag.bound() - best_value <= 2e-9 * std::max(1.0, lag.bound())) break;  // proven optimal
        if (it < opt.lagrangian_warmup || (it - opt.lagrangian_warmup) % every != 0) continue;
        if (!tried.insert(lag.posts()).second) continue;
        s.restore(lag.posts());
        s.greedy(k);
        s.descend();
        if (s.value() > best_value + s.eps()) {
            best_value = s.value();
            best = s.openSet();
        }
    }
    s.restore(best);
    return lag.bound();
}

double solveCoverage(Search& s, const PlacementProblem& p, const ObjectiveSpec& spec, std::size_t k,
                     const HeuristicOptions& opt, const Progress& progress) {
    for (const std::uint32_t j : opt.start) {
        if (j >= p.candidates.size()) throw Error("", "heuristic", "start post index out of range");
        if (!s.isOpen(j) && s.count() < k) s.open(j);
    }
    s.greedy(k);
    if (!opt.local_search) return std::numeric_limits<double>::quiet_NaN();
    s.descend();
    double bound = std::numeric_limits<double>::quiet_NaN();
    if (spec.kind == ObjectiveKind::Mclp && opt.lagrangian_iterations > 0) bound = lagrangianPhase(s, p, spec, k, opt, progress);
    // Annealing moves: as many as opt.anneal_work list entries pay for
    // (a move is priced by one pass over a candidate's list).
    const double mean_list = static_cast<double>(std::max<std::size_t>(1, p.times.entryCount())) /
                             static_cast<double>(std::max<std::size_t>(1, p.candidates.size()));
    const auto moves = static_cast<std::size_t>(opt.anneal_work / mean_list);
    if (moves > 0 && p.candidates.size() > 1) {
        const std::size_t kn = std::min(static_cast<std::size_t>(std::max(1, opt.neighbours)), p.candidates.size() - 1);
        s.anneal(moves, nearestCandidates(p, kn), kn);
    }
    s.iterate(opt.rounds);
    return bound;
}

// LSCP: a cover, then one post fewer at a time while the search still covers everything.
void solveLscp(Search& s, const PlacementProblem& p, double target, const HeuristicOptions& opt) {
    s.greedy(p.candidates.size(), nullptr, target);
    auto dropRedundant = [&] {
        for (const std::uint32_t f : s.freeOpen()) {
            s.close(f);
            if (s.value() < target - s.eps()) s.open(f);
        }
    };
    dropRedundant();
    while (opt.local_search && !s.freeOpen().empty() && !s.timeUp()) {
        const std::vector<std::uint32_t> save = s.openSet();
        // Close the post whose loss is smallest, then search with one post fewer.
        std::uint32_t victim = kNoId;
        double best_after = -std::numeric_limits<double>::infinity();
        for (const std::uint32_t f : s.freeOpen()) {
            s.close(f);
            if (s.value() > best_after) {
                best_after = s.value();
                victim = f;
            }
            s.open(f);
        }
        s.close(victim);
        s.descend();
        s.iterate(opt.rounds, target);
        if (s.value() < target - s.eps()) {
            s.restore(save);
            break;
        }
        dropRedundant();
    }
}

}  // namespace

Solution solveHeuristic(const PlacementProblem& p, const ObjectiveSpec& spec, const HeuristicOptions& opt,
                        const Progress& progress) {
    p.validate();
    spec.validate(p);
    const auto t0 = Clock::now();
    const double c0 = threadCpuSeconds();
    const auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.time_limit_s));
    progress.report(0, "构造 greedy");

    std::unique_ptr<detail::SwapModel> model;
    double lscp_target = 0;
    switch (spec.kind) {
    case ObjectiveKind::Mclp:
    case ObjectiveKind::Lscp: {
        // LSCP runs as MCLP with weight 1 on the coverable demand.
        std::vector<std::uint32_t> new_of_old;
        CoverSets sets = renumberDemand(coverSets(p.times, spec.cover_ms), spatialOrder(p.candidates), new_of_old);
        std::vector<double> weights(p.demand.size());
        for (std::uint32_t i = 0; i < weights.size(); ++i) {
            const std::uint32_t r = new_of_old[i];
            weights[r] = spec.kind == ObjectiveKind::Mclp                                 ? p.demand[i].weight
                         : sets.candidatesOf(r).empty() || !(p.demand[i].weight > 0) ? 0.0
                                                                                       : 1.0;
            if (spec.kind == ObjectiveKind::Lscp) lscp_target += weights[r];
        }
        model = detail::makeMclpModel(std::move(sets), std::move(weights));
        break;
    }
    case ObjectiveKind::PMedian: model = detail::makePMedianModel(p, spec.penaltyMs(p)); break;
    case ObjectiveKind::DoubleCoverage:
        model = detail::makeDoubleCoverageModel(p, spec.cover_ms, spec.backup_ms, spec.backup_weight);
        break;
    }

    Search s(p, *model, opt, deadline, progress);
    double bound = std::numeric_limits<double>::quiet_NaN();
    if (spec.kind == ObjectiveKind::Lscp)
        solveLscp(s, p, lscp_target, opt);
    else
        bound = solveCoverage(s, p, spec, static_cast<std::size_t>(spec.k), opt, progress);
    progress.report(1, "完成 done");

    Solution out;
    out.solver = "heuristic";
    out.status = SolveStatus::Feasible;
    out.open = s.openSet();
    out.score = scorePlan(p, spec, out.open);
    out.bound = bound;
    out.gap = relativeGap(bound, out.score.objective);
    // The Lagrangian bound meets the solution: proven optimal (integer
    // weights: less than one unit apart).
    if (!std::isnan(bound) && bound - out.score.objective <= 2e-9 * std::max(1.0, bound)) out.status = SolveStatus::Optimal;
    out.swaps = s.swaps();
    out.rounds = s.rounds();
    out.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
    out.cpu_s = threadCpuSeconds() - c0;
    if (s.timeUp()) out.note = "time limit reached";
    return out;
}

}  // namespace jingwei::place
