#pragma once
// Map manifests: maps/<name>.yaml says what a map is made of. The format is
// documented in docs/formats.md. Parsing is strict: an unknown key is an
// error that names the file and line.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "mapdata/layer_style.h"
#include "mapdata/map_model.h"
#include "mapdata/road_speeds.h"
#include "mapdata/synthetic_city.h"
#include "mapdata/vector_reader.h"

namespace jingwei {

// One output of an `osm` layer (buildings, pois, police, paths).
struct OsmOutputSpec {
    bool enabled = true;
    std::string name;             // layer name ("" = <layer name>-<output>)
    LayerStyle style;
    bool has_draw_order = false;  // draw_order given in the manifest
};

struct LayerSpec {
    std::string name;
    std::string type;             // graphml, vector, osm, roads, buildings, dem
    std::string source;           // relative to the data dir (or the manifest's folder)
    std::string crs;              // source CRS override ("" = from the file, "GCJ02", "EPSG:...")
    std::string layer;            // OGR layer name inside the source
    std::string label_field;
    std::string anchor_x_field, anchor_y_field;
    int line = 0;                 // where the layer starts in the manifest

    // Added for issue 3 ------------------------------------------------------
    std::string filter;           // OGR attribute filter (`filter:` or `where:`)
    GeometryKind geometry = GeometryKind::Any;  // vector: required geometry (buildings: polygon)
    LayerStyle style;             // style, draw_order, visible (draw_order defaulted by type)
    bool largest_component = true;  // osm/roads: keep the largest strongly connected part
    // osm
    bool osm_roads = true;
    OsmOutputSpec osm_buildings, osm_pois, osm_police, osm_paths;
    // roads (vector lines → road graph): attribute names
    std::string highway_field = "highway", oneway_field = "oneway", name_field = "name",
                name_zh_field = "name:zh", lanes_field = "lanes", maxspeed_field = "maxspeed";
    double snap_m = 0;
    // dem
    double cell_m = 0;            // resampling cell size in the map CRS (0 = about the source's)
};

struct MapManifest {
    std::string path;             // the manifest file
    std::string name, name_en;
    std::string crs = "auto";
    std::string fallback;         // map loaded instead when a source file is absent
    std::vector<LayerSpec> layers;
    std::optional<SyntheticCityParams> synthetic;  // a generated map instead of files

    // Added for issue 3 ------------------------------------------------------
    RoadSpeeds speeds;            // defaults, with the manifest's `speeds:` overrides
    bool cache = true;            // `cache: false` never reads or writes a map package
    std::string text;             // the manifest file's bytes (part of the cache key)
};

// Parses a manifest; throws Error(file, "line N", reason).
MapManifest readManifest(const std::string& path);

// What loadMap does with the map package cache.
enum class CacheMode {
    ReadWrite,   // read a matching package, else import and write one (default)
    Refresh,     // import and write a new package, ignoring an existing one
    Off,         // neither read nor write
};

struct LoadOptions {
    std::string data_dir;         // "" = defaultDataDir()
    std::string maps_dir;         // "" = defaultMapsDir()
    bool allow_fallback = true;
    Progress progress;

    // Added for issue 3 ------------------------------------------------------
    CacheMode cache = CacheMode::ReadWrite;
    std::string cache_dir;        // "" = defaultCacheDir() ($JINGWEI_CACHE_DIR, ~/.cache/jingwei)
};

// "futian" → <maps_dir>/futian.yaml; a path to a .yaml file is used as is.
// Throws Error listing the known maps for an unknown name.
std::string resolveMapPath(const std::string& name_or_path, const std::string& maps_dir = "");
// Names of the manifests in maps_dir, sorted.
std::vector<std::string> listMaps(const std::string& maps_dir = "");

// Loads and projects a map. When a source file is missing and the manifest
// names a fallback, the fallback map is loaded instead and MapModel::notice
// says why. Maps made from files go through the map package cache
// (map_package.h): a matching package is read instead of importing, and a
// fresh import writes one (a failure to write it is noted in
// MapModel::report.cache_note, not an error). MapModel::report says what
// happened.
MapModel loadMap(const std::string& name_or_path, const LoadOptions& opt = {});

// The package file loadMap uses for a manifest (empty when the map is not
// cacheable: synthetic, `cache: false`, or a source file missing).
std::string mapPackagePath(const std::string& name_or_path, const LoadOptions& opt = {});

}  // namespace jingwei
