// jingwei place: 前置屯警 planning. Where to pre-position K units, hour
// window by hour window, to cover the most incidents within T minutes on
// the road network (MCLP; or LSCP, p-median, double coverage), with the
// fast heuristic or CBC; writes a plan (YAML or GeoJSON) that scenarios use.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <sstream>

#include "app/command.h"
#include "app/console_progress.h"
#include "app/incident_source.h"
#include "core/crs.h"
#include "core/error.h"
#include "network/coverage_model.h"
#include "network/travel_graph.h"
#include "place/candidates.h"
#include "place/network_problem.h"
#include "place/planner.h"
#include "render/headless.h"
#include "render/rings_overlay.h"
#include "sim/engine.h"
#include "sim/metrics.h"
#include "sim/scenario.h"

namespace jingwei::cli {
namespace {

using namespace jingwei::place;

struct PlaceOptions {
    CommonOptions common;
    std::vector<std::string> demand, candidates, fixed;
    std::string objective = "mclp", solver = "heuristic", out, geojson, window, windows, name;
    std::string demand_weight;  // --demand is a weight layer with this weight field
    int k = 0, threads = 2, units_per_post = 1;
    double minutes = 3, backup_minutes = 0, backup_weight = 1, penalty_minutes = 0, horizon_minutes = 10;
    double time_limit_s = 60, spacing_m = 300, max_snap_m = 300, utc_offset_h = 8;
    long long seed = 1;
    bool no_congestion = false;
    // --compare
    std::vector<std::string> compare;
    std::string scenario, home, png_dir;
    int replications = 0;
};

// The demand: incidents (each window weights the calls in its hours), or a
// weight layer (--demand-weight: points with a weight and no time, the same
// in every window).
struct DemandSource {
    std::vector<XY> points;
    std::vector<std::uint8_t> hours;   // incidents
    std::vector<double> weights;       // weight layer
    bool synthetic = false;
    std::string label, what;

    WindowDemand on(const RoadSites& sites, std::span<const PlanWindow> windows, double max_snap_m) const {
        return weights.empty() ? windowDemand(sites, points, hours, windows, max_snap_m)
                               : weightedDemand(sites, points, weights, windows, max_snap_m);
    }
};

DemandSource loadDemand(const PlaceOptions& o, const MapModel& map) {
    DemandSource d;
    if (!o.demand_weight.empty()) {
        if (o.demand.size() != 1) throw UsageError("--demand-weight reads one point layer: give exactly one --demand file");
        WeightedPoints wp = readWeightLayer(o.demand.front(), o.demand_weight, map.crs);
        d.points = std::move(wp.points);
        d.weights = std::move(wp.weights);
        d.what = "weighted points ('" + o.demand_weight + "')";
        return d;
    }
    const MapIncidents inc = loadMapIncidents(o.demand, map, o.utc_offset_h);
    for (const GeoPoint& g : inc.set->positions()) d.points.push_back({g.x, g.y});
    d.hours = inc.set->hours();
    d.synthetic = inc.synthetic;
    d.label = inc.label;
    d.what = "incidents";
    return d;
}

bool endsWith(std::string s, const std::string& ext) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s.size() >= ext.size() && s.compare(s.size() - ext.size(), ext.size(), ext) == 0;
}
bool planPath(const std::string& s) {
    return endsWith(s, ".yaml") || endsWith(s, ".yml") || endsWith(s, ".geojson") || endsWith(s, ".json");
}

std::vector<std::string> splitList(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const std::string& item : items) {
        std::stringstream in(item);
        std::string part;
        while (std::getline(in, part, ','))
            if (!part.empty()) out.push_back(part);
    }
    return out;
}

// --windows "早高峰=07-09:8,晚高峰=17-20:12,夜间=22-06:4" (k may be left out for LSCP).
std::vector<PlanWindow> parseWindows(const PlaceOptions& o, bool lscp) {
    std::vector<PlanWindow> out;
    if (o.windows.empty()) {
        PlanWindow w;
        w.name = "全天";
        if (!o.window.empty()) {
            if (!parseWindowHours(o.window, &w.start_h, &w.end_h))
                throw UsageError("--window must be hours like 17-20 (17:00 to 20:00; 22-06 wraps midnight), got '" +
                                 o.window + "'");
            w.name = w.hoursText();
        }
        w.k = o.k;
        out.push_back(w);
    } else {
        if (!o.window.empty()) throw UsageError("give --window or --windows, not both");
        for (const std::string& item : splitList({o.windows})) {
            const auto eq = item.find('=');
            const auto colon = item.find(':', eq == std::string::npos ? 0 : eq);
            PlanWindow w;
            const std::string hours = eq == std::string::npos ? "" : item.substr(eq + 1, colon == std::string::npos ? std::string::npos : colon - eq - 1);
            if (eq == 0 || eq == std::string::npos || !parseWindowHours(hours, &w.start_h, &w.end_h))
                throw UsageError("--windows items are NAME=HH-HH:K, e.g. 晚高峰=17-20:12 (got '" + item + "')");
            w.name = item.substr(0, eq);
            w.k = o.k;
            if (colon != std::string::npos) {
                char* end = nullptr;
                const std::string ks = item.substr(colon + 1);
                const long v = std::strtol(ks.c_str(), &end, 10);
                if (ks.empty() || *end != '\0' || v < 1 || v > 100000)
                    throw UsageError("--windows: k must be an integer ≥ 1 in '" + item + "'");
                w.k = static_cast<int>(v);
            }
            out.push_back(w);
        }
        if (out.empty()) throw UsageError("--windows is empty");
    }
    for (const PlanWindow& w : out)
        if (!lscp && w.k < 1) throw UsageError("give --k (posts to staff) or K in every --windows item");
    for (std::size_t a = 0; a < out.size(); ++a)
        for (std::size_t b = a + 1; b < out.size(); ++b) {
            if (out[a].name == out[b].name) throw UsageError("--windows: '" + out[a].name + "' is given twice");
            for (int h = 0; h < 24; ++h)
                if (out[a].contains(h) && out[b].contains(h))
                    throw UsageError("--windows: '" + out[a].name + "' and '" + out[b].name + "' overlap at hour " +
                                     std::to_string(h));
        }
    return out;
}

// Candidates from the --candidates specs, on the network.
std::vector<Candidate> gatherCandidates(const PlaceOptions& o, const MapModel& map, const RoadSites& sites) {
    std::vector<Candidate> all;
    for (const std::string& spec : splitList(o.candidates)) {
        std::vector<Candidate> got;
        if (spec == "intersections" || spec.rfind("intersections:", 0) == 0) {
            double spacing = o.spacing_m;
            if (spec.size() > 13) {
                char* end = nullptr;
                spacing = std::strtod(spec.c_str() + 14, &end);
                if (*end != '\0' || !(spacing >= 0) || spacing > 100000)
                    throw UsageError("--candidates intersections:SPACING needs metres ≥ 0 (got '" + spec + "')");
            }
            got = sites.intersections(spacing);
            std::printf("候选 candidates: %zu intersections %g m apart\n", got.size(), spacing);
        } else if (spec == "stations") {
            got = stationCandidates(map);
            if (got.empty())
                throw Error(map.name, "", "the map has no police stations or posts (a layer of kind police) for --candidates stations");
            std::printf("候选 candidates: %zu police stations and posts from the map\n", got.size());
        } else {
            got = readCandidateFile(spec, map.crs);
            std::printf("候选 candidates: %zu from %s\n", got.size(), spec.c_str());
        }
        std::size_t off = 0;
        for (Candidate& c : got) {
            if (c.node == kNoId) c.node = sites.nodeNear(c.pos, o.max_snap_m);
            if (c.node == kNoId) {
                if (off++ < 5) std::fprintf(stderr, "警告 off-network: candidate %s is farther than %g m from a drivable road; left out\n", c.id.c_str(), o.max_snap_m);
                continue;
            }
            all.push_back(std::move(c));
        }
        if (off > 5) std::fprintf(stderr, "警告 off-network: %zu candidates of %s left out in all\n", off, spec.c_str());
    }
    return all;
}

void applyFixed(const PlaceOptions& o, const MapModel& map, const RoadSites& sites, std::vector<Candidate>& cand) {
    for (const std::string& item : o.fixed) {
        if (std::filesystem::exists(item)) {
            for (Candidate c : readCandidateFile(item, map.crs, "user")) {
                c.node = sites.nodeNear(c.pos, o.max_snap_m);
                if (c.node == kNoId)
                    throw Error(item, "post " + c.id, "farther than " + std::to_string(o.max_snap_m) + " m from a drivable road");
                c.fixed = true;
                for (const Candidate& other : cand)
                    if (other.id == c.id) throw Error(item, "post " + c.id, "the id is a candidate's id already");
                cand.push_back(std::move(c));
            }
            continue;
        }
        for (const std::string& id : splitList({item})) {
            auto it = std::find_if(cand.begin(), cand.end(), [&](const Candidate& c) { return c.id == id; });
            if (it == cand.end()) throw UsageError("--fixed: no candidate or file '" + id + "'");
            it->fixed = true;
        }
    }
}

std::string pct(double share) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f%%", 100 * share);
    return b;
}
std::string secs(double s) {
    if (std::isinf(s)) return ">horizon";
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", s);
    return b;
}
std::string num(double v, const char* fmt = "%.6g") {
    if (std::isnan(v)) return "-";
    char b[48];
    std::snprintf(b, sizeof b, fmt, v);
    return b;
}


// ---- --compare: plans side by side -------------------------------------

struct Figures {
    double covered = 0, mean_s = 0, p90_s = 0;
};
struct SimFigures {
    std::vector<double> covered, mean_s, p90_s, unserved;  // per replication
};

std::string meanSd(const std::vector<double>& v, double scale, const char* fmt) {
    if (v.empty()) return "-";
    double m = 0, q = 0;
    for (double x : v) m += x;
    m /= static_cast<double>(v.size());
    for (double x : v) q += (x - m) * (x - m);
    const double sd = v.size() > 1 ? std::sqrt(q / static_cast<double>(v.size() - 1)) : 0.0;
    char b[64];
    std::snprintf(b, sizeof b, fmt, scale * m, scale * sd);
    return b;
}

int runCompare(const PlaceOptions& o) {
    if (o.replications < 0 || o.replications > 1000) throw UsageError("--replications must be 0..1000");
    if (o.replications > 0 && o.scenario.empty())
        throw UsageError("--replications needs --scenario (the period, calls and dispatch to simulate the plans in)");
    std::vector<Plan> plans;
    for (const std::string& f : o.compare) plans.push_back(readPlan(f));
    std::optional<sim::Scenario> base_scenario;
    CommonOptions common = o.common;
    if (!o.scenario.empty()) {
        base_scenario = sim::readScenario(o.scenario, o.common.data_dir);
        common.map = base_scenario->map;  // the plans are compared on the scenario's map
    }
    const MapModel map = loadMapWithProgress(common);
    TravelTimeModel model;
    model.speeds = map.speeds;
    auto graph = std::make_shared<TravelGraph>(map.roads, model, consoleProgress("路网 road graph"));
    finishConsoleProgress();
    const RoadSites sites(graph);
    const Projector proj(map.crs);
    const DemandSource src = loadDemand(o, map);

    std::shared_ptr<sim::SimNetwork> net;
    if (base_scenario && o.replications > 0)
        net = std::make_shared<sim::SimNetwork>(map.roads, sim::travelModelFor(*base_scenario, map), consoleProgress("仿真路网 sim network"));
    finishConsoleProgress();

    std::printf("%-16s %-8s %-6s %5s | %-28s | %s\n", "plan", "window", "hours", "posts", "analysis: covered  mean  p90",
                o.replications > 0 ? ("simulation, " + std::to_string(o.replications) + " runs (mean ± sd): within T, mean, p90, unserved").c_str() : "simulation: -");
    for (std::size_t pi = 0; pi < plans.size(); ++pi) {
        const Plan& plan = plans[pi];
        if (!plan.map.empty() && plan.map != common.map)
            std::fprintf(stderr, "注意: %s was made on map '%s', compared on '%s'\n", o.compare[pi].c_str(), plan.map.c_str(), common.map.c_str());
        // The analysis: the plan's posts scored on this demand, window by window.
        PlacementProblem base;
        for (const PlanPost& post : plan.posts) {
            Candidate c;
            c.id = post.id;
            c.pos = proj.forward({post.lon, post.lat});
            c.node = sites.nodeNear(c.pos, o.max_snap_m);
            if (c.node == kNoId)
                throw Error(o.compare[pi], "post " + post.id, "farther than " + std::to_string(o.max_snap_m) + " m from a drivable road");
            base.candidates.push_back(std::move(c));
        }
        std::vector<PlanWindow> windows = plan.windows;
        const WindowDemand wd = src.on(sites, windows, o.max_snap_m);
        base.demand = wd.demand;
        double min_factor = 1;
        for (PlanWindow& w : windows) {
            w.congestion = o.no_congestion ? 1.0 : windowCongestion(w, model);
            min_factor = std::min(min_factor, w.congestion);
        }
        const double need = std::max({o.horizon_minutes, plan.minutes, plan.backup_minutes, plan.penalty_minutes});
        base.times = sites.travelLists(base.candidates, base.demand, secondsToMs(60 * need / min_factor), o.threads);
        ObjectiveSpec spec;
        spec.kind = plan.objective;
        spec.cover_ms = secondsToMs(60 * plan.minutes);
        spec.backup_ms = secondsToMs(60 * std::max(plan.backup_minutes, plan.minutes));
        spec.backup_weight = plan.backup_weight;

        // The simulation: the base scenario with the plan's posts, N seeds.
        std::vector<SimFigures> simfig(windows.size());
        if (net) {
            sim::Scenario s = *base_scenario;
            sim::addPlanPosts(s, plan, o.home);
            std::set<std::string> ids;
            for (const sim::BaseSpec& b : s.bases)
                if (!ids.insert(b.id).second) throw Error(o.compare[pi], "post " + b.id, "the id is also a base of " + o.scenario);
            if (!o.home.empty() && std::none_of(s.bases.begin(), s.bases.end(), [&](const sim::BaseSpec& b) {
                    return b.id == o.home && (b.kind == sim::UnitKind::Station || b.kind == sim::UnitKind::Post);
                }))
                throw UsageError("--home '" + o.home + "' is not a station or post of " + o.scenario);
            for (int r = 0; r < o.replications; ++r) {
                sim::EngineOptions eo;
                eo.seed = s.seed + static_cast<std::uint64_t>(r);
                eo.record_paths = false;
                eo.coverage = false;
                sim::Engine engine(s, map, net, eo, consoleProgress("仿真 " + plan.name + " #" + std::to_string(r + 1)));
                engine.run(consoleProgress("仿真 " + plan.name + " #" + std::to_string(r + 1)));
                finishConsoleProgress();
                const sim::RunRecord& rec = *engine.record();
                for (std::size_t w = 0; w < windows.size(); ++w) {
                    std::vector<sim::SimTime> times;
                    std::size_t calls = 0;
                    for (const sim::IncidentRecord& ir : rec.incidents) {
                        const std::int64_t local_s = s.start_utc_s + s.utc_offset_s + ir.call / 1000;
                        const int hour = static_cast<int>(((local_s / 3600) % 24 + 24) % 24);
                        if (!windows[w].contains(hour)) continue;
                        ++calls;
                        if (ir.served()) times.push_back(ir.first_arrival - ir.call);
                    }
                    const sim::ResponseStats st = sim::responseStats(times, {plan.minutes});
                    simfig[w].covered.push_back(st.within_share.empty() ? 0.0 : st.within_share[0]);
                    simfig[w].mean_s.push_back(st.mean_s);
                    simfig[w].p90_s.push_back(st.p90_s);
                    simfig[w].unserved.push_back(calls ? 1.0 - static_cast<double>(times.size()) / static_cast<double>(calls) : 0.0);
                }
            }
        }
        for (std::size_t w = 0; w < windows.size(); ++w) {
            PlacementProblem p;
            p.candidates = base.candidates;
            p.demand = base.demand;
            for (std::size_t i = 0; i < p.demand.size(); ++i) p.demand[i].weight = wd.weights[w][i];
            p.times = base.times.scaled(windows[w].congestion);
            std::vector<std::uint32_t> open;
            for (std::uint32_t j = 0; j < plan.posts.size(); ++j)
                if (std::count(plan.posts[j].windows.begin(), plan.posts[j].windows.end(), windows[w].name)) open.push_back(j);
            const PlanScore sc = scorePlan(p, spec, open);
            std::string simtext = "-";
            if (net)
                simtext = meanSd(simfig[w].covered, 100, "%.1f±%.1f%%") + "  " + meanSd(simfig[w].mean_s, 1, "%.1f±%.1f s") + "  " +
                          meanSd(simfig[w].p90_s, 1, "%.1f±%.1f s") + "  " + meanSd(simfig[w].unserved, 100, "%.1f±%.1f%%");
            std::printf("%-16s %-8s %-6s %5zu | %8s %6s %6s | %s\n", std::filesystem::path(o.compare[pi]).stem().string().c_str(),
                        windows[w].name.c_str(), windows[w].hoursText().c_str(), open.size(), pct(sc.covered_share).c_str(),
                        secs(sc.mean_s).c_str(), secs(sc.p90_s).c_str(), simtext.c_str());
        }
    }
    // A map per plan: its posts (staffed in any window) and their 1-3-5-minute rings.
    if (!o.png_dir.empty()) {
        std::filesystem::create_directories(o.png_dir);
        for (std::size_t pi = 0; pi < plans.size(); ++pi) {
            auto cov = std::make_shared<CoverageModel>(graph);
            for (const PlanPost& post : plans[pi].posts)
                if (!post.windows.empty()) cov->addUnit({post.id, post.name, proj.forward({post.lon, post.lat})});
            cov->update(consoleProgress("响应圈 rings"));
            finishConsoleProgress();
            RenderRequest req;
            req.width = 1600;
            req.height = 1200;
            req.language = o.common.lang;
            auto rings = std::make_shared<RingsOverlay>(cov);
            rings->setShowGaps(true);
            req.overlays = {rings, std::make_shared<UnitsOverlay>(cov)};
            const std::string png =
                (std::filesystem::path(o.png_dir) / (std::filesystem::path(o.compare[pi]).stem().string() + ".png")).string();
            writePng(renderMap(map, req), png);
            std::printf("wrote %s\n", png.c_str());
        }
    }
    std::printf("analysis: travel time from the nearest staffed post to each call's road node, within %g min (covered),\n"
                "          the window's congestion factor; simulation: response = call to first unit on scene (queueing,\n"
                "          units away on jobs and driving from home included), calls in the window's hours.\n",
                plans.empty() ? 0.0 : plans.front().minutes);
    return kOk;
}

int run(const PlaceOptions& o) {
    if (!o.compare.empty()) return runCompare(o);
    if (o.out.empty()) throw UsageError("--out is required (the plan file), unless --compare");
    ObjectiveKind kind{};
    if (!parseObjectiveKind(o.objective, &kind)) throw UsageError("--objective must be mclp, lscp, pmedian or double");
    if (o.solver != "heuristic" && o.solver != "cbc") throw UsageError("--solver must be heuristic or cbc");
    if (!(o.minutes > 0) || o.minutes > 60) throw UsageError("--minutes must be in (0, 60]");
    if (kind == ObjectiveKind::DoubleCoverage && !(o.backup_minutes >= o.minutes))
        throw UsageError("--objective double needs --backup-minutes ≥ --minutes (first arrival T1, backup T2)");
    if (!(o.time_limit_s > 0)) throw UsageError("--time-limit must be > 0 seconds");
    if (o.threads < 1 || o.threads > 64) throw UsageError("--threads must be 1..64");
    if (!(o.horizon_minutes > 0) || o.horizon_minutes > 120) throw UsageError("--horizon-minutes must be in (0, 120]");
    if (!planPath(o.out)) throw UsageError("--out must end in .yaml, .yml, .geojson or .json");
    if (!o.geojson.empty() && !planPath(o.geojson)) throw UsageError("--geojson must end in .geojson or .json");
    if (o.candidates.empty()) throw UsageError("--candidates is required (intersections[:M], stations, or a file)");
    const std::vector<PlanWindow> requested = parseWindows(o, kind == ObjectiveKind::Lscp);

    const MapModel map = loadMapWithProgress(o.common);
    TravelTimeModel model;
    model.speeds = map.speeds;
    model.hour = -1;  // free flow; each window's congestion factor scales the times
    auto graph = std::make_shared<TravelGraph>(map.roads, model, consoleProgress("路网 road graph"));
    finishConsoleProgress();
    const RoadSites sites(graph);

    std::vector<Candidate> cand = gatherCandidates(o, map, sites);
    applyFixed(o, map, sites, cand);
    {
        std::set<std::string> ids;
        for (const Candidate& c : cand)
            if (!ids.insert(c.id).second) throw UsageError("two candidates share the id '" + c.id + "': rename one");
    }
    if (cand.empty()) throw Error(map.name, "", "no candidate post on the road network");

    // Demand: incidents on road nodes, weighted per window by the calls in its hours.
    const DemandSource src = loadDemand(o, map);
    std::vector<PlanWindow> windows = requested;
    const WindowDemand wd = src.on(sites, windows, o.max_snap_m);
    PlacementProblem base;
    base.candidates = cand;
    base.demand = wd.demand;
    std::printf("需求 demand: %zu %s%s on %zu road nodes; %zu off the network (> %g m)\n", src.points.size(),
                src.what.c_str(), src.synthetic ? " (合成示例 synthetic)" : "", base.demand.size(), wd.off_network,
                o.max_snap_m);
    for (std::size_t w = 0; w < windows.size(); ++w) {
        windows[w].congestion = o.no_congestion ? 1.0 : windowCongestion(windows[w], model);
        if (wd.calls[w] == 0)
            throw Error(o.demand.front(), "", "no incident falls in window " + windows[w].name + " (" + windows[w].hoursText() + ")");
    }

    // Free-flow travel times from every candidate, far enough for every window.
    double min_factor = 1;
    for (const PlanWindow& w : windows) min_factor = std::min(min_factor, w.congestion);
    const double need_min = std::max({o.horizon_minutes, o.minutes, o.backup_minutes, o.penalty_minutes});
    base.times = sites.travelLists(base.candidates, base.demand, secondsToMs(60 * need_min / min_factor), o.threads,
                                   consoleProgress("路网时间 travel times"));
    finishConsoleProgress();

    PlannerOptions po;
    po.objective.kind = kind;
    po.objective.cover_ms = secondsToMs(60 * o.minutes);
    po.objective.backup_ms = secondsToMs(60 * std::max(o.backup_minutes, o.minutes));
    po.objective.backup_weight = o.backup_weight;
    po.objective.penalty_ms = o.penalty_minutes > 0 ? secondsToMs(60 * o.penalty_minutes) : 0;
    po.solver = o.solver;
    po.heuristic.seed = static_cast<std::uint64_t>(o.seed);
    po.heuristic.time_limit_s = o.time_limit_s;
    po.cbc.time_limit_s = o.time_limit_s;
    const std::vector<WindowSolution> solved =
        solveWindows(base, windows, wd.weights, po, consoleProgress(o.solver == "cbc" ? "求解 CBC" : "求解 heuristic"));
    finishConsoleProgress();

    Plan header;
    header.name = o.name.empty() ? std::string("前置屯警 ") + map.name : o.name;
    header.map = o.common.map;
    std::string demand_text;
    for (const std::string& d : o.demand) demand_text += (demand_text.empty() ? "" : ", ") + d;
    if (!o.demand_weight.empty()) demand_text += " (weight " + o.demand_weight + ")";
    header.demand = demand_text + (src.synthetic ? " (合成示例 " + src.label + ")" : "");
    header.units_per_post = o.units_per_post;
    const Plan plan = makePlan(base, solved, po, Projector(map.crs), header);
    writePlan(plan, o.out);
    if (!o.geojson.empty()) writePlan(plan, o.geojson);

    std::printf("map: %s  crs: %s  objective: %s, %g min%s\n", map.name.c_str(), map.crs.c_str(),
                std::string(objectiveKey(kind)).c_str(), o.minutes,
                kind == ObjectiveKind::DoubleCoverage ? (", backup " + num(o.backup_minutes) + " min").c_str() : "");
    std::printf("候选 candidates: %zu (%zu fixed)\n", cand.size(), base.fixedCandidates().size());
    std::printf("%-10s %-6s %5s %6s %-10s %-12s %12s %9s %8s %9s %12s %9s %7s\n", "window", "hours", "k", "calls",
                "solver", "status", "objective", "covered", "mean s", "p90 s", "bound", "gap", "time s");
    for (std::size_t w = 0; w < solved.size(); ++w) {
        const WindowSolution& ws = solved[w];
        const Solution& s = ws.best();
        std::printf("%-10s %-6s %5d %6zu %-10s %-12s %12s %9s %8s %9s %12s %9s %7.2f\n", ws.window.name.c_str(),
                    ws.window.hoursText().c_str(), ws.window.k, wd.calls[w], s.solver.c_str(),
                    std::string(solveStatusKey(s.status)).c_str(), num(s.score.objective, "%.6g").c_str(),
                    pct(s.score.covered_share).c_str(), secs(s.score.mean_s).c_str(), secs(s.score.p90_s).c_str(),
                    num(s.bound, "%.6g").c_str(), std::isnan(s.gap) ? "-" : pct(s.gap).c_str(),
                    ws.heuristic.wall_s + (ws.exact.solver.empty() ? 0.0 : ws.exact.wall_s));
        if (!ws.exact.solver.empty()) {
            if (!ws.exact.note.empty()) std::printf("  CBC: %s\n", ws.exact.note.c_str());
            std::printf("  heuristic: %.6g in %.2f s; CBC: %s %s in %.2f s\n", ws.heuristic.score.objective, ws.heuristic.wall_s,
                        std::string(solveStatusKey(ws.exact.status)).c_str(),
                        ws.exact.hasSolution() ? num(ws.exact.score.objective).c_str() : "", ws.exact.wall_s);
        }
        if (kind == ObjectiveKind::DoubleCoverage) std::printf("  backed up 双重覆盖: %s\n", pct(s.score.backup_share).c_str());
        if (s.score.coverable_share < 1)
            std::printf("  %s of the demand is beyond %g min of every candidate\n", pct(1 - s.score.coverable_share).c_str(), o.minutes);
    }
    std::printf("posts 前置屯警点: %zu in the plan\n", plan.posts.size());
    std::printf("wrote %s\n", o.out.c_str());
    if (!o.geojson.empty()) std::printf("wrote %s\n", o.geojson.c_str());
    return kOk;
}

}  // namespace

Command addPlaceCommand(CLI::App& app) {
    auto o = std::make_shared<PlaceOptions>();
    CLI::App* cmd = app.add_subcommand("place", "前置屯警 planning: where to pre-position K units, hour window by hour window");
    addCommonOptions(cmd, o->common);
    cmd->add_option("--demand", o->demand,
                    "incident files (.csv, .geojson, .gpkg) or synthetic[:N[:seed]]; with --demand-weight, one point "
                    "layer (.geojson, .gpkg, .shp, ...)")
        ->required();
    cmd->add_option("--demand-weight", o->demand_weight,
                    "read --demand as a weight layer: each point weighs its value of this numeric attribute (e.g. "
                    "population, risk); no times, so every window gets the same demand");
    cmd->add_option("--candidates", o->candidates,
                    "candidate posts: intersections[:SPACING_M], stations (police layers of the map), or a CSV "
                    "(id,lon,lat[,name]) / point file; comma-separated or repeated");
    cmd->add_option("--k", o->k, "posts to staff (each window, unless --windows gives K)");
    cmd->add_option("--objective", o->objective, "mclp, lscp, pmedian or double")->capture_default_str();
    cmd->add_option("--minutes", o->minutes, "coverage standard T in minutes (double: first arrival T1)")->capture_default_str();
    cmd->add_option("--backup-minutes", o->backup_minutes, "double coverage: the backup standard T2 (≥ T1)");
    cmd->add_option("--backup-weight", o->backup_weight, "double coverage: weight of backed-up demand")->capture_default_str();
    cmd->add_option("--penalty-minutes", o->penalty_minutes, "p-median: time given to demand no post reaches (default: the horizon)");
    cmd->add_option("--horizon-minutes", o->horizon_minutes, "longest travel time searched (mean / p90 response times)")
        ->capture_default_str();
    cmd->add_option("--out", o->out, "plan file (.yaml or .geojson)");
    cmd->add_option("--geojson", o->geojson, "also write the plan as GeoJSON");
    cmd->add_option("--solver", o->solver, "heuristic, or cbc (exact, started from the heuristic's posts)")->capture_default_str();
    cmd->add_option("--time-limit", o->time_limit_s, "seconds per window (CBC's is hard)")->capture_default_str();
    cmd->add_option("--fixed", o->fixed, "posts that must stay: candidate ids (comma-separated) or a posts file");
    cmd->add_option("--spacing", o->spacing_m, "metres between intersection candidates")->capture_default_str();
    cmd->add_option("--window", o->window, "hours of the day the demand comes from, e.g. 17-20 (17:00-20:00)");
    cmd->add_option("--windows", o->windows, "hour windows NAME=HH-HH:K, e.g. 早高峰=07-09:8,晚高峰=17-20:12,夜间=22-06:4");
    cmd->add_flag("--no-congestion", o->no_congestion, "free-flow times in every window (no hourly congestion factor)");
    cmd->add_option("--max-snap", o->max_snap_m, "points farther from a road are off the network (m)")->capture_default_str();
    cmd->add_option("--utc-offset", o->utc_offset_h, "hours east of UTC of incident times without a zone")->capture_default_str();
    cmd->add_option("--units-per-post", o->units_per_post, "units a staffed post holds in a scenario")->capture_default_str();
    cmd->add_option("--name", o->name, "the plan's name");
    cmd->add_option("--seed", o->seed, "heuristic seed")->capture_default_str();
    cmd->add_option("--threads", o->threads, "threads for the travel-time searches")->capture_default_str();
    cmd->add_option("--compare", o->compare, "plans to compare side by side (analysis, and --replications simulation runs)");
    cmd->add_option("--replications", o->replications, "--compare: simulation runs per plan (seeds scenario seed + 0..N-1)")
        ->capture_default_str();
    cmd->add_option("--scenario", o->scenario, "--compare: the scenario the plans' posts are added to (period, calls, dispatch)");
    cmd->add_option("--home", o->home, "--compare: the station or post the plans' units come from");
    cmd->add_option("--png-dir", o->png_dir, "--compare: write a map per plan (posts and 1-3-5-minute rings) here");
    return {cmd, [o]() -> int { return run(*o); }};
}

}  // namespace jingwei::cli
