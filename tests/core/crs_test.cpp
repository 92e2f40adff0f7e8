#include <gtest/gtest.h>

#include <cmath>

#include "core/crs.h"
#include "core/error.h"

using namespace jingwei;

// Known value from the issue: Tiananmen in CGCS2000 / 3-degree GK CM 117E.
TEST(Crs, TiananmenInEpsg4548) {
    const Projector p("EPSG:4548");
    const XY r = p.forward(LonLat{116.3975, 39.9087});
    EXPECT_NEAR(r.x, 448481.575, 0.01);
    EXPECT_NEAR(r.y, 4419565.435, 0.01);
}

TEST(Crs, RoundTripIsSubMillimetre) {
    for (const char* crs : {"EPSG:4547", "EPSG:4548", "EPSG:32650", "EPSG:3857", "EPSG:32632"}) {
        const Projector p(crs);
        for (double lon : {113.9, 114.05, 116.3975}) {
            for (double lat : {22.5, 39.9087}) {
                const XY xy = p.forward(LonLat{lon, lat});
                const LonLat back = p.inverse(xy);
                EXPECT_NEAR(back.lon, lon, 1e-8) << crs;
                EXPECT_NEAR(back.lat, lat, 1e-8) << crs;
            }
        }
    }
}

TEST(Crs, AxisOrderIsLonLatEvenForEpsg4326Transforms) {
    // EPSG:4326 is lat/lon by definition; our transforms are normalised.
    const CrsTransform t("EPSG:4326", "EPSG:3857");
    const XY r = t.forward(114.0, 22.5);
    EXPECT_NEAR(r.x, 114.0 * 20037508.342789244 / 180.0, 1e-3);
    EXPECT_GT(r.y, 2.5e6);  // northern hemisphere, ~2.57e6
    EXPECT_LT(r.y, 2.6e6);
}

TEST(Crs, AutoChoosesGaussKrugerInChinaAndUtmElsewhere) {
    EXPECT_EQ(autoMetricEpsg(114.05, 22.53), 4547);   // Shenzhen, CM 114E
    EXPECT_EQ(autoMetricEpsg(116.3975, 39.9087), 4548);  // Beijing, CM 117E
    EXPECT_EQ(autoMetricEpsg(121.49, 31.24), 4549);   // Shanghai, CM 120E
    EXPECT_EQ(autoMetricEpsg(9.52, 47.14), 32632);    // Liechtenstein, UTM 32N
    EXPECT_EQ(autoMetricEpsg(1.52, 42.54), 32631);    // Andorra, UTM 31N
    EXPECT_EQ(autoMetricEpsg(-0.09, 51.51), 32630);   // City of London, UTM 30N
    EXPECT_EQ(autoMetricEpsg(151.2, -33.9), 32756);   // Sydney, UTM 56S
    EXPECT_EQ(resolveCrsSpec("auto", LonLat{114.05, 22.53}), "EPSG:4547");
    EXPECT_EQ(resolveCrsSpec("epsg:32650", LonLat{}), "EPSG:32650");
    EXPECT_EQ(resolveCrsSpec("4548", LonLat{}), "EPSG:4548");
}

TEST(Crs, BadSpecsAreClearErrors) {
    EXPECT_THROW(resolveCrsSpec("EPSG:999999", LonLat{114, 22}), Error);
    EXPECT_THROW(resolveCrsSpec("not a crs", LonLat{114, 22}), Error);
    EXPECT_THROW(Projector("EPSG:123456789"), Error);
    try {
        resolveCrsSpec("EPSG:999999", LonLat{114, 22});
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos);
    }
}

TEST(Crs, UnprojectablePointsComeBackNonFinite) {
    const Projector p("EPSG:4547");
    const XY r = p.forward(LonLat{NAN, 22.5});
    EXPECT_FALSE(std::isfinite(r.x) && std::isfinite(r.y));
}
