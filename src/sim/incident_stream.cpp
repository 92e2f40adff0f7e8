#include "sim/incident_stream.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "analysis/civil_time.h"
#include "analysis/incident.h"
#include "analysis/incident_io.h"
#include "analysis/synthetic_incidents.h"
#include "core/error.h"
#include "sim/random.h"

namespace jingwei::sim {
namespace {

struct Raw {
    SimTime call;
    XY pos;
    std::string id;
    std::string category;
    int priority;          // 0 = the category's
    std::uint8_t stream;
};

void addPoisson(std::vector<Raw>& out, Rng& rng, double rate_per_hour, SimTime t0, SimTime t1,
                const std::function<XY(Rng&)>& where, const std::string& category, std::uint8_t stream,
                const std::string& prefix) {
    if (!(rate_per_hour > 0)) return;
    const double mean_s = 3600.0 / rate_per_hour;
    double t_s = simToSeconds(t0);
    std::size_t n = 0;
    for (;;) {
        t_s += rng.exponential(mean_s);
        const SimTime t = secondsToSim(t_s);
        if (t >= t1) break;
        const XY p = where(rng);
        out.push_back({t, p, cat({prefix, std::to_string(++n)}), category, 0, stream});
    }
}

}  // namespace

IncidentStreams buildIncidentStreams(const Scenario& s, const MapModel& map, const SimNetwork& net,
                                     const PlaceResolver& places, std::uint64_t seed, const Progress& progress) {
    std::vector<Raw> raw;
    IncidentStreams out;
    const std::int64_t start_ms = s.start_utc_s * 1000;

    // The generator of analysis (space: hotspots, roads, POIs; time: hour
    // and weekday profiles).
    if (const auto& sy = s.incidents.synthetic) {
        progress.report(0.0, "synthetic incidents");
        const std::int64_t local0 = s.start_utc_s + s.utc_offset_s;
        const std::int64_t day0 = floorDays(local0);
        const std::int64_t last_ms = s.start_utc_s * 1000 + s.duration - 1;
        const std::int64_t day1 = floorDays((last_ms / 1000) + s.utc_offset_s);
        const int days = static_cast<int>(day1 - day0 + 1);
        SyntheticIncidentParams p;
        p.seed = sy->seed != 0 ? sy->seed : streamSeed(seed, Stream::Incidents);
        p.count = static_cast<std::size_t>(std::llround(sy->per_day * days));
        p.start_date = formatDate(day0);
        p.days = days;
        p.utc_offset_s = s.utc_offset_s;
        p.hotspots = sy->hotspots;
        if (sy->hour_profile) p.hour_profile = *sy->hour_profile;
        if (sy->weekday_profile) p.weekday_profile = *sy->weekday_profile;
        if (!sy->category_weights.empty()) {
            std::vector<SyntheticCategory> cats;
            for (const auto& [name, w] : sy->category_weights) {
                int prio = defaultCategoryPriority(name);
                if (const CategorySpec* c = s.category(name); c && c->priority > 0) prio = c->priority;
                cats.push_back({name, prio, w});
            }
            p.categories = std::move(cats);
        }
        if (p.count > 0) {
            Progress sub{[&](double f, std::string_view st) {
                if (progress.callback) return progress.callback(0.4 * f, st);
                return true;
            }};
            const IncidentSet set = generateSyntheticIncidents(map, p, sub);
            const auto& times = set.times();
            const auto& pos = set.positions();
            const auto& cat = set.categoryIndex();
            const auto& prio = set.priorities();
            for (std::size_t i = 0; i < set.size(); ++i) {
                const std::int64_t t = times[i] * 1000 - start_ms;
                if (t < 0 || t >= s.duration) {
                    ++out.outside_period;
                    continue;
                }
                raw.push_back({t, {pos[i].x, pos[i].y}, set.ids()[i], set.categories()[cat[i]].name, prio[i], 0});
            }
        }
    }

    // A replayed file (CSV / GeoJSON / GeoPackage, the readers of analysis).
    if (const auto& fl = s.incidents.file) {
        progress.report(0.4, "incident file");
        IncidentReadOptions o;
        o.time_format = fl->time_format;
        o.utc_offset_s = static_cast<std::int64_t>(std::llround(fl->utc_offset_h * 3600));
        o.fields.id = fl->id_field;
        o.fields.lon = fl->lon_field;
        o.fields.lat = fl->lat_field;
        o.fields.time = fl->time_field;
        o.fields.category = fl->category_field;
        o.fields.priority = fl->priority_field;
        IncidentImportReport report;
        IncidentSet set = readIncidents(fl->paths, o, &report);
        out.file_rows_rejected = report.rowsRejected();
        set.project(map.crs);
        const std::int64_t shift_ms = static_cast<std::int64_t>(std::llround(fl->shift_days * 86400.0 * 1000.0));
        for (std::size_t i = 0; i < set.size(); ++i) {
            const std::int64_t t = set.times()[i] * 1000 + shift_ms - start_ms;
            if (t < 0 || t >= s.duration) {
                ++out.outside_period;
                continue;
            }
            const GeoPoint& g = set.positions()[i];
            raw.push_back({t, {g.x, g.y}, set.ids()[i], set.categories()[set.categoryIndex()[i]].name,
                           set.priorities()[i], 1});
        }
    }

    // Poisson streams at fixed places.
    for (std::size_t k = 0; k < s.incidents.poisson.size(); ++k) {
        const PoissonStreamSpec& ps = s.incidents.poisson[k];
        std::vector<XY> at;
        for (std::size_t j = 0; j < ps.at.size(); ++j)
            at.push_back(places.resolve(ps.at[j], "incidents.poisson.at"));
        Rng rng(seed, Stream::Poisson, k);
        addPoisson(raw, rng, ps.rate_per_hour, std::max<SimTime>(0, ps.window.start), std::min(ps.window.end, s.duration),
                   [&](Rng& r) { return at.size() == 1 ? at[0] : at[r.below(at.size())]; }, ps.category, 2,
                   cat({"P", std::to_string(k + 1), "-"}));
    }

    // Large-event surges: extra Poisson calls, uniform in the area.
    for (std::size_t k = 0; k < s.surges.size(); ++k) {
        const SurgeSpec& g = s.surges[k];
        const Area area = resolveArea(places, g.area, "events.area");
        Rng rng(seed, Stream::Surge, k);
        addPoisson(raw, rng, g.extra_per_hour, std::max<SimTime>(0, g.window.start), std::min(g.window.end, s.duration),
                   [&](Rng& r) -> XY {
                       if (area.is_box)
                           return {area.box.min_x + r.uniform() * area.box.width(),
                                   area.box.min_y + r.uniform() * area.box.height()};
                       const double rad = area.radius_m * std::sqrt(r.uniform());
                       const double th = 6.283185307179586476925 * r.uniform();
                       return {area.centre.x + rad * std::cos(th), area.centre.y + rad * std::sin(th)};
                   },
                   g.category, 3, cat({"S", std::to_string(k + 1), "-"}));
    }

    // Time order; ties keep the stream order above (stable).
    std::vector<std::uint32_t> order(raw.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return raw[a].call < raw[b].call; });

    // Categories, districts, network nodes, on-scene times.
    progress.report(0.5, "placing incidents on the network");
    const Districts districts(map, s.metrics.districts_layer, s.metrics.district_field);
    out.districts = districts.names();
    out.districts_layer = districts.layerName();
    std::map<std::string, std::uint16_t> cat_index;
    struct CatInfo {
        const Distribution* dist;
        int priority, units, reinforce;
    };
    std::vector<CatInfo> cat_info;
    const CategorySpec& def = s.defaultCategory();
    auto categoryOf = [&](const std::string& name) -> std::uint16_t {
        auto [it, fresh] = cat_index.emplace(name, static_cast<std::uint16_t>(out.categories.size()));
        if (fresh) {
            if (out.categories.size() >= 65535) throw Error(s.path, "", "too many incident categories");
            out.categories.push_back(name);
            const CategorySpec* c = s.category(name);
            CatInfo ci;
            ci.dist = c && c->on_scene ? &*c->on_scene : &*def.on_scene;
            ci.priority = c && c->priority > 0 ? c->priority : 0;
            ci.units = c && c->units > 0 ? c->units : (def.units > 0 ? def.units : 1);
            ci.reinforce = c ? c->reinforce : def.reinforce;
            cat_info.push_back(ci);
        }
        return it->second;
    };
    if (!def.on_scene) throw Error(s.path, "", "categories.default needs on_scene");

    Rng onscene(seed, Stream::OnScene);
    out.incidents.reserve(raw.size());
    out.ids.reserve(raw.size());
    const std::size_t n = order.size();
    for (std::size_t k = 0; k < n; ++k) {
        if ((k & 0x3FFF) == 0) progress.report(0.5 + 0.5 * static_cast<double>(k) / static_cast<double>(n), "placing incidents on the network");
        Raw& r = raw[order[k]];
        IncidentRecord inc;
        inc.call = r.call;
        inc.pos = r.pos;
        inc.stream = r.stream;
        inc.category = categoryOf(r.category);
        const CatInfo& ci = cat_info[inc.category];
        int prio = ci.priority > 0 ? ci.priority : (r.priority > 0 ? r.priority : defaultCategoryPriority(r.category));
        inc.priority = static_cast<std::uint8_t>(std::clamp(prio, kHighestPriority, kLowestPriority));
        inc.units_needed = static_cast<std::uint8_t>(ci.units);
        inc.reinforce_needed = static_cast<std::uint8_t>(ci.reinforce);
        inc.on_scene = ci.dist->sample(onscene);
        inc.node = net.nodeNear(r.pos, s.travel.max_snap_m);
        if (inc.node == kNoId) ++out.off_network;
        inc.district = districts.empty() ? -1 : districts.find(r.pos);
        ++out.per_stream[r.stream];
        out.incidents.push_back(inc);
        out.ids.push_back(std::move(r.id));
    }
    progress.report(1.0, "incidents ready");
    return out;
}

}  // namespace jingwei::sim
