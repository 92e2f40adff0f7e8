#include "mapdata/terrain.h"

#include <gdal_utils.h>

#include <algorithm>
#include <filesystem>

#include "core/crs.h"
#include "core/error.h"
#include "mapdata/gdal_util.h"

namespace jingwei {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

bool invert(const std::array<double, 6>& gt, std::array<double, 6>& inv) {
    return GDALInvGeoTransform(const_cast<double*>(gt.data()), inv.data()) != 0;
}

// Progress callback for GDAL utilities: forwards to Progress, remembers a
// cancel (exceptions must not cross GDAL's C frames).
struct GdalProgressBridge {
    const Progress* progress;
    std::string stage;
    bool cancelled = false;
    static int CPL_STDCALL call(double f, const char*, void* self_v) {
        auto* self = static_cast<GdalProgressBridge*>(self_v);
        if (!self->progress->callback) return TRUE;
        if (!self->progress->callback(std::clamp(f, 0.0, 1.0), self->stage)) {
            self->cancelled = true;
            return FALSE;
        }
        return TRUE;
    }
};

struct WarpOptionsDeleter {
    void operator()(GDALWarpAppOptions* o) const { GDALWarpAppOptionsFree(o); }
};

}  // namespace

XY Terrain::cellCentre(int col, int row) const {
    const double c = col + 0.5, r = row + 0.5;
    return {geotransform[0] + c * geotransform[1] + r * geotransform[2],
            geotransform[3] + c * geotransform[4] + r * geotransform[5]};
}

Bounds Terrain::bounds() const {
    Bounds b;
    if (empty()) return b;
    for (int c : {0, width})
        for (int r : {0, height})
            b.add(geotransform[0] + c * geotransform[1] + r * geotransform[2],
                  geotransform[3] + c * geotransform[4] + r * geotransform[5]);
    return b;
}

double Terrain::elevationAt(double x, double y) const {
    std::array<double, 6> inv;
    if (empty() || !invert(geotransform, inv)) return std::numeric_limits<double>::quiet_NaN();
    const double px = inv[0] + x * inv[1] + y * inv[2];
    const double py = inv[3] + x * inv[4] + y * inv[5];
    if (!(px >= 0 && py >= 0 && px <= width && py <= height)) return std::numeric_limits<double>::quiet_NaN();
    const double fx = px - 0.5, fy = py - 0.5;
    const int c0 = static_cast<int>(std::floor(fx)), r0 = static_cast<int>(std::floor(fy));
    const double tx = fx - c0, ty = fy - r0;
    double sum = 0, wsum = 0;
    const double w[4] = {(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty};
    const int dc[4] = {0, 1, 0, 1}, dr[4] = {0, 0, 1, 1};
    for (int k = 0; k < 4; ++k) {
        if (w[k] <= 0) continue;
        const float v = at(c0 + dc[k], r0 + dr[k]);
        if (std::isnan(v)) continue;
        sum += w[k] * v;
        wsum += w[k];
    }
    return wsum > 0 ? sum / wsum : std::numeric_limits<double>::quiet_NaN();
}

std::size_t Terrain::validCells() const {
    return static_cast<std::size_t>(
        std::count_if(elevation_m.begin(), elevation_m.end(), [](float v) { return !std::isnan(v); }));
}

void Terrain::updateMinMax() {
    min_m = max_m = kNaN;
    for (float v : elevation_m) {
        if (std::isnan(v)) continue;
        if (std::isnan(min_m) || v < min_m) min_m = v;
        if (std::isnan(max_m) || v > max_m) max_m = v;
    }
}

Terrain readTerrain(const std::string& path, const TerrainReadOptions& opt, const Progress& progress) {
    gdal::registerAll();
    if (!std::filesystem::exists(path)) throw Error(path, "", "file not found");
    gdal::QuietErrors quiet;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds) {
        const std::string msg = quiet.first();
        throw Error(path, "", "GDAL cannot read it as a raster (DEM)" + (msg.empty() ? "" : ": " + msg));
    }
    if (ds->GetRasterCount() < 1) throw Error(path, "", "the raster has no band");
    Terrain t;
    t.source = path;
    t.width = ds->GetRasterXSize();
    t.height = ds->GetRasterYSize();
    if (t.width < 2 || t.height < 2) throw Error(path, "", "the raster is smaller than 2 × 2 cells");

    if (!opt.source_crs.empty()) {
        OGRSpatialReference srs;
        if (srs.SetFromUserInput(opt.source_crs.c_str()) != OGRERR_NONE)
            throw Error(path, "crs", "cannot understand the CRS override '" + opt.source_crs + "'");
        t.crs = opt.source_crs;
    } else {
        const OGRSpatialReference* srs = ds->GetSpatialRef();
        if (!gdal::isUsableSrs(srs))
            throw Error(path, "band 1", "the raster has no CRS; give one with `crs:` in the map manifest");
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        t.crs = wkt ? wkt : "";
        CPLFree(wkt);
    }
    if (ds->GetGeoTransform(t.geotransform.data()) != CE_None)
        throw Error(path, "", "the raster has no geotransform (it is not georeferenced)");
    std::array<double, 6> inv;
    if (!invert(t.geotransform, inv)) throw Error(path, "", "the raster's geotransform is degenerate");

    GDALRasterBand* band = ds->GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    t.elevation_m.resize(std::size_t(t.width) * std::size_t(t.height));
    const int chunk = std::max(1, (1 << 20) / std::max(1, t.width));
    for (int row = 0; row < t.height; row += chunk) {
        const int rows = std::min(chunk, t.height - row);
        float* dst = t.elevation_m.data() + std::size_t(row) * std::size_t(t.width);
        if (band->RasterIO(GF_Read, 0, row, t.width, rows, dst, t.width, rows, GDT_Float32, 0, 0) != CE_None)
            throw Error(path, "row " + std::to_string(row), "cannot read the elevation data: " + quiet.first());
        progress.report(double(row + rows) / double(t.height) * 0.95, "读取高程");
    }
    if (has_nodata) {
        const float nd = static_cast<float>(nodata);
        for (float& v : t.elevation_m)
            if (v == nd || (std::isnan(nd) && std::isnan(v))) v = kNaN;
    }
    for (float& v : t.elevation_m)
        if (!std::isfinite(v)) v = kNaN;
    t.updateMinMax();
    if (std::isnan(t.min_m)) throw Error(path, "band 1", "the raster has no valid elevation (all cells are no data)");
    progress.report(1.0, "读取高程完成");
    return t;
}

Bounds terrainBoundsLonLat(const Terrain& t) {
    Bounds out;
    if (t.empty()) return out;
    OGRSpatialReference src, wgs;
    if (src.SetFromUserInput(t.crs.c_str()) != OGRERR_NONE) return out;
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    gdal::QuietErrors quiet;
    gdal::TransformPtr ct(OGRCreateCoordinateTransformation(&src, &wgs));
    if (!ct) return out;
    // Corners and edge midpoints (projected grids are curved in lon/lat).
    for (int i = 0; i <= 2; ++i)
        for (int j = 0; j <= 2; ++j) {
            const double c = t.width * i / 2.0, r = t.height * j / 2.0;
            double x = t.geotransform[0] + c * t.geotransform[1] + r * t.geotransform[2];
            double y = t.geotransform[3] + c * t.geotransform[4] + r * t.geotransform[5];
            if (ct->Transform(1, &x, &y) && validLonLat(x, y)) out.add(x, y);
        }
    return out;
}

Terrain warpTerrain(const Terrain& t, const std::string& target_crs, double cell_m, const Progress& progress) {
    gdal::registerAll();
    gdal::QuietErrors quiet;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    if (!mem) throw Error(t.source, "", "GDAL has no MEM driver");
    GDALDatasetUniquePtr src(mem->Create("", t.width, t.height, 1, GDT_Float32, nullptr));
    if (!src) throw Error(t.source, "", "cannot create an in-memory raster: " + quiet.first());
    src->SetGeoTransform(const_cast<double*>(t.geotransform.data()));
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(t.crs.c_str()) != OGRERR_NONE)
        throw Error(t.source, "crs", "cannot understand the terrain's CRS");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // geotransforms are x = lon, y = lat
    src->SetSpatialRef(&srs);
    GDALRasterBand* sb = src->GetRasterBand(1);
    sb->SetNoDataValue(std::numeric_limits<double>::quiet_NaN());
    if (sb->RasterIO(GF_Write, 0, 0, t.width, t.height, const_cast<float*>(t.elevation_m.data()), t.width,
                     t.height, GDT_Float32, 0, 0) != CE_None)
        throw Error(t.source, "", "cannot fill the in-memory raster: " + quiet.first());

    std::vector<std::string> args = {"-of", "MEM", "-t_srs", target_crs, "-r", "bilinear", "-ot", "Float32",
                                     "-dstnodata", "nan"};
    if (cell_m > 0) {
        args.insert(args.end(), {"-tr", std::to_string(cell_m), std::to_string(cell_m), "-tap"});
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::unique_ptr<GDALWarpAppOptions, WarpOptionsDeleter> wopt(GDALWarpAppOptionsNew(argv.data(), nullptr));
    if (!wopt) throw Error(t.source, "", "bad warp options: " + quiet.first());
    GdalProgressBridge bridge{&progress, "高程重投影"};
    GDALWarpAppOptionsSetProgress(wopt.get(), &GdalProgressBridge::call, &bridge);
    GDALDatasetH in = GDALDataset::ToHandle(src.get());
    int usage_error = 0;
    GDALDatasetUniquePtr out(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &in, wopt.get(), &usage_error)));
    if (bridge.cancelled) throw Cancelled();
    if (!out) throw Error(t.source, "", "cannot warp the terrain into " + target_crs + ": " + quiet.first());

    Terrain r;
    r.name = t.name;
    r.source = t.source;
    r.style = t.style;
    r.warp_cell_m = t.warp_cell_m;
    r.crs = target_crs;
    r.width = out->GetRasterXSize();
    r.height = out->GetRasterYSize();
    out->GetGeoTransform(r.geotransform.data());
    r.elevation_m.resize(std::size_t(r.width) * std::size_t(r.height));
    if (out->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, r.width, r.height, r.elevation_m.data(), r.width, r.height,
                                        GDT_Float32, 0, 0) != CE_None)
        throw Error(t.source, "", "cannot read the warped terrain: " + quiet.first());
    for (float& v : r.elevation_m)
        if (!std::isfinite(v)) v = kNaN;
    r.updateMinMax();
    progress.report(1.0, "高程重投影完成");
    return r;
}

}  // namespace jingwei
