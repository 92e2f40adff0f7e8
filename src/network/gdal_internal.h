#pragma once
// Internal to network: RAII helpers around GDAL/OGR and conversions between
// our plain polygons and OGR geometries. Not part of the public API.
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

#include "network/polygon.h"

namespace jingwei::network_internal {

struct GeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

// Registers GDAL's drivers once (thread-safe).
void registerGdal();

// Collects GDAL's failure messages instead of printing them, for the scope's
// life (per thread).
class QuietGdal {
public:
    QuietGdal();
    ~QuietGdal();
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
    std::string message() const;
    bool failed() const { return !failures_.empty(); }

private:
    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg);
    std::vector<std::string> failures_;
};

std::unique_ptr<OGRMultiPolygon> toOgr(const MultiPolygon& mp);
std::unique_ptr<OGRPolygon> toOgr(const Polygon& p);
// Appends the polygons of a (multi)polygon geometry; other types are ignored.
void appendFromOgr(const OGRGeometry* g, MultiPolygon& out);

}  // namespace jingwei::network_internal
