#include "analysis/incident_row.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <sstream>

#include "core/error.h"

namespace jingwei::analysis_internal {
namespace {

std::string lower(std::string_view s) {
    std::string r(s);
    std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return std::tolower(c); });
    return r;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string headerList(const std::vector<std::string>& header) {
    std::ostringstream o;
    for (std::size_t i = 0; i < header.size(); ++i) o << (i ? ", " : "") << "'" << header[i] << "'";
    return o.str();
}

int find(const std::vector<std::string>& header, std::string_view name) {
    const std::string want = lower(trim(name));
    for (std::size_t i = 0; i < header.size(); ++i)
        if (lower(trim(header[i])) == want) return static_cast<int>(i);
    return -1;
}

int resolveOne(const std::vector<std::string>& header, const std::string& given,
               std::initializer_list<std::string_view> candidates, const char* what, bool required,
               const std::string& file, const std::string& where) {
    if (!given.empty()) {
        const int i = find(header, given);
        if (i < 0)
            throw Error(file, where,
                        std::string("no ") + what + " column '" + given + "'; the header has " + headerList(header));
        return i;
    }
    for (std::string_view c : candidates)
        if (const int i = find(header, c); i >= 0) return i;
    if (required) {
        std::string tried;
        for (std::string_view c : candidates) {
            if (!tried.empty()) tried.append(", ");
            tried.append("'").append(c).append("'");
        }
        throw Error(file, where,
                    std::string("no ") + what + " column found (looked for " + tried +
                        "); name it in the column options. The header has " + headerList(header));
    }
    return -1;
}

}  // namespace

FieldIndex resolveFields(const std::vector<std::string>& header, const IncidentFields& f, bool need_coordinates,
                         const std::string& file, const std::string& where) {
    FieldIndex r;
    r.id = resolveOne(header, f.id, {"Crime ID", "id", "incident_id", "编号", "警情编号"}, "id", false, file, where);
    if (need_coordinates) {
        r.lon = resolveOne(header, f.lon, {"Longitude", "lon", "lng", "long", "经度"}, "longitude", true, file, where);
        r.lat = resolveOne(header, f.lat, {"Latitude", "lat", "纬度"}, "latitude", true, file, where);
    }
    r.time = resolveOne(header, f.time,
                        {"Month", "time", "datetime", "date_time", "timestamp", "date", "时间", "报警时间", "发生时间"},
                        "time", true, file, where);
    r.category = resolveOne(header, f.category, {"Crime type", "category", "type", "类别", "警情类别"}, "category",
                            false, file, where);
    r.priority = resolveOne(header, f.priority, {"priority", "优先级"}, "priority", false, file, where);
    r.source = resolveOne(header, f.source, {"source", "来源"}, "source", false, file, where);
    return r;
}

std::optional<double> parseNumber(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (text.front() == '+') text.remove_prefix(1);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

void RowChecker::reject(RowProblem p, const std::string& file, const std::string& where, const std::string& detail) {
    if (opt_.strict) throw Error(file, where, std::string(rowProblemKey(p)) + ": " + detail);
    report_.reject(p, file, where, detail);
}

bool RowChecker::time(std::string_view text, Incident& inc, const std::string& file, const std::string& where) {
    if (trim(text).empty()) {
        reject(RowProblem::BadTime, file, where, "the time is empty");
        return false;
    }
    const auto t = parseTime(text, opt_.time_format, opt_.utc_offset_s);
    if (!t) {
        reject(RowProblem::BadTime, file, where,
               "time '" + std::string(text) + "' does not match the format '" + opt_.time_format + "'");
        return false;
    }
    inc.time_s = t->utc_s;
    inc.time_precision = t->precision;
    return true;
}

bool RowChecker::coordinates(std::string_view lon_text, std::string_view lat_text, Incident& inc,
                             const std::string& file, const std::string& where) {
    if (trim(lon_text).empty() || trim(lat_text).empty()) {
        reject(RowProblem::MissingCoordinates, file, where,
               trim(lon_text).empty() ? "the longitude is empty" : "the latitude is empty");
        return false;
    }
    const auto lon = parseNumber(lon_text), lat = parseNumber(lat_text);
    if (!lon || !lat) {
        reject(RowProblem::BadCoordinates, file, where,
               !lon ? "longitude '" + std::string(lon_text) + "' is not a number"
                    : "latitude '" + std::string(lat_text) + "' is not a number");
        return false;
    }
    if (!std::isfinite(*lon) || !std::isfinite(*lat)) {
        reject(RowProblem::BadCoordinates, file, where,
               !std::isfinite(*lon) ? "longitude '" + std::string(trim(lon_text)) + "' is not a finite number"
                                    : "latitude '" + std::string(trim(lat_text)) + "' is not a finite number");
        return false;
    }
    return coordinates(*lon, *lat, inc, file, where);
}

bool RowChecker::coordinates(double lon, double lat, Incident& inc, const std::string& file,
                             const std::string& where) {
    auto show = [](double v) {
        std::ostringstream o;
        o.precision(12);
        o << v;
        return o.str();
    };
    auto pair = [](double x, double y) {
        std::ostringstream o;
        o.precision(12);
        o << "(" << x << ", " << y << ")";
        return o.str();
    };
    if (!std::isfinite(lon) || !std::isfinite(lat)) {
        reject(RowProblem::BadCoordinates, file, where,
               !std::isfinite(lon) ? "longitude '" + show(lon) + "' is not a finite number"
                                   : "latitude '" + show(lat) + "' is not a finite number");
        return false;
    }
    if (!validLonLat(lon, lat)) {
        reject(RowProblem::BadCoordinates, file, where,
               pair(lon, lat) + " is outside the longitude/latitude range (wrong columns or CRS?)");
        return false;
    }
    if (opt_.bounds_lonlat) {
        const Bounds& b = *opt_.bounds_lonlat;
        if (lon < b.min_x || lon > b.max_x || lat < b.min_y || lat > b.max_y) {
            reject(RowProblem::OutsideBounds, file, where, pair(lon, lat) + " is outside the map");
            return false;
        }
    }
    inc.pos = GeoPoint{lon, lat, 0, 0};
    return true;
}

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace jingwei::analysis_internal
