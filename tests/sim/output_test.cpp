// Outputs: metrics.json, the CSVs, events.gpkg and the three PNG charts.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <png.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "sim/chart.h"
#include "sim/metrics.h"
#include "sim/sim_output.h"
#include "sim_scenarios.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;
namespace fs = std::filesystem;

namespace {

bool pngSize(const std::string& path, int* w, int* h) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_init_io(png, f);
    png_read_info(png, info);
    *w = static_cast<int>(png_get_image_width(png, info));
    *h = static_cast<int>(png_get_image_height(png, info));
    png_destroy_read_struct(&png, &info, nullptr);
    std::fclose(f);
    return true;
}

std::size_t lines(const std::string& path) {
    std::ifstream in(path);
    std::size_t n = 0;
    std::string l;
    while (std::getline(in, l)) ++n;
    return n;
}

}  // namespace

TEST(Outputs, EveryFileIsWrittenAndReadsBack) {
    jingwei::test::ScratchDir dir;
    const Scenario s = parseScenario(sim::test::kBusySynthetic, "busy.yaml");
    EngineOptions o;
    o.seed = 8;
    auto run = sim::test::runScenario(s, sim::test::syntheticMap(), o);
    const RunRecord& r = run.record();
    const SimMetrics m = computeMetrics(r, s, run.engine->policy().name(), run.engine->eventHash());
    OutputOptions oo;
    oo.run_facts = {{"simulate_s", 0.5}};
    const std::string out = (dir.path() / "out").string();
    const auto files = writeRunOutputs(out, r, m, oo);
    EXPECT_EQ(files.size(), 9u);
    for (const std::string& f : files) EXPECT_TRUE(fs::exists(f)) << f;
    // No temporary file is left behind.
    for (const auto& e : fs::directory_iterator(out)) EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos);

    const nlohmann::json j = nlohmann::json::parse(std::ifstream(out + "/metrics.json"));
    EXPECT_EQ(j["calls"]["incidents"].get<std::size_t>(), m.incidents);
    EXPECT_EQ(j["calls"]["served"].get<std::size_t>() + j["calls"]["unserved"].get<std::size_t>(), m.incidents);
    EXPECT_DOUBLE_EQ(j["response"]["p90_s"].get<double>(), m.response.p90_s);
    EXPECT_TRUE(j["response"]["within"].contains("3_min"));
    EXPECT_EQ(j["by_priority"].size(), m.by_priority.size());
    EXPECT_TRUE(j["mobile_standard"].contains("max_travel_s"));
    EXPECT_EQ(j["run"]["simulate_s"].get<double>(), 0.5);
    char hash[32];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(run.engine->eventHash()));
    EXPECT_EQ(j["event_log"]["fnv1a64"].get<std::string>(), hash);

    EXPECT_EQ(lines(out + "/incidents.csv"), m.incidents + 1);
    EXPECT_EQ(lines(out + "/units.csv"), r.units.size() + 1);
    EXPECT_EQ(lines(out + "/coverage.csv"), r.coverage.size() + 1);
    EXPECT_EQ(lines(out + "/summary.csv"), 1 + 1 + m.by_priority.size() + m.by_district.size() + m.by_category.size());

    int w = 0, h = 0;
    for (const char* png : {"response_time.png", "coverage.png", "utilisation.png"}) {
        ASSERT_TRUE(pngSize(out + "/" + png, &w, &h)) << png;
        EXPECT_EQ(w, 1200) << png;
        EXPECT_GE(h, 600) << png;
    }

    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((out + "/events.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    OGRLayer* ev = ds->GetLayerByName("events");
    ASSERT_NE(ev, nullptr);
    EXPECT_EQ(static_cast<std::size_t>(ev->GetFeatureCount()), r.events.size());
    OGRLayer* inc = ds->GetLayerByName("incidents");
    ASSERT_NE(inc, nullptr);
    EXPECT_EQ(static_cast<std::size_t>(inc->GetFeatureCount()), m.incidents);
    EXPECT_NE(std::string(ev->GetSpatialRef()->GetName()).find("CGCS2000"), std::string::npos);
}

TEST(Outputs, CanvasDrawsLinesTextAndPng) {
    Canvas c(200, 100, {255, 255, 255, 255});
    c.line(10, 50, 190, 50, {0, 0, 0, 255}, 2);
    EXPECT_LT(c.at(100, 49).r, 100);
    EXPECT_EQ(c.at(100, 10).r, 255);
    c.text(10, 10, "P90 3 MIN", {255, 0, 0, 255}, 1);
    bool red = false;
    for (int y = 10; y < 17; ++y)
        for (int x = 10; x < 10 + Canvas::textWidth("P90 3 MIN", 1); ++x) red |= c.at(x, y).g == 0;
    EXPECT_TRUE(red);
    EXPECT_EQ(niceTicks(0, 47, 5).back(), 50);
    EXPECT_EQ(niceTicks(0, 100, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
    jingwei::test::ScratchDir dir;
    c.writePng(dir.file("c.png"));
    int w = 0, h = 0;
    ASSERT_TRUE(pngSize(dir.file("c.png"), &w, &h));
    EXPECT_EQ(w, 200);
    EXPECT_EQ(h, 100);
    EXPECT_THROW(c.writePng(dir.file("no/such/dir/c.png")), Error);
}
