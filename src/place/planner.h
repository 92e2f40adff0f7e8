#pragma once
// Hour by hour: one placement per hour window (早高峰, 晚高峰, 夜间, ...), each
// with its own demand weights, its own number of posts and travel times
// under the window's congestion, and a plan (plan.h) that puts them
// together: every post that is open in some window, with the windows it is
// staffed in. The CLI (`jingwei place`) and a GUI editor use the same calls.
#include <span>
#include <string>
#include <vector>

#include "core/crs.h"
#include "core/progress.h"
#include "network/travel_time.h"
#include "place/cbc_solver.h"
#include "place/heuristic.h"
#include "place/network_problem.h"
#include "place/plan.h"

namespace jingwei::place {

// The mean congestion factor over the window's hours (network/travel_time.h).
double windowCongestion(const PlanWindow& w, const TravelTimeModel& model);

// Calls as demand on road nodes (RoadSites::nodeNear), one demand point per
// node that has calls, weighted per window by the calls at local hours in
// the window. A call of unknown hour (255: monthly data) counts only in a
// whole-day window.
struct WindowDemand {
    std::vector<DemandPoint> demand;            // ordered by node
    std::vector<std::vector<double>> weights;   // [window][demand point]
    std::vector<std::size_t> calls;             // per window
    std::size_t off_network = 0;
};
WindowDemand windowDemand(const RoadSites& sites, std::span<const XY> calls, std::span<const std::uint8_t> local_hours,
                          std::span<const PlanWindow> windows, double max_snap_m);

// Demand from a weight layer (points with a weight and no time, e.g.
// population or a risk score): the same weights in every window. `calls`
// counts the points with a weight > 0 on the network.
WindowDemand weightedDemand(const RoadSites& sites, std::span<const XY> points, std::span<const double> weights,
                            std::span<const PlanWindow> windows, double max_snap_m);

struct PlannerOptions {
    ObjectiveSpec objective;              // kind and times; k comes from each window
    std::string solver = "heuristic";     // or "cbc": the heuristic, then CBC started from its posts
    HeuristicOptions heuristic;
    CbcOptions cbc;
};

struct WindowSolution {
    PlanWindow window;                    // k as solved (LSCP: the posts it needed)
    ObjectiveSpec spec;
    Solution heuristic;                   // always run
    Solution exact;                       // solver "cbc" only (else status NoSolution)
    const Solution& best() const;         // CBC's when it has one, else the heuristic's
};

// `base` holds the candidates, every demand point of any window and
// free-flow times; weights[w][i] is demand i's weight in window w. Each
// window's times are base times × its congestion factor (rounded like the
// simulation's). Throws Error for an invalid objective in a window and
// Cancelled when asked to stop.
std::vector<WindowSolution> solveWindows(const PlacementProblem& base, std::span<const PlanWindow> windows,
                                         const std::vector<std::vector<double>>& weights, const PlannerOptions& opt,
                                         const Progress& progress = {});

// The plan of the solutions: header fields from `header` (name, map,
// demand, units_per_post), objective fields from opt, windows and scores
// from the solutions; posts in candidate order, lon/lat through `to_lonlat`
// rounded to 1e-7°.
Plan makePlan(const PlacementProblem& base, std::span<const WindowSolution> solved, const PlannerOptions& opt,
              const Projector& to_lonlat, const Plan& header);

}  // namespace jingwei::place
