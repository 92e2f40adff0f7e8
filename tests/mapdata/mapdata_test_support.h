#pragma once
// Helpers for the issue-3 mapdata tests: load options pointing at a scratch
// cache, files listed in a directory.
#include <filesystem>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "../test_support.h"
#include "mapdata/map_manifest.h"

namespace jingwei::test {

inline LoadOptions loadOptions(const std::string& cache_dir, CacheMode mode = CacheMode::ReadWrite) {
    LoadOptions o;
    o.data_dir = dataDir();
    o.maps_dir = mapsDir();
    o.cache = mode;
    o.cache_dir = cache_dir;
    return o;
}

inline std::vector<std::string> filesIn(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file()) out.push_back(e.path().filename().string());
    return out;
}

// A Shapefile written through OGR (optionally without a .prj).
inline std::string writeShapefile(const std::string& path, bool with_crs, const std::vector<std::pair<double, double>>& line) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    OGRLayer* l = ds->CreateLayer("roads", with_crs ? &srs : nullptr, wkbLineString, nullptr);
    OGRFieldDefn name("name", OFTString);
    l->CreateField(&name);
    OGRFeature f(l->GetLayerDefn());
    f.SetField("name", "test");
    OGRLineString ls;
    for (const auto& [x, y] : line) ls.addPoint(x, y);
    f.SetGeometry(&ls);
    EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    return path;
}

}  // namespace jingwei::test
