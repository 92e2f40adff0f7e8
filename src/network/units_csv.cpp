#include "network/units_csv.h"

#include <cerrno>
#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/geo.h"

namespace jingwei {

std::vector<std::string> splitCsvLine(const std::string& line, bool* ok) {
    std::vector<std::string> out(1);
    bool quoted = false, good = true;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    out.back() += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    if (quoted) good = false;
    if (ok) *ok = good;
    return out;
}

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

bool parseDouble(const std::string& s, double* out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v)) return false;
    *out = v;
    return true;
}

// Reads the file's lines (BOM stripped); calls f(line_number, fields) for
// every non-blank, non-comment line.
template <class F>
void forEachRecord(const std::string& path, F&& f) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "cannot open the file");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (n == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        bool ok = true;
        std::vector<std::string> fields = splitCsvLine(line, &ok);
        if (!ok) throw Error(path, "line " + std::to_string(n), "unterminated quoted field");
        for (auto& s : fields) s = trim(s);
        f(n, fields);
    }
}

}  // namespace

std::vector<UnitRecord> readUnitsCsv(const std::string& path) {
    std::vector<UnitRecord> out;
    std::set<std::string> ids;
    bool first = true;
    forEachRecord(path, [&](int n, const std::vector<std::string>& f) {
        const std::string where = "line " + std::to_string(n);
        const bool header = first && !f.empty() && (f[0] == "id" || f[0] == "ID" || f[0] == "Id");
        first = false;
        if (header) return;
        if (f.size() < 3) throw Error(path, where, "expected id,lon,lat[,name], found " + std::to_string(f.size()) + " field(s)");
        if (f.size() > 4) throw Error(path, where, "expected id,lon,lat[,name], found " + std::to_string(f.size()) + " fields");
        UnitRecord r;
        r.line = n;
        r.id = f[0];
        if (r.id.empty()) throw Error(path, where, "empty unit id");
        if (!parseDouble(f[1], &r.lon)) throw Error(path, where, "bad longitude '" + f[1] + "'");
        if (!parseDouble(f[2], &r.lat)) throw Error(path, where, "bad latitude '" + f[2] + "'");
        if (!validLonLat(r.lon, r.lat))
            throw Error(path, where, "coordinates out of range (lon " + f[1] + ", lat " + f[2] + ")");
        if (f.size() == 4) r.name = f[3];
        if (!ids.insert(r.id).second) throw Error(path, where, "duplicate unit id '" + r.id + "'");
        out.push_back(std::move(r));
    });
    return out;
}

std::vector<PointRecord> readPointsCsv(const std::string& path) {
    std::vector<PointRecord> out;
    int lon_col = -1, lat_col = -1;
    forEachRecord(path, [&](int n, const std::vector<std::string>& f) {
        const std::string where = "line " + std::to_string(n);
        if (lon_col < 0) {
            for (std::size_t i = 0; i < f.size(); ++i) {
                if (f[i] == "lon" || f[i] == "longitude" || f[i] == "Longitude") lon_col = static_cast<int>(i);
                if (f[i] == "lat" || f[i] == "latitude" || f[i] == "Latitude") lat_col = static_cast<int>(i);
            }
            if (lon_col < 0 || lat_col < 0) throw Error(path, where, "the header must name lon and lat columns");
            return;
        }
        const std::size_t need = static_cast<std::size_t>(std::max(lon_col, lat_col)) + 1;
        if (f.size() < need) throw Error(path, where, "too few fields");
        PointRecord p;
        p.line = n;
        if (!parseDouble(f[static_cast<std::size_t>(lon_col)], &p.lon) ||
            !parseDouble(f[static_cast<std::size_t>(lat_col)], &p.lat) || !validLonLat(p.lon, p.lat))
            throw Error(path, where, "bad coordinates");
        out.push_back(p);
    });
    return out;
}

}  // namespace jingwei
