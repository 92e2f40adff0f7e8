#include "ui/placement_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

#include "analysis/synthetic_incidents.h"
#include "core/error.h"
#include "place/candidates.h"

namespace jingwei {

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// A sub-range [a, b] of a parent progress.
Progress subProgress(const Progress& parent, double a, double b) {
    if (!parent.callback) return {};
    return Progress{[&parent, a, b](double f, std::string_view stage) {
        return parent.callback(a + (b - a) * std::clamp(f, 0.0, 1.0), stage);
    }};
}

Millis minutesToMs(double minutes) { return secondsToMs(minutes * 60.0); }

double round7(double v) { return std::round(v * 1e7) / 1e7; }

}  // namespace

bool PlacementWindow::contains(int hour) const {
    place::PlanWindow w;
    w.start_h = start_h;
    w.end_h = end_h;
    return w.contains(hour);
}

std::string PlacementWindow::hoursText() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d-%02d", start_h, end_h);
    return buf;
}

std::vector<PlacementWindow> defaultPlacementWindows() {
    return {{"早高峰", 7, 9, 4}, {"晚高峰", 17, 20, 5}, {"夜间", 22, 6, 3}};
}

// ---- optimise job ------------------------------------------------------------

struct PlacementModel::Job {
    std::thread thread;
    std::atomic<bool> cancel{false}, done{false};
    mutable std::mutex m;
    double fraction = 0;
    std::string stage;
    std::size_t window = 0;
    Clock::time_point t0 = Clock::now();
    std::optional<place::Solution> result;
    std::string error;
    bool cancelled = false;

    ~Job() {
        cancel = true;
        if (thread.joinable()) thread.join();
    }
};

// ---- building ----------------------------------------------------------------

PlacementModel::PlacementModel(const MapModel& map, PlacementBuildOptions opt, const Progress& progress)
    : opt_(std::move(opt)) {
    const auto t0 = Clock::now();
    map_name_ = map.name;
    name_ = opt_.name;
    crs_ = map.crs;
    home_ = map.homeBoundsXY();
    if (map.roads.edges.empty()) throw Error(map.name, "roads", "the map has no road network to place posts on");
    if (map.crs.empty()) throw Error(map.name, "crs", "the map has no projected CRS");
    if (!(opt_.horizon_minutes > 0) || opt_.horizon_minutes > 240)
        throw Error("", "horizon", "the travel-time horizon must be between 0 and 240 minutes");
    if (!(opt_.spacing_m >= 0) || !(opt_.snap_m > 0)) throw Error("", "candidates", "spacing must be ≥ 0 and snap > 0 m");
    if (opt_.windows.empty()) throw Error("", "windows", "at least one hour window is needed");
    projector_ = std::make_unique<Projector>(map.crs);
    horizon_ms_ = minutesToMs(opt_.horizon_minutes);
    checkSettings(opt_.settings, "");
    settings_ = opt_.settings;

    progress.report(0, "路网 road network");
    TravelTimeModel tm;
    tm.speeds = map.speeds;
    auto graph = std::make_shared<const TravelGraph>(map.roads, tm, subProgress(progress, 0, 0.1));
    sites_ = std::make_shared<const place::RoadSites>(graph);
    progress.report(0.15, "警情 incidents");

    // Incidents: given, or synthetic on the map's roads.
    std::shared_ptr<const IncidentSet> inc = opt_.incidents;
    if (!inc) {
        SyntheticIncidentParams sp;
        sp.count = opt_.synthetic_count;
        sp.seed = opt_.synthetic_seed;
        inc = std::make_shared<IncidentSet>(generateSyntheticIncidents(map, sp, subProgress(progress, 0.15, 0.25)));
        synthetic_ = true;
        demand_label_ = "synthetic:" + std::to_string(sp.count) + " seed " + std::to_string(sp.seed);
    } else {
        demand_label_ = opt_.incidents_label.empty() ? "incidents" : opt_.incidents_label;
        if (inc->crs() != map.crs && !inc->empty())
            throw Error(demand_label_, "", "the incidents are not projected into the map's CRS " + map.crs);
    }
    const std::size_t n = inc->size();
    incident_node_.resize(n);
    incident_hour_ = inc->hours();
    const auto& pos = inc->positions();
    const TravelGraph& g = sites_->graph();
    universe_of_node_.assign(g.nodeCount(), kNoId);
    std::vector<double> total(g.nodeCount(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const NodeId v = sites_->nodeNear(XY{pos[i].x, pos[i].y}, opt_.snap_m);
        incident_node_[i] = v;
        if (v == kNoId) {
            ++off_network_;
            continue;
        }
        total[v] += 1;
        if (i % 4096 == 0) progress.report(0.25 + 0.1 * static_cast<double>(i) / static_cast<double>(n), "需求 demand");
    }
    for (NodeId v = 0; v < g.nodeCount(); ++v) {
        if (!(total[v] > 0)) continue;
        universe_of_node_[v] = static_cast<std::uint32_t>(universe_.size());
        place::DemandPoint d;
        d.pos = g.nodeXY(v);
        d.weight = total[v];
        d.node = v;
        universe_.push_back(d);
    }
    if (universe_.empty()) throw Error(demand_label_, "", "no incident is within " + std::to_string(int(opt_.snap_m)) + " m of the roads of " + map.name);
    for (const PlacementWindow& w : opt_.windows) windows_.push_back(makeWindow(w));

    // Candidates: intersections, stations, extra.
    progress.report(0.35, "候选点 candidates");
    candidates_ = sites_->intersections(opt_.spacing_m);
    auto addOnNetwork = [&](std::vector<place::Candidate> cs) {
        for (place::Candidate& c : cs) {
            c.node = sites_->nodeNear(c.pos, opt_.snap_m);
            if (c.node == kNoId) continue;
            c.pos = g.nodeXY(c.node);
            candidates_.push_back(std::move(c));
        }
    };
    addOnNetwork(place::stationCandidates(map));
    addOnNetwork(opt_.extra_candidates);
    built_candidates_ = candidates_.size();
    own_candidate_.assign(candidates_.size(), 0);

    const auto tl = Clock::now();
    const place::TravelLists t =
        sites_->travelLists(candidates_, universe_, horizon_ms_, opt_.threads, subProgress(progress, 0.4, 1.0));
    lists_s_ = msSince(tl) / 1000.0;
    lists_.reserve(candidates_.size());
    for (std::uint32_t j = 0; j < candidates_.size(); ++j) {
        const auto of = t.of(j);
        lists_.push_back(std::make_shared<const std::vector<place::TravelEntry>>(of.begin(), of.end()));
    }
    progress.report(1, "完成 done");
    build_s_ = msSince(t0) / 1000.0;
}

PlacementModel::~PlacementModel() = default;

PlacementModel::WindowState PlacementModel::makeWindow(const PlacementWindow& def) const {
    WindowState ws;
    ws.def = def;
    std::vector<double> count(universe_.size(), 0);
    for (std::size_t i = 0; i < incident_node_.size(); ++i) {
        const NodeId v = incident_node_[i];
        const std::uint8_t h = incident_hour_[i];
        if (v == kNoId || h == kUnknownHour || !def.contains(h)) continue;
        count[universe_of_node_[v]] += 1;
        ++ws.incidents;
    }
    ws.of_universe.assign(universe_.size(), kNoId);
    for (std::size_t u = 0; u < universe_.size(); ++u) {
        if (!(count[u] > 0)) continue;
        ws.of_universe[u] = static_cast<std::uint32_t>(ws.demand.size());
        place::DemandPoint d = universe_[u];
        d.weight = count[u];
        ws.demand.push_back(d);
    }
    return ws;
}

PlacementModel::List PlacementModel::searchFrom(NodeId node) const {
    place::Candidate c;
    c.node = node;
    const place::TravelLists t = sites_->travelLists({&c, 1}, universe_, horizon_ms_, 1);
    const auto of = t.of(0);
    return std::make_shared<const std::vector<place::TravelEntry>>(of.begin(), of.end());
}

std::uint32_t PlacementModel::appendCandidate(place::Candidate c) {
    lists_.push_back(searchFrom(c.node));
    candidates_.push_back(std::move(c));
    own_candidate_.push_back(0);
    return static_cast<std::uint32_t>(candidates_.size() - 1);
}

std::optional<std::uint32_t> PlacementModel::candidateOnNode(NodeId v) const {
    for (std::uint32_t j = 0; j < candidates_.size(); ++j)
        if (candidates_[j].node == v) return j;
    return std::nullopt;
}

std::optional<std::size_t> PlacementModel::postOnNode(NodeId v) const {
    for (std::size_t q = 0; q < posts_.size(); ++q)
        if (candidates_[posts_[q].candidate].node == v) return q;
    return std::nullopt;
}

std::optional<std::size_t> PlacementModel::postIndex(const std::string& id) const {
    for (std::size_t q = 0; q < posts_.size(); ++q)
        if (posts_[q].id == id) return q;
    return std::nullopt;
}

std::string PlacementModel::newPostId() const {
    for (std::uint64_t k = 1;; ++k) {
        std::string id = place::prefixedId('P', k);
        if (!postIndex(id)) return id;
    }
}

// ---- settings ------------------------------------------------------------------

void PlacementModel::checkSettings(const PlacementSettings& s, const std::string& file) const {
    const double h = opt_.horizon_minutes;
    char buf[160];
    if (!(s.minutes > 0) || s.minutes > h) {
        std::snprintf(buf, sizeof buf, "T = %g min must be > 0 and within the editor's travel-time horizon of %g min",
                      s.minutes, h);
        throw Error(file, "minutes", buf);
    }
    if (s.objective == place::ObjectiveKind::DoubleCoverage) {
        if (s.backup_minutes < s.minutes || s.backup_minutes > h) {
            std::snprintf(buf, sizeof buf, "T2 = %g min must be between T = %g and the horizon %g min", s.backup_minutes,
                          s.minutes, h);
            throw Error(file, "backup_minutes", buf);
        }
        if (!(s.backup_weight >= 0) || !std::isfinite(s.backup_weight))
            throw Error(file, "backup_weight", "β must be ≥ 0");
    }
}

void PlacementModel::setSettings(const PlacementSettings& s) {
    checkSettings(s, "");
    settings_ = s;
    touchAll();
}

place::ObjectiveSpec PlacementModel::spec(std::size_t w) const {
    place::ObjectiveSpec s;
    s.kind = settings_.objective;
    s.k = std::max(1, windows_[w].def.k);
    s.cover_ms = minutesToMs(settings_.minutes);
    s.backup_ms = settings_.objective == place::ObjectiveKind::DoubleCoverage ? minutesToMs(settings_.backup_minutes)
                                                                              : s.cover_ms;
    s.backup_weight = settings_.backup_weight;
    return s;
}

void PlacementModel::setWindowK(std::size_t w, int k) {
    windows_[w].def.k = std::max(1, k);
    ++generation_;
}

void PlacementModel::touch(std::size_t w) {
    windows_[w].stale = true;
    windows_[w].info = WindowSolveInfo{};
    ++generation_;
}

void PlacementModel::touchAll() {
    for (WindowState& ws : windows_) ws.stale = true;
    ++generation_;
}

// ---- posts ---------------------------------------------------------------------

std::optional<XY> PlacementModel::snapPreview(XY p) const {
    const NodeId v = sites_->nodeNear(p, opt_.snap_m);
    if (v == kNoId) return std::nullopt;
    return sites_->graph().nodeXY(v);
}

std::optional<std::size_t> PlacementModel::addPost(XY p, std::size_t w, bool locked, std::size_t* existing) {
    const NodeId v = sites_->nodeNear(p, opt_.snap_m);
    if (v == kNoId) return std::nullopt;
    if (const auto q = postOnNode(v)) {
        if (existing) *existing = *q;
        return std::nullopt;
    }
    PlacementPost post;
    if (const auto j = candidateOnNode(v)) {
        post.candidate = *j;
        post.id = candidates_[*j].id;
        post.name = candidates_[*j].name;
        if (postIndex(post.id)) post.id = newPostId();
    } else {
        place::Candidate c;
        post.id = newPostId();
        c.id = "U-" + post.id;
        for (int k = 2; std::any_of(candidates_.begin(), candidates_.end(), [&](const auto& o) { return o.id == c.id; }); ++k)
            c.id = "U-" + post.id + "-" + std::to_string(k);
        c.name = post.id;
        c.pos = sites_->graph().nodeXY(v);
        c.source = "user";
        c.node = v;
        post.candidate = appendCandidate(std::move(c));
        own_candidate_[post.candidate] = 1;
    }
    post.locked = locked;
    post.staffed.assign(windows_.size(), 0);
    for (std::size_t x = 0; x < windows_.size(); ++x)
        if (locked || x == w) {
            post.staffed[x] = 1;
            touch(x);
        }
    posts_.push_back(std::move(post));
    ++generation_;
    return posts_.size() - 1;
}

bool PlacementModel::movePost(std::size_t q, XY p) {
    const auto t0 = Clock::now();
    const NodeId v = sites_->nodeNear(p, opt_.snap_m);
    if (v == kNoId) return false;
    PlacementPost& post = posts_[q];
    if (candidates_[post.candidate].node == v) return true;
    if (postOnNode(v)) return false;
    if (own_candidate_[post.candidate]) {
        place::Candidate& c = candidates_[post.candidate];
        c.node = v;
        c.pos = sites_->graph().nodeXY(v);
        lists_[post.candidate] = searchFrom(v);
    } else {
        place::Candidate c;
        c.id = "U-" + post.id;
        for (int k = 2; std::any_of(candidates_.begin(), candidates_.end(), [&](const auto& o) { return o.id == c.id; }); ++k)
            c.id = "U-" + post.id + "-" + std::to_string(k);
        c.name = post.name.empty() ? post.id : post.name;
        c.pos = sites_->graph().nodeXY(v);
        c.source = "user";
        c.node = v;
        post.candidate = appendCandidate(std::move(c));
        own_candidate_[post.candidate] = 1;
    }
    for (std::size_t w = 0; w < windows_.size(); ++w)
        if (post.staffed[w]) {
            touch(w);
            rescore(w);
        }
    last_move_ms_ = msSince(t0);
    return true;
}

void PlacementModel::setLocked(std::size_t q, bool locked) {
    PlacementPost& post = posts_[q];
    if (post.locked == locked) return;
    post.locked = locked;
    if (locked)
        for (std::size_t w = 0; w < windows_.size(); ++w)
            if (!post.staffed[w]) {
                post.staffed[w] = 1;
                touch(w);
            }
    ++generation_;
}

void PlacementModel::setStaffed(std::size_t q, std::size_t w, bool on) {
    PlacementPost& post = posts_[q];
    if (post.locked && !on) return;
    if (bool(post.staffed[w]) == on) return;
    post.staffed[w] = on ? 1 : 0;
    touch(w);
}

void PlacementModel::removePost(std::size_t q) {
    for (std::size_t w = 0; w < windows_.size(); ++w)
        if (posts_[q].staffed[w]) touch(w);
    own_candidate_[posts_[q].candidate] = 0;
    posts_.erase(posts_.begin() + static_cast<std::ptrdiff_t>(q));
    ++generation_;
}

std::vector<std::uint32_t> PlacementModel::openCandidates(std::size_t w) const {
    std::vector<std::uint32_t> out;
    for (const PlacementPost& p : posts_)
        if (p.staffed[w]) out.push_back(p.candidate);
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t PlacementModel::staffedCount(std::size_t w) const {
    return static_cast<std::size_t>(
        std::count_if(posts_.begin(), posts_.end(), [w](const PlacementPost& p) { return p.staffed[w] != 0; }));
}

std::array<int, 24> PlacementModel::schedule(std::size_t q) const {
    std::array<int, 24> out{};
    for (std::size_t w = 0; w < windows_.size(); ++w)
        if (posts_[q].staffed[w])
            for (int h = 0; h < 24; ++h)
                if (windows_[w].def.contains(h)) out[static_cast<std::size_t>(h)] = 1;
    return out;
}

std::array<int, 24> PlacementModel::unitsOnDuty() const {
    std::array<int, 24> out{};
    for (std::size_t q = 0; q < posts_.size(); ++q) {
        const auto s = schedule(q);
        for (std::size_t h = 0; h < 24; ++h) out[h] += s[h];
    }
    return out;
}

// ---- live score ------------------------------------------------------------------

void PlacementModel::rescore(std::size_t w) {
    const auto t0 = Clock::now();
    WindowState& ws = windows_[w];
    const std::vector<std::uint32_t> open = openCandidates(w);
    place::PlacementProblem p;
    p.demand = ws.demand;
    std::vector<std::vector<place::TravelEntry>> per(open.size());
    for (std::size_t q = 0; q < open.size(); ++q) {
        p.candidates.push_back(candidates_[open[q]]);
        for (const place::TravelEntry& e : *lists_[open[q]])
            if (const std::uint32_t i = ws.of_universe[e.demand]; i != kNoId) per[q].push_back({i, e.time_ms});
    }
    p.times = place::TravelLists(std::move(per), p.demand.size(), horizon_ms_);
    std::vector<std::uint32_t> all(open.size());
    std::iota(all.begin(), all.end(), 0u);
    const place::ObjectiveSpec sp = spec(w);
    ws.score = place::scorePlan(p, sp, all);
    // Per demand point: covered within T, and backed up (a second post within
    // T2) for double coverage.
    std::vector<std::uint32_t> c1(p.demand.size(), 0), c2(p.demand.size(), 0);
    for (std::uint32_t j = 0; j < open.size(); ++j)
        for (const place::TravelEntry& e : p.times.of(j)) {
            if (e.time_ms <= sp.cover_ms) ++c1[e.demand];
            if (e.time_ms <= sp.backup_ms) ++c2[e.demand];
        }
    const bool dbl = sp.kind == place::ObjectiveKind::DoubleCoverage;
    ws.states.assign(p.demand.size(), DemandState::Uncovered);
    for (std::size_t i = 0; i < p.demand.size(); ++i)
        if (c1[i] >= 1) ws.states[i] = dbl && c2[i] >= 2 ? DemandState::Backup : DemandState::Covered;
    ws.stale = false;
    last_score_ms_ = msSince(t0);
}

const place::PlanScore& PlacementModel::score(std::size_t w) {
    if (windows_[w].stale) rescore(w);
    return windows_[w].score;
}

const std::vector<DemandState>& PlacementModel::demandStates(std::size_t w) {
    if (windows_[w].stale) rescore(w);
    return windows_[w].states;
}

// ---- optimise ----------------------------------------------------------------------

bool PlacementModel::startOptimise(std::size_t w, const OptimiseOptions& o) {
    if (job_) return false;
    optimise_msg_.clear();
    auto job = std::make_unique<Job>();
    job->window = w;
    // A snapshot: the worker never touches the model.
    std::vector<place::Candidate> cands = candidates_;
    for (place::Candidate& c : cands) c.fixed = false;
    for (const PlacementPost& p : posts_)
        if (p.locked) cands[p.candidate].fixed = true;
    std::vector<List> lists = lists_;
    const WindowState& ws = windows_[w];
    std::vector<place::DemandPoint> demand = ws.demand;
    std::vector<std::uint32_t> of_universe = ws.of_universe;
    place::ObjectiveSpec sp = spec(w);
    place::HeuristicOptions ho;
    ho.seed = o.seed;
    ho.rounds = o.rounds;
    ho.time_limit_s = o.time_limit_s;
    if (sp.kind != place::ObjectiveKind::Lscp && openCandidates(w).size() <= static_cast<std::size_t>(sp.k))
        ho.start = openCandidates(w);
    const Millis horizon = horizon_ms_;
    const std::string window_name = ws.def.name;
    Job* j = job.get();
    job->thread = std::thread([j, cands = std::move(cands), lists = std::move(lists), demand = std::move(demand),
                               of_universe = std::move(of_universe), sp, ho, horizon, window_name]() mutable {
        Progress progress{[j](double f, std::string_view stage) {
            std::lock_guard<std::mutex> lock(j->m);
            j->fraction = std::clamp(f, 0.0, 1.0);
            j->stage.assign(stage.data(), stage.size());
            return !j->cancel.load();
        }};
        try {
            if (demand.empty()) throw Error("", window_name, "no incidents fall in this window's hours");
            progress.report(0, "问题 problem");
            place::PlacementProblem p;
            p.candidates = std::move(cands);
            p.demand = std::move(demand);
            std::vector<std::vector<place::TravelEntry>> per(lists.size());
            for (std::size_t c = 0; c < lists.size(); ++c) {
                for (const place::TravelEntry& e : *lists[c])
                    if (const std::uint32_t i = of_universe[e.demand]; i != kNoId) per[c].push_back({i, e.time_ms});
                if (c % 256 == 0) progress.report(0.05 * static_cast<double>(c) / static_cast<double>(lists.size()), "问题 problem");
            }
            p.times = place::TravelLists(std::move(per), p.demand.size(), horizon);
            const Progress solve = subProgress(progress, 0.05, 1.0);
            place::Solution s = place::solveHeuristic(p, sp, ho, solve);
            std::lock_guard<std::mutex> lock(j->m);
            j->result = std::move(s);
        } catch (const Cancelled&) {
            std::lock_guard<std::mutex> lock(j->m);
            j->cancelled = true;
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lock(j->m);
            j->error = e.what();
        }
        j->done = true;
    });
    job_ = std::move(job);
    return true;
}

void PlacementModel::cancelOptimise() {
    if (job_) job_->cancel = true;
}

OptimiseStatus PlacementModel::optimiseStatus() const {
    OptimiseStatus s;
    if (!job_) return s;
    std::lock_guard<std::mutex> lock(job_->m);
    s.running = true;
    s.fraction = job_->fraction;
    s.stage = job_->stage;
    s.window = job_->window;
    s.elapsed_s = msSince(job_->t0) / 1000.0;
    return s;
}

bool PlacementModel::waitOptimise() {
    if (job_ && job_->thread.joinable()) job_->thread.join();
    return poll();
}

bool PlacementModel::poll() {
    if (!job_ || !job_->done) return false;
    if (job_->thread.joinable()) job_->thread.join();
    std::unique_ptr<Job> job = std::move(job_);
    const std::size_t w = job->window;
    if (job->cancelled) {
        optimise_msg_ = "cancelled";
        return false;
    }
    if (!job->result) {
        optimise_msg_ = job->error;
        return false;
    }
    place::Solution s = std::move(*job->result);
    if (!s.hasSolution()) {
        optimise_msg_ = "no solution: " + std::string(place::solveStatusKey(s.status)) + (s.note.empty() ? "" : ", " + s.note);
        return false;
    }
    const std::set<std::uint32_t> open(s.open.begin(), s.open.end());
    for (PlacementPost& p : posts_)
        if (!p.locked) p.staffed[w] = open.count(p.candidate) ? 1 : 0;
    // Posts staffed nowhere are gone (their candidates stay), before new
    // posts take their ids.
    for (std::size_t q = posts_.size(); q-- > 0;)
        if (!posts_[q].locked && std::none_of(posts_[q].staffed.begin(), posts_[q].staffed.end(), [](char c) { return c != 0; })) {
            own_candidate_[posts_[q].candidate] = 0;
            posts_.erase(posts_.begin() + static_cast<std::ptrdiff_t>(q));
        }
    for (const std::uint32_t c : s.open) {
        if (std::any_of(posts_.begin(), posts_.end(), [c](const PlacementPost& p) { return p.candidate == c; })) continue;
        PlacementPost p;
        p.candidate = c;
        p.id = candidates_[c].id;
        p.name = candidates_[c].name;
        if (postIndex(p.id)) p.id = newPostId();
        p.staffed.assign(windows_.size(), 0);
        p.staffed[w] = 1;
        posts_.push_back(std::move(p));
    }
    if (settings_.objective == place::ObjectiveKind::Lscp) windows_[w].def.k = static_cast<int>(s.open.size());
    touch(w);
    WindowSolveInfo& info = windows_[w].info;
    info.solver = s.solver.empty() ? "heuristic" : s.solver;
    info.status = std::string(place::solveStatusKey(s.status));
    info.bound = s.bound;
    info.gap = s.gap;
    info.seconds = s.wall_s;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s, %.1f s", info.status.c_str(), s.wall_s);
    optimise_msg_ = buf;
    last_solution_ = std::move(s);
    return true;
}

// ---- plans -------------------------------------------------------------------------

place::Plan PlacementModel::toPlan() const {
    place::Plan plan;
    plan.name = name_;
    plan.map = map_name_;
    plan.objective = settings_.objective;
    plan.minutes = settings_.minutes;
    if (settings_.objective == place::ObjectiveKind::DoubleCoverage) {
        plan.backup_minutes = settings_.backup_minutes;
        plan.backup_weight = settings_.backup_weight;
    }
    plan.demand = demand_label_;
    for (std::size_t w = 0; w < windows_.size(); ++w) {
        place::PlanWindow pw;
        pw.name = windows_[w].def.name;
        pw.start_h = windows_[w].def.start_h;
        pw.end_h = windows_[w].def.end_h;
        pw.k = static_cast<int>(staffedCount(w));
        plan.windows.push_back(pw);
    }
    for (const PlacementPost& p : posts_) {
        place::PlanPost pp;
        pp.id = p.id;
        pp.name = p.name;
        const LonLat ll = projector_->inverse(candidates_[p.candidate].pos);
        pp.lon = round7(ll.lon);
        pp.lat = round7(ll.lat);
        pp.locked = p.locked;
        pp.source = candidates_[p.candidate].source;
        for (std::size_t w = 0; w < windows_.size(); ++w)
            if (p.staffed[w]) pp.windows.push_back(windows_[w].def.name);
        plan.posts.push_back(std::move(pp));
    }
    auto* self = const_cast<PlacementModel*>(this);  // scores are a cache
    for (std::size_t w = 0; w < windows_.size(); ++w) {
        const place::PlanScore& s = self->score(w);
        const WindowSolveInfo& info = windows_[w].info;
        place::PlanScoreRow r;
        r.window = windows_[w].def.name;
        r.solver = info.solver;
        r.status = info.status;
        r.objective = s.objective;
        r.bound = info.bound;
        r.gap = info.gap;
        r.covered = s.covered_share;
        r.backup = s.backup_share;
        r.reached = s.reached_share;
        r.mean_s = s.mean_s;
        r.p90_s = s.p90_s;
        r.seconds = info.seconds;
        plan.scores.push_back(r);
    }
    return plan;
}

std::vector<std::string> PlacementModel::applyPlan(const place::Plan& plan, const std::string& file) {
    if (job_) throw Error(file, "", "an optimisation is running; cancel it before loading a plan");
    std::vector<std::string> notes;
    PlacementSettings s = settings_;
    s.objective = plan.objective;
    s.minutes = plan.minutes;
    if (plan.objective == place::ObjectiveKind::DoubleCoverage) {
        s.backup_minutes = plan.backup_minutes;
        s.backup_weight = plan.backup_weight;
    } else {
        s.backup_minutes = std::max(s.minutes, std::min(s.backup_minutes, opt_.horizon_minutes));
    }
    checkSettings(s, file);

    std::vector<WindowState> windows;
    for (const place::PlanWindow& pw : plan.windows) windows.push_back(makeWindow({pw.name, pw.start_h, pw.end_h, std::max(1, pw.k)}));

    // Place every post before changing anything.
    struct NewCandidate {
        place::Candidate c;
        List list;
    };
    std::vector<NewCandidate> added;
    std::vector<PlacementPost> posts;
    std::vector<NodeId> used;
    const TravelGraph& g = sites_->graph();
    for (const place::PlanPost& pp : plan.posts) {
        const std::string where = "post " + pp.id + (pp.line > 0 ? " (line/feature " + std::to_string(pp.line) + ")" : "");
        const XY xy = projector_->forward(LonLat{pp.lon, pp.lat});
        if (!std::isfinite(xy.x) || !std::isfinite(xy.y))
            throw Error(file, where, "cannot project its position into " + crs_);
        const NodeId v = sites_->nodeNear(xy, opt_.snap_m);
        if (v == kNoId) {
            char buf[200];
            std::snprintf(buf, sizeof buf, "at %.6f, %.6f is not within %g m of the road network of %s", pp.lon, pp.lat,
                          opt_.snap_m, map_name_.c_str());
            throw Error(file, where, buf);
        }
        if (const auto it = std::find(used.begin(), used.end(), v); it != used.end())
            throw Error(file, where, "stands on the same road node as post " + posts[std::size_t(it - used.begin())].id);
        used.push_back(v);
        PlacementPost p;
        p.id = pp.id;
        p.name = pp.name;
        p.locked = pp.locked;
        std::optional<std::uint32_t> cand;
        for (std::uint32_t j = 0; j < candidates_.size() && !cand; ++j)
            if (candidates_[j].node == v && candidates_[j].id == pp.id) cand = j;
        if (!cand) cand = candidateOnNode(v);
        if (cand) {
            p.candidate = *cand;
        } else {
            NewCandidate nc;
            nc.c.id = pp.id;
            nc.c.name = pp.name;
            nc.c.pos = g.nodeXY(v);
            nc.c.source = pp.source.empty() ? "file" : pp.source;
            nc.c.node = v;
            nc.list = searchFrom(v);
            p.candidate = static_cast<std::uint32_t>(candidates_.size() + added.size());
            added.push_back(std::move(nc));
        }
        p.staffed.assign(plan.windows.size(), 0);
        for (const std::string& wn : pp.windows)
            for (std::size_t w = 0; w < plan.windows.size(); ++w)
                if (plan.windows[w].name == wn) p.staffed[w] = 1;
        if (p.locked) std::fill(p.staffed.begin(), p.staffed.end(), 1);
        posts.push_back(std::move(p));
    }
    if (!plan.map.empty() && plan.map != map_name_)
        notes.push_back("the plan was made on map '" + plan.map + "'; its posts were placed on '" + map_name_ + "'");
    if (!plan.demand.empty() && plan.demand != demand_label_)
        notes.push_back("the plan was scored on demand '" + plan.demand + "'; the editor scores it on '" + demand_label_ + "'");

    // Commit.
    for (NewCandidate& nc : added) {
        candidates_.push_back(std::move(nc.c));
        lists_.push_back(std::move(nc.list));
        own_candidate_.push_back(0);
    }
    for (const PlacementPost& p : posts)
        if (p.candidate >= built_candidates_ && candidates_[p.candidate].source == "user") own_candidate_[p.candidate] = 1;
    for (WindowState& ws : windows)
        for (const place::PlanScoreRow& r : plan.scores)
            if (r.window == ws.def.name) {
                ws.info.solver = r.solver;
                ws.info.status = r.status;
                ws.info.bound = r.bound;
                ws.info.gap = r.gap;
                ws.info.seconds = r.seconds;
            }
    settings_ = s;
    windows_ = std::move(windows);
    posts_ = std::move(posts);
    if (!plan.name.empty()) name_ = plan.name;
    ++generation_;
    return notes;
}

}  // namespace jingwei
