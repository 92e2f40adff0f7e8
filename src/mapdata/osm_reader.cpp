#include "mapdata/osm_reader.h"

#include <cpl_vsi.h>

#include <atomic>
#include <regex>

#include "core/error.h"
#include "mapdata/building_height.h"
#include "mapdata/gdal_util.h"
#include "mapdata/hstore.h"
#include "mapdata/road_class.h"

namespace jingwei {
namespace {

// Our OSM driver configuration (GDAL's osmconf.ini format). Tags listed in
// `attributes` get a column ("name:zh" becomes name_zh); every other tag goes
// into other_tags (hstore), which we parse.
constexpr const char* kOsmConf = R"(closed_ways_are_polygons=aeroway,amenity,boundary,building,craft,geological,historic,landuse,leisure,military,natural,office,place,shop,sport,tourism,highway=platform,public_transport=platform
attribute_name_laundering=yes
[points]
osm_id=yes
osm_version=no
osm_timestamp=no
osm_uid=no
osm_user=no
osm_changeset=no
attributes=name,name:zh,amenity,shop,tourism,office,emergency,healthcare,leisure,public_transport,railway,highway
ignore=created_by,converted_by,source,time,note,todo,fixme,FIXME
[lines]
osm_id=yes
osm_version=no
osm_timestamp=no
osm_uid=no
osm_user=no
osm_changeset=no
attributes=name,name:zh,highway,oneway,junction,maxspeed,lanes,ref,bridge,tunnel,layer
ignore=created_by,converted_by,source,time,note,todo,fixme,FIXME
[multipolygons]
osm_id=yes
osm_version=no
osm_timestamp=no
osm_uid=no
osm_user=no
osm_changeset=no
attributes=name,name:zh,type,building,height,min_height,building:levels,building:min_level,amenity,highway
ignore=area,created_by,converted_by,source,time,note,todo,fixme,FIXME
[multilinestrings]
osm_id=yes
osm_version=no
osm_timestamp=no
osm_uid=no
osm_user=no
osm_changeset=no
attributes=name,type
ignore=area,created_by,converted_by,source,time,note,todo,fixme,FIXME
[other_relations]
osm_id=yes
osm_version=no
osm_timestamp=no
osm_uid=no
osm_user=no
osm_changeset=no
attributes=name,type
ignore=area,created_by,converted_by,source,time,note,todo,fixme,FIXME
)";

// The config as a GDAL in-memory file for the life of the import.
class MemConfigFile {
public:
    MemConfigFile() {
        static std::atomic<unsigned> counter{0};
        name_ = "/vsimem/jingwei-osmconf-" + std::to_string(counter++) + ".ini";
        VSIFCloseL(VSIFileFromMemBuffer(name_.c_str(),
                                        reinterpret_cast<GByte*>(const_cast<char*>(kOsmConf)),
                                        static_cast<vsi_l_offset>(std::char_traits<char>::length(kOsmConf)),
                                        FALSE));
    }
    ~MemConfigFile() { VSIUnlink(name_.c_str()); }
    MemConfigFile(const MemConfigFile&) = delete;
    MemConfigFile& operator=(const MemConfigFile&) = delete;
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

// Column name → OSM key for the laundered columns.
std::string osmKey(const char* column) {
    std::string k = column;
    if (k == "name_zh") return "name:zh";
    if (k == "building_levels") return "building:levels";
    if (k == "building_min_level") return "building:min_level";
    return k;
}

// "line 5979" / "byte 586362" from GDAL's message, else the fallback.
std::string placeOf(const std::string& msg, const std::string& fallback) {
    std::smatch m;
    static const std::regex line_re("line ([0-9]+)"), byte_re("byte ([0-9]+)");
    if (std::regex_search(msg, m, line_re)) return "line " + m[1].str();
    if (std::regex_search(msg, m, byte_re)) return "byte " + m[1].str();
    return fallback;
}

bool hasAny(const Feature& f, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        if (f.attributes.count(k)) return true;
    return false;
}

std::string labelOf(const Feature& f) {
    if (auto it = f.attributes.find("name:zh"); it != f.attributes.end() && !it->second.empty()) return it->second;
    if (auto it = f.attributes.find("name"); it != f.attributes.end()) return it->second;
    return {};
}

}  // namespace

namespace {

// Thrown inside readOnce when GDAL's custom node index meets unsorted ids.
struct UnsortedIds {};

OsmData readOnce(const std::string& path, const OsmReadOptions& opt, const Progress& progress, bool custom_indexing) {
    MemConfigFile conf;
    const std::string conf_opt = "CONFIG_FILE=" + conf.name();
    const char* open_options[] = {conf_opt.c_str(), custom_indexing ? nullptr : "USE_CUSTOM_INDEXING=NO", nullptr};
    GDALDatasetUniquePtr ds = gdal::openVector(path, open_options);
    if (std::string(ds->GetDriverName()) != "OSM")
        throw Error(path, "", std::string("not an OSM file (GDAL reads it as ") + ds->GetDriverName() + ")");
    OGRLayer* points = ds->GetLayerByName("points");
    OGRLayer* lines = ds->GetLayerByName("lines");
    OGRLayer* polygons = ds->GetLayerByName("multipolygons");
    if (!points || !lines || !polygons) throw Error(path, "", "the OSM driver did not give the expected layers");
    const gdal::PointConverter conv(path, lines->GetSpatialRef(), "lines", "");

    OsmData out;
    auto initLayer = [&](VectorLayer& l, const char* suffix, LayerKind kind) {
        l.name = suffix;
        l.source = path;
        l.kind = kind;
        l.label_field = "name";
    };
    initLayer(out.buildings, "buildings", LayerKind::Buildings);
    initLayer(out.pois, "pois", LayerKind::Pois);
    initLayer(out.police, "police", LayerKind::Police);
    initLayer(out.paths, "paths", LayerKind::Paths);
    out.buildings.style.extrusion = opt.extrusion;

    gdal::QuietErrors quiet;
    OsmStats& st = out.stats;
    std::size_t n = 0;
    std::string last_object = "the start of the file";
    auto checkGdal = [&]() {
        if (!quiet.failures.empty() && custom_indexing &&
            quiet.failures.front().find("Non increasing node id") != std::string::npos)
            throw UnsortedIds{};
        if (!quiet.failures.empty())
            throw Error(path, placeOf(quiet.failures.front(), "after " + last_object),
                        "GDAL cannot read the OSM data (truncated or corrupt file?): " + quiet.failures.front());
    };
    while (true) {
        OGRLayer* layer = nullptr;
        double pct = 0;
        OGRFeatureUniquePtr feat(ds->GetNextFeature(&layer, &pct, nullptr, nullptr));
        if (!feat) break;
        ++n;
        checkGdal();
        if ((n & 0x3ff) == 0) progress.report(std::clamp(pct, 0.0, 1.0) * 0.99, "读取 OSM");
        const OGRFeatureDefn* defn = feat->GetDefnRef();
        const int id_field = defn->GetFieldIndex("osm_id");
        const int way_field = defn->GetFieldIndex("osm_way_id");
        std::int64_t id = -1;
        std::string kind = layer == points ? "node" : "relation";
        if (layer == lines) kind = "way";
        if (way_field >= 0 && feat->IsFieldSetAndNotNull(way_field)) {
            id = feat->GetFieldAsInteger64(way_field);
            kind = "way";
        } else if (id_field >= 0 && feat->IsFieldSetAndNotNull(id_field)) {
            id = feat->GetFieldAsInteger64(id_field);
        }
        const std::string where = kind + " " + std::to_string(id);
        last_object = "OSM " + where;

        if (layer != points && layer != lines && layer != polygons) continue;
        Feature f;
        f.id = id;
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!feat->IsFieldSetAndNotNull(i)) continue;
            const char* col = defn->GetFieldDefn(i)->GetNameRef();
            if (i == id_field || i == way_field || std::string_view(col) == "z_order") continue;
            if (std::string_view(col) == "other_tags") {
                const char* raw = feat->GetFieldAsString(i);
                std::size_t at = 0;
                auto tags = parseHstore(raw, &at);
                if (!tags)
                    throw Error(path, "OSM " + where,
                                "cannot parse other_tags (hstore) at character " + std::to_string(at));
                for (auto& [k, v] : *tags) f.attributes.emplace(k, std::move(v));
                continue;
            }
            f.attributes[osmKey(col)] = feat->GetFieldAsString(i);
        }
        const auto attr = [&f](const char* k) -> std::string {
            const auto it = f.attributes.find(k);
            return it == f.attributes.end() ? std::string() : it->second;
        };
        const OGRGeometry* g = feat->GetGeometryRef();

        if (layer == lines) {
            const std::string highway = attr("highway");
            if (highway.empty()) continue;
            ++st.highway_lines;
            if (!g || wkbFlatten(g->getGeometryType()) != wkbLineString) continue;
            const bool path_class = !isDrivable(parseRoadClass(highway));
            if (opt.roads) {
                RoadWay w;
                w.id = id;
                const auto* ls = g->toLineString();
                w.points.reserve(static_cast<std::size_t>(ls->getNumPoints()));
                for (int i = 0; i < ls->getNumPoints(); ++i) w.points.push_back(conv(ls->getX(i), ls->getY(i), "OSM " + where));
                w.highway = highway;
                w.name = attr("name");
                w.name_zh = attr("name:zh");
                w.oneway = attr("oneway");
                w.junction = attr("junction");
                w.lanes = parseOsmLanes(attr("lanes"));
                w.maxspeed_kph = parseOsmSpeedKph(attr("maxspeed"));
                out.highways.push_back(std::move(w));
            }
            if (path_class && opt.paths) {
                gdal::appendGeometry(g, f, conv, path, "OSM " + where);
                f.label = labelOf(f);
                out.paths.features.push_back(std::move(f));
                ++st.paths;
            }
        } else if (layer == polygons) {
            const std::string building = attr("building");
            const bool is_police = attr("amenity") == "police";
            if (!attr("highway").empty()) ++st.highway_areas;
            if (is_police && opt.pois) {
                Feature p;
                p.id = id;
                p.attributes = f.attributes;
                p.label = labelOf(f);
                GeoPoint at;
                if (gdal::pointOnSurface(g, conv, "OSM " + where, &at)) {
                    p.points.push_back(at);
                    p.label_anchor = at;
                    p.has_label_anchor = true;
                    out.police.features.push_back(std::move(p));
                    ++st.police;
                }
            }
            if (building.empty() || building == "no") continue;
            ++st.buildings;
            if (!opt.buildings) continue;
            gdal::appendGeometry(g, f, conv, path, "OSM " + where);
            if (f.polygons.empty()) continue;
            f.label = labelOf(f);
            f.has_label_anchor = gdal::pointOnSurface(g, conv, "OSM " + where, &f.label_anchor);
            applyExtrusion(f, opt.extrusion);
            if (f.height_source == HeightSource::Height) ++st.buildings_with_height;
            if (f.height_source == HeightSource::Levels) ++st.buildings_with_levels;
            out.buildings.features.push_back(std::move(f));
        } else {  // points
            const bool is_police = attr("amenity") == "police";
            const bool is_poi = hasAny(f, {"amenity", "shop", "tourism", "office", "emergency", "healthcare",
                                           "leisure", "public_transport"}) ||
                                attr("railway") == "station";
            if (!is_poi || !opt.pois) continue;
            gdal::appendGeometry(g, f, conv, path, "OSM " + where);
            if (f.points.empty()) continue;
            f.label = labelOf(f);
            f.label_anchor = f.points.front();
            f.has_label_anchor = true;
            if (is_police) {
                out.police.features.push_back(std::move(f));
                ++st.police;
            } else {
                out.pois.features.push_back(std::move(f));
                ++st.pois;
            }
        }
    }
    checkGdal();
    st.features = n;
    if (n == 0) throw Error(path, "", "the OSM file holds no data");
    progress.report(1.0, "读取 OSM 完成");
    return out;
}

}  // namespace

OsmData readOsm(const std::string& path, const OsmReadOptions& opt, const Progress& progress) {
    gdal::registerAll();
    try {
        return readOnce(path, opt, progress, true);
    } catch (const UnsortedIds&) {
        // Node ids out of order (hand-edited or merged files): GDAL's slower
        // SQLite index copes with them.
        return readOnce(path, opt, progress, false);
    }
}

}  // namespace jingwei
