#pragma once
// The placement editor's state (前置屯警 方案编辑), without ImGui or OSG: what
// the PlacementPanel edits and the placement overlay draws, and what
// `jingwei render --plan` scores headless.
//
//  * Demand: incidents (read, or synthetic ones from the analysis module's
//    generator) served at road nodes as place::demandOnNodes serves them.
//    The "universe" is every node with an incident at any hour; each hour
//    window (早高峰 07-09, 晚高峰 17-20, 夜间 22-06 by default) has its own
//    demand: the incidents whose local hour is in the window, added up per
//    node, ordered by node (exactly demandOnNodes of those incidents).
//    Incidents without a time of day are in no window.
//  * Candidates: road intersections at a spacing (RoadSites::intersections),
//    the map's police stations, and posts the user draws. Each candidate has
//    its travel list to the universe demand within the horizon (one bounded
//    Dijkstra, RoadSites::travelLists). A post added or moved gets one new
//    search for its own node, never a full recompute. Lists are immutable
//    and shared, so a snapshot for a background solve copies pointers.
//  * Posts: a candidate each, a locked flag (a fixed post: staffed in every
//    window, kept by the optimiser), and the windows it is staffed in.
//  * Live score: per window, place::scorePlan of the posts staffed in it
//    over the window's demand, recomputed after every edit. It is scored on
//    a problem made of the staffed posts alone, which gives every PlanScore
//    field but coverable_share / uncovered_coverable (those depend on the
//    candidates not open; the optimiser's problem has them).
//  * Optimise: place::solveHeuristic for one window (its k, the objective,
//    locked posts fixed, the current posts as the start) on a worker thread
//    with progress and cancel; poll() applies the result on the caller's
//    thread.
//  * Plans: toPlan() / applyPlan() convert to and from place::Plan (files
//    through place::readPlan / writePlan: YAML or GeoJSON).
//
// All calls but the progress getters come from one thread (the GUI's).
#include <array>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analysis/incident.h"
#include "core/crs.h"
#include "core/progress.h"
#include "mapdata/map_model.h"
#include "place/heuristic.h"
#include "place/network_problem.h"
#include "place/objective.h"
#include "place/plan.h"
#include "place/solution.h"

namespace jingwei {

struct PlacementWindow {
    std::string name;
    int start_h = 0, end_h = 24;   // [start, end), wraps midnight when start > end (place::PlanWindow)
    int k = 1;                     // posts the optimiser opens in the window

    bool contains(int hour) const;
    std::string hoursText() const;  // "07-09"
};
// 早高峰 07-09 (k 4), 晚高峰 17-20 (k 5), 夜间 22-06 (k 3): sized for the default
// Futian map (4.4 × 3.7 km of roads); set k per window for larger areas.
std::vector<PlacementWindow> defaultPlacementWindows();

struct PlacementSettings {
    place::ObjectiveKind objective = place::ObjectiveKind::Mclp;
    double minutes = 2;            // T (T1 for double coverage)
    double backup_minutes = 4;     // T2 (double coverage), ≥ T
    double backup_weight = 1;      // β (double coverage)
};

struct PlacementBuildOptions {
    double spacing_m = 200;        // intersection candidates no closer than this
    double snap_m = 300;           // incidents and posts further from a road are off the network
    double horizon_minutes = 10;   // travel lists; T and T2 must stay within it
    int threads = 2;
    std::vector<PlacementWindow> windows = defaultPlacementWindows();
    PlacementSettings settings;
    // Incidents with x/y in the map's CRS. Null: synthetic ones (合成示例).
    std::shared_ptr<const IncidentSet> incidents;
    std::string incidents_label;   // what they are, e.g. a file name
    std::size_t synthetic_count = 20000;
    std::uint64_t synthetic_seed = 7;
    std::vector<place::Candidate> extra_candidates;  // e.g. from a candidate file (nodes filled here)
    std::string name = "前置屯警方案";
};

enum class DemandState : std::uint8_t { Uncovered, Covered, Backup };

struct PlacementPost {
    std::string id, name;
    std::uint32_t candidate = 0;   // index into PlacementModel::candidates()
    bool locked = false;
    std::vector<char> staffed;     // per window (locked: all 1)
};

// How a window's current posts came to be (the plan's score row).
struct WindowSolveInfo {
    std::string solver = "editor";  // "editor" after a hand edit, "heuristic" after optimise
    std::string status;
    double bound = std::numeric_limits<double>::quiet_NaN();
    double gap = std::numeric_limits<double>::quiet_NaN();
    double seconds = 0;
};

struct OptimiseStatus {
    bool running = false;
    double fraction = 0;
    std::string stage;
    std::size_t window = 0;
    double elapsed_s = 0;
};

class PlacementModel {
public:
    // Builds the road sites, demand, candidates and their travel lists
    // (reports progress; throws Cancelled when asked to stop, Error for a map
    // without roads or a CRS, settings beyond the horizon, ...).
    PlacementModel(const MapModel& map, PlacementBuildOptions opt, const Progress& progress = {});
    ~PlacementModel();
    PlacementModel(const PlacementModel&) = delete;
    PlacementModel& operator=(const PlacementModel&) = delete;

    // ---- what it was built from ----
    const place::RoadSites& sites() const { return *sites_; }
    const std::string& mapName() const { return map_name_; }
    const std::string& crs() const { return crs_; }
    Bounds homeBounds() const { return home_; }
    double snapM() const { return opt_.snap_m; }
    double horizonMinutes() const { return opt_.horizon_minutes; }
    Millis horizonMs() const { return horizon_ms_; }
    const std::string& demandLabel() const { return demand_label_; }
    bool syntheticDemand() const { return synthetic_; }
    std::size_t incidentCount() const { return incident_node_.size(); }
    std::size_t offNetworkIncidents() const { return off_network_; }
    double buildSeconds() const { return build_s_; }
    double travelListSeconds() const { return lists_s_; }

    // ---- candidates and demand ----
    const std::vector<place::Candidate>& candidates() const { return candidates_; }
    std::size_t builtCandidates() const { return built_candidates_; }   // intersections + stations
    // Candidate j's times to the universe demand, sorted by time then demand.
    const std::vector<place::TravelEntry>& travelList(std::uint32_t j) const { return *lists_[j]; }
    const std::vector<place::DemandPoint>& universe() const { return universe_; }
    const std::vector<place::DemandPoint>& windowDemand(std::size_t w) const { return windows_[w].demand; }
    std::size_t windowIncidents(std::size_t w) const { return windows_[w].incidents; }

    // ---- settings and windows ----
    const PlacementSettings& settings() const { return settings_; }
    // Throws Error for T or T2 beyond the horizon, T2 < T, β < 0.
    void setSettings(const PlacementSettings& s);
    place::ObjectiveSpec spec(std::size_t w) const;
    std::size_t windowCount() const { return windows_.size(); }
    const PlacementWindow& window(std::size_t w) const { return windows_[w].def; }
    void setWindowK(std::size_t w, int k);
    const WindowSolveInfo& solveInfo(std::size_t w) const { return windows_[w].info; }

    // ---- posts ----
    const std::vector<PlacementPost>& posts() const { return posts_; }
    XY postPos(std::size_t q) const { return candidates_[posts_[q].candidate].pos; }
    std::optional<std::size_t> postIndex(const std::string& id) const;
    // The road node a point would be served at, and its position (nullopt off the network).
    std::optional<XY> snapPreview(XY p) const;
    // A post at the road node nearest p, staffed in window w (all windows when
    // locked). Reuses a candidate already on that node, else appends a "user"
    // candidate with one new travel list. nullopt when p is off the network or
    // a post already stands on that node (then *existing is set).
    std::optional<std::size_t> addPost(XY p, std::size_t w, bool locked = false, std::size_t* existing = nullptr);
    // Moves post q to the road node nearest p: its own user candidate (made on
    // its first move, so the original candidate stays for the optimiser) gets
    // the node and a fresh travel list. False when p is off the network or
    // another post stands there; true (and nothing recomputed) for the same node.
    bool movePost(std::size_t q, XY p);
    void setLocked(std::size_t q, bool locked);
    void setStaffed(std::size_t q, std::size_t w, bool on);   // locked posts stay staffed
    void removePost(std::size_t q);
    // Posts staffed in window w, as candidate indices (ascending).
    std::vector<std::uint32_t> openCandidates(std::size_t w) const;
    std::size_t staffedCount(std::size_t w) const;
    // Units on duty per hour of the day at post q, and in all (one unit per staffed post).
    std::array<int, 24> schedule(std::size_t q) const;
    std::array<int, 24> unitsOnDuty() const;

    // ---- live score ----
    const place::PlanScore& score(std::size_t w);             // recomputed when stale
    const std::vector<DemandState>& demandStates(std::size_t w);  // per windowDemand(w) point
    double lastScoreMs() const { return last_score_ms_; }    // the last recomputation
    double lastMoveMs() const { return last_move_ms_; }      // the last movePost: snap + search + rescore

    // ---- optimise (one at a time) ----
    struct OptimiseOptions {
        double time_limit_s = 30;
        std::uint64_t seed = 1;
        int rounds = 100;
    };
    // Starts a solve of window w on a worker thread. False when one is running.
    bool startOptimise(std::size_t w, const OptimiseOptions& o);
    bool startOptimise(std::size_t w) { return startOptimise(w, OptimiseOptions{}); }
    void cancelOptimise();
    OptimiseStatus optimiseStatus() const;
    // Applies a finished solve (GL thread, once per frame). Returns true when
    // posts changed. A failure or cancellation leaves the posts as they were
    // and sets lastOptimiseMessage().
    bool poll();
    // Blocks until the running solve ends, then poll()s.
    bool waitOptimise();
    const std::string& lastOptimiseMessage() const { return optimise_msg_; }
    const std::optional<place::Solution>& lastSolution() const { return last_solution_; }

    // ---- plans ----
    place::Plan toPlan() const;
    // Replaces settings, windows and posts with the plan's. Posts are placed
    // at the road node nearest their lon/lat (a candidate on that node is
    // reused, else one is added with its own search). Throws Error(file,
    // "post <id>" / "minutes", reason) for a post off this map's network or
    // times beyond the horizon; the model is then unchanged. Returns notes
    // (e.g. the plan was made on another map).
    std::vector<std::string> applyPlan(const place::Plan& plan, const std::string& file = "");
    void loadPlan(const std::string& path) { applyPlan(place::readPlan(path), path); }
    void savePlan(const std::string& path) const { place::writePlan(toPlan(), path); }
    void setName(std::string n) { name_ = std::move(n); }
    const std::string& name() const { return name_; }

    // Bumped by every change of posts or settings (overlays refresh on change).
    std::uint64_t generation() const { return generation_; }

private:
    struct WindowState {
        PlacementWindow def;
        std::vector<place::DemandPoint> demand;
        std::vector<std::uint32_t> of_universe;   // universe index → window index, kNoId when absent
        std::size_t incidents = 0;
        bool stale = true;
        place::PlanScore score;
        std::vector<DemandState> states;
        WindowSolveInfo info;
    };
    struct Job;
    using List = std::shared_ptr<const std::vector<place::TravelEntry>>;

    WindowState makeWindow(const PlacementWindow& def) const;
    List searchFrom(NodeId node) const;
    std::uint32_t appendCandidate(place::Candidate c);
    std::optional<std::uint32_t> candidateOnNode(NodeId v) const;
    std::optional<std::size_t> postOnNode(NodeId v) const;
    std::string newPostId() const;
    void touch(std::size_t w);        // window w changed by hand
    void touchAll();
    void rescore(std::size_t w);
    void checkSettings(const PlacementSettings& s, const std::string& file) const;

    PlacementBuildOptions opt_;
    std::string map_name_, crs_, name_;
    Bounds home_;
    std::unique_ptr<Projector> projector_;
    std::shared_ptr<const place::RoadSites> sites_;
    Millis horizon_ms_ = 0;
    std::string demand_label_;
    bool synthetic_ = false;
    std::vector<NodeId> incident_node_;          // per incident (kNoId: off the network)
    std::vector<std::uint8_t> incident_hour_;    // local hour, kUnknownHour
    std::size_t off_network_ = 0;
    std::vector<place::DemandPoint> universe_;
    std::vector<std::uint32_t> universe_of_node_;  // graph node → universe index (kNoId)
    std::vector<place::Candidate> candidates_;
    std::size_t built_candidates_ = 0;
    std::vector<List> lists_;
    std::vector<char> own_candidate_;            // candidate made for one post (moves update it in place)
    PlacementSettings settings_;
    std::vector<WindowState> windows_;
    std::vector<PlacementPost> posts_;
    std::uint64_t generation_ = 1;
    double build_s_ = 0, lists_s_ = 0, last_score_ms_ = 0, last_move_ms_ = 0;

    std::unique_ptr<Job> job_;
    std::string optimise_msg_;
    std::optional<place::Solution> last_solution_;
};

}  // namespace jingwei
