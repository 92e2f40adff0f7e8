#include "network/coverage_export.h"

#include "core/atomic_file.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <system_error>
#include <unistd.h>

#include "core/error.h"
#include "network/gdal_internal.h"

namespace jingwei {

using namespace network_internal;

namespace {

struct FieldSpec {
    std::string name;
    OGRFieldType type;
};

struct LayerJob {
    std::string name;
    OGRwkbGeometryType type;
    std::vector<FieldSpec> fields;
    std::function<void(OGRLayer*, const std::string& path)> fill;
};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void addFeature(OGRLayer* layer, OGRFeature* f, const std::string& path) {
    if (layer->CreateFeature(f) != OGRERR_NONE)
        throw Error(path, layer->GetName(), "cannot write a feature: " + std::string(CPLGetLastErrorMsg()));
}

std::unique_ptr<OGRLineString> lineOf(const TravelGraph& g, LinkId l) {
    auto ls = std::make_unique<OGRLineString>();
    const auto pts = g.shape(l);
    ls->setNumPoints(static_cast<int>(pts.size()), FALSE);
    for (std::size_t i = 0; i < pts.size(); ++i) ls->setPoint(static_cast<int>(i), pts[i].x, pts[i].y);
    return ls;
}

std::string bandField(double minutes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "reach_%gmin", minutes);
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', '_');
    return s;
}

}  // namespace

std::vector<std::string> writeCoverage(const std::string& path, CoverageModel& model, const CoverageExportOptions& opt,
                                       const Progress& progress) {
    registerGdal();
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    const bool gpkg = ext == ".gpkg";
    if (!gpkg && ext != ".geojson" && ext != ".json")
        throw Error(path, "", "unknown output format (use .gpkg, .geojson or .json)");
    OGRSpatialReference srs;
    OGRSpatialReference* srs_ptr = nullptr;
    if (!opt.crs.empty()) {
        QuietGdal quiet;
        if (srs.SetFromUserInput(opt.crs.c_str()) != OGRERR_NONE)
            throw Error(path, "", "cannot use the CRS '" + opt.crs + "': " + quiet.message());
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        srs_ptr = &srs;
    }
    const TravelGraph& g = model.graph();
    const CoverageStats& stats = model.stats();
    const std::vector<UnitKey> keys = model.activeUnits();

    std::vector<LayerJob> jobs;
    jobs.push_back({"rings", wkbMultiPolygon,
                    {{"band", OFTInteger}, {"minutes", OFTReal}, {"area_m2", OFTReal}, {"road_share", OFTReal},
                     {"area_share", OFTReal}},
                    [&](OGRLayer* layer, const std::string& p) {
                        const auto& rings = model.rings();
                        for (std::size_t k = 0; k < rings.size(); ++k) {
                            FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                            f->SetField(0, static_cast<int>(k));
                            f->SetField(1, rings[k].minutes);
                            f->SetField(2, rings[k].area_m2);
                            f->SetField(3, k < stats.bands.size() ? stats.bands[k].road_share : 0.0);
                            f->SetField(4, k < stats.bands.size() ? stats.bands[k].area_share : 0.0);
                            f->SetGeometryDirectly(toOgr(rings[k].polygons).release());
                            addFeature(layer, f.get(), p);
                        }
                    }});
    if (opt.unit_rings)
        jobs.push_back({"unit_rings", wkbMultiPolygon,
                        {{"unit_id", OFTString}, {"band", OFTInteger}, {"minutes", OFTReal}, {"area_m2", OFTReal}},
                        [&](OGRLayer* layer, const std::string& p) {
                            for (std::size_t i = 0; i < keys.size(); ++i) {
                                if ((i & 15) == 0)
                                    progress.report(0.1 + 0.5 * static_cast<double>(i) / static_cast<double>(keys.size()),
                                                    "unit rings");
                                const UnitRings& ur = model.unitRings(keys[i]);
                                for (std::size_t k = 0; k < ur.rings.size(); ++k) {
                                    if (ur.rings[k].polygons.empty()) continue;
                                    FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                                    f->SetField(0, model.unit(keys[i]).input.id.c_str());
                                    f->SetField(1, static_cast<int>(k));
                                    f->SetField(2, ur.rings[k].minutes);
                                    f->SetField(3, ur.rings[k].area_m2);
                                    f->SetGeometryDirectly(toOgr(ur.rings[k].polygons).release());
                                    addFeature(layer, f.get(), p);
                                }
                            }
                        }});
    jobs.push_back({"gaps", wkbPolygon, {{"gap", OFTInteger}, {"area_m2", OFTReal}},
                    [&](OGRLayer* layer, const std::string& p) {
                        const MultiPolygon& gaps = model.gaps();
                        for (std::size_t i = 0; i < gaps.size(); ++i) {
                            FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                            f->SetField(0, static_cast<int>(i));
                            f->SetField(1, area(gaps[i]));
                            f->SetGeometryDirectly(toOgr(gaps[i]).release());
                            addFeature(layer, f.get(), p);
                        }
                    }});
    jobs.push_back({"units", wkbPoint,
                    {{"id", OFTString},
                     {"name", OFTString},
                     {"on_network", OFTInteger},
                     {"snap_distance_m", OFTReal},
                     {"snap_x", OFTReal},
                     {"snap_y", OFTReal},
                     {"link", OFTInteger}},
                    [&](OGRLayer* layer, const std::string& p) {
                        for (UnitKey k : keys) {
                            const UnitState& u = model.unit(k);
                            FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                            f->SetField(0, u.input.id.c_str());
                            f->SetField(1, u.input.name.c_str());
                            f->SetField(2, u.snap.on_network ? 1 : 0);
                            if (u.snap.on_network) {
                                f->SetField(3, u.snap.distance_m);
                                f->SetField(4, u.snap.point.x);
                                f->SetField(5, u.snap.point.y);
                                f->SetField(6, static_cast<int>(u.snap.link));
                            } else {
                                for (int i = 3; i <= 6; ++i) f->SetFieldNull(i);
                            }
                            f->SetGeometryDirectly(std::make_unique<OGRPoint>(u.input.pos.x, u.input.pos.y).release());
                            addFeature(layer, f.get(), p);
                        }
                    }});
    if (opt.responsibility)
        jobs.push_back({"responsibility", wkbMultiPolygon,
                        {{"unit_id", OFTString}, {"road_m", OFTReal}, {"area_m2", OFTReal}},
                        [&](OGRLayer* layer, const std::string& p) {
                            for (const UnitResponsibility& r : model.responsibility(true)) {
                                FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                                f->SetField(0, model.unit(r.unit).input.id.c_str());
                                f->SetField(1, r.road_m);
                                f->SetField(2, r.area_m2);
                                f->SetGeometryDirectly(toOgr(r.area).release());
                                addFeature(layer, f.get(), p);
                            }
                        }});
    if (opt.field) {
        std::vector<FieldSpec> fields = {{"link", OFTInteger},        {"class", OFTString},
                                         {"length_m", OFTReal},       {"from_time_s", OFTReal},
                                         {"to_time_s", OFTReal},      {"from_unit", OFTString},
                                         {"to_unit", OFTString},      {"min_time_s", OFTReal},
                                         {"unit", OFTString}};
        for (const Ring& r : model.rings()) fields.push_back({bandField(r.minutes), OFTReal});
        jobs.push_back({"field", wkbLineString, fields, [&](OGRLayer* layer, const std::string& p) {
                            const CoverageField& fld = model.field();
                            std::vector<TimePiece> pieces, env;
                            const auto& rings = model.rings();
                            auto unitId = [&](std::uint32_t k) { return model.unit(k).input.id; };
                            for (LinkId l = 0; l < g.linkCount(); ++l) {
                                if ((l & 0xFFFF) == 0)
                                    progress.report(0.7 + 0.25 * static_cast<double>(l) / static_cast<double>(g.linkCount()),
                                                    "field");
                                const RoadLink& link = g.link(l);
                                FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                                f->SetField(0, static_cast<int>(l));
                                f->SetField(1, std::string(roadClassKey(link.road_class)).c_str());
                                f->SetField(2, link.length_m);
                                const Millis ta = fld.time_ms[link.from], tb = fld.time_ms[link.to];
                                if (ta != kUnreachedMs) {
                                    f->SetField(3, msToSeconds(ta));
                                    f->SetField(5, unitId(fld.owner[link.from]).c_str());
                                } else {
                                    f->SetFieldNull(3);
                                    f->SetFieldNull(5);
                                }
                                if (tb != kUnreachedMs) {
                                    f->SetField(4, msToSeconds(tb));
                                    f->SetField(6, unitId(fld.owner[link.to]).c_str());
                                } else {
                                    f->SetFieldNull(4);
                                    f->SetFieldNull(6);
                                }
                                model.linkPieces(l, pieces);
                                lowerEnvelope(pieces, static_cast<double>(fld.limit_ms), env);
                                if (env.empty()) {
                                    f->SetFieldNull(7);
                                    f->SetFieldNull(8);
                                } else {
                                    const TimePiece* best = &env[0];
                                    double t = std::min(env[0].t0_ms, env[0].t1_ms);
                                    for (const TimePiece& e : env)
                                        if (std::min(e.t0_ms, e.t1_ms) < t) {
                                            t = std::min(e.t0_ms, e.t1_ms);
                                            best = &e;
                                        }
                                    f->SetField(7, t / 1000.0);
                                    f->SetField(8, unitId(best->owner).c_str());
                                }
                                for (std::size_t k = 0; k < rings.size(); ++k)
                                    f->SetField(9 + static_cast<int>(k),
                                                pieces.empty() ? 0.0 : reachedFraction(pieces, rings[k].limit_ms));
                                f->SetGeometryDirectly(lineOf(g, l).release());
                                addFeature(layer, f.get(), p);
                            }
                        }});
    }

    auto createLayer = [&](GDALDataset& ds, const LayerJob& job, const std::string& p, char** options) {
        QuietGdal quiet;
        OGRLayer* layer = ds.CreateLayer(job.name.c_str(), srs_ptr, job.type, options);
        if (!layer) throw Error(p, job.name, "cannot create the layer: " + quiet.message());
        for (const FieldSpec& fs : job.fields) {
            OGRFieldDefn d(fs.name.c_str(), fs.type);
            if (layer->CreateField(&d) != OGRERR_NONE)
                throw Error(p, job.name, "cannot create field " + fs.name + ": " + quiet.message());
        }
        return layer;
    };

    std::vector<std::string> written;
    progress.report(0.0, "export");
    if (gpkg) {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (!drv) throw Error(path, "", "GDAL has no GPKG driver");
        AtomicFile out(path);
        {
            QuietGdal quiet;
            GDALDatasetUniquePtr ds(drv->Create(out.tmp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
            if (!ds) throw Error(path, "", "cannot create the GeoPackage: " + quiet.message());
            for (const LayerJob& job : jobs) {
                OGRLayer* layer = createLayer(*ds, job, path, nullptr);
                if (ds->StartTransaction() != OGRERR_NONE) throw Error(path, job.name, "cannot start a transaction");
                job.fill(layer, path);
                if (ds->CommitTransaction() != OGRERR_NONE)
                    throw Error(path, job.name, "cannot commit: " + quiet.message());
            }
            ds.reset();  // close (flush) before the rename
            if (quiet.failed()) throw Error(path, "", quiet.message());
        }
        out.commit();
        written.push_back(path);
    } else {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
        if (!drv) throw Error(path, "", "GDAL has no GeoJSON driver");
        const std::filesystem::path p(path);
        std::vector<std::unique_ptr<AtomicFile>> files;
        for (const LayerJob& job : jobs) {
            const std::string fp = job.name == "rings"
                                       ? path
                                       : (p.parent_path() / (p.stem().string() + "-" + job.name + p.extension().string())).string();
            files.push_back(std::make_unique<AtomicFile>(fp));
            QuietGdal quiet;
            GDALDatasetUniquePtr ds(drv->Create(files.back()->tmp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
            if (!ds) throw Error(fp, "", "cannot create the GeoJSON file: " + quiet.message());
            const char* opts[] = {"COORDINATE_PRECISION=3", nullptr};
            OGRLayer* layer = createLayer(*ds, job, fp, const_cast<char**>(opts));
            job.fill(layer, fp);
            ds.reset();
            if (quiet.failed()) throw Error(fp, "", quiet.message());
        }
        for (auto& f : files) {
            f->commit();
            written.push_back(f->path());
        }
    }
    progress.report(1.0, "export");
    return written;
}

MultiPolygon readPolygonFile(const std::string& path, const std::string& target_crs) {
    registerGdal();
    QuietGdal quiet;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) throw Error(path, "", "cannot open the file: " + quiet.message());
    OGRSpatialReference target;
    if (target.SetFromUserInput(target_crs.c_str()) != OGRERR_NONE)
        throw Error(path, "", "cannot use the CRS '" + target_crs + "'");
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    struct CtDeleter {
        void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
    };
    MultiPolygon out;
    for (OGRLayer* layer : ds->GetLayers()) {
        const OGRSpatialReference* src = layer->GetSpatialRef();
        std::unique_ptr<OGRCoordinateTransformation, CtDeleter> ct(
            OGRCreateCoordinateTransformation(src ? src : &wgs84, &target));
        if (!ct) throw Error(path, layer->GetName(), "cannot transform to " + target_crs + ": " + quiet.message());
        int n = 0;
        for (auto& f : *layer) {
            ++n;
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g) continue;
            GeometryPtr copy(g->clone());
            if (copy->transform(ct.get()) != OGRERR_NONE)
                throw Error(path, std::string(layer->GetName()) + " feature " + std::to_string(n),
                            "cannot transform to " + target_crs);
            appendFromOgr(copy.get(), out);
        }
    }
    if (out.empty()) throw Error(path, "", "no polygons in the file");
    return out;
}

void writeTimeGeoTiff(const std::string& path, const TimeRaster& raster, const std::string& crs) {
    registerGdal();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!drv) throw Error(path, "", "GDAL has no GTiff driver");
    const RasterGrid& grid = raster.grid();
    AtomicFile out(path);
    {
        QuietGdal quiet;
        const char* opts[] = {"COMPRESS=DEFLATE", "TILED=YES", nullptr};
        GDALDatasetUniquePtr ds(
            drv->Create(out.tmp().c_str(), grid.width, grid.height, 2, GDT_Float32, const_cast<char**>(opts)));
        if (!ds) throw Error(path, "", "cannot create the GeoTIFF: " + quiet.message());
        double gt[6] = {grid.x0, grid.cell_m, 0, grid.y0, 0, -grid.cell_m};
        ds->SetGeoTransform(gt);
        if (!crs.empty()) {
            OGRSpatialReference srs;
            if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw Error(path, "", "cannot use the CRS '" + crs + "'");
            ds->SetSpatialRef(&srs);
        }
        const auto t = raster.times();
        const auto o = raster.owners();
        std::vector<float> band(t.size());
        for (std::size_t i = 0; i < t.size(); ++i) band[i] = std::isfinite(t[i]) ? t[i] / 1000.0f : -1.0f;
        GDALRasterBand* b1 = ds->GetRasterBand(1);
        b1->SetNoDataValue(-1);
        b1->SetDescription("time_s");
        if (b1->RasterIO(GF_Write, 0, 0, grid.width, grid.height, band.data(), grid.width, grid.height, GDT_Float32, 0, 0) !=
            CE_None)
            throw Error(path, "band 1", quiet.message());
        for (std::size_t i = 0; i < t.size(); ++i)
            band[i] = (std::isfinite(t[i]) && !o.empty() && o[i] != TimeRaster::kNoOwner) ? static_cast<float>(o[i]) : -1.0f;
        GDALRasterBand* b2 = ds->GetRasterBand(2);
        b2->SetNoDataValue(-1);
        b2->SetDescription("unit");
        if (b2->RasterIO(GF_Write, 0, 0, grid.width, grid.height, band.data(), grid.width, grid.height, GDT_Float32, 0, 0) !=
            CE_None)
            throw Error(path, "band 2", quiet.message());
        ds.reset();
        if (quiet.failed()) throw Error(path, "", quiet.message());
    }
    out.commit();
}

}  // namespace jingwei
