#pragma once
// Coordinate reference systems through PROJ. All lon/lat here is in
// longitude-first order (proj_normalize_for_visualization), whatever the
// EPSG axis order says.
#include <memory>
#include <string>
#include <vector>

#include "core/geo.h"

namespace jingwei {

// The metric CRS chosen for a map centred at (lon, lat) when the manifest
// says "auto": CGCS2000 3-degree Gauss-Krüger (EPSG:4534..4554, central
// meridian 75E..135E) inside China, otherwise the WGS84 UTM zone.
int autoMetricEpsg(double lon, double lat);

// "auto" (resolved at centre), "EPSG:4547", "epsg:4547" or "4547" → "EPSG:4547".
// Throws Error for anything PROJ cannot build.
std::string resolveCrsSpec(const std::string& spec, LonLat centre);

// A transform between two CRSs. Owns its PROJ context (one per object, so
// objects may live on different threads).
class CrsTransform {
public:
    CrsTransform(const std::string& source, const std::string& target);
    ~CrsTransform();
    CrsTransform(CrsTransform&&) noexcept;
    CrsTransform& operator=(CrsTransform&&) noexcept;
    CrsTransform(const CrsTransform&) = delete;
    CrsTransform& operator=(const CrsTransform&) = delete;

    // Returns non-finite values when PROJ cannot transform the point.
    XY forward(double a, double b) const;
    XY inverse(double a, double b) const;

    const std::string& source() const { return source_; }
    const std::string& target() const { return target_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string source_, target_;
};

// WGS84 lon/lat ⇄ a map's metric CRS.
class Projector {
public:
    explicit Projector(const std::string& target_crs);

    XY forward(LonLat p) const;
    LonLat inverse(XY p) const;
    // Fills x/y of every point from its lon/lat.
    void forward(std::vector<GeoPoint>& points) const;

    const std::string& crs() const { return transform_.target(); }

private:
    CrsTransform transform_;
};

}  // namespace jingwei
