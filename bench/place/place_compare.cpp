// place_compare: the MCLP solvers side by side on one instance, in one run:
// plain greedy, our heuristic, our Lagrangian upper bound, CBC 2.10 (the
// Debian library, run as the `cbc` command and PuLP run it) with a hard time
// limit, optionally CLP's LP relaxation; then the gaps and time ratios.
//
//   place_compare small|large [--seed S] [--cbc-limit S] [--lp-limit S] [--export FILE]
//   place_compare futian --k K [--incidents N] [--spacing M] [--minutes T] [--cbc-limit S] [--export FILE]
//
// small / large are the instances: candidates and demand uniform in
// a 20 km square, integer weights 1..10, covered within 180 s at 30 km/h
// (1500 m); small = 500 x 10,000, k = 12; large = 2,000 x 50,000, k = 30.
// futian: candidates at road intersections SPACING m apart, demand the
// synthetic incidents (seed 7) on road nodes, free-flow emergency times.
// --export writes the coverage lists for bench/place/pulp_mclp.py.
// Times: wall, and CPU (this thread / CBC's child process), because the
// machine is shared.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "analysis/synthetic_incidents.h"
#include "mapdata/map_manifest.h"
#include "place/cbc_solver.h"
#include "place/heuristic.h"
#include "place/lagrangian.h"
#include "place/network_problem.h"

using namespace jingwei;
using namespace jingwei::place;

namespace {

[[noreturn]] void usage(const std::string& msg) {
    std::fprintf(stderr,
                 "place_compare: %s\nusage: place_compare small|large|futian [--seed S] [--k K] [--incidents N] "
                 "[--spacing M] [--minutes T] [--cbc-limit S] [--lp-limit S] [--export FILE]\n",
                 msg.c_str());
    std::exit(2);
}

// Text for pulp_mclp.py: "k K", "w w_0 w_1 ...", then "j i i i ..." per candidate (demand within T).
void exportLists(const PlacementProblem& p, const ObjectiveSpec& spec, const std::string& path) {
    std::ofstream out(path);
    out << "k " << spec.k << "\nw";
    for (const DemandPoint& d : p.demand) out << ' ' << d.weight;
    out << '\n';
    const CoverSets cs = coverSets(p.times, spec.cover_ms);
    for (std::uint32_t j = 0; j < p.candidates.size(); ++j) {
        out << j;
        for (const std::uint32_t i : cs.demandOf(j)) out << ' ' << i;
        out << '\n';
    }
}

PlacementProblem futianInstance(std::size_t incidents, double spacing_m, double horizon_s) {
    LoadOptions lo;
    const MapModel map = loadMap("futian", lo);
    if (map.synthetic) usage("the Futian sample data is missing (JINGWEI_DATA_DIR)");
    TravelTimeModel model;
    model.speeds = map.speeds;
    auto graph = std::make_shared<TravelGraph>(map.roads, model);
    const RoadSites sites(graph);
    SyntheticIncidentParams sp;
    sp.count = incidents;
    sp.seed = 7;
    const IncidentSet inc = generateSyntheticIncidents(map, sp);
    std::vector<XY> pts;
    for (const GeoPoint& g : inc.positions()) pts.push_back({g.x, g.y});
    PlacementProblem p;
    p.candidates = sites.intersections(spacing_m);
    p.demand = demandOnNodes(sites, pts, {}, 300).demand;
    p.times = sites.travelLists(p.candidates, p.demand, secondsToMs(horizon_s), 2);
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) usage("which instance?");
    const std::string instance = argv[1];
    std::string export_path;
    std::uint64_t seed = 1;
    double cbc_limit = 60, lp_limit = 0, spacing = 150, minutes = 3;
    int k = 0;
    std::size_t incidents = 20000;
    for (int a = 2; a < argc; ++a) {
        const std::string arg = argv[a];
        auto next = [&]() -> std::string {
            if (a + 1 >= argc) usage("missing value for " + arg);
            return argv[++a];
        };
        if (arg == "--seed") seed = std::stoull(next());
        else if (arg == "--k") k = std::stoi(next());
        else if (arg == "--incidents") incidents = std::stoull(next());
        else if (arg == "--spacing") spacing = std::stod(next());
        else if (arg == "--minutes") minutes = std::stod(next());
        else if (arg == "--cbc-limit") cbc_limit = std::stod(next());
        else if (arg == "--lp-limit") lp_limit = std::stod(next());
        else if (arg == "--export") export_path = next();
        else usage("unknown option " + arg);
    }
    ObjectiveSpec spec;
    spec.kind = ObjectiveKind::Mclp;
    PlacementProblem p;
    const auto t0 = std::chrono::steady_clock::now();
    if (instance == "small" || instance == "large") {
        UniformInstanceParams ip;
        ip.seed = seed;
        ip.candidates = instance == "small" ? 500 : 2000;
        ip.demand = instance == "small" ? 10000 : 50000;
        spec.k = k ? k : instance == "small" ? 12 : 30;
        spec.cover_ms = 180000;
        p = uniformInstance(ip);
    } else if (instance == "futian") {
        spec.k = k ? k : 12;
        spec.cover_ms = secondsToMs(60 * minutes);
        p = futianInstance(incidents, spacing, 60 * minutes);
    } else {
        usage("the instance is small, large or futian");
    }
    const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::size_t pairs = coverSets(p.times, spec.cover_ms).cand_demand.size();
    std::printf("instance %s: %zu candidates x %zu demand points, k = %d, T = %.0f s, %zu covering pairs, total weight %.0f "
                "(built in %.2f s)\n",
                instance.c_str(), p.candidates.size(), p.demand.size(), spec.k, msToSeconds(spec.cover_ms), pairs,
                p.totalWeight(), build_s);
    if (!export_path.empty()) exportLists(p, spec, export_path);

    HeuristicOptions greedy_only;
    greedy_only.local_search = false;
    const Solution g = solveHeuristic(p, spec, greedy_only);
    const Solution h = solveHeuristic(p, spec);
    std::printf("greedy:            %10.0f  wall %7.3f s  CPU %7.3f s\n", g.score.objective, g.wall_s, g.cpu_s);
    std::printf("heuristic:         %10.0f  wall %7.3f s  CPU %7.3f s  (%zu swaps, %zu rounds; its own bound %.1f)\n",
                h.score.objective, h.wall_s, h.cpu_s, h.swaps, h.rounds, h.bound);

    LagrangianOptions lo;
    lo.lower_bound = h.score.objective;
    lo.max_iterations = 5000;
    lo.time_limit_s = 300;
    const LagrangianResult lr = mclpLagrangianBound(p, spec, lo);
    std::printf("Lagrangian bound:  %12.2f  CPU %7.3f s  (%d iterations)\n", lr.bound, lr.cpu_s, lr.iterations);
    double best_bound = std::min(lr.bound, h.bound);
    if (lp_limit > 0) {
        const LpBound lp = mclpLpBound(p, spec, lp_limit);
        if (lp.finished) {
            std::printf("CLP LP bound:      %12.2f  wall %7.2f s  CPU %7.2f s\n", lp.value, lp.wall_s, lp.cpu_s);
            best_bound = std::min(best_bound, lp.value);
        } else {
            std::printf("CLP LP bound:      not reached in %.0f s (wall)\n", lp_limit);
        }
    }
    std::printf("gap to the best bound (%.2f): greedy %.3f%%, heuristic %.3f%%\n", best_bound,
                100 * (best_bound - g.score.objective) / best_bound, 100 * (best_bound - h.score.objective) / best_bound);
    if (cbc_limit > 0) {
        CbcOptions co;
        co.time_limit_s = cbc_limit;
        co.grace_s = 5;
        const Solution c = solveCbc(p, spec, co);
        std::printf("CBC (limit %.0f s): status %s", cbc_limit, std::string(solveStatusKey(c.status)).c_str());
        if (c.hasSolution()) std::printf(", objective %.0f", c.score.objective);
        if (!std::isnan(c.bound)) std::printf(", bound %.2f, gap %.3f%%", c.bound, 100 * c.gap);
        std::printf("  wall %.2f s  CPU %.2f s  %s\n", c.wall_s, c.cpu_s, c.note.c_str());
        if (c.hasSolution()) {
            std::printf("heuristic / CBC objective: %.5f;  CBC CPU / heuristic CPU: %.1fx\n",
                        h.score.objective / c.score.objective, c.cpu_s / h.cpu_s);
            if (c.status == SolveStatus::Optimal)
                std::printf("proven optimum %.0f: heuristic %s it; Lagrangian bound %s it\n", c.score.objective,
                            h.score.objective == c.score.objective ? "finds" : "misses", lr.bound >= c.score.objective ? "is above" : "is BELOW");
        }
    }
    return 0;
}
