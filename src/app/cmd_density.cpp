// jingwei density: incident (警情) density as a GeoTIFF (and a PNG), with
// time/type filters, optional Gi* hotspots, and synthetic incidents.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/bandwidth.h"
#include "analysis/density_raster.h"
#include "analysis/getis_ord.h"
#include "analysis/hex_bins.h"
#include "analysis/hotspot_list.h"
#include "analysis/incident_filter.h"
#include "analysis/incident_io.h"
#include "analysis/kernel_density.h"
#include "analysis/synthetic_incidents.h"
#include "app/command.h"
#include "app/console_progress.h"
#include "core/crs.h"
#include "core/error.h"

namespace jingwei::cli {
namespace {

struct DensityOptions {
    CommonOptions common;
    std::vector<std::string> incidents;
    std::string kernel = "quartic", bandwidth = "300", mode = "exact", out, png;
    double cell_m = 25;
    std::string from, to, hours, weekdays, categories;
    int max_priority = kLowestPriority;
    bool keep_unknown_time = false;
    std::string extent = "map", crs = "auto";
    std::string time_format = "auto", columns;
    double utc_offset_h = 0;
    std::string write_incidents;
    int hotspots = 0;
    double hotspot_cell_m = 0, hotspot_band_m = 0;
    int threads = 0;
    double opacity = 0.85;
    std::string hex_out;
    double hex_size_m = 200;
    std::string hex_orientation = "flat";
};

// "synthetic", "synthetic:N" or "synthetic:N:seed".
bool parseSynthetic(const std::string& s, std::size_t* n, std::uint64_t* seed) {
    if (s.rfind("synthetic", 0) != 0) return false;
    std::string rest = s.substr(9);
    if (rest.empty()) return true;
    if (rest[0] != ':') return false;
    std::istringstream in(rest.substr(1));
    char colon = 0;
    unsigned long long count = 0, sd = 0;
    if (!(in >> count) || count == 0 || count > 100000000ull)
        throw UsageError("--incidents synthetic:N needs 1 ≤ N ≤ 10^8 (got '" + s + "')");
    *n = count;
    if (in >> colon) {
        if (colon != ':' || !(in >> sd)) throw UsageError("--incidents synthetic:N:seed expected (got '" + s + "')");
        *seed = sd;
    }
    if (in.peek() != EOF) throw UsageError("--incidents synthetic:N:seed expected (got '" + s + "')");
    return true;
}

IncidentFields parseColumns(const std::string& s) {
    IncidentFields f;
    std::istringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) throw UsageError("--columns wants key=name pairs, e.g. lon=X,lat=Y (got '" + item + "')");
        const std::string k = item.substr(0, eq), v = item.substr(eq + 1);
        if (k == "id") f.id = v;
        else if (k == "lon") f.lon = v;
        else if (k == "lat") f.lat = v;
        else if (k == "time") f.time = v;
        else if (k == "category") f.category = v;
        else if (k == "priority") f.priority = v;
        else if (k == "source") f.source = v;
        else throw UsageError("--columns: unknown key '" + k + "' (id, lon, lat, time, category, priority, source)");
    }
    return f;
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}


IncidentFilter makeFilter(const DensityOptions& o) {
    IncidentFilter f;
    if (!o.from.empty()) {
        f.from_day = parseDate(o.from);
        if (!f.from_day) throw UsageError("--from must be a date YYYY-MM-DD (got '" + o.from + "')");
    }
    if (!o.to.empty()) {
        f.to_day = parseDate(o.to);
        if (!f.to_day) throw UsageError("--to must be a date YYYY-MM-DD (got '" + o.to + "')");
    }
    if (f.from_day && f.to_day && *f.from_day > *f.to_day) throw UsageError("--from is after --to");
    if (!o.hours.empty()) {
        f.hours = parseHourWindow(o.hours);
        if (!f.hours) throw UsageError("--hours must be H or H1-H2 with hours 0-23, e.g. 18-23 or 22-2 (got '" + o.hours + "')");
    }
    if (!o.weekdays.empty()) {
        const auto w = parseWeekdays(o.weekdays);
        if (!w) throw UsageError("--weekdays must be like 1-5, mon,sat, 周六,周日 or weekend (got '" + o.weekdays + "')");
        f.weekdays = *w;
    }
    f.categories = splitList(o.categories);
    f.max_priority = o.max_priority;
    f.keep_unknown_time = o.keep_unknown_time;
    return f;
}

Bounds bulkBounds(const std::vector<XY>& p) {
    std::vector<double> xs, ys;
    for (const XY q : p) {
        xs.push_back(q.x);
        ys.push_back(q.y);
    }
    auto quantile = [](std::vector<double>& v, double f) {
        const auto k = static_cast<std::ptrdiff_t>(std::llround(f * static_cast<double>(v.size() - 1)));
        std::nth_element(v.begin(), v.begin() + k, v.end());
        return v[static_cast<std::size_t>(k)];
    };
    if (xs.empty()) return Bounds{};
    return Bounds{quantile(xs, 0.001), quantile(ys, 0.001), quantile(xs, 0.999), quantile(ys, 0.999)};
}

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int runDensity(const DensityOptions& o) {
    // Option checks before any work.
    const auto kernel = parseKernel(o.kernel);
    if (!kernel) throw UsageError("--kernel must be quartic, epanechnikov, triangular, uniform or gaussian (got '" + o.kernel + "')");
    double bandwidth = 0;
    const auto rule = parseBandwidthRule(o.bandwidth);
    if (!rule) {
        char* end = nullptr;
        bandwidth = std::strtod(o.bandwidth.c_str(), &end);
        if (!end || *end || !(bandwidth > 0) || !std::isfinite(bandwidth))
            throw UsageError("--bandwidth must be metres > 0, silverman or scott (got '" + o.bandwidth + "')");
    }
    if (!(o.cell_m > 0)) throw UsageError("--cell must be a positive number of metres");
    if (o.out.empty()) throw UsageError("--out F.tif is required");
    if (o.extent != "map" && o.extent != "incidents") throw UsageError("--extent must be map or incidents");
    const IncidentFilter filter = makeFilter(o);
    if (auto bad = checkTimeFormat(o.time_format)) throw UsageError("--time-format: " + *bad);

    std::size_t syn_count = 10000;
    std::uint64_t syn_seed = SyntheticIncidentParams{}.seed;
    const bool synthetic = o.incidents.size() == 1 && parseSynthetic(o.incidents[0], &syn_count, &syn_seed);
    const bool need_map = synthetic || o.extent == "map";

    MapModel map;
    if (need_map) map = loadMapWithProgress(o.common);

    // 1. Incidents.
    IncidentSet set;
    std::string crs;
    if (synthetic) {
        SyntheticIncidentParams p;
        p.count = syn_count;
        p.seed = syn_seed;
        const auto t0 = std::chrono::steady_clock::now();
        set = generateSyntheticIncidents(map, p, consoleProgress("生成合成警情"));
        finishConsoleProgress();
        std::printf("合成示例 synthetic incidents: %zu (seed %llu) in %.2f s\n", set.size(),
                    static_cast<unsigned long long>(syn_seed), seconds(t0));
        crs = map.crs;
    } else {
        IncidentReadOptions ro;
        ro.fields = parseColumns(o.columns);
        ro.time_format = o.time_format;
        ro.utc_offset_s = static_cast<std::int64_t>(std::llround(o.utc_offset_h * 3600));
        if (o.extent == "map") ro.bounds_lonlat = map.homeBoundsLonLat();
        IncidentImportReport report;
        set = readIncidents(o.incidents, ro, &report, consoleProgress("读取警情"));
        finishConsoleProgress();
        std::cout << report.summary() << "\n";
        if (set.empty()) {
            if (report.count(RowProblem::OutsideBounds) > 0)
                throw Error(o.incidents.front(), "",
                            "every valid incident is outside the map '" + map.name +
                                "'; use --extent incidents (and --crs) or another --map");
            throw Error(o.incidents.front(), "", "no valid incidents to map");
        }
        if (o.extent == "map") {
            crs = map.crs;
        } else {
            const Bounds b = set.boundsLonLat();
            crs = resolveCrsSpec(o.crs, LonLat{b.centerX(), b.centerY()});
        }
        set.project(Projector(crs));
    }
    if (!o.write_incidents.empty()) {
        writeIncidents(set, o.write_incidents, consoleProgress("写出警情"));
        finishConsoleProgress();
        std::cout << "incidents written: " << std::filesystem::absolute(o.write_incidents).string() << "\n";
    }

    // 2. Filter.
    const auto tf = std::chrono::steady_clock::now();
    FilterStats fs;
    const auto idx = filterIncidents(set, filter, &fs);
    const std::vector<XY> pts = positionsXY(set, idx);
    std::printf("筛选 filter: %zu of %zu incidents kept (%.1f ms)\n", fs.kept, set.size(), seconds(tf) * 1e3);
    if (fs.unknown_time)
        std::printf("  %zu incidents have no time of day / weekday in the source and were left out "
                    "(--keep-unknown-time keeps them)\n",
                    fs.unknown_time);
    for (const auto& c : fs.unknown_categories) std::printf("  注意: no incidents of category '%s'\n", c.c_str());

    // 3. Grid and bandwidth.
    if (rule) {
        if (pts.size() < 2) throw Error(o.incidents.front(), "", "an automatic bandwidth needs at least two incidents");
        bandwidth = *rule == BandwidthRule::Scott ? scottBandwidth(pts) : silvermanBandwidth(pts);
        std::printf("bandwidth (%s): %.1f m\n", o.bandwidth.c_str(), bandwidth);
    }
    KdeOptions ko;
    ko.kernel = *kernel;
    ko.bandwidth_m = bandwidth;
    ko.mode = o.mode == "fast" ? KdeMode::Fast : KdeMode::Exact;
    ko.threads = o.threads;
    Bounds area;
    if (o.extent == "map") {
        area = map.homeBoundsXY();
    } else {
        // The bulk of the incidents (0.1–99.9% in x and y), so a few records
        // far away (data.police.uk has some) do not blow the grid up.
        area = bulkBounds(pts.empty() ? positionsXY(set) : pts);
        const double margin = kernelSupport(ko.kernel, bandwidth, ko.gaussian_cutoff);
        area = Bounds{area.min_x - margin, area.min_y - margin, area.max_x + margin, area.max_y + margin};
    }
    const GridSpec grid = GridSpec::covering(area, o.cell_m);
    if (!grid.valid()) throw Error(o.out, "", "the area to map is empty");
    if (grid.cells() > 8192ull * 8192ull)
        throw UsageError("the grid would have " + std::to_string(grid.nx) + "×" + std::to_string(grid.ny) +
                         " cells; use a larger --cell");
    std::printf("grid: %d × %d cells of %.1f m, %s\n", grid.nx, grid.ny, grid.cell_m, crs.c_str());

    // 4. Density.
    KdeStats st;
    const DensityGrid d = kernelDensity(pts, {}, grid, ko, &st, consoleProgress("核密度"));
    finishConsoleProgress();
    std::printf("核密度 KDE (%s, %s, h = %.1f m): %.3f s, %zu points used, peak %.4g incidents/km², total %.1f\n",
                std::string(kernelName(ko.kernel)).c_str(), o.mode.c_str(), bandwidth, st.seconds, st.points_used,
                st.peak, d.integral());
    if (st.points_used < pts.size())
        std::printf("  %zu incidents lie too far outside the grid to show on it\n", pts.size() - st.points_used);
    if (ko.mode == KdeMode::Fast && st.max_error >= 0)
        std::printf("  fast-mode max error vs exact: %.4g incidents/km² (%.3f%% of peak) on %zu checked cells\n",
                    st.max_error, 100 * st.max_error_rel_peak, st.cells_checked);
    std::printf("图例 legend (incidents/km²):");
    for (double t : legendTicks(st.peak)) std::printf(" %s", formatTick(t).c_str());
    std::printf("\n");

    writeDensityGeoTiff(d, crs, o.out);
    std::cout << std::filesystem::absolute(o.out).string() << "\n";
    if (!o.png.empty()) {
        DensityPngOptions po;
        po.opacity = o.opacity;
        writeDensityPng(d, o.png, po);
        std::cout << std::filesystem::absolute(o.png).string() << "\n";
    }

    // 5. Hotspots.
    if (o.hotspots > 0) {
        const double hc = o.hotspot_cell_m > 0 ? o.hotspot_cell_m : std::max(4 * o.cell_m, 100.0);
        const GridSpec hg = GridSpec::covering(grid.bounds(), hc);
        const auto counts = gridCounts(pts, {}, hg);
        const auto centres = gridCentres(hg);
        const double band = o.hotspot_band_m > 0 ? o.hotspot_band_m : 1.5 * hc;
        const GiStarResult gi = getisOrdGiStar(centres, counts, SpatialWeights::band(band), consoleProgress("热点"));
        finishConsoleProgress();
        HotspotOptions hopt;
        hopt.max_count = static_cast<std::size_t>(o.hotspots);
        const auto hot = rankHotspots(gi, centres, counts, crs, hopt);
        std::printf("热点 Gi* hotspots (%.0f m cells, %.0f m band, FDR 5%%): %zu\n", hc, band, hot.size());
        std::printf("  rank        lon        lat           x           y   count       z         q  conf\n");
        for (std::size_t k = 0; k < hot.size(); ++k) {
            const Hotspot& h = hot[k];
            std::printf("  %4zu %10.6f %10.6f %11.1f %11.1f %7.0f %7.2f %9.2e  %d%%\n", k + 1, h.centre.lon,
                        h.centre.lat, h.centre.x, h.centre.y, h.value, h.z, h.q, h.confidence);
        }
    }
    // 6. Hex bins (with Gi* over the hexagons and their six neighbours).
    if (!o.hex_out.empty()) {
        if (!(o.hex_size_m > 0)) throw UsageError("--hex-size must be a positive number of metres");
        const HexGrid hg(o.hex_size_m, o.hex_orientation == "pointy" ? HexOrientation::PointyTop : HexOrientation::FlatTop,
                         XY{grid.origin_x, grid.origin_y});
        const Bounds cover = grid.bounds();
        const HexBins bins = hexBin(pts, {}, hg, &cover);
        std::vector<XY> centres;
        std::vector<double> counts;
        for (const auto& b : bins.bins) {
            centres.push_back(b.centre);
            counts.push_back(b.value);
        }
        std::vector<double> z;
        if (bins.bins.size() >= 3) z = getisOrdGiStar(centres, counts, SpatialWeights::band(1.01 * hg.centreSpacing())).z;
        writeHexBins(bins, crs, o.hex_out, z);
        std::printf("六边形 hex bins: %zu hexagons of %.0f m\n", bins.bins.size(), o.hex_size_m);
        std::cout << std::filesystem::absolute(o.hex_out).string() << "\n";
    }
    return kOk;
}

}  // namespace

Command addDensityCommand(CLI::App& app) {
    auto o = std::make_shared<DensityOptions>();
    CLI::App* cmd = app.add_subcommand("density", "incident (警情) density heatmap as GeoTIFF/PNG, with filters and hotspots");
    addCommonOptions(cmd, o->common);
    cmd->add_option("--incidents", o->incidents,
                    "incident files (.csv, .geojson, .gpkg) or directories of them, or synthetic[:N[:seed]]")
        ->required();
    cmd->add_option("--kernel", o->kernel, "quartic, epanechnikov, triangular, uniform or gaussian")->capture_default_str();
    cmd->add_option("--bandwidth", o->bandwidth, "metres (radius; σ for gaussian), or silverman / scott")
        ->capture_default_str();
    cmd->add_option("--cell", o->cell_m, "cell size in metres")->capture_default_str();
    cmd->add_option("--mode", o->mode, "exact (kernel at every cell) or fast (binned; reports its error)")
        ->check(CLI::IsMember({"exact", "fast"}))
        ->capture_default_str();
    cmd->add_option("--out", o->out, "output GeoTIFF (float32 incidents/km² in the map CRS)");
    cmd->add_option("--png", o->png, "also write a colour-ramped PNG");
    cmd->add_option("--opacity", o->opacity, "PNG opacity 0-1")->capture_default_str();
    cmd->add_option("--from", o->from, "first local date YYYY-MM-DD");
    cmd->add_option("--to", o->to, "last local date YYYY-MM-DD (inclusive)");
    cmd->add_option("--hours", o->hours, "local hours H1-H2 inclusive, e.g. 18-23 (22-2 wraps midnight)");
    cmd->add_option("--weekdays", o->weekdays, "e.g. 1-5 (1 = Monday), mon,sat, 周六,周日, weekend");
    cmd->add_option("--categories", o->categories, "comma-separated categories, e.g. 盗窃,抢劫");
    cmd->add_option("--max-priority", o->max_priority, "keep priorities 1..N (1 = most urgent)")
        ->check(CLI::Range(1, 4))
        ->capture_default_str();
    cmd->add_flag("--keep-unknown-time", o->keep_unknown_time,
                  "keep incidents without a time of day (monthly data) under --hours/--weekdays");
    cmd->add_option("--extent", o->extent,
                    "map: grid over the map, incidents outside it reported; incidents: grid around the incidents")
        ->capture_default_str();
    cmd->add_option("--crs", o->crs, "CRS with --extent incidents (auto = UTM / CGCS2000 zone at the centre)")
        ->capture_default_str();
    cmd->add_option("--time-format", o->time_format, "auto, unix, unix_ms or a pattern like %d/%m/%Y %H:%M")
        ->capture_default_str();
    cmd->add_option("--utc-offset", o->utc_offset_h, "hours east of UTC of times without a zone (China: 8)")
        ->capture_default_str();
    cmd->add_option("--columns", o->columns, "column names, e.g. lon=经度,lat=纬度,time=报警时间,category=类别");
    cmd->add_option("--write-incidents", o->write_incidents, "write the incidents read or generated (.csv/.geojson/.gpkg)");
    cmd->add_option("--hotspots", o->hotspots, "print the N strongest Getis-Ord Gi* hotspots (FDR 5%)");
    cmd->add_option("--hotspot-cell", o->hotspot_cell_m, "Gi* cell size in metres (default max(4 × cell, 100))");
    cmd->add_option("--hotspot-band", o->hotspot_band_m, "Gi* distance band in metres (default 1.5 × hotspot cell)");
    cmd->add_option("--hex-out", o->hex_out, "also write hexagon counts with Gi* z (.geojson or .gpkg)");
    cmd->add_option("--hex-size", o->hex_size_m, "hexagon size (centre to corner) in metres")->capture_default_str();
    cmd->add_option("--hex-orientation", o->hex_orientation, "flat or pointy")
        ->check(CLI::IsMember({"flat", "pointy"}))
        ->capture_default_str();
    cmd->add_option("--threads", o->threads, "threads (0 = all cores)")->capture_default_str();
    return {cmd, [o]() -> int { return runDensity(*o); }};
}

}  // namespace jingwei::cli
