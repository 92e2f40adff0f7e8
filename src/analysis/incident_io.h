#pragma once
// Reading and writing incidents by file type: .csv, .geojson/.json, .gpkg.
#include <string>
#include <vector>

#include "analysis/incident_import_report.h"
#include "analysis/incident.h"
#include "analysis/incident_read_options.h"
#include "core/progress.h"

namespace jingwei {

// A directory becomes its .csv/.geojson/.json/.gpkg files, sorted by name;
// a file is kept as is. Throws Error for a path that does not exist or a
// directory without incident files.
std::vector<std::string> expandIncidentPaths(const std::vector<std::string>& paths);

// Reads all files (after expandIncidentPaths) into one set; the report
// adds up over the files.
IncidentSet readIncidents(const std::vector<std::string>& paths, const IncidentReadOptions& opt = {},
                          IncidentImportReport* report = nullptr, const Progress& progress = {});

// Writes by extension (.csv, .geojson/.json, .gpkg); throws Error for others.
void writeIncidents(const IncidentSet& set, const std::string& path, const Progress& progress = {});

}  // namespace jingwei
