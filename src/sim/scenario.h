#pragma once
// Scenario files (scenarios/*.yaml): the map and simulated period, the
// forces, the incident stream, the dispatch policy, on-scene times per
// category, road events and metrics settings. The schema is documented in
// docs/formats.md ("Scenario files"). Parsing is strict: an unknown key, a
// wrong type or an impossible value is a jingwei::Error naming the file, the
// line and the field, e.g.
//   scenarios/x.yaml: line 12: forces.stations[1].units: expected an integer ≥ 0, got 'three'
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "place/plan.h"
#include "sim/distribution.h"
#include "sim/sim_types.h"

namespace jingwei::sim {

// A place on the map as written in the scenario.
struct PlaceSpec {
    enum class Kind : std::uint8_t { LonLat, XY, Node } kind = Kind::LonLat;
    double a = 0, b = 0;          // lon/lat (WGS84) or x/y (map metres)
    std::uint32_t node = 0;       // RoadData node index
    int line = 0;
};

// A circle or box (areas of events and beats).
struct AreaSpec {
    bool is_box = false;
    PlaceSpec centre;             // circle
    double radius_m = 0;
    PlaceSpec min, max;           // box corners (same kind)
    int line = 0;
};

// A time window: [start, end) in ms since the period start.
struct WindowSpec {
    SimTime start = 0, end = kNever;
    int line = 0;
};

// A place units are based at: station (派出所), post (警务站), 前置屯警 post,
// or a 特警 / 应急机动 base. Each holds `units` units of its kind.
struct BaseSpec {
    std::string id, name;
    UnitKind kind = UnitKind::Station;
    PlaceSpec at;
    int units = 1;
    int line = 0;
    // 前置屯警: units on duty per local hour (0..23) and where they come from.
    std::array<int, 24> schedule{};
    std::string home;             // a station/post id ("" = they appear at the post)
    // 特警 / 应急机动: mobilisation delay before departure.
    int readiness = 0;            // level (readiness_levels), 0 = use mobilisation_s
    double mobilisation_s = 0;
};

// A patrol: a loop of waypoints (route), or a beat area the engine picks
// waypoints in (seeded).
struct PatrolSpec {
    std::string id, name;
    std::vector<PlaceSpec> route;
    std::optional<AreaSpec> beat;
    int waypoints = 6;            // beat: number of waypoints
    int units = 1;
    int line = 0;
};

struct CategorySpec {
    std::string name;
    int priority = 0;             // 0 = the incident's own or the project default
    std::optional<Distribution> on_scene;  // none = the default category's
    int units = 0;                // regular units sent (0 = the default category's, else 1)
    int reinforce = 0;            // extra 特警 / 应急机动 units
    int line = 0;
};

struct SyntheticStreamSpec {
    double per_day = 0;           // mean incidents per day
    std::uint64_t seed = 0;       // 0 = derived from the run's seed
    int hotspots = 8;
    std::optional<std::array<double, 24>> hour_profile;
    std::optional<std::array<double, 7>> weekday_profile;
    std::map<std::string, double> category_weights;  // empty = the generator's defaults
    int line = 0;
};

struct FileStreamSpec {
    std::vector<std::string> paths;   // as resolved (relative to the scenario's folder or the data dir)
    std::string time_format = "auto";
    double utc_offset_h = 8;
    std::string id_field, lon_field, lat_field, time_field, category_field, priority_field;
    double shift_days = 0;        // added to every time (replay last year's calls this year)
    int line = 0;
};

struct PoissonStreamSpec {
    double rate_per_hour = 0;
    std::vector<PlaceSpec> at;    // arrivals spread evenly over these places
    std::string category = "求助";
    WindowSpec window;            // default: the whole period
    int line = 0;
};

struct IncidentStreamSpec {
    std::optional<SyntheticStreamSpec> synthetic;
    std::optional<FileStreamSpec> file;
    std::vector<PoissonStreamSpec> poisson;
    int line = 0;
};

// Road closure (封路): the links of the listed RoadData edges, OSM ways or
// every link with a point inside the area, for the window.
struct ClosureSpec {
    WindowSpec window;
    std::vector<std::uint32_t> edges;
    std::vector<std::int64_t> ways;
    std::optional<AreaSpec> area;
    int line = 0;
};

// Congestion (拥堵): travel times × factor inside the area (everywhere when
// no area) for the window, on top of the hourly profile.
struct CongestionSpec {
    WindowSpec window;
    double factor = 1;
    std::optional<AreaSpec> area;
    int line = 0;
};

// Large-event surge (大型活动): extra Poisson calls in an area for a window.
struct SurgeSpec {
    std::string name;
    WindowSpec window;
    AreaSpec area;
    double extra_per_hour = 0;
    std::string category = "纠纷";
    int line = 0;
};

struct PolicyParam {
    std::string key, value;
    int line = 0;
};

struct DispatchSpec {
    std::string policy = "nearest";
    std::vector<PolicyParam> params;
    int line = 0;
};

struct TravelSpec {
    bool emergency = true;
    double emergency_speed_factor = 1.2;
    bool congestion = true;                      // the hourly profile
    std::optional<std::array<double, 24>> congestion_factors;  // none = network's defaults
    bool relax_oneway = false;
    double return_time_factor = 1.2;             // driving back without lights and siren
    double patrol_time_factor = 2.0;             // patrol driving is slow
    double max_snap_m = 300;
    int line = 0;
};

struct MetricsSpec {
    std::vector<double> standards_min = {1, 3, 5};
    double coverage_every_min = 15;              // 0 = no coverage samples
    double coverage_limit_min = 3;
    std::size_t coverage_max_points = 4096;
    std::string districts_layer;                 // "" = a layer named districts / 行政区 if present
    std::string district_field;                  // "" = the feature's label
    double histogram_bin_s = 30;
    double mobile_standard_h = 2;                // 应急机动 whole-region standard
    int line = 0;
};

struct Scenario {
    std::string path;             // the file
    std::string text;             // its bytes
    std::string name, name_en, description;
    std::string map = "futian";   // map name or manifest path
    std::int64_t start_utc_s = 0; // period start (UTC seconds)
    SimTime duration = kDay;      // calls arrive in [0, duration)
    SimTime drain = 6 * kHour;    // after that, open jobs may finish
    std::int64_t utc_offset_s = 8 * 3600;  // local time of schedules and congestion
    std::uint64_t seed = 1;
    TravelSpec travel;
    std::map<int, double> readiness_levels = {{1, 300}, {2, 900}, {3, 1800}};  // level → s
    std::vector<BaseSpec> bases;  // stations, posts, 前置屯警 posts, 特警/应急机动 bases (file order)
    std::vector<PatrolSpec> patrols;
    IncidentStreamSpec incidents;
    std::vector<CategorySpec> categories;  // "default" first when given
    DispatchSpec dispatch;
    std::vector<ClosureSpec> closures;
    std::vector<CongestionSpec> congestion;
    std::vector<SurgeSpec> surges;
    MetricsSpec metrics;

    // The category spec by name (the "default" entry, or built-in defaults).
    const CategorySpec* category(const std::string& name) const;
    const CategorySpec& defaultCategory() const;
    // Total number of units.
    std::size_t unitCount() const;
};

// Reads and validates a scenario file. Relative incident file paths are
// resolved against the scenario's folder, then the data directory
// (data_dir "" = defaultDataDir()). Throws Error(file, "line N", "field: reason").
Scenario readScenario(const std::string& path, const std::string& data_dir = "");
// The same from text (path is used in messages and for relative paths).
Scenario parseScenario(const std::string& text, const std::string& path, const std::string& data_dir = "");

// Adds a plan's posts (place/plan.h) as 前置屯警 posts: each post staffed in
// some window becomes a forward post with `units_per_post` units (0: the
// plan's) on duty in its windows' hours, coming from `home` (a station or
// post id, "" = none). `line` is given to the bases for messages.
void addPlanPosts(Scenario& s, const place::Plan& plan, const std::string& home = "", int units_per_post = 0, int line = 0);

}  // namespace jingwei::sim
