#pragma once
// Shared by the incident readers (not part of the public API): turns the
// text of one row into an Incident, or records why it cannot be used.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/incident_import_report.h"
#include "analysis/incident.h"
#include "analysis/incident_read_options.h"

namespace jingwei::analysis_internal {

// Finds the header index of each field; -1 for optional fields that are
// absent. Throws Error(file, where, …) for a named field the header lacks
// or a required field (lon/lat when `need_coordinates`, time) not found.
struct FieldIndex {
    int id = -1, lon = -1, lat = -1, time = -1, category = -1, priority = -1, source = -1;
};
FieldIndex resolveFields(const std::vector<std::string>& header, const IncidentFields& fields,
                         bool need_coordinates, const std::string& file, const std::string& where);

// Parses a coordinate; nullopt + detail for junk.
std::optional<double> parseNumber(std::string_view text);

// Validates and records one row. `lon_text`/`lat_text` are used for the
// detail message. Returns true when `inc` is valid and should be added.
// When it is not, the row is counted in `report` (or, in strict mode,
// Error(file, where, detail) is thrown).
class RowChecker {
public:
    RowChecker(const IncidentReadOptions& opt, IncidentImportReport& report) : opt_(opt), report_(report) {}

    // Fills inc.time_s/time_precision from text; false (and reported) when bad.
    bool time(std::string_view text, Incident& inc, const std::string& file, const std::string& where);
    // Fills inc.pos lon/lat; false (and reported) when missing or bad.
    bool coordinates(std::string_view lon_text, std::string_view lat_text, Incident& inc,
                     const std::string& file, const std::string& where);
    bool coordinates(double lon, double lat, Incident& inc, const std::string& file, const std::string& where);
    void reject(RowProblem p, const std::string& file, const std::string& where, const std::string& detail);

private:
    const IncidentReadOptions& opt_;
    IncidentImportReport& report_;
};

std::string fileName(const std::string& path);

}  // namespace jingwei::analysis_internal
