// `jingwei import` as a user runs it: a first run imports and writes the
// package, a second reads it; bad input exits 1 naming the file and line.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <sys/wait.h>

#include "../cli_support.h"
#include "mapdata_test_support.h"

using jingwei::test::ScratchDir;

namespace {

using jingwei::test::CliRun;

CliRun runJingwei(const std::string& args) { return jingwei::test::runCli(args); }
bool has(const std::string& s, const std::string& part) { return jingwei::test::contains(s, part); }

}  // namespace

TEST(ImportCli, ImportsThenReadsTheCache) {
    JINGWEI_REQUIRE_DATA("shenzhen/longgang.osm");
    ScratchDir cache;
    const std::string args = "import --map longgang --cache-dir '" + cache.path().string() + "'";
    const CliRun first = runJingwei(args);
    ASSERT_EQ(first.code, 0) << first.output;
    EXPECT_TRUE(has(first.output, "515 highway lines")) << first.output;
    EXPECT_TRUE(has(first.output, "road nodes: 444")) << first.output;
    EXPECT_TRUE(has(first.output, "dropped 110 of 554 nodes")) << first.output;
    EXPECT_TRUE(has(first.output, "unknown highway classes: none")) << first.output;
    EXPECT_TRUE(has(first.output, "cache written: ")) << first.output;
    EXPECT_EQ(jingwei::test::filesIn(cache.path()).size(), 1u);
    const CliRun second = runJingwei(args);
    ASSERT_EQ(second.code, 0) << second.output;
    EXPECT_TRUE(has(second.output, "from cache: ")) << second.output;
    EXPECT_TRUE(has(second.output, "road nodes: 444")) << second.output;
    const CliRun off = runJingwei("import --map longgang --no-cache --refresh");
    EXPECT_EQ(off.code, 2) << off.output;  // the flags exclude each other
}

TEST(ImportCli, BadInputExitsOneAndNamesTheLine) {
    ScratchDir dir;
    const std::string manifest =
        dir.write("bad.yaml", "name: bad\nlayers:\n  - source: x.osm\n    type: osm\n    colour: red\n");
    const CliRun r = runJingwei("import --map '" + manifest + "' --cache-dir '" + dir.file("cache") + "'");
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_TRUE(has(r.output, "line 5")) << r.output;
    EXPECT_TRUE(has(r.output, "unknown key 'colour'")) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.file("cache")));
}
