#include "sim/distribution.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace jingwei::sim {

Distribution Distribution::lognormalMeanSd(double mean_s, double sd_s) {
    // mean = exp(mu + s²/2), var = (exp(s²) − 1) exp(2mu + s²).
    const double s2 = std::log1p((sd_s * sd_s) / (mean_s * mean_s));
    return {Kind::Lognormal, std::log(mean_s) - 0.5 * s2, std::sqrt(s2), 0, 0};
}

Distribution Distribution::lognormalMedianSigma(double median_s, double sigma) {
    return {Kind::Lognormal, std::log(median_s), sigma, 0, 0};
}

std::string Distribution::check() const {
    auto pos = [](double v) { return std::isfinite(v) && v > 0; };
    switch (kind) {
    case Kind::Fixed:
    case Kind::Exponential:
        if (!pos(a)) return "the time must be a positive number";
        break;
    case Kind::Lognormal:
        if (!std::isfinite(a) || !(b >= 0) || !std::isfinite(b)) return "bad lognormal parameters";
        break;
    case Kind::Uniform:
        if (!(a >= 0) || !(b >= a) || !std::isfinite(b)) return "uniform needs 0 ≤ min ≤ max";
        break;
    case Kind::Triangular:
        if (!(a >= 0) || !(b >= a) || !(c >= b) || !(c > a) || !std::isfinite(c))
            return "triangular needs 0 ≤ min ≤ mode ≤ max and min < max";
        break;
    case Kind::Erlang:
        if (!pos(a)) return "the mean must be a positive number";
        if (!(b >= 1) || b != std::floor(b) || b > 1000) return "erlang k must be an integer 1..1000";
        break;
    }
    if (!(cap_s >= 0) || !std::isfinite(cap_s)) return "the cap must be ≥ 0";
    return {};
}

SimTime Distribution::sample(Rng& rng) const {
    double s = 0;
    switch (kind) {
    case Kind::Fixed: s = a; break;
    case Kind::Exponential: s = rng.exponential(a); break;
    case Kind::Lognormal: s = std::exp(a + b * rng.normal()); break;
    case Kind::Uniform: s = a + (b - a) * rng.uniform(); break;
    case Kind::Triangular: {
        const double u = rng.uniform();
        const double f = (b - a) / (c - a);
        s = u < f ? a + std::sqrt(u * (c - a) * (b - a)) : c - std::sqrt((1 - u) * (c - a) * (c - b));
        break;
    }
    case Kind::Erlang: {
        const int k = static_cast<int>(b);
        double prod_log = 0;
        for (int i = 0; i < k; ++i) prod_log += -std::log(rng.uniformPositive());
        s = prod_log * a / k;
        break;
    }
    }
    if (cap_s > 0) s = std::min(s, cap_s);
    return std::max<SimTime>(secondsToSim(s), kSecond);
}

double Distribution::meanSeconds() const {
    switch (kind) {
    case Kind::Fixed:
    case Kind::Exponential:
    case Kind::Erlang: return a;
    case Kind::Lognormal: return std::exp(a + 0.5 * b * b);
    case Kind::Uniform: return 0.5 * (a + b);
    case Kind::Triangular: return (a + b + c) / 3.0;
    }
    return a;
}

std::string_view Distribution::kindKey() const {
    switch (kind) {
    case Kind::Fixed: return "fixed";
    case Kind::Exponential: return "exponential";
    case Kind::Lognormal: return "lognormal";
    case Kind::Uniform: return "uniform";
    case Kind::Triangular: return "triangular";
    case Kind::Erlang: return "erlang";
    }
    return "?";
}

std::string Distribution::describe() const {
    char buf[160];
    switch (kind) {
    case Kind::Fixed: std::snprintf(buf, sizeof buf, "fixed(%.1f min)", a / 60); break;
    case Kind::Exponential: std::snprintf(buf, sizeof buf, "exponential(mean %.1f min)", a / 60); break;
    case Kind::Lognormal:
        std::snprintf(buf, sizeof buf, "lognormal(median %.1f min, sigma %.2f)", std::exp(a) / 60, b);
        break;
    case Kind::Uniform: std::snprintf(buf, sizeof buf, "uniform(%.1f–%.1f min)", a / 60, b / 60); break;
    case Kind::Triangular:
        std::snprintf(buf, sizeof buf, "triangular(%.1f, %.1f, %.1f min)", a / 60, b / 60, c / 60);
        break;
    case Kind::Erlang: std::snprintf(buf, sizeof buf, "erlang(mean %.1f min, k %d)", a / 60, static_cast<int>(b)); break;
    }
    std::string s = buf;
    if (cap_s > 0) {
        std::snprintf(buf, sizeof buf, ", cap %.1f min", cap_s / 60);
        s += buf;
    }
    return s;
}

}  // namespace jingwei::sim
