// `jingwei place` as a user runs it: a plan that reads back, the exact
// solver, fixed posts, hour windows, and exit codes for bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../cli_support.h"
#include "place/plan.h"

using jingwei::test::CliRun;
using jingwei::test::contains;
using jingwei::test::runCli;
using jingwei::test::ScratchDir;
using namespace jingwei::place;
namespace fs = std::filesystem;

namespace {

const char* kFutian = "shenzhen/futian-nanshan.graphml";

std::string place(const std::string& args) { return "place --map futian --demand synthetic:5000:3 " + args; }

std::size_t staffed(const Plan& p, const std::string& window) {
    std::size_t n = 0;
    for (const PlanPost& post : p.posts)
        n += std::count(post.windows.begin(), post.windows.end(), window);
    return n;
}

}  // namespace

TEST(PlaceCli, WritesAPlanThatReadsBack) {
    JINGWEI_REQUIRE_DATA(kFutian);
    ScratchDir dir;
    const CliRun r = runCli(place("--candidates intersections:400 --k 5 --minutes 2 --out " + dir.file("p.yaml") +
                                  " --geojson " + dir.file("p.geojson")));
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "covered")) << r.output;
    EXPECT_TRUE(contains(r.output, "wrote " + dir.file("p.yaml"))) << r.output;
    const Plan p = readPlan(dir.file("p.yaml"));
    ASSERT_EQ(p.windows.size(), 1u);
    EXPECT_EQ(p.windows[0].name, "全天");
    EXPECT_EQ(p.windows[0].k, 5);
    EXPECT_EQ(p.posts.size(), 5u);
    EXPECT_EQ(p.objective, ObjectiveKind::Mclp);
    EXPECT_EQ(p.minutes, 2);
    ASSERT_EQ(p.scores.size(), 1u);
    EXPECT_GT(p.scores[0].covered, 0.3);
    EXPECT_LE(p.scores[0].objective, p.scores[0].bound);
    const Plan g = readPlan(dir.file("p.geojson"));
    ASSERT_EQ(g.posts.size(), 5u);
    for (std::size_t q = 0; q < 5; ++q) {
        EXPECT_EQ(g.posts[q].id, p.posts[q].id);
        EXPECT_EQ(g.posts[q].lon, p.posts[q].lon);
    }
}

TEST(PlaceCli, CbcIsAtLeastTheHeuristic) {
    JINGWEI_REQUIRE_DATA(kFutian);
    ScratchDir dir;
    const std::string common = "--candidates intersections:250 --k 6 --minutes 2 --out ";
    ASSERT_EQ(runCli(place(common + dir.file("h.yaml"))).code, 0);
    const CliRun r = runCli(place(common + dir.file("c.yaml") + " --solver cbc --time-limit 30"));
    ASSERT_EQ(r.code, 0) << r.output;
    const Plan h = readPlan(dir.file("h.yaml")), c = readPlan(dir.file("c.yaml"));
    EXPECT_EQ(c.scores[0].solver, "cbc");
    EXPECT_EQ(c.scores[0].status, "optimal");
    EXPECT_GE(c.scores[0].objective, h.scores[0].objective);
    EXPECT_LE(h.scores[0].objective, h.scores[0].bound);
}

TEST(PlaceCli, FixedPostsAndWindows) {
    JINGWEI_REQUIRE_DATA(kFutian);
    ScratchDir dir;
    // Two posts of our own, one fixed by file and one by id.
    const std::string posts = dir.write("posts.csv", "id,lon,lat,name\nP1,114.0050,22.5400,西北角\nP2,114.0350,22.5200,东南角\n");
    const std::string mine = dir.write("mine.csv", "id,lon,lat\nM1,114.0200,22.5350\n");
    const CliRun r = runCli(place("--candidates intersections:400," + posts + " --fixed P2 --fixed " + mine +
                                  " --windows 早高峰=07-09:3,夜间=22-06:4 --out " + dir.file("w.yaml")));
    ASSERT_EQ(r.code, 0) << r.output;
    const Plan p = readPlan(dir.file("w.yaml"));
    ASSERT_EQ(p.windows.size(), 2u);
    EXPECT_EQ(staffed(p, "早高峰"), 3u);
    EXPECT_EQ(staffed(p, "夜间"), 4u);
    EXPECT_EQ(p.windows[1].start_h, 22);
    EXPECT_GT(p.windows[0].congestion, p.windows[1].congestion) << "the morning peak is slower than the night";
    for (const char* id : {"P2", "M1"}) {
        auto it = std::find_if(p.posts.begin(), p.posts.end(), [&](const PlanPost& post) { return post.id == id; });
        ASSERT_NE(it, p.posts.end()) << id;
        EXPECT_TRUE(it->locked) << id;
        EXPECT_EQ(it->windows.size(), 2u) << id;
    }
}

TEST(PlaceCli, BadInputExitCodes) {
    JINGWEI_REQUIRE_DATA(kFutian);
    ScratchDir dir;
    const std::string out = " --out " + dir.file("x.yaml");
    const struct {
        std::string args;
        int code;
        std::string says;
    } cases[] = {
        {place("--candidates intersections --k 4 --objective best" + out), 2, "--objective must be"},
        {place("--candidates intersections" + out), 2, "give --k"},
        {place("--candidates intersections --k 4 --out " + dir.file("x.txt")), 2, "--out must end in"},
        {place("--candidates intersections --windows a=07-12:3,b=10-14:2" + out), 2, "overlap at hour 10"},
        {place("--candidates intersections --k 4 --window 7to9" + out), 2, "--window must be hours"},
        {place("--candidates intersections --k 4 --objective double --minutes 3" + out), 2, "--backup-minutes"},
        {place("--candidates intersections --k 4 --fixed NOPE" + out), 2, "no candidate or file 'NOPE'"},
        {place("--candidates " + dir.file("none.csv") + " --k 4" + out), 1, dir.file("none.csv")},
        {place("--candidates stations --k 4" + out), 1, "no police stations"},
        {place("--candidates intersections:400 --k 4000" + out), 1, "only"},
        {"place --map futian --candidates intersections --k 3" + out, 2, "--demand"},
    };
    for (const auto& c : cases) {
        const CliRun r = runCli(c.args);
        EXPECT_EQ(r.code, c.code) << c.args << "\n" << r.output;
        EXPECT_TRUE(contains(r.output, c.says)) << c.args << "\n" << r.output;
        EXPECT_FALSE(fs::exists(dir.file("x.yaml"))) << c.args;
    }
}

TEST(PlaceCli, AWeightLayerIsDemand) {
    // --demand-weight: one point layer whose attribute weighs each point. Two
    // clusters, a heavy one and a light one, one post: the post must go to
    // the heavy cluster, and the plan records the weight field.
    JINGWEI_REQUIRE_DATA(kFutian);
    ScratchDir dir;
    const std::string layer = dir.file("risk.geojson");
    {
        std::ofstream f(layer);
        f << R"({"type":"FeatureCollection","features":[)";
        const double heavy[2] = {114.0205, 22.5405}, light[2] = {114.0580, 22.5330};
        for (int q = 0; q < 20; ++q) {
            const double* c = q < 10 ? heavy : light;
            f << (q ? "," : "") << R"({"type":"Feature","properties":{"risk":)" << (q < 10 ? 50 : 1)
              << R"(},"geometry":{"type":"Point","coordinates":[)" << c[0] + 0.0004 * (q % 5) << "," << c[1] + 0.0003 * (q % 3)
              << "]}}";
        }
        f << "]}";
    }
    const std::string base = "place --map futian --demand " + layer + " --demand-weight risk --minutes 1 --k 1 ";
    const CliRun r = runCli(base + "--candidates intersections:0 --out " + dir.file("w.yaml"));
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "20 weighted points ('risk')")) << r.output;
    const Plan p = readPlan(dir.file("w.yaml"));
    ASSERT_EQ(p.posts.size(), 1u);
    EXPECT_TRUE(contains(p.demand, "(weight risk)")) << p.demand;
    // The post is within a kilometre of the heavy cluster (the light one is 4 km east).
    EXPECT_LT(std::abs(p.posts[0].lon - 114.0213), 0.01) << p.posts[0].lon;
    ASSERT_EQ(p.scores.size(), 1u);
    // The light cluster is 10 of the 510 weight: covering more than half
    // means the post serves heavy points.
    EXPECT_GT(p.scores[0].covered, 0.5);

    // A missing field names the file and the feature; two files are a usage error.
    const CliRun bad = runCli("place --map futian --demand " + layer +
                              " --demand-weight pop --candidates intersections:400 --k 1 --out " + dir.file("b.yaml"));
    EXPECT_EQ(bad.code, 1) << bad.output;
    EXPECT_TRUE(contains(bad.output, layer + ": feature 1")) << bad.output;
    const CliRun two = runCli("place --map futian --demand " + layer + " " + layer +
                              " --demand-weight risk --candidates intersections:400 --k 1 --out " + dir.file("b.yaml"));
    EXPECT_EQ(two.code, 2) << two.output;
    EXPECT_FALSE(fs::exists(dir.file("b.yaml")));
}

TEST(PlaceCli, ComparesPlansByAnalysisAndSimulation) {
    JINGWEI_REQUIRE_DATA(kFutian);
    ScratchDir dir;
    // An optimised plan and a naive one (every post at one corner).
    ASSERT_EQ(runCli(place("--candidates intersections:300 --windows 晚高峰=17-20:4 --out " + dir.file("opt.yaml"))).code, 0);
    dir.write("naive.yaml", R"(format: jingwei-plan/1
objective: mclp
minutes: 3
windows: [{name: 晚高峰, hours: "17-20", k: 4}]
posts:
  - {id: N1, at: [114.0050, 22.5400], windows: [晚高峰]}
  - {id: N2, at: [114.0060, 22.5410], windows: [晚高峰]}
  - {id: N3, at: [114.0050, 22.5420], windows: [晚高峰]}
  - {id: N4, at: [114.0040, 22.5410], windows: [晚高峰]}
)");
    const std::string scen = dir.write("s.yaml", R"(name: compare
map: futian
period: {start: 2025-06-06, duration_h: 24, drain_h: 1}
forces:
  stations: [{id: XMH, at: [114.0265, 22.5430], units: 3}, {id: SH, at: [114.0050, 22.5300], units: 3}]
incidents:
  synthetic: {per_day: 120, seed: 3}
)");
    const CliRun r = runCli("place --compare " + dir.file("opt.yaml") + " " + dir.file("naive.yaml") +
                            " --demand synthetic:5000:3 --scenario " + scen + " --replications 2 --home XMH --png-dir " +
                            dir.file("maps"));
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "2 runs")) << r.output;
    // One row per plan, and the optimised plan covers more in the analysis.
    auto coveredOf = [&](const std::string& name) {
        const auto at = r.output.find("\n" + name);
        EXPECT_NE(at, std::string::npos) << name << "\n" << r.output;
        const auto bar = r.output.find('|', at);
        return std::stod(r.output.substr(bar + 1));
    };
    EXPECT_GT(coveredOf("opt"), coveredOf("naive"));
    EXPECT_TRUE(contains(r.output, "±")) << r.output;
    for (const char* png : {"maps/opt.png", "maps/naive.png"}) EXPECT_GT(fs::file_size(dir.file(png)), 10000u) << png;
    const CliRun u = runCli("place --compare " + dir.file("opt.yaml") + " --demand synthetic:100 --replications 2");
    EXPECT_EQ(u.code, 2) << u.output;
    EXPECT_TRUE(contains(u.output, "--replications needs --scenario")) << u.output;
}
