#pragma once
// On-scene time distributions (处置时长) per incident category. Parameters
// are kept in seconds; a scenario gives them in minutes (docs/formats.md,
// "Scenario files"). Samples are whole milliseconds, at least 1 s.
#include <string>

#include "sim/random.h"
#include "sim/sim_types.h"

namespace jingwei::sim {

struct Distribution {
    enum class Kind : std::uint8_t {
        Fixed,        // a = value
        Exponential,  // a = mean
        Lognormal,    // a = mu, b = sigma of the underlying normal (of ln seconds)
        Uniform,      // a = min, b = max
        Triangular,   // a = min, b = mode, c = max
        Erlang,       // a = mean, b = k (shape, integer ≥ 1)
    };
    Kind kind = Kind::Fixed;
    double a = 1800, b = 0, c = 0;
    double cap_s = 0;          // > 0: samples above are cut to cap_s

    static Distribution fixed(double s) { return {Kind::Fixed, s, 0, 0, 0}; }
    static Distribution exponential(double mean_s) { return {Kind::Exponential, mean_s, 0, 0, 0}; }
    // From the mean and standard deviation of the (lognormal) times.
    static Distribution lognormalMeanSd(double mean_s, double sd_s);
    static Distribution lognormalMedianSigma(double median_s, double sigma);
    static Distribution uniform(double lo_s, double hi_s) { return {Kind::Uniform, lo_s, hi_s, 0, 0}; }
    static Distribution triangular(double lo_s, double mode_s, double hi_s) {
        return {Kind::Triangular, lo_s, mode_s, hi_s, 0};
    }
    static Distribution erlang(double mean_s, int k) { return {Kind::Erlang, mean_s, static_cast<double>(k), 0, 0}; }

    // Empty when valid, else the reason.
    std::string check() const;
    // One sample in ms (≥ 1000, ≤ cap).
    SimTime sample(Rng& rng) const;
    // The mean in seconds (without the cap).
    double meanSeconds() const;
    // "lognormal(median 25.0 min, sigma 0.60)".
    std::string describe() const;
    std::string_view kindKey() const;
};

}  // namespace jingwei::sim
