#include "sim/engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <queue>
#include <set>

#include "analysis/civil_time.h"
#include "core/error.h"
#include "sim/places.h"
#include "sim/random.h"

namespace jingwei::sim {
namespace {

using Clock = std::chrono::steady_clock;

enum class Ev : std::uint8_t { Road, Surge, Shift, Arrive, Clear, Timeout, Coverage };
constexpr std::uint8_t kCallRank = 3;
std::uint8_t rankOf(Ev e) {
    switch (e) {
    case Ev::Road:
    case Ev::Surge: return 0;
    case Ev::Shift: return 1;
    case Ev::Arrive:
    case Ev::Clear: return 2;
    case Ev::Timeout: return 4;
    case Ev::Coverage: return 5;
    }
    return 6;
}

struct QEvent {
    SimTime t;
    std::uint8_t rank;
    std::uint64_t seq;
    Ev kind;
    std::uint32_t a, b;
};
struct Later {
    bool operator()(const QEvent& x, const QEvent& y) const {
        if (x.t != y.t) return x.t > y.t;
        if (x.rank != y.rank) return x.rank > y.rank;
        return x.seq > y.seq;
    }
};

struct WaitKey {
    std::uint8_t prio;
    SimTime call;
    IncidentIndex i;
    auto operator<=>(const WaitKey&) const = default;
};

// Where a unit can start a new trip from: a node, and the time it is there.
// arc != kNoId: it is on that arc (at fraction frac) and finishes it first.
struct Seed {
    NodeId node = kNoId;
    SimTime at = 0;
    ArcId arc = kNoId;
    double frac = 0;
};

inline SimTime scaleMs(std::uint64_t base_ms, double factor) {
    return static_cast<SimTime>(std::llround(static_cast<double>(base_ms) * factor));
}

}  // namespace

TravelTimeModel travelModelFor(const Scenario& s, const MapModel& map) {
    TravelTimeModel m;
    m.speeds = map.speeds;
    m.emergency = s.travel.emergency;
    m.emergency_speed_factor = s.travel.emergency_speed_factor;
    m.relax_oneway = s.travel.relax_oneway;
    m.hour = -1;
    return m;
}

struct Engine::Impl final : DispatchContext {
    struct UnitLive {
        UnitStatus status = UnitStatus::Idle;
        bool at_base = false, patrolling = false, on_duty = true, off_pending = false, away = false, moving = false;
        IncidentIndex job = kNone;
        UnitIndex next_on_job = kNone;
        bool job_regular = true;
        std::uint32_t gen = 0;
        NodeId node = kNoId;
        LegRecord leg;
        std::uint32_t leg_index = kNone;
        std::vector<ArcId> arcs;
        std::vector<std::uint32_t> ends;
        SimTime since = 0;
        std::uint32_t wp = 0;
        std::uint32_t mover_pos = kNone;
        BaseIndex dest_base = kNone;
    };
    struct PatrolLive {
        std::vector<NodeId> waypoints;
        std::vector<ArcId> arcs;
        std::vector<std::uint32_t> ends;
        std::vector<SimTime> wp_offset;
        SimTime period = 0;
        std::uint32_t arc_begin = 0;
        bool loop = false;  // false: a single waypoint (the unit stands there)
    };
    struct RoadEvent {
        bool closure = false;
        double factor = 1;
        bool global = false;
        std::vector<ArcId> arcs;
        bool active = false;
    };

    Scenario s;
    EngineOptions opt;
    EngineStats stats;
    std::shared_ptr<RunRecord> rec;
    std::shared_ptr<const SimNetwork> net;
    std::unique_ptr<Router> router;
    std::unique_ptr<DispatchPolicy> policy;
    IncidentStreams streams;

    SimTime now_ = 0, duration = 0, drain = 0;
    bool finished = false;
    std::uint64_t hash = 0xcbf29ce484222325ull;

    std::vector<UnitLive> units;
    std::vector<std::uint8_t> need_reg, need_reinf;
    std::vector<UnitIndex> job_head;  // per incident: first unit on it
    std::set<WaitKey> wait_reg, wait_reinf;
    std::priority_queue<QEvent, std::vector<QEvent>, Later> heap;
    std::uint64_t seq = 0;
    std::size_t next_call = 0;
    std::size_t open = 0;
    std::uint32_t queue_count = 0;
    std::deque<IncidentIndex> requeue;

    std::vector<NodeId> base_nodes;
    std::vector<std::uint8_t> base_group;
    std::vector<std::vector<UnitIndex>> base_units;
    std::vector<PatrolLive> patrols;
    std::vector<UnitIndex> movers;
    std::size_t regular_units = 0, reinf_units = 0;

    std::array<double, 24> hourly{};
    double global_factor = 1;
    std::vector<RoadEvent> road_events;

    std::vector<std::pair<NodeId, double>> demand;  // coverage points (node, weight)
    double demand_total = 0;
    std::vector<std::uint32_t> stamp;
    std::uint32_t stamp_gen = 0;

    std::vector<ArcId> path_tmp;

    // ------------------------------------------------------------------ setup

    Impl(const Scenario& sc, const MapModel& map, std::shared_ptr<const SimNetwork> network, EngineOptions o,
         const Progress& progress)
        : s(sc), opt(o), net(std::move(network)) {
        const auto t0 = Clock::now();
        duration = opt.duration > 0 ? opt.duration : s.duration;
        drain = s.drain;
        s.duration = duration;
        rec = std::make_shared<RunRecord>();
        rec->scenario_name = s.name;
        rec->map_name = map.name;
        rec->crs = map.crs;
        rec->start_utc_s = s.start_utc_s;
        rec->utc_offset_s = s.utc_offset_s;
        rec->duration = duration;
        rec->seed = opt.seed;
        rec->network = net;
        router = std::make_unique<Router>(net);
        router->setRouteCacheCapacity(opt.route_cache);
        policy = makeDispatchPolicyChecked();

        // Congestion by hour.
        if (!s.travel.congestion) hourly.fill(1.0);
        else if (s.travel.congestion_factors) hourly = *s.travel.congestion_factors;
        else {
            const HourlyFactors d = defaultCongestionFactors();
            std::copy(d.begin(), d.end(), hourly.begin());
        }

        const PlaceResolver places(map.crs, *net, s.path);
        buildForces(places, map);
        progress.report(0.05, "incidents");
        Progress sub{[&](double f, std::string_view st) {
            return progress.callback ? progress.callback(0.05 + 0.6 * f, st) : true;
        }};
        streams = buildIncidentStreams(s, map, *net, places, opt.seed, sub);
        rec->categories = streams.categories;
        rec->districts = streams.districts;
        rec->incidents = streams.incidents;
        rec->incident_ids = streams.ids;
        const std::size_t n = rec->incidents.size();
        need_reg.assign(n, 0);
        need_reinf.assign(n, 0);
        job_head.assign(n, kNone);

        progress.report(0.7, "road events");
        buildRoadEvents(places, map);
        progress.report(0.75, "nearest-base tables");
        router->forwardTable(0);
        router->forwardTable(1);
        router->reverseTable();
        if (opt.coverage && s.metrics.coverage_every_min > 0) buildDemand();
        scheduleInitial();
        stats.build_s = std::chrono::duration<double>(Clock::now() - t0).count();
        progress.report(1.0, "ready");
    }

    std::unique_ptr<DispatchPolicy> makeDispatchPolicyChecked() {
        try {
            return makeDispatchPolicy(s.dispatch);
        } catch (const PolicyError& e) {
            throw Error(s.path, lineWhere(e.line), "dispatch." + e.field + ": " + e.what());
        }
    }

    BaseIndex addBase(const std::string& id, const std::string& name, UnitKind kind, XY pos, int line,
                      const std::string& field) {
        double d = 0;
        const NodeId v = net->nodeNear(pos, s.travel.max_snap_m, &d);
        if (v == kNoId)
            throw Error(s.path, lineWhere(line),
                        field + ": '" + id + "' is farther than " + std::to_string(static_cast<int>(s.travel.max_snap_m)) +
                            " m from any drivable road (travel.max_snap_m)");
        BaseInfo b;
        b.id = id;
        b.name = name;
        b.kind = kind;
        b.node = v;
        b.pos = pos;
        b.snap_m = d;
        rec->bases.push_back(b);
        base_nodes.push_back(v);
        base_group.push_back(isRegularKind(kind) ? 0 : 1);
        base_units.emplace_back();
        return static_cast<BaseIndex>(rec->bases.size() - 1);
    }

    void buildForces(const PlaceResolver& places, const MapModel&) {
        std::map<std::string, BaseIndex> by_id;
        for (const BaseSpec& b : s.bases) {
            const XY p = places.resolve(b.at, "forces");
            by_id[b.id] = addBase(b.id, b.name, b.kind, p, b.line, "forces." + std::string(unitKindKey(b.kind)));
        }
        for (const BaseSpec& b : s.bases) {
            const BaseIndex bi = by_id[b.id];
            for (int k = 0; k < b.units; ++k) {
                UnitInfo u;
                u.id = b.units == 1 ? b.id : b.id + "-" + std::to_string(k + 1);
                u.name = b.units == 1 ? b.name : b.name + " " + std::to_string(k + 1);
                u.kind = b.kind;
                u.base = bi;
                u.group = b.id;
                u.mobilisation = secondsToSim(b.mobilisation_s);
                if (b.kind == UnitKind::Forward && !b.home.empty()) u.home = by_id[b.home];
                base_units[bi].push_back(static_cast<UnitIndex>(rec->units.size()));
                rec->units.push_back(std::move(u));
            }
        }
        // Patrols: waypoints on the network and the loop through them.
        for (std::size_t pi = 0; pi < s.patrols.size(); ++pi) {
            const PatrolSpec& p = s.patrols[pi];
            PatrolLive pl;
            const std::string field = "forces.patrols[" + std::to_string(pi) + "]";
            auto addWaypoint = [&](XY xy, int line) {
                const NodeId v = net->nodeNear(xy, s.travel.max_snap_m);
                if (v == kNoId)
                    throw Error(s.path, lineWhere(line),
                                field + ": a waypoint is farther than travel.max_snap_m from any drivable road");
                if (pl.waypoints.empty() || pl.waypoints.back() != v) pl.waypoints.push_back(v);
            };
            if (!p.route.empty()) {
                for (const PlaceSpec& w : p.route) addWaypoint(places.resolve(w, field + ".route"), w.line);
            } else {
                const Area a = resolveArea(places, *p.beat, field + ".beat");
                Rng rng(opt.seed, Stream::Beats, pi);
                const Bounds bb = a.bounds();
                int tries = 0;
                while (static_cast<int>(pl.waypoints.size()) < p.waypoints && tries < 200 * p.waypoints) {
                    ++tries;
                    const XY q{bb.min_x + rng.uniform() * bb.width(), bb.min_y + rng.uniform() * bb.height()};
                    if (!a.contains(q)) continue;
                    const NodeId v = net->nodeNear(q, s.travel.max_snap_m);
                    if (v == kNoId || !a.contains(net->nodeXY(v))) continue;
                    if (std::find(pl.waypoints.begin(), pl.waypoints.end(), v) != pl.waypoints.end()) continue;
                    pl.waypoints.push_back(v);
                }
                if (pl.waypoints.empty())
                    throw Error(s.path, lineWhere(p.line), field + ".beat: no road node inside the beat");
            }
            if (pl.waypoints.size() > 1 && pl.waypoints.front() == pl.waypoints.back()) pl.waypoints.pop_back();
            pl.loop = pl.waypoints.size() > 1;
            if (pl.loop) {
                const double f = s.travel.patrol_time_factor;
                std::uint64_t cum = 0;
                for (std::size_t k = 0; k < pl.waypoints.size(); ++k) {
                    const NodeId a = pl.waypoints[k], b = pl.waypoints[(k + 1) % pl.waypoints.size()];
                    pl.wp_offset.push_back(scaleMs(cum, f));
                    if (router->route(a, b, &path_tmp) == kUnreachedMs)
                        throw Error(s.path, lineWhere(p.line), field + ": no road path between two waypoints");
                    for (ArcId arc : path_tmp) {
                        cum += router->cost(arc);
                        pl.arcs.push_back(arc);
                        pl.ends.push_back(static_cast<std::uint32_t>(scaleMs(cum, f)));
                    }
                }
                pl.period = scaleMs(cum, f);
                if (pl.period <= 0) pl.loop = false;
                // Recorded once per patrol (every loop leg shares it), even
                // without record_paths: a loop cannot be drawn as a line.
                pl.arc_begin = static_cast<std::uint32_t>(rec->leg_arcs.size());
                rec->leg_arcs.insert(rec->leg_arcs.end(), pl.arcs.begin(), pl.arcs.end());
                rec->leg_ends.insert(rec->leg_ends.end(), pl.ends.begin(), pl.ends.end());
            }
            for (int k = 0; k < p.units; ++k) {
                UnitInfo u;
                u.id = p.units == 1 ? p.id : p.id + "-" + std::to_string(k + 1);
                u.name = p.units == 1 ? p.name : p.name + " " + std::to_string(k + 1);
                u.kind = UnitKind::Patrol;
                u.patrol = static_cast<std::uint32_t>(pi);
                u.group = p.id;
                rec->units.push_back(std::move(u));
            }
            patrols.push_back(std::move(pl));
        }
        router->setBases(base_nodes, base_group, opt.nearest_bases);
        const std::size_t nu = rec->units.size();
        units.resize(nu);
        rec->timelines.resize(nu);
        rec->status_ms.assign(nu, {});
        rec->jobs.assign(nu, 0);
        for (const UnitInfo& u : rec->units) (isRegularKind(u.kind) ? regular_units : reinf_units)++;
    }

    void buildRoadEvents(const PlaceResolver& places, const MapModel& map) {
        const TravelGraph& g = net->graph();
        auto linkArcs = [&](LinkId l, std::vector<ArcId>& out) {
            const RoadLink& rl = g.link(l);
            if (rl.forward != kNoId) out.push_back(rl.forward);
            if (rl.backward != kNoId) out.push_back(rl.backward);
        };
        auto areaArcs = [&](const Area& a, std::vector<ArcId>& out) {
            for (LinkId l = 0; l < g.linkCount(); ++l) {
                const RoadLink& rl = g.link(l);
                if (a.contains(g.nodeXY(rl.from)) || a.contains(g.nodeXY(rl.to)) || a.contains(g.pointAt(l, 0.5)))
                    linkArcs(l, out);
            }
        };
        for (std::size_t k = 0; k < s.closures.size(); ++k) {
            const ClosureSpec& c = s.closures[k];
            RoadEvent e;
            e.closure = true;
            for (std::uint32_t edge : c.edges) {
                if (edge >= map.roads.edges.size())
                    throw Error(s.path, lineWhere(c.line),
                                "events: closure edge " + std::to_string(edge) + " is not in the map (" +
                                    std::to_string(map.roads.edges.size()) + " edges)");
                if (const LinkId l = g.linkOfEdge(edge); l != kNoId) linkArcs(l, e.arcs);
            }
            if (!c.ways.empty()) {
                const std::set<std::int64_t> ways(c.ways.begin(), c.ways.end());
                for (EdgeId edge = 0; edge < map.roads.edges.size(); ++edge)
                    if (ways.count(map.roads.edges[edge].way_id))
                        if (const LinkId l = g.linkOfEdge(edge); l != kNoId) linkArcs(l, e.arcs);
            }
            if (c.area) areaArcs(resolveArea(places, *c.area, "events.area"), e.arcs);
            std::sort(e.arcs.begin(), e.arcs.end());
            e.arcs.erase(std::unique(e.arcs.begin(), e.arcs.end()), e.arcs.end());
            road_events.push_back(std::move(e));
            push(c.window.start, Ev::Road, static_cast<std::uint32_t>(road_events.size() - 1), 1);
            push(c.window.end, Ev::Road, static_cast<std::uint32_t>(road_events.size() - 1), 0);
        }
        for (const CongestionSpec& c : s.congestion) {
            RoadEvent e;
            e.factor = c.factor;
            e.global = !c.area;
            if (c.area) {
                areaArcs(resolveArea(places, *c.area, "events.area"), e.arcs);
                std::sort(e.arcs.begin(), e.arcs.end());
                e.arcs.erase(std::unique(e.arcs.begin(), e.arcs.end()), e.arcs.end());
            }
            road_events.push_back(std::move(e));
            push(c.window.start, Ev::Road, static_cast<std::uint32_t>(road_events.size() - 1), 1);
            push(c.window.end, Ev::Road, static_cast<std::uint32_t>(road_events.size() - 1), 0);
        }
        for (std::size_t k = 0; k < s.surges.size(); ++k) {
            push(s.surges[k].window.start, Ev::Surge, static_cast<std::uint32_t>(k), 1);
            push(s.surges[k].window.end, Ev::Surge, static_cast<std::uint32_t>(k), 0);
        }
    }

    void buildDemand() {
        std::map<NodeId, double> w;
        for (const IncidentRecord& i : rec->incidents)
            if (i.node != kNoId) w[i.node] += 1.0;
        std::vector<std::pair<NodeId, double>> all(w.begin(), w.end());
        const std::size_t m = s.metrics.coverage_max_points;
        if (all.size() <= m) {
            demand = std::move(all);
        } else {
            // Systematic sampling proportional to weight (deterministic).
            double total = 0;
            for (const auto& p : all) total += p.second;
            const double step = total / static_cast<double>(m);
            Rng rng(opt.seed, Stream::Coverage);
            double next = rng.uniform() * step, cum = 0;
            for (const auto& p : all) {
                cum += p.second;
                double k = 0;
                while (next < cum) {
                    k += 1;
                    next += step;
                }
                if (k > 0) demand.push_back({p.first, k});
            }
        }
        demand_total = 0;
        for (const auto& p : demand) demand_total += p.second;
        stamp.assign(net->nodeCount(), 0);
    }

    void scheduleInitial() {
        // Units start where they belong.
        for (UnitIndex u = 0; u < units.size(); ++u) {
            const UnitInfo& info = rec->units[u];
            UnitLive& ul = units[u];
            ul.since = 0;
            if (info.kind == UnitKind::Patrol) {
                const PatrolLive& pl = patrols[info.patrol];
                // Units of one patrol spread evenly along the loop.
                std::uint32_t k = 0, of = 0;
                for (UnitIndex v = 0; v < rec->units.size(); ++v)
                    if (rec->units[v].kind == UnitKind::Patrol && rec->units[v].patrol == info.patrol) {
                        if (v == u) k = of;
                        ++of;
                    }
                const SimTime phase = pl.loop ? pl.period * k / std::max<std::uint32_t>(of, 1) : 0;
                startPatrol(u, 0, phase);
                continue;
            }
            ul.node = base_nodes[info.base];
            if (info.kind == UnitKind::Forward) {
                const BaseSpec& b = forwardSpec(info.base);
                const int h = localHour(0);
                const std::uint32_t idx = indexInBase(u);
                if (static_cast<int>(idx) >= b.schedule[static_cast<std::size_t>(h)]) {
                    ul.on_duty = false;
                    if (info.home != kNone) ul.node = base_nodes[info.home];
                    setStatus(u, UnitStatus::OffDuty, 0, kNone);
                    continue;
                }
            }
            ul.at_base = true;
            setStatus(u, UnitStatus::Idle, 0, kNone);
        }
        // Shift changes of 前置屯警 posts at hour boundaries.
        const std::int64_t start_ms = s.start_utc_s * 1000;
        const std::int64_t off_ms = s.utc_offset_s * 1000;
        SimTime first_hour = kHour - (((start_ms + off_ms) % kHour) + kHour) % kHour;
        if (first_hour == kHour) first_hour = kHour;
        for (BaseIndex b = 0; b < rec->bases.size(); ++b) {
            if (rec->bases[b].kind != UnitKind::Forward) continue;
            const BaseSpec& spec = forwardSpec(b);
            for (SimTime t = first_hour; t < duration; t += kHour) {
                const int h = localHour(t);
                if (spec.schedule[static_cast<std::size_t>(h)] != spec.schedule[static_cast<std::size_t>((h + 23) % 24)])
                    push(t, Ev::Shift, b, 0);
            }
        }
        if (opt.coverage && s.metrics.coverage_every_min > 0 && !demand.empty()) {
            const SimTime every = std::max<SimTime>(kSecond, secondsToSim(s.metrics.coverage_every_min * 60));
            for (SimTime t = 0; t < duration; t += every) push(t, Ev::Coverage, 0, 0);
        }
    }

    const BaseSpec& forwardSpec(BaseIndex b) const {
        for (const BaseSpec& spec : s.bases)
            if (spec.id == rec->bases[b].id) return spec;
        throw Error(s.path, "", "internal: base not found");
    }
    std::uint32_t indexInBase(UnitIndex u) const {
        const auto& list = base_units[rec->units[u].base];
        return static_cast<std::uint32_t>(std::find(list.begin(), list.end(), u) - list.begin());
    }

    // ------------------------------------------------------------------ clock

    int localHour(SimTime t) const {
        const std::int64_t ms = s.start_utc_s * 1000 + t + s.utc_offset_s * 1000;
        const std::int64_t h = (ms >= 0 ? ms / kHour : -((-ms + kHour - 1) / kHour));
        return static_cast<int>(((h % 24) + 24) % 24);
    }
    double factorAt(SimTime t) const { return hourly[static_cast<std::size_t>(localHour(t))] * global_factor; }

    void push(SimTime t, Ev kind, std::uint32_t a, std::uint32_t b) { heap.push({t, rankOf(kind), seq++, kind, a, b}); }

    void log(EventType type, std::uint32_t unit, std::uint32_t incident, NodeId node, std::uint32_t aux = 0) {
        const EventRecord e{now_, unit, incident, node, aux, type};
        hash = hashEvent(hash, e);
        if (opt.record_events) rec->events.push_back(e);
    }

    // ------------------------------------------------------------------ status & legs

    void setStatus(UnitIndex u, UnitStatus st, SimTime t, IncidentIndex inc) {
        UnitLive& ul = units[u];
        rec->status_ms[u][static_cast<std::size_t>(ul.status)] += t - ul.since;
        ul.since = t;
        ul.status = st;
        Segment seg;
        seg.t0 = t;
        seg.leg = ul.moving ? ul.leg_index : kNone;
        seg.incident = inc;
        seg.node = ul.node;
        seg.status = st;
        seg.flags = static_cast<std::uint8_t>((ul.patrolling ? Segment::kPatrolling : 0) | (ul.at_base ? Segment::kAtBase : 0));
        auto& tl = rec->timelines[u];
        if (!tl.empty() && tl.back().t0 == t) tl.back() = seg;
        else tl.push_back(seg);
        updateMover(u);
    }

    bool isMoverState(const UnitLive& ul) const {
        return ul.on_duty && ((ul.status == UnitStatus::Returning && ul.job == kNone) ||
                              (ul.status == UnitStatus::Idle && !ul.at_base));
    }
    void updateMover(UnitIndex u) {
        UnitLive& ul = units[u];
        const bool want = isMoverState(ul);
        if (want && ul.mover_pos == kNone) {
            ul.mover_pos = static_cast<std::uint32_t>(movers.size());
            movers.push_back(u);
        } else if (!want && ul.mover_pos != kNone) {
            const UnitIndex last = movers.back();
            movers[ul.mover_pos] = last;
            units[last].mover_pos = ul.mover_pos;
            movers.pop_back();
            ul.mover_pos = kNone;
        }
    }

    // Where u can leave from now (see Seed).
    Seed seedOf(UnitIndex u, SimTime t) const {
        const UnitLive& ul = units[u];
        Seed sd;
        if (!ul.moving) {
            sd.node = ul.node;
            sd.at = t;
            return sd;
        }
        const LegRecord& leg = ul.leg;
        SimTime e = t - leg.depart;
        if (leg.period > 0) e = ((e % leg.period) + leg.period) % leg.period;
        if (ul.arcs.empty()) {
            sd.node = leg.to;
            sd.at = std::max(t, leg.end);
            return sd;
        }
        if (e <= 0) {
            if (leg.first_fraction <= 0) {
                sd.node = leg.from;
                sd.at = leg.depart > t ? leg.depart : t;
                return sd;
            }
            e = 0;
        }
        const auto it = std::lower_bound(ul.ends.begin(), ul.ends.end(), static_cast<std::uint64_t>(e),
                                         [](std::uint32_t x, std::uint64_t v) { return x < v; });
        if (it == ul.ends.end()) {
            sd.node = leg.to;
            sd.at = t;
            return sd;
        }
        const std::size_t i = static_cast<std::size_t>(it - ul.ends.begin());
        const ArcId a = ul.arcs[i];
        sd.node = net->graph().head(a);
        if (static_cast<SimTime>(*it) == e) {
            sd.at = t;
            return sd;
        }
        sd.at = t + (static_cast<SimTime>(*it) - e);
        sd.arc = a;
        const double s0 = i == 0 ? 0.0 : static_cast<double>(ul.ends[i - 1]);
        const double f0 = i == 0 ? leg.first_fraction : 0.0;
        const double span = static_cast<double>(*it) - s0;
        sd.frac = f0 + (1.0 - f0) * (span > 0 ? (static_cast<double>(e) - s0) / span : 1.0);
        return sd;
    }

    // Starts a leg: finish the current arc (if on one), wait until depart,
    // then drive `path` from sd.node with each arc's cost × factor.
    void beginLeg(UnitIndex u, const Seed& sd, SimTime depart, const std::vector<ArcId>& path, double factor, NodeId dest) {
        UnitLive& ul = units[u];
        ul.arcs.clear();
        ul.ends.clear();
        LegRecord leg;
        leg.depart = now_;
        leg.first_fraction = 0;
        SimTime base = depart - now_;  // relative time when the path starts
        if (sd.arc != kNoId) {
            ul.arcs.push_back(sd.arc);
            ul.ends.push_back(static_cast<std::uint32_t>(sd.at - now_));
            leg.first_fraction = static_cast<float>(sd.frac);
            leg.from = net->graph().tail(sd.arc);
            base = sd.at - now_;
        } else {
            leg.depart = depart;
            base = 0;
            leg.from = sd.node;
        }
        std::uint64_t cum = 0;
        for (ArcId a : path) {
            cum += router->cost(a);
            ul.arcs.push_back(a);
            ul.ends.push_back(static_cast<std::uint32_t>(base + scaleMs(cum, factor)));
        }
        leg.to = dest;
        leg.end = leg.depart + (ul.ends.empty() ? 0 : static_cast<SimTime>(ul.ends.back()));
        leg.period = 0;
        if (opt.record_paths) {
            leg.arc_begin = static_cast<std::uint32_t>(rec->leg_arcs.size());
            leg.arc_count = static_cast<std::uint32_t>(ul.arcs.size());
            rec->leg_arcs.insert(rec->leg_arcs.end(), ul.arcs.begin(), ul.arcs.end());
            rec->leg_ends.insert(rec->leg_ends.end(), ul.ends.begin(), ul.ends.end());
        } else {
            leg.arc_count = 0;
        }
        ul.leg = leg;
        ul.moving = true;
        ul.node = dest;
        ul.leg_index = static_cast<std::uint32_t>(rec->legs.size());
        rec->legs.push_back(leg);
        ul.at_base = false;
        ul.patrolling = false;
        ul.away = false;
        ++ul.gen;
        push(leg.end, Ev::Arrive, u, ul.gen);
    }

    // The waypoint a patrolling unit reaches next on its loop.
    std::uint32_t nextWaypoint(UnitIndex u, SimTime t) const {
        const UnitLive& ul = units[u];
        const PatrolLive& pl = patrols[rec->units[u].patrol];
        if (!pl.loop || !ul.moving || pl.period <= 0) return 0;
        const SimTime e = (((t - ul.leg.depart) % pl.period) + pl.period) % pl.period;
        const auto it = std::upper_bound(pl.wp_offset.begin(), pl.wp_offset.end(), e);
        return it == pl.wp_offset.end() ? 0u : static_cast<std::uint32_t>(it - pl.wp_offset.begin());
    }

    void standAt(UnitIndex u, NodeId v) {
        UnitLive& ul = units[u];
        ul.moving = false;
        ul.node = v;
        ul.arcs.clear();
        ul.ends.clear();
        ul.leg_index = kNone;
        ++ul.gen;
    }

    void startPatrol(UnitIndex u, SimTime t, SimTime phase) {
        UnitLive& ul = units[u];
        const PatrolLive& pl = patrols[rec->units[u].patrol];
        ul.patrolling = true;
        ul.at_base = false;
        ul.away = false;
        if (!pl.loop) {
            standAt(u, pl.waypoints[0]);
            ul.patrolling = true;
            setStatus(u, UnitStatus::Idle, t, kNone);
            return;
        }
        LegRecord leg;
        leg.depart = t - phase;
        leg.end = leg.depart + pl.period;
        leg.period = pl.period;
        leg.from = pl.waypoints[0];
        leg.to = pl.waypoints[0];
        leg.arc_begin = pl.arc_begin;
        leg.arc_count = static_cast<std::uint32_t>(pl.arcs.size());
        ul.arcs = pl.arcs;
        ul.ends = pl.ends;
        ul.leg = leg;
        ul.moving = true;
        ul.node = kNoId;
        ul.leg_index = static_cast<std::uint32_t>(rec->legs.size());
        rec->legs.push_back(leg);
        ++ul.gen;  // no arrival: the loop never ends
        setStatus(u, UnitStatus::Idle, t, kNone);
    }

    // ------------------------------------------------------------------ DispatchContext

    SimTime now() const override { return now_; }
    const IncidentRecord& incident(IncidentIndex i) const override { return rec->incidents[i]; }
    const UnitInfo& unitInfo(UnitIndex u) const override { return rec->units[u]; }
    UnitStatus unitStatus(UnitIndex u) const override { return units[u].status; }
    IncidentIndex unitJob(UnitIndex u) const override { return units[u].job; }
    std::size_t unitCount() const override { return units.size(); }
    int regularNeeded(IncidentIndex i) const override { return need_reg[i]; }
    int reinforcementNeeded(IncidentIndex i) const override { return need_reinf[i]; }
    std::vector<IncidentIndex> waiting(bool reinforcement) const override {
        std::vector<IncidentIndex> out;
        for (const WaitKey& k : reinforcement ? wait_reinf : wait_reg) out.push_back(k.i);
        return out;
    }

    bool matches(UnitIndex u, const CandidateQuery& q) const {
        const bool reg = isRegularKind(rec->units[u].kind);
        return reg ? q.regular : q.reinforcement;
    }
    bool idleAtBase(UnitIndex u) const {
        const UnitLive& ul = units[u];
        return ul.status == UnitStatus::Idle && ul.at_base && ul.on_duty;
    }
    SimTime delayOf(UnitIndex u) const {
        return units[u].at_base && !isRegularKind(rec->units[u].kind) ? rec->units[u].mobilisation : 0;
    }
    bool preemptible(UnitIndex u, IncidentIndex i, const CandidateQuery& q) const {
        const UnitLive& ul = units[u];
        return q.preempt_above_priority > 0 && ul.status == UnitStatus::EnRoute && ul.job != kNone && ul.job != i &&
               rec->incidents[ul.job].priority > q.preempt_above_priority && matches(u, q);
    }

    struct Best {
        std::size_t count;
        std::vector<Candidate> c;
        SimTime kth() const { return c.size() < count ? kNever : c.back().eta; }
        void add(const Candidate& x) {
            for (const Candidate& y : c)
                if (y.unit == x.unit) return;
            if (c.size() == count && !(x.eta < c.back().eta || (x.eta == c.back().eta && x.unit < c.back().unit))) return;
            auto it = std::lower_bound(c.begin(), c.end(), x, [](const Candidate& a, const Candidate& b) {
                return a.eta < b.eta || (a.eta == b.eta && a.unit < b.unit);
            });
            c.insert(it, x);
            if (c.size() > count) c.pop_back();
        }
    };

    std::vector<Candidate> fastest(IncidentIndex i, const CandidateQuery& q) override {
        const NodeId v = rec->incidents[i].node;
        if (v == kNoId || q.count == 0) return {};
        const double f = factorAt(now_);
        Best best{q.count, {}};
        bool fallback[2] = {false, false};
        const bool groups[2] = {q.regular, q.reinforcement};

        // 1. Units idle at their bases: the nearest-base tables.
        for (int g = 0; g < 2; ++g) {
            if (!groups[g]) continue;
            if (opt.exact_search) {
                fallback[g] = true;
                continue;
            }
            const BaseTable& t = router->forwardTable(g);
            bool decided = t.complete(v);
            for (const BaseTable::Entry& e : t.at(v)) {
                const SimTime arrive = now_ + scaleMs(e.d, f);
                if (arrive > best.kth()) {
                    decided = true;
                    break;
                }
                for (UnitIndex u : base_units[e.base])
                    if (idleAtBase(u) && matches(u, q)) best.add({u, arrive + delayOf(u), false});
            }
            if (!decided) fallback[g] = true;
        }

        // 2. Units on the move (returning, patrolling) and, when asked,
        //    units on their way to a lower-priority call: A* each one the
        //    straight-line bound cannot rule out.
        std::vector<std::pair<UnitIndex, Seed>> moving;
        for (UnitIndex u : movers)
            if (matches(u, q)) moving.push_back({u, seedOf(u, now_)});
        if (q.preempt_above_priority > 0)
            for (UnitIndex u = 0; u < units.size(); ++u)
                if (preemptible(u, i, q)) moving.push_back({u, seedOf(u, now_)});
        std::sort(moving.begin(), moving.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        if (!opt.exact_search && !moving.empty()) {
            // Most promising first (smallest straight-line bound), so each
            // exact time found tightens the bound for the rest.
            std::vector<std::pair<SimTime, std::size_t>> order;
            order.reserve(moving.size());
            for (std::size_t k = 0; k < moving.size(); ++k) {
                const Seed& sd = moving[k].second;
                order.push_back({sd.at + scaleMs(router->lowerBound(sd.node, v), f), k});
            }
            std::sort(order.begin(), order.end());
            for (const auto& [lb, k] : order) {
                if (lb > best.kth()) break;
                const auto& [u, sd] = moving[k];
                Millis bound = kUnreachedMs - 1;
                if (best.kth() != kNever) {
                    const double b = static_cast<double>(best.kth() - sd.at) / f + 1.0;
                    bound = b >= static_cast<double>(kUnreachedMs - 1) ? kUnreachedMs - 1 : static_cast<Millis>(b);
                }
                ++stats.moving_searches;
                const Millis d = router->route(sd.node, v, nullptr, bound);
                if (d == kUnreachedMs) continue;
                best.add({u, sd.at + scaleMs(d, f), units[u].status == UnitStatus::EnRoute});
            }
        }

        // 3. A backward Dijkstra from the scene over every candidate the
        //    tables could not decide (all of them in exact mode).
        if (fallback[0] || fallback[1] || (opt.exact_search && !moving.empty())) {
            ++stats.fallback_searches;
            std::multimap<NodeId, std::pair<UnitIndex, SimTime>> seeds;  // node → (unit, time it can leave)
            for (int g = 0; g < 2; ++g) {
                if (!fallback[g]) continue;
                for (BaseIndex b = 0; b < base_nodes.size(); ++b) {
                    if (base_group[b] != g) continue;
                    for (UnitIndex u : base_units[b])
                        if (idleAtBase(u) && matches(u, q)) seeds.insert({base_nodes[b], {u, now_ + delayOf(u)}});
                }
            }
            if (opt.exact_search)
                for (const auto& [u, sd] : moving) seeds.insert({sd.node, {u, sd.at}});
            if (!seeds.empty()) {
                router->backward(v, kUnreachedMs - 1, [&](NodeId w, Millis d) {
                    if (now_ + scaleMs(d, f) > best.kth()) return false;
                    auto [lo, hi] = seeds.equal_range(w);
                    for (auto it = lo; it != hi; ++it)
                        best.add({it->second.first, it->second.second + scaleMs(d, f),
                                  units[it->second.first].status == UnitStatus::EnRoute});
                    return true;
                });
            }
        }
        return best.c;
    }

    // The path and time from u's seed to v (table lookup from a base when
    // possible, else A*); kUnreachedMs if none.
    Millis pathFor(UnitIndex u, const Seed& sd, NodeId v, std::vector<ArcId>& path) {
        const UnitLive& ul = units[u];
        if (!opt.exact_search && !ul.moving && ul.at_base) {
            const BaseIndex b = rec->units[u].base;
            const int g = base_group[b];
            if (base_nodes[b] == sd.node && router->forwardTable(g).find(v, b) &&
                router->pathFromBase(g, b, v, path)) {
                std::uint64_t d = 0;
                for (ArcId a : path) d += router->cost(a);
                return static_cast<Millis>(d);
            }
        }
        return router->route(sd.node, v, &path);
    }

    SimTime eta(UnitIndex u, IncidentIndex i) override {
        const NodeId v = rec->incidents[i].node;
        if (v == kNoId) return kNever;
        const UnitLive& ul = units[u];
        if (!ul.on_duty) return kNever;
        const Seed sd = seedOf(u, now_);
        const Millis d = router->route(sd.node, v, nullptr);
        if (d == kUnreachedMs) return kNever;
        const SimTime start = ul.moving ? sd.at : now_ + delayOf(u);
        return start + scaleMs(d, factorAt(now_));
    }

    void linkJob(UnitIndex u, IncidentIndex i) {
        units[u].next_on_job = job_head[i];
        job_head[i] = u;
    }
    void unlinkJob(UnitIndex u, IncidentIndex i) {
        UnitIndex* p = &job_head[i];
        while (*p != kNone && *p != u) p = &units[*p].next_on_job;
        if (*p == u) *p = units[u].next_on_job;
        units[u].next_on_job = kNone;
    }
    void addWaiting(IncidentIndex i) {
        const IncidentRecord& r = rec->incidents[i];
        if (need_reg[i] > 0) wait_reg.insert({r.priority, r.call, i});
        if (need_reinf[i] > 0) wait_reinf.insert({r.priority, r.call, i});
    }
    void removeWaiting(IncidentIndex i) {
        const IncidentRecord& r = rec->incidents[i];
        wait_reg.erase({r.priority, r.call, i});
        wait_reinf.erase({r.priority, r.call, i});
    }
    void queueChange(int delta) { queue_count = static_cast<std::uint32_t>(static_cast<int>(queue_count) + delta); rec->queue_max = std::max(rec->queue_max, queue_count); }

    void dispatch(UnitIndex u, IncidentIndex i, bool as_regular) override {
        UnitLive& ul = units[u];
        IncidentRecord& inc = rec->incidents[i];
        if (inc.closed != kNever || inc.node == kNoId) return;
        if (ul.job == i || !ul.on_duty || ul.status == UnitStatus::OnScene) return;
        // The route first: a unit that cannot get there keeps what it does.
        const Seed sd = seedOf(u, now_);
        const Millis d = pathFor(u, sd, inc.node, path_tmp);
        if (d == kUnreachedMs) return;
        if (ul.job != kNone) {
            // Pre-emption: the old call loses this unit and waits again.
            const IncidentIndex old = ul.job;
            unlinkJob(u, old);
            IncidentRecord& o = rec->incidents[old];
            --o.units_sent;
            ++o.preempted;
            if (ul.job_regular) ++need_reg[old];
            else ++need_reinf[old];
            removeWaiting(old);
            addWaiting(old);
            ++stats.preemptions;
            log(EventType::Preempt, u, old, kNoId, i);
            requeue.push_back(old);
            ul.job = kNone;
        }
        // A patrol resumes later at the waypoint it was heading for.
        if (ul.patrolling && ul.status == UnitStatus::Idle) ul.wp = nextWaypoint(u, now_);
        const double f = factorAt(now_);
        const SimTime depart = ul.moving ? sd.at : now_ + delayOf(u);
        beginLeg(u, sd, depart, path_tmp, f, inc.node);
        ul.job = i;
        ul.job_regular = as_regular;
        linkJob(u, i);
        setStatus(u, UnitStatus::EnRoute, now_, i);
        ++inc.units_sent;
        if (as_regular) {
            if (need_reg[i] > 0) --need_reg[i];
        } else if (need_reinf[i] > 0) {
            --need_reinf[i];
        }
        removeWaiting(i);
        addWaiting(i);
        if (inc.first_dispatch == kNever) {
            inc.first_dispatch = now_;
            queueChange(-1);
        }
        ++stats.dispatches;
        const SimTime travel = ul.leg.end - now_;
        log(EventType::Dispatch, u, i, sd.node, static_cast<std::uint32_t>(std::min<SimTime>(travel / kSecond, 0xFFFFFFFF)));
    }

    void closeIncident(IncidentIndex i, SimTime t) {
        IncidentRecord& inc = rec->incidents[i];
        inc.closed = t;
        removeWaiting(i);
        need_reg[i] = need_reinf[i] = 0;
        if (inc.first_dispatch == kNever) queueChange(-1);
        --open;
    }

    void giveUp(IncidentIndex i, UnservedReason reason) override {
        IncidentRecord& inc = rec->incidents[i];
        if (inc.closed != kNever || inc.served()) return;
        inc.reason = reason;
        log(EventType::Unserved, kNone, i, inc.node, static_cast<std::uint32_t>(reason));
        // Units on their way turn back.
        std::vector<UnitIndex> on;
        for (UnitIndex u = job_head[i]; u != kNone; u = units[u].next_on_job) on.push_back(u);
        closeIncident(i, now_);
        for (UnitIndex u : on) {
            unlinkJob(u, i);
            units[u].job = kNone;
            log(EventType::Recall, u, i, kNoId);
            release(u);
        }
    }

    // ------------------------------------------------------------------ unit life

    // A unit has no job any more: offer it to the policy, else send it back.
    void release(UnitIndex u) {
        UnitLive& ul = units[u];
        ul.job = kNone;
        if (ul.off_pending) {
            goOffDuty(u);
            return;
        }
        // Free where it stands (or on its way): available for the queue.
        setStatus(u, UnitStatus::Returning, now_, kNone);
        if (!wait_reg.empty() || !wait_reinf.empty()) {
            policy->onUnitFree(*this, u);
            processRequeues();
        }
        if (ul.job == kNone) startReturn(u);
    }

    void startReturn(UnitIndex u) {
        UnitLive& ul = units[u];
        const UnitInfo& info = rec->units[u];
        const Seed sd = seedOf(u, now_);
        NodeId dest;
        BaseIndex dest_base = kNone;
        if (info.kind == UnitKind::Patrol) {
            const PatrolLive& pl = patrols[info.patrol];
            dest = pl.waypoints[ul.wp % pl.waypoints.size()];
        } else {
            dest_base = info.base;
            dest = base_nodes[dest_base];
        }
        ul.dest_base = dest_base;
        Millis d = kUnreachedMs;
        if (!opt.exact_search && sd.arc == kNoId && dest_base != kNone && router->reverseTable().find(sd.node, dest_base)) {
            if (router->pathToBase(sd.node, dest_base, path_tmp)) {
                std::uint64_t sum = 0;
                for (ArcId a : path_tmp) sum += router->cost(a);
                d = static_cast<Millis>(sum);
            }
        }
        if (d == kUnreachedMs) d = router->route(sd.node, dest, &path_tmp);
        if (d == kUnreachedMs) {
            // Cut off (closures): wait where it is, available, and try again
            // when the roads change.
            if (sd.arc != kNoId) {
                path_tmp.clear();
                beginLeg(u, sd, sd.at, path_tmp, 1.0, sd.node);
            } else {
                standAt(u, sd.node);
            }
            ul.away = true;
            setStatus(u, UnitStatus::Idle, now_, kNone);
            return;
        }
        beginLeg(u, sd, sd.at, path_tmp, factorAt(now_) * s.travel.return_time_factor, dest);
        setStatus(u, UnitStatus::Returning, now_, kNone);
        log(EventType::Return, u, kNone, dest);
    }

    void goOffDuty(UnitIndex u) {
        UnitLive& ul = units[u];
        const UnitInfo& info = rec->units[u];
        ul.off_pending = false;
        ul.on_duty = false;
        ul.job = kNone;
        log(EventType::ShiftOff, u, kNone, kNoId);
        const Seed sd = seedOf(u, now_);
        const NodeId home = info.home != kNone ? base_nodes[info.home] : base_nodes[info.base];
        if (sd.arc == kNoId && sd.node == home) {
            standAt(u, home);
            ul.at_base = false;
            setStatus(u, UnitStatus::OffDuty, now_, kNone);
            return;
        }
        const Millis d = router->route(sd.node, home, &path_tmp);
        if (d == kUnreachedMs) {
            standAt(u, sd.node);
            setStatus(u, UnitStatus::OffDuty, now_, kNone);
            return;
        }
        beginLeg(u, sd, sd.at, path_tmp, factorAt(now_) * s.travel.return_time_factor, home);
        setStatus(u, UnitStatus::OffDuty, now_, kNone);
    }

    void onArrive(UnitIndex u, std::uint32_t gen) {
        UnitLive& ul = units[u];
        if (gen != ul.gen) return;  // superseded
        switch (ul.status) {
        case UnitStatus::EnRoute: arriveScene(u); break;
        case UnitStatus::Returning: arriveHome(u); break;
        case UnitStatus::OffDuty: standAt(u, ul.node); setStatus(u, UnitStatus::OffDuty, now_, kNone); break;
        default: break;
        }
    }

    void arriveScene(UnitIndex u) {
        UnitLive& ul = units[u];
        const IncidentIndex i = ul.job;
        IncidentRecord& inc = rec->incidents[i];
        standAt(u, inc.node);
        setStatus(u, UnitStatus::OnScene, now_, i);
        ++inc.units_arrived;
        log(EventType::ArriveScene, u, i, inc.node);
        if (inc.first_arrival == kNever) {
            inc.first_arrival = now_;
            inc.first_unit = u;
            push(now_ + inc.on_scene, Ev::Clear, i, 0);
        }
        if (inc.units_arrived >= inc.units_needed + inc.reinforce_needed && inc.all_arrived == kNever) inc.all_arrived = now_;
    }

    void arriveHome(UnitIndex u) {
        UnitLive& ul = units[u];
        const UnitInfo& info = rec->units[u];
        const NodeId here = ul.node;
        standAt(u, here);
        if (info.kind == UnitKind::Patrol) {
            const PatrolLive& pl = patrols[info.patrol];
            const std::size_t k = ul.wp % pl.waypoints.size();
            startPatrol(u, now_, pl.loop ? pl.wp_offset[k] : 0);
        } else {
            ul.at_base = true;
            setStatus(u, UnitStatus::Idle, now_, kNone);
        }
        log(EventType::AtPost, u, kNone, here);
        if (!wait_reg.empty() || !wait_reinf.empty()) {
            policy->onUnitFree(*this, u);
            processRequeues();
        }
    }

    void onClear(IncidentIndex i) {
        IncidentRecord& inc = rec->incidents[i];
        if (inc.closed != kNever) return;
        inc.cleared = now_;
        log(EventType::Clear, kNone, i, inc.node);
        std::vector<UnitIndex> on;
        for (UnitIndex u = job_head[i]; u != kNone; u = units[u].next_on_job) on.push_back(u);
        std::sort(on.begin(), on.end());
        closeIncident(i, now_);
        job_head[i] = kNone;
        for (UnitIndex u : on) {
            units[u].next_on_job = kNone;
            if (units[u].status == UnitStatus::EnRoute) log(EventType::Recall, u, i, kNoId);
            ++rec->jobs[u];
            release(u);
        }
    }

    void processRequeues() {
        while (!requeue.empty()) {
            const IncidentIndex i = requeue.front();
            requeue.pop_front();
            if (rec->incidents[i].closed != kNever) continue;
            policy->onCall(*this, i);
        }
    }

    void onCall(IncidentIndex i) {
        IncidentRecord& inc = rec->incidents[i];
        ++open;
        log(EventType::Call, kNone, i, inc.node);
        queueChange(+1);
        if (inc.node == kNoId) {
            giveUp(i, UnservedReason::OffNetwork);
            return;
        }
        if (regular_units + reinf_units == 0) {
            giveUp(i, UnservedReason::NoEligibleUnits);
            return;
        }
        if (router->forwardTable(0).at(inc.node).empty() && router->forwardTable(1).at(inc.node).empty() &&
            patrols.empty()) {
            giveUp(i, UnservedReason::Unreachable);
            return;
        }
        need_reg[i] = inc.units_needed;
        need_reinf[i] = reinf_units > 0 ? inc.reinforce_needed : 0;
        addWaiting(i);
        policy->onCall(*this, i);
        processRequeues();
        if (inc.first_dispatch == kNever && inc.closed == kNever) log(EventType::Queued, kNone, i, inc.node);
        const SimTime mw = policy->maxWait();
        if (mw != kNever && inc.closed == kNever) push(inc.call + mw, Ev::Timeout, i, 0);
    }

    void onTimeout(IncidentIndex i) {
        const IncidentRecord& inc = rec->incidents[i];
        if (inc.closed == kNever && inc.first_dispatch == kNever) giveUp(i, UnservedReason::Timeout);
    }

    void onShift(BaseIndex b) {
        const BaseSpec& spec = forwardSpec(b);
        const int want = spec.schedule[static_cast<std::size_t>(localHour(now_))];
        const auto& list = base_units[b];
        for (std::size_t k = 0; k < list.size(); ++k) {
            const UnitIndex u = list[k];
            UnitLive& ul = units[u];
            if (static_cast<int>(k) < want) {
                ul.off_pending = false;
                if (ul.on_duty) continue;
                ul.on_duty = true;
                log(EventType::ShiftOn, u, kNone, kNoId);
                const Seed sd = seedOf(u, now_);
                if (sd.arc == kNoId && sd.node == base_nodes[b]) {
                    standAt(u, sd.node);
                    ul.at_base = true;
                    setStatus(u, UnitStatus::Idle, now_, kNone);
                } else {
                    setStatus(u, UnitStatus::Returning, now_, kNone);
                    startReturn(u);
                }
            } else if (ul.on_duty) {
                if (ul.job != kNone) ul.off_pending = true;
                else goOffDuty(u);
            }
        }
    }

    void onRoad(std::uint32_t k, bool start) {
        RoadEvent& e = road_events[k];
        if (e.active == start) return;
        e.active = start;
        const bool is_closure = k < s.closures.size();
        log(is_closure ? (start ? EventType::ClosureStart : EventType::ClosureEnd)
                       : (start ? EventType::CongestionStart : EventType::CongestionEnd),
            kNone, kNone, kNoId, k);
        if (e.global) {
            global_factor = 1;
            for (const RoadEvent& r : road_events)
                if (r.active && r.global) global_factor *= r.factor;
            return;
        }
        std::vector<double> mult;
        std::vector<std::uint8_t> closed;
        for (const RoadEvent& r : road_events) {
            if (!r.active || r.global) continue;
            if (r.closure) {
                if (closed.empty()) closed.assign(net->arcCount(), 0);
                for (ArcId a : r.arcs) closed[a] = 1;
            } else {
                if (mult.empty()) mult.assign(net->arcCount(), 1.0);
                for (ArcId a : r.arcs) mult[a] *= r.factor;
            }
        }
        router->setCostModifiers(mult, closed);
        ++stats.reroutes;
        // Units cut off may get home now.
        for (UnitIndex u = 0; u < units.size(); ++u)
            if (units[u].away && units[u].status == UnitStatus::Idle) startReturn(u);
    }

    // ------------------------------------------------------------------ coverage

    bool coveredByTables(NodeId v, double f, SimTime limit, bool* decided) {
        const BaseTable& t = router->forwardTable(0);
        *decided = t.complete(v);
        for (const BaseTable::Entry& e : t.at(v)) {
            if (scaleMs(e.d, f) > limit) {
                *decided = true;
                break;
            }
            for (UnitIndex u : base_units[e.base])
                if (idleAtBase(u) && isRegularKind(rec->units[u].kind)) return (*decided = true);
        }
        return false;
    }

    // Idle units' seeds for coverage: (node, ms already used).
    void idleSeeds(std::vector<std::pair<NodeId, SimTime>>& out, bool include_bases) {
        out.clear();
        for (UnitIndex u = 0; u < units.size(); ++u) {
            const UnitLive& ul = units[u];
            if (ul.status != UnitStatus::Idle || !ul.on_duty || !isRegularKind(rec->units[u].kind)) continue;
            if (ul.at_base && !include_bases) continue;
            const Seed sd = seedOf(u, now_);
            out.push_back({sd.node, sd.at - now_});
        }
    }

    double coverageShare(bool exact) {
        if (demand.empty() || demand_total <= 0) return 0;
        const double f = factorAt(now_);
        const SimTime limit = secondsToSim(s.metrics.coverage_limit_min * 60);
        ++stamp_gen;
        if (stamp_gen == 0) {
            std::fill(stamp.begin(), stamp.end(), 0);
            stamp_gen = 1;
        }
        std::vector<std::pair<NodeId, SimTime>> seeds;
        idleSeeds(seeds, exact);
        // Multi-source bounded search from the seeds (exact: every idle
        // unit; sampled: the units away from their posts).
        if (!seeds.empty()) {
            // Seeds have different head starts: run one search per distinct
            // head start (usually all 0).
            std::map<SimTime, std::vector<SearchSeed>> by_used;
            for (const auto& [v, used] : seeds)
                if (used <= limit) by_used[used].push_back({v, 0});
            for (const auto& [used, list] : by_used) {
                const double budget = static_cast<double>(limit - used) / f + 1.0;
                const Millis lim = budget >= static_cast<double>(kUnreachedMs - 1) ? kUnreachedMs - 1 : static_cast<Millis>(budget);
                router->forward(list, lim, [&](NodeId w, Millis d) {
                    if (used + scaleMs(d, f) <= limit) stamp[w] = stamp_gen;
                    return true;
                });
            }
        }
        double covered = 0;
        for (const auto& [v, w] : demand) {
            if (stamp[v] == stamp_gen) {
                covered += w;
                continue;
            }
            if (exact) continue;
            bool decided = false;
            if (coveredByTables(v, f, limit, &decided)) {
                covered += w;
                continue;
            }
            if (decided) continue;
            // The K nearest bases are all within reach and busy: search.
            bool hit = false;
            router->backward(v, kUnreachedMs - 1, [&](NodeId x, Millis d) {
                if (scaleMs(d, f) > limit) return false;
                for (BaseIndex b = 0; b < base_nodes.size() && !hit; ++b) {
                    if (base_nodes[b] != x || base_group[b] != 0) continue;
                    for (UnitIndex u : base_units[b])
                        if (idleAtBase(u) && isRegularKind(rec->units[u].kind)) hit = true;
                }
                return !hit;
            });
            if (hit) covered += w;
        }
        return covered / demand_total;
    }

    void onCoverage() {
        CoverageSample c;
        c.t = now_;
        c.share = coverageShare(opt.coverage_exact);
        for (UnitIndex u = 0; u < units.size(); ++u)
            if (units[u].status == UnitStatus::Idle && units[u].on_duty && isRegularKind(rec->units[u].kind)) ++c.idle_units;
        rec->coverage.push_back(c);
    }

    // ------------------------------------------------------------------ loop

    SimTime nextTime() const {
        SimTime t = kNever;
        if (next_call < rec->incidents.size()) t = rec->incidents[next_call].call;
        if (!heap.empty()) t = std::min(t, heap.top().t);
        return t;
    }

    void advanceClock(SimTime t) {
        rec->queue_area += static_cast<double>(queue_count) * static_cast<double>(t - now_);
        now_ = t;
        rec->end = t;
    }

    void finish(SimTime end) {
        advanceClock(std::max(end, now_));
        for (IncidentIndex i = 0; i < rec->incidents.size(); ++i) {
            IncidentRecord& inc = rec->incidents[i];
            if (inc.closed != kNever || inc.call > now_ || i >= next_call) continue;
            if (inc.served()) continue;  // still on scene: served
            inc.reason = inc.units_sent > 0 ? UnservedReason::EnRouteAtEnd : UnservedReason::QueuedAtEnd;
            log(EventType::Unserved, kNone, i, inc.node, static_cast<std::uint32_t>(inc.reason));
            closeIncident(i, now_);
        }
        // Calls never made (the drain stopped the run early) do not exist.
        for (UnitIndex u = 0; u < units.size(); ++u) {
            rec->status_ms[u][static_cast<std::size_t>(units[u].status)] += now_ - units[u].since;
            units[u].since = now_;
        }
        finished = true;
        rec->finished = true;
    }

    bool step() {
        if (finished) return false;
        const SimTime t = nextTime();
        const bool calls_left = next_call < rec->incidents.size();
        if (!calls_left && open == 0 && (t == kNever || t >= duration)) {
            finish(std::max(now_, duration));
            return false;
        }
        if (t == kNever || t > duration + drain) {
            finish(std::max(duration, std::min(t, duration + drain)));
            return false;
        }
        const bool call_first = calls_left && (heap.empty() || rec->incidents[next_call].call < heap.top().t ||
                                               (rec->incidents[next_call].call == heap.top().t && kCallRank < heap.top().rank));
        advanceClock(t);
        ++stats.events;
        if (call_first) {
            onCall(static_cast<IncidentIndex>(next_call++));
            return true;
        }
        const QEvent e = heap.top();
        heap.pop();
        switch (e.kind) {
        case Ev::Arrive: onArrive(e.a, e.b); break;
        case Ev::Clear: onClear(e.a); break;
        case Ev::Timeout: onTimeout(e.a); break;
        case Ev::Shift: onShift(e.a); break;
        case Ev::Road: onRoad(e.a, e.b != 0); break;
        case Ev::Surge: log(e.b ? EventType::SurgeStart : EventType::SurgeEnd, kNone, kNone, kNoId, e.a); break;
        case Ev::Coverage: onCoverage(); break;
        }
        return true;
    }

    SimState liveState() const {
        SimState st;
        st.t = now_;
        st.units.resize(units.size());
        for (UnitIndex u = 0; u < units.size(); ++u) {
            const UnitLive& ul = units[u];
            UnitState& us = st.units[u];
            us.unit = u;
            us.status = ul.status;
            us.incident = (ul.status == UnitStatus::EnRoute || ul.status == UnitStatus::OnScene) ? ul.job : kNone;
            us.patrolling = ul.patrolling && ul.status == UnitStatus::Idle;
            us.at_post = ul.at_base && ul.status == UnitStatus::Idle;
            us.mobilising = ul.status == UnitStatus::EnRoute && ul.moving && now_ < ul.leg.depart;
            us.pos = ul.moving ? legPosition(*net, ul.leg, ul.arcs, ul.ends, now_) : net->nodeXY(ul.node);
        }
        for (IncidentIndex i = 0; i < next_call && i < rec->incidents.size(); ++i) {
            const IncidentRecord& r = rec->incidents[i];
            if (r.closed != kNever && r.closed <= now_) continue;
            IncidentState is;
            is.incident = i;
            is.phase = r.first_arrival <= now_ ? IncidentPhase::OnScene
                       : r.first_dispatch <= now_ ? IncidentPhase::Assigned
                                                  : IncidentPhase::Waiting;
            is.pos = r.pos;
            is.priority = r.priority;
            is.category = r.category;
            is.call = r.call;
            st.incidents.push_back(is);
        }
        st.events_done = rec->events.size();
        return st;
    }
};

Engine::Engine(const Scenario& scenario, const MapModel& map, std::shared_ptr<const SimNetwork> network,
               EngineOptions options, const Progress& progress)
    : impl_(std::make_unique<Impl>(scenario, map, std::move(network), options, progress)) {}
Engine::~Engine() = default;

bool Engine::step() { return impl_->step(); }
void Engine::advanceTo(SimTime t) {
    while (!impl_->finished && impl_->nextTime() <= t)
        if (!impl_->step()) break;
    if (!impl_->finished && t > impl_->now_) impl_->advanceClock(t);
}
void Engine::run(const Progress& progress) {
    const auto t0 = Clock::now();
    const double total = static_cast<double>(impl_->duration + 1);
    std::uint64_t n = 0;
    while (impl_->step()) {
        if ((++n & 0xFFF) == 0) progress.report(std::min(1.0, static_cast<double>(impl_->now_) / total), "simulating");
    }
    impl_->stats.run_s += std::chrono::duration<double>(Clock::now() - t0).count();
    impl_->stats.router = impl_->router->stats();
    impl_->stats.table_bytes = impl_->router->tableMemoryBytes();
    progress.report(1.0, "done");
}
bool Engine::finished() const { return impl_->finished; }
SimTime Engine::now() const { return impl_->now_; }
SimTime Engine::nextEventTime() const { return impl_->nextTime(); }
SimTime Engine::duration() const { return impl_->duration; }
std::shared_ptr<const RunRecord> Engine::record() const { return impl_->rec; }
SimState Engine::state() const { return impl_->liveState(); }
const EngineStats& Engine::stats() const {
    impl_->stats.router = impl_->router->stats();
    impl_->stats.table_bytes = impl_->router->tableMemoryBytes();
    return impl_->stats;
}
const IncidentStreams& Engine::streams() const { return impl_->streams; }
std::uint64_t Engine::eventHash() const { return impl_->hash; }
const Router& Engine::router() const { return *impl_->router; }
const DispatchPolicy& Engine::policy() const { return *impl_->policy; }
double Engine::exactCoverageNow() { return impl_->coverageShare(true); }
double Engine::sampledCoverageNow() { return impl_->coverageShare(false); }

}  // namespace jingwei::sim
