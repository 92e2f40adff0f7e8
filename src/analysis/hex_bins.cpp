#include "analysis/hex_bins.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>

#include "core/atomic_file.h"
#include "analysis/gdal_util.h"
#include "core/error.h"

namespace jingwei {

HexBins hexBin(std::span<const XY> points, std::span<const double> weights, const HexGrid& grid,
               const Bounds* cover) {
    if (!weights.empty() && weights.size() != points.size())
        throw Error("", "hex bins", "weights and points differ in number");
    std::map<HexCoord, HexBin> bins;
    if (cover)
        for (const HexCoord h : grid.covering(*cover)) bins.emplace(h, HexBin{h, grid.centre(h), 0, 0});
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) continue;
        const double w = weights.empty() ? 1.0 : weights[i];
        if (!(w >= 0)) throw Error("", "hex bins", "weight " + std::to_string(i) + " is negative or not finite");
        const HexCoord h = grid.cellAt(points[i]);
        auto [it, fresh] = bins.try_emplace(h, HexBin{h, grid.centre(h), 0, 0});
        ++it->second.count;
        it->second.value += w;
    }
    HexBins out{grid, {}};
    out.bins.reserve(bins.size());
    for (const auto& [h, b] : bins) out.bins.push_back(b);
    std::sort(out.bins.begin(), out.bins.end(), [](const HexBin& a, const HexBin& b) {
        return a.hex.r != b.hex.r ? a.hex.r < b.hex.r : a.hex.q < b.hex.q;
    });
    return out;
}

void writeHexBins(const HexBins& bins, const std::string& crs, const std::string& path, std::span<const double> z) {
    if (!z.empty() && z.size() != bins.bins.size()) throw Error(path, "", "one z-score per hexagon is needed");
    GDALAllRegister();
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    const char* driver_name = ext == ".gpkg" ? "GPKG" : (ext == ".geojson" || ext == ".json") ? "GeoJSON" : nullptr;
    if (!driver_name) throw Error(path, "", "unknown file type '" + ext + "' (use .geojson or .gpkg)");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!driver) throw Error(path, "", std::string("GDAL has no ") + driver_name + " driver");
    AtomicFile out(path);
    analysis_internal::QuietGdalErrors quiet;
    {
        GDALDatasetUniquePtr ds(driver->Create(out.tmp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw Error(path, "", "cannot create the file: " + quiet.message());
        OGRSpatialReference srs;
        if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw Error(path, "crs", "unknown CRS '" + crs + "'");
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRLayer* layer = ds->CreateLayer("hexbins", &srs, wkbPolygon, nullptr);
        if (!layer) throw Error(path, "", "cannot create the layer: " + quiet.message());
        const std::pair<const char*, OGRFieldType> fields[] = {{"q", OFTInteger},   {"r", OFTInteger},
                                                               {"count", OFTInteger}, {"value", OFTReal},
                                                               {"density_per_km2", OFTReal}, {"gi_z", OFTReal}};
        for (const auto& [name, type] : fields) {
            if (!z.empty() || std::string(name) != "gi_z") {
                OGRFieldDefn fd(name, type);
                if (layer->CreateField(&fd) != OGRERR_NONE) throw Error(path, "", "cannot create a field");
            }
        }
        const bool tx = ds->StartTransaction() == OGRERR_NONE;
        const double area_km2 = bins.grid.areaM2() * 1e-6;
        for (std::size_t k = 0; k < bins.bins.size(); ++k) {
            const HexBin& b = bins.bins[k];
            OGRFeature f(layer->GetLayerDefn());
            f.SetField("q", b.hex.q);
            f.SetField("r", b.hex.r);
            f.SetField("count", static_cast<int>(b.count));
            f.SetField("value", b.value);
            f.SetField("density_per_km2", b.value / area_km2);
            if (!z.empty()) f.SetField("gi_z", z[k]);
            OGRLinearRing ring;
            for (const XY c : bins.grid.corners(b.hex)) ring.addPoint(c.x, c.y);
            ring.closeRings();
            OGRPolygon poly;
            poly.addRing(&ring);
            f.SetGeometry(&poly);
            if (layer->CreateFeature(&f) != OGRERR_NONE) throw Error(path, "hexagon " + std::to_string(k), quiet.message());
        }
        if (tx && ds->CommitTransaction() != OGRERR_NONE) throw Error(path, "", "cannot commit: " + quiet.message());
        ds.reset();
        if (quiet.failed()) throw Error(path, "", "GDAL reported a problem while writing: " + quiet.message());
    }
    out.commit();
}

}  // namespace jingwei
