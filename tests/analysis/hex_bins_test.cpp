#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "../test_support.h"
#include "analysis/hex_bins.h"
#include "core/error.h"

using namespace jingwei;

namespace {
bool insidePolygon(const std::array<XY, 6>& poly, XY p) {
    bool in = false;
    for (std::size_t i = 0, j = 5; i < 6; j = i++)
        if ((poly[i].y > p.y) != (poly[j].y > p.y) &&
            p.x < (poly[j].x - poly[i].x) * (p.y - poly[i].y) / (poly[j].y - poly[i].y) + poly[i].x)
            in = !in;
    return in;
}
}  // namespace

TEST(HexGrid, CellAtIsTheHexagonContainingThePoint) {
    for (HexOrientation o : {HexOrientation::FlatTop, HexOrientation::PointyTop}) {
        const HexGrid g(50, o, XY{1000, 2000});
        for (int k = 0; k < 5000; ++k) {
            const XY p{1000 + std::fmod(k * 37.77, 900.0) - 450, 2000 + std::fmod(k * 53.31, 700.0) - 350};
            const HexCoord h = g.cellAt(p);
            ASSERT_TRUE(insidePolygon(g.corners(h), p)) << k;
            const XY c = g.centre(h);
            ASSERT_LE(std::hypot(c.x - p.x, c.y - p.y), 50 + 1e-9);
        }
        EXPECT_NEAR(g.areaM2(), 1.5 * std::sqrt(3.0) * 2500, 1e-9);
        // Neighbouring centres are √3·size apart.
        const XY a = g.centre({0, 0}), b = g.centre({1, 0});
        EXPECT_NEAR(std::hypot(a.x - b.x, a.y - b.y), g.centreSpacing(), 1e-9);
    }
    const auto flat = HexGrid(10, HexOrientation::FlatTop).corners({0, 0});
    EXPECT_NEAR(flat[0].x, 10, 1e-12);  // a vertex east
    const auto pointy = HexGrid(10, HexOrientation::PointyTop).corners({0, 0});
    EXPECT_NEAR(pointy[1].y, 10, 1e-12);  // a vertex north
}

TEST(HexBins, CountsAndCover) {
    const HexGrid g(100);
    const std::vector<XY> pts = {{0, 0}, {10, 5}, {-20, 30}, {300, 0}, {NAN, 0}};
    const std::vector<double> w = {1, 2, 3, 4, 5};
    const HexBins b = hexBin(pts, w, g);
    ASSERT_EQ(b.bins.size(), 2u);
    std::size_t total = 0;
    for (const auto& bin : b.bins) total += bin.count;
    EXPECT_EQ(total, 4u);
    const HexBin& centre = b.bins[0].hex == HexCoord{0, 0} ? b.bins[0] : b.bins[1];
    EXPECT_EQ(centre.count, 3u);
    EXPECT_DOUBLE_EQ(centre.value, 6.0);

    const Bounds cover{-500, -500, 500, 500};
    const HexBins all = hexBin(pts, w, g, &cover);
    EXPECT_GT(all.bins.size(), 30u);
    std::size_t nonzero = 0;
    for (const auto& bin : all.bins) nonzero += bin.count > 0;
    EXPECT_EQ(nonzero, 2u);
    for (std::size_t i = 1; i < all.bins.size(); ++i)
        EXPECT_TRUE(all.bins[i - 1].hex.r < all.bins[i].hex.r ||
                    (all.bins[i - 1].hex.r == all.bins[i].hex.r && all.bins[i - 1].hex.q < all.bins[i].hex.q));
}

TEST(HexBins, ExportAsPolygons) {
    test::ScratchDir dir;
    const HexGrid g(100, HexOrientation::PointyTop, XY{500000, 2500000});
    const std::vector<XY> pts = {{500000, 2500000}, {500300, 2500100}};
    const HexBins b = hexBin(pts, {}, g);
    const std::string f = dir.file("hex.geojson");
    writeHexBins(b, "EPSG:32650", f, std::vector<double>{1.5, -0.5});
    EXPECT_TRUE(std::filesystem::exists(f));
    EXPECT_THROW(writeHexBins(b, "EPSG:32650", dir.file("hex.txt")), Error);
    EXPECT_THROW(HexGrid(0), Error);
}
