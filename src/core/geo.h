#pragma once
// Plain coordinate types. lon/lat are WGS84 degrees; x/y are metres in the
// map's projected CRS.
#include <algorithm>
#include <cmath>
#include <limits>

namespace jingwei {

struct LonLat {
    double lon = 0, lat = 0;
};

struct XY {
    double x = 0, y = 0;
};

// A point known in both systems (importers fill lon/lat, the map projects x/y).
struct GeoPoint {
    double lon = 0, lat = 0;
    double x = 0, y = 0;
};

struct Bounds {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    bool empty() const { return !(min_x <= max_x && min_y <= max_y); }
    void add(double x, double y) {
        min_x = std::min(min_x, x); max_x = std::max(max_x, x);
        min_y = std::min(min_y, y); max_y = std::max(max_y, y);
    }
    void add(const Bounds& b) {
        if (b.empty()) return;
        add(b.min_x, b.min_y); add(b.max_x, b.max_y);
    }
    double width() const { return max_x - min_x; }
    double height() const { return max_y - min_y; }
    double centerX() const { return 0.5 * (min_x + max_x); }
    double centerY() const { return 0.5 * (min_y + max_y); }
};

inline bool validLonLat(double lon, double lat) {
    return std::isfinite(lon) && std::isfinite(lat) && lon >= -180.0 && lon <= 180.0 &&
           lat >= -90.0 && lat <= 90.0;
}

}  // namespace jingwei
