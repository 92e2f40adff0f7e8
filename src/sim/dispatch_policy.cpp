#include "sim/dispatch_policy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>

#include "sim/scenario.h"

namespace jingwei::sim {

// Parameters ----------------------------------------------------------------

PolicyParams::PolicyParams(std::span<const PolicyParam> params) : params_(params), used_(params.size(), 0) {}

const PolicyParam* PolicyParams::find(const std::string& key) {
    for (std::size_t i = 0; i < params_.size(); ++i)
        if (params_[i].key == key) {
            used_[i] = 1;
            return &params_[i];
        }
    return nullptr;
}

double PolicyParams::number(const std::string& key, double fallback, double lo, double hi) {
    const PolicyParam* p = find(key);
    if (!p) return fallback;
    char* end = nullptr;
    const double v = std::strtod(p->value.c_str(), &end);
    if (p->value.empty() || end != p->value.c_str() + p->value.size() || !std::isfinite(v))
        throw PolicyError(key, p->line, "expected a number, got '" + p->value + "'");
    if (v < lo || v > hi)
        throw PolicyError(key, p->line, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + p->value);
    return v;
}

bool PolicyParams::boolean(const std::string& key, bool fallback) {
    const PolicyParam* p = find(key);
    if (!p) return fallback;
    if (p->value == "true" || p->value == "yes") return true;
    if (p->value == "false" || p->value == "no") return false;
    throw PolicyError(key, p->line, "expected true or false, got '" + p->value + "'");
}

std::string PolicyParams::word(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed) {
    const PolicyParam* p = find(key);
    if (!p) return fallback;
    if (std::find(allowed.begin(), allowed.end(), p->value) == allowed.end()) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw PolicyError(key, p->line, "expected one of " + list + ", got '" + p->value + "'");
    }
    return p->value;
}

void PolicyParams::finish() const {
    for (std::size_t i = 0; i < params_.size(); ++i)
        if (!used_[i]) throw PolicyError(params_[i].key, params_[i].line, "unknown parameter for this policy");
}

// Registry ------------------------------------------------------------------

namespace {

struct Registry {
    std::mutex mutex;
    std::map<std::string, std::pair<std::string, PolicyFactory>> entries;
    Registry() {
        entries["nearest"] = {"nearest available unit by network travel time",
                              [](PolicyParams& p) { return std::make_unique<NearestAvailablePolicy>(p); }};
        entries["priority"] = {"nearest available unit, with priority pre-emption",
                               [](PolicyParams& p) { return std::make_unique<PriorityPreemptionPolicy>(p); }};
    }
};

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

void registerDispatchPolicy(const std::string& name, const std::string& description, PolicyFactory factory) {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    r.entries[name] = {description, std::move(factory)};
}

std::vector<std::string> dispatchPolicyNames() {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    std::vector<std::string> out;
    for (const auto& [name, e] : r.entries) out.push_back(name);
    return out;
}

std::string joinPolicyNames() {
    std::string s;
    for (const std::string& n : dispatchPolicyNames()) s += (s.empty() ? "" : ", ") + n;
    return s;
}

std::unique_ptr<DispatchPolicy> makeDispatchPolicy(const DispatchSpec& spec) {
    PolicyFactory f;
    {
        Registry& r = registry();
        std::lock_guard<std::mutex> lock(r.mutex);
        const auto it = r.entries.find(spec.policy);
        if (it == r.entries.end()) throw PolicyError("policy", 0, "unknown dispatch policy '" + spec.policy + "' (known: " + [&] {
            std::string s;
            for (const auto& [name, e] : r.entries) s += (s.empty() ? "" : ", ") + name;
            return s;
        }() + ")");
        f = it->second.second;
    }
    PolicyParams params(spec.params);
    std::unique_ptr<DispatchPolicy> p = f(params);
    params.finish();
    return p;
}

// nearest -------------------------------------------------------------------

NearestAvailablePolicy::NearestAvailablePolicy(PolicyParams& p) {
    fifo_ = p.word("queue", "priority", {"priority", "fifo"}) == "fifo";
    const double mw = p.number("max_wait_min", 0, 0, 1e6);
    max_wait_ = mw > 0 ? secondsToSim(mw * 60) : kNever;
    backup_ = p.boolean("reinforcement_as_backup", false);
}

int NearestAvailablePolicy::sendFastest(DispatchContext& ctx, IncidentIndex i, int need, CandidateQuery q, bool as_regular) {
    if (need <= 0) return 0;
    q.count = static_cast<std::size_t>(need);
    int sent = 0;
    for (const Candidate& c : ctx.fastest(i, q)) {
        ctx.dispatch(c.unit, i, as_regular);
        ++sent;
    }
    return sent;
}

void NearestAvailablePolicy::onCall(DispatchContext& ctx, IncidentIndex i) {
    const int reg = ctx.regularNeeded(i);
    if (reg > 0) {
        CandidateQuery q;
        const int sent = sendFastest(ctx, i, reg, q, true);
        if (sent < reg && backup_) {
            q.regular = false;
            q.reinforcement = true;
            sendFastest(ctx, i, reg - sent, q, true);
        }
    }
    const int rf = ctx.reinforcementNeeded(i);
    if (rf > 0) {
        CandidateQuery q;
        q.regular = false;
        q.reinforcement = true;
        sendFastest(ctx, i, rf, q, false);
    }
}

void NearestAvailablePolicy::onUnitFree(DispatchContext& ctx, UnitIndex u) {
    const bool reinf = !isRegularKind(ctx.unitInfo(u).kind);
    auto serve = [&](bool reinforcement_list, bool as_regular) {
        std::vector<IncidentIndex> list = ctx.waiting(reinforcement_list);
        if (fifo_)
            std::stable_sort(list.begin(), list.end(), [&](IncidentIndex a, IncidentIndex b) {
                return ctx.incident(a).call < ctx.incident(b).call;
            });
        for (IncidentIndex i : list) {
            if (ctx.eta(u, i) == kNever) continue;
            ctx.dispatch(u, i, as_regular);
            return true;
        }
        return false;
    };
    if (!reinf) {
        serve(false, true);
        return;
    }
    if (serve(true, false)) return;
    if (backup_) serve(false, true);
}

// priority ------------------------------------------------------------------

PriorityPreemptionPolicy::PriorityPreemptionPolicy(PolicyParams& p) : NearestAvailablePolicy(p) {
    preempt_priority_ = static_cast<int>(p.number("preempt_priority", 1, 1, 4));
    min_gain_ = secondsToSim(p.number("preempt_min_gain_s", 0, 0, 86400));
}

void PriorityPreemptionPolicy::onCall(DispatchContext& ctx, IncidentIndex i) {
    const int prio = ctx.incident(i).priority;
    const int reg = ctx.regularNeeded(i);
    if (prio > preempt_priority_ || reg <= 0) {
        NearestAvailablePolicy::onCall(ctx, i);
        return;
    }
    CandidateQuery free_q;
    free_q.count = static_cast<std::size_t>(reg);
    CandidateQuery any_q = free_q;
    any_q.preempt_above_priority = prio;
    const std::vector<Candidate> free_units = ctx.fastest(i, free_q);
    const std::vector<Candidate> any_units = ctx.fastest(i, any_q);
    // Take a pre-empting unit only where it beats the next free unit by
    // at least the minimum gain.
    std::vector<Candidate> chosen;
    std::size_t next_free = 0;
    auto taken = [&](UnitIndex u) {
        return std::any_of(chosen.begin(), chosen.end(), [u](const Candidate& c) { return c.unit == u; });
    };
    for (const Candidate& c : any_units) {
        if (static_cast<int>(chosen.size()) >= reg) break;
        if (!c.preempts) {
            if (!taken(c.unit)) chosen.push_back(c);
            continue;
        }
        while (next_free < free_units.size() && taken(free_units[next_free].unit)) ++next_free;
        if (next_free < free_units.size() && free_units[next_free].eta < c.eta + min_gain_) {
            chosen.push_back(free_units[next_free++]);
        } else {
            chosen.push_back(c);
        }
    }
    for (const Candidate& c : free_units) {
        if (static_cast<int>(chosen.size()) >= reg) break;
        if (!taken(c.unit)) chosen.push_back(c);
    }
    for (const Candidate& c : chosen) ctx.dispatch(c.unit, i, true);
    // Reinforcement and backup as in `nearest`.
    const int left = ctx.regularNeeded(i);
    if (left > 0 && backup_) {
        CandidateQuery q;
        q.regular = false;
        q.reinforcement = true;
        sendFastest(ctx, i, left, q, true);
    }
    const int rf = ctx.reinforcementNeeded(i);
    if (rf > 0) {
        CandidateQuery q;
        q.regular = false;
        q.reinforcement = true;
        sendFastest(ctx, i, rf, q, false);
    }
}

}  // namespace jingwei::sim
