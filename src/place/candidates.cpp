#include "place/candidates.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "core/crs.h"
#include "core/error.h"
#include "mapdata/vector_reader.h"
#include "network/units_csv.h"

namespace jingwei::place {

std::vector<Candidate> stationCandidates(const MapModel& map) {
    std::vector<Candidate> out;
    std::size_t layer_no = 0;
    for (const VectorLayer& l : map.layers) {
        if (l.kind != LayerKind::Police) continue;
        ++layer_no;
        for (std::size_t f = 0; f < l.features.size(); ++f) {
            const Feature& ft = l.features[f];
            Bounds b;
            for (const GeoPoint& p : ft.points) b.add(p.x, p.y);
            for (const auto& line : ft.lines)
                for (const GeoPoint& p : line) b.add(p.x, p.y);
            for (const auto& poly : ft.polygons)
                for (const auto& ring : poly)
                    for (const GeoPoint& p : ring) b.add(p.x, p.y);
            if (b.empty()) continue;
            Candidate c;
            const auto ref = ft.attributes.find("ref");
            c.id = ref != ft.attributes.end() && !ref->second.empty()
                       ? ref->second
                       : prefixedId('S', layer_no) + "-" + std::to_string(f + 1);
            c.name = ft.label.empty() ? c.id : ft.label;
            c.pos = {b.centerX(), b.centerY()};
            c.source = "station";
            out.push_back(std::move(c));
        }
    }
    return out;
}

std::vector<Candidate> readCandidateFile(const std::string& path, const std::string& map_crs, const std::string& source) {
    const Projector proj(map_crs);
    std::vector<Candidate> out;
    std::set<std::string> ids;
    auto add = [&](std::string id, std::string name, double lon, double lat, const std::string& where) {
        if (id.empty()) throw Error(path, where, "empty id");
        if (!ids.insert(id).second) throw Error(path, where, "id '" + id + "' is used twice");
        const XY p = proj.forward({lon, lat});
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw Error(path, where, "cannot project the position to " + map_crs);
        Candidate c;
        c.id = std::move(id);
        c.name = name.empty() ? c.id : std::move(name);
        c.pos = p;
        c.source = source;
        out.push_back(std::move(c));
    };
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext == ".csv" || ext == ".txt") {
        for (const UnitRecord& r : readUnitsCsv(path)) add(r.id, r.name, r.lon, r.lat, "line " + std::to_string(r.line));
        if (out.empty()) throw Error(path, "", "no posts in the file");
        return out;
    }
    VectorReadOptions ro;
    ro.geometry = GeometryKind::Point;
    const VectorLayer layer = readVectorLayer(path, ro);
    for (std::size_t f = 0; f < layer.features.size(); ++f) {
        const Feature& ft = layer.features[f];
        const std::string where = "feature " + std::to_string(f + 1);
        if (ft.points.size() != 1) throw Error(path, where, "expected one point per feature");
        auto attr = [&](const char* key) {
            const auto it = ft.attributes.find(key);
            return it == ft.attributes.end() ? std::string() : it->second;
        };
        std::string id = attr("id");
        if (id.empty()) id = prefixedId('P', f + 1);
        add(id, attr("name"), ft.points[0].lon, ft.points[0].lat, where);
    }
    return out;
}

WeightedPoints readWeightLayer(const std::string& path, const std::string& field, const std::string& map_crs) {
    const Projector proj(map_crs);
    VectorReadOptions ro;
    ro.geometry = GeometryKind::Point;
    const VectorLayer layer = readVectorLayer(path, ro);
    WeightedPoints out;
    double total = 0;
    for (std::size_t f = 0; f < layer.features.size(); ++f) {
        const Feature& ft = layer.features[f];
        const std::string where = "feature " + std::to_string(f + 1);
        if (ft.points.size() != 1) throw Error(path, where, "expected one point per feature");
        const auto it = ft.attributes.find(field);
        if (it == ft.attributes.end() || it->second.empty())
            throw Error(path, where, "no value for the weight field '" + field + "'");
        const std::string& text = it->second;
        char* end = nullptr;
        const double w = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(w) || w < 0)
            throw Error(path, where, "weight '" + field + "' = '" + text + "' is not a finite number ≥ 0");
        const XY p = proj.forward({ft.points[0].lon, ft.points[0].lat});
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw Error(path, where, "cannot project the position to " + map_crs);
        out.points.push_back(p);
        out.weights.push_back(w);
        total += w;
    }
    if (out.points.empty()) throw Error(path, "", "the layer has no points");
    if (!(total > 0)) throw Error(path, "", "every weight in '" + field + "' is 0");
    return out;
}

}  // namespace jingwei::place
