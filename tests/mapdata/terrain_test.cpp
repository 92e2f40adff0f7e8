// DEM import (GeoTIFF, SRTM .hgt) into Terrain, sampling, and warping into a map CRS.
#include <gtest/gtest.h>

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>

#include "core/crs.h"
#include "core/error.h"
#include "mapdata/terrain.h"
#include "mapdata_test_support.h"

using namespace jingwei;
using jingwei::test::ScratchDir;

namespace {

// Max over the cells whose centres fall in a lon/lat window (grid in lon/lat).
float maxInWindow(const Terrain& t, double lon0, double lat0, double lon1, double lat1, double* at_lon = nullptr,
                  double* at_lat = nullptr) {
    float best = -1e9f;
    for (int r = 0; r < t.height; ++r)
        for (int c = 0; c < t.width; ++c) {
            const XY p = t.cellCentre(c, r);
            if (p.x < lon0 || p.x > lon1 || p.y < lat0 || p.y > lat1) continue;
            const float v = t.at(c, r);
            if (!std::isnan(v) && v > best) {
                best = v;
                if (at_lon) *at_lon = p.x;
                if (at_lat) *at_lat = p.y;
            }
        }
    return best;
}

// A small GeoTIFF written with GDAL: w × h cells of `cell` degrees from (lon0, lat0) (top-left).
std::string writeTiff(const std::string& path, int w, int h, const std::vector<float>& values, bool with_crs,
                      double nodata = NAN) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(drv->Create(path.c_str(), w, h, 1, GDT_Float32, nullptr));
    double gt[6] = {114.0, 0.01, 0, 22.5, 0, -0.01};
    ds->SetGeoTransform(gt);
    if (with_crs) {
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        ds->SetSpatialRef(&srs);
    }
    if (!std::isnan(nodata)) ds->GetRasterBand(1)->SetNoDataValue(nodata);
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, w, h, const_cast<float*>(values.data()), w, h,
                                               GDT_Float32, 0, 0),
              CE_None);
    return path;
}

}  // namespace

TEST(Terrain, ShenzhenDemWutongshanAndFutian) {
    JINGWEI_REQUIRE_DATA("shenzhen/dem-3arcsec.tif");
    const Terrain t = readTerrain(test::dataFile("shenzhen/dem-3arcsec.tif"));
    EXPECT_EQ(t.width, 1175);
    EXPECT_EQ(t.height, 944);
    EXPECT_FLOAT_EQ(t.min_m, -50.0f);
    EXPECT_FLOAT_EQ(t.max_m, 943.0f);  // Tai Mo Shan, Hong Kong
    // Wutongshan: the highest cell within ±0.005° of 114.217E 22.583N is
    // 917 m (at 114.2151E 22.5819N). The data README's "792 m" is not a
    // summit value of this file: 792 m cells lie on the flank (e.g. 114.2135E 22.5811N).
    double lon = 0, lat = 0;
    EXPECT_FLOAT_EQ(maxInWindow(t, 114.212, 22.578, 114.222, 22.588, &lon, &lat), 917.0f);
    EXPECT_NEAR(lon, 114.2151, 1e-3);
    EXPECT_NEAR(lat, 22.5819, 1e-3);
    EXPECT_NEAR(t.elevationAt(114.2134665, 22.5810648), 792.0, 0.5);  // the README's figure, on the flank
    // Futian: the CBD (114.04–114.07E, 22.52–22.55N) is low-lying reclaimed land.
    std::vector<float> cbd;
    for (int r = 0; r < t.height; ++r)
        for (int c = 0; c < t.width; ++c) {
            const XY p = t.cellCentre(c, r);
            if (p.x >= 114.04 && p.x <= 114.07 && p.y >= 22.52 && p.y <= 22.55) cbd.push_back(t.at(c, r));
        }
    ASSERT_EQ(cbd.size(), 1296u);
    std::nth_element(cbd.begin(), cbd.begin() + cbd.size() / 2, cbd.end());
    EXPECT_LE(cbd[cbd.size() / 2], 10.0f);  // median 9 m (SRTM over buildings)
    EXPECT_NEAR(t.elevationAt(114.0596, 22.5431), 4.0, 4.0);  // Civic Centre
    // No data (sea) is NaN, never -32768.
    EXPECT_LT(t.validCells(), t.elevation_m.size());
    EXPECT_GT(t.validCells(), t.elevation_m.size() / 3);
    for (float v : t.elevation_m) EXPECT_FALSE(v < -1000) << "nodata leaked";
}

TEST(Terrain, AndorraHgtRangeAndWarpIntoUtm) {
    JINGWEI_REQUIRE_DATA("andorra/N42E001.hgt");
    const Terrain t = readTerrain(test::dataFile("andorra/N42E001.hgt"));
    EXPECT_EQ(t.width, 1201);
    EXPECT_EQ(t.height, 1201);
    EXPECT_FLOAT_EQ(t.min_m, 349.0f);
    EXPECT_FLOAT_EQ(t.max_m, 3100.0f);
    const Bounds ll = terrainBoundsLonLat(t);
    EXPECT_NEAR(ll.min_x, 0.99958, 1e-4);
    EXPECT_NEAR(ll.max_y, 43.00042, 1e-4);

    const Terrain w = warpTerrain(t, "EPSG:32631");
    EXPECT_EQ(w.crs, "EPSG:32631");
    EXPECT_NEAR(w.cellSizeX(), 81.4, 0.5);  // as gdalwarp chooses
    EXPECT_DOUBLE_EQ(w.cellSizeX(), w.cellSizeY());
    EXPECT_NEAR(w.max_m, 3100.0, 15.0);     // bilinear smooths the peak a little
    EXPECT_NEAR(w.min_m, 349.0, 5.0);
    // Sampling agrees with the source at a few places (bilinear both ways).
    const Projector proj("EPSG:32631");
    for (const LonLat p : {LonLat{1.5218, 42.5063} /* Andorra la Vella */, LonLat{1.5, 42.6}, LonLat{1.3, 42.2}}) {
        const XY xy = proj.forward(p);
        EXPECT_NEAR(w.elevationAt(xy.x, xy.y), t.elevationAt(p.lon, p.lat), 25.0) << p.lon << " " << p.lat;
    }
    // Outside the grid: NaN.
    EXPECT_TRUE(std::isnan(w.elevationAt(0, 0)));
}

TEST(Terrain, BilinearAndNoData) {
    ScratchDir dir;
    // 3 × 2 cells; the top-right one is no data.
    const std::string f = writeTiff(dir.file("small.tif"), 3, 2, {0, 10, -9999, 20, 30, 40}, true, -9999);
    const Terrain t = readTerrain(f);
    EXPECT_TRUE(std::isnan(t.at(2, 0)));
    EXPECT_EQ(t.validCells(), 5u);
    EXPECT_FLOAT_EQ(t.min_m, 0);
    EXPECT_FLOAT_EQ(t.max_m, 40);
    // Cell centres: (114.005, 22.495) = 0, (114.015, 22.495) = 10, (114.005, 22.485) = 20.
    EXPECT_DOUBLE_EQ(t.elevationAt(114.005, 22.495), 0.0);
    EXPECT_NEAR(t.elevationAt(114.010, 22.490), (0 + 10 + 20 + 30) / 4.0, 1e-9);
    // Next to the no-data cell the remaining weights are renormalised.
    EXPECT_NEAR(t.elevationAt(114.020, 22.490), (10 + 30 + 40) / 3.0, 1e-9);
    EXPECT_TRUE(std::isnan(t.elevationAt(113.9, 22.49)));
}

TEST(Terrain, RasterWithoutCrsNeedsAnOverride) {
    ScratchDir dir;
    const std::string f = writeTiff(dir.file("nocrs.tif"), 2, 2, {1, 2, 3, 4}, false);
    try {
        readTerrain(f);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), f);
        EXPECT_NE(e.reason().find("no CRS"), std::string::npos) << e.what();
    }
    TerrainReadOptions o;
    o.source_crs = "EPSG:4326";
    EXPECT_EQ(readTerrain(f, o).validCells(), 4u);
}

TEST(Terrain, AllNoDataMissingAndGarbageFiles) {
    ScratchDir dir;
    EXPECT_THROW(readTerrain(writeTiff(dir.file("empty.tif"), 2, 2, {-1, -1, -1, -1}, true, -1)), Error);
    EXPECT_THROW(readTerrain(dir.file("none.tif")), Error);
    EXPECT_THROW(readTerrain(dir.write("junk.hgt", "not a DEM")), Error);
}

TEST(Terrain, ShenzhenDemMapPutsTerrainInTheMapCrs) {
    JINGWEI_REQUIRE_DATA("shenzhen/dem-3arcsec.tif");
    ScratchDir cache;
    const MapModel m = loadMap("shenzhen-dem", test::loadOptions(cache.path().string(), CacheMode::Off));
    EXPECT_EQ(m.crs, "EPSG:4547");
    ASSERT_EQ(m.terrains.size(), 1u);
    EXPECT_EQ(m.terrains[0].crs, "EPSG:4547");
    EXPECT_EQ(m.terrains[0].style.draw_order, 0);
    const Projector proj(m.crs);
    const XY peak = proj.forward({114.2151, 22.5819});
    EXPECT_NEAR(m.elevationAt(peak.x, peak.y), 917.0, 30.0);  // warped bilinear
    const XY civic = proj.forward({114.0596, 22.5431});
    EXPECT_LT(m.elevationAt(civic.x, civic.y), 15.0);
    ASSERT_EQ(m.layers.size(), 1u);  // the districts
    EXPECT_EQ(m.layers[0].features.size(), 10u);
}
