#pragma once
// Seeded random numbers with explicit transforms. The engine is
// std::mt19937_64; everything else (uniform doubles, exponential, normal,
// lognormal) is computed here from its raw 64-bit output, never through
// std:: distributions, whose algorithms differ between standard libraries.
// Independent streams come from one seed through SplitMix64, so adding a
// stream never shifts the numbers of another.
#include <cmath>
#include <cstdint>
#include <random>

namespace jingwei::sim {

// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit mixing step.
inline std::uint64_t splitMix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Named streams of one run.
enum class Stream : std::uint64_t {
    Incidents = 1,    // the synthetic generator's seed
    OnScene = 2,      // on-scene times, in incident order
    Poisson = 3,      // poisson streams
    Surge = 4,        // large-event surges
    Beats = 5,        // waypoints of beats
    Coverage = 6,     // demand-point sampling for coverage
    Replication = 7,  // tests: replications
};

inline std::uint64_t streamSeed(std::uint64_t seed, Stream s, std::uint64_t index = 0) {
    return splitMix64(splitMix64(seed ^ (static_cast<std::uint64_t>(s) * 0xD1B54A32D192ED03ull)) + index);
}

class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    Rng(std::uint64_t seed, Stream s, std::uint64_t index = 0) : engine_(streamSeed(seed, s, index)) {}

    std::uint64_t bits() { return engine_(); }
    // Uniform in [0, 1): the top 53 bits.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    // Uniform in (0, 1]: never 0, for logarithms.
    double uniformPositive() { return (static_cast<double>(engine_() >> 11) + 1.0) * 0x1.0p-53; }
    // Uniform integer in [0, n) (Lemire's multiply-shift with rejection).
    std::uint64_t below(std::uint64_t n) {
        if (n <= 1) return 0;
        for (;;) {
            const unsigned __int128 m = static_cast<unsigned __int128>(engine_()) * n;
            const std::uint64_t lo = static_cast<std::uint64_t>(m);
            if (lo >= n || lo >= (-n) % n) return static_cast<std::uint64_t>(m >> 64);
        }
    }
    // Exponential with the given mean (inversion).
    double exponential(double mean) { return -std::log(uniformPositive()) * mean; }
    // Standard normal (Box–Muller, one value per two uniforms: no hidden state).
    double normal() {
        const double u1 = uniformPositive(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586476925 * u2);
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace jingwei::sim
