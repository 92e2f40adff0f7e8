#pragma once
// Internal to mapdata: RAII helpers around GDAL/OGR shared by the readers
// (vector layers, OSM, DEM, the map package). Not part of the public API.
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

#include "core/geo.h"
#include "mapdata/vector_layer.h"

namespace jingwei::gdal {

// Collects GDAL's failure messages instead of printing them, for the scope's
// life (GDAL sometimes resets its "last error" before returning). Warnings
// are kept apart. The handler is per thread (CPLPushErrorHandlerEx).
class QuietErrors {
public:
    QuietErrors();
    ~QuietErrors();
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;

    // The first failure (or GDAL's last message), "" when there is none.
    std::string first() const;
    static std::string last();

    std::vector<std::string> failures;
    std::vector<std::string> warnings;

private:
    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg);
};

struct GeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// Registers the drivers once (thread-safe).
void registerAll();

// Opens a vector dataset read-only; throws Error(path, "", reason) when GDAL
// cannot, or when it reports a failure while opening.
GDALDatasetUniquePtr openVector(const std::string& path, const char* const* open_options = nullptr);

// Converts a layer's coordinates to WGS84 lon/lat, validating them. An
// override CRS ("GCJ02", "EPSG:4547", any PROJ string) replaces the layer's.
class PointConverter {
public:
    // Throws Error naming the file and layer when the layer has no CRS and
    // there is no override, or when the CRS cannot be used.
    PointConverter(const std::string& file, const OGRSpatialReference* layer_srs, const std::string& layer_name,
                   const std::string& override_crs);
    // Throws Error(file, where, ...) for NaN, untransformable or out-of-range points.
    GeoPoint operator()(double x, double y, const std::string& where) const;
    bool isGcj02() const { return gcj_; }

private:
    std::string file_;
    bool gcj_ = false;
    TransformPtr ct_;
};

// Appends an OGR geometry's parts to a feature (points, lines, polygons;
// multi-geometries and collections are flattened). Throws Error(file, where,
// ...) for bad coordinates or an unsupported geometry type.
void appendGeometry(const OGRGeometry* g, Feature& f, const PointConverter& conv, const std::string& file,
                    const std::string& where);

// A point inside the geometry (GEOS point-on-surface); false when GEOS gives none.
bool pointOnSurface(const OGRGeometry* g, const PointConverter& conv, const std::string& where, GeoPoint* out);

// Source-CRS check for rasters and layers: an SRS that is empty or unusable.
bool isUsableSrs(const OGRSpatialReference* srs);

}  // namespace jingwei::gdal
