// The jingwei executable as a user meets it: exit codes and messages for bad
// input, --help on every verb, and a headless render with no X server.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include "../cli_support.h"

using jingwei::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

using jingwei::test::CliRun;
using jingwei::test::contains;

CliRun runJingwei(const std::string& args) { return jingwei::test::runCli(args); }

}  // namespace

TEST(Cli, HelpOnEveryVerb) {
    for (const char* verb : {"", "gui ", "render ", "info "}) {
        const CliRun r = runJingwei(std::string(verb) + "--help");
        EXPECT_EQ(r.code, 0) << verb << r.output;
        EXPECT_TRUE(contains(r.output, "Usage:")) << verb;
    }
    EXPECT_TRUE(contains(runJingwei("render --help").output, "--camera"));
}

TEST(Cli, UsageErrorsExitWithTwo) {
    EXPECT_EQ(runJingwei("").code, 2);
    EXPECT_EQ(runJingwei("fly").code, 2);
    EXPECT_EQ(runJingwei("render --map futian").code, 2);                      // no --out
    EXPECT_EQ(runJingwei("render --out x.png --size 10x10").code, 2);          // too small
    EXPECT_EQ(runJingwei("render --out x.png --size wide").code, 2);
    EXPECT_EQ(runJingwei("render --out x.png --view 4d").code, 2);
    const CliRun cam = runJingwei("render --out x.png --camera 114,22.5,nan,0,0");
    EXPECT_EQ(cam.code, 2);
    EXPECT_TRUE(contains(cam.output, "--camera")) << cam.output;
    EXPECT_EQ(runJingwei("render --out x.png --camera 114,95,1000,0,0").code, 2);  // latitude out of range
}

TEST(Cli, UnknownMapListsKnownMaps) {
    const CliRun r = runJingwei("info --map gotham");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.output, "unknown map 'gotham'")) << r.output;
    EXPECT_TRUE(contains(r.output, "futian")) << r.output;
}

TEST(Cli, MissingFileNamesTheFile) {
    ScratchDir dir;
    const std::string m = dir.write("m.yaml", "name: t\nlayers:\n  - type: graphml\n    source: " +
                                                  dir.file("absent.graphml") + "\n");
    const CliRun r = runJingwei("info --map " + m);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.output, dir.file("absent.graphml"))) << r.output;
    EXPECT_TRUE(contains(r.output, "not found")) << r.output;
}

TEST(Cli, MalformedGraphMLNamesFileAndLine) {
    ScratchDir dir;
    const std::string g = dir.write("bad.graphml",
        "<?xml version='1.0'?>\n<graphml>\n<graph edgedefault=\"directed\">\n<node id=\"1\">\n</graph>\n");
    const std::string m = dir.write("m.yaml", "name: t\nlayers:\n  - type: graphml\n    source: " + g + "\n");
    const CliRun r = runJingwei("info --map " + m);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.output, g + ": line 5: malformed XML")) << r.output;
}

TEST(Cli, GeoJsonWithBadCrsNamesTheFile) {
    ScratchDir dir;
    const std::string j = dir.write("bad.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
        "\"urn:ogc:def:crs:EPSG::999999\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{},"
        "\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.0,22.5]}}]}");
    const std::string m = dir.write("m.yaml", "name: t\nlayers:\n  - type: vector\n    source: " + j + "\n");
    const CliRun r = runJingwei("info --map " + m);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.output, j + ": ")) << r.output;
    EXPECT_TRUE(contains(r.output, "crs not found")) << r.output;
}

TEST(Cli, HeadlessRenderNeedsNoXServerAndWritesOnlyTheFinalFile) {
    ScratchDir dir;
    const std::string out = dir.file("map.png");
    const CliRun r = runJingwei("render --map synthetic --size 320x200 --out " + out);
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, out)) << "prints the PNG's path";
    ASSERT_TRUE(fs::exists(out));
    std::ifstream in(out, std::ios::binary);
    char sig[8] = {};
    in.read(sig, 8);
    EXPECT_EQ(std::string(sig + 1, 3), "PNG");
    for (const auto& e : fs::directory_iterator(dir.path()))
        EXPECT_EQ(e.path().filename(), "map.png") << "left behind: " << e.path();
}

TEST(Cli, UnwritableOutputFailsCleanly) {
    const CliRun r = runJingwei("render --map synthetic --size 64x64 --out /nonexistent-dir/x.png");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(contains(r.output, "/nonexistent-dir/x.png")) << r.output;
}

TEST(Cli, GuiWithoutDisplayIsAnEnvironmentError) {
    const CliRun r = runJingwei("gui --map synthetic --frames 1");
    EXPECT_EQ(r.code, 3) << r.output;
}
