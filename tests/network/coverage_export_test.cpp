// Units CSV parsing and the GeoPackage / GeoJSON / GeoTIFF export.
#include "network/coverage_export.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "coverage_test_support.h"
#include "network/units_csv.h"

namespace jingwei {
namespace {

std::string errorWhere(const std::string& path) {
    try {
        readUnitsCsv(path);
    } catch (const Error& e) {
        return e.where() + ": " + e.reason();
    }
    return "no error";
}

TEST(UnitsCsv, ReadsUnitsWithOptionalHeaderNamesAndQuotes) {
    test::ScratchDir dir;
    const std::string p = dir.write("units.csv",
                                    "\xEF\xBB\xBFid,lon,lat,name\r\n"
                                    "# a comment\n"
                                    "P1,114.02,22.53,福田派出所\n"
                                    "\n"
                                    "\"P,2\", 114.03 ,22.54\n"
                                    "P3,114.01,22.52,\"巡逻 \"\"3\"\"\"\n");
    const auto u = readUnitsCsv(p);
    ASSERT_EQ(u.size(), 3u);
    EXPECT_EQ(u[0].id, "P1");
    EXPECT_EQ(u[0].name, "福田派出所");
    EXPECT_EQ(u[0].line, 3);
    EXPECT_DOUBLE_EQ(u[0].lon, 114.02);
    EXPECT_EQ(u[1].id, "P,2");
    EXPECT_DOUBLE_EQ(u[1].lon, 114.03);
    EXPECT_EQ(u[1].line, 5);
    EXPECT_EQ(u[2].name, "巡逻 \"3\"");
}

TEST(UnitsCsv, BadLinesNameTheFileAndLine) {
    test::ScratchDir dir;
    EXPECT_EQ(errorWhere(dir.write("a.csv", "id,lon,lat\nP1,114.0\n")), "line 2: expected id,lon,lat[,name], found 2 field(s)");
    EXPECT_EQ(errorWhere(dir.write("b.csv", "P1,abc,22.5\n")), "line 1: bad longitude 'abc'");
    EXPECT_EQ(errorWhere(dir.write("c.csv", "P1,114,22.5\nP2,114,95\n")), "line 2: coordinates out of range (lon 114, lat 95)");
    EXPECT_EQ(errorWhere(dir.write("d.csv", "P1,114,22.5\nP1,114.1,22.5\n")), "line 2: duplicate unit id 'P1'");
    EXPECT_EQ(errorWhere(dir.write("e.csv", ",114,22.5\n")), "line 1: empty unit id");
    EXPECT_EQ(errorWhere(dir.write("f.csv", "P1,114,22.5,a,b\n")), "line 1: expected id,lon,lat[,name], found 5 fields");
    EXPECT_EQ(errorWhere(dir.write("g.csv", "P1,\"114,22.5\n")), "line 1: unterminated quoted field");
    EXPECT_EQ(errorWhere(dir.write("h.csv", "P1,114,22.5x\n")), "line 1: bad latitude '22.5x'");
    try {
        readUnitsCsv(dir.file("missing.csv"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), dir.file("missing.csv"));
    }
    try {
        readUnitsCsv(dir.write("i.csv", "P1,114,22.5\nP2,nan,22.5\n"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), dir.file("i.csv"));
        EXPECT_EQ(e.where(), "line 2");
    }
}

TEST(UnitsCsv, PointsNeedLonLatColumns) {
    test::ScratchDir dir;
    const auto p = readPointsCsv(dir.write("p.csv", "type,lat,lon\ntheft,22.5,114.0\nfight,22.6,114.1\n"));
    ASSERT_EQ(p.size(), 2u);
    EXPECT_DOUBLE_EQ(p[1].lon, 114.1);
    EXPECT_THROW(readPointsCsv(dir.write("q.csv", "x,y\n1,2\n")), Error);
}

struct LayerInfo {
    std::string name;
    GIntBig features;
    std::string epsg;
};

std::vector<LayerInfo> readLayers(const std::string& path) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::vector<LayerInfo> out;
    if (!ds) return out;
    for (OGRLayer* l : ds->GetLayers()) {
        const OGRSpatialReference* srs = l->GetSpatialRef();
        const char* code = srs ? srs->GetAuthorityCode(nullptr) : nullptr;
        out.push_back({l->GetName(), l->GetFeatureCount(), code ? code : ""});
    }
    return out;
}

TEST(CoverageExport, GeoPackageAndGeoJsonOpenWithTheMapCrs) {
    const auto g = test::syntheticGraph();
    CoverageModel m(g);
    std::mt19937_64 rng(41);
    std::vector<UnitInput> units;
    for (int i = 0; i < 5; ++i) units.push_back({"U" + std::to_string(i), "", test::randomNear(*g, rng, 20)});
    m.setUnits(units);
    m.update();
    const std::string crs = test::syntheticMap().crs;
    test::ScratchDir dir;

    const std::string gpkg = dir.file("rings.gpkg");
    const auto written = writeCoverage(gpkg, m, {crs});
    ASSERT_EQ(written.size(), 1u);
    const auto layers = readLayers(gpkg);
    ASSERT_EQ(layers.size(), 6u);
    const std::string epsg = crs.substr(crs.find(':') + 1);
    std::map<std::string, GIntBig> count;
    for (const auto& l : layers) {
        EXPECT_EQ(l.epsg, epsg) << l.name;
        count[l.name] = l.features;
    }
    EXPECT_EQ(count["rings"], 3);
    EXPECT_EQ(count["units"], 5);
    EXPECT_EQ(count["unit_rings"], 15);
    EXPECT_EQ(count["responsibility"], 5);
    EXPECT_EQ(count["gaps"], static_cast<GIntBig>(m.gaps().size()));
    EXPECT_EQ(count["field"], static_cast<GIntBig>(g->linkCount()));
    // No temporary file left behind.
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos);

    const std::string json = dir.file("rings.geojson");
    CoverageExportOptions o{crs};
    o.field = false;
    const auto files = writeCoverage(json, m, o);
    EXPECT_EQ(files.size(), 5u);
    EXPECT_TRUE(std::filesystem::exists(dir.file("rings-gaps.geojson")));
    const auto jl = readLayers(json);
    ASSERT_EQ(jl.size(), 1u);
    EXPECT_EQ(jl[0].features, 3);
    EXPECT_EQ(jl[0].epsg, epsg);

    const std::string tif = dir.file("time.tif");
    writeTimeGeoTiff(tif, m.timeRaster(), crs);
    GDALDatasetUniquePtr r(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->GetRasterCount(), 2);
    EXPECT_EQ(r->GetRasterXSize(), m.bands().grid().width);

    EXPECT_THROW(writeCoverage(dir.file("rings.txt"), m, {crs}), Error);
    EXPECT_THROW(writeCoverage(dir.file("no/such/dir/rings.gpkg"), m, {crs}), Error);
}

}  // namespace
}  // namespace jingwei
