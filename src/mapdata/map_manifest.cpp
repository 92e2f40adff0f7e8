#include "mapdata/map_manifest.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/paths.h"
#include "mapdata/building_height.h"
#include "mapdata/graphml_reader.h"
#include "mapdata/map_package.h"
#include "mapdata/osm_reader.h"
#include "mapdata/road_builder.h"
#include "mapdata/road_components.h"
#include "mapdata/terrain.h"
#include "mapdata/vector_reader.h"

namespace fs = std::filesystem;

namespace jingwei {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string lineOf(const YAML::Node& n) { return "line " + std::to_string(n.Mark().line + 1); }

void checkKeys(const std::string& file, const YAML::Node& map, const std::set<std::string>& allowed,
               const std::string& what) {
    if (!map.IsMap()) throw Error(file, lineOf(map), what + " must be a mapping (key: value)");
    for (const auto& kv : map) {
        const std::string key = kv.first.as<std::string>();
        if (!allowed.count(key)) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw Error(file, lineOf(kv.first), "unknown key '" + key + "' in " + what + " (allowed: " + list + ")");
        }
    }
}

template <typename T>
T get(const std::string& file, const YAML::Node& n, const std::string& key, T def) {
    const YAML::Node v = n[key];
    if (!v) return def;
    try {
        return v.as<T>();
    } catch (const YAML::Exception&) {
        throw Error(file, lineOf(v), "'" + key + "' has the wrong type");
    }
}

std::set<std::string> operator+(std::set<std::string> a, const std::set<std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
}

// Default draw order by what a layer holds (docs/formats.md).
constexpr int kOrderTerrain = 0, kOrderVector = 100, kOrderPaths = 150, kOrderRoads = 200, kOrderBuildings = 300,
              kOrderPois = 400, kOrderPolice = 410;

Rgba colourValue(const std::string& file, const YAML::Node& n, const std::string& key) {
    const std::string s = get<std::string>(file, n, key, "");
    const auto c = parseColour(s);
    if (!c) throw Error(file, lineOf(n[key]), "'" + key + "' must be a colour like \"#3a7bd5\" or \"#3a7bd580\"");
    return *c;
}

Extrusion parseExtrusion(const std::string& file, const YAML::Node& e) {
    checkKeys(file, e, {"height_field", "levels_field", "min_height_field", "level_height_m", "default_height_m"},
              "extrusion");
    Extrusion x;
    x.height_field = get<std::string>(file, e, "height_field", x.height_field);
    x.levels_field = get<std::string>(file, e, "levels_field", x.levels_field);
    x.min_height_field = get<std::string>(file, e, "min_height_field", x.min_height_field);
    x.level_height_m = get<double>(file, e, "level_height_m", x.level_height_m);
    x.default_height_m = get<double>(file, e, "default_height_m", x.default_height_m);
    if (!(x.level_height_m > 0) || !(x.default_height_m > 0))
        throw Error(file, lineOf(e), "extrusion: level_height_m and default_height_m must be > 0");
    return x;
}

// `style:` mapping into s; label_field (if given there) into *label_field.
void parseStyle(const std::string& file, const YAML::Node& n, LayerStyle& s, std::string* label_field) {
    checkKeys(file, n, {"colour", "fill", "width", "opacity", "min_scale", "max_scale", "label_field", "extrusion"},
              "style");
    if (n["colour"]) s.colour = colourValue(file, n, "colour");
    if (n["fill"]) s.fill = colourValue(file, n, "fill");
    s.width_px = get<double>(file, n, "width", s.width_px);
    s.opacity = get<double>(file, n, "opacity", s.opacity);
    s.min_scale = get<double>(file, n, "min_scale", s.min_scale);
    s.max_scale = get<double>(file, n, "max_scale", s.max_scale);
    if (s.width_px < 0) throw Error(file, lineOf(n["width"]), "width must be >= 0");
    if (s.opacity < 0 || s.opacity > 1) throw Error(file, lineOf(n["opacity"]), "opacity must be between 0 and 1");
    if (s.min_scale < 0 || s.max_scale < 0 || (s.max_scale > 0 && s.min_scale > s.max_scale))
        throw Error(file, lineOf(n), "min_scale/max_scale are scale denominators with min_scale <= max_scale");
    if (n["label_field"]) {
        const std::string lf = get<std::string>(file, n, "label_field", "");
        if (label_field) {
            if (!label_field->empty() && *label_field != lf)
                throw Error(file, lineOf(n["label_field"]), "label_field is given twice with different values");
            *label_field = lf;
        }
    }
    if (n["extrusion"]) s.extrusion = parseExtrusion(file, n["extrusion"]);
}

// draw_order / visible / style of a layer or an osm output.
void parseLayerLook(const std::string& file, const YAML::Node& n, LayerStyle& s, std::string* label_field,
                    bool* has_order) {
    if (n["draw_order"]) {
        s.draw_order = get<int>(file, n, "draw_order", s.draw_order);
        if (has_order) *has_order = true;
    }
    s.visible = get<bool>(file, n, "visible", s.visible);
    if (n["style"]) parseStyle(file, n["style"], s, label_field);
}

void parseOsmOutput(const std::string& file, const YAML::Node& n, const std::string& key, OsmOutputSpec& out) {
    const YAML::Node v = n[key];
    if (!v) return;
    if (v.IsScalar()) {
        out.enabled = get<bool>(file, n, key, true);
        return;
    }
    checkKeys(file, v, {"name", "style", "draw_order", "visible"}, "osm output '" + key + "'");
    out.enabled = true;
    out.name = get<std::string>(file, v, "name", "");
    parseLayerLook(file, v, out.style, nullptr, &out.has_draw_order);
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Sub-range of a progress.
Progress subProgress(const Progress& p, double a, double b) {
    Progress s;
    if (p.callback)
        s.callback = [&p, a, b](double f, std::string_view stage) { return p.callback(a + (b - a) * f, stage); };
    return s;
}

}  // namespace

MapManifest readManifest(const std::string& path) {
    if (!fs::exists(path)) throw Error(path, "", "map manifest not found");
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::ParserException& e) {
        throw Error(path, "line " + std::to_string(e.mark.line + 1), "YAML syntax error: " + e.msg);
    } catch (const YAML::Exception& e) {
        throw Error(path, "", std::string("cannot read YAML: ") + e.what());
    }
    checkKeys(path, root, {"name", "name_en", "crs", "fallback", "layers", "synthetic", "speeds", "cache"},
              "the manifest");

    MapManifest m;
    m.path = path;
    m.text = readText(path);
    m.name = get<std::string>(path, root, "name", fs::path(path).stem().string());
    m.name_en = get<std::string>(path, root, "name_en", m.name);
    m.crs = get<std::string>(path, root, "crs", "auto");
    m.fallback = get<std::string>(path, root, "fallback", "");
    m.cache = get<bool>(path, root, "cache", true);

    if (const YAML::Node sp = root["speeds"]) {
        if (!sp.IsMap()) throw Error(path, lineOf(sp), "'speeds' must be a mapping of road class to km/h");
        for (const auto& kv : sp) {
            const std::string key = kv.first.as<std::string>();
            RoadClass c;
            if (!parseRoadClassKey(key, &c)) {
                std::string list;
                for (int i = 0; i < kRoadClassCount; ++i)
                    list += (list.empty() ? "" : ", ") + std::string(roadClassKey(RoadClass(i)));
                throw Error(path, lineOf(kv.first), "unknown road class '" + key + "' in speeds (known: " + list + ")");
            }
            const double v = get<double>(path, sp, key, 0);
            if (!(v >= 0) || v > 300) throw Error(path, lineOf(kv.second), "speed must be between 0 and 300 km/h");
            m.speeds[c] = v;
        }
    }

    if (const YAML::Node s = root["synthetic"]) {
        checkKeys(path, s, {"seed", "blocks_x", "blocks_y", "block_m", "collector_every", "arterial_every",
                            "ring_roads", "bridges", "centre_lon", "centre_lat"},
                  "synthetic");
        SyntheticCityParams p;
        p.seed = get<std::uint64_t>(path, s, "seed", p.seed);
        p.blocks_x = get<int>(path, s, "blocks_x", p.blocks_x);
        p.blocks_y = get<int>(path, s, "blocks_y", p.blocks_y);
        p.block_m = get<double>(path, s, "block_m", p.block_m);
        p.collector_every = get<int>(path, s, "collector_every", p.collector_every);
        p.arterial_every = get<int>(path, s, "arterial_every", p.arterial_every);
        p.ring_roads = get<int>(path, s, "ring_roads", p.ring_roads);
        p.bridges = get<int>(path, s, "bridges", p.bridges);
        p.centre_lon = get<double>(path, s, "centre_lon", p.centre_lon);
        p.centre_lat = get<double>(path, s, "centre_lat", p.centre_lat);
        p.crs = m.crs;
        if (p.blocks_x < 2 || p.blocks_y < 2 || p.block_m <= 0)
            throw Error(path, lineOf(s), "synthetic: blocks_x/blocks_y must be >= 2 and block_m > 0");
        m.synthetic = p;
    }

    const std::set<std::string> common = {"name", "type", "source", "style", "draw_order", "visible"};
    const std::set<std::string> ogr = {"crs", "layer", "label_field", "label_anchor_fields", "filter", "where"};
    const std::map<std::string, std::set<std::string>> allowed = {
        {"graphml", common + std::set<std::string>{"largest_component"}},
        {"vector", common + ogr + std::set<std::string>{"geometry", "kind"}},
        {"buildings", common + ogr},
        {"roads", common + ogr +
                      std::set<std::string>{"highway_field", "oneway_field", "name_field", "name_zh_field",
                                            "lanes_field", "maxspeed_field", "snap_m", "largest_component"}},
        {"osm", common + std::set<std::string>{"roads", "buildings", "pois", "police", "paths", "largest_component"}},
        {"dem", common + std::set<std::string>{"crs", "cell_m"}},
    };

    if (const YAML::Node layers = root["layers"]) {
        if (!layers.IsSequence()) throw Error(path, lineOf(layers), "'layers' must be a list");
        for (const auto& l : layers) {
            if (!l.IsMap()) throw Error(path, lineOf(l), "a layer must be a mapping (key: value)");
            LayerSpec spec;
            spec.line = l.Mark().line + 1;
            spec.type = get<std::string>(path, l, "type", "vector");
            const auto types = allowed.find(spec.type);
            if (types == allowed.end())
                throw Error(path, lineOf(l["type"] ? l["type"] : l),
                            "unknown layer type '" + spec.type + "' (known: buildings, dem, graphml, osm, roads, vector)");
            checkKeys(path, l, types->second, "a layer of type " + spec.type);
            spec.name = get<std::string>(path, l, "name", "");
            spec.source = get<std::string>(path, l, "source", "");
            spec.crs = get<std::string>(path, l, "crs", "");
            spec.layer = get<std::string>(path, l, "layer", "");
            spec.label_field = get<std::string>(path, l, "label_field", "");
            if (const YAML::Node a = l["label_anchor_fields"]) {
                if (!a.IsSequence() || a.size() != 2)
                    throw Error(path, lineOf(a), "label_anchor_fields must be a list of two field names");
                spec.anchor_x_field = a[0].as<std::string>();
                spec.anchor_y_field = a[1].as<std::string>();
            }
            if (l["filter"] && l["where"])
                throw Error(path, lineOf(l["where"]), "give either 'filter' or 'where' (they are the same), not both");
            spec.filter = get<std::string>(path, l, l["where"] ? "where" : "filter", "");
            if (spec.source.empty()) throw Error(path, lineOf(l), "a layer needs a 'source'");
            if (spec.name.empty()) spec.name = fs::path(spec.source).stem().string();

            // Default draw order and style by type, then the manifest's.
            const std::string& t = spec.type;
            spec.style.draw_order = t == "dem"                           ? kOrderTerrain
                                    : t == "buildings"                   ? kOrderBuildings
                                    : (t == "vector")                    ? kOrderVector
                                                                         : kOrderRoads;
            if (t == "buildings") spec.style.extrusion = Extrusion{};
            parseLayerLook(path, l, spec.style, &spec.label_field, nullptr);
            if (spec.style.extrusion && t != "buildings")
                throw Error(path, lineOf(l["style"]),
                            "extrusion applies to buildings layers only (type: buildings, or an osm layer's "
                            "buildings: {style: ...})");

            if (t == "vector") {
                if (const YAML::Node g = l["geometry"]) {
                    if (!parseGeometryKind(get<std::string>(path, l, "geometry", ""), &spec.geometry))
                        throw Error(path, lineOf(g), "geometry must be one of any, point, line, polygon");
                }
                if (const YAML::Node k = l["kind"]) {
                    bool ok = false;
                    const LayerKind kind = parseLayerKind(get<std::string>(path, l, "kind", ""), &ok);
                    if (!ok || kind == LayerKind::Buildings)
                        throw Error(path, lineOf(k),
                                    "kind must be one of generic, pois, police, paths, roads (use type: buildings "
                                    "for buildings)");
                    spec.style.draw_order = l["draw_order"] ? spec.style.draw_order
                                            : kind == LayerKind::Pois ? kOrderPois
                                            : kind == LayerKind::Police ? kOrderPolice
                                            : kind == LayerKind::Paths ? kOrderPaths
                                            : kind == LayerKind::Roads ? kOrderRoads
                                                                       : kOrderVector;
                }
            }
            if (t == "buildings") spec.geometry = GeometryKind::Polygon;
            if (t == "graphml") spec.largest_component = get<bool>(path, l, "largest_component", false);
            else spec.largest_component = get<bool>(path, l, "largest_component", true);
            if (t == "osm") {
                spec.osm_roads = get<bool>(path, l, "roads", true);
                spec.osm_buildings.style.draw_order = kOrderBuildings;
                spec.osm_buildings.style.extrusion = Extrusion{};
                spec.osm_pois.style.draw_order = kOrderPois;
                spec.osm_police.style.draw_order = kOrderPolice;
                spec.osm_paths.style.draw_order = kOrderPaths;
                parseOsmOutput(path, l, "buildings", spec.osm_buildings);
                parseOsmOutput(path, l, "pois", spec.osm_pois);
                parseOsmOutput(path, l, "police", spec.osm_police);
                parseOsmOutput(path, l, "paths", spec.osm_paths);
                if (!spec.osm_buildings.style.extrusion) spec.osm_buildings.style.extrusion = Extrusion{};
            }
            if (t == "roads") {
                spec.highway_field = get<std::string>(path, l, "highway_field", spec.highway_field);
                spec.oneway_field = get<std::string>(path, l, "oneway_field", spec.oneway_field);
                spec.name_field = get<std::string>(path, l, "name_field", spec.name_field);
                spec.name_zh_field = get<std::string>(path, l, "name_zh_field", spec.name_zh_field);
                spec.lanes_field = get<std::string>(path, l, "lanes_field", spec.lanes_field);
                spec.maxspeed_field = get<std::string>(path, l, "maxspeed_field", spec.maxspeed_field);
                spec.snap_m = get<double>(path, l, "snap_m", 0.0);
                if (spec.snap_m < 0 || spec.snap_m > 50)
                    throw Error(path, lineOf(l["snap_m"]), "snap_m must be between 0 and 50 metres");
            }
            if (t == "dem") {
                spec.cell_m = get<double>(path, l, "cell_m", 0.0);
                if (spec.cell_m < 0) throw Error(path, lineOf(l["cell_m"]), "cell_m must be >= 0");
            }
            m.layers.push_back(std::move(spec));
        }
    }
    if (m.layers.empty() && !m.synthetic)
        throw Error(path, "", "the manifest has neither 'layers' nor 'synthetic'");
    int road_sources = 0;
    for (const auto& l : m.layers)
        if (l.type == "graphml" || l.type == "roads" || (l.type == "osm" && l.osm_roads)) {
            if (++road_sources > 1)
                throw Error(path, "line " + std::to_string(l.line),
                            "only one road network per map (graphml, roads, or osm with roads) is supported");
        }
    return m;
}

std::vector<std::string> listMaps(const std::string& maps_dir_in) {
    const std::string dir = maps_dir_in.empty() ? defaultMapsDir() : maps_dir_in;
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolveMapPath(const std::string& name_or_path, const std::string& maps_dir_in) {
    const std::string dir = maps_dir_in.empty() ? defaultMapsDir() : maps_dir_in;
    const fs::path p(name_or_path);
    if (p.extension() == ".yaml" || p.extension() == ".yml") {
        if (!fs::exists(p)) throw Error(name_or_path, "", "map manifest not found");
        return name_or_path;
    }
    const fs::path candidate = fs::path(dir) / (name_or_path + ".yaml");
    if (fs::exists(candidate)) return candidate.string();
    std::string known;
    for (const auto& n : listMaps(dir)) known += (known.empty() ? "" : ", ") + n;
    throw Error("", "--map", "unknown map '" + name_or_path + "' (known maps in " + dir + ": " +
                                  (known.empty() ? "none" : known) + ")");
}

namespace {

struct Located {
    std::string manifest_path;
    MapManifest manifest;
    std::string data_dir;
    std::vector<std::string> files;  // per layer
    std::string missing;             // the first missing source ("" = all there)
    int missing_layer = -1;
};

Located locateAll(const std::string& name_or_path, const LoadOptions& opt) {
    Located r;
    r.manifest_path = resolveMapPath(name_or_path, opt.maps_dir);
    r.manifest = readManifest(r.manifest_path);
    r.data_dir = opt.data_dir.empty() ? defaultDataDir() : opt.data_dir;
    for (std::size_t i = 0; i < r.manifest.layers.size(); ++i) {
        const fs::path src(r.manifest.layers[i].source);
        std::string file;
        if (src.is_absolute()) file = src.string();
        else if (fs::exists(fs::path(r.data_dir) / src)) file = (fs::path(r.data_dir) / src).string();
        else if (fs::exists(fs::path(r.manifest_path).parent_path() / src))
            file = (fs::path(r.manifest_path).parent_path() / src).string();
        else file = (fs::path(r.data_dir) / src).string();
        if (r.missing.empty() && !fs::exists(file)) {
            r.missing = file;
            r.missing_layer = static_cast<int>(i);
        }
        r.files.push_back(file);
    }
    return r;
}

std::string packagePathFor(const Located& loc, const LoadOptions& opt, std::string* key) {
    const std::string dir = opt.cache_dir.empty() ? defaultCacheDir() : opt.cache_dir;
    *key = packageKey(loc.manifest.text, loc.files);
    return (fs::path(dir) / (fs::path(loc.manifest_path).stem().string() + "-" + key->substr(0, 16) + ".gpkg"))
        .string();
}

std::string osmDetail(const OsmStats& s) {
    return std::to_string(s.highway_lines) + " highway lines, " + std::to_string(s.buildings) + " buildings (" +
           std::to_string(s.buildings_with_height) + " with height, " + std::to_string(s.buildings_with_levels) +
           " with levels), " + std::to_string(s.pois) + " POIs, " + std::to_string(s.police) + " police, " +
           std::to_string(s.paths) + " paths";
}

void addOsmOutput(MapModel& model, VectorLayer&& l, const OsmOutputSpec& spec, const std::string& base,
                  const char* suffix) {
    if (!spec.enabled) return;
    l.name = spec.name.empty() ? base + "-" + suffix : spec.name;
    const LayerStyle look = spec.style;
    l.style = look;
    model.layers.push_back(std::move(l));
}

// Reads every layer, builds the road graph and projects.
MapModel importMap(const Located& loc, const Progress& progress) {
    const MapManifest& m = loc.manifest;
    const std::string& path = loc.manifest_path;
    const auto t0 = Clock::now();
    MapModel model;
    model.name = m.name;
    model.name_en = m.name_en;
    model.speeds = m.speeds;
    ImportReport& rep = model.report;
    std::vector<RoadWay> ways;
    bool build_graph = false, prune = false;
    RoadBuildOptions build_opt;

    const double share = 0.85 / double(m.layers.size());
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
        const LayerSpec& l = m.layers[i];
        const std::string& file = loc.files[i];
        const Progress sub = subProgress(progress, double(i) * share, double(i + 1) * share);
        const auto tl = Clock::now();
        LayerImportReport lr{l.name, l.type, file, 0, 0, ""};
        if (l.type == "graphml") {
            GraphMLStats st;
            model.roads = readGraphML(file, &st, sub);
            model.roads_name = l.name;
            model.roads_style = l.style;
            prune = l.largest_component;
            lr.features = st.edges;
            lr.detail = std::to_string(st.nodes) + " nodes, " + std::to_string(st.edges) + " edges, " +
                        std::to_string(st.unknown_class_edges) + " of unknown class";
        } else if (l.type == "vector" || l.type == "buildings" || l.type == "roads") {
            VectorReadOptions vo;
            vo.layer = l.layer;
            vo.label_field = l.label_field;
            vo.anchor_x_field = l.anchor_x_field;
            vo.anchor_y_field = l.anchor_y_field;
            vo.source_crs = l.crs;
            vo.filter = l.filter;
            vo.geometry = l.type == "roads" ? GeometryKind::Line : l.geometry;
            VectorLayer layer = readVectorLayer(file, vo, sub);
            layer.name = l.name;
            layer.style = l.style;
            lr.features = layer.features.size();
            if (l.type == "roads") {
                for (const Feature& f : layer.features) {
                    auto attr = [&f](const std::string& k) {
                        const auto it = f.attributes.find(k);
                        return it == f.attributes.end() ? std::string() : it->second;
                    };
                    for (const auto& line : f.lines) {
                        RoadWay w;
                        w.id = f.id;
                        w.points = line;
                        w.highway = attr(l.highway_field);
                        w.oneway = attr(l.oneway_field);
                        w.name = attr(l.name_field);
                        w.name_zh = attr(l.name_zh_field);
                        w.lanes = parseOsmLanes(attr(l.lanes_field));
                        w.maxspeed_kph = parseOsmSpeedKph(attr(l.maxspeed_field));
                        ways.push_back(std::move(w));
                    }
                }
                build_graph = true;
                prune = l.largest_component;
                build_opt.snap_m = l.snap_m;
                model.roads_name = l.name;
                model.roads_style = l.style;
                lr.detail = std::to_string(ways.size()) + " road lines";
            } else {
                if (l.type == "buildings") {
                    layer.kind = LayerKind::Buildings;
                    std::size_t with_height = 0, with_levels = 0;
                    for (auto& f : layer.features) {
                        applyExtrusion(f, *layer.style.extrusion);
                        with_height += f.height_source == HeightSource::Height;
                        with_levels += f.height_source == HeightSource::Levels;
                    }
                    lr.detail = std::to_string(layer.features.size()) + " buildings (" + std::to_string(with_height) +
                                " with height, " + std::to_string(with_levels) + " with levels)";
                }
                model.layers.push_back(std::move(layer));
            }
        } else if (l.type == "osm") {
            OsmReadOptions oo;
            oo.roads = l.osm_roads;
            oo.buildings = l.osm_buildings.enabled;
            oo.pois = l.osm_pois.enabled || l.osm_police.enabled;
            oo.paths = l.osm_paths.enabled;
            oo.extrusion = *l.osm_buildings.style.extrusion;
            OsmData d = readOsm(file, oo, sub);
            lr.features = d.stats.features;
            lr.detail = osmDetail(d.stats);
            if (l.osm_roads) {
                ways = std::move(d.highways);
                build_graph = true;
                prune = l.largest_component;
                model.roads_name = l.name;
                model.roads_style = l.style;
            }
            addOsmOutput(model, std::move(d.paths), l.osm_paths, l.name, "paths");
            addOsmOutput(model, std::move(d.buildings), l.osm_buildings, l.name, "buildings");
            addOsmOutput(model, std::move(d.pois), l.osm_pois, l.name, "pois");
            addOsmOutput(model, std::move(d.police), l.osm_police, l.name, "police");
        } else if (l.type == "dem") {
            TerrainReadOptions to;
            to.source_crs = l.crs;
            Terrain t = readTerrain(file, to, sub);
            t.name = l.name;
            t.style = l.style;
            t.warp_cell_m = l.cell_m;
            lr.features = std::size_t(t.width) * std::size_t(t.height);
            char buf[160];
            std::snprintf(buf, sizeof buf, "%d x %d cells, %.0f to %.0f m", t.width, t.height, double(t.min_m),
                          double(t.max_m));
            lr.detail = buf;
            model.terrains.push_back(std::move(t));
        }
        lr.seconds = secondsSince(tl);
        rep.layers.push_back(std::move(lr));
    }

    if (build_graph) {
        model.roads = buildRoadGraph(ways, build_opt, &rep.roads, subProgress(progress, 0.85, 0.88));
        if (model.roads.edges.empty())
            throw Error(path, "layer '" + model.roads_name + "'", "no drivable road in the source");
    }
    if (prune && !model.roads.edges.empty()) rep.components = keepLargestStronglyConnected(model.roads);
    applyRoadSpeeds(model.roads, model.speeds);
    rep.import_s = secondsSince(t0);

    const auto tp = Clock::now();
    try {
        model.project(m.crs, subProgress(progress, 0.88, 0.95));
    } catch (const Error& e) {
        if (e.file().empty()) throw Error(path, "crs", e.reason());
        throw;
    }
    rep.project_s = secondsSince(tp);
    return model;
}

}  // namespace

std::string mapPackagePath(const std::string& name_or_path, const LoadOptions& opt) {
    const Located loc = locateAll(name_or_path, opt);
    if (loc.manifest.synthetic || !loc.manifest.cache || !loc.missing.empty()) return "";
    std::string key;
    return packagePathFor(loc, opt, &key);
}

MapModel loadMap(const std::string& name_or_path, const LoadOptions& opt) {
    const auto t0 = Clock::now();
    const Located loc = locateAll(name_or_path, opt);
    const MapManifest& m = loc.manifest;

    if (m.synthetic) {
        MapModel model = generateSyntheticCity(*m.synthetic, opt.progress);
        model.name = m.name;
        model.name_en = m.name_en;
        model.speeds = m.speeds;
        applyRoadSpeeds(model.roads, model.speeds);
        return model;
    }

    // A missing source: fall back (e.g. to the synthetic city) or fail clearly.
    if (!loc.missing.empty()) {
        const LayerSpec& l = m.layers[static_cast<std::size_t>(loc.missing_layer)];
        if (opt.allow_fallback && !m.fallback.empty()) {
            LoadOptions sub = opt;
            sub.allow_fallback = false;
            MapModel model = loadMap(m.fallback, sub);
            model.notice =
                "数据缺失，已改用合成示例: " + loc.missing + " not found (data dir " + loc.data_dir + ")";
            return model;
        }
        throw Error(loc.missing,
                    "layer '" + l.name + "' (" + loc.manifest_path + " line " + std::to_string(l.line) + ")",
                    "source file not found (data dir is " + loc.data_dir + "; set JINGWEI_DATA_DIR or --data-dir)");
    }

    std::string key, package, note;
    const bool use_cache = opt.cache != CacheMode::Off && m.cache;
    if (use_cache) {
        package = packagePathFor(loc, opt, &key);
        if (opt.cache == CacheMode::ReadWrite && fs::exists(package)) {
            const auto tr = Clock::now();
            try {
                MapModel model = readMapPackage(package, key, opt.progress);
                model.report.cache_read_s = secondsSince(tr);
                model.report.total_s = secondsSince(t0);
                return model;
            } catch (const Error& e) {
                note = "缓存不可用，已重新导入 (cache unusable, re-imported): " + e.reason();
            }
        }
    } else {
        note = m.cache ? "cache off (--no-cache)" : "cache: false in the manifest";
    }

    MapModel model = importMap(loc, subProgress(opt.progress, 0.0, use_cache ? 0.95 : 1.0));
    model.package_key = key;
    if (use_cache) {
        const auto tw = Clock::now();
        try {
            writeMapPackage(model, package, subProgress(opt.progress, 0.95, 1.0));
            model.report.cache_file = package;
        } catch (const Error& e) {
            note = "缓存未写入 (cache not written): " + std::string(e.what());
        }
        model.report.cache_write_s = secondsSince(tw);
    }
    model.report.cache_note = note;
    model.report.total_s = secondsSince(t0);
    opt.progress.report(1.0, "地图就绪");
    return model;
}

}  // namespace jingwei
