#include "place/objective.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"

namespace jingwei::place {

std::string_view objectiveKey(ObjectiveKind k) {
    switch (k) {
    case ObjectiveKind::Mclp: return "mclp";
    case ObjectiveKind::Lscp: return "lscp";
    case ObjectiveKind::PMedian: return "pmedian";
    case ObjectiveKind::DoubleCoverage: return "double";
    }
    return "mclp";
}

bool parseObjectiveKind(std::string_view s, ObjectiveKind* out) {
    if (s == "mclp") *out = ObjectiveKind::Mclp;
    else if (s == "lscp") *out = ObjectiveKind::Lscp;
    else if (s == "pmedian" || s == "p-median") *out = ObjectiveKind::PMedian;
    else if (s == "double" || s == "double-coverage") *out = ObjectiveKind::DoubleCoverage;
    else return false;
    return true;
}

void ObjectiveSpec::validate(const PlacementProblem& p) const {
    auto fail = [](const std::string& why) { throw Error("", "objective", why); };
    const Millis h = p.times.horizonMs();
    if (cover_ms == 0) fail("the coverage time must be > 0");
    if (cover_ms > h)
        fail("the coverage time " + std::to_string(cover_ms / 1000.0) + " s is beyond the travel times' horizon " +
             std::to_string(h / 1000.0) + " s");
    if (kind == ObjectiveKind::DoubleCoverage) {
        if (backup_ms < cover_ms) fail("the backup time T2 must be ≥ the first-arrival time T1");
        if (backup_ms > h) fail("the backup time is beyond the travel times' horizon");
        if (!(backup_weight >= 0) || !std::isfinite(backup_weight)) fail("the backup weight must be ≥ 0");
    }
    if (kind == ObjectiveKind::PMedian && penalty_ms != 0 && penalty_ms < h)
        fail("the p-median penalty time must be ≥ the travel times' horizon");
    if (kind != ObjectiveKind::Lscp) {
        const std::size_t fixed = p.fixedCandidates().size();
        if (k < 1) fail("k (posts to open) must be ≥ 1");
        if (static_cast<std::size_t>(k) > p.candidates.size())
            fail("k = " + std::to_string(k) + " posts but only " + std::to_string(p.candidates.size()) + " candidates");
        if (fixed > static_cast<std::size_t>(k))
            fail(std::to_string(fixed) + " fixed posts are more than k = " + std::to_string(k));
    }
}

PlanScore scorePlan(const PlacementProblem& p, const ObjectiveSpec& spec, std::span<const std::uint32_t> open_in) {
    std::vector<std::uint32_t> open(open_in.begin(), open_in.end());
    std::sort(open.begin(), open.end());
    open.erase(std::unique(open.begin(), open.end()), open.end());
    const std::size_t n = p.demand.size();
    const Millis t1 = spec.cover_ms;
    const Millis t2 = spec.kind == ObjectiveKind::DoubleCoverage ? spec.backup_ms : spec.cover_ms;
    std::vector<Millis> best(n, kUnreachedMs);
    std::vector<std::uint32_t> c1(n, 0), c2(n, 0);
    std::vector<std::uint8_t> coverable(n, 0);
    for (std::uint32_t j = 0; j < p.candidates.size(); ++j)
        for (const TravelEntry& e : p.times.of(j)) {
            if (e.time_ms > t1) break;
            coverable[e.demand] = 1;
        }
    for (const std::uint32_t j : open) {
        if (j >= p.candidates.size()) throw Error("", "plan score", "candidate index out of range");
        for (const TravelEntry& e : p.times.of(j)) {
            best[e.demand] = std::min(best[e.demand], e.time_ms);
            if (e.time_ms <= t1) ++c1[e.demand];
            if (e.time_ms <= t2) ++c2[e.demand];
        }
    }
    PlanScore s;
    s.posts = open.size();
    const double penalty_s = msToSeconds(spec.penaltyMs(p));
    double reached_w = 0, reached_time = 0, capped = 0, coverable_w = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = p.demand[i].weight;
        s.total_weight += w;
        if (coverable[i]) coverable_w += w;
        if (c1[i] >= 1) s.covered_weight += w;
        else if (coverable[i] && w > 0) ++s.uncovered_coverable;
        if (c1[i] >= 1 && c2[i] >= 2) s.backup_weight += w;
        if (best[i] != kUnreachedMs) {
            reached_w += w;
            reached_time += w * msToSeconds(best[i]);
            capped += w * std::min(msToSeconds(best[i]), penalty_s);
        } else {
            capped += w * penalty_s;
        }
    }
    const double W = s.total_weight;
    s.covered_share = W > 0 ? s.covered_weight / W : 0;
    s.backup_share = W > 0 ? s.backup_weight / W : 0;
    s.coverable_share = W > 0 ? coverable_w / W : 0;
    s.reached_share = W > 0 ? reached_w / W : 0;
    s.mean_s = reached_w > 0 ? reached_time / reached_w : 0;
    s.mean_capped_s = W > 0 ? capped / W : 0;
    // Weighted nearest rank: the smallest time whose cumulative weight reaches 90%.
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return best[a] != best[b] ? best[a] < best[b] : a < b;
    });
    s.p90_s = n ? std::numeric_limits<double>::infinity() : 0;
    double cum = 0;
    for (const std::uint32_t i : order) {
        cum += p.demand[i].weight;
        if (cum >= 0.9 * W) {
            s.p90_s = best[i] == kUnreachedMs ? std::numeric_limits<double>::infinity() : msToSeconds(best[i]);
            break;
        }
    }
    switch (spec.kind) {
    case ObjectiveKind::Mclp: s.objective = s.covered_weight; break;
    case ObjectiveKind::Lscp: s.objective = static_cast<double>(s.posts); break;
    case ObjectiveKind::PMedian: s.objective = capped; break;
    case ObjectiveKind::DoubleCoverage: s.objective = s.covered_weight + spec.backup_weight * s.backup_weight; break;
    }
    return s;
}

double solverValue(const PlanScore& s, const ObjectiveSpec& spec) {
    switch (spec.kind) {
    case ObjectiveKind::Mclp:
    case ObjectiveKind::DoubleCoverage: return s.objective;
    case ObjectiveKind::PMedian: return -s.objective;
    case ObjectiveKind::Lscp:
        return s.uncovered_coverable ? -std::numeric_limits<double>::infinity() : -static_cast<double>(s.posts);
    }
    return s.objective;
}

CoverSets coverSets(const TravelLists& t, Millis limit_ms) {
    CoverSets c;
    const std::size_t m = t.candidateCount(), n = t.demandCount();
    c.cand_first.assign(m + 1, 0);
    for (std::uint32_t j = 0; j < m; ++j) c.cand_first[j + 1] = c.cand_first[j] + static_cast<std::uint32_t>(t.countWithin(j, limit_ms));
    c.cand_demand.resize(c.cand_first[m]);
    c.dem_first.assign(n + 1, 0);
    for (std::uint32_t j = 0; j < m; ++j) {
        const auto list = t.of(j).first(c.cand_first[j + 1] - c.cand_first[j]);
        std::uint32_t* out = c.cand_demand.data() + c.cand_first[j];
        for (std::size_t k = 0; k < list.size(); ++k) {
            out[k] = list[k].demand;
            ++c.dem_first[list[k].demand + 1];
        }
        std::sort(out, out + list.size());
    }
    for (std::size_t i = 0; i < n; ++i) c.dem_first[i + 1] += c.dem_first[i];
    c.dem_cand.resize(c.dem_first[n]);
    std::vector<std::uint32_t> fill(c.dem_first.begin(), c.dem_first.end() - 1);
    for (std::uint32_t j = 0; j < m; ++j)
        for (const std::uint32_t i : c.demandOf(j)) c.dem_cand[fill[i]++] = j;
    return c;
}

CoverSets renumberDemand(const CoverSets& s, std::span<const std::uint32_t> candidate_order,
                         std::vector<std::uint32_t>& new_of_old) {
    const std::size_t m = s.cand_first.size() - 1, n = s.dem_first.size() - 1;
    if (candidate_order.size() != m) throw Error("", "cover sets", "the candidate order must name every candidate once");
    new_of_old.assign(n, kNoId);
    std::uint32_t next = 0;
    for (const std::uint32_t j : candidate_order)
        for (const std::uint32_t i : s.demandOf(j))
            if (new_of_old[i] == kNoId) new_of_old[i] = next++;
    for (std::uint32_t i = 0; i < n; ++i)
        if (new_of_old[i] == kNoId) new_of_old[i] = next++;
    CoverSets out;
    out.cand_first = s.cand_first;
    out.cand_demand.resize(s.cand_demand.size());
    for (std::uint32_t j = 0; j < m; ++j) {
        std::uint32_t* dst = out.cand_demand.data() + out.cand_first[j];
        const auto src = s.demandOf(j);
        for (std::size_t q = 0; q < src.size(); ++q) dst[q] = new_of_old[src[q]];
        std::sort(dst, dst + src.size());
    }
    out.dem_first.assign(n + 1, 0);
    for (std::uint32_t i = 0; i < n; ++i) out.dem_first[new_of_old[i] + 1] = static_cast<std::uint32_t>(s.candidatesOf(i).size());
    for (std::size_t i = 0; i < n; ++i) out.dem_first[i + 1] += out.dem_first[i];
    out.dem_cand.resize(out.dem_first[n]);
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto c = s.candidatesOf(i);
        std::copy(c.begin(), c.end(), out.dem_cand.begin() + out.dem_first[new_of_old[i]]);
    }
    return out;
}

}  // namespace jingwei::place
