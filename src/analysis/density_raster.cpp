#include "analysis/density_raster.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "core/atomic_file.h"
#include "analysis/gdal_util.h"
#include "core/error.h"

namespace jingwei {

void writeDensityGeoTiff(const DensityGrid& grid, const std::string& crs, const std::string& path) {
    const GridSpec& g = grid.spec;
    if (!g.valid() || grid.values.size() != g.cells()) throw Error(path, "", "the density grid is empty or inconsistent");
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!driver) throw Error(path, "", "GDAL has no GTiff driver");
    OGRSpatialReference srs;
    {
        analysis_internal::QuietGdalErrors quiet_crs;
        if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw Error(path, "crs", "unknown CRS '" + crs + "'");
    }
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    const std::string wkt_s = wkt ? wkt : "";
    CPLFree(wkt);

    AtomicFile out(path);
    analysis_internal::QuietGdalErrors quiet;
    {
        const char* options[] = {"COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", nullptr};
        GDALDatasetUniquePtr ds(driver->Create(out.tmp().c_str(), g.nx, g.ny, 1, GDT_Float32, const_cast<char**>(options)));
        if (!ds) throw Error(path, "", "cannot create the GeoTIFF: " + quiet.message());
        double gt[6] = {g.origin_x, g.cell_m, 0, g.origin_y + g.ny * g.cell_m, 0, -g.cell_m};
        ds->SetGeoTransform(gt);
        ds->SetProjection(wkt_s.c_str());
        GDALRasterBand* band = ds->GetRasterBand(1);
        band->SetNoDataValue(kDensityNoData);
        band->SetDescription("incidents per km2");
        band->SetUnitType("1/km2");
        std::vector<float> row(static_cast<std::size_t>(g.nx));
        for (int r = 0; r < g.ny; ++r) {
            const int j = g.ny - 1 - r;  // GeoTIFF row 0 is north
            for (int i = 0; i < g.nx; ++i) {
                const double v = grid.at(i, j);
                row[static_cast<std::size_t>(i)] = std::isfinite(v) ? static_cast<float>(v) : kDensityNoData;
            }
            if (band->RasterIO(GF_Write, 0, r, g.nx, 1, row.data(), g.nx, 1, GDT_Float32, 0, 0) != CE_None)
                throw Error(path, "row " + std::to_string(r), "write failed: " + quiet.message());
        }
        ds.reset();  // flush and close
        if (quiet.failed())
            throw Error(path, "", "GDAL reported a problem while writing: " + quiet.message());
    }
    out.commit();
}

void writeDensityPng(const DensityGrid& grid, const std::string& path, const DensityPngOptions& opt) {
    const GridSpec& g = grid.spec;
    if (!g.valid() || grid.values.size() != g.cells()) throw Error(path, "", "the density grid is empty or inconsistent");
    GDALAllRegister();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
    if (!mem || !png) throw Error(path, "", "GDAL lacks the MEM or PNG driver");
    const double top = opt.max_value > 0 ? opt.max_value : grid.max();
    AtomicFile out(path);
    analysis_internal::QuietGdalErrors quiet;
    {
        GDALDatasetUniquePtr ds(mem->Create("", g.nx, g.ny, 4, GDT_Byte, nullptr));
        if (!ds) throw Error(path, "", "cannot create the image in memory: " + quiet.message());
        std::vector<std::uint8_t> px(static_cast<std::size_t>(g.nx) * g.ny * 4);
        for (int r = 0; r < g.ny; ++r) {
            const int j = g.ny - 1 - r;
            for (int i = 0; i < g.nx; ++i) {
                const double v = grid.at(i, j);
                auto c = opt.ramp.at(top > 0 && std::isfinite(v) ? v / top : 0.0);
                if (!(v > 0)) c[3] = 0;
                c[3] = static_cast<std::uint8_t>(std::lround(c[3] * std::clamp(opt.opacity, 0.0, 1.0)));
                std::copy(c.begin(), c.end(), px.begin() + (static_cast<std::ptrdiff_t>(r) * g.nx + i) * 4);
            }
        }
        if (ds->RasterIO(GF_Write, 0, 0, g.nx, g.ny, px.data(), g.nx, g.ny, GDT_Byte, 4, nullptr, 4,
                         static_cast<GSpacing>(g.nx) * 4, 1) != CE_None)
            throw Error(path, "", "cannot fill the image: " + quiet.message());
        for (int b = 1; b <= 4; ++b)
            ds->GetRasterBand(b)->SetColorInterpretation(b == 1 ? GCI_RedBand : b == 2 ? GCI_GreenBand
                                                         : b == 3 ? GCI_BlueBand : GCI_AlphaBand);
        GDALDatasetUniquePtr file(png->CreateCopy(out.tmp().c_str(), ds.get(), FALSE, nullptr, nullptr, nullptr));
        if (!file) throw Error(path, "", "cannot write the PNG: " + quiet.message());
        file.reset();
        if (quiet.failed())
            throw Error(path, "", "GDAL reported a problem while writing: " + quiet.message());
    }
    // GDAL may leave a .aux.xml beside a PNG it cannot fully describe.
    std::error_code ec;
    std::filesystem::remove(out.tmp() + ".aux.xml", ec);
    out.commit();
}

}  // namespace jingwei
