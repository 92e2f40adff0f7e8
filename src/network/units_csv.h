#pragma once
// Unit positions from CSV: `id,lon,lat[,name]` (WGS84 degrees), one unit a
// line. A header line (first field "id") is optional; blank lines and lines
// starting with '#' are skipped; fields may be double-quoted; a UTF-8 BOM and
// CRLF line ends are accepted. Errors name the file and the line.
#include <string>
#include <vector>

namespace jingwei {

struct UnitRecord {
    std::string id;
    double lon = 0, lat = 0;
    std::string name;
    int line = 0;   // 1-based line in the file
};

// Throws Error(path, "line N", reason) for a missing file, a line with too
// few or too many fields, an empty or duplicate id, or a bad coordinate.
std::vector<UnitRecord> readUnitsCsv(const std::string& path);

// Points from CSV with a header naming `lon` and `lat` columns (other
// columns ignored), e.g. incidents. Same error rules.
struct PointRecord {
    double lon = 0, lat = 0;
    int line = 0;
};
std::vector<PointRecord> readPointsCsv(const std::string& path);

// Splits one CSV line (double quotes, "" inside quotes). Exposed for tests.
std::vector<std::string> splitCsvLine(const std::string& line, bool* ok = nullptr);

}  // namespace jingwei
