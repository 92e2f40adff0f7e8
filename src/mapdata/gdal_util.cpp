#include "mapdata/gdal_util.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <mutex>

#include "core/error.h"
#include "core/gcj02.h"
#include <ogr_api.h>

namespace jingwei::gdal {

QuietErrors::QuietErrors() {
    CPLPushErrorHandlerEx(&QuietErrors::handler, this);
    CPLErrorReset();
}

QuietErrors::~QuietErrors() { CPLPopErrorHandler(); }

void CPL_STDCALL QuietErrors::handler(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<QuietErrors*>(CPLGetErrorHandlerUserData());
    if (!self || !msg) return;
    if (cls >= CE_Failure) self->failures.emplace_back(msg);
    else if (cls == CE_Warning) self->warnings.emplace_back(msg);
}

std::string QuietErrors::last() {
    const char* m = CPLGetLastErrorMsg();
    return (m && *m) ? std::string(m) : std::string();
}

std::string QuietErrors::first() const { return failures.empty() ? last() : failures.front(); }

void registerAll() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

GDALDatasetUniquePtr openVector(const std::string& path, const char* const* open_options) {
    registerAll();
    if (!std::filesystem::exists(path)) throw Error(path, "", "file not found");
    QuietErrors quiet;
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options, nullptr));
    if (!ds) {
        const std::string msg = quiet.first();
        throw Error(path, "", "GDAL cannot read it as a vector file" + (msg.empty() ? "" : ": " + msg));
    }
    // GDAL opens some broken files anyway and only reports a failure, e.g. a
    // GeoJSON naming a CRS that does not exist (it then assumes WGS84).
    if (!quiet.failures.empty())
        throw Error(path, "", "GDAL reported a problem while opening it: " + quiet.failures.front());
    return ds;
}

bool isUsableSrs(const OGRSpatialReference* srs) { return srs && !srs->IsEmpty(); }

PointConverter::PointConverter(const std::string& file, const OGRSpatialReference* layer_srs,
                               const std::string& layer_name, const std::string& override_crs)
    : file_(file) {
    std::string up = override_crs;
    std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
    if (up == "GCJ02" || up == "GCJ-02") {
        gcj_ = true;
        return;
    }
    OGRSpatialReference src;
    if (!override_crs.empty()) {
        QuietErrors quiet;
        if (src.SetFromUserInput(override_crs.c_str()) != OGRERR_NONE)
            throw Error(file, "crs", "cannot understand the CRS override '" + override_crs + "'");
    } else {
        if (!isUsableSrs(layer_srs))
            throw Error(file, "layer '" + layer_name + "'",
                        "the layer has no CRS; give one with `crs:` in the map manifest (e.g. crs: EPSG:4326)");
        src = *layer_srs;
    }
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs;
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (src.IsSame(&wgs)) return;
    QuietErrors quiet;
    ct_.reset(OGRCreateCoordinateTransformation(&src, &wgs));
    if (!ct_) throw Error(file, "crs", "cannot transform the layer's CRS to WGS84: " + quiet.first());
}

GeoPoint PointConverter::operator()(double x, double y, const std::string& where) const {
    if (!std::isfinite(x) || !std::isfinite(y)) throw Error(file_, where, "coordinate is NaN or infinite");
    if (ct_ && !ct_->Transform(1, &x, &y)) throw Error(file_, where, "coordinate cannot be transformed to WGS84");
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

namespace {
std::vector<GeoPoint> readCurve(const OGRSimpleCurve* ls, const PointConverter& conv, const std::string& where) {
    std::vector<GeoPoint> pts;
    pts.reserve(static_cast<std::size_t>(ls->getNumPoints()));
    for (int i = 0; i < ls->getNumPoints(); ++i) pts.push_back(conv(ls->getX(i), ls->getY(i), where));
    return pts;
}
}  // namespace

void appendGeometry(const OGRGeometry* g, Feature& f, const PointConverter& conv, const std::string& file,
                    const std::string& where) {
    if (!g || g->IsEmpty()) return;
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
            for (int i = 0; i < c->getNumGeometries(); ++i) appendGeometry(c->getGeometryRef(i), f, conv, file, where);
            break;
        }
        default: {
            // Curves (CircularString, CurvePolygon, ...): linearise first.
            if (g->hasCurveGeometry()) {
                GeometryPtr lin(g->getLinearGeometry());
                if (lin) {
                    appendGeometry(lin.get(), f, conv, file, where);
                    return;
                }
            }
            throw Error(file, where, std::string("unsupported geometry type ") + g->getGeometryName());
        }
    }
}

bool pointOnSurface(const OGRGeometry* g, const PointConverter& conv, const std::string& where, GeoPoint* out) {
    if (!g || g->IsEmpty()) return false;
    QuietErrors quiet;  // GEOS complains about invalid polygons; then there is no anchor
    OGRGeometryH h = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g)));
    GeometryPtr p(h ? OGRGeometry::FromHandle(h) : nullptr);
    if (!p || p->IsEmpty() || wkbFlatten(p->getGeometryType()) != wkbPoint) return false;
    *out = conv(p->toPoint()->getX(), p->toPoint()->getY(), where);
    return true;
}

}  // namespace jingwei::gdal
