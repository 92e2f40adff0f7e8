#include "mapdata/map_package.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "mapdata/gdal_util.h"
#include "mapdata/hstore.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace jingwei {
namespace {

// ---- hashing ---------------------------------------------------------------

struct Sha256 {
    struct Deleter {
        void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
    };
    std::unique_ptr<EVP_MD_CTX, Deleter> ctx{EVP_MD_CTX_new()};
    Sha256() {
        if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
            throw Error("", "sha256", "OpenSSL cannot start a SHA-256 digest");
    }
    void add(const void* data, std::size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }
    void add(const std::string& s) { add(s.data(), s.size()); }
    std::string hex() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx.get(), md, &len);
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned i = 0; i < len; ++i) {
            out += digits[md[i] >> 4];
            out += digits[md[i] & 15];
        }
        return out;
    }
};

// ---- JSON for the small structured values ------------------------------------

json colourJson(const std::optional<Rgba>& c) { return c ? json(formatColour(*c)) : json(nullptr); }
std::optional<Rgba> colourFrom(const json& j) {
    if (j.is_null()) return std::nullopt;
    return parseColour(j.get<std::string>());
}

json styleJson(const LayerStyle& s) {
    json j = {{"colour", colourJson(s.colour)}, {"fill", colourJson(s.fill)},   {"width_px", s.width_px},
              {"opacity", s.opacity},           {"min_scale", s.min_scale},     {"max_scale", s.max_scale},
              {"draw_order", s.draw_order},     {"visible", s.visible},         {"extrusion", nullptr}};
    if (s.extrusion)
        j["extrusion"] = {{"height_field", s.extrusion->height_field},
                          {"levels_field", s.extrusion->levels_field},
                          {"min_height_field", s.extrusion->min_height_field},
                          {"level_height_m", s.extrusion->level_height_m},
                          {"default_height_m", s.extrusion->default_height_m}};
    return j;
}

LayerStyle styleFrom(const json& j) {
    LayerStyle s;
    s.colour = colourFrom(j.at("colour"));
    s.fill = colourFrom(j.at("fill"));
    s.width_px = j.at("width_px").get<double>();
    s.opacity = j.at("opacity").get<double>();
    s.min_scale = j.at("min_scale").get<double>();
    s.max_scale = j.at("max_scale").get<double>();
    s.draw_order = j.at("draw_order").get<int>();
    s.visible = j.at("visible").get<bool>();
    if (const json& e = j.at("extrusion"); !e.is_null()) {
        Extrusion x;
        x.height_field = e.at("height_field").get<std::string>();
        x.levels_field = e.at("levels_field").get<std::string>();
        x.min_height_field = e.at("min_height_field").get<std::string>();
        x.level_height_m = e.at("level_height_m").get<double>();
        x.default_height_m = e.at("default_height_m").get<double>();
        s.extrusion = x;
    }
    return s;
}

json reportJson(const ImportReport& r) {
    json layers = json::array();
    for (const auto& l : r.layers)
        layers.push_back({{"name", l.name}, {"type", l.type}, {"source", l.source}, {"features", l.features},
                          {"seconds", l.seconds}, {"detail", l.detail}});
    json unknown = json::object();
    for (const auto& [k, u] : r.roads.unknown_highways) unknown[k] = {{"ways", u.ways}, {"examples", u.examples}};
    json skipped = json::object();
    for (const auto& [k, n] : r.roads.skipped_highways) skipped[k] = n;
    return {{"layers", layers},
            {"roads",
             {{"ways_in", r.roads.ways_in},
              {"ways_used", r.roads.ways_used},
              {"ways_not_drivable", r.roads.ways_not_drivable},
              {"ways_not_roads", r.roads.ways_not_roads},
              {"ways_degenerate", r.roads.ways_degenerate},
              {"oneway_ways", r.roads.oneway_ways},
              {"unknown_highways", unknown},
              {"skipped_highways", skipped}}},
            {"components",
             {{"applied", r.components.applied},
              {"components", r.components.components},
              {"nodes_before", r.components.nodes_before},
              {"edges_before", r.components.edges_before},
              {"nodes_dropped", r.components.nodes_dropped},
              {"edges_dropped", r.components.edges_dropped}}},
            {"import_s", r.import_s},
            {"project_s", r.project_s}};
}

ImportReport reportFrom(const json& j) {
    ImportReport r;
    for (const auto& l : j.at("layers"))
        r.layers.push_back({l.at("name").get<std::string>(), l.at("type").get<std::string>(),
                            l.at("source").get<std::string>(), l.at("features").get<std::size_t>(),
                            l.at("seconds").get<double>(), l.at("detail").get<std::string>()});
    const json& rd = j.at("roads");
    r.roads.ways_in = rd.at("ways_in").get<std::size_t>();
    r.roads.ways_used = rd.at("ways_used").get<std::size_t>();
    r.roads.ways_not_drivable = rd.at("ways_not_drivable").get<std::size_t>();
    r.roads.ways_not_roads = rd.at("ways_not_roads").get<std::size_t>();
    r.roads.ways_degenerate = rd.at("ways_degenerate").get<std::size_t>();
    r.roads.oneway_ways = rd.at("oneway_ways").get<std::size_t>();
    for (const auto& [k, u] : rd.at("unknown_highways").items())
        r.roads.unknown_highways[k] = {u.at("ways").get<std::size_t>(), u.at("examples").get<std::vector<std::int64_t>>()};
    for (const auto& [k, n] : rd.at("skipped_highways").items()) r.roads.skipped_highways[k] = n.get<std::size_t>();
    const json& c = j.at("components");
    r.components.applied = c.at("applied").get<bool>();
    r.components.components = c.at("components").get<std::size_t>();
    r.components.nodes_before = c.at("nodes_before").get<std::size_t>();
    r.components.edges_before = c.at("edges_before").get<std::size_t>();
    r.components.nodes_dropped = c.at("nodes_dropped").get<std::size_t>();
    r.components.edges_dropped = c.at("edges_dropped").get<std::size_t>();
    r.import_s = j.at("import_s").get<double>();
    r.project_s = j.at("project_s").get<double>();
    return r;
}

// ---- temporary file that disappears unless committed --------------------------

class TempPackage {
public:
    explicit TempPackage(fs::path p) : path_(std::move(p)) {}
    ~TempPackage() {
        if (committed_) return;
        std::error_code ec;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ec);
    }
    TempPackage(const TempPackage&) = delete;
    TempPackage& operator=(const TempPackage&) = delete;
    const fs::path& path() const { return path_; }
    void commit() { committed_ = true; }

private:
    fs::path path_;
    bool committed_ = false;
};

// ---- table helpers --------------------------------------------------------------

struct FieldSpec {
    const char* name;
    OGRFieldType type;
};

OGRLayer* createTable(GDALDataset* ds, const std::string& file, const char* name, const OGRSpatialReference* srs,
                      OGRwkbGeometryType gtype, std::initializer_list<FieldSpec> fields) {
    const char* opts[] = {"SPATIAL_INDEX=NO", "GEOMETRY_NAME=geom", "FID=fid", nullptr};
    OGRLayer* l = ds->CreateLayer(name, const_cast<OGRSpatialReference*>(srs), gtype, const_cast<char**>(opts));
    if (!l) throw Error(file, std::string("table ") + name, "cannot create the table: " + gdal::QuietErrors::last());
    for (const auto& f : fields) {
        OGRFieldDefn d(f.name, f.type);
        if (l->CreateField(&d) != OGRERR_NONE)
            throw Error(file, std::string("table ") + name, std::string("cannot create field ") + f.name);
    }
    return l;
}

void insert(OGRLayer* l, OGRFeature& f, const std::string& file) {
    if (l->CreateFeature(&f) != OGRERR_NONE)
        throw Error(file, std::string("table ") + l->GetName(), "cannot write a row: " + gdal::QuietErrors::last());
}

void appendLonLat(std::vector<double>& buf, const GeoPoint& p) {
    buf.push_back(p.lon);
    buf.push_back(p.lat);
}

void setBlob(OGRFeature& f, const char* field, const std::vector<double>& v) {
    f.SetField(f.GetFieldIndex(field), static_cast<int>(v.size() * sizeof(double)),
               reinterpret_cast<const GByte*>(v.data()));
}

std::vector<double> getBlob(OGRFeature& f, const char* field) {
    int n = 0;
    const GByte* b = f.GetFieldAsBinary(f.GetFieldIndex(field), &n);
    std::vector<double> v(static_cast<std::size_t>(n) / sizeof(double));
    if (n > 0) std::memcpy(v.data(), b, v.size() * sizeof(double));
    return v;
}

template <class Ring>
void fillCurve(OGRSimpleCurve& c, const Ring& pts, std::vector<double>& ll) {
    c.setNumPoints(static_cast<int>(pts.size()), FALSE);
    for (std::size_t i = 0; i < pts.size(); ++i) {
        c.setPoint(static_cast<int>(i), pts[i].x, pts[i].y);
        appendLonLat(ll, pts[i]);
    }
}

// The feature's shape as one OGR geometry (polygons, then lines, then
// points), and its lon/lat in the same order.
gdal::GeometryPtr featureGeometry(const Feature& f, std::vector<double>& ll) {
    std::vector<gdal::GeometryPtr> parts;
    for (const auto& poly : f.polygons) {
        auto p = std::make_unique<OGRPolygon>();
        for (const auto& ring : poly) {
            OGRLinearRing r;
            fillCurve(r, ring, ll);
            p->addRing(&r);
        }
        parts.emplace_back(p.release());
    }
    for (const auto& line : f.lines) {
        auto l = std::make_unique<OGRLineString>();
        fillCurve(*l, line, ll);
        parts.emplace_back(l.release());
    }
    for (const auto& pt : f.points) {
        parts.emplace_back(std::make_unique<OGRPoint>(pt.x, pt.y).release());
        appendLonLat(ll, pt);
    }
    if (parts.empty()) return nullptr;
    if (parts.size() == 1) return std::move(parts.front());
    const bool polys = f.lines.empty() && f.points.empty();
    const bool lines = f.polygons.empty() && f.points.empty();
    const bool points = f.polygons.empty() && f.lines.empty();
    std::unique_ptr<OGRGeometryCollection> c;
    if (polys) c = std::make_unique<OGRMultiPolygon>();
    else if (lines) c = std::make_unique<OGRMultiLineString>();
    else if (points) c = std::make_unique<OGRMultiPoint>();
    else c = std::make_unique<OGRGeometryCollection>();
    for (auto& p : parts) c->addGeometryDirectly(p.release());
    return gdal::GeometryPtr(c.release());
}

struct LonLatCursor {
    const std::vector<double>& v;
    std::size_t i = 0;
    const std::string& file;
    const std::string& where;
    void take(GeoPoint& p) {
        if (i + 2 > v.size()) throw Error(file, where, "lon/lat column shorter than the geometry");
        p.lon = v[i++];
        p.lat = v[i++];
    }
};

std::vector<GeoPoint> readCurve(const OGRSimpleCurve* c, LonLatCursor& ll) {
    std::vector<GeoPoint> pts(static_cast<std::size_t>(c->getNumPoints()));
    for (std::size_t i = 0; i < pts.size(); ++i) {
        pts[i].x = c->getX(static_cast<int>(i));
        pts[i].y = c->getY(static_cast<int>(i));
        ll.take(pts[i]);
    }
    return pts;
}

void readFeatureGeometry(const OGRGeometry* g, Feature& f, LonLatCursor& ll) {
    if (!g) return;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPoint: {
            GeoPoint p;
            p.x = g->toPoint()->getX();
            p.y = g->toPoint()->getY();
            ll.take(p);
            f.points.push_back(p);
            break;
        }
        case wkbLineString: f.lines.push_back(readCurve(g->toLineString(), ll)); break;
        case wkbPolygon: {
            std::vector<std::vector<GeoPoint>> rings;
            const OGRPolygon* p = g->toPolygon();
            if (p->getExteriorRing()) rings.push_back(readCurve(p->getExteriorRing(), ll));
            for (int i = 0; i < p->getNumInteriorRings(); ++i) rings.push_back(readCurve(p->getInteriorRing(i), ll));
            f.polygons.push_back(std::move(rings));
            break;
        }
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const auto* c = g->toGeometryCollection();
            for (int i = 0; i < c->getNumGeometries(); ++i) readFeatureGeometry(c->getGeometryRef(i), f, ll);
            break;
        }
        default: throw Error(ll.file, ll.where, std::string("unexpected geometry ") + g->getGeometryName());
    }
}

std::string tableName(std::size_t i) { return "layer_" + std::to_string(i); }

}  // namespace

// ---- public --------------------------------------------------------------------

std::string defaultCacheDir() {
    if (const char* e = std::getenv("JINGWEI_CACHE_DIR"); e && *e) return e;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "jingwei").string();
    if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "jingwei").string();
    return (fs::temp_directory_path() / "jingwei-cache").string();
}

std::string sha256Hex(const std::string& bytes) {
    Sha256 h;
    h.add(bytes);
    return h.hex();
}

std::string fileSha256Hex(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "cannot read the file to hash it");
    Sha256 h;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.add(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    return h.hex();
}

std::string packageKey(const std::string& manifest_text, const std::vector<std::string>& source_files) {
    Sha256 h;
    h.add("jingwei map package format " + std::to_string(kMapPackageFormat) + "\n");
    h.add("manifest " + std::to_string(manifest_text.size()) + "\n");
    h.add(manifest_text);
    for (const auto& f : source_files) {
        std::vector<fs::path> parts{fs::path(f)};
        if (fs::path(f).extension() == ".shp")
            for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) {
                fs::path side = fs::path(f).replace_extension(ext);
                if (fs::exists(side)) parts.push_back(side);
            }
        for (const auto& p : parts) h.add("source " + p.filename().string() + " " + fileSha256Hex(p.string()) + "\n");
    }
    return h.hex();
}

void writeMapPackage(const MapModel& m, const std::string& path, const Progress& progress) {
    gdal::registerAll();
    const fs::path final_path(path);
    std::error_code ec;
    if (final_path.has_parent_path()) {
        fs::create_directories(final_path.parent_path(), ec);
        if (ec) throw Error(path, "", "cannot create the cache directory: " + ec.message());
    }
    static std::atomic<unsigned> counter{0};
    TempPackage tmp(final_path.parent_path() / (final_path.stem().string() + ".tmp-" + std::to_string(::getpid()) +
                                                "-" + std::to_string(counter++) + ".gpkg"));
    {
        gdal::QuietErrors quiet;
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (!drv) throw Error(path, "", "GDAL has no GPKG driver");
        GDALDatasetUniquePtr ds(drv->Create(tmp.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw Error(path, "", "cannot create the map package: " + quiet.first());
        OGRSpatialReference srs;
        if (srs.SetFromUserInput(m.crs.c_str()) != OGRERR_NONE)
            throw Error(path, "crs", "cannot store the map CRS '" + m.crs + "'");
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (ds->StartTransaction() != OGRERR_NONE) throw Error(path, "", "cannot start a transaction");
        const std::string file = path;

        // meta
        {
            OGRLayer* t = createTable(ds.get(), file, "jingwei_meta", nullptr, wkbNone,
                                      {{"key", OFTString}, {"value", OFTString}});
            json speeds = json::object();
            for (int c = 0; c < kRoadClassCount; ++c) speeds[std::string(roadClassKey(RoadClass(c)))] = m.speeds.kph[c];
            const std::pair<const char*, std::string> rows[] = {
                {"format", std::to_string(kMapPackageFormat)},
                {"key", m.package_key},
                {"name", m.name},
                {"name_en", m.name_en},
                {"crs", m.crs},
                {"synthetic", m.synthetic ? "1" : "0"},
                {"notice", m.notice},
                {"roads_name", m.roads_name},
                {"roads_style", styleJson(m.roads_style).dump()},
                {"speeds", speeds.dump()},
                {"report", reportJson(m.report).dump()},
            };
            for (const auto& [k, v] : rows) {
                OGRFeature f(t->GetLayerDefn());
                f.SetField("key", k);
                f.SetField("value", v.c_str());
                insert(t, f, file);
            }
        }
        progress.report(0.05, "写入缓存");

        // road nodes
        {
            OGRLayer* t = createTable(ds.get(), file, "road_nodes", &srs, wkbPoint,
                                      {{"source_id", OFTInteger64}, {"lon", OFTReal}, {"lat", OFTReal}});
            for (const auto& n : m.roads.nodes) {
                OGRFeature f(t->GetLayerDefn());
                f.SetField(0, static_cast<GIntBig>(n.source_id));
                f.SetField(1, n.pos.lon);
                f.SetField(2, n.pos.lat);
                f.SetGeometryDirectly(std::make_unique<OGRPoint>(n.pos.x, n.pos.y).release());
                insert(t, f, file);
            }
        }
        // road edges
        {
            OGRLayer* t = createTable(
                ds.get(), file, "road_edges", &srs, wkbLineString,
                {{"from_node", OFTInteger}, {"to_node", OFTInteger}, {"length_m", OFTReal}, {"road_class", OFTInteger},
                 {"highway", OFTString}, {"name", OFTString}, {"name_zh", OFTString}, {"oneway", OFTInteger},
                 {"has_geometry", OFTInteger}, {"lanes", OFTInteger}, {"maxspeed_kph", OFTReal},
                 {"speed_kph", OFTReal}, {"way_id", OFTInteger64}, {"lonlat", OFTBinary}});
            std::size_t i = 0;
            for (const auto& e : m.roads.edges) {
                OGRFeature f(t->GetLayerDefn());
                f.SetField(0, static_cast<int>(e.from));
                f.SetField(1, static_cast<int>(e.to));
                f.SetField(2, e.length_m);
                f.SetField(3, static_cast<int>(e.road_class));
                f.SetField(4, e.highway.c_str());
                f.SetField(5, e.name.c_str());
                f.SetField(6, e.name_zh.c_str());
                f.SetField(7, e.oneway ? 1 : 0);
                f.SetField(8, e.has_geometry ? 1 : 0);
                f.SetField(9, e.lanes);
                f.SetField(10, e.maxspeed_kph);
                f.SetField(11, e.speed_kph);
                f.SetField(12, static_cast<GIntBig>(e.way_id));
                auto ls = std::make_unique<OGRLineString>();
                std::vector<double> ll;
                std::vector<GeoPoint> pts(m.roads.shape.begin() + e.shape_begin,
                                          m.roads.shape.begin() + e.shape_begin + e.shape_count);
                fillCurve(*ls, pts, ll);
                setBlob(f, "lonlat", ll);
                f.SetGeometryDirectly(ls.release());
                insert(t, f, file);
                if ((++i & 0xfff) == 0)
                    progress.report(0.05 + 0.35 * double(i) / double(m.roads.edges.size()), "写入缓存: 道路");
            }
        }
        progress.report(0.4, "写入缓存: 图层");

        // vector layers
        {
            OGRLayer* reg = createTable(ds.get(), file, "jingwei_layers", nullptr, wkbNone,
                                        {{"idx", OFTInteger}, {"name", OFTString}, {"source", OFTString},
                                         {"kind", OFTString}, {"style", OFTString}, {"label_field", OFTString},
                                         {"fields", OFTString}, {"table_name", OFTString}});
            std::size_t total = 0, done = 0;
            for (const auto& l : m.layers) total += l.features.size();
            for (std::size_t li = 0; li < m.layers.size(); ++li) {
                const VectorLayer& l = m.layers[li];
                const std::string table = tableName(li);
                OGRFeature r(reg->GetLayerDefn());
                r.SetField(0, static_cast<int>(li));
                r.SetField(1, l.name.c_str());
                r.SetField(2, l.source.c_str());
                r.SetField(3, std::string(layerKindKey(l.kind)).c_str());
                r.SetField(4, styleJson(l.style).dump().c_str());
                r.SetField(5, l.label_field.c_str());
                r.SetField(6, json(l.fields).dump().c_str());
                r.SetField(7, table.c_str());
                insert(reg, r, file);

                OGRLayer* t = createTable(
                    ds.get(), file, table.c_str(), &srs, wkbUnknown,
                    {{"source_id", OFTInteger64}, {"label", OFTString}, {"has_anchor", OFTInteger},
                     {"anchor_x", OFTReal}, {"anchor_y", OFTReal}, {"anchor_lon", OFTReal}, {"anchor_lat", OFTReal},
                     {"height_m", OFTReal}, {"min_height_m", OFTReal}, {"height_source", OFTInteger},
                     {"attributes", OFTString}, {"lonlat", OFTBinary}});
                for (const auto& ft : l.features) {
                    OGRFeature f(t->GetLayerDefn());
                    f.SetField(0, static_cast<GIntBig>(ft.id));
                    f.SetField(1, ft.label.c_str());
                    f.SetField(2, ft.has_label_anchor ? 1 : 0);
                    f.SetField(3, ft.label_anchor.x);
                    f.SetField(4, ft.label_anchor.y);
                    f.SetField(5, ft.label_anchor.lon);
                    f.SetField(6, ft.label_anchor.lat);
                    f.SetField(7, ft.height_m);
                    f.SetField(8, ft.min_height_m);
                    f.SetField(9, static_cast<int>(ft.height_source));
                    f.SetField(10, formatHstore(ft.attributes).c_str());
                    std::vector<double> ll;
                    gdal::GeometryPtr g = featureGeometry(ft, ll);
                    setBlob(f, "lonlat", ll);
                    if (g) f.SetGeometryDirectly(g.release());
                    insert(t, f, file);
                    if ((++done & 0xfff) == 0)
                        progress.report(0.4 + 0.4 * double(done) / double(std::max<std::size_t>(total, 1)),
                                        "写入缓存: 图层");
                }
            }
        }
        progress.report(0.8, "写入缓存: 地形");

        // terrains
        {
            OGRLayer* t = createTable(
                ds.get(), file, "jingwei_terrain", nullptr, wkbNone,
                {{"idx", OFTInteger}, {"name", OFTString}, {"source", OFTString}, {"crs", OFTString},
                 {"width", OFTInteger}, {"height", OFTInteger}, {"geotransform", OFTString}, {"min_m", OFTReal},
                 {"max_m", OFTReal}, {"warp_cell_m", OFTReal}, {"style", OFTString}, {"elevation", OFTBinary}});
            for (std::size_t i = 0; i < m.terrains.size(); ++i) {
                const Terrain& tr = m.terrains[i];
                OGRFeature f(t->GetLayerDefn());
                f.SetField(0, static_cast<int>(i));
                f.SetField(1, tr.name.c_str());
                f.SetField(2, tr.source.c_str());
                f.SetField(3, tr.crs.c_str());
                f.SetField(4, tr.width);
                f.SetField(5, tr.height);
                f.SetField(6, json(tr.geotransform).dump().c_str());
                f.SetField(7, static_cast<double>(tr.min_m));
                f.SetField(8, static_cast<double>(tr.max_m));
                f.SetField(9, tr.warp_cell_m);
                f.SetField(10, styleJson(tr.style).dump().c_str());
                f.SetField(11, static_cast<int>(tr.elevation_m.size() * sizeof(float)),
                           reinterpret_cast<const GByte*>(tr.elevation_m.data()));
                insert(t, f, file);
            }
        }
        progress.report(0.9, "写入缓存: 提交");
        if (ds->CommitTransaction() != OGRERR_NONE)
            throw Error(path, "", "cannot commit the map package: " + quiet.first());
        ds.reset();  // closes the file
        if (!quiet.failures.empty()) throw Error(path, "", "GDAL reported: " + quiet.failures.front());
    }
    fs::rename(tmp.path(), final_path, ec);
    if (ec) throw Error(path, "", "cannot move the map package into place: " + ec.message());
    tmp.commit();
    progress.report(1.0, "缓存已写入");
}

MapModel readMapPackage(const std::string& path, const std::string& expected_key, const Progress& progress) {
    gdal::registerAll();
    if (!fs::exists(path)) throw Error(path, "", "map package not found");
    gdal::QuietErrors quiet;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) throw Error(path, "", "cannot open the map package: " + quiet.first());
    auto table = [&](const char* name) {
        OGRLayer* l = ds->GetLayerByName(name);
        if (!l) throw Error(path, std::string("table ") + name, "missing from the map package");
        return l;
    };
    MapModel m;
    std::map<std::string, std::string> meta;
    for (auto& f : *table("jingwei_meta")) meta[f->GetFieldAsString("key")] = f->GetFieldAsString("value");
    if (meta["format"] != std::to_string(kMapPackageFormat))
        throw Error(path, "jingwei_meta", "map package format " + meta["format"] + ", expected " +
                                              std::to_string(kMapPackageFormat));
    if (!expected_key.empty() && meta["key"] != expected_key)
        throw Error(path, "jingwei_meta", "the package was made from other sources (key mismatch)");
    progress.report(0.02, "读取缓存");
    try {
        m.package_key = meta["key"];
        m.name = meta["name"];
        m.name_en = meta["name_en"];
        m.crs = meta["crs"];
        m.synthetic = meta["synthetic"] == "1";
        m.notice = meta["notice"];
        m.roads_name = meta["roads_name"];
        m.roads_style = styleFrom(json::parse(meta["roads_style"]));
        const json speeds = json::parse(meta["speeds"]);
        for (int c = 0; c < kRoadClassCount; ++c) m.speeds.kph[c] = speeds.at(std::string(roadClassKey(RoadClass(c))));
        m.report = reportFrom(json::parse(meta["report"]));
    } catch (const json::exception& e) {
        throw Error(path, "jingwei_meta", std::string("unreadable metadata: ") + e.what());
    }

    // road nodes
    {
        OGRLayer* t = table("road_nodes");
        m.roads.nodes.reserve(static_cast<std::size_t>(std::max<GIntBig>(0, t->GetFeatureCount())));
        for (auto& f : *t) {
            RoadNode n;
            n.source_id = f->GetFieldAsInteger64(0);
            n.pos.lon = f->GetFieldAsDouble(1);
            n.pos.lat = f->GetFieldAsDouble(2);
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint)
                throw Error(path, "road_nodes row " + std::to_string(f->GetFID()), "not a point");
            n.pos.x = g->toPoint()->getX();
            n.pos.y = g->toPoint()->getY();
            m.roads.nodes.push_back(n);
        }
    }
    progress.report(0.1, "读取缓存: 道路");
    // road edges
    {
        OGRLayer* t = table("road_edges");
        const GIntBig total = t->GetFeatureCount();
        m.roads.edges.reserve(static_cast<std::size_t>(std::max<GIntBig>(0, total)));
        std::size_t i = 0;
        for (auto& f : *t) {
            const std::string where = "road_edges row " + std::to_string(f->GetFID());
            RoadEdge e;
            e.from = static_cast<std::uint32_t>(f->GetFieldAsInteger(0));
            e.to = static_cast<std::uint32_t>(f->GetFieldAsInteger(1));
            if (e.from >= m.roads.nodes.size() || e.to >= m.roads.nodes.size())
                throw Error(path, where, "refers to a node that does not exist");
            e.length_m = f->GetFieldAsDouble(2);
            e.road_class = static_cast<RoadClass>(f->GetFieldAsInteger(3));
            e.highway = f->GetFieldAsString(4);
            e.name = f->GetFieldAsString(5);
            e.name_zh = f->GetFieldAsString(6);
            e.oneway = f->GetFieldAsInteger(7) != 0;
            e.has_geometry = f->GetFieldAsInteger(8) != 0;
            e.lanes = f->GetFieldAsInteger(9);
            e.maxspeed_kph = f->GetFieldAsDouble(10);
            e.speed_kph = f->GetFieldAsDouble(11);
            e.way_id = f->GetFieldAsInteger64(12);
            const std::vector<double> ll = getBlob(*f, "lonlat");
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g || wkbFlatten(g->getGeometryType()) != wkbLineString) throw Error(path, where, "not a line");
            LonLatCursor cur{ll, 0, path, where};
            std::vector<GeoPoint> pts = readCurve(g->toLineString(), cur);
            e.shape_begin = static_cast<std::uint32_t>(m.roads.shape.size());
            e.shape_count = static_cast<std::uint32_t>(pts.size());
            m.roads.shape.insert(m.roads.shape.end(), pts.begin(), pts.end());
            m.roads.edges.push_back(std::move(e));
            if ((++i & 0xfff) == 0 && total > 0)
                progress.report(0.1 + 0.4 * double(i) / double(total), "读取缓存: 道路");
        }
    }
    progress.report(0.5, "读取缓存: 图层");
    // layers
    {
        OGRLayer* reg = table("jingwei_layers");
        for (auto& r : *reg) {
            VectorLayer l;
            l.name = r->GetFieldAsString("name");
            l.source = r->GetFieldAsString("source");
            l.kind = parseLayerKind(r->GetFieldAsString("kind"));
            l.label_field = r->GetFieldAsString("label_field");
            try {
                l.style = styleFrom(json::parse(r->GetFieldAsString("style")));
                l.fields = json::parse(r->GetFieldAsString("fields")).get<std::vector<std::string>>();
            } catch (const json::exception& e) {
                throw Error(path, "jingwei_layers", std::string("unreadable layer metadata: ") + e.what());
            }
            OGRLayer* t = table(r->GetFieldAsString("table_name"));
            l.features.reserve(static_cast<std::size_t>(std::max<GIntBig>(0, t->GetFeatureCount())));
            for (auto& f : *t) {
                const std::string where = std::string(t->GetName()) + " row " + std::to_string(f->GetFID());
                Feature ft;
                ft.id = f->GetFieldAsInteger64(0);
                ft.label = f->GetFieldAsString(1);
                ft.has_label_anchor = f->GetFieldAsInteger(2) != 0;
                ft.label_anchor = GeoPoint{f->GetFieldAsDouble(5), f->GetFieldAsDouble(6), f->GetFieldAsDouble(3),
                                           f->GetFieldAsDouble(4)};
                ft.height_m = f->GetFieldAsDouble(7);
                ft.min_height_m = f->GetFieldAsDouble(8);
                ft.height_source = static_cast<HeightSource>(f->GetFieldAsInteger(9));
                auto attrs = parseHstore(f->GetFieldAsString(10));
                if (!attrs) throw Error(path, where, "unreadable attributes");
                ft.attributes = std::move(*attrs);
                const std::vector<double> ll = getBlob(*f, "lonlat");
                LonLatCursor cur{ll, 0, path, where};
                readFeatureGeometry(f->GetGeometryRef(), ft, cur);
                l.features.push_back(std::move(ft));
            }
            m.layers.push_back(std::move(l));
            progress.report(0.5 + 0.4 * double(m.layers.size()) / double(std::max<GIntBig>(1, reg->GetFeatureCount())),
                            "读取缓存: 图层");
        }
    }
    // terrains
    {
        for (auto& f : *table("jingwei_terrain")) {
            Terrain t;
            t.name = f->GetFieldAsString("name");
            t.source = f->GetFieldAsString("source");
            t.crs = f->GetFieldAsString("crs");
            t.width = f->GetFieldAsInteger("width");
            t.height = f->GetFieldAsInteger("height");
            try {
                t.geotransform = json::parse(f->GetFieldAsString("geotransform")).get<std::array<double, 6>>();
                t.style = styleFrom(json::parse(f->GetFieldAsString("style")));
            } catch (const json::exception& e) {
                throw Error(path, "jingwei_terrain", std::string("unreadable terrain metadata: ") + e.what());
            }
            t.min_m = static_cast<float>(f->GetFieldAsDouble("min_m"));
            t.max_m = static_cast<float>(f->GetFieldAsDouble("max_m"));
            t.warp_cell_m = f->GetFieldAsDouble("warp_cell_m");
            int n = 0;
            const GByte* b = f->GetFieldAsBinary(f->GetFieldIndex("elevation"), &n);
            if (t.width <= 0 || t.height <= 0 ||
                static_cast<std::size_t>(n) != std::size_t(t.width) * std::size_t(t.height) * sizeof(float))
                throw Error(path, "jingwei_terrain", "elevation grid size does not match");
            t.elevation_m.resize(std::size_t(t.width) * std::size_t(t.height));
            std::memcpy(t.elevation_m.data(), b, static_cast<std::size_t>(n));
            m.terrains.push_back(std::move(t));
        }
    }
    if (!quiet.failures.empty()) throw Error(path, "", "GDAL reported: " + quiet.failures.front());
    m.report.from_cache = true;
    m.report.cache_file = path;
    progress.report(1.0, "缓存读取完成");
    return m;
}

}  // namespace jingwei
