#include "place/swap_models.h"

#include <algorithm>
#include <numeric>

namespace jingwei::place::detail {
namespace {

// The order in which a scan tries candidates to bring in: falling bound,
// then index (deterministic).
std::vector<std::uint32_t> byFallingBound(std::span<const std::uint32_t> ins, const std::vector<double>& bound) {
    std::vector<std::uint32_t> order(ins.begin(), ins.end());
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return bound[a] != bound[b] ? bound[a] > bound[b] : a < b; });
    return order;
}

class MclpModel final : public SwapModel {
public:
    MclpModel(CoverSets sets, std::vector<double> weights) : s_(std::move(sets)), w_(std::move(weights)) {
        const std::size_t m = s_.cand_first.size() - 1, n = w_.size();
        cnt_.assign(n, 0);
        xor_.assign(n, 0);
        sole_.assign(n, kNoId);
        gain_.assign(m, 0);
        loss_.assign(m, 0);
        extra_.assign(m, 0);
        for (std::uint32_t j = 0; j < m; ++j)
            for (const std::uint32_t i : demandOf(j)) gain_[j] += w_[i];
    }
    double value() const override { return value_; }
    double addGain(std::uint32_t j) override { return gain_[j]; }

    void open(std::uint32_t j) override {
        open_.push_back(j);
        for (const std::uint32_t i : demandOf(j)) {
            const double w = w_[i];
            if (cnt_[i] == 0) {
                value_ += w;
                loss_[j] += w;
                for (const std::uint32_t o : candidatesOf(i)) gain_[o] -= w;
            } else if (cnt_[i] == 1) {
                loss_[sole_[i]] -= w;
            }
            ++cnt_[i];
            xor_[i] ^= j;
            sole_[i] = cnt_[i] == 1 ? xor_[i] : kNoId;
        }
    }
    void close(std::uint32_t j) override {
        open_.erase(std::find(open_.begin(), open_.end(), j));
        for (const std::uint32_t i : demandOf(j)) {
            const double w = w_[i];
            --cnt_[i];
            xor_[i] ^= j;
            sole_[i] = cnt_[i] == 1 ? xor_[i] : kNoId;
            if (cnt_[i] == 0) {
                value_ -= w;
                for (const std::uint32_t o : candidatesOf(i)) gain_[o] += w;
            } else if (cnt_[i] == 1) {
                loss_[sole_[i]] += w;
            }
        }
        loss_[j] = 0;
    }

    double swapDelta(std::uint32_t f, std::uint32_t j) override {
        double extra = 0;
        for (const std::uint32_t i : demandOf(j))
            if (sole_[i] == f) extra += w_[i];
        return gain_[j] - loss_[f] + extra;
    }

    Move bestSwap(std::span<const std::uint32_t> outs, std::span<const std::uint32_t> ins, double min_delta) override {
        Move best;
        best.delta = min_delta;
        for (const std::uint32_t j : byFallingBound(ins, gain_)) {
            if (gain_[j] <= best.delta) break;  // extra(f, j) ≤ loss(f): no swap bringing j in does better
            for (const std::uint32_t i : demandOf(j))
                if (sole_[i] != kNoId) extra_[sole_[i]] += w_[i];
            for (const std::uint32_t f : outs) {
                const double d = gain_[j] - loss_[f] + extra_[f];
                if (d > best.delta) best = {f, j, d};
            }
            for (const std::uint32_t f : open_) extra_[f] = 0;
        }
        return best;
    }

private:
    std::span<const std::uint32_t> demandOf(std::uint32_t j) const { return s_.demandOf(j); }
    std::span<const std::uint32_t> candidatesOf(std::uint32_t i) const { return s_.candidatesOf(i); }

    CoverSets s_;
    std::vector<double> w_;
    std::vector<std::uint32_t> cnt_;
    std::vector<std::uint32_t> xor_;   // XOR of the open posts covering each demand point
    std::vector<std::uint32_t> sole_;  // the only open post covering it, kNoId unless exactly one
    std::vector<double> gain_, loss_, extra_;
    std::vector<std::uint32_t> open_;
    double value_ = 0;
};

class PMedianModel final : public SwapModel {
public:
    PMedianModel(const PlacementProblem& p, Millis penalty_ms)
        : p_(p), P_(penalty_ms), n_(p.demand.size()), m_(p.candidates.size()), d1_(n_, penalty_ms), d2_(n_, penalty_ms),
          phi1_(n_, kNoId), is_open_(m_, 0), gain_(m_, 0), loss_(m_, 0), extra_(m_, 0) {
        // Transposed lists: per demand, (candidate, time).
        first_.assign(n_ + 1, 0);
        for (std::uint32_t j = 0; j < m_; ++j)
            for (const TravelEntry& e : p_.times.of(j)) ++first_[e.demand + 1];
        for (std::size_t i = 0; i < n_; ++i) first_[i + 1] += first_[i];
        by_demand_.resize(first_[n_]);
        std::vector<std::uint32_t> fill(first_.begin(), first_.end() - 1);
        for (std::uint32_t j = 0; j < m_; ++j)
            for (const TravelEntry& e : p_.times.of(j)) by_demand_[fill[e.demand]++] = {j, e.time_ms};
        for (std::size_t i = 0; i < n_; ++i) value_ms_ -= p_.demand[i].weight * static_cast<double>(P_);
    }
    double value() const override { return value_ms_ / 1000.0; }

    double addGain(std::uint32_t j) override {
        double g = 0;
        for (const TravelEntry& e : p_.times.of(j))
            if (e.time_ms < d1_[e.demand]) g += p_.demand[e.demand].weight * static_cast<double>(d1_[e.demand] - e.time_ms);
        return g / 1000.0;
    }
    void open(std::uint32_t j) override {
        is_open_[j] = 1;
        for (const TravelEntry& e : p_.times.of(j)) {
            const std::uint32_t i = e.demand;
            if (e.time_ms < d1_[i] || (e.time_ms == d1_[i] && phi1_[i] == kNoId)) {
                value_ms_ += p_.demand[i].weight * static_cast<double>(d1_[i] - e.time_ms);
                d2_[i] = d1_[i];
                d1_[i] = e.time_ms;
                phi1_[i] = j;
            } else if (e.time_ms < d2_[i]) {
                d2_[i] = e.time_ms;
            }
        }
    }
    void close(std::uint32_t j) override {
        is_open_[j] = 0;
        for (const TravelEntry& e : p_.times.of(j)) {
            const std::uint32_t i = e.demand;
            if (phi1_[i] != j && e.time_ms > d2_[i]) continue;
            const Millis before = d1_[i];
            recompute(i);
            value_ms_ -= p_.demand[i].weight * static_cast<double>(d1_[i] - before);
        }
    }

    Move bestSwap(std::span<const std::uint32_t> outs, std::span<const std::uint32_t> ins, double min_delta) override {
        std::fill(loss_.begin(), loss_.end(), 0.0);
        for (std::size_t i = 0; i < n_; ++i)
            if (phi1_[i] != kNoId) loss_[phi1_[i]] += p_.demand[i].weight * static_cast<double>(d2_[i] - d1_[i]);
        for (const std::uint32_t j : ins) gain_[j] = addGain(j) * 1000.0;
        Move best;
        best.delta = min_delta * 1000.0;
        for (const std::uint32_t j : byFallingBound(ins, gain_)) {
            if (gain_[j] <= best.delta) break;
            for (const TravelEntry& e : p_.times.of(j)) {
                const std::uint32_t i = e.demand;
                if (e.time_ms < d2_[i] && phi1_[i] != kNoId)
                    extra_[phi1_[i]] += p_.demand[i].weight * static_cast<double>(d2_[i] - std::max(e.time_ms, d1_[i]));
            }
            for (const std::uint32_t f : outs) {
                const double d = gain_[j] - loss_[f] + extra_[f];
                if (d > best.delta) best = {f, j, d};
            }
            for (const TravelEntry& e : p_.times.of(j))
                if (phi1_[e.demand] != kNoId) extra_[phi1_[e.demand]] = 0;
        }
        best.delta /= 1000.0;
        return best;
    }

private:
    struct Entry {
        std::uint32_t cand;
        Millis time_ms;
    };
    void recompute(std::uint32_t i) {
        Millis a = P_, b = P_;
        std::uint32_t fa = kNoId;
        for (std::uint32_t k = first_[i]; k < first_[i + 1]; ++k) {
            const Entry& e = by_demand_[k];
            if (!is_open_[e.cand]) continue;
            if (fa == kNoId || e.time_ms < a || (e.time_ms == a && e.cand < fa)) {
                if (fa != kNoId) b = std::min(b, a);
                a = e.time_ms;
                fa = e.cand;
            } else {
                b = std::min(b, e.time_ms);
            }
        }
        d1_[i] = a;
        d2_[i] = b;
        phi1_[i] = fa;
    }

    const PlacementProblem& p_;
    Millis P_;
    std::size_t n_, m_;
    std::vector<Millis> d1_, d2_;
    std::vector<std::uint32_t> phi1_;
    std::vector<std::uint8_t> is_open_;
    std::vector<std::uint32_t> first_;
    std::vector<Entry> by_demand_;
    std::vector<double> gain_, loss_, extra_;
    double value_ms_ = 0;  // −Σ w·d1 in weight·ms
};

class CountModel final : public SwapModel {
public:
    CountModel(const PlacementProblem& p, Millis t1, Millis t2, double beta)
        : p_(p), t1_(t1), t2_(t2), beta_(beta), c1_(p.demand.size(), 0), c2_(p.demand.size(), 0),
          reach2_(p.candidates.size()) {
        for (std::uint32_t j = 0; j < reach2_.size(); ++j) reach2_[j] = p.times.countWithin(j, t2);
    }
    double value() const override { return value_; }
    double addGain(std::uint32_t j) override {
        double g = 0;
        for (const TravelEntry& e : entries(j)) {
            const std::uint32_t i = e.demand;
            g += val(i, c1_[i] + (e.time_ms <= t1_ ? 1 : 0), c2_[i] + 1) - val(i, c1_[i], c2_[i]);
        }
        return g;
    }
    void open(std::uint32_t j) override { apply(j, +1); }
    void close(std::uint32_t j) override { apply(j, -1); }

    Move bestSwap(std::span<const std::uint32_t> outs, std::span<const std::uint32_t> ins, double min_delta) override {
        Move best;
        best.delta = min_delta;
        for (const std::uint32_t f : outs) {
            const double before = value_;
            close(f);
            const double drop = value_ - before;
            for (const std::uint32_t j : ins) {
                const double d = drop + addGain(j);
                if (d > best.delta) best = {f, j, d};
            }
            open(f);
        }
        return best;
    }

private:
    std::span<const TravelEntry> entries(std::uint32_t j) const { return p_.times.of(j).first(reach2_[j]); }
    double val(std::uint32_t i, std::uint32_t c1, std::uint32_t c2) const {
        if (c1 == 0) return 0;
        return p_.demand[i].weight * (1.0 + (c2 >= 2 ? beta_ : 0.0));
    }
    void apply(std::uint32_t j, int sign) {
        for (const TravelEntry& e : entries(j)) {
            const std::uint32_t i = e.demand;
            const double before = val(i, c1_[i], c2_[i]);
            if (e.time_ms <= t1_) c1_[i] += static_cast<std::uint32_t>(sign);
            c2_[i] += static_cast<std::uint32_t>(sign);
            value_ += val(i, c1_[i], c2_[i]) - before;
        }
    }

    const PlacementProblem& p_;
    Millis t1_, t2_;
    double beta_;
    std::vector<std::uint32_t> c1_, c2_;
    std::vector<std::size_t> reach2_;
    double value_ = 0;
};

}  // namespace

std::unique_ptr<SwapModel> makeMclpModel(CoverSets sets, std::vector<double> weights) {
    return std::make_unique<MclpModel>(std::move(sets), std::move(weights));
}
std::unique_ptr<SwapModel> makePMedianModel(const PlacementProblem& p, Millis penalty_ms) {
    return std::make_unique<PMedianModel>(p, penalty_ms);
}
std::unique_ptr<SwapModel> makeDoubleCoverageModel(const PlacementProblem& p, Millis t1_ms, Millis t2_ms, double beta) {
    return std::make_unique<CountModel>(p, t1_ms, t2_ms, beta);
}

}  // namespace jingwei::place::detail
