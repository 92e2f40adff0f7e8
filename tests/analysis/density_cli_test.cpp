// `jingwei density` end to end: the GeoTIFF/PNG it writes, filters, synthetic
// incidents, and clear errors with the right exit codes.
#include <gtest/gtest.h>

#include <gdal_priv.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

#include "../cli_support.h"

using jingwei::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

using jingwei::test::CliRun;
using jingwei::test::contains;

CliRun run(const std::string& args) { return jingwei::test::runCli("density " + args); }

}  // namespace

TEST(DensityCli, SyntheticIncidentsToGeoTiffPngAndGpkg) {
    ScratchDir dir;
    const std::string tif = dir.file("d.tif"), png = dir.file("d.png"), gpkg = dir.file("inc.gpkg");
    const CliRun r = run("--map synthetic --incidents synthetic:20000:5 --kernel quartic --bandwidth 300 --cell 50 "
                         "--hours 18-23 --weekdays 1-5 --categories 盗窃,抢劫 --mode fast --hotspots 5 --out '" + tif +
                         "' --png '" + png + "' --write-incidents '" + gpkg + "' --hex-out '" + dir.file("hex.geojson") + "'");
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "合成示例")) << r.output;
    EXPECT_TRUE(contains(r.output, "fast-mode max error")) << r.output;
    EXPECT_TRUE(contains(r.output, "Gi* hotspots")) << r.output;
    EXPECT_TRUE(fs::exists(png));
    EXPECT_TRUE(fs::exists(gpkg));
    EXPECT_TRUE(fs::exists(dir.file("hex.geojson")));
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterBand(1)->GetRasterDataType(), GDT_Float32);
    EXPECT_NE(std::string(ds->GetProjectionRef()).find("CGCS2000"), std::string::npos);
}

TEST(DensityCli, LondonWithTheIncidentExtent) {
    const std::string london = jingwei::test::dataFile("incidents/city-of-london");
    if (!fs::exists(london)) GTEST_SKIP() << "sample data missing: " << london;
    ScratchDir dir;
    const CliRun r = run("--incidents '" + london + "' --extent incidents --bandwidth silverman --cell 100 "
                         "--from 2024-01-01 --to 2024-12-31 --out '" + dir.file("l.tif") + "'");
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "19950")) << r.output;
    EXPECT_TRUE(contains(r.output, "1803")) << r.output;
    EXPECT_TRUE(contains(r.output, "EPSG:32630")) << r.output;
}

TEST(DensityCli, ErrorsAndExitCodes) {
    ScratchDir dir;
    const std::string out = "--out '" + dir.file("x.tif") + "'";
    CliRun r = run("--incidents /no/such/file.csv --extent incidents " + out);
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "/no/such/file.csv")) << r.output;
    r = run("--incidents synthetic --map synthetic --kernel cosine " + out);
    EXPECT_EQ(r.code, 2) << r.output;
    r = run("--incidents synthetic --map synthetic --hours 25-3 " + out);
    EXPECT_EQ(r.code, 2) << r.output;
    const std::string bad = dir.write("bad.csv", "lon,lat,time\n114,22.5,2024-01-01\n114,22.5\n");
    r = run("--incidents '" + bad + "' --extent incidents " + out);
    EXPECT_EQ(r.code, 1) << r.output;
    EXPECT_TRUE(contains(r.output, "line 3")) << r.output;
    EXPECT_FALSE(fs::exists(dir.file("x.tif")));
}
