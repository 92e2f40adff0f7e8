// Our mask polygonizer against GDALPolygonize, and GEOS validity.
#include "network/mask_polygonizer.h"

#include <gtest/gtest.h>

#include <random>

#include "network/polygon.h"
#include "network/time_raster.h"

namespace jingwei {
namespace {

RasterGrid grid(int w, int h) {
    RasterGrid g;
    g.x0 = 1000;
    g.y0 = 5000;
    g.cell_m = 10;
    g.width = w;
    g.height = h;
    return g;
}

std::vector<std::uint8_t> parse(const std::vector<std::string>& rows) {
    std::vector<std::uint8_t> m;
    for (const auto& r : rows)
        for (char c : r) m.push_back(c == '#' ? 1 : 0);
    return m;
}

// Same point set as GDAL's polygons, valid, outer rings CCW and holes CW.
void checkSameAsGdal(const RasterGrid& g, const std::vector<std::uint8_t>& mask) {
    const MultiPolygon ours = polygonizeMask(g, mask, Polygonizer::Native);
    const MultiPolygon gdal = polygonizeMask(g, mask, Polygonizer::Gdal);
    std::size_t cells = 0;
    for (auto v : mask) cells += v != 0;
    const double want = static_cast<double>(cells) * g.cell_m * g.cell_m;
    EXPECT_NEAR(area(ours), want, 1e-6);
    EXPECT_NEAR(area(gdal), want, 1e-6);
    std::string why;
    EXPECT_TRUE(isValid(ours, &why)) << why << "\n" << toWkt(ours);
    EXPECT_NEAR(differenceArea(ours, gdal), 0.0, 1e-6);
    EXPECT_NEAR(differenceArea(gdal, ours), 0.0, 1e-6);
    // One polygon per 4-connected component, as GDAL.
    EXPECT_EQ(ours.size(), gdal.size());
    for (const Polygon& p : ours) {
        EXPECT_GT(ringArea(p.outer), 0);
        for (const auto& h : p.holes) EXPECT_LT(ringArea(h), 0);
    }
}

TEST(MaskPolygonizer, SquaresHolesAndSaddles) {
    // A ring with a hole, a diagonal contact (saddle) between two separate
    // cells, a C-shape whose pocket touches the outside at a corner, and an
    // island inside a hole.
    const std::vector<std::string> rows = {
        "##########..",  //
        "#........#..",  //
        "#.#####..#.#",  //
        "#.#...#..##.",  //
        "#.#.#.#..#..",  //
        "#.#...#..#.#",  //
        "#.#####..###",  //
        "#........#..",  //
        "##########..",  //
        "...#.#......",  //
        "....#....##.",  //
        ".#.#.#..#...",  //
    };
    const RasterGrid g = grid(12, static_cast<int>(rows.size()));
    checkSameAsGdal(g, parse(rows));
}

TEST(MaskPolygonizer, SelfTouchingRingBecomesShellAndHole) {
    // The pocket (.) at the centre touches the outside diagonally.
    const std::vector<std::string> rows = {
        "###.",  //
        "#.#.",  //
        "##.#",  //
        "...#",  //
    };
    const RasterGrid g = grid(4, 4);
    const auto m = parse(rows);
    checkSameAsGdal(g, m);
    const MultiPolygon ours = polygonizeMask(g, m);
    ASSERT_EQ(ours.size(), 2u);  // the 3×3 C-shape and the two cells at the right
}

TEST(MaskPolygonizer, EmptyAndFull) {
    const RasterGrid g = grid(5, 4);
    EXPECT_TRUE(polygonizeMask(g, std::vector<std::uint8_t>(20, 0)).empty());
    const MultiPolygon full = polygonizeMask(g, std::vector<std::uint8_t>(20, 1));
    ASSERT_EQ(full.size(), 1u);
    EXPECT_EQ(full[0].outer.size(), 5u);  // corners only, closed
    EXPECT_TRUE(full[0].holes.empty());
    EXPECT_NEAR(area(full), 2000.0, 1e-9);
}

TEST(MaskPolygonizer, RandomMasksEqualGdal) {
    std::mt19937_64 rng(9);
    for (int t = 0; t < 40; ++t) {
        const int w = 5 + static_cast<int>(rng() % 40), h = 5 + static_cast<int>(rng() % 40);
        const double density = 0.3 + 0.4 * static_cast<double>(rng() % 100) / 100.0;
        std::vector<std::uint8_t> m(static_cast<std::size_t>(w * h));
        for (auto& v : m) v = static_cast<double>(rng() % 1000) / 1000.0 < density;
        checkSameAsGdal(grid(w, h), m);
    }
}

}  // namespace
}  // namespace jingwei
