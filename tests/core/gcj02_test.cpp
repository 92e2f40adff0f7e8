#include <gtest/gtest.h>

#include <cmath>

#include "core/crs.h"
#include "core/gcj02.h"

using namespace jingwei;

namespace {
// East/north offset in metres between two lon/lat points (local metric CRS).
XY offsetMetres(LonLat from, LonLat to) {
    const Projector p("EPSG:" + std::to_string(autoMetricEpsg(from.lon, from.lat)));
    const XY a = p.forward(from), b = p.forward(to);
    return {b.x - a.x, b.y - a.y};
}
// The same offset on the WGS84 ellipsoid's local radii: exact to well under
// a millimetre for offsets of a few metres, and far cheaper than PROJ.
double localDistanceMetres(LonLat a, LonLat b) {
    constexpr double A = 6378137.0, E2 = 6.69437999014e-3, D = M_PI / 180.0;
    const double s = std::sin(a.lat * D);
    const double w = std::sqrt(1 - E2 * s * s);
    const double n = A / w, m = A * (1 - E2) / (w * w * w);
    return std::hypot((b.lon - a.lon) * D * n * std::cos(a.lat * D), (b.lat - a.lat) * D * m);
}
}  // namespace

TEST(Gcj02, ShanghaiBundShiftIsAbout425mEastAnd219mSouth) {
    const LonLat bund{121.4905, 31.2397};  // WGS84, the Bund
    const LonLat g = wgs84ToGcj02(bund);
    const XY d = offsetMetres(bund, g);
    EXPECT_NEAR(d.x, 425.0, 15.0);
    EXPECT_NEAR(d.y, -219.0, 15.0);
}

TEST(Gcj02, InverseIsWithinHalfAMetreAcrossChina) {
    double worst = 0;
    for (double lon = 74.0; lon <= 134.0; lon += 2.5) {
        for (double lat = 18.5; lat <= 53.0; lat += 2.5) {
            if (outOfChina(lon, lat)) continue;
            const LonLat w{lon + 0.0123, lat + 0.0456};
            const LonLat back = gcj02ToWgs84(wgs84ToGcj02(w));
            worst = std::max(worst, localDistanceMetres(w, back));
        }
    }
    EXPECT_LT(worst, 0.5);
    EXPECT_LT(worst, 0.01);  // the iteration actually gets to centimetres
}

TEST(Gcj02, OutsideChinaIsUnchanged) {
    const LonLat london{-0.0917, 51.5154};
    const LonLat g = wgs84ToGcj02(london);
    EXPECT_EQ(g.lon, london.lon);
    EXPECT_EQ(g.lat, london.lat);
    const LonLat w = gcj02ToWgs84(london);
    EXPECT_EQ(w.lon, london.lon);
}

TEST(Gcj02, ShiftIsHundredsOfMetresInShenzhen) {
    const LonLat futian{114.05, 22.54};
    const XY d = offsetMetres(futian, wgs84ToGcj02(futian));
    const double m = std::hypot(d.x, d.y);
    EXPECT_GT(m, 300.0);
    EXPECT_LT(m, 700.0);
}
