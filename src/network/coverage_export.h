#pragma once
// Writes a coverage model's results so they open in QGIS: GeoPackage (one
// file, several layers) or GeoJSON (one file per layer), in the map's CRS,
// always through a temporary file renamed into place.
//
// Layers:
//   rings           fleet rings, one feature per band (band, minutes, area_m2, road_share, area_share)
//   unit_rings      each unit's own rings (unit_id, band, minutes, area_m2)
//   gaps            盲区: uncovered parts of the area of interest, one feature each (area_m2)
//   units           unit positions (id, name, on_network, snap_distance_m, snapped x/y, link)
//   responsibility  each unit's area and road length where it is fastest (unit_id, road_m, area_m2)
//   field           per road link: time at both ends, owning units, earliest time on
//                   the link and the reached share per band (reach_<m>min)
// GeoJSON: `out.geojson` holds `rings`; the others go beside it as
// `out-<layer>.geojson`.
#include <string>
#include <vector>

#include "core/progress.h"
#include "network/coverage_model.h"

namespace jingwei {

struct CoverageExportOptions {
    std::string crs;                // the map CRS ("EPSG:4547"); "" = none written
    bool unit_rings = true;
    bool responsibility = true;
    bool field = true;
};

// Returns the files written. Throws Error(path, layer, reason).
std::vector<std::string> writeCoverage(const std::string& path, CoverageModel& model,
                                       const CoverageExportOptions& opt, const Progress& progress = {});

// The polygons of every layer of an OGR-readable file (GeoJSON, GPKG, SHP,
// ...), transformed to target_crs (a layer without a CRS is taken as WGS84
// lon/lat), e.g. a district boundary as the coverage area of interest.
// Throws Error(path, layer/feature, reason).
MultiPolygon readPolygonFile(const std::string& path, const std::string& target_crs);

// The raster min-time field as a GeoTIFF: band 1 time in seconds, band 2 the
// owning unit key (both Float32, nodata −1).
void writeTimeGeoTiff(const std::string& path, const TimeRaster& raster, const std::string& crs);

}  // namespace jingwei
