#include "core/gcj02.h"

#include <cmath>

namespace jingwei {
namespace {
// Krasovsky 1940 ellipsoid, as used by the GCJ-02 transform.
constexpr double kA = 6378245.0;
constexpr double kEE = 0.00669342162296594323;
constexpr double kPi = 3.14159265358979323846;

double shiftLat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
    return r;
}

double shiftLon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
    return r;
}
}  // namespace

bool outOfChina(double lon, double lat) {
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

LonLat wgs84ToGcj02(LonLat p) {
    if (outOfChina(p.lon, p.lat)) return p;
    double dlat = shiftLat(p.lon - 105.0, p.lat - 35.0);
    double dlon = shiftLon(p.lon - 105.0, p.lat - 35.0);
    const double radlat = p.lat / 180.0 * kPi;
    double magic = std::sin(radlat);
    magic = 1 - kEE * magic * magic;
    const double sqrtmagic = std::sqrt(magic);
    dlat = (dlat * 180.0) / ((kA * (1 - kEE)) / (magic * sqrtmagic) * kPi);
    dlon = (dlon * 180.0) / (kA / sqrtmagic * std::cos(radlat) * kPi);
    return {p.lon + dlon, p.lat + dlat};
}

LonLat gcj02ToWgs84(LonLat p) {
    if (outOfChina(p.lon, p.lat)) return p;
    // Fixed-point iteration: w <- w + (p - f(w)). The shift varies slowly, so
    // this converges to 1e-9 degrees (~0.1 mm) in a handful of steps.
    LonLat w = p;
    for (int i = 0; i < 30; ++i) {
        const LonLat g = wgs84ToGcj02(w);
        const double ex = p.lon - g.lon, ey = p.lat - g.lat;
        w.lon += ex;
        w.lat += ey;
        if (std::fabs(ex) < 1e-10 && std::fabs(ey) < 1e-10) break;
    }
    return w;
}

}  // namespace jingwei
