#include "place/planner.h"

#include <array>
#include <cmath>
#include <map>

#include "core/error.h"

namespace jingwei::place {

double windowCongestion(const PlanWindow& w, const TravelTimeModel& model) {
    double sum = 0;
    int n = 0;
    for (int h = 0; h < 24; ++h)
        if (w.contains(h)) {
            sum += model.congestion[static_cast<std::size_t>(h)];
            ++n;
        }
    return n ? sum / n : 1.0;
}

namespace {

// Points on road nodes; weight(q, w) is point q's weight in window w (0: none).
template <class WeightOf>
WindowDemand demandOnWindows(const RoadSites& sites, std::span<const XY> points, std::size_t windows,
                             double max_snap_m, WeightOf weight) {
    WindowDemand out;
    std::vector<NodeId> node_of(points.size(), kNoId);
    std::map<NodeId, std::uint32_t> index;
    for (std::size_t q = 0; q < points.size(); ++q) {
        node_of[q] = sites.nodeNear(points[q], max_snap_m);
        if (node_of[q] == kNoId) ++out.off_network;
        else index.emplace(node_of[q], 0);
    }
    for (auto& [v, i] : index) {
        i = static_cast<std::uint32_t>(out.demand.size());
        DemandPoint d;
        d.node = v;
        d.pos = sites.graph().nodeXY(v);
        out.demand.push_back(d);
    }
    out.weights.assign(windows, std::vector<double>(out.demand.size(), 0.0));
    out.calls.assign(windows, 0);
    for (std::size_t q = 0; q < points.size(); ++q) {
        if (node_of[q] == kNoId) continue;
        for (std::size_t w = 0; w < windows; ++w) {
            const double x = weight(q, w);
            if (!(x > 0)) continue;
            out.weights[w][index[node_of[q]]] += x;
            ++out.calls[w];
        }
    }
    return out;
}

}  // namespace

WindowDemand windowDemand(const RoadSites& sites, std::span<const XY> calls, std::span<const std::uint8_t> local_hours,
                          std::span<const PlanWindow> windows, double max_snap_m) {
    if (local_hours.size() != calls.size()) throw Error("", "window demand", "one hour per call is needed");
    const std::array<bool, 24> whole_day = PlanWindow{}.hours();
    return demandOnWindows(sites, calls, windows.size(), max_snap_m, [&](std::size_t q, std::size_t w) {
        const bool all = windows[w].hours() == whole_day;
        return all || (local_hours[q] <= 23 && windows[w].contains(local_hours[q])) ? 1.0 : 0.0;
    });
}

WindowDemand weightedDemand(const RoadSites& sites, std::span<const XY> points, std::span<const double> weights,
                            std::span<const PlanWindow> windows, double max_snap_m) {
    if (weights.size() != points.size()) throw Error("", "weighted demand", "one weight per point is needed");
    return demandOnWindows(sites, points, windows.size(), max_snap_m,
                           [&](std::size_t q, std::size_t) { return weights[q]; });
}

const Solution& WindowSolution::best() const { return exact.hasSolution() ? exact : heuristic; }

std::vector<WindowSolution> solveWindows(const PlacementProblem& base, std::span<const PlanWindow> windows,
                                         const std::vector<std::vector<double>>& weights, const PlannerOptions& opt,
                                         const Progress& progress) {
    if (weights.size() != windows.size()) throw Error("", "planner", "one weight list per window is needed");
    if (opt.solver != "heuristic" && opt.solver != "cbc") throw Error("", "planner", "solver must be heuristic or cbc");
    std::vector<WindowSolution> out;
    for (std::size_t q = 0; q < windows.size(); ++q) {
        // Progress: this window's share of the whole.
        Progress part;
        part.callback = [&, q](double f, std::string_view stage) {
            return !progress.callback ||
                   progress.callback((static_cast<double>(q) + f) / static_cast<double>(windows.size()), stage);
        };
        PlacementProblem p;
        p.candidates = base.candidates;
        p.demand = base.demand;
        if (weights[q].size() != p.demand.size()) throw Error("", "planner", "a weight list has the wrong length");
        for (std::size_t i = 0; i < p.demand.size(); ++i) p.demand[i].weight = weights[q][i];
        p.times = windows[q].congestion == 1.0 ? base.times : base.times.scaled(windows[q].congestion);

        WindowSolution ws;
        ws.window = windows[q];
        ws.spec = opt.objective;
        ws.spec.k = windows[q].k;
        try {
            ws.spec.validate(p);
        } catch (const Error& e) {
            throw Error("", "window " + windows[q].name, e.reason());
        }
        ws.heuristic = solveHeuristic(p, ws.spec, opt.heuristic, part);
        if (opt.solver == "cbc") {
            CbcOptions c = opt.cbc;
            c.start = ws.heuristic.open;
            ws.exact = solveCbc(p, ws.spec, c, part);
        }
        if (ws.spec.kind == ObjectiveKind::Lscp) ws.window.k = static_cast<int>(ws.best().open.size());
        out.push_back(std::move(ws));
    }
    return out;
}

Plan makePlan(const PlacementProblem& base, std::span<const WindowSolution> solved, const PlannerOptions& opt,
              const Projector& to_lonlat, const Plan& header) {
    Plan plan = header;
    plan.objective = opt.objective.kind;
    plan.minutes = msToSeconds(opt.objective.cover_ms) / 60.0;
    plan.backup_minutes = opt.objective.kind == ObjectiveKind::DoubleCoverage ? msToSeconds(opt.objective.backup_ms) / 60.0 : 0;
    plan.backup_weight = opt.objective.backup_weight;
    plan.penalty_minutes = opt.objective.kind == ObjectiveKind::PMedian && opt.objective.penalty_ms
                               ? msToSeconds(opt.objective.penalty_ms) / 60.0
                               : 0;
    plan.windows.clear();
    plan.posts.clear();
    plan.scores.clear();
    for (const WindowSolution& ws : solved) plan.windows.push_back(ws.window);
    std::vector<std::vector<std::string>> staffed(base.candidates.size());
    for (const WindowSolution& ws : solved)
        for (const std::uint32_t j : ws.best().open) staffed[j].push_back(ws.window.name);
    auto round7 = [](double v) { return std::round(v * 1e7) / 1e7; };
    for (std::uint32_t j = 0; j < base.candidates.size(); ++j) {
        const Candidate& c = base.candidates[j];
        if (staffed[j].empty() && !c.fixed) continue;
        PlanPost post;
        post.id = c.id;
        post.name = c.name;
        const LonLat ll = to_lonlat.inverse(c.pos);
        post.lon = round7(ll.lon);
        post.lat = round7(ll.lat);
        post.locked = c.fixed;
        post.source = c.source;
        post.windows = staffed[j];
        plan.posts.push_back(std::move(post));
    }
    for (const WindowSolution& ws : solved) {
        const Solution& s = ws.best();
        PlanScoreRow r;
        r.window = ws.window.name;
        r.solver = s.solver;
        r.status = std::string(solveStatusKey(s.status));
        r.objective = s.score.objective;
        r.bound = s.bound;
        r.gap = s.gap;
        r.covered = s.score.covered_share;
        r.backup = s.score.backup_share;
        r.reached = s.score.reached_share;
        r.mean_s = s.score.mean_s;
        r.p90_s = s.score.p90_s;
        r.seconds = ws.heuristic.wall_s + (ws.exact.solver.empty() ? 0.0 : ws.exact.wall_s);
        plan.scores.push_back(r);
    }
    return plan;
}

}  // namespace jingwei::place
