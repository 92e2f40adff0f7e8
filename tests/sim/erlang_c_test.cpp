// Erlang-C validation: every call at one node, c units based there (zero
// travel), Poisson arrivals, exponential on-scene times, FIFO queue: the
// engine is an M/M/c queue. The waiting probability and the mean wait over
// independent replications must match the Erlang-C formulas within a 99%
// confidence interval.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "sim/random.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {

// Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ.
double erlangC(int c, double a) {
    double term = 1, sum = 0;
    for (int k = 0; k < c; ++k) {
        if (k > 0) term *= a / k;
        sum += term;
    }
    const double top = term * a / c * c / (c - a);  // a^c / c! · c / (c − a)
    return top / (sum + top);
}

struct Stats {
    double mean = 0, half = 0;
};
Stats ci99(const std::vector<double>& x) {
    const double n = static_cast<double>(x.size());
    const double m = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double ss = 0;
    for (double v : x) ss += (v - m) * (v - m);
    const double sd = std::sqrt(ss / (n - 1));
    const double t = 2.861;  // Student t, 0.995 quantile, 19 degrees of freedom
    return {m, t * sd / std::sqrt(n)};
}

}  // namespace

TEST(ErlangC, WaitingProbabilityAndMeanWaitMatchTheFormulas) {
    const int c = 3;
    const double mean_service_min = 10, rate_per_hour = 14.4;  // ρ = 0.8
    const double lambda = rate_per_hour / 60, mu = 1 / mean_service_min, a = lambda / mu;
    const double pw = erlangC(c, a);
    const double wq_min = pw / (c * mu - lambda);

    const MapModel map = sim::test::tinyMap({{0, 0}, {1, 0}}, {{0, 1, 1000, 36}});
    const std::string text =
        "map: tiny\n"
        "period: {start: 2025-01-01T00:00+08:00, duration_h: 1500, drain_h: 0}\n"
        "travel: {congestion: false}\n"
        "forces:\n  stations: [{id: S, node: 0, units: 3}]\n"
        "incidents:\n  poisson: {rate_per_hour: 14.4, nodes: [0], category: 求助}\n"
        "categories:\n  default: {on_scene: {dist: exponential, mean_min: 10}}\n"
        "dispatch: {policy: nearest, queue: fifo}\n"
        "metrics: {coverage: {every_min: 0}}\n";
    const Scenario s = parseScenario(text, "erlang.yaml");
    auto net = std::make_shared<SimNetwork>(map.roads, travelModelFor(s, map));

    const int reps = 20;
    const std::size_t warmup = 500;
    std::vector<double> p_wait, mean_wait;
    std::size_t calls = 0;
    for (int k = 0; k < reps; ++k) {
        EngineOptions o;
        o.seed = streamSeed(2025, Stream::Replication, static_cast<std::uint64_t>(k));
        o.record_events = false;
        o.record_paths = false;
        o.coverage = false;
        Engine e(s, map, net, o);
        e.run();
        const RunRecord& r = *e.record();
        std::size_t n = 0, waited = 0;
        double wsum = 0;
        for (std::size_t i = warmup; i < r.incidents.size(); ++i) {
            const IncidentRecord& inc = r.incidents[i];
            if (inc.first_dispatch == kNever) continue;  // still waiting at the very end
            ++n;
            waited += inc.wait() > 0 ? 1 : 0;
            wsum += simToSeconds(inc.wait()) / 60;
            // Zero travel: the response is the wait.
            ASSERT_EQ(inc.response(), inc.wait());
        }
        calls += r.incidents.size();
        p_wait.push_back(static_cast<double>(waited) / static_cast<double>(n));
        mean_wait.push_back(wsum / static_cast<double>(n));
    }
    const Stats P = ci99(p_wait), W = ci99(mean_wait);
    RecordProperty("calls", static_cast<int>(calls));
    EXPECT_NEAR(pw, 0.6472, 1e-4);
    EXPECT_NEAR(P.mean, pw, P.half) << "P(wait) " << P.mean << " ± " << P.half << ", Erlang C " << pw;
    EXPECT_NEAR(W.mean, wq_min, W.half) << "Wq " << W.mean << " ± " << W.half << " min, Erlang C " << wq_min;
    // The interval is narrow enough to mean something.
    EXPECT_LT(P.half, 0.02);
    EXPECT_LT(W.half, 1.0);
}
