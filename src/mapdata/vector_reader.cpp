#include "mapdata/vector_reader.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "core/gcj02.h"

namespace jingwei {
namespace {

// Collects GDAL's failure messages instead of printing them, for the scope's
// life (GDAL sometimes resets its "last error" before returning).
struct QuietGdalErrors {
    QuietGdalErrors() {
        CPLPushErrorHandlerEx(&QuietGdalErrors::handler, this);
        CPLErrorReset();
    }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;

    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg) {
        auto* self = static_cast<QuietGdalErrors*>(CPLGetErrorHandlerUserData());
        if (self && cls >= CE_Failure && msg) self->failures.emplace_back(msg);
    }
    static std::string last() {
        const char* m = CPLGetLastErrorMsg();
        return (m && *m) ? std::string(m) : std::string();
    }
    std::vector<std::string> failures;
};

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};

class PointConverter {
public:
    PointConverter(const std::string& file, OGRLayer* layer, const std::string& override_crs) : file_(file) {
        std::string up = override_crs;
        std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
        if (up == "GCJ02" || up == "GCJ-02") {
            gcj_ = true;
            return;
        }
        OGRSpatialReference src;
        if (!override_crs.empty()) {
            if (src.SetFromUserInput(override_crs.c_str()) != OGRERR_NONE)
                throw Error(file, "crs", "cannot understand the CRS override '" + override_crs + "'");
        } else {
            const OGRSpatialReference* s = layer->GetSpatialRef();
            if (!s)
                throw Error(file, std::string("layer '") + layer->GetName() + "'",
                            "the layer has no CRS; give one with `crs:` in the map manifest");
            src = *s;
        }
        src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference wgs;
        wgs.importFromEPSG(4326);
        wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (src.IsSame(&wgs)) return;
        ct_.reset(OGRCreateCoordinateTransformation(&src, &wgs));
        if (!ct_)
            throw Error(file, "crs", "cannot transform the layer's CRS to WGS84: " + QuietGdalErrors::last());
    }

    GeoPoint operator()(double x, double y, const std::string& where) const {
        if (!std::isfinite(x) || !std::isfinite(y))
            throw Error(file_, where, "coordinate is NaN or infinite");
        if (ct_ && !ct_->Transform(1, &x, &y))
            throw Error(file_, where, "coordinate cannot be transformed to WGS84");
        if (!validLonLat(x, y))
            throw Error(file_, where,
                        "coordinate (" + std::to_string(x) + ", " + std::to_string(y) +
                            ") is outside the valid longitude/latitude range (wrong CRS?)");
        if (gcj_) {
            const LonLat w = gcj02ToWgs84(LonLat{x, y});
            x = w.lon;
            y = w.lat;
        }
        return GeoPoint{x, y, 0, 0};
    }

private:
    std::string file_;
    bool gcj_ = false;
    std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> ct_;
};

std::vector<GeoPoint> readCurve(const OGRLineString* ls, const PointConverter& conv, const std::string& where) {
    std::vector<GeoPoint> pts;
    pts.reserve(static_cast<std::size_t>(ls->getNumPoints()));
    for (int i = 0; i < ls->getNumPoints(); ++i) pts.push_back(conv(ls->getX(i), ls->getY(i), where));
    return pts;
}

void addGeometry(const OGRGeometry* g, Feature& f, const PointConverter& conv, const std::string& where) {
    if (!g) return;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPoint: {
            const auto* p = g->toPoint();
            f.points.push_back(conv(p->getX(), p->getY(), where));
            break;
        }
        case wkbLineString:
            f.lines.push_back(readCurve(g->toLineString(), conv, where));
            break;
        case wkbPolygon: {
            const auto* poly = g->toPolygon();
            std::vector<std::vector<GeoPoint>> rings;
            if (const auto* ext = poly->getExteriorRing()) rings.push_back(readCurve(ext, conv, where));
            for (int i = 0; i < poly->getNumInteriorRings(); ++i)
                rings.push_back(readCurve(poly->getInteriorRing(i), conv, where));
            f.polygons.push_back(std::move(rings));
            break;
        }
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const auto* c = g->toGeometryCollection();
            for (int i = 0; i < c->getNumGeometries(); ++i) addGeometry(c->getGeometryRef(i), f, conv, where);
            break;
        }
        default:
            throw Error("", where, std::string("unsupported geometry type ") + g->getGeometryName());
    }
}

}  // namespace

VectorLayer readVectorLayer(const std::string& path, const VectorReadOptions& opt, const Progress& progress) {
    GDALAllRegister();
    if (!std::filesystem::exists(path)) throw Error(path, "", "file not found");
    QuietGdalErrors quiet;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        std::string msg = quiet.failures.empty() ? QuietGdalErrors::last() : quiet.failures.front();
        throw Error(path, "", "GDAL cannot read it as a vector file" + (msg.empty() ? "" : ": " + msg));
    }
    // GDAL opens some broken files anyway and only reports a failure, e.g. a
    // GeoJSON naming a CRS that does not exist (it then assumes WGS84).
    if (!quiet.failures.empty())
        throw Error(path, "", "GDAL reported a problem while opening it: " + quiet.failures.front());
    OGRLayer* layer = opt.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(opt.layer.c_str());
    if (!layer)
        throw Error(path, opt.layer.empty() ? std::string("layer 0") : "layer '" + opt.layer + "'",
                    "no such layer in the file");

    const PointConverter conv(path, layer, opt.source_crs);

    VectorLayer out;
    out.name = layer->GetName();
    out.source = path;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    if (!opt.label_field.empty() && defn->GetFieldIndex(opt.label_field.c_str()) < 0)
        throw Error(path, "label field", "the layer has no attribute '" + opt.label_field + "'");

    const GIntBig total = layer->GetFeatureCount(FALSE);
    layer->ResetReading();
    std::size_t n = 0;
    for (auto& feat : *layer) {
        ++n;
        const std::string where = "feature " + std::to_string(feat->GetFID());
        Feature f;
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!feat->IsFieldSetAndNotNull(i)) continue;
            f.attributes[defn->GetFieldDefn(i)->GetNameRef()] = feat->GetFieldAsString(i);
        }
        try {
            addGeometry(feat->GetGeometryRef(), f, conv, where);
        } catch (const Error& e) {
            throw Error(path, e.where(), e.reason());
        }
        if (!opt.label_field.empty()) f.label = f.attributes[opt.label_field];
        if (!opt.anchor_x_field.empty() && !opt.anchor_y_field.empty() &&
            f.attributes.count(opt.anchor_x_field) && f.attributes.count(opt.anchor_y_field)) {
            const double ax = feat->GetFieldAsDouble(opt.anchor_x_field.c_str());
            const double ay = feat->GetFieldAsDouble(opt.anchor_y_field.c_str());
            f.label_anchor = conv(ax, ay, where + " label anchor");
            f.has_label_anchor = true;
        } else if (const OGRGeometry* g = feat->GetGeometryRef(); g && !g->IsEmpty()) {
            // A point inside the shape (GEOS), so labels sit on their area.
            OGRGeometryH h = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g)));
            std::unique_ptr<OGRGeometry, void (*)(OGRGeometry*)> p(
                h ? OGRGeometry::FromHandle(h) : nullptr, [](OGRGeometry* q) { OGRGeometryFactory::destroyGeometry(q); });
            if (p && !p->IsEmpty() && wkbFlatten(p->getGeometryType()) == wkbPoint) {
                f.label_anchor = conv(p->toPoint()->getX(), p->toPoint()->getY(), where + " label anchor");
                f.has_label_anchor = true;
            }
        }
        out.features.push_back(std::move(f));
        if (total > 0 && (n % 256) == 0) progress.report(double(n) / double(total), "读取图层");
    }
    if (out.features.empty()) throw Error(path, "layer '" + out.name + "'", "the layer is empty");
    progress.report(1.0, "读取图层完成");
    return out;
}

}  // namespace jingwei
