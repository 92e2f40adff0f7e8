// Scenario files: the samples parse, and every malformed case names its
// line and field.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "core/error.h"
#include "sim/dispatch_policy.h"
#include "sim/scenario.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {

const char* kBase =
    "name: t\n"                                                          // 1
    "map: synthetic\n"                                                   // 2
    "period:\n"                                                          // 3
    "  start: 2025-01-01\n"                                              // 4
    "  duration_h: 2\n"                                                  // 5
    "forces:\n"                                                          // 6
    "  stations:\n"                                                      // 7
    "    - {id: S1, at: [114.06, 22.60], units: 2}\n"                    // 8
    "incidents:\n"                                                       // 9
    "  poisson: {rate_per_hour: 5, at: [114.06, 22.60]}\n"               // 10
    "categories:\n"                                                      // 11
    "  default: {on_scene: {dist: exponential, mean_min: 20}}\n"         // 12
    "dispatch: {policy: nearest}\n";                                     // 13

std::string replaceLine(std::string text, int line, const std::string& with) {
    std::size_t start = 0;
    for (int l = 1; l < line; ++l) start = text.find('\n', start) + 1;
    const std::size_t end = text.find('\n', start);
    return text.replace(start, end - start, with);
}

struct Bad {
    std::string name;
    std::string text;
    int line;
    std::string field;  // expected at the start of the reason
    std::string reason; // a fragment of the reason
};

}  // namespace

TEST(Scenario, BaseParses) {
    const Scenario s = parseScenario(kBase, "t.yaml");
    EXPECT_EQ(s.map, "synthetic");
    EXPECT_EQ(s.duration, 2 * kHour);
    ASSERT_EQ(s.bases.size(), 1u);
    EXPECT_EQ(s.bases[0].units, 2);
    EXPECT_EQ(s.unitCount(), 2u);
    EXPECT_EQ(s.start_utc_s, 1735689600 - 8 * 3600);  // 2025-01-01 00:00 at UTC+8
    ASSERT_EQ(s.incidents.poisson.size(), 1u);
    EXPECT_DOUBLE_EQ(s.incidents.poisson[0].rate_per_hour, 5);
    EXPECT_EQ(s.dispatch.policy, "nearest");
}

TEST(Scenario, MalformedCasesNameLineAndField) {
    const std::string b = kBase;
    const std::vector<Bad> cases = {
        {"unknown top-level key", b + "colour: red\n", 14, "colour", "unknown key"},
        {"unknown key in a station", replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60], colour: red}"), 8,
         "forces.stations[0].colour", "unknown key"},
        {"wrong type", replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60], units: two}"), 8, "forces.stations[0].units",
         "expected an integer"},
        {"negative count", replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60], units: -1}"), 8, "forces.stations[0].units",
         "between 0 and"},
        {"latitude out of range", replaceLine(b, 8, "    - {id: S1, at: [114.06, 122.60]}"), 8, "forces.stations[0].at[1]",
         "≤ 90"},
        {"two places", replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60], node: 3}"), 8, "forces.stations[0]",
         "give only one of"},
        {"no place", replaceLine(b, 8, "    - {id: S1}"), 8, "forces.stations[0]", "missing the place"},
        {"unknown distribution", replaceLine(b, 12, "  default: {on_scene: {dist: gaussian, mean_min: 20}}"), 12,
         "categories.default.on_scene.dist", "unknown distribution 'gaussian'"},
        {"distribution parameter missing", replaceLine(b, 12, "  default: {on_scene: {dist: lognormal, median_min: 20}}"), 12,
         "categories.default.on_scene", "needs sigma"},
        {"distribution key of another kind", replaceLine(b, 12, "  default: {on_scene: {dist: exponential, mean_min: 20, k: 2}}"),
         12, "categories.default.on_scene.k", "unknown key"},
        {"bad priority", replaceLine(b, 12, "  default: {on_scene: {dist: exponential, mean_min: 20}}\n  盗窃: {priority: 9}"), 13,
         "categories.盗窃.priority", "between 1 and 4"},
        {"unknown policy", replaceLine(b, 13, "dispatch: {policy: random}"), 13, "dispatch.policy",
         "unknown dispatch policy 'random'"},
        {"policy parameter out of range", replaceLine(b, 13, "dispatch: {policy: priority, preempt_priority: 7}"), 13,
         "dispatch.preempt_priority", "between 1"},
        {"unknown policy parameter", replaceLine(b, 13, "dispatch: {policy: nearest, preempt_priority: 1}"), 13,
         "dispatch.preempt_priority", "unknown parameter"},
        {"policy parameter type", replaceLine(b, 13, "dispatch: {policy: nearest, queue: lifo}"), 13, "dispatch.queue",
         "expected one of priority, fifo"},
        {"YAML syntax error", replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60, units: 2}"), 8, "", "YAML syntax error"},
        {"bad period start", replaceLine(b, 4, "  start: yesterday"), 4, "period.start", "expected a date"},
        {"missing duration", replaceLine(b, 5, "  drain_h: 1"), 4, "period", "missing duration_h"},
        {"missing map", replaceLine(b, 2, "seed: 3"), 1, "", "missing map"},
        {"key given twice", replaceLine(b, 2, "map: synthetic\nmap: futian"), 3, "map", "key given twice"},
        {"duplicate id", replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60]}\n    - {id: S1, at: [114.07, 22.60]}"), 9,
         "forces.stations", "used twice"},
        {"forward post home",
         replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60]}\n  forward_posts:\n    - {id: F1, at: [114.06, 22.60], home: X, units: 1, schedule: {\"07-09\": 1}}"),
         10, "forces.forward_posts", "home 'X' is not the id of a station"},
        {"bad schedule", b + "forces2: 1\n", 14, "forces2", "unknown key"},
        {"schedule hour range", replaceLine(b, 7, "  forward_posts:\n    - {id: F1, at: [114.06, 22.60], units: 2, schedule: {\"25-27\": 1}}"),
         8, "forces.forward_posts[0].schedule.25-27", "expected an hour range"},
        {"schedule beyond units", replaceLine(b, 7, "  forward_posts:\n    - {id: F1, at: [114.06, 22.60], units: 2, schedule: {\"07-09\": 3}}"),
         8, "forces.forward_posts[0].schedule.07-09", "between 0 and 2"},
        {"readiness level unknown", replaceLine(b, 7, "  mobile:\n    - {id: M1, at: [114.06, 22.60], readiness: 7}"), 8,
         "forces.mobile[0].readiness", "no readiness level 7"},
        {"patrol without route or beat", replaceLine(b, 7, "  patrols:\n    - {id: P1}"), 8, "forces.patrols[0]",
         "give a route"},
        {"event type", b + "events:\n  - {type: flood, start: \"08:00\", end: \"09:00\"}\n", 15, "events[0].type",
         "unknown event type 'flood'"},
        {"closure target", b + "events:\n  - {type: closure, start: \"08:00\", end: \"09:00\"}\n", 15, "events[0]",
         "needs edges, ways or an area"},
        {"event clock", b + "events:\n  - {type: congestion, start: \"8 o'clock\", end: \"09:00\", factor: 2}\n", 15,
         "events[0].start", "expected \"HH:MM\""},
        {"event window order", b + "events:\n  - {type: congestion, start: \"09:00\", end: \"08:00\", factor: 2}\n", 15,
         "events[0].end", "must be after start"},
        {"area without radius", b + "events:\n  - type: surge\n    start: \"00:30\"\n    end: \"01:00\"\n    extra_per_hour: 5\n    area: {centre: [114.06, 22.6]}\n",
         19, "events[0].area", "missing radius_m"},
        {"no incident stream", replaceLine(b, 10, "  poisson: []"), 10, "incidents", "needs at least one stream"},
        {"poisson rate", replaceLine(b, 10, "  poisson: {rate_per_hour: -5, at: [114.06, 22.60]}"), 10,
         "incidents.poisson.rate_per_hour", "must be ≥ 0"},
        {"no units", replaceLine(b, 8, "    - {id: S1, at: [114.06, 22.60], units: 0}"), 7, "forces", "no units"},
        {"metrics coverage key", b + "metrics: {coverage: {every: 15}}\n", 14, "metrics.coverage.every", "unknown key"},
        {"travel factor range", b + "travel: {emergency_speed_factor: 9}\n", 14, "travel.emergency_speed_factor", "≤ 3"},
    };
    for (const Bad& c : cases) {
        SCOPED_TRACE(c.name);
        try {
            parseScenario(c.text, "bad.yaml");
            ADD_FAILURE() << "no error for: " << c.name << "\n" << c.text;
        } catch (const Error& e) {
            EXPECT_EQ(e.file(), "bad.yaml");
            EXPECT_EQ(e.where(), "line " + std::to_string(c.line)) << e.what();
            if (!c.field.empty()) {
                EXPECT_EQ(e.reason().rfind(c.field + ":", 0), 0u) << e.what();
            }
            EXPECT_NE(e.reason().find(c.reason), std::string::npos) << e.what();
        }
    }
}

TEST(Scenario, EverySampleParses) {
    namespace fs = std::filesystem;
    int n = 0;
    for (const auto& entry : fs::directory_iterator(sim::test::sourcePath("scenarios"))) {
        if (entry.path().extension() != ".yaml") continue;
        SCOPED_TRACE(entry.path().string());
        const Scenario s = readScenario(entry.path().string());
        EXPECT_FALSE(s.name.empty());
        EXPECT_GT(s.unitCount(), 0u);
        EXPECT_GT(s.duration, 0);
        // Each sample says what it is in a header comment.
        EXPECT_EQ(s.text.rfind("# ", 0), 0u);
        ++n;
    }
    EXPECT_GE(n, 4);
}

TEST(Scenario, WindowsAndSchedules) {
    const std::string text = replaceLine(kBase, 8,
                                         "    - {id: S1, at: [114.06, 22.60], units: 2}\n"
                                         "  forward_posts:\n"
                                         "    - {id: F1, at: [114.06, 22.60], units: 3, schedule: {\"22-02\": 2, \"07-09\": 3}}") +
                             "events:\n"
                             "  - {type: congestion, start: \"01:30\", duration_min: 30, factor: 1.5}\n"
                             "  - {type: closure, start: 2025-01-01T00:15+08:00, end: \"26:00\", edges: [1, 2]}\n";
    const Scenario s = parseScenario(text, "w.yaml");
    ASSERT_EQ(s.bases.size(), 2u);
    const auto& sched = s.bases[1].schedule;
    EXPECT_EQ(sched[22], 2);
    EXPECT_EQ(sched[23], 2);
    EXPECT_EQ(sched[0], 2);
    EXPECT_EQ(sched[1], 2);
    EXPECT_EQ(sched[2], 0);
    EXPECT_EQ(sched[7], 3);
    EXPECT_EQ(sched[8], 3);
    EXPECT_EQ(sched[9], 0);
    const Scenario all_day = parseScenario(replaceLine(kBase, 8,
                                                       "    - {id: S1, at: [114.06, 22.60]}\n"
                                                       "  forward_posts:\n"
                                                       "    - {id: F1, at: [114.06, 22.60], units: 1, schedule: {\"00-24\": 1}}"),
                                           "w.yaml");
    for (int h = 0; h < 24; ++h) EXPECT_EQ(all_day.bases[1].schedule[static_cast<std::size_t>(h)], 1) << h;
    ASSERT_EQ(s.congestion.size(), 1u);
    EXPECT_EQ(s.congestion[0].window.start, 90 * kMinute);
    EXPECT_EQ(s.congestion[0].window.end, 120 * kMinute);
    ASSERT_EQ(s.closures.size(), 1u);
    EXPECT_EQ(s.closures[0].window.start, 15 * kMinute);
    EXPECT_EQ(s.closures[0].window.end, 26 * kHour);
}

// A policy is a class registered by name: the scenario can use it and its
// parameters are checked like the built-in ones.
namespace {
class AlwaysQueuePolicy : public DispatchPolicy {
public:
    explicit AlwaysQueuePolicy(PolicyParams& p) : limit_(p.number("limit", 1, 0, 10)) {}
    std::string name() const override { return "always_queue"; }
    void onCall(DispatchContext&, IncidentIndex) override {}
    void onUnitFree(DispatchContext&, UnitIndex) override {}
    SimTime maxWait() const override { return secondsToSim(limit_ * 60); }

private:
    double limit_;
};
}  // namespace

TEST(Scenario, CustomPolicyIsRegisteredByName) {
    registerDispatchPolicy("always_queue", "never sends anyone (test)",
                           [](PolicyParams& p) { return std::make_unique<AlwaysQueuePolicy>(p); });
    const std::string ok = replaceLine(kBase, 13, "dispatch: {policy: always_queue, limit: 2}");
    EXPECT_EQ(parseScenario(ok, "p.yaml").dispatch.policy, "always_queue");
    try {
        parseScenario(replaceLine(kBase, 13, "dispatch: {policy: always_queue, limit: 20}"), "p.yaml");
        ADD_FAILURE() << "limit 20 accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), "line 13");
        EXPECT_NE(e.reason().find("dispatch.limit"), std::string::npos) << e.what();
    }
    // Every call times out: the engine gives them up with the reason.
    const Scenario s = parseScenario(ok, "p.yaml");
    auto run = sim::test::runScenario(s, sim::test::syntheticMap());
    const RunRecord& r = run.record();
    ASSERT_GT(r.incidents.size(), 0u);
    for (const IncidentRecord& i : r.incidents) {
        EXPECT_FALSE(i.served());
        EXPECT_EQ(i.reason, UnservedReason::Timeout);
        EXPECT_EQ(i.closed - i.call, 2 * kMinute);
    }
}
