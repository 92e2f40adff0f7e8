// The placement editor's model on Futian (real OSM roads, synthetic
// incidents): its live score after adding, moving and locking posts equals
// place::scorePlan on the same posts of an independently built problem; a
// moved post's travel list equals a fresh RoadSites::travelLists from its
// new node; optimise keeps locked posts and can be cancelled; plans survive
// a round trip through YAML and GeoJSON; bad plans are refused with the file
// and the post named, leaving the model as it was.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <set>

#include "core/error.h"
#include "placement_test_support.h"

namespace jingwei {
namespace {

using namespace jingwei::test;

// Candidate positions spread over the map (a few of its intersections).
std::vector<XY> spreadPoints(const PlacementModel& m, std::size_t n) {
    std::vector<XY> out;
    const std::size_t c = m.builtCandidates();
    for (std::size_t k = 0; k < n; ++k) out.push_back(m.candidates()[(k * 7919 + 13) % c].pos);
    return out;
}

// A demand node that no candidate stands on (adding a post there makes a user candidate).
XY freeNode(const PlacementModel& m, std::size_t skip) {
    std::set<NodeId> used;
    for (const auto& c : m.candidates()) used.insert(c.node);
    for (const auto& d : m.universe())
        if (!used.count(d.node) && skip-- == 0) return d.pos;
    ADD_FAILURE() << "no free node";
    return {};
}

void expectMatchesIndependent(PlacementModel& m, const Independent& ind, std::size_t w, const std::string& what) {
    const place::PlacementProblem p = ind.problem(m, w);
    ASSERT_EQ(p.demand.size(), m.windowDemand(w).size()) << what;
    for (std::size_t i = 0; i < p.demand.size(); ++i) {
        ASSERT_EQ(p.demand[i].node, m.windowDemand(w)[i].node) << what << " " << i;
        ASSERT_EQ(p.demand[i].weight, m.windowDemand(w)[i].weight) << what << " " << i;
    }
    const std::vector<std::uint32_t> open = m.openCandidates(w);
    expectSameScore(m.score(w), place::scorePlan(p, m.spec(w), open), what);
}

TEST(PlacementModel, ScoreAfterAddMoveLockEqualsAnIndependentProblem) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    auto m = futianModel();
    const Independent ind;
    ASSERT_GT(m->builtCandidates(), 60u);
    ASSERT_GT(m->universe().size(), 500u);
    EXPECT_EQ(m->score(0).covered_weight, 0);

    // Three posts on intersections and one on a node no candidate has.
    for (const XY& p : spreadPoints(*m, 3)) ASSERT_TRUE(m->addPost(p, 0));
    const std::size_t before = m->candidates().size();
    const auto user = m->addPost(freeNode(*m, 5), 0);
    ASSERT_TRUE(user);
    EXPECT_EQ(m->candidates().size(), before + 1);
    EXPECT_EQ(m->candidates().back().source, "user");
    EXPECT_EQ(m->staffedCount(0), 4u);
    EXPECT_EQ(m->staffedCount(1), 0u);
    EXPECT_GT(m->score(0).covered_share, 0.05);
    expectMatchesIndependent(*m, ind, 0, "after adding");

    // Move an intersection post: it gets a user candidate of its own, the
    // intersection stays a candidate; its list equals a fresh search.
    const std::uint32_t old_cand = m->posts()[1].candidate;
    ASSERT_TRUE(m->movePost(1, freeNode(*m, 40)));
    EXPECT_NE(m->posts()[1].candidate, old_cand);
    const place::Candidate& moved = m->candidates()[m->posts()[1].candidate];
    EXPECT_EQ(moved.source, "user");
    const place::TravelLists fresh = ind.sites->travelLists({&moved, 1}, m->universe(), m->horizonMs(), 1);
    const auto& got = m->travelList(m->posts()[1].candidate);
    ASSERT_EQ(got.size(), fresh.of(0).size());
    ASSERT_GT(got.size(), 50u);
    for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].demand, fresh.of(0)[k].demand) << k;
        EXPECT_EQ(got[k].time_ms, fresh.of(0)[k].time_ms) << k;
    }
    expectMatchesIndependent(*m, ind, 0, "after moving an intersection post");
    // Moving it again updates its own candidate in place (no new candidate).
    const std::size_t count = m->candidates().size();
    ASSERT_TRUE(m->movePost(1, freeNode(*m, 80)));
    EXPECT_EQ(m->candidates().size(), count);
    expectMatchesIndependent(*m, ind, 0, "after a second move");

    // Locking staffs the post in every window.
    m->setLocked(2, true);
    for (std::size_t w = 0; w < m->windowCount(); ++w) {
        EXPECT_TRUE(m->posts()[2].staffed[w]);
        expectMatchesIndependent(*m, ind, w, "after locking, window " + m->window(w).name);
    }
    // Other objectives: double coverage (backup within T2), p-median, LSCP.
    PlacementSettings s = m->settings();
    s.objective = place::ObjectiveKind::DoubleCoverage;
    s.minutes = 3;
    s.backup_minutes = 6;
    m->setSettings(s);
    EXPECT_GT(m->score(0).backup_share, 0.0);
    expectMatchesIndependent(*m, ind, 0, "double coverage");
    // Demand states agree with the score.
    double covered = 0, backup = 0;
    for (std::size_t i = 0; i < m->windowDemand(0).size(); ++i) {
        const DemandState st = m->demandStates(0)[i];
        if (st != DemandState::Uncovered) covered += m->windowDemand(0)[i].weight;
        if (st == DemandState::Backup) backup += m->windowDemand(0)[i].weight;
    }
    EXPECT_EQ(covered, m->score(0).covered_weight);
    EXPECT_EQ(backup, m->score(0).backup_weight);
    for (const auto kind : {place::ObjectiveKind::PMedian, place::ObjectiveKind::Lscp}) {
        s.objective = kind;
        m->setSettings(s);
        expectMatchesIndependent(*m, ind, 0, std::string(place::objectiveKey(kind)));
    }
    // Removing a post: the score follows.
    m->removePost(0);
    expectMatchesIndependent(*m, ind, 0, "after removing");
    // Off the network and onto another post: refused.
    const Bounds b = m->homeBounds();
    EXPECT_FALSE(m->addPost({b.max_x + 5000, b.max_y + 5000}, 0));
    std::size_t existing = 99;
    EXPECT_FALSE(m->addPost(m->postPos(1), 0, false, &existing));
    EXPECT_EQ(existing, 1u);
    EXPECT_FALSE(m->movePost(0, m->postPos(1)));
    // Settings beyond the horizon are refused.
    s.minutes = m->horizonMinutes() + 1;
    EXPECT_THROW(m->setSettings(s), Error);
}

TEST(PlacementModel, DragUpdatesStayInteractive) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    auto m = futianModel();
    for (const XY& p : spreadPoints(*m, 8)) ASSERT_TRUE(m->addPost(p, 0));
    // A drag: the post moves node by node along 200 demand nodes.
    double total = 0, worst = 0;
    int moves = 0;
    for (std::size_t k = 0; k < m->universe().size() && moves < 200; k += 3) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!m->movePost(3, m->universe()[k].pos)) continue;
        m->score(0);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        total += ms;
        worst = std::max(worst, ms);
        ++moves;
    }
    ASSERT_EQ(moves, 200);
    std::printf("drag update on Futian (%zu candidates, %zu demand nodes, horizon %.0f min): mean %.2f ms, worst %.2f ms; "
                "model build %.2f s (travel lists %.2f s)\n",
                m->candidates().size(), m->universe().size(), m->horizonMinutes(), total / moves, worst,
                m->buildSeconds(), m->travelListSeconds());
    EXPECT_LT(total / moves, 30.0);
}

TEST(PlacementModel, OptimiseKeepsLockedPostsAndMatchesTheSolversScore) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    auto m = futianModel();
    const Independent ind;
    // A locked post at the edge of the map, where the optimiser would not put one.
    const Bounds b = m->homeBounds();
    XY corner{};
    double best = -1;
    for (const auto& c : m->candidates()) {
        const double d = std::hypot(c.pos.x - b.min_x, c.pos.y - b.min_y);
        if (best < 0 || d < best) best = d, corner = c.pos;
    }
    const auto locked = m->addPost(corner, 0, true);
    ASSERT_TRUE(locked);
    const std::string locked_id = m->posts()[*locked].id;
    const std::uint32_t locked_cand = m->posts()[*locked].candidate;
    m->addPost(spreadPoints(*m, 1)[0], 0);  // a free post the optimiser may move
    m->setWindowK(0, 6);
    PlacementModel::OptimiseOptions o;
    o.time_limit_s = 20;
    o.rounds = 20;
    ASSERT_TRUE(m->startOptimise(0, o));
    EXPECT_FALSE(m->startOptimise(0, o));  // one at a time
    EXPECT_TRUE(m->optimiseStatus().running);
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(m->waitOptimise()) << m->lastOptimiseMessage();
    std::printf("optimise 早高峰 k=6 on Futian: %.2f s wall (%zu candidates)\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), m->candidates().size());
    EXPECT_FALSE(m->optimiseStatus().running);
    EXPECT_EQ(m->staffedCount(0), 6u);
    const auto q = m->postIndex(locked_id);
    ASSERT_TRUE(q);
    EXPECT_TRUE(m->posts()[*q].locked);
    EXPECT_EQ(m->posts()[*q].candidate, locked_cand);
    for (std::size_t w = 0; w < m->windowCount(); ++w) EXPECT_TRUE(m->posts()[*q].staffed[w]);
    ASSERT_TRUE(m->lastSolution());
    const place::Solution& s = *m->lastSolution();
    EXPECT_TRUE(std::count(s.open.begin(), s.open.end(), locked_cand));
    EXPECT_EQ(m->openCandidates(0), s.open);
    // The editor's live score of the solution is the solver's own score.
    EXPECT_EQ(m->score(0).covered_weight, s.score.covered_weight);
    EXPECT_EQ(m->score(0).mean_s, s.score.mean_s);
    expectMatchesIndependent(*m, ind, 0, "after optimise");
    EXPECT_EQ(m->solveInfo(0).solver, "heuristic");
    // The optimiser beats the hand-placed start.
    EXPECT_GT(m->score(0).covered_share, 0.5);
    // Other windows were not touched: only the locked post is staffed there.
    EXPECT_EQ(m->staffedCount(1), 1u);
}

TEST(PlacementModel, OptimiseCanBeCancelled) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    auto m = futianModel();
    m->addPost(spreadPoints(*m, 1)[0], 1);
    m->setWindowK(1, 12);
    PlacementModel::OptimiseOptions o;
    o.time_limit_s = 120;
    o.rounds = 1000000;
    ASSERT_TRUE(m->startOptimise(1, o));
    m->cancelOptimise();
    EXPECT_FALSE(m->waitOptimise());
    EXPECT_EQ(m->lastOptimiseMessage(), "cancelled");
    EXPECT_EQ(m->staffedCount(1), 1u);
    EXPECT_EQ(m->posts().size(), 1u);
    EXPECT_FALSE(m->optimiseStatus().running);
}

TEST(PlacementModel, PlanRoundTripThroughYamlAndGeoJson) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    ScratchDir dir;
    auto a = futianModel();
    const auto pts = spreadPoints(*a, 4);
    for (std::size_t k = 0; k < pts.size(); ++k) ASSERT_TRUE(a->addPost(pts[k], k % 3));
    ASSERT_TRUE(a->addPost(freeNode(*a, 3), 0));
    a->setLocked(0, true);
    a->setStaffed(1, 2, true);
    a->setName("福田 测试方案");
    // The schedule: units on duty per hour are the plan's schedules added up.
    const place::Plan plan = a->toPlan();
    for (int h = 0; h < 24; ++h) {
        int sum = 0;
        for (const place::PlanPost& p : plan.posts) sum += plan.schedule(p)[std::size_t(h)];
        EXPECT_EQ(a->unitsOnDuty()[std::size_t(h)], sum) << h;
    }
    int locked_hours = 0;
    for (int v : a->schedule(0)) locked_hours += v;
    EXPECT_EQ(locked_hours, 2 + 3 + 8);  // 07-09, 17-20, 22-06
    for (const std::string name : {"plan.yaml", "plan.geojson"}) {
        a->savePlan(dir.file(name));
        auto b = futianModel();
        b->loadPlan(dir.file(name));
        EXPECT_EQ(b->name(), "福田 测试方案");
        ASSERT_EQ(b->posts().size(), a->posts().size()) << name;
        for (std::size_t q = 0; q < a->posts().size(); ++q) {
            EXPECT_EQ(b->posts()[q].id, a->posts()[q].id);
            EXPECT_EQ(b->posts()[q].locked, a->posts()[q].locked);
            EXPECT_EQ(b->posts()[q].staffed, a->posts()[q].staffed);
            EXPECT_EQ(b->candidates()[b->posts()[q].candidate].node, a->candidates()[a->posts()[q].candidate].node);
        }
        for (std::size_t w = 0; w < a->windowCount(); ++w) expectSameScore(b->score(w), a->score(w), name);
        EXPECT_EQ(place::planToYaml(b->toPlan()), place::planToYaml(a->toPlan())) << name;
    }
}

TEST(PlacementModel, BadPlansNameTheFileAndPostAndChangeNothing) {
    JINGWEI_REQUIRE_DATA(kFutianGraph);
    ScratchDir dir;
    auto m = futianModel();
    m->addPost(spreadPoints(*m, 1)[0], 0);
    place::Plan plan = m->toPlan();
    place::PlanPost far;
    far.id = "FAR";
    far.lon = 113.0;  // 100 km west of Futian
    far.lat = 22.5;
    far.windows = {"早高峰"};
    plan.posts.push_back(far);
    plan.windows[0].k = 2;
    const std::string path = dir.file("far.yaml");
    place::writePlan(plan, path);
    try {
        m->loadPlan(path);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_NE(e.where().find("post FAR"), std::string::npos) << e.where();
        EXPECT_NE(e.reason().find("road network"), std::string::npos) << e.reason();
    }
    EXPECT_EQ(m->posts().size(), 1u);
    EXPECT_EQ(m->window(0).name, "早高峰");
    // T beyond the editor's horizon.
    place::Plan slow = m->toPlan();
    slow.minutes = 30;
    try {
        m->applyPlan(slow, "slow.yaml");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), "slow.yaml");
        EXPECT_EQ(e.where(), "minutes");
    }
    EXPECT_EQ(m->settings().minutes, 2);
    // A file that is not a plan: readPlan's own error, naming the file and line.
    const std::string junk = dir.write("junk.yaml", "format: jingwei-plan/1\nobjective: mclp\nminutes: 3\nwindows: 7\n");
    try {
        m->loadPlan(junk);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), junk);
        EXPECT_NE(std::string(e.what()).find("line"), std::string::npos) << e.what();
    }
    EXPECT_EQ(m->posts().size(), 1u);
}

}  // namespace
}  // namespace jingwei
