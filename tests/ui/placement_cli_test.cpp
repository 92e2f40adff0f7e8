// `jingwei render --place / --plan` and `gui --plan` from the command line on
// Futian: an optimised plan is written and reads back with k posts per
// window, two plans render side by side into one PNG, and bad plans fail
// with the file and the place named (exit 1) before any window or picture.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "../cli_support.h"
#include "place/plan.h"

namespace jingwei {
namespace {

using namespace jingwei::test;

// Width and height from a PNG's IHDR chunk.
std::pair<int, int> pngSize(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (b.size() < 24 || b.compare(1, 3, "PNG") != 0) return {0, 0};
    auto be = [&](std::size_t o) {
        return int((unsigned char)b[o]) << 24 | int((unsigned char)b[o + 1]) << 16 | int((unsigned char)b[o + 2]) << 8 |
               int((unsigned char)b[o + 3]);
    };
    return {be(16), be(20)};
}

TEST(PlacementCli, PlaceWritesAPlanAndPlansRenderSideBySide) {
    JINGWEI_REQUIRE_DATA("shenzhen/futian-nanshan.graphml");
    ScratchDir dir;
    const std::string plan = dir.file("opt.yaml"), one = dir.file("one.png"), two = dir.file("two.png");
    const CliRun r = runCli("render --map futian --place --save-plan '" + plan + "' --out '" + one + "' --size 640x360");
    if (r.code == 3) GTEST_SKIP() << "no EGL: " << r.output;
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "optimised 早高峰")) << r.output;
    EXPECT_EQ(pngSize(one), std::make_pair(640, 360));
    const place::Plan p = place::readPlan(plan);
    ASSERT_EQ(p.windows.size(), 3u);
    EXPECT_EQ(p.windows[0].k, 4);
    EXPECT_EQ(p.windows[1].k, 5);
    EXPECT_EQ(p.windows[2].k, 3);
    ASSERT_EQ(p.scores.size(), 3u);
    EXPECT_EQ(p.scores[0].solver, "heuristic");
    EXPECT_GT(p.scores[0].covered, 0.5);
    const CliRun s = runCli("render --map futian --plan '" + plan + "' --plan '" + plan + "' --window 夜间 --out '" + two +
                            "' --size 640x360");
    ASSERT_EQ(s.code, 0) << s.output;
    EXPECT_EQ(pngSize(two), std::make_pair(640 * 2 + 6, 360));
}

TEST(PlacementCli, BadPlansNameTheFileAndPlace) {
    JINGWEI_REQUIRE_DATA("shenzhen/futian-nanshan.graphml");
    ScratchDir dir;
    const std::string bad = dir.write("bad.yaml", "format: jingwei-plan/1\nobjective: mclp\nminutes: 3\nwindows: 7\nposts: []\n");
    const std::string out = dir.file("x.png");
    CliRun r = runCli("render --map futian --plan '" + bad + "' --out '" + out + "'");
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_TRUE(contains(r.output, bad + ": line 4: windows: expected a list")) << r.output;
    // The GUI reads the plan before it opens a window (no display needed to see the error).
    r = runCli("gui --map futian --plan '" + bad + "'");
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_TRUE(contains(r.output, bad + ": line 4")) << r.output;
    // A post 50 km off the map's roads.
    const std::string far = dir.write("far.yaml",
                                      "format: jingwei-plan/1\nobjective: mclp\nminutes: 3\n"
                                      "windows:\n  - {name: 早高峰, hours: \"07-09\", k: 1}\n"
                                      "posts:\n  - {id: FAR, at: [113.5, 22.5], windows: [早高峰]}\n");
    r = runCli("render --map futian --plan '" + far + "' --out '" + out + "'");
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "post FAR")) << r.output;
    EXPECT_TRUE(contains(r.output, "road network")) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
    // A window the plan does not have; --save-plan without --place.
    r = runCli("render --map futian --plan '" + far + "' --window 午夜 --out '" + out + "'");
    EXPECT_NE(r.code, 0);
    r = runCli("render --map futian --plan '" + far + "' --save-plan '" + dir.file("s.yaml") + "' --out '" + out + "'");
    EXPECT_EQ(r.code, 2) << r.output;
}

}  // namespace
}  // namespace jingwei
