// `jingwei render --scenario` and `jingwei gui --scenario` as a user meets
// them: a PNG of the patrol day at a time, and clear errors (file and line)
// for bad scenarios and times, with no display and no crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../cli_support.h"

using jingwei::test::CliRun;
using jingwei::test::contains;
using jingwei::test::runCli;
using jingwei::test::ScratchDir;
namespace fs = std::filesystem;

namespace {
std::string scenario(const std::string& name) { return std::string(JINGWEI_TEST_SOURCE_DIR) + "/scenarios/" + name; }
}  // namespace

TEST(SimPlayerCli, RendersThePatrolDayAtATime) {
    JINGWEI_REQUIRE_DATA("shenzhen");
    ScratchDir dir;
    const std::string out = dir.file("pd.png");
    const CliRun r = runCli("render --scenario '" + scenario("futian-patrol-day.yaml") + "' --at 18:30 --size 960x540 --out '" +
                            out + "'");
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(fs::exists(out));
    EXPECT_GT(fs::file_size(out), 10000u);
    // The state printed: the day, the time and the 20 units by status.
    EXPECT_TRUE(contains(r.output, "at day 1 18:30:00: 20 units")) << r.output;
}

TEST(SimPlayerCli, BadScenarioNamesTheFileAndLine) {
    ScratchDir dir;
    const std::string bad = dir.write("bad.yaml", "name: x\nmap: synthetic\nperiod: {start: 2025-06-06, duration_h: 1}\nforces:\n  stations:\n    - {id: S1, at: [114.0, 22.5], units: three}\n");
    for (const std::string& verb : std::vector<std::string>{"render --at 08:00 --out '" + dir.file("x.png") + "' --scenario ",
                                                            "gui --scenario "}) {
        const CliRun r = runCli(verb + "'" + bad + "'");
        EXPECT_EQ(r.code, 1) << verb << r.output;
        EXPECT_TRUE(contains(r.output, "bad.yaml")) << r.output;
        EXPECT_TRUE(contains(r.output, "line 6")) << r.output;
        EXPECT_FALSE(fs::exists(dir.file("x.png")));
    }
    const CliRun missing = runCli("gui --scenario '" + dir.file("none.yaml") + "'");
    EXPECT_EQ(missing.code, 1) << missing.output;
    EXPECT_TRUE(contains(missing.output, "none.yaml")) << missing.output;
}

TEST(SimPlayerCli, BadTimesAreUsageErrors) {
    const std::string pd = scenario("futian-patrol-day.yaml");
    for (const std::string& args : std::vector<std::string>{"render --scenario '" + pd + "' --out x.png", "render --scenario '" + pd + "' --at 25:00 --out x.png",
                                    "render --scenario '" + pd + "' --at 8h --out x.png", "render --at 08:00 --out x.png",
                                    "gui --at 08:00", "gui --scenario '" + pd + "' --speed 5000"}) {
        const CliRun r = runCli(args);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
    }
    // 08:00 on day 1 of a period starting at 16:00: before it starts.
    JINGWEI_REQUIRE_DATA("shenzhen");
    const CliRun r = runCli("render --scenario '" + scenario("futian-forward-peak.yaml") + "' --at 08:00 --out x.png");
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "before the period starts")) << r.output;
}
