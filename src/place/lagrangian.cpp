#include "place/lagrangian.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "core/error.h"
#include "place/solution.h"

namespace jingwei::place {
MclpLagrangian::MclpLagrangian(const PlacementProblem& p, const ObjectiveSpec& spec) {
    if (spec.kind != ObjectiveKind::Mclp) throw Error("", "Lagrangian bound", "only for MCLP");
    p.validate();
    spec.validate(p);
    std::vector<std::uint32_t> new_of_old;
    sets_ = renumberDemand(coverSets(p.times, spec.cover_ms), spatialOrder(p.candidates), new_of_old);
    const std::size_t n = p.demand.size(), m = p.candidates.size();
    w_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) w_[new_of_old[i]] = p.demand[i].weight;
    // Demand no candidate covers contributes nothing (y_i ≤ 0) and is numbered last.
    while (active_ < n && !sets_.candidatesOf(static_cast<std::uint32_t>(active_)).empty()) ++active_;
    w_.resize(active_);
    for (const double w : w_) coverable_ += w;
    lambda_.resize(active_);
    // λ = w: every demand point priced at its weight (the subproblem then
    // picks the candidates covering the most weight); converges fastest of
    // the starts tried (w/2, w/|N(i)|).
    lambda_.assign(w_.begin(), w_.end());
    dir_.assign(active_, 0);
    g_.assign(active_, 0);
    cnt_.assign(active_, 0);
    s_.assign(m, 0);
    for (std::uint32_t j = 0; j < m; ++j) (p.candidates[j].fixed ? fixed_ : free_).push_back(j);
    k_free_ = static_cast<std::size_t>(spec.k) - fixed_.size();
}

double MclpLagrangian::step(double target) {
    ++iterations_;
    // Subproblem: s_j = Σ λ over j's demand; the k − |fixed| largest free ones.
    const std::size_t m = s_.size();
    for (std::uint32_t j = 0; j < m; ++j) {
        double sum = 0;
        for (const std::uint32_t i : sets_.demandOf(j)) sum += lambda_[i];
        s_[j] = sum;
    }
    double L = 0;
    for (std::size_t i = 0; i < active_; ++i) L += std::max(0.0, w_[i] - lambda_[i]);
    order_ = free_;
    if (k_free_ > 0 && k_free_ < order_.size())
        std::nth_element(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(k_free_) - 1, order_.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return s_[a] != s_[b] ? s_[a] > s_[b] : a < b; });
    posts_.assign(fixed_.begin(), fixed_.end());
    posts_.insert(posts_.end(), order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(std::min(k_free_, order_.size())));
    std::sort(posts_.begin(), posts_.end());
    for (const std::uint32_t j : posts_) L += s_[j];

    // The subgradient, and the weight the posts cover.
    for (const std::uint32_t j : posts_)
        for (const std::uint32_t i : sets_.demandOf(j)) ++cnt_[i];
    double norm2 = 0, dot = 0, dnorm2 = 0;
    covered_ = 0;
    for (std::size_t i = 0; i < active_; ++i) {
        if (cnt_[i]) covered_ += w_[i];
        g_[i] = static_cast<double>(cnt_[i]) - (w_[i] > lambda_[i] ? 1.0 : 0.0);
        norm2 += g_[i] * g_[i];
        dot += g_[i] * dir_[i];
        dnorm2 += dir_[i] * dir_[i];
        cnt_[i] = 0;
    }
    if (L < best_ - 1e-12 * std::abs(L)) {
        best_ = L;
        since_improved_ = 0;
    } else if (++since_improved_ >= 20) {
        mu_ *= 0.5;
        since_improved_ = 0;
    }
    if (norm2 == 0) {
        optimal_ = true;  // λ is optimal: L(λ) is the LP bound
        return L;
    }
    // Deflected direction (Camerini–Fratta–Maffioli, factor 1.5), Polyak length.
    const double theta = dnorm2 > 0 && dot < 0 ? -1.5 * dot / dnorm2 : 0.0;
    double d2 = 0;
    for (std::size_t i = 0; i < active_; ++i) {
        dir_[i] = g_[i] + theta * dir_[i];
        d2 += dir_[i] * dir_[i];
    }
    const double length = mu_ * std::max(L - target, 1e-9 * std::abs(L)) / d2;
    for (std::size_t i = 0; i < active_; ++i) lambda_[i] = std::clamp(lambda_[i] - length * dir_[i], 0.0, w_[i]);
    return L;
}

LagrangianResult mclpLagrangianBound(const PlacementProblem& p, const ObjectiveSpec& spec, const LagrangianOptions& opt,
                                     const Progress& progress) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const double c0 = threadCpuSeconds();
    MclpLagrangian lag(p, spec);
    LagrangianResult r;
    double lb = std::isnan(opt.lower_bound) ? 0.0 : opt.lower_bound;
    for (int it = 0; it < opt.max_iterations; ++it) {
        if (it % 16 == 0) {
            progress.report(static_cast<double>(it) / opt.max_iterations, "拉格朗日上界 Lagrangian bound");
            if (std::chrono::duration<double>(Clock::now() - t0).count() > opt.time_limit_s) break;
        }
        lag.step(lb);
        if (lag.covered() > r.primal || r.primal_open.empty()) {
            r.primal = lag.covered();
            r.primal_open = lag.posts();
        }
        if (std::isnan(opt.lower_bound)) lb = std::max(lb, r.primal);
        if (lag.done(opt.min_step)) break;
        if (lb > 0 && (lag.bound() - lb) / lb <= opt.tolerance) break;
    }
    r.bound = lag.bound();
    r.iterations = lag.iterations();
    r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
    r.cpu_s = threadCpuSeconds() - c0;
    return r;
}

}  // namespace jingwei::place
