#include "mapdata/vector_reader.h"

#include <memory>

#include "core/error.h"
#include "mapdata/gdal_util.h"

namespace jingwei {
namespace {

GeometryKind kindOf(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
        case wkbPoint:
        case wkbMultiPoint: return GeometryKind::Point;
        case wkbLineString:
        case wkbMultiLineString:
        case wkbCircularString:
        case wkbCompoundCurve:
        case wkbMultiCurve: return GeometryKind::Line;
        case wkbPolygon:
        case wkbMultiPolygon:
        case wkbCurvePolygon:
        case wkbMultiSurface: return GeometryKind::Polygon;
        default: return GeometryKind::Any;
    }
}

}  // namespace

std::string_view geometryKindKey(GeometryKind k) {
    switch (k) {
        case GeometryKind::Point: return "point";
        case GeometryKind::Line: return "line";
        case GeometryKind::Polygon: return "polygon";
        default: return "any";
    }
}

bool parseGeometryKind(std::string_view key, GeometryKind* out) {
    for (GeometryKind k : {GeometryKind::Any, GeometryKind::Point, GeometryKind::Line, GeometryKind::Polygon})
        if (geometryKindKey(k) == key) {
            *out = k;
            return true;
        }
    return false;
}

VectorLayer readVectorLayer(const std::string& path, const VectorReadOptions& opt, const Progress& progress) {
    GDALDatasetUniquePtr ds = gdal::openVector(path);
    gdal::QuietErrors quiet;
    OGRLayer* layer = opt.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(opt.layer.c_str());
    if (!layer)
        throw Error(path, opt.layer.empty() ? std::string("layer 0") : "layer '" + opt.layer + "'",
                    "no such layer in the file");
    const std::string layer_where = std::string("layer '") + layer->GetName() + "'";

    const gdal::PointConverter conv(path, layer->GetSpatialRef(), layer->GetName(), opt.source_crs);

    VectorLayer out;
    out.name = layer->GetName();
    out.source = path;
    out.label_field = opt.label_field;
    const OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    if (!opt.label_field.empty() && defn->GetFieldIndex(opt.label_field.c_str()) < 0)
        throw Error(path, "label field", "the layer has no attribute '" + opt.label_field + "'");
    if (!opt.filter.empty()) {
        if (layer->SetAttributeFilter(opt.filter.c_str()) != OGRERR_NONE)
            throw Error(path, "filter", "GDAL cannot use the filter '" + opt.filter + "': " + quiet.first());
    }

    const GIntBig total = layer->GetFeatureCount(FALSE);
    layer->ResetReading();
    std::size_t n = 0;
    for (auto& feat : *layer) {
        ++n;
        const std::string where = "feature " + std::to_string(feat->GetFID());
        Feature f;
        f.id = feat->GetFID();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!feat->IsFieldSetAndNotNull(i)) continue;
            f.attributes[defn->GetFieldDefn(i)->GetNameRef()] = feat->GetFieldAsString(i);
        }
        const OGRGeometry* g = feat->GetGeometryRef();
        if (opt.geometry != GeometryKind::Any) {
            if (!g || g->IsEmpty())
                throw Error(path, where, "the feature has no geometry, but the layer must hold " +
                                             std::string(geometryKindKey(opt.geometry)) + "s");
            if (kindOf(g->getGeometryType()) != opt.geometry)
                throw Error(path, where,
                            std::string("mixed geometry types: the feature is a ") + g->getGeometryName() +
                                " but the layer must hold " + std::string(geometryKindKey(opt.geometry)) +
                                "s (leave such features out with `filter:`)");
        }
        gdal::appendGeometry(g, f, conv, path, where);
        if (!opt.label_field.empty()) f.label = f.attributes[opt.label_field];
        if (!opt.anchor_x_field.empty() && !opt.anchor_y_field.empty() &&
            f.attributes.count(opt.anchor_x_field) && f.attributes.count(opt.anchor_y_field)) {
            const double ax = feat->GetFieldAsDouble(opt.anchor_x_field.c_str());
            const double ay = feat->GetFieldAsDouble(opt.anchor_y_field.c_str());
            f.label_anchor = conv(ax, ay, where + " label anchor");
            f.has_label_anchor = true;
        } else if (g && !g->IsEmpty()) {
            // A point inside the shape (GEOS), so labels sit on their area.
            f.has_label_anchor = gdal::pointOnSurface(g, conv, where + " label anchor", &f.label_anchor);
        }
        out.features.push_back(std::move(f));
        if (total > 0 && (n % 256) == 0) progress.report(double(n) / double(total), "读取图层");
    }
    if (!quiet.failures.empty())
        throw Error(path, "after feature " + std::to_string(n), "GDAL reported: " + quiet.failures.front());
    if (out.features.empty())
        throw Error(path, layer_where,
                    opt.filter.empty() ? "the layer is empty" : "the layer is empty after the filter '" + opt.filter + "'");
    progress.report(1.0, "读取图层完成");
    return out;
}

}  // namespace jingwei
