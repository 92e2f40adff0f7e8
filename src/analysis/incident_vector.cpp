#include "analysis/incident_vector.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "core/atomic_file.h"
#include "analysis/gdal_util.h"
#include "analysis/incident_row.h"
#include "core/error.h"

namespace jingwei {
namespace {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

OGRSpatialReference wgs84() {
    OGRSpatialReference s;
    s.importFromEPSG(4326);
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

std::string lowerExt(const std::string& path) {
    std::string e = std::filesystem::path(path).extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
    return e;
}

// The time of a Date/DateTime field: precision Day for dates; the zone from
// OGR's tz flag (100 = UTC, 100±n = n quarter hours), else the options'.
bool ogrDateTime(const OGRFeature& f, int i, OGRFieldType type, std::int64_t utc_offset_s, Incident& inc) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
    float ss = 0;
    if (!const_cast<OGRFeature&>(f).GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz)) return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
    const std::int64_t offset = tz >= 100 ? static_cast<std::int64_t>(tz - 100) * 900 : utc_offset_s;
    if (type == OFTDate) {
        inc.time_s = daysFromCivil(y, m, d) * 86400 - offset;
        inc.time_precision = TimePrecision::Day;
    } else {
        inc.time_s = daysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60 +
                     static_cast<std::int64_t>(std::floor(ss)) - offset;
        inc.time_precision = TimePrecision::Second;
    }
    return true;
}

}  // namespace

IncidentSet readIncidentsVector(const std::string& path, const IncidentReadOptions& opt, IncidentImportReport* report,
                                const Progress& progress) {
    GDALAllRegister();
    if (auto bad = checkTimeFormat(opt.time_format); bad) throw Error(path, "time format", *bad);
    if (!std::filesystem::exists(path)) throw Error(path, "", "file not found");
    analysis_internal::QuietGdalErrors quiet;
    const std::string ext = lowerExt(path);
    // Keep ISO times as text so they are parsed here, with their precision.
    const char* geojson_options[] = {"DATE_AS_STRING=YES", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                              (ext == ".geojson" || ext == ".json") ? geojson_options : nullptr));
    if (!ds) throw Error(path, "", "GDAL cannot read it as a vector file: " + quiet.message());
    OGRLayer* layer = opt.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(opt.layer.c_str());
    if (!layer)
        throw Error(path, opt.layer.empty() ? std::string("layer 0") : "layer '" + opt.layer + "'",
                    "no such layer in the file");

    TransformPtr ct;
    if (const OGRSpatialReference* s = layer->GetSpatialRef()) {
        OGRSpatialReference src = *s;
        src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        const OGRSpatialReference wgs = wgs84();
        if (!src.IsSame(&wgs)) {
            ct.reset(OGRCreateCoordinateTransformation(&src, &wgs));
            if (!ct) throw Error(path, "crs", "cannot transform the layer's CRS to WGS84: " + quiet.message());
        }
    }

    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::vector<std::string> header;
    for (int i = 0; i < defn->GetFieldCount(); ++i) header.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    const auto idx = analysis_internal::resolveFields(header, opt.fields, false, path,
                                           std::string("layer '") + layer->GetName() + "' attributes");

    IncidentImportReport local;
    IncidentImportReport& r = report ? *report : local;
    r.max_examples_per_problem = opt.max_examples;
    ++r.files;
    analysis_internal::RowChecker check(opt, r);
    IncidentSet set(opt.utc_offset_s);
    const std::string fname = analysis_internal::fileName(path);
    const std::string source = opt.source.empty() ? fname : opt.source;
    const GIntBig total = std::max<GIntBig>(1, layer->GetFeatureCount(FALSE));
    layer->ResetReading();
    std::size_t n = 0;
    for (auto& feat : *layer) {
        ++r.rows_read;
        if ((++n & 0x3fff) == 0)
            progress.report(std::min(1.0, static_cast<double>(n) / static_cast<double>(total)), "读取警情 " + fname);
        const std::string where = "feature " + std::to_string(feat->GetFID());
        Incident inc;
        const OGRGeometry* g = feat->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            check.reject(RowProblem::MissingCoordinates, path, where, "the feature has no geometry");
            continue;
        }
        if (wkbFlatten(g->getGeometryType()) != wkbPoint) {
            check.reject(RowProblem::BadCoordinates, path, where,
                         std::string("a ") + g->getGeometryName() + ", not a point");
            continue;
        }
        double x = g->toPoint()->getX(), y = g->toPoint()->getY();
        if (ct && std::isfinite(x) && std::isfinite(y) && !ct->Transform(1, &x, &y)) {
            check.reject(RowProblem::BadCoordinates, path, where, "the point cannot be transformed to WGS84");
            continue;
        }
        if (!check.coordinates(x, y, inc, path, where)) continue;
        if (!feat->IsFieldSetAndNotNull(idx.time)) {
            check.reject(RowProblem::BadTime, path, where, "the time is empty");
            continue;
        }
        const OGRFieldType tt = defn->GetFieldDefn(idx.time)->GetType();
        if (tt == OFTDate || tt == OFTDateTime) {
            if (!ogrDateTime(*feat, idx.time, tt, opt.utc_offset_s, inc)) {
                check.reject(RowProblem::BadTime, path, where,
                             std::string("time '") + feat->GetFieldAsString(idx.time) + "' is not a valid date");
                continue;
            }
        } else if (!check.time(feat->GetFieldAsString(idx.time), inc, path, where)) {
            continue;
        }
        auto text = [&](int i) -> std::string {
            return i >= 0 && feat->IsFieldSetAndNotNull(i) ? std::string(feat->GetFieldAsString(i)) : std::string();
        };
        inc.id = text(idx.id);
        if (inc.id.empty()) inc.id = fname + ":" + std::to_string(feat->GetFID());
        inc.category = text(idx.category);
        if (inc.category.empty()) inc.category = opt.default_category;
        if (idx.priority >= 0 && feat->IsFieldSetAndNotNull(idx.priority)) {
            const int p = feat->GetFieldAsInteger(idx.priority);
            if (p >= kHighestPriority && p <= kLowestPriority) inc.priority = p;
        }
        inc.source = text(idx.source);
        if (inc.source.empty()) inc.source = source;
        set.add(inc);
        ++r.rows_valid;
    }
    if (quiet.failed()) throw Error(path, "", "GDAL reported a problem while reading: " + quiet.message());
    progress.report(1.0, "读取警情 " + fname);
    return set;
}

void writeIncidentsVector(const IncidentSet& set, const std::string& path, VectorFormat format,
                          const Progress& progress) {
    GDALAllRegister();
    const char* driver_name = format == VectorFormat::GeoJSON ? "GeoJSON" : "GPKG";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!driver) throw Error(path, "", std::string("GDAL has no ") + driver_name + " driver");
    AtomicFile out(path);
    analysis_internal::QuietGdalErrors quiet;
    {
        GDALDatasetUniquePtr ds(driver->Create(out.tmp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw Error(path, "", "cannot create the file: " + quiet.message());
        OGRSpatialReference srs = wgs84();
        OGRLayer* layer = ds->CreateLayer("incidents", &srs, wkbPoint, nullptr);
        if (!layer) throw Error(path, "", "cannot create the layer: " + quiet.message());
        const std::pair<const char*, OGRFieldType> fields[] = {
            {"id", OFTString}, {"time", OFTString}, {"category", OFTString}, {"priority", OFTInteger},
            {"source", OFTString}};
        for (const auto& [name, type] : fields) {
            OGRFieldDefn fd(name, type);
            if (layer->CreateField(&fd) != OGRERR_NONE)
                throw Error(path, "", std::string("cannot create the field ") + name + ": " + quiet.message());
        }
        const bool tx = ds->StartTransaction() == OGRERR_NONE;
        const auto& cats = set.categories();
        for (std::size_t i = 0; i < set.size(); ++i) {
            OGRFeature feat(layer->GetLayerDefn());
            feat.SetField(0, set.ids()[i].c_str());
            feat.SetField(1, formatTime(set.times()[i], set.timePrecisions()[i], set.localUtcOffset()).c_str());
            feat.SetField(2, cats[set.categoryIndex()[i]].name.c_str());
            feat.SetField(3, static_cast<int>(set.priorities()[i]));
            feat.SetField(4, set.sources()[set.sourceIndex()[i]].c_str());
            OGRPoint pt(set.positions()[i].lon, set.positions()[i].lat);
            feat.SetGeometry(&pt);
            if (layer->CreateFeature(&feat) != OGRERR_NONE)
                throw Error(path, "feature " + std::to_string(i), "cannot write: " + quiet.message());
            if ((i & 0x3fff) == 0x3fff)
                progress.report(static_cast<double>(i + 1) / static_cast<double>(set.size()), "写出警情");
        }
        if (tx && ds->CommitTransaction() != OGRERR_NONE)
            throw Error(path, "", "cannot commit: " + quiet.message());
        ds.reset();  // flush and close before the rename
        if (quiet.failed()) throw Error(path, "", "GDAL reported a problem while writing: " + quiet.message());
    }
    out.commit();
    progress.report(1.0, "写出警情");
}

}  // namespace jingwei
