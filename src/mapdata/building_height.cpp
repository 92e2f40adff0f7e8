#include "mapdata/building_height.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace jingwei {
namespace {

std::string_view trim(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
}

double number(std::string_view v, std::string_view* rest) {
    v = trim(v);
    const auto semi = v.find(';');
    if (semi != std::string_view::npos) v = trim(v.substr(0, semi));
    double d = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), d);
    if (r.ec != std::errc() || !std::isfinite(d)) return std::numeric_limits<double>::quiet_NaN();
    if (rest) *rest = trim(std::string_view(r.ptr, static_cast<std::size_t>(v.data() + v.size() - r.ptr)));
    return d;
}

const std::string* find(const Feature& f, const std::string& key) {
    if (key.empty()) return nullptr;
    const auto it = f.attributes.find(key);
    return it == f.attributes.end() ? nullptr : &it->second;
}

}  // namespace

double parseHeightM(std::string_view v) {
    std::string_view unit;
    const double d = number(v, &unit);
    if (std::isnan(d)) return d;
    if (unit.empty() || unit == "m" || unit == "metre" || unit == "metres" || unit == "meter" || unit == "meters")
        return d;
    if (unit == "ft" || unit == "'" || unit == "feet") return d * 0.3048;
    return std::numeric_limits<double>::quiet_NaN();
}

void applyExtrusion(Feature& f, const Extrusion& ex) {
    f.height_source = HeightSource::Default;
    f.height_m = ex.default_height_m;
    if (const std::string* h = find(f, ex.height_field)) {
        const double m = parseHeightM(*h);
        if (m > 0) {
            f.height_m = m;
            f.height_source = HeightSource::Height;
        }
    }
    if (f.height_source == HeightSource::Default)
        if (const std::string* l = find(f, ex.levels_field)) {
            const double levels = number(*l, nullptr);
            if (levels > 0) {
                f.height_m = levels * ex.level_height_m;
                f.height_source = HeightSource::Levels;
            }
        }
    f.min_height_m = 0;
    if (const std::string* mh = find(f, ex.min_height_field)) {
        const double m = parseHeightM(*mh);
        if (m > 0 && m < f.height_m) f.min_height_m = m;
    } else if (const auto it = f.attributes.find("building:min_level"); it != f.attributes.end()) {
        const double levels = number(it->second, nullptr);
        if (levels > 0 && levels * ex.level_height_m < f.height_m) f.min_height_m = levels * ex.level_height_m;
    }
}

}  // namespace jingwei
