#pragma once
// Incidents in CSV (RFC 4180: quoted fields, doubled quotes, CRLF, UTF-8 BOM).
// The reader takes configurable column names and reads the data.police.uk
// street files as they are; the writer writes what the reader reads.
#include <string>
#include <vector>

#include "analysis/incident_import_report.h"
#include "analysis/incident.h"
#include "analysis/incident_read_options.h"
#include "core/progress.h"

namespace jingwei {

// Reads one or more CSV files into one set (in the order given). Invalid
// rows are counted in `report` (see IncidentImportReport). Throws Error(file,
// "line N", reason) for a missing or unreadable file, a malformed line
// (unterminated quote, text after a closing quote, a field count that
// differs from the header), or unknown column names.
IncidentSet readIncidentsCsv(const std::vector<std::string>& paths, const IncidentReadOptions& opt = {},
                             IncidentImportReport* report = nullptr, const Progress& progress = {});
IncidentSet readIncidentsCsv(const std::string& path, const IncidentReadOptions& opt = {},
                             IncidentImportReport* report = nullptr, const Progress& progress = {});

// Writes id,time,category,priority,lon,lat,source (time as formatTime() in
// the set's local zone; lon/lat with shortest round-trip digits) through a
// temporary file and a rename.
void writeIncidentsCsv(const IncidentSet& set, const std::string& path, const Progress& progress = {});

}  // namespace jingwei
