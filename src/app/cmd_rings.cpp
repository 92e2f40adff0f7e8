// jingwei rings: 1-3-5-minute response rings (快速反应圈) of a set of units
// on a map's road network, with coverage gaps (盲区), responsibility areas
// and statistics, exported to GeoPackage or GeoJSON.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/command.h"
#include "app/console_progress.h"
#include "core/crs.h"
#include "core/error.h"
#include "core/gcj02.h"
#include "network/coverage_export.h"
#include "network/coverage_model.h"
#include "network/travel_graph.h"
#include "network/units_csv.h"

namespace jingwei::cli {
namespace {

struct RingsOptions {
    CommonOptions common;
    std::string units, out, minutes = "1,3,5", raster, incidents, boundary;
    double offroad_m = 50, cell_m = 10, max_snap_m = kDefaultMaxSnapM;
    int hour = -1, threads = 2;
    bool relax_oneway = false, no_emergency = false, gcj02 = false, no_field = false, no_unit_rings = false;
};

std::vector<double> parseMinutes(const std::string& s) {
    std::vector<double> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) {
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (item.empty() || end != item.c_str() + item.size() || !(v > 0) || v > 120)
            throw UsageError("--minutes must be a comma-separated list of minutes in (0, 120], e.g. 1,3,5 (got '" + s + "')");
        out.push_back(v);
    }
    if (out.empty()) throw UsageError("--minutes is empty");
    return out;
}

int run(const RingsOptions& o) {
    const std::vector<double> minutes = parseMinutes(o.minutes);
    if (o.hour < -1 || o.hour > 23) throw UsageError("--hour must be -1 (free flow) or 0..23");
    if (o.threads < 1 || o.threads > 64) throw UsageError("--threads must be 1..64");
    // Read the inputs before the (slower) map, so bad input fails fast.
    const std::vector<UnitRecord> records = readUnitsCsv(o.units);
    if (records.empty()) throw Error(o.units, "", "no units in the file");
    std::vector<PointRecord> incidents;
    if (!o.incidents.empty()) incidents = readPointsCsv(o.incidents);

    const MapModel map = loadMapWithProgress(o.common);
    TravelTimeModel model;
    model.speeds = map.speeds;
    model.emergency = !o.no_emergency;
    model.hour = o.hour;
    model.relax_oneway = o.relax_oneway;
    auto graph = std::make_shared<TravelGraph>(map.roads, model, consoleProgress("路网 road graph"));
    finishConsoleProgress();

    CoverageParams params;
    params.rings.minutes = minutes;
    params.rings.offroad_m = o.offroad_m;
    params.rings.cell_m = o.cell_m;
    params.max_snap_m = o.max_snap_m;
    params.threads = o.threads;
    if (!o.boundary.empty()) params.boundary = readPolygonFile(o.boundary, map.crs);
    CoverageModel cov(graph, params);

    const Projector proj(map.crs);
    std::vector<UnitInput> units;
    for (const UnitRecord& r : records) {
        LonLat ll{r.lon, r.lat};
        if (o.gcj02) ll = gcj02ToWgs84(ll);
        const XY p = proj.forward(ll);
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            throw Error(o.units, "line " + std::to_string(r.line), "cannot project the position to " + map.crs);
        units.push_back({r.id, r.name, p});
    }
    cov.setUnits(units);
    std::vector<XY> inc;
    for (const PointRecord& p : incidents) {
        LonLat ll{p.lon, p.lat};
        if (o.gcj02) ll = gcj02ToWgs84(ll);
        inc.push_back(proj.forward(ll));
    }
    cov.setIncidents(std::move(inc));
    cov.update(consoleProgress("覆盖 coverage"));
    finishConsoleProgress();

    for (UnitKey k = 0; k < records.size(); ++k) {
        const UnitState& u = cov.unit(k);
        if (u.snap.on_network) continue;
        const Snap far = cov.snapIndex().snap(u.input.pos, 1e9);
        std::fprintf(stderr, "警告 off-network: unit %s (%s line %d) is %.0f m from the nearest road (max %.0f m); it covers nothing\n",
                     u.input.id.c_str(), o.units.c_str(), records[k].line, far.distance_m, o.max_snap_m);
    }

    CoverageExportOptions eo;
    eo.crs = map.crs;
    eo.field = !o.no_field;
    eo.unit_rings = !o.no_unit_rings;
    const std::vector<std::string> files = writeCoverage(o.out, cov, eo, consoleProgress("导出 export"));
    finishConsoleProgress();
    if (!o.raster.empty()) writeTimeGeoTiff(o.raster, cov.timeRaster(), map.crs);

    const CoverageStats& s = cov.stats();
    std::printf("map: %s  crs: %s\n", map.name.c_str(), map.crs.c_str());
    std::printf("units: %zu on the network, %zu off-network\n", s.units_on_network, s.units_off_network);
    std::printf("%-8s %14s %14s %14s\n", "band", "road 道路覆盖", "area 面积覆盖", "incidents 警情");
    for (const BandStats& b : s.bands) {
        char inc_s[32] = "-";
        if (s.incident_total > 0) std::snprintf(inc_s, sizeof inc_s, "%.1f%%", 100.0 * b.incident_share);
        std::printf("%5g min %13.1f%% %13.1f%% %14s\n", b.minutes, 100.0 * b.road_share, 100.0 * b.area_share, inc_s);
    }
    std::printf("gaps 盲区: %zu polygons, %.3f km² of %.3f km² area of interest\n", cov.gaps().size(),
                s.gap_area_m2 / 1e6, s.aoi_area_m2 / 1e6);
    for (const std::string& f : files) std::printf("wrote %s\n", f.c_str());
    if (!o.raster.empty()) std::printf("wrote %s\n", o.raster.c_str());
    return kOk;
}

}  // namespace

Command addRingsCommand(CLI::App& app) {
    auto o = std::make_shared<RingsOptions>();
    CLI::App* cmd = app.add_subcommand("rings", "1-3-5-minute response rings, coverage gaps and statistics of units");
    addCommonOptions(cmd, o->common);
    cmd->add_option("--units", o->units, "units CSV: id,lon,lat[,name] (WGS84)")->required();
    cmd->add_option("--out", o->out, "output .gpkg, or .geojson (one file per layer)")->required();
    cmd->add_option("--minutes", o->minutes, "band minutes, comma-separated")->capture_default_str();
    cmd->add_option("--offroad", o->offroad_m, "reach off the road in metres")->capture_default_str();
    cmd->add_option("--cell", o->cell_m, "raster cell in metres for the polygons")->capture_default_str();
    cmd->add_option("--max-snap", o->max_snap_m, "units farther from a road are off-network (m)")->capture_default_str();
    cmd->add_option("--hour", o->hour, "hour of day for congestion (0-23; -1 = free flow)")->capture_default_str();
    cmd->add_flag("--relax-oneway", o->relax_oneway, "emergency vehicles may drive against one-way streets");
    cmd->add_flag("--no-emergency", o->no_emergency, "normal driving speeds (no lights and siren)");
    cmd->add_flag("--gcj02", o->gcj02, "unit and incident coordinates are GCJ-02");
    cmd->add_option("--incidents", o->incidents, "incidents CSV with lon,lat columns (share covered)");
    cmd->add_option("--boundary", o->boundary, "area of interest polygons (any OGR file) for the gaps");
    cmd->add_option("--raster", o->raster, "also write the min-time field as a GeoTIFF");
    cmd->add_option("--threads", o->threads, "threads for the fleet search")->capture_default_str();
    cmd->add_flag("--no-field", o->no_field, "leave out the per-road field layer");
    cmd->add_flag("--no-unit-rings", o->no_unit_rings, "leave out each unit's own rings");
    return {cmd, [o]() -> int { return run(*o); }};
}

}  // namespace jingwei::cli
