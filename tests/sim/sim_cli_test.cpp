// `jingwei simulate` end to end: outputs, the seed, and exit codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include "../test_support.h"

using jingwei::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

struct CliRun {
    int code = -1;
    std::string output;
};

CliRun run(const std::string& args) {
    const std::string cmd = "env JINGWEI_DATA_DIR='" + jingwei::test::dataDir() + "' JINGWEI_MAPS_DIR='" +
                            jingwei::test::mapsDir() + "' '" + JINGWEI_EXE + "' simulate " + args + " 2>&1";
    CliRun r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// 'text' for the shell (built by appending: GCC 12 warns falsely on "'" + string).
std::string q(const std::string& text) {
    std::string s(1, '\'');
    s.append(text);
    s.push_back('\'');
    return s;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string hashOf(const std::string& out) {
    const auto at = out.find("log hash ");
    return at == std::string::npos ? "" : out.substr(at + 9, 16);
}

const char* kScenario = R"(# a small synthetic-city scenario for the CLI test
name: cli test
map: synthetic
period: {start: 2025-05-01T08:00+08:00, duration_h: 3}
forces:
  stations:
    - {id: S1, at: [114.045, 22.590], units: 2}
    - {id: S2, at: [114.075, 22.610], units: 2}
incidents:
  synthetic: {per_day: 300}
dispatch: {policy: nearest}
)";

}  // namespace

TEST(SimulateCli, WritesOutputsAndTheSameSeedGivesTheSameLog) {
    ScratchDir dir;
    const std::string sc = dir.write("s.yaml", kScenario);
    const CliRun a = run(q(sc) + " --seed 5 --out " + q(dir.file("a")));
    ASSERT_EQ(a.code, 0) << a.output;
    for (const char* f : {"metrics.json", "summary.csv", "incidents.csv", "units.csv", "coverage.csv", "events.gpkg",
                          "response_time.png", "coverage.png", "utilisation.png"})
        EXPECT_TRUE(fs::exists(dir.file(std::string("a/") + f))) << f;
    EXPECT_TRUE(contains(a.output, "response")) << a.output;
    EXPECT_TRUE(contains(a.output, "3 min")) << a.output;
    const CliRun b = run(q(sc) + " --seed 5 --out " + q(dir.file("b")) + " --no-gpkg --no-charts");
    ASSERT_EQ(b.code, 0) << b.output;
    EXPECT_FALSE(fs::exists(dir.file("b/events.gpkg")));
    EXPECT_EQ(hashOf(a.output), hashOf(b.output));
    EXPECT_EQ(hashOf(a.output).size(), 16u);
    const CliRun c = run(q(sc) + " --seed 6 --out " + q(dir.file("c")) + " --no-gpkg --no-charts");
    ASSERT_EQ(c.code, 0) << c.output;
    EXPECT_NE(hashOf(a.output), hashOf(c.output));
}

TEST(SimulateCli, ErrorsAndExitCodes) {
    ScratchDir dir;
    // A bad scenario: exit 1, the file, line and field.
    std::string text = kScenario;
    text += "colour: red\n";
    const std::string bad = dir.write("bad.yaml", text);
    const CliRun r1 = run(q(bad) + " --out " + q(dir.file("o")));
    EXPECT_EQ(r1.code, 1) << r1.output;
    EXPECT_TRUE(contains(r1.output, "bad.yaml: line 12: colour: unknown key")) << r1.output;
    EXPECT_FALSE(fs::exists(dir.file("o/metrics.json")));
    // A missing file: exit 1.
    const CliRun r2 = run(q(dir.file("none.yaml")) + " --out " + q(dir.file("o")));
    EXPECT_EQ(r2.code, 1) << r2.output;
    EXPECT_TRUE(contains(r2.output, "cannot open the scenario file")) << r2.output;
    // Usage: no --out (exit 2).
    const CliRun r3 = run(q(bad));
    EXPECT_EQ(r3.code, 2) << r3.output;
}
