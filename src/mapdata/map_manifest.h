#pragma once
// Map manifests: maps/<name>.yaml says what a map is made of. The format is
// documented in docs/formats.md. Parsing is strict: an unknown key is an
// error that names the file and line.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "mapdata/map_model.h"
#include "mapdata/synthetic_city.h"

namespace jingwei {

struct LayerSpec {
    std::string name;
    std::string type;             // "graphml" or "vector"
    std::string source;           // relative to the data dir (or the manifest's folder)
    std::string crs;              // source CRS override ("" = from the file, "GCJ02", "EPSG:...")
    std::string layer;            // OGR layer name inside the source
    std::string label_field;
    std::string anchor_x_field, anchor_y_field;
    int line = 0;                 // where the layer starts in the manifest
};

struct MapManifest {
    std::string path;             // the manifest file
    std::string name, name_en;
    std::string crs = "auto";
    std::string fallback;         // map loaded instead when a source file is absent
    std::vector<LayerSpec> layers;
    std::optional<SyntheticCityParams> synthetic;  // a generated map instead of files
};

// Parses a manifest; throws Error(file, "line N", reason).
MapManifest readManifest(const std::string& path);

struct LoadOptions {
    std::string data_dir;         // "" = defaultDataDir()
    std::string maps_dir;         // "" = defaultMapsDir()
    bool allow_fallback = true;
    Progress progress;
};

// "futian" → <maps_dir>/futian.yaml; a path to a .yaml file is used as is.
// Throws Error listing the known maps for an unknown name.
std::string resolveMapPath(const std::string& name_or_path, const std::string& maps_dir = "");
// Names of the manifests in maps_dir, sorted.
std::vector<std::string> listMaps(const std::string& maps_dir = "");

// Loads and projects a map. When a source file is missing and the manifest
// names a fallback, the fallback map is loaded instead and MapModel::notice
// says why.
MapModel loadMap(const std::string& name_or_path, const LoadOptions& opt = {});

}  // namespace jingwei
