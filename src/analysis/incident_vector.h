#pragma once
// Incidents as point features in GeoJSON or GeoPackage, through GDAL/OGR.
// Attributes: id, time (ISO 8601 text as formatTime(); the reader also takes
// OGR Date/DateTime fields), category, priority, source. Geometry: a point
// in any CRS the file declares (converted to WGS84); the writer uses
// EPSG:4326.
#include <string>

#include "analysis/incident_import_report.h"
#include "analysis/incident.h"
#include "analysis/incident_read_options.h"
#include "core/progress.h"

namespace jingwei {

// Invalid features (no geometry, not a point, NaN, bad time, outside the
// bounds) are counted in `report` with "feature N" as the place. Throws
// Error(file, where, reason) for a missing or unreadable file, a missing
// layer or unknown attribute names.
IncidentSet readIncidentsVector(const std::string& path, const IncidentReadOptions& opt = {},
                                IncidentImportReport* report = nullptr, const Progress& progress = {});

enum class VectorFormat { GeoJSON, GeoPackage };

// Writes through a temporary file and a rename. Layer name "incidents".
void writeIncidentsVector(const IncidentSet& set, const std::string& path, VectorFormat format,
                          const Progress& progress = {});

}  // namespace jingwei
