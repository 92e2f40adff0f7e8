#include "mapdata/map_manifest.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/paths.h"
#include "mapdata/graphml_reader.h"
#include "mapdata/vector_reader.h"

namespace fs = std::filesystem;

namespace jingwei {
namespace {

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
    checkKeys(path, root, {"name", "name_en", "crs", "fallback", "layers", "synthetic"}, "the manifest");

    MapManifest m;
    m.path = path;
    m.name = get<std::string>(path, root, "name", fs::path(path).stem().string());
    m.name_en = get<std::string>(path, root, "name_en", m.name);
    m.crs = get<std::string>(path, root, "crs", "auto");
    m.fallback = get<std::string>(path, root, "fallback", "");

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

    if (const YAML::Node layers = root["layers"]) {
        if (!layers.IsSequence()) throw Error(path, lineOf(layers), "'layers' must be a list");
        for (const auto& l : layers) {
            checkKeys(path, l, {"name", "type", "source", "crs", "layer", "label_field", "label_anchor_fields"},
                      "a layer");
            LayerSpec spec;
            spec.line = l.Mark().line + 1;
            spec.name = get<std::string>(path, l, "name", "");
            spec.type = get<std::string>(path, l, "type", "vector");
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
            if (spec.type != "graphml" && spec.type != "vector")
                throw Error(path, lineOf(l["type"] ? l["type"] : l),
                            "unknown layer type '" + spec.type + "' (known: graphml, vector)");
            if (spec.source.empty()) throw Error(path, lineOf(l), "a layer needs a 'source'");
            if (spec.name.empty()) spec.name = fs::path(spec.source).stem().string();
            m.layers.push_back(std::move(spec));
        }
    }
    if (m.layers.empty() && !m.synthetic)
        throw Error(path, "", "the manifest has neither 'layers' nor 'synthetic'");
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

MapModel loadMap(const std::string& name_or_path, const LoadOptions& opt) {
    const std::string path = resolveMapPath(name_or_path, opt.maps_dir);
    const MapManifest m = readManifest(path);
    const std::string data_dir = opt.data_dir.empty() ? defaultDataDir() : opt.data_dir;

    if (m.synthetic) {
        MapModel model = generateSyntheticCity(*m.synthetic, opt.progress);
        model.name = m.name;
        return model;
    }

    auto locate = [&](const LayerSpec& l) -> std::string {
        const fs::path src(l.source);
        if (src.is_absolute()) return src.string();
        const fs::path in_data = fs::path(data_dir) / src;
        if (fs::exists(in_data)) return in_data.string();
        const fs::path beside = fs::path(path).parent_path() / src;
        if (fs::exists(beside)) return beside.string();
        return in_data.string();
    };

    // A missing source: fall back (e.g. to the synthetic city) or fail clearly.
    for (const auto& l : m.layers) {
        const std::string file = locate(l);
        if (fs::exists(file)) continue;
        if (opt.allow_fallback && !m.fallback.empty()) {
            LoadOptions sub = opt;
            sub.allow_fallback = false;
            MapModel model = loadMap(m.fallback, sub);
            model.notice = "数据缺失，已改用合成示例: " + file + " not found (data dir " + data_dir + ")";
            return model;
        }
        throw Error(file, "layer '" + l.name + "' (" + path + " line " + std::to_string(l.line) + ")",
                    "source file not found (data dir is " + data_dir + "; set JINGWEI_DATA_DIR or --data-dir)");
    }

    MapModel model;
    model.name = m.name;
    const double share = 1.0 / double(m.layers.size());
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
        const LayerSpec& l = m.layers[i];
        Progress sub;
        if (opt.progress.callback)
            sub.callback = [&, i](double f, std::string_view stage) {
                return opt.progress.callback((double(i) + f) * share, stage);
            };
        const std::string file = locate(l);
        if (l.type == "graphml") {
            if (!model.roads.nodes.empty())
                throw Error(path, "line " + std::to_string(l.line), "only one road graph per map is supported");
            model.roads = readGraphML(file, nullptr, sub);
        } else {
            VectorReadOptions vo;
            vo.layer = l.layer;
            vo.label_field = l.label_field;
            vo.anchor_x_field = l.anchor_x_field;
            vo.anchor_y_field = l.anchor_y_field;
            vo.source_crs = l.crs;
            VectorLayer layer = readVectorLayer(file, vo, sub);
            layer.name = l.name;
            model.layers.push_back(std::move(layer));
        }
    }
    try {
        model.project(m.crs);
    } catch (const Error& e) {
        throw Error(path, "crs", e.reason());
    }
    opt.progress.report(1.0, "地图就绪");
    return model;
}

}  // namespace jingwei
