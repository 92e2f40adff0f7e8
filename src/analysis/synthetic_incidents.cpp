#include "analysis/synthetic_incidents.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <numbers>
#include <random>
#include <thread>

#include "core/crs.h"
#include "core/error.h"

namespace jingwei {

std::vector<SyntheticCategory> defaultSyntheticCategories() {
    return {{"盗窃", 3, 30}, {"纠纷", 3, 20}, {"交通事故", 2, 15}, {"求助", 4, 12}, {"斗殴", 2, 7},
            {"诈骗", 3, 6},  {"噪音扰民", 4, 4}, {"抢劫", 1, 3},  {"火警", 1, 3}};
}

std::array<double, 9> defaultRoadClassWeights() {
    // Motorway, Trunk, Primary, Secondary, Tertiary, Residential, Service, Path, Other
    return {0.3, 1.0, 1.5, 1.5, 1.3, 1.0, 0.6, 0.4, 0.5};
}

namespace {

// Uniforms and integers straight from the generator's raw 64 bits, so the
// stream is the same with every standard library.
class Random {
public:
    explicit Random(std::uint64_t seed) : rng_(seed) {}
    double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniformOpenLow() { return 1.0 - uniform(); }                           // (0, 1]
    std::uint64_t below(std::uint64_t n) {                                       // [0, n)
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(rng_()) * n) >> 64);
    }
    // Two independent N(0, 1) (Box–Muller).
    void normalPair(double* a, double* b) {
        const double r = std::sqrt(-2.0 * std::log(uniformOpenLow()));
        const double t = 2.0 * std::numbers::pi * uniform();
        *a = r * std::cos(t);
        *b = r * std::sin(t);
    }

private:
    std::mt19937_64 rng_;
};

// Cumulative weights; pick(u) for u in [0, 1) returns an index with
// probability ∝ weight.
class Cumulative {
public:
    void add(double w) { cum_.push_back((cum_.empty() ? 0.0 : cum_.back()) + w); }
    double total() const { return cum_.empty() ? 0.0 : cum_.back(); }
    std::size_t size() const { return cum_.size(); }
    std::size_t pick(double u) const {
        const double t = u * total();
        const auto it = std::upper_bound(cum_.begin(), cum_.end(), t);
        return std::min<std::size_t>(static_cast<std::size_t>(it - cum_.begin()), cum_.size() - 1);
    }

private:
    std::vector<double> cum_;
};

struct Raw {
    std::int64_t t;
    double x, y;
    std::uint16_t category;
};

void checkWeights(const double* w, std::size_t n, const char* what) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!(w[i] >= 0) || !std::isfinite(w[i]))
            throw Error("", what, "weights must be finite and not negative");
        s += w[i];
    }
    if (!(s > 0)) throw Error("", what, "the weights add up to zero");
}

}  // namespace

IncidentSet generateSyntheticIncidents(const MapModel& map, const SyntheticIncidentParams& p,
                                       const Progress& progress) {
    const RoadData& roads = map.roads;
    if (roads.edges.empty() || roads.nodes.empty())
        throw Error(map.name, "roads", "the map has no roads to place synthetic incidents on");
    if (map.crs.empty()) throw Error(map.name, "crs", "the map is not projected");
    if (p.days < 1) throw Error("", "synthetic incidents", "days must be at least 1");
    if (p.categories.empty()) throw Error("", "synthetic incidents", "no categories");
    const auto start = parseDate(p.start_date);
    if (!start) throw Error("", "synthetic incidents", "start date '" + p.start_date + "' is not YYYY-MM-DD");
    checkWeights(p.hour_profile.data(), 24, "hour profile");
    checkWeights(p.weekday_profile.data(), 7, "weekday profile");
    {
        std::vector<double> cw;
        for (const auto& c : p.categories) cw.push_back(c.weight);
        checkWeights(cw.data(), cw.size(), "category weights");
        const double shares[4] = {p.hotspot_share, p.road_share, p.poi_share, p.background_share};
        checkWeights(shares, 4, "mixture shares");
    }
    if (!(p.hotspot_sigma_min_m > 0) || p.hotspot_sigma_max_m < p.hotspot_sigma_min_m)
        throw Error("", "synthetic incidents", "hotspot sigmas must be positive and min ≤ max");

    Random rng(p.seed);

    // Roads: edges by shape length × class weight.
    Cumulative edges;
    std::vector<std::uint32_t> edge_of;
    for (std::uint32_t e = 0; e < roads.edges.size(); ++e) {
        const RoadEdge& edge = roads.edges[e];
        double len = 0;
        for (std::uint32_t k = 1; k < edge.shape_count; ++k) {
            const GeoPoint& a = roads.shape[edge.shape_begin + k - 1];
            const GeoPoint& b = roads.shape[edge.shape_begin + k];
            len += std::hypot(b.x - a.x, b.y - a.y);
        }
        const double w = len * p.road_class_weights[std::min<std::size_t>(static_cast<std::size_t>(edge.road_class), 8)];
        if (w > 0) {
            edges.add(w);
            edge_of.push_back(e);
        }
    }
    if (edges.size() == 0) throw Error(map.name, "roads", "the road shapes have no length");

    std::vector<XY> pois;
    for (const auto& layer : map.layers)
        for (const auto& f : layer.features)
            for (const auto& pt : f.points) pois.push_back(XY{pt.x, pt.y});

    struct Hotspot {
        double x, y, sigma;
    };
    std::vector<Hotspot> hot;
    Cumulative hot_pick;
    for (int k = 0; k < std::max(0, p.hotspots); ++k) {
        const GeoPoint& c = roads.nodes[rng.below(roads.nodes.size())].pos;
        const double sigma = p.hotspot_sigma_min_m + (p.hotspot_sigma_max_m - p.hotspot_sigma_min_m) * rng.uniform();
        hot.push_back({c.x, c.y, sigma});
        hot_pick.add(0.5 + rng.uniform());
    }
    const Bounds extent = roads.boundsXY();

    Cumulative mixture;  // hotspots, roads, POIs, background
    mixture.add(hot.empty() ? 0.0 : p.hotspot_share);
    mixture.add(p.road_share + (pois.empty() ? p.poi_share : 0.0));
    mixture.add(pois.empty() ? 0.0 : p.poi_share);
    mixture.add(p.background_share);
    if (!(mixture.total() > 0)) throw Error("", "synthetic incidents", "the mixture has no usable component");

    Cumulative days, hours, cats;
    for (int d = 0; d < p.days; ++d) days.add(p.weekday_profile[static_cast<std::size_t>(weekdayFromDays(*start + d))]);
    for (double w : p.hour_profile) hours.add(w);
    for (const auto& c : p.categories) cats.add(c.weight);

    std::vector<Raw> raw(p.count);
    for (std::size_t n = 0; n < p.count; ++n) {
        if ((n & 0xffff) == 0) progress.report(0.7 * static_cast<double>(n) / static_cast<double>(p.count), "生成合成警情");
        Raw& r = raw[n];
        double a = 0, b = 0;
        switch (mixture.pick(rng.uniform())) {
            case 0: {
                const Hotspot& h = hot[hot_pick.pick(rng.uniform())];
                rng.normalPair(&a, &b);
                r.x = h.x + h.sigma * a;
                r.y = h.y + h.sigma * b;
                break;
            }
            case 1: {
                const RoadEdge& e = roads.edges[edge_of[edges.pick(rng.uniform())]];
                // A uniform point along the shape.
                double len = 0;
                for (std::uint32_t k = 1; k < e.shape_count; ++k) {
                    const GeoPoint& s0 = roads.shape[e.shape_begin + k - 1];
                    const GeoPoint& s1 = roads.shape[e.shape_begin + k];
                    len += std::hypot(s1.x - s0.x, s1.y - s0.y);
                }
                double t = rng.uniform() * len;
                r.x = roads.shape[e.shape_begin].x;
                r.y = roads.shape[e.shape_begin].y;
                for (std::uint32_t k = 1; k < e.shape_count; ++k) {
                    const GeoPoint& s0 = roads.shape[e.shape_begin + k - 1];
                    const GeoPoint& s1 = roads.shape[e.shape_begin + k];
                    const double seg = std::hypot(s1.x - s0.x, s1.y - s0.y);
                    if (t <= seg || k + 1 == e.shape_count) {
                        const double f = seg > 0 ? std::min(1.0, t / seg) : 0.0;
                        r.x = s0.x + f * (s1.x - s0.x);
                        r.y = s0.y + f * (s1.y - s0.y);
                        break;
                    }
                    t -= seg;
                }
                rng.normalPair(&a, &b);
                r.x += p.road_jitter_m * a;
                r.y += p.road_jitter_m * b;
                break;
            }
            case 2: {
                const XY& q = pois[rng.below(pois.size())];
                rng.normalPair(&a, &b);
                r.x = q.x + p.road_jitter_m * a;
                r.y = q.y + p.road_jitter_m * b;
                break;
            }
            default:
                r.x = extent.min_x + rng.uniform() * extent.width();
                r.y = extent.min_y + rng.uniform() * extent.height();
                break;
        }
        const std::int64_t day = *start + static_cast<std::int64_t>(days.pick(rng.uniform()));
        const auto hour = static_cast<std::int64_t>(hours.pick(rng.uniform()));
        const auto second = static_cast<std::int64_t>(rng.below(3600));
        r.t = day * 86400 + hour * 3600 + second - p.utc_offset_s;
        r.category = static_cast<std::uint16_t>(cats.pick(rng.uniform()));
    }
    std::stable_sort(raw.begin(), raw.end(), [](const Raw& x, const Raw& y) { return x.t < y.t; });
    progress.report(0.75, "生成合成警情");

    // lon/lat through PROJ, one Projector per thread.
    std::vector<LonLat> ll(raw.size());
    {
        const int threads = raw.size() > 20000 ? 2 : 1;
        std::exception_ptr error;
        auto work = [&](std::size_t b, std::size_t e, std::exception_ptr* err) {
            try {
                const Projector proj(map.crs);
                for (std::size_t i = b; i < e; ++i) ll[i] = proj.inverse(XY{raw[i].x, raw[i].y});
            } catch (...) {
                *err = std::current_exception();
            }
        };
        if (threads == 1) {
            work(0, raw.size(), &error);
        } else {
            std::exception_ptr other_error;
            std::thread other(work, raw.size() / 2, raw.size(), &other_error);
            work(0, raw.size() / 2, &error);
            other.join();
            if (!error) error = other_error;
        }
        if (error) std::rethrow_exception(error);
    }
    progress.report(0.9, "生成合成警情");

    IncidentSet set(p.utc_offset_s);
    set.reserve(raw.size());
    const int width = std::max(6, static_cast<int>(std::to_string(raw.size()).size()));
    Incident inc;
    inc.source = kSyntheticSource;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        std::string num = std::to_string(i + 1);
        if (num.size() < static_cast<std::size_t>(width)) num.insert(0, static_cast<std::size_t>(width) - num.size(), '0');
        inc.id = p.id_prefix + num;
        inc.time_s = raw[i].t;
        inc.time_precision = TimePrecision::Second;
        const SyntheticCategory& c = p.categories[raw[i].category];
        inc.category = c.name;
        inc.priority = c.priority;
        inc.pos = GeoPoint{ll[i].lon, ll[i].lat, raw[i].x, raw[i].y};
        set.add(inc);
    }
    set.setCrs(map.crs);
    progress.report(1.0, "生成合成警情");
    return set;
}

}  // namespace jingwei
