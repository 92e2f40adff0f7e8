#include "sim/sim_output.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "analysis/civil_time.h"
#include "core/crs.h"
#include "core/error.h"
#include "sim/chart.h"

namespace jingwei::sim {
namespace {

namespace fs = std::filesystem;

std::string tmpName(const std::string& path) {
    const fs::path p(path);
    return (p.parent_path() / (p.stem().string() + ".tmp-" + std::to_string(::getpid()) + p.extension().string())).string();
}

void commit(const std::string& tmp, const std::string& path) {
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error(path, "", "cannot rename the temporary file into place: " + ec.message());
    }
}

void writeText(const std::string& path, const std::string& text) {
    const std::string tmp = tmpName(path);
    {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw Error(path, "", "cannot write the file");
        }
    }
    commit(tmp, path);
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

std::string num(double v, int digits = 3) {
    if (!std::isfinite(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

nlohmann::ordered_json responseJson(const ResponseStats& s, const std::vector<double>& standards) {
    nlohmann::ordered_json j;
    j["n"] = s.n;
    j["mean_s"] = s.mean_s;
    j["p50_s"] = s.p50_s;
    j["p90_s"] = s.p90_s;
    j["p95_s"] = s.p95_s;
    j["max_s"] = s.max_s;
    nlohmann::ordered_json w = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < standards.size() && k < s.within_share.size(); ++k)
        w[tickLabel(standards[k], 1) + "_min"] = s.within_share[k];
    j["within"] = w;
    return j;
}

nlohmann::ordered_json groupsJson(const std::vector<GroupStats>& gs, const std::vector<double>& standards) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const GroupStats& g : gs) {
        nlohmann::ordered_json j;
        j["key"] = g.key;
        j["calls"] = g.calls;
        j["served"] = g.served;
        j["unserved"] = g.unserved;
        j["mean_wait_s"] = g.mean_wait_s;
        j["response"] = responseJson(g.response, standards);
        a.push_back(j);
    }
    return a;
}

}  // namespace

std::string isoTime(const RunRecord& r, SimTime t) {
    const std::int64_t s = r.start_utc_s + (t >= 0 ? t / 1000 : -((-t + 999) / 1000));
    return formatTime(s, TimePrecision::Second, r.utc_offset_s);
}

void writeMetricsJson(const std::string& path, const RunRecord& r, const SimMetrics& m, const OutputOptions& o) {
    nlohmann::ordered_json j;
    j["scenario"] = m.scenario;
    j["map"] = m.map;
    j["crs"] = m.crs;
    j["policy"] = m.policy;
    j["seed"] = m.seed;
    j["start"] = isoTime(r, 0);
    j["duration_s"] = m.duration_s;
    j["end_s"] = m.end_s;
    char hash[32];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(m.event_hash));
    j["event_log"] = {{"events", m.events}, {"fnv1a64", hash}};
    nlohmann::ordered_json calls;
    calls["incidents"] = m.incidents;
    calls["served"] = m.served;
    calls["unserved"] = m.unserved;
    nlohmann::ordered_json reasons = nlohmann::ordered_json::object();
    for (std::size_t k = 1; k < m.unserved_by_reason.size(); ++k)
        reasons[std::string(unservedReasonKey(static_cast<UnservedReason>(k)))] = m.unserved_by_reason[k];
    calls["unserved_by_reason"] = reasons;
    calls["preempted"] = m.preempted_calls;
    calls["multi_unit"] = m.multi_unit_calls;
    calls["reinforced"] = m.reinforced_calls;
    j["calls"] = calls;
    j["response"] = responseJson(m.response, m.standards_min);
    j["by_priority"] = groupsJson(m.by_priority, m.standards_min);
    j["by_district"] = groupsJson(m.by_district, m.standards_min);
    j["by_category"] = groupsJson(m.by_category, m.standards_min);
    j["queue"] = {{"waited", m.waited},          {"mean_wait_s", m.mean_wait_s}, {"p90_wait_s", m.p90_wait_s},
                  {"max_wait_s", m.max_wait_s},  {"mean_queue", m.mean_queue},   {"max_queue", m.max_queue}};
    nlohmann::ordered_json units = nlohmann::ordered_json::array();
    for (const UnitMetrics& u : m.units) {
        nlohmann::ordered_json uj;
        uj["id"] = u.id;
        uj["kind"] = u.kind;
        uj["group"] = u.group;
        uj["jobs"] = u.jobs;
        uj["utilisation"] = u.utilisation;
        uj["returning_share"] = u.returning_share;
        nlohmann::ordered_json st;
        for (std::size_t k = 0; k < kUnitStatusCount; ++k) st[std::string(unitStatusKey(static_cast<UnitStatus>(k)))] = u.status_s[k];
        uj["status_s"] = st;
        units.push_back(uj);
    }
    nlohmann::ordered_json byk = nlohmann::ordered_json::object();
    for (const auto& [k, v] : m.utilisation_by_kind) byk[k] = v;
    j["utilisation"] = {{"mean", m.mean_utilisation}, {"by_kind", byk}, {"units", units}};
    nlohmann::ordered_json cov;
    cov["limit_min"] = m.coverage_limit_min;
    cov["samples"] = m.coverage.size();
    cov["mean"] = m.coverage_mean;
    cov["min"] = m.coverage_min;
    j["coverage"] = cov;
    const MobileStandard& mb = m.mobile;
    nlohmann::ordered_json mo;
    mo["bases"] = mb.bases;
    mo["units"] = mb.units;
    if (mb.has_bases) {
        mo["standard_s"] = mb.standard_s;
        mo["max_travel_s"] = mb.max_travel_s;
        mo["max_travel_peak_s"] = mb.max_travel_peak_s;
        mo["worst_with_mobilisation_s"] = mb.worst_with_mobilisation_s;
        mo["meets_standard"] = mb.meets;
        mo["meets_standard_at_peak"] = mb.meets_at_peak;
        mo["share_within_standard"] = mb.share_within;
        mo["region_nodes"] = mb.region_nodes;
        mo["unreachable_nodes"] = mb.unreachable_nodes;
        mo["farthest"] = {{"x", mb.farthest.x}, {"y", mb.farthest.y}, {"lon", mb.farthest_lonlat.lon}, {"lat", mb.farthest_lonlat.lat}};
    }
    j["mobile_standard"] = mo;
    j["histogram"] = {{"bin_s", m.histogram_bin_s}, {"counts", m.histogram}};
    if (!o.run_facts.empty()) {
        nlohmann::ordered_json run;
        for (const auto& [k, v] : o.run_facts) run[k] = v;
        j["run"] = run;
    }
    writeText(path, j.dump(2) + "\n");
}

void writeEventsGpkg(const std::string& path, const RunRecord& r, const Progress& progress) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!drv) throw Error(path, "", "GDAL has no GPKG driver");
    const std::string tmp = tmpName(path);
    std::error_code ec;
    fs::remove(tmp, ec);
    CPLErrorReset();
    std::unique_ptr<GDALDataset> ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(path, "", std::string("cannot create the GeoPackage: ") + CPLGetLastErrorMsg());
    struct Remove {
        std::string p;
        bool keep = false;
        ~Remove() {
            if (!keep) {
                std::error_code e;
                fs::remove(p, e);
            }
        }
    } guard{tmp};
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool has_srs = !r.crs.empty() && srs.SetFromUserInput(r.crs.c_str()) == OGRERR_NONE;
    std::unique_ptr<Projector> proj;
    if (!r.crs.empty()) proj = std::make_unique<Projector>(r.crs);
    auto fail = [&](const char* what) { throw Error(path, "", std::string(what) + ": " + CPLGetLastErrorMsg()); };

    // The calls.
    OGRLayer* inc = ds->CreateLayer("incidents", has_srs ? &srs : nullptr, wkbPoint, nullptr);
    if (!inc) fail("cannot create layer incidents");
    for (auto [name, type] : std::initializer_list<std::pair<const char*, OGRFieldType>>{
             {"id", OFTString}, {"call_time", OFTString}, {"call_s", OFTReal}, {"category", OFTString},
             {"priority", OFTInteger}, {"district", OFTString}, {"served", OFTInteger}, {"reason", OFTString},
             {"wait_s", OFTReal}, {"response_s", OFTReal}, {"on_scene_s", OFTReal}, {"first_unit", OFTString},
             {"units_sent", OFTInteger}, {"lon", OFTReal}, {"lat", OFTReal}}) {
        OGRFieldDefn f(name, type);
        if (inc->CreateField(&f) != OGRERR_NONE) fail("cannot create a field");
    }
    ds->StartTransaction();
    for (std::size_t i = 0; i < r.incidents.size(); ++i) {
        const IncidentRecord& x = r.incidents[i];
        if (x.call > r.end) continue;
        OGRFeature f(inc->GetLayerDefn());
        f.SetField("id", r.incident_ids[i].c_str());
        f.SetField("call_time", isoTime(r, x.call).c_str());
        f.SetField("call_s", simToSeconds(x.call));
        f.SetField("category", r.categories[x.category].c_str());
        f.SetField("priority", x.priority);
        if (x.district >= 0) f.SetField("district", r.districts[static_cast<std::size_t>(x.district)].c_str());
        f.SetField("served", x.served() ? 1 : 0);
        if (!x.served()) f.SetField("reason", std::string(unservedReasonKey(x.reason)).c_str());
        if (x.first_dispatch != kNever) f.SetField("wait_s", simToSeconds(x.wait()));
        if (x.served()) f.SetField("response_s", simToSeconds(x.response()));
        f.SetField("on_scene_s", simToSeconds(x.on_scene));
        if (x.first_unit != kNone) f.SetField("first_unit", r.units[x.first_unit].id.c_str());
        f.SetField("units_sent", x.units_sent);
        if (proj) {
            const LonLat ll = proj->inverse(x.pos);
            f.SetField("lon", ll.lon);
            f.SetField("lat", ll.lat);
        }
        OGRPoint p(x.pos.x, x.pos.y);
        f.SetGeometry(&p);
        if (inc->CreateFeature(&f) != OGRERR_NONE) fail("cannot write an incident");
    }
    ds->CommitTransaction();

    // The event log.
    OGRLayer* ev = ds->CreateLayer("events", has_srs ? &srs : nullptr, wkbPoint, nullptr);
    if (!ev) fail("cannot create layer events");
    for (auto [name, type] : std::initializer_list<std::pair<const char*, OGRFieldType>>{
             {"seq", OFTInteger}, {"t_s", OFTReal}, {"time", OFTString}, {"type", OFTString}, {"type_zh", OFTString},
             {"unit", OFTString}, {"incident", OFTString}, {"aux", OFTInteger64}}) {
        OGRFieldDefn f(name, type);
        if (ev->CreateField(&f) != OGRERR_NONE) fail("cannot create a field");
    }
    const SimNetwork& net = *r.network;
    ds->StartTransaction();
    for (std::size_t k = 0; k < r.events.size(); ++k) {
        if ((k & 0xFFFF) == 0) progress.report(static_cast<double>(k) / static_cast<double>(r.events.size()), "event log");
        if (k > 0 && (k % 200000) == 0) {
            ds->CommitTransaction();
            ds->StartTransaction();
        }
        const EventRecord& e = r.events[k];
        OGRFeature f(ev->GetLayerDefn());
        f.SetField("seq", static_cast<int>(k));
        f.SetField("t_s", simToSeconds(e.t));
        f.SetField("time", isoTime(r, e.t).c_str());
        f.SetField("type", std::string(eventTypeKey(e.type)).c_str());
        f.SetField("type_zh", std::string(eventTypeNameZh(e.type)).c_str());
        if (e.unit != kNone) f.SetField("unit", r.units[e.unit].id.c_str());
        if (e.incident != kNone) f.SetField("incident", r.incident_ids[e.incident].c_str());
        f.SetField("aux", static_cast<GIntBig>(e.aux));
        bool has_pos = true;
        XY pos;
        if (e.node != kNoId) pos = net.nodeXY(e.node);
        else if (e.incident != kNone) pos = r.incidents[e.incident].pos;
        else has_pos = false;
        if (has_pos) {
            OGRPoint p(pos.x, pos.y);
            f.SetGeometry(&p);
        }
        if (ev->CreateFeature(&f) != OGRERR_NONE) fail("cannot write an event");
    }
    ds->CommitTransaction();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) fail("GeoPackage write failed");
    commit(tmp, path);
    guard.keep = true;
    progress.report(1.0, "event log");
}

namespace {
const Rgba kWhite{255, 255, 255, 255};
const Rgba kInk{40, 44, 52, 255};
const Rgba kBar{76, 120, 190, 255};
const Rgba kCdf{230, 120, 30, 255};
const Rgba kStd{200, 40, 40, 255};
}  // namespace

void writeResponseChart(const std::string& path, const SimMetrics& m) {
    Canvas c(1200, 700, kWhite);
    const double bin_min = m.histogram_bin_s / 60.0;
    const double xmax = std::max(1.0, bin_min * static_cast<double>(m.histogram.size()));
    std::size_t top = 1;
    for (std::size_t v : m.histogram) top = std::max(top, v);
    const std::vector<double> yt = niceTicks(0, static_cast<double>(top), 6, true);
    const double ymax = yt.back();
    Plot p(c, 130, 80, 1080, 600, 0, xmax, 0, ymax);
    // Bars.
    for (std::size_t k = 0; k < m.histogram.size(); ++k) {
        const int x0 = static_cast<int>(std::lround(p.px(bin_min * static_cast<double>(k)))) + 1;
        const int x1 = static_cast<int>(std::lround(p.px(bin_min * static_cast<double>(k + 1))));
        const int y0 = static_cast<int>(std::lround(p.py(static_cast<double>(m.histogram[k]))));
        c.fillRect(x0, y0, std::max(x0 + 1, x1), p.bottom(), kBar);
    }
    p.axes(niceTicks(0, xmax, 10), yt, "RESPONSE TIME (MIN)", "CALLS");
    // CDF on the right axis (0–100 %).
    std::size_t total = 0;
    for (std::size_t v : m.histogram) total += v;
    if (total > 0) {
        double cum = 0, px0 = p.px(0), py0 = p.py(0);
        for (std::size_t k = 0; k < m.histogram.size(); ++k) {
            cum += static_cast<double>(m.histogram[k]);
            const double x1 = p.px(bin_min * static_cast<double>(k + 1));
            const double y1 = p.bottom() - cum / static_cast<double>(total) * (p.bottom() - p.top());
            c.line(px0, py0, x1, y1, kCdf, 3.0);
            px0 = x1;
            py0 = y1;
        }
    }
    p.rightAxis(0, 100, niceTicks(0, 100, 5), "CDF", "%");
    // Standards (1-3-5 min) with the share reached within each.
    for (std::size_t k = 0; k < m.standards_min.size(); ++k) {
        const double x = p.px(m.standards_min[k]);
        if (x > p.right()) continue;
        c.dashedLine(x, p.top(), x, p.bottom(), kStd, 2.0, 8);
        const double share = k < m.response.within_share.size() ? m.response.within_share[k] : 0;
        const std::string label = tickLabel(m.standards_min[k], 1) + " MIN " + num(100 * share, 1) + "%";
        const int ty = p.top() + 8 + static_cast<int>(k) * 22;
        c.fillRect(static_cast<int>(x) + 3, ty - 3, static_cast<int>(x) + 9 + Canvas::textWidth(label), ty + Canvas::textHeight() + 3,
                   Rgba{255, 255, 255, 220});
        c.text(static_cast<int>(x) + 6, ty, label, kStd, 2);
    }
    p.title("RESPONSE TIME  N " + std::to_string(m.response.n) + "  MEAN " + num(m.response.mean_s / 60, 2) + " MIN  P90 " +
            num(m.response.p90_s / 60, 2) + " MIN");
    c.writePng(path);
}

void writeCoverageChart(const std::string& path, const SimMetrics& m) {
    Canvas c(1200, 600, kWhite);
    const double span_h = std::max(1.0, m.end_s / 3600.0);
    const bool days = span_h > 72;
    const double xmax = days ? span_h / 24 : span_h;
    Plot p(c, 130, 80, 1120, 500, 0, xmax, 0, 100);
    p.axes(niceTicks(0, xmax, 12), niceTicks(0, 100, 5), days ? "DAYS" : "HOURS",
           "COVERAGE " + tickLabel(m.coverage_limit_min, 1) + " MIN", "%");
    double px0 = 0, py0 = 0;
    for (std::size_t k = 0; k < m.coverage.size(); ++k) {
        const double h = simToSeconds(m.coverage[k].t) / 3600.0;
        const double x = p.px(days ? h / 24 : h), y = p.py(100 * m.coverage[k].share);
        if (k > 0) c.line(px0, py0, x, y, kBar, m.coverage.size() > 2000 ? 1.0 : 2.5);
        px0 = x;
        py0 = y;
    }
    if (m.coverage.size() == 1) c.fillRect(static_cast<int>(px0) - 2, static_cast<int>(py0) - 2, static_cast<int>(px0) + 3, static_cast<int>(py0) + 3, kBar);
    c.dashedLine(p.left(), p.py(100 * m.coverage_mean), p.right(), p.py(100 * m.coverage_mean), kCdf, 2.0, 10);
    p.title("DEMAND WITHIN " + tickLabel(m.coverage_limit_min, 1) + " MIN OF AN IDLE UNIT  MEAN " + num(100 * m.coverage_mean, 1) +
            "%  MIN " + num(100 * m.coverage_min, 1) + "%");
    c.writePng(path);
}

void writeUtilisationChart(const std::string& path, const SimMetrics& m) {
    const std::size_t n = m.units.size();
    Canvas c(1200, 650, kWhite);
    Plot p(c, 130, 80, 1120, 520, 0, static_cast<double>(std::max<std::size_t>(n, 1)), 0, 100);
    const Rgba colours[3] = {{220, 70, 60, 255}, {240, 170, 40, 255}, {90, 160, 220, 255}};
    double ymax = 10;
    for (const UnitMetrics& u : m.units) {
        if (u.on_duty_s <= 0) continue;
        const double s = (u.status_s[1] + u.status_s[2] + u.status_s[3]) / u.on_duty_s * 100;
        ymax = std::max(ymax, s);
    }
    const std::vector<double> yt = niceTicks(0, std::min(100.0, ymax), 5);
    Plot q(c, 130, 80, 1120, 520, 0, static_cast<double>(std::max<std::size_t>(n, 1)), 0, yt.back());
    for (std::size_t k = 0; k < n; ++k) {
        const UnitMetrics& u = m.units[k];
        if (u.on_duty_s <= 0) continue;
        const int x0 = static_cast<int>(std::lround(q.px(static_cast<double>(k)))) + (n < 200 ? 1 : 0);
        const int x1 = std::max(x0 + 1, static_cast<int>(std::lround(q.px(static_cast<double>(k + 1)))) - (n < 200 ? 1 : 0));
        double base = 0;
        for (int s = 0; s < 3; ++s) {
            const double v = u.status_s[static_cast<std::size_t>(s + 1)] / u.on_duty_s * 100;
            const int ya = static_cast<int>(std::lround(q.py(base + v))), yb = static_cast<int>(std::lround(q.py(base)));
            c.fillRect(x0, ya, x1, yb, colours[s]);
            base += v;
        }
    }
    q.axes(niceTicks(0, static_cast<double>(std::max<std::size_t>(n, 1)), 10, true), yt, "UNIT (INDEX)", "SHARE OF DUTY TIME", "%");
    // Legend.
    const char* names[3] = {"EN ROUTE", "ON SCENE", "RETURNING"};
    int lx = 150;
    for (int s = 0; s < 3; ++s) {
        c.fillRect(lx, 590, lx + 24, 610, colours[s]);
        c.text(lx + 32, 593, names[s], kInk, 2);
        lx += 60 + Canvas::textWidth(names[s]);
    }
    q.title("UNIT UTILISATION  MEAN " + num(100 * m.mean_utilisation, 1) + "%  (" + std::to_string(n) + " UNITS)");
    (void)p;
    c.writePng(path);
}

std::vector<std::string> writeRunOutputs(const std::string& dir, const RunRecord& r, const SimMetrics& m,
                                         const OutputOptions& o, const Progress& progress) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) throw Error(dir, "", "cannot create the output directory");
    std::vector<std::string> files;
    auto file = [&](const char* name) { return (fs::path(dir) / name).string(); };

    progress.report(0.0, "metrics.json");
    writeMetricsJson(file("metrics.json"), r, m, o);
    files.push_back(file("metrics.json"));

    if (o.csv) {
        std::ostringstream s;
        s << "group,key,calls,served,unserved,mean_s,p50_s,p90_s,p95_s,max_s,mean_wait_s";
        for (double st : m.standards_min) s << ",within_" << tickLabel(st, 1) << "_min";
        s << "\n";
        auto row = [&](const std::string& g, const std::string& key, std::size_t calls, std::size_t served,
                       std::size_t unserved, const ResponseStats& rs, double wait) {
            s << g << "," << csvField(key) << "," << calls << "," << served << "," << unserved << "," << num(rs.mean_s)
              << "," << num(rs.p50_s) << "," << num(rs.p90_s) << "," << num(rs.p95_s) << "," << num(rs.max_s) << ","
              << num(wait);
            for (double w : rs.within_share) s << "," << num(w, 6);
            s << "\n";
        };
        row("all", "all", m.incidents, m.served, m.unserved, m.response, m.mean_wait_s);
        for (const GroupStats& g : m.by_priority) row("priority", g.key, g.calls, g.served, g.unserved, g.response, g.mean_wait_s);
        for (const GroupStats& g : m.by_district) row("district", g.key, g.calls, g.served, g.unserved, g.response, g.mean_wait_s);
        for (const GroupStats& g : m.by_category) row("category", g.key, g.calls, g.served, g.unserved, g.response, g.mean_wait_s);
        writeText(file("summary.csv"), s.str());
        files.push_back(file("summary.csv"));

        progress.report(0.1, "incidents.csv");
        std::string t;
        t.reserve(r.incidents.size() * 160);
        t += "id,call_time,call_s,category,priority,district,served,reason,wait_s,response_s,on_scene_s,cleared_s,first_unit,units_sent,units_needed,reinforce_needed,preempted,x,y\n";
        for (std::size_t i = 0; i < r.incidents.size(); ++i) {
            const IncidentRecord& x = r.incidents[i];
            if (x.call > r.end) continue;
            t += csvField(r.incident_ids[i]) + "," + isoTime(r, x.call) + "," + num(simToSeconds(x.call)) + "," +
                 csvField(r.categories[x.category]) + "," + std::to_string(x.priority) + "," +
                 (x.district >= 0 ? csvField(r.districts[static_cast<std::size_t>(x.district)]) : std::string()) + "," +
                 (x.served() ? "1" : "0") + "," + (x.served() ? std::string() : std::string(unservedReasonKey(x.reason))) + "," +
                 (x.first_dispatch != kNever ? num(simToSeconds(x.wait())) : std::string()) + "," +
                 (x.served() ? num(simToSeconds(x.response())) : std::string()) + "," + num(simToSeconds(x.on_scene)) + "," +
                 (x.cleared != kNever ? num(simToSeconds(x.cleared)) : std::string()) + "," +
                 (x.first_unit != kNone ? csvField(r.units[x.first_unit].id) : std::string()) + "," +
                 std::to_string(x.units_sent) + "," + std::to_string(x.units_needed) + "," + std::to_string(x.reinforce_needed) +
                 "," + std::to_string(x.preempted) + "," + num(x.pos.x, 2) + "," + num(x.pos.y, 2) + "\n";
        }
        writeText(file("incidents.csv"), t);
        files.push_back(file("incidents.csv"));

        std::ostringstream u;
        u << "id,name,kind,group,jobs,utilisation,returning_share,on_duty_s";
        for (std::size_t k = 0; k < kUnitStatusCount; ++k) u << "," << unitStatusKey(static_cast<UnitStatus>(k)) << "_s";
        u << "\n";
        for (const UnitMetrics& x : m.units) {
            u << csvField(x.id) << "," << csvField(x.name) << "," << x.kind << "," << csvField(x.group) << "," << x.jobs << ","
              << num(x.utilisation, 6) << "," << num(x.returning_share, 6) << "," << num(x.on_duty_s);
            for (double v : x.status_s) u << "," << num(v);
            u << "\n";
        }
        writeText(file("units.csv"), u.str());
        files.push_back(file("units.csv"));

        std::ostringstream cv;
        cv << "t_s,time,share,idle_units\n";
        for (const CoverageSample& c : m.coverage)
            cv << num(simToSeconds(c.t)) << "," << isoTime(r, c.t) << "," << num(c.share, 6) << "," << c.idle_units << "\n";
        writeText(file("coverage.csv"), cv.str());
        files.push_back(file("coverage.csv"));
    }
    if (o.charts) {
        progress.report(0.2, "charts");
        writeResponseChart(file("response_time.png"), m);
        writeCoverageChart(file("coverage.png"), m);
        writeUtilisationChart(file("utilisation.png"), m);
        files.push_back(file("response_time.png"));
        files.push_back(file("coverage.png"));
        files.push_back(file("utilisation.png"));
    }
    if (o.gpkg) {
        Progress sub{[&](double f, std::string_view st) { return progress.callback ? progress.callback(0.3 + 0.7 * f, st) : true; }};
        writeEventsGpkg(file("events.gpkg"), r, sub);
        files.push_back(file("events.gpkg"));
    }
    progress.report(1.0, "outputs written");
    return files;
}

}  // namespace jingwei::sim
