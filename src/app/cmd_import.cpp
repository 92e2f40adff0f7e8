// jingwei import: imports a map from its sources (OSM, vector layers, DEM,
// GraphML) into the map package cache and reports what the import found.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/command.h"
#include "app/console_progress.h"
#include "mapdata/map_manifest.h"
#include "mapdata/road_class.h"

namespace jingwei::cli {
namespace {

struct ImportOptions {
    CommonOptions common;
    bool no_cache = false;
    bool refresh = false;
    std::string cache_dir;
};

void printReport(const MapModel& m) {
    const ImportReport& r = m.report;
    std::printf("map: %s%s\n", m.name.c_str(), m.synthetic ? " (合成示例 synthetic)" : "");
    std::printf("crs: %s\n", m.crs.c_str());
    if (r.from_cache) {
        std::printf("from cache: %s (read in %.3f s)\n", r.cache_file.c_str(), r.cache_read_s);
    } else {
        for (const auto& l : r.layers)
            std::printf("layer %s (%s): %zu in %.3f s%s%s\n  source: %s\n", l.name.c_str(), l.type.c_str(), l.features,
                        l.seconds, l.detail.empty() ? "" : " — ", l.detail.c_str(), l.source.c_str());
    }
    const RoadBuildReport& b = r.roads;
    if (b.ways_in > 0) {
        std::printf("road ways: %zu in, %zu used (%zu one-way), %zu not drivable, %zu not roads, %zu degenerate\n",
                    b.ways_in, b.ways_used, b.oneway_ways, b.ways_not_drivable, b.ways_not_roads, b.ways_degenerate);
        for (const auto& [h, n] : b.skipped_highways) std::printf("  skipped highway=%s: %zu\n", h.c_str(), n);
        if (b.unknown_highways.empty()) std::printf("unknown highway classes: none\n");
        for (const auto& [h, u] : b.unknown_highways) {
            std::printf("unknown highway class '%s': %zu ways (kept as 'other'), e.g. way", h.c_str(), u.ways);
            for (auto id : u.examples) std::printf(" %lld", static_cast<long long>(id));
            std::printf("\n");
        }
    }
    const RoadComponentReport& c = r.components;
    if (c.applied)
        std::printf("kept the largest of %zu strongly connected components: dropped %zu of %zu nodes, %zu of %zu edges\n",
                    c.components, c.nodes_dropped, c.nodes_before, c.edges_dropped, c.edges_before);
    std::printf("road nodes: %zu\nroad edges: %zu\n", m.roads.nodes.size(), m.roads.edges.size());
    std::size_t counts[kRoadClassCount] = {};
    for (const auto& e : m.roads.edges) ++counts[static_cast<int>(e.road_class)];
    for (int k = 0; k < kRoadClassCount; ++k)
        if (counts[k])
            std::printf("  %s (%s): %zu edges, %.0f km/h\n", std::string(roadClassKey(RoadClass(k))).c_str(),
                        std::string(roadClassNameZh(RoadClass(k))).c_str(), counts[k], m.speeds.kph[k]);
    for (const auto& l : m.layers) {
        std::size_t with_height = 0;
        for (const auto& f : l.features) with_height += f.height_source == HeightSource::Height;
        std::printf("layer %s [%s]: %zu features", l.name.c_str(), std::string(layerKindKey(l.kind)).c_str(),
                    l.features.size());
        if (l.kind == LayerKind::Buildings) std::printf(" (%zu with a height attribute)", with_height);
        std::printf("\n");
    }
    for (const auto& t : m.terrains)
        std::printf("terrain %s: %d x %d cells of %.0f m, %.0f to %.0f m\n", t.name.c_str(), t.width, t.height,
                    t.cellSizeX(), double(t.min_m), double(t.max_m));
    if (!r.from_cache)
        std::printf("timings: import %.3f s, projection %.3f s, cache write %.3f s, total %.3f s\n", r.import_s,
                    r.project_s, r.cache_write_s, r.total_s);
    if (!r.from_cache && !r.cache_file.empty()) std::printf("cache written: %s\n", r.cache_file.c_str());
    if (!r.cache_note.empty()) std::printf("cache: %s\n", r.cache_note.c_str());
}

}  // namespace

Command addImportCommand(CLI::App& app) {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* cmd =
        app.add_subcommand("import", "import a map's sources into the map package cache and report what was found");
    addCommonOptions(cmd, o->common);
    cmd->add_flag("--no-cache", o->no_cache, "import without reading or writing the cache");
    cmd->add_flag("--refresh", o->refresh, "import again and replace the cached package");
    cmd->add_option("--cache-dir", o->cache_dir, "cache directory (default $JINGWEI_CACHE_DIR or ~/.cache/jingwei)");
    return {cmd, [o]() -> int {
                if (o->no_cache && o->refresh) throw UsageError("--no-cache and --refresh exclude each other");
                LoadOptions lo;
                lo.data_dir = o->common.data_dir;
                lo.cache_dir = o->cache_dir;
                lo.cache = o->no_cache ? CacheMode::Off : o->refresh ? CacheMode::Refresh : CacheMode::ReadWrite;
                lo.progress = consoleProgress("导入地图 " + o->common.map);
                const MapModel m = loadMap(o->common.map, lo);
                finishConsoleProgress();
                if (!m.notice.empty()) std::cerr << "注意: " << m.notice << "\n";
                printReport(m);
                return kOk;
            }};
}

}  // namespace jingwei::cli
