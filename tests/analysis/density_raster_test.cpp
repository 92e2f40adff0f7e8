#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>

#include "../test_support.h"
#include "analysis/density_raster.h"
#include "core/error.h"

using namespace jingwei;

namespace {
DensityGrid ramp() {
    DensityGrid d;
    d.spec = GridSpec{500000, 2500000, 25, 4, 3};
    d.values.resize(12);
    for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 4; ++i) d.values[static_cast<std::size_t>(j * 4 + i)] = 10 * j + i;
    d.values[11] = NAN;
    return d;
}
}  // namespace

TEST(DensityRaster, GeoTiffHasTheGridCrsAndNorthUpRows) {
    test::ScratchDir dir;
    const std::string f = dir.file("d.tif");
    writeDensityGeoTiff(ramp(), "EPSG:32650", f);
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(f.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterXSize(), 4);
    EXPECT_EQ(ds->GetRasterYSize(), 3);
    double gt[6];
    ds->GetGeoTransform(gt);
    EXPECT_DOUBLE_EQ(gt[0], 500000);
    EXPECT_DOUBLE_EQ(gt[3], 2500075);
    EXPECT_DOUBLE_EQ(gt[1], 25);
    EXPECT_DOUBLE_EQ(gt[5], -25);
    OGRSpatialReference srs(ds->GetProjectionRef());
    EXPECT_STREQ(srs.GetAuthorityCode(nullptr), "32650");
    GDALRasterBand* b = ds->GetRasterBand(1);
    EXPECT_EQ(b->GetRasterDataType(), GDT_Float32);
    int has = 0;
    EXPECT_EQ(b->GetNoDataValue(&has), kDensityNoData);
    EXPECT_TRUE(has);
    float v[12];
    ASSERT_EQ(b->RasterIO(GF_Read, 0, 0, 4, 3, v, 4, 3, GDT_Float32, 0, 0), CE_None);
    EXPECT_EQ(v[0], 20);  // top-left = northern row (j = 2), i = 0
    EXPECT_EQ(v[3], kDensityNoData);
    EXPECT_EQ(v[8], 0);   // bottom-left = row j = 0
    EXPECT_EQ(v[11], 3);
}

TEST(DensityRaster, PngIsWrittenAndFailuresLeaveNothing) {
    test::ScratchDir dir;
    const std::string f = dir.file("d.png");
    writeDensityPng(ramp(), f);
    GDALDatasetUniquePtr ds(GDALDataset::Open(f.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterCount(), 4);
    EXPECT_EQ(std::string(ds->GetDriver()->GetDescription()), "PNG");
    EXPECT_THROW(writeDensityGeoTiff(ramp(), "EPSG:999999", dir.file("x.tif")), Error);
    EXPECT_THROW(writeDensityPng(ramp(), dir.file("no/such/dir/x.png")), Error);
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.tif")));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 1u);
}

TEST(ColorRamp, InterpolatesAndTicksAreNice) {
    const ColorRamp r = ColorRamp::heat();
    EXPECT_EQ(r.at(0)[3], 0);
    EXPECT_EQ(r.at(1)[0], 230);
    EXPECT_EQ(r.at(2)[0], 230);
    EXPECT_EQ(legendTicks(1234, 5), (std::vector<double>{0, 250, 500, 750, 1000}));
    EXPECT_EQ(legendTicks(9, 3), (std::vector<double>{0, 5}));
    EXPECT_EQ(formatTick(2.5), "2.5");
}
