#pragma once
// Dispatch policies (派警策略). A policy decides which units go to which
// call; the engine does everything else (moving units, timing, records).
// A new policy is a new class derived from DispatchPolicy, registered by
// name with registerDispatchPolicy(); a scenario picks it with
//   dispatch: {policy: <name>, <param>: <value>, ...}
// and the engine never changes.
//
// Built in:
//   nearest   the available unit that reaches the scene soonest over the
//             network (mobilisation delays included); several units for
//             categories with units > 1; 特警/应急机动 reinforcement for
//             categories with reinforce > 0; calls without a unit wait in a
//             queue served by priority, then call time.
//             params: queue (priority | fifo), max_wait_min (0 = wait for
//             ever), reinforcement_as_backup (false: 特警/应急机动 only
//             reinforce; true: they also take calls no regular unit can).
//   priority  nearest + pre-emption: a call of priority ≤ preempt_priority
//             (default 1) may take a unit that is on its way to a call of
//             lower priority (a larger number), when that unit arrives at
//             least preempt_min_gain_s sooner than the best free unit
//             (default 0). The abandoned call goes back to the queue.
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/run_record.h"
#include "sim/sim_types.h"

namespace jingwei::sim {

struct DispatchSpec;
struct PolicyParam;

// A unit that could go, and when it would arrive.
struct Candidate {
    UnitIndex unit = kNone;
    SimTime eta = kNever;        // absolute time of arrival at the scene
    bool preempts = false;       // the unit is on its way to another call
};

struct CandidateQuery {
    std::size_t count = 1;       // how many units (the soonest first)
    bool regular = true;         // stations, posts, patrols, 前置屯警
    bool reinforcement = false;  // 特警, 应急机动
    // > 0: also units on their way to a call whose priority number is
    // greater than this (lower priority); 0 = free units only.
    int preempt_above_priority = 0;
};

// What the engine offers a policy. All searches are exact over the network
// at the current costs and congestion.
class DispatchContext {
public:
    virtual ~DispatchContext() = default;
    virtual SimTime now() const = 0;
    virtual const IncidentRecord& incident(IncidentIndex i) const = 0;
    virtual const UnitInfo& unitInfo(UnitIndex u) const = 0;
    virtual UnitStatus unitStatus(UnitIndex u) const = 0;
    virtual IncidentIndex unitJob(UnitIndex u) const = 0;   // kNone when free
    virtual std::size_t unitCount() const = 0;

    // Units still needed by an incident (regular / reinforcement).
    virtual int regularNeeded(IncidentIndex i) const = 0;
    virtual int reinforcementNeeded(IncidentIndex i) const = 0;
    // Incidents waiting for units of that class, by (priority, call time, index).
    virtual std::vector<IncidentIndex> waiting(bool reinforcement) const = 0;

    // The soonest units, sorted by (eta, unit index). Exact.
    virtual std::vector<Candidate> fastest(IncidentIndex i, const CandidateQuery& q) = 0;
    // When unit u would arrive at incident i if sent now (kNever: cannot).
    virtual SimTime eta(UnitIndex u, IncidentIndex i) = 0;
    // Sends u to i. A unit on its way to another call is taken from it
    // (pre-emption; that call goes back to the queue). counts_as_regular:
    // the unit fills a regular need (a reinforcement unit used as backup).
    virtual void dispatch(UnitIndex u, IncidentIndex i, bool counts_as_regular) = 0;
    // Gives an incident up (e.g. max wait exceeded).
    virtual void giveUp(IncidentIndex i, UnservedReason reason) = 0;
};

class DispatchPolicy {
public:
    virtual ~DispatchPolicy() = default;
    virtual std::string name() const = 0;
    // A call needs units: a new call, or one that lost a unit to pre-emption.
    virtual void onCall(DispatchContext& ctx, IncidentIndex i) = 0;
    // A unit became free (job done, back on duty). It stands where it is.
    virtual void onUnitFree(DispatchContext& ctx, UnitIndex u) = 0;
    // How long a call may wait without any unit before it is given up
    // (kNever = for ever). The engine keeps the clock.
    virtual SimTime maxWait() const { return kNever; }
};

// A bad parameter: names the parameter and its line.
struct PolicyError : std::runtime_error {
    PolicyError(std::string field_, int line_, const std::string& reason)
        : std::runtime_error(reason), field(std::move(field_)), line(line_) {}
    std::string field;
    int line = 0;
};

// Typed access to a policy's parameters; finish() rejects any not read.
class PolicyParams {
public:
    explicit PolicyParams(std::span<const PolicyParam> params);
    double number(const std::string& key, double fallback, double lo, double hi);
    bool boolean(const std::string& key, bool fallback);
    std::string word(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed);
    void finish() const;  // throws PolicyError for an unknown parameter

private:
    const PolicyParam* find(const std::string& key);
    std::span<const PolicyParam> params_;
    std::vector<std::uint8_t> used_;
};

using PolicyFactory = std::function<std::unique_ptr<DispatchPolicy>(PolicyParams&)>;

// Registers a policy (replacing one of the same name). Thread-safe.
void registerDispatchPolicy(const std::string& name, const std::string& description, PolicyFactory factory);
std::vector<std::string> dispatchPolicyNames();
std::string joinPolicyNames();
// Throws PolicyError for an unknown name (field "policy") or parameter.
std::unique_ptr<DispatchPolicy> makeDispatchPolicy(const DispatchSpec& spec);

// The built-in policies, for extension by derivation.
class NearestAvailablePolicy : public DispatchPolicy {
public:
    explicit NearestAvailablePolicy(PolicyParams& p);
    std::string name() const override { return "nearest"; }
    void onCall(DispatchContext& ctx, IncidentIndex i) override;
    void onUnitFree(DispatchContext& ctx, UnitIndex u) override;
    SimTime maxWait() const override { return max_wait_; }

protected:
    // Sends up to `need` units of the query's classes; returns how many went.
    int sendFastest(DispatchContext& ctx, IncidentIndex i, int need, CandidateQuery q, bool as_regular);
    bool fifo_ = false;
    bool backup_ = false;
    SimTime max_wait_ = kNever;
};

class PriorityPreemptionPolicy : public NearestAvailablePolicy {
public:
    explicit PriorityPreemptionPolicy(PolicyParams& p);
    std::string name() const override { return "priority"; }
    void onCall(DispatchContext& ctx, IncidentIndex i) override;

private:
    int preempt_priority_ = 1;
    SimTime min_gain_ = 0;
};

}  // namespace jingwei::sim
