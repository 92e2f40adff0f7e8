#include "mapdata/synthetic_city.h"

// How the city is made (all in local metres around (0,0), y north):
//  1. A jittered grid of blocks_x × blocks_y blocks. Every street between two
//     intersections has a mid-block node, so a block contributes four street
//     pieces (eight directed edges). Lines are local streets, every
//     collector_every-th a collector and every arterial_every-th (counted from
//     the centre lines) an arterial; arterials are straight.
//  2. Ring roads: rounded-rectangle loops joined to the arterials where they
//     cross them (grade-separated over collectors and local streets).
//  3. Service alleys through some blocks, and one-way pairs (couplets) of
//     parallel streets far from the river.
//  4. A meandering river across the city. Every road is cut where it crosses
//     the river or touches its banks, except `bridges` crossings: ring roads
//     first, then arterials (then collectors, local streets), spread evenly
//     along the river within each class.
//  5. Pieces cut off from the city are dropped, nodes are renumbered, and
//     everything is placed at the projected centre and given lon/lat.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/crs.h"
#include "core/error.h"

namespace jingwei {

namespace {

constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();
constexpr std::string_view kStage = "生成道路";
constexpr double kPi = std::numbers::pi;

// Uniform doubles from raw 64-bit draws, so the numbers are the same with any
// standard library (std:: distributions are not specified bit for bit).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : eng_(seed) {}
    double uniform() { return static_cast<double>(eng_() >> 11) * 0x1.0p-53; }  // [0,1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

private:
    std::mt19937_64 eng_;
};

struct V2 {
    double x = 0, y = 0;
};

// A way is a polyline of vertices; vertices that are graph nodes split it
// into pieces (one undirected street piece between two nodes).
struct Vertex {
    std::uint32_t node = kNoNode;  // kNoNode: a shape point only
    V2 p;
};

struct Way {
    RoadClass cls = RoadClass::Residential;
    std::string name;
    int oneway = 0;  // 0: both directions; +1: vertex order only; -1: against it
    std::uint32_t vbegin = 0, vcount = 0;
};

struct Piece {
    std::uint32_t a = 0, b = 0;  // provisional node ids at the ends
    std::uint32_t way = 0;
    std::uint32_t vbegin = 0, vend = 0;  // vertex positions in the way's range (inclusive)
    std::int32_t candidate = -1;         // >= 0: a river crossing that may become a bridge
};

struct Candidate {
    std::uint32_t piece = 0;
    int tier = 0;         // 0: rings, 1: arterials, 2: collectors, 3: the rest
    double along = 0;     // position along the river axis, to spread bridges
};

enum class LineKind { Local, Collector, Secondary, Primary };

struct ClassDefaults {
    int lanes;
    double maxspeed_kph;
};

ClassDefaults defaultsOf(RoadClass c) {
    switch (c) {
        case RoadClass::Motorway: return {6, 80};
        case RoadClass::Trunk: return {6, 70};
        case RoadClass::Primary: return {6, 60};
        case RoadClass::Secondary: return {4, 50};
        case RoadClass::Tertiary: return {2, 40};
        case RoadClass::Residential: return {2, 30};
        case RoadClass::Service: return {1, 20};
        default: return {0, 0};
    }
}

RoadClass classOf(LineKind k) {
    switch (k) {
        case LineKind::Primary: return RoadClass::Primary;
        case LineKind::Secondary: return RoadClass::Secondary;
        case LineKind::Collector: return RoadClass::Tertiary;
        default: return RoadClass::Residential;
    }
}

int floorMod(int a, int m) {
    const int r = a % m;
    return r < 0 ? r + m : r;
}

std::string chineseNumeral(int n) {
    static const std::array<const char*, 11> digits = {"零", "一", "二", "三", "四", "五",
                                                       "六", "七", "八", "九", "十"};
    if (n >= 0 && n <= 10) return digits[static_cast<std::size_t>(n)];
    if (n < 20) return std::string("十") + digits[static_cast<std::size_t>(n - 10)];
    return std::to_string(n);
}

// Street names: 经 for north-south lines, 纬 for east-west ones (as in several
// Chinese grid cities); arterials get names from a list.
std::string lineName(bool north_south, LineKind kind, int line_index, int arterial_ordinal) {
    static const std::array<const char*, 10> ns_names = {"人民大道", "建设路", "解放路", "中山路", "和平路",
                                                         "胜利路",   "友谊路", "文化路", "新华路", "光明路"};
    static const std::array<const char*, 10> ew_names = {"长江路", "黄河路", "东风路", "幸福路", "迎宾大道",
                                                         "滨河路", "朝阳路", "振兴路", "团结路", "复兴路"};
    const std::string n = std::to_string(line_index + 1);
    switch (kind) {
        case LineKind::Primary:
        case LineKind::Secondary: {
            const auto& names = north_south ? ns_names : ew_names;
            if (arterial_ordinal >= 0 && arterial_ordinal < static_cast<int>(names.size()))
                return names[static_cast<std::size_t>(arterial_ordinal)];
            return "合成路" + n + "号";
        }
        case LineKind::Collector: return (north_south ? "经" : "纬") + n + "街";
        default: return (north_south ? "经" : "纬") + n + "路";
    }
}

// ---------------------------------------------------------------------------
// The river: a polyline with a bucket grid for distance and crossing queries.
class River {
public:
    std::vector<V2> pts;
    double axis_cos = 1, axis_sin = 0;

    void index(double min_x, double min_y, double max_x, double max_y, double cell) {
        cell_ = cell;
        min_x_ = min_x;
        min_y_ = min_y;
        nx_ = std::max(1, static_cast<int>(std::ceil((max_x - min_x) / cell)));
        ny_ = std::max(1, static_cast<int>(std::ceil((max_y - min_y) / cell)));
        const std::size_t nseg = pts.size() < 2 ? 0 : pts.size() - 1;
        first_.assign(static_cast<std::size_t>(nx_) * ny_ + 1, 0);
        // Two passes of the same cell walk: count, then fill (CSR).
        auto walk = [&](auto&& fn) {
            for (std::size_t s = 0; s < nseg; ++s) {
                const V2 a = pts[s], b = pts[s + 1];
                const int x0 = cx(std::min(a.x, b.x)), x1 = cx(std::max(a.x, b.x));
                const int y0 = cy(std::min(a.y, b.y)), y1 = cy(std::max(a.y, b.y));
                for (int y = y0; y <= y1; ++y)
                    for (int x = x0; x <= x1; ++x) fn(static_cast<std::size_t>(y) * nx_ + x, s);
            }
        };
        walk([&](std::size_t c, std::size_t) { ++first_[c + 1]; });
        for (std::size_t c = 0; c + 1 < first_.size(); ++c) first_[c + 1] += first_[c];
        seg_.resize(first_.back());
        std::vector<std::uint32_t> next(first_.begin(), first_.end() - 1);
        walk([&](std::size_t c, std::size_t s) { seg_[next[c]++] = static_cast<std::uint32_t>(s); });
        stamp_.assign(nseg, 0);
        stamp_now_ = 0;
    }

    // True when p is closer than r to the river centreline.
    bool near(V2 p, double r) const {
        const double r2 = r * r;
        const int x0 = cx(p.x - r), x1 = cx(p.x + r), y0 = cy(p.y - r), y1 = cy(p.y + r);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const std::size_t c = static_cast<std::size_t>(y) * nx_ + x;
                for (std::uint32_t k = first_[c]; k < first_[c + 1]; ++k)
                    if (dist2(p, pts[seg_[k]], pts[seg_[k] + 1]) < r2) return true;
            }
        return false;
    }

    struct Crossing {
        bool touches = false;  // any contact at all (closed test)
        int count = 0;         // proper crossings; its parity says which bank we end on
    };

    Crossing cross(const Vertex* v, std::size_t n) {
        Crossing out;
        for (std::size_t i = 0; i + 1 < n; ++i) {
            const V2 a = v[i].p, b = v[i + 1].p;
            if (++stamp_now_ == 0) {
                std::fill(stamp_.begin(), stamp_.end(), 0);
                stamp_now_ = 1;
            }
            const int x0 = cx(std::min(a.x, b.x)), x1 = cx(std::max(a.x, b.x));
            const int y0 = cy(std::min(a.y, b.y)), y1 = cy(std::max(a.y, b.y));
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) {
                    const std::size_t c = static_cast<std::size_t>(y) * nx_ + x;
                    for (std::uint32_t k = first_[c]; k < first_[c + 1]; ++k) {
                        const std::uint32_t s = seg_[k];
                        if (stamp_[s] == stamp_now_) continue;
                        stamp_[s] = stamp_now_;
                        const V2 r0 = pts[s], r1 = pts[s + 1];
                        const double d1 = orient(r0, r1, a), d2 = orient(r0, r1, b);
                        const double d3 = orient(a, b, r0), d4 = orient(a, b, r1);
                        if (d1 * d2 <= 0 && d3 * d4 <= 0) out.touches = true;
                        // Half-open sides (zero counts as negative) keep parity right
                        // when a vertex lies exactly on the other line.
                        if ((d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0)) ++out.count;
                    }
                }
        }
        return out;
    }

private:
    int cx(double x) const { return std::clamp(static_cast<int>(std::floor((x - min_x_) / cell_)), 0, nx_ - 1); }
    int cy(double y) const { return std::clamp(static_cast<int>(std::floor((y - min_y_) / cell_)), 0, ny_ - 1); }
    static double orient(V2 a, V2 b, V2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }
    static double dist2(V2 p, V2 a, V2 b) {
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double l2 = dx * dx + dy * dy;
        double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
        return ex * ex + ey * ey;
    }

    double cell_ = 1, min_x_ = 0, min_y_ = 0;
    int nx_ = 1, ny_ = 1;
    std::vector<std::uint32_t> first_, seg_, stamp_;
    std::uint32_t stamp_now_ = 0;
};

// A rounded rectangle |x/a|^p + |y/b|^p = 1 (a superellipse), parametrised
// by t in [0, 2π).
struct RingShape {
    double a = 1, b = 1, p = 3;

    V2 at(double t) const {
        const double c = std::cos(t), s = std::sin(t);
        return {a * std::copysign(std::pow(std::abs(c), 2.0 / p), c),
                b * std::copysign(std::pow(std::abs(s), 2.0 / p), s)};
    }
    // The parameter of a point on (or near) the curve, in [0, 2π).
    double param(V2 q) const {
        const double u = std::copysign(std::pow(std::abs(q.x / a), p / 2.0), q.x);
        const double v = std::copysign(std::pow(std::abs(q.y / b), p / 2.0), q.y);
        double t = std::atan2(v, u);
        if (t < 0) t += 2 * kPi;
        return t;
    }
    // The other coordinate where the curve meets the line x = c (or y = c).
    double otherAt(double c, double along_axis, double across_axis) const {
        const double r = 1.0 - std::pow(std::abs(c / along_axis), p);
        return across_axis * std::pow(std::max(r, 0.0), 1.0 / p);
    }
};

struct OnewayPair {
    bool horizontal = true;  // rows (east-west streets) or columns
    int line = 0;            // first line; the pair is line and line+1
    int from = 0, to = 0;    // node range along the lines (block indices)
};

void checkParams(const SyntheticCityParams& p) {
    auto bad = [](const std::string& field, const std::string& reason) {
        throw Error("", "synthetic city: " + field, reason);
    };
    if (p.blocks_x < 2 || p.blocks_y < 2) bad("blocks_x/blocks_y", "must be at least 2");
    if (p.blocks_x > 20000 || p.blocks_y > 20000 ||
        static_cast<double>(p.blocks_x) * p.blocks_y > 2.0e6)
        bad("blocks_x/blocks_y", "the city is too large (at most 2,000,000 blocks, about 16 million edges)");
    if (!(p.block_m >= 10.0 && p.block_m <= 5000.0)) bad("block_m", "must be between 10 and 5000 metres");
    if (p.collector_every < 1) bad("collector_every", "must be at least 1");
    if (p.arterial_every < 1) bad("arterial_every", "must be at least 1");
    if (p.ring_roads < 0 || p.ring_roads > 10) bad("ring_roads", "must be between 0 and 10");
    if (p.bridges < 0) bad("bridges", "must not be negative");
    if (p.oneway_pairs < 0 || p.oneway_pairs > 64) bad("oneway_pairs", "must be between 0 and 64");
    if (!(p.alley_fraction >= 0.0 && p.alley_fraction <= 1.0)) bad("alley_fraction", "must be between 0 and 1");
    if (!validLonLat(p.centre_lon, p.centre_lat) || std::abs(p.centre_lat) > 84.0)
        bad("centre_lon/centre_lat", "not a valid position");
}

double polylineLength(const GeoPoint* p, std::size_t n) {
    double len = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) len += std::hypot(p[i + 1].x - p[i].x, p[i + 1].y - p[i].y);
    return len;
}

}  // namespace

MapModel generateSyntheticCity(const SyntheticCityParams& params, const Progress& progress) {
    checkParams(params);
    // Resolve the CRS first, so a bad one fails before any work.
    MapModel model;
    model.name = "合成示例城市";
    model.synthetic = true;
    model.crs = resolveCrsSpec(params.crs, LonLat{params.centre_lon, params.centre_lat});
    progress.report(0.0, kStage);

    Rng rng(params.seed);
    const int bx = params.blocks_x, by = params.blocks_y;
    const double blk = params.block_m;
    const double half_w = bx * blk / 2, half_h = by * blk / 2;

    auto colX = [&](int i) { return -half_w + i * blk; };
    auto rowY = [&](int j) { return -half_h + j * blk; };
    auto lineKind = [&](int index, int count) {
        const int k = index - count / 2;
        if (floorMod(k, params.arterial_every) == 0)
            return floorMod(k / params.arterial_every, 2) == 0 ? LineKind::Primary : LineKind::Secondary;
        if (floorMod(k, params.collector_every) == 0) return LineKind::Collector;
        return LineKind::Local;
    };
    auto arterialOrdinal = [&](int index, int count) {
        // 0 for the most western / southern arterial line.
        const int k = index - count / 2;
        const int k_min = -(count / 2);
        const int first = k_min + floorMod(-k_min, params.arterial_every);
        return (k - first) / params.arterial_every;
    };
    std::vector<LineKind> col_kind(static_cast<std::size_t>(bx) + 1), row_kind(static_cast<std::size_t>(by) + 1);
    for (int i = 0; i <= bx; ++i) col_kind[static_cast<std::size_t>(i)] = lineKind(i, bx);
    for (int j = 0; j <= by; ++j) row_kind[static_cast<std::size_t>(j)] = lineKind(j, by);
    auto isArterial = [](LineKind k) { return k == LineKind::Primary || k == LineKind::Secondary; };

    // --- River ----------------------------------------------------------------
    River river;
    const double scale = std::min(half_w, half_h);
    {
        const double theta = rng.uniform(-15.0, 15.0) * kPi / 180.0;
        const double offset = rng.uniform(-0.15, 0.15) * half_h;
        const double a1 = rng.uniform(0.10, 0.14) * scale;
        const double l1 = rng.uniform(1.3, 1.8) * scale;
        const double ph1 = rng.uniform(0.0, 2 * kPi);
        const double a2 = rng.uniform(0.02, 0.03) * scale;
        const double l2 = l1 * rng.uniform(0.45, 0.55);
        const double ph2 = rng.uniform(0.0, 2 * kPi);
        river.axis_cos = std::cos(theta);
        river.axis_sin = std::sin(theta);
        const double reach = std::hypot(half_w, half_h) + 2 * blk;
        const double ds = blk / 4;
        const int n = static_cast<int>(std::ceil(2 * reach / ds));
        std::vector<V2> all;
        all.reserve(static_cast<std::size_t>(n) + 1);
        for (int k = 0; k <= n; ++k) {
            const double s = -reach + k * ds;
            const double f = offset + a1 * std::sin(2 * kPi * s / l1 + ph1) + a2 * std::sin(2 * kPi * s / l2 + ph2);
            all.push_back({s * river.axis_cos - f * river.axis_sin, s * river.axis_sin + f * river.axis_cos});
        }
        // Keep the part over the city (plus one point either side).
        const double mx = half_w + blk, my = half_h + blk;
        auto inside = [&](V2 p) { return std::abs(p.x) <= mx && std::abs(p.y) <= my; };
        std::size_t first = 0, last = all.size() - 1;
        while (first < all.size() && !inside(all[first])) ++first;
        while (last > first && !inside(all[last])) --last;
        if (first > 0) --first;
        if (last + 1 < all.size()) ++last;
        river.pts.assign(all.begin() + static_cast<std::ptrdiff_t>(first),
                         all.begin() + static_cast<std::ptrdiff_t>(last) + 1);
        river.index(-half_w - 3 * blk, -half_h - 3 * blk, half_w + 3 * blk, half_h + 3 * blk, blk);
    }
    const double wet_r = 0.3 * blk;       // nodes this close to the centreline are in the water
    const double river_half_w = 0.18 * blk;  // drawn half-width

    // --- Ring shapes ------------------------------------------------------------
    std::vector<RingShape> rings(static_cast<std::size_t>(params.ring_roads));
    for (int k = 0; k < params.ring_roads; ++k) {
        const double f = (k + 1.0) / (params.ring_roads + 1.0) * rng.uniform(0.9, 1.0);
        rings[static_cast<std::size_t>(k)] = RingShape{f * half_w, f * half_h, 3.0};
    }

    // --- Grid nodes (provisional ids) -----------------------------------------
    const std::size_t nx1 = static_cast<std::size_t>(bx) + 1, ny1 = static_cast<std::size_t>(by) + 1;
    const std::size_t n_int = nx1 * ny1;
    const std::size_t n_hmid = static_cast<std::size_t>(bx) * ny1;
    const std::size_t n_vmid = nx1 * static_cast<std::size_t>(by);
    auto intId = [&](int i, int j) { return static_cast<std::uint32_t>(static_cast<std::size_t>(j) * nx1 + i); };
    auto hmidId = [&](int i, int j) {
        return static_cast<std::uint32_t>(n_int + static_cast<std::size_t>(j) * bx + i);
    };
    auto vmidId = [&](int i, int j) {
        return static_cast<std::uint32_t>(n_int + n_hmid + static_cast<std::size_t>(j) * nx1 + i);
    };
    std::vector<V2> pos(n_int + n_hmid + n_vmid);
    auto jitterScale = [](LineKind k) {
        switch (k) {
            case LineKind::Local: return 0.12;
            case LineKind::Collector: return 0.04;
            default: return 0.0;  // arterials are straight
        }
    };
    for (int j = 0; j <= by; ++j)
        for (int i = 0; i <= bx; ++i) {
            const double jx = rng.uniform(-1.0, 1.0), jy = rng.uniform(-1.0, 1.0);
            pos[intId(i, j)] = {colX(i) + jx * jitterScale(col_kind[static_cast<std::size_t>(i)]) * blk,
                                rowY(j) + jy * jitterScale(row_kind[static_cast<std::size_t>(j)]) * blk};
        }
    for (int j = 0; j <= by; ++j)
        for (int i = 0; i < bx; ++i) {
            const double along = rng.uniform(-0.1, 0.1) * blk;
            const double across = rng.uniform(-0.5, 0.5) * jitterScale(row_kind[static_cast<std::size_t>(j)]) * blk;
            const V2 a = pos[intId(i, j)], b = pos[intId(i + 1, j)];
            pos[hmidId(i, j)] = {(a.x + b.x) / 2 + along, (a.y + b.y) / 2 + across};
        }
    for (int j = 0; j < by; ++j)
        for (int i = 0; i <= bx; ++i) {
            const double along = rng.uniform(-0.1, 0.1) * blk;
            const double across = rng.uniform(-0.5, 0.5) * jitterScale(col_kind[static_cast<std::size_t>(i)]) * blk;
            const V2 a = pos[intId(i, j)], b = pos[intId(i, j + 1)];
            pos[vmidId(i, j)] = {(a.x + b.x) / 2 + across, (a.y + b.y) / 2 + along};
        }
    progress.report(0.05, kStage);

    // --- Ring junctions on the arterials ---------------------------------------
    struct Extra {
        double coord;  // position along the line
        std::uint32_t node;
    };
    std::vector<std::vector<Extra>> col_extra(nx1), row_extra(ny1);
    struct Junction {
        double t;
        std::uint32_t node;
    };
    std::vector<std::vector<Junction>> ring_junctions(rings.size());
    auto addJunction = [&](std::size_t ring, bool on_column, int line, double along) {
        // Snap to an existing node of the line when one is close, else a new node.
        std::uint32_t best = kNoNode;
        double best_d = 0.1 * blk;
        const int base = static_cast<int>(std::floor((along - (on_column ? rowY(0) : colX(0))) / blk));
        for (int q = base - 1; q <= base + 1; ++q) {
            const int limit = on_column ? by : bx;
            if (q < 0 || q > limit) continue;
            std::array<std::uint32_t, 2> cand = {on_column ? intId(line, q) : intId(q, line), kNoNode};
            if (q < limit) cand[1] = on_column ? vmidId(line, q) : hmidId(q, line);
            for (std::uint32_t c : cand) {
                if (c == kNoNode) continue;
                const double d = std::abs((on_column ? pos[c].y : pos[c].x) - along);
                if (d < best_d) {
                    best_d = d;
                    best = c;
                }
            }
        }
        if (best == kNoNode) {
            best = static_cast<std::uint32_t>(pos.size());
            pos.push_back(on_column ? V2{colX(line), along} : V2{along, rowY(line)});
            (on_column ? col_extra : row_extra)[static_cast<std::size_t>(line)].push_back({along, best});
        }
        ring_junctions[ring].push_back({rings[ring].param(pos[best]), best});
    };
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const RingShape& rs = rings[r];
        for (int i = 0; i <= bx; ++i) {
            if (!isArterial(col_kind[static_cast<std::size_t>(i)]) || std::abs(colX(i)) > 0.97 * rs.a) continue;
            const double y = rs.otherAt(colX(i), rs.a, rs.b);
            addJunction(r, true, i, -y);
            addJunction(r, true, i, y);
        }
        for (int j = 0; j <= by; ++j) {
            if (!isArterial(row_kind[static_cast<std::size_t>(j)]) || std::abs(rowY(j)) > 0.97 * rs.b) continue;
            const double x = rs.otherAt(rowY(j), rs.b, rs.a);
            addJunction(r, false, j, -x);
            addJunction(r, false, j, x);
        }
        auto& js = ring_junctions[r];
        if (js.size() < 3) {
            // No arterial meets this ring (odd parameters): give it nodes anyway.
            for (int q = 0; q < 4; ++q) {
                const double t = kPi / 4 + q * kPi / 2;
                js.push_back({t, static_cast<std::uint32_t>(pos.size())});
                pos.push_back(rs.at(t));
            }
        }
        std::sort(js.begin(), js.end(), [](const Junction& a, const Junction& b) {
            return a.t != b.t ? a.t < b.t : a.node < b.node;
        });
        js.erase(std::unique(js.begin(), js.end(), [](const Junction& a, const Junction& b) { return a.node == b.node; }),
                 js.end());
    }

    // Ring geometry: closed vertex loops from junction to junction along the
    // curve, with a plain node every few samples so that a crossing without a
    // bridge only cuts the ring near the water.
    std::vector<std::vector<Vertex>> ring_vs(rings.size());
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const RingShape& rs = rings[r];
        const auto& js = ring_junctions[r];
        const double perimeter = 2 * kPi * std::sqrt((rs.a * rs.a + rs.b * rs.b) / 2) * 1.1;
        const long samples = std::max(64L, static_cast<long>(std::ceil(perimeter / (blk / 2))));
        const double dt = 2 * kPi / static_cast<double>(samples);
        auto& vs = ring_vs[r];
        for (std::size_t k = 0; k < js.size(); ++k) {
            const Junction& a = js[k];
            const Junction& b = js[(k + 1) % js.size()];
            vs.push_back({a.node, pos[a.node]});
            double tb = b.t;
            while (tb <= a.t) tb += 2 * kPi;
            const long m0 = static_cast<long>(std::floor(a.t / dt + 0.3)) + 1;
            const long m1 = static_cast<long>(std::ceil(tb / dt - 0.3)) - 1;
            for (long m = m0; m <= m1; ++m) {
                const V2 p = rs.at(static_cast<double>(m) * dt);
                std::uint32_t node = kNoNode;
                if (m % 4 == 0 && m - m0 >= 2 && m1 - m >= 2) {
                    node = static_cast<std::uint32_t>(pos.size());
                    pos.push_back(p);
                }
                vs.push_back({node, p});
            }
        }
        vs.push_back(vs.front());
    }

    // --- Wet nodes -----------------------------------------------------------
    std::vector<std::uint8_t> wet(pos.size(), 0);
    for (std::size_t v = 0; v < pos.size(); ++v) wet[v] = river.near(pos[v], wet_r) ? 1 : 0;
    progress.report(0.1, kStage);

    // --- One-way pairs, placed well away from the river ----------------------
    std::vector<OnewayPair> pairs;
    for (int k = 0; k < params.oneway_pairs; ++k) {
        const bool horizontal = k % 2 == 0;
        const int lines = horizontal ? by : bx;   // line indices 0..lines
        const int along_n = horizontal ? bx : by;  // block indices along the line
        const int span = std::clamp(along_n / 4, 2, 12);
        if (along_n < span || lines < 3) continue;
        const double line_frac = (k % 4 < 2) == horizontal ? 0.78 : 0.22;
        const std::array<double, 3> centres = horizontal ? std::array<double, 3>{0.5, 0.3, 0.7}
                                                         : std::array<double, 3>{0.2, 0.8, 0.5};
        const int preferred = std::clamp(static_cast<int>(std::lround(line_frac * lines)), 1, lines - 2);
        bool placed = false;
        for (double cf : centres) {
            const int from = std::clamp(static_cast<int>(std::lround(cf * along_n)) - span / 2, 0, along_n - span);
            const int to = from + span;
            for (int step = 0; step < 2 * lines && !placed; ++step) {
                const int line = preferred + ((step % 2 == 0) ? step / 2 : -(step / 2 + 1));
                if (line < 1 || line + 1 > lines - 1) continue;
                const auto& kinds = horizontal ? row_kind : col_kind;
                if (isArterial(kinds[static_cast<std::size_t>(line)]) ||
                    isArterial(kinds[static_cast<std::size_t>(line + 1)]))
                    continue;
                bool ok = true;
                for (const OnewayPair& o : pairs) {
                    // Keep pairs apart: compare their index rectangles (cols × rows), with a margin.
                    auto rect = [](const OnewayPair& p) {
                        return p.horizontal ? std::array<int, 4>{p.from, p.line, p.to, p.line + 1}
                                            : std::array<int, 4>{p.line, p.from, p.line + 1, p.to};
                    };
                    const auto r1 = rect(o);
                    const auto r2 = horizontal ? std::array<int, 4>{from, line, to, line + 1}
                                               : std::array<int, 4>{line, from, line + 1, to};
                    if (r1[0] <= r2[2] + 1 && r2[0] <= r1[2] + 1 && r1[1] <= r2[3] + 1 && r2[1] <= r1[3] + 1)
                        ok = false;
                }
                for (int l = line; l <= line + 1 && ok; ++l)
                    for (int q = from; q <= to && ok; ++q) {
                        const std::uint32_t node = horizontal ? intId(q, l) : intId(l, q);
                        if (river.near(pos[node], 2.0 * blk)) ok = false;
                        if (q < to) {
                            const std::uint32_t mid = horizontal ? hmidId(q, l) : vmidId(l, q);
                            if (river.near(pos[mid], 2.0 * blk)) ok = false;
                        }
                    }
                if (ok) {
                    pairs.push_back({horizontal, line, from, to});
                    placed = true;
                }
            }
            if (placed) break;
        }
    }

    // --- Ways ------------------------------------------------------------------
    std::vector<Way> ways;
    std::vector<Vertex> verts;
    verts.reserve(2 * (n_hmid + n_vmid) + 4 * n_int);
    auto addWay = [&](RoadClass cls, const std::string& name, int oneway, const std::vector<Vertex>& vs,
                      std::size_t b, std::size_t e) {  // vs[b..e] inclusive
        Way w;
        w.cls = cls;
        w.name = name;
        w.oneway = oneway;
        w.vbegin = static_cast<std::uint32_t>(verts.size());
        w.vcount = static_cast<std::uint32_t>(e - b + 1);
        verts.insert(verts.end(), vs.begin() + static_cast<std::ptrdiff_t>(b),
                     vs.begin() + static_cast<std::ptrdiff_t>(e) + 1);
        ways.push_back(std::move(w));
    };

    // Grid lines: one way per line, split where a one-way pair begins and ends.
    std::vector<Vertex> line_vs;
    auto addGridLine = [&](bool horizontal, int line) {
        const int n = horizontal ? bx : by;
        const LineKind kind = (horizontal ? row_kind : col_kind)[static_cast<std::size_t>(line)];
        line_vs.clear();
        std::vector<Extra> nodes;
        nodes.reserve(2 * static_cast<std::size_t>(n) + 8);
        for (int q = 0; q <= n; ++q) {
            const std::uint32_t c = horizontal ? intId(q, line) : intId(line, q);
            nodes.push_back({horizontal ? pos[c].x : pos[c].y, c});
            if (q < n) {
                const std::uint32_t m = horizontal ? hmidId(q, line) : vmidId(line, q);
                nodes.push_back({horizontal ? pos[m].x : pos[m].y, m});
            }
        }
        const auto& extra = (horizontal ? row_extra : col_extra)[static_cast<std::size_t>(line)];
        if (!extra.empty()) {
            nodes.insert(nodes.end(), extra.begin(), extra.end());
            std::sort(nodes.begin(), nodes.end(), [](const Extra& a, const Extra& b) {
                return a.coord != b.coord ? a.coord < b.coord : a.node < b.node;
            });
        }
        for (const Extra& e : nodes) line_vs.push_back({e.node, pos[e.node]});

        const int ordinal = isArterial(kind) ? arterialOrdinal(line, horizontal ? by : bx) : -1;
        const std::string name = lineName(!horizontal, kind, line, ordinal);
        const RoadClass cls = classOf(kind);
        // Split points (vertex positions) and their direction.
        std::vector<std::pair<std::size_t, int>> cuts;  // (start vertex, oneway from there on)
        cuts.push_back({0, 0});
        for (const OnewayPair& p : pairs) {
            if (p.horizontal != horizontal || (line != p.line && line != p.line + 1)) continue;
            const std::uint32_t a = horizontal ? intId(p.from, line) : intId(line, p.from);
            const std::uint32_t b = horizontal ? intId(p.to, line) : intId(line, p.to);
            std::size_t ia = 0, ib = 0;
            for (std::size_t k = 0; k < line_vs.size(); ++k) {
                if (line_vs[k].node == a) ia = k;
                if (line_vs[k].node == b) ib = k;
            }
            cuts.push_back({ia, line == p.line ? +1 : -1});
            cuts.push_back({ib, 0});
        }
        std::sort(cuts.begin(), cuts.end());
        for (std::size_t c = 0; c < cuts.size(); ++c) {
            const std::size_t b = cuts[c].first;
            const std::size_t e = c + 1 < cuts.size() ? cuts[c + 1].first : line_vs.size() - 1;
            if (e > b) addWay(cls, name, cuts[c].second, line_vs, b, e);
        }
    };
    for (int j = 0; j <= by; ++j) addGridLine(true, j);
    for (int i = 0; i <= bx; ++i) addGridLine(false, i);

    // Ring roads: the inner ones are trunk roads, the outermost a motorway (快速路).
    for (std::size_t r = 0; r < rings.size(); ++r) {
        std::vector<Vertex> vs = ring_vs[r];
        // Start at a dry node so a river crossing never straddles the seam.
        vs.pop_back();
        const auto dry = std::find_if(vs.begin(), vs.end(),
                                      [&](const Vertex& v) { return v.node != kNoNode && !wet[v.node]; });
        if (dry != vs.end()) std::rotate(vs.begin(), dry, vs.end());
        vs.push_back(vs.front());
        const bool outer = r + 1 == rings.size();
        const RoadClass cls = outer ? RoadClass::Motorway : RoadClass::Trunk;
        addWay(cls, chineseNumeral(static_cast<int>(r) + 1) + "环路", 0, vs, 0, vs.size() - 1);
    }

    // Service alleys through some blocks, between the mid-block nodes.
    for (int j = 0; j < by; ++j)
        for (int i = 0; i < bx; ++i) {
            const double u = rng.uniform(), o = rng.uniform();
            if (u >= params.alley_fraction) continue;
            line_vs.clear();
            const std::uint32_t a = o < 0.5 ? hmidId(i, j) : vmidId(i, j);
            const std::uint32_t b = o < 0.5 ? hmidId(i, j + 1) : vmidId(i + 1, j);
            line_vs.push_back({a, pos[a]});
            line_vs.push_back({b, pos[b]});
            addWay(RoadClass::Service, "", 0, line_vs, 0, 1);
        }
    progress.report(0.2, kStage);

    // --- Pieces, cut by the river ---------------------------------------------
    std::vector<Piece> pieces;
    pieces.reserve(2 * (n_hmid + n_vmid) + ways.size());
    std::vector<Candidate> candidates;
    for (std::size_t w = 0; w < ways.size(); ++w) {
        if (w % 256 == 0) progress.report(0.2 + 0.3 * static_cast<double>(w) / ways.size(), kStage);
        const Way& way = ways[w];
        const Vertex* vs = verts.data() + way.vbegin;
        const std::size_t nv = way.vcount;
        bool in_run = false;
        std::size_t run_begin = 0;
        int run_count = 0;
        std::size_t p = 0;  // current node vertex
        while (p + 1 < nv) {
            std::size_t q = p + 1;
            while (vs[q].node == kNoNode) ++q;  // ways end on nodes
            const bool wet_a = wet[vs[p].node] != 0, wet_b = wet[vs[q].node] != 0;
            const River::Crossing c = river.cross(vs + p, q - p + 1);
            if (!in_run) {
                if (wet_a) {
                    // The way starts in the water: drop up to the first dry node.
                } else if (!wet_b && !c.touches) {
                    pieces.push_back({vs[p].node, vs[q].node, static_cast<std::uint32_t>(w),
                                      static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(q), -1});
                } else {
                    in_run = true;
                    run_begin = p;
                    run_count = 0;
                }
            }
            if (in_run) {
                run_count += c.count;
                if (!wet_b) {
                    // A stretch from dry bank to dry bank: a crossing if it ends on the other bank.
                    in_run = false;
                    if (run_count % 2 == 1) {
                        const int tier = way.cls <= RoadClass::Trunk       ? 0
                                         : way.cls <= RoadClass::Secondary ? 1
                                         : way.cls == RoadClass::Tertiary  ? 2
                                                                           : 3;
                        const V2 m{(vs[run_begin].p.x + vs[q].p.x) / 2, (vs[run_begin].p.y + vs[q].p.y) / 2};
                        candidates.push_back({static_cast<std::uint32_t>(pieces.size()), tier,
                                              m.x * river.axis_cos + m.y * river.axis_sin});
                        pieces.push_back({vs[run_begin].node, vs[q].node, static_cast<std::uint32_t>(w),
                                          static_cast<std::uint32_t>(run_begin), static_cast<std::uint32_t>(q),
                                          static_cast<std::int32_t>(candidates.size() - 1)});
                    }
                }
            }
            p = q;
        }
    }

    // Bridges: ring roads first (an expressway is not cut by a river), then
    // arterials, collectors and the rest; within a tier spread evenly along the river.
    std::vector<std::uint8_t> is_bridge(candidates.size(), 0);
    int bridges_built = 0;
    {
        int remaining = params.bridges;
        for (int tier = 0; tier < 4 && remaining > 0; ++tier) {
            std::vector<std::uint32_t> ids;
            for (std::uint32_t c = 0; c < candidates.size(); ++c)
                if (candidates[c].tier == tier) ids.push_back(c);
            std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
                return candidates[a].along != candidates[b].along ? candidates[a].along < candidates[b].along : a < b;
            });
            const std::size_t take = std::min<std::size_t>(static_cast<std::size_t>(remaining), ids.size());
            for (std::size_t k = 0; k < take; ++k)
                is_bridge[ids[(2 * k + 1) * ids.size() / (2 * take)]] = 1;
            remaining -= static_cast<int>(take);
            bridges_built += static_cast<int>(take);
        }
    }
    pieces.erase(std::remove_if(pieces.begin(), pieces.end(),
                                [&](const Piece& p) { return p.candidate >= 0 && !is_bridge[static_cast<std::size_t>(p.candidate)]; }),
                 pieces.end());
    progress.report(0.55, kStage);

    // --- Drop fragments cut off by the river ---------------------------------
    std::vector<std::uint32_t> parent(pos.size());
    for (std::uint32_t v = 0; v < parent.size(); ++v) parent[v] = v;
    auto find = [&](std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    std::vector<std::uint8_t> used(pos.size(), 0);
    for (const Piece& p : pieces) {
        used[p.a] = used[p.b] = 1;
        const std::uint32_t ra = find(p.a), rb = find(p.b);
        if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
    }
    std::vector<std::uint32_t> comp_size(pos.size(), 0);
    for (std::uint32_t v = 0; v < pos.size(); ++v)
        if (used[v]) ++comp_size[find(v)];
    const std::uint32_t biggest = pos.empty() ? 0 : *std::max_element(comp_size.begin(), comp_size.end());
    std::vector<std::uint32_t> new_id(pos.size(), kNoNode);
    std::uint32_t n_nodes = 0;
    for (std::uint32_t v = 0; v < pos.size(); ++v)
        if (used[v] && static_cast<std::uint64_t>(comp_size[find(v)]) * 10 >= biggest) new_id[v] = n_nodes++;
    pieces.erase(std::remove_if(pieces.begin(), pieces.end(), [&](const Piece& p) { return new_id[p.a] == kNoNode; }),
                 pieces.end());
    progress.report(0.6, kStage);

    // --- Place the city and fill lon/lat --------------------------------------
    const Projector proj(model.crs);
    const XY centre = proj.forward(LonLat{params.centre_lon, params.centre_lat});
    if (!std::isfinite(centre.x) || !std::isfinite(centre.y))
        throw Error("", "synthetic city", "the centre cannot be projected to " + model.crs);
    auto place = [&](V2 p) {
        GeoPoint g;
        g.x = centre.x + p.x;
        g.y = centre.y + p.y;
        const LonLat ll = proj.inverse(XY{g.x, g.y});
        g.lon = ll.lon;
        g.lat = ll.lat;
        return g;
    };

    RoadData& roads = model.roads;
    roads.nodes.resize(n_nodes);
    for (std::uint32_t v = 0; v < pos.size(); ++v) {
        if (new_id[v] == kNoNode) continue;
        RoadNode& n = roads.nodes[new_id[v]];
        n.source_id = new_id[v];
        n.pos = place(pos[v]);
        if (new_id[v] % 65536 == 0) progress.report(0.6 + 0.1 * static_cast<double>(v) / pos.size(), kStage);
    }

    std::size_t n_edges = 0, n_shape = 0;
    for (const Piece& p : pieces) {
        const int dirs = ways[p.way].oneway == 0 ? 2 : 1;
        n_edges += static_cast<std::size_t>(dirs);
        n_shape += static_cast<std::size_t>(dirs) * (p.vend - p.vbegin + 1);
    }
    if (n_edges >= std::numeric_limits<std::uint32_t>::max() || n_shape >= std::numeric_limits<std::uint32_t>::max())
        throw Error("", "synthetic city", "too many edges");
    roads.edges.reserve(n_edges);
    roads.shape.reserve(n_shape);
    std::vector<GeoPoint> poly;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        if (k % 65536 == 0) progress.report(0.7 + 0.25 * static_cast<double>(k) / pieces.size(), kStage);
        const Piece& p = pieces[k];
        const Way& way = ways[p.way];
        const Vertex* vs = verts.data() + way.vbegin;
        poly.clear();
        poly.push_back(roads.nodes[new_id[p.a]].pos);
        for (std::uint32_t q = p.vbegin + 1; q < p.vend; ++q) poly.push_back(place(vs[q].p));
        poly.push_back(roads.nodes[new_id[p.b]].pos);
        const ClassDefaults d = defaultsOf(way.cls);
        auto emit = [&](bool forward) {
            RoadEdge e;
            e.from = new_id[forward ? p.a : p.b];
            e.to = new_id[forward ? p.b : p.a];
            e.road_class = way.cls;
            e.highway = std::string(roadClassKey(way.cls));
            e.name = way.name;
            e.oneway = way.oneway != 0;
            e.has_geometry = true;
            e.lanes = way.oneway != 0 ? std::max(1, d.lanes / 2) : d.lanes;
            e.maxspeed_kph = d.maxspeed_kph;
            e.shape_begin = static_cast<std::uint32_t>(roads.shape.size());
            e.shape_count = static_cast<std::uint32_t>(poly.size());
            if (forward)
                roads.shape.insert(roads.shape.end(), poly.begin(), poly.end());
            else
                roads.shape.insert(roads.shape.end(), poly.rbegin(), poly.rend());
            e.length_m = polylineLength(roads.shape.data() + e.shape_begin, e.shape_count);
            roads.edges.push_back(std::move(e));
        };
        if (way.oneway >= 0) emit(true);
        if (way.oneway <= 0) emit(false);
    }
    progress.report(0.95, kStage);

    // --- Vector layers: districts and the river -------------------------------
    {
        VectorLayer districts;
        districts.name = "districts";
        districts.source = "synthetic";
        const RingShape centre_shape = rings.empty() ? RingShape{0.35 * half_w, 0.35 * half_h, 3.0}
                                                     : RingShape{rings[0].a, rings[0].b, 3.0};
        const double ox = half_w + blk / 2, oy = half_h + blk / 2;
        const int arc_samples = 24;
        auto arc = [&](std::vector<V2>& out, double t0, double t1) {
            for (int s = 0; s <= arc_samples; ++s) out.push_back(centre_shape.at(t0 + (t1 - t0) * s / arc_samples));
        };
        struct District {
            const char* name;
            std::vector<V2> ring;
        };
        std::vector<District> ds(5);
        ds[0].name = "合成示例 中区";
        arc(ds[0].ring, 0, 2 * kPi);
        ds[0].ring.pop_back();
        ds[1].name = "合成示例 东区";
        ds[1].ring = {{ox, -oy}, {ox, oy}};
        arc(ds[1].ring, kPi / 4, -kPi / 4);
        ds[2].name = "合成示例 北区";
        ds[2].ring = {{ox, oy}, {-ox, oy}};
        arc(ds[2].ring, 3 * kPi / 4, kPi / 4);
        ds[3].name = "合成示例 西区";
        ds[3].ring = {{-ox, oy}, {-ox, -oy}};
        arc(ds[3].ring, 5 * kPi / 4, 3 * kPi / 4);
        ds[4].name = "合成示例 南区";
        ds[4].ring = {{-ox, -oy}, {ox, -oy}};
        arc(ds[4].ring, 7 * kPi / 4, 5 * kPi / 4);
        for (District& d : ds) {
            // Centroid (shoelace) for the label anchor.
            double a2 = 0, cx = 0, cy = 0;
            for (std::size_t i = 0; i < d.ring.size(); ++i) {
                const V2 p = d.ring[i], q = d.ring[(i + 1) % d.ring.size()];
                const double cr = p.x * q.y - q.x * p.y;
                a2 += cr;
                cx += (p.x + q.x) * cr;
                cy += (p.y + q.y) * cr;
            }
            Feature f;
            std::vector<GeoPoint> ring;
            for (const V2& p : d.ring) ring.push_back(place(p));
            ring.push_back(ring.front());  // closed
            f.polygons.push_back({std::move(ring)});
            f.label = d.name;
            f.attributes["name"] = d.name;
            f.attributes["kind"] = "district";
            f.has_label_anchor = true;
            f.label_anchor = place(V2{cx / (3 * a2), cy / (3 * a2)});
            districts.features.push_back(std::move(f));
        }
        model.layers.push_back(std::move(districts));

        VectorLayer water;
        water.name = "river";
        water.source = "synthetic";
        const std::vector<V2>& c = river.pts;
        // The water surface: the centreline offset to both banks.
        std::vector<V2> left, right;
        for (std::size_t i = 0; i < c.size(); ++i) {
            const V2 a = c[i == 0 ? 0 : i - 1], b = c[i + 1 < c.size() ? i + 1 : i];
            const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
            const double nx = len > 0 ? -dy / len : 0, ny = len > 0 ? dx / len : 0;
            left.push_back({c[i].x + nx * river_half_w, c[i].y + ny * river_half_w});
            right.push_back({c[i].x - nx * river_half_w, c[i].y - ny * river_half_w});
        }
        Feature surface;
        std::vector<GeoPoint> ring;
        for (const V2& p : right) ring.push_back(place(p));
        for (auto it = left.rbegin(); it != left.rend(); ++it) ring.push_back(place(*it));
        if (!ring.empty()) ring.push_back(ring.front());
        surface.polygons.push_back({std::move(ring)});
        surface.label = "合成河";
        surface.attributes["name"] = "合成河";
        surface.attributes["kind"] = "water";
        surface.attributes["width_m"] = std::to_string(static_cast<int>(std::lround(2 * river_half_w)));
        surface.attributes["bridges"] = std::to_string(bridges_built);
        water.features.push_back(std::move(surface));
        Feature centreline;
        std::vector<GeoPoint> line;
        for (const V2& p : c) line.push_back(place(p));
        centreline.lines.push_back(std::move(line));
        centreline.attributes["name"] = "合成河";
        centreline.attributes["kind"] = "centreline";
        centreline.attributes["bridges"] = std::to_string(bridges_built);
        water.features.push_back(std::move(centreline));
        model.layers.push_back(std::move(water));
    }

    progress.report(1.0, kStage);
    return model;
}

}  // namespace jingwei
