#include "render/map_style.h"

#include <algorithm>
#include <cctype>

namespace jingwei {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool waterWord(const std::string& v) {
    const std::string s = lower(v);
    for (const char* w : {"water", "river", "lake", "sea", "reservoir", "canal", "stream", "水", "河", "湖", "海"})
        if (s.find(w) != std::string::npos) return true;
    return false;
}

}  // namespace

AreaKind areaKind(const VectorLayer& layer, const Feature& f) {
    auto attr = [&](const char* key) -> std::string {
        const auto it = f.attributes.find(key);
        return it == f.attributes.end() ? std::string() : it->second;
    };
    const std::string kind = lower(attr("kind"));
    if (kind == "centreline" || kind == "centerline") return AreaKind::WaterLine;
    if (kind == "district") return AreaKind::District;
    for (const char* key : {"kind", "type", "natural", "waterway"})
        if (waterWord(attr(key))) return AreaKind::Water;
    if (waterWord(layer.name)) return f.polygons.empty() ? AreaKind::WaterLine : AreaKind::Water;
    return AreaKind::District;
}

}  // namespace jingwei
