// Plans as GeoJSON (through GDAL's GeoJSON driver): one feature per post
// (a Point with id, name, locked, source, windows) and one feature without
// geometry, kind "plan", carrying the plan's own fields, its windows and its
// scores (JSON members).
#include <cmath>
#include <set>

#include "core/atomic_file.h"
#include "core/error.h"
#include "mapdata/gdal_util.h"
#include "place/plan.h"
#include "place/plan_yaml.h"

namespace jingwei::place {
namespace {

struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

void addField(OGRLayer* layer, const char* name, OGRFieldType type, OGRFieldSubType sub = OFSTNone) {
    OGRFieldDefn def(name, type);
    def.SetSubType(sub);
    if (layer->CreateField(&def) != OGRERR_NONE) throw Error("", "GeoJSON plan", std::string("cannot create field ") + name);
}

}  // namespace

void writePlanGeoJson(const Plan& plan, const std::string& path) {
    gdal::registerAll();
    gdal::QuietErrors quiet;
    AtomicFile file(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!driver) throw Error(path, "", "GDAL has no GeoJSON driver");
    {
        GDALDatasetUniquePtr ds(driver->Create(file.tmp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw Error(path, "", "cannot create the file: " + quiet.first());
        OGRLayer* layer = ds->CreateLayer("plan", nullptr, wkbPoint, nullptr);
        if (!layer) throw Error(path, "", "cannot create the layer: " + quiet.first());
        addField(layer, "kind", OFTString);
        addField(layer, "id", OFTString);
        addField(layer, "name", OFTString);
        addField(layer, "locked", OFTInteger, OFSTBoolean);
        addField(layer, "source", OFTString);
        addField(layer, "windows", OFTStringList);
        addField(layer, "format", OFTString);
        addField(layer, "map", OFTString);
        addField(layer, "objective", OFTString);
        addField(layer, "minutes", OFTReal);
        addField(layer, "backup_minutes", OFTReal);
        addField(layer, "backup_weight", OFTReal);
        addField(layer, "penalty_minutes", OFTReal);
        addField(layer, "demand", OFTString);
        addField(layer, "units_per_post", OFTInteger);
        addField(layer, "plan_windows", OFTString, OFSTJSON);
        addField(layer, "scores", OFTString, OFSTJSON);

        FeaturePtr head(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        head->SetField("kind", "plan");
        head->SetField("format", "jingwei-plan/1");
        if (!plan.name.empty()) head->SetField("name", plan.name.c_str());
        if (!plan.map.empty()) head->SetField("map", plan.map.c_str());
        head->SetField("objective", std::string(objectiveKey(plan.objective)).c_str());
        head->SetField("minutes", plan.minutes);
        if (plan.objective == ObjectiveKind::DoubleCoverage) {
            head->SetField("backup_minutes", plan.backup_minutes);
            head->SetField("backup_weight", plan.backup_weight);
        }
        if (plan.objective == ObjectiveKind::PMedian && plan.penalty_minutes > 0)
            head->SetField("penalty_minutes", plan.penalty_minutes);
        if (!plan.demand.empty()) head->SetField("demand", plan.demand.c_str());
        head->SetField("units_per_post", plan.units_per_post);
        head->SetField("plan_windows", detail::windowsJson(plan).c_str());
        if (!plan.scores.empty()) head->SetField("scores", detail::scoresJson(plan).c_str());
        if (layer->CreateFeature(head.get()) != OGRERR_NONE) throw Error(path, "", "cannot write: " + quiet.first());

        for (const PlanPost& p : plan.posts) {
            FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            f->SetField("kind", "post");
            f->SetField("id", p.id.c_str());
            if (!p.name.empty()) f->SetField("name", p.name.c_str());
            f->SetField("locked", p.locked ? 1 : 0);
            if (!p.source.empty()) f->SetField("source", p.source.c_str());
            CPLStringList names;
            for (const std::string& w : p.windows) names.AddString(w.c_str());
            f->SetField("windows", names.List());
            OGRPoint pt(p.lon, p.lat);
            f->SetGeometry(&pt);
            if (layer->CreateFeature(f.get()) != OGRERR_NONE) throw Error(path, "", "cannot write: " + quiet.first());
        }
        ds.reset();  // flushes the file
        if (!quiet.failures.empty()) throw Error(path, "", "cannot write: " + quiet.first());
    }
    file.commit();
}

Plan readPlanGeoJson(const std::string& path) {
    GDALDatasetUniquePtr ds = gdal::openVector(path);
    if (ds->GetLayerCount() < 1) throw Error(path, "", "no layer in the file");
    OGRLayer* layer = ds->GetLayer(0);
    Plan plan;
    bool have_head = false;
    int number = 0;
    layer->ResetReading();
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        ++number;
        const std::string where = "feature " + std::to_string(number);
        auto fail = [&](const std::string& why) -> void { throw Error(path, where, why); };
        auto has = [&](const char* field) {
            const int i = f->GetFieldIndex(field);
            return i >= 0 && f->IsFieldSetAndNotNull(i);
        };
        auto text = [&](const char* field, bool required) -> std::string {
            if (!has(field)) {
                if (required) fail(std::string("missing ") + field);
                return {};
            }
            const std::string s = f->GetFieldAsString(field);
            if (required && s.empty()) fail(std::string(field) + ": must not be empty");
            return s;
        };
        auto number_in = [&](const char* field, double lo, double hi) {
            const int i = f->GetFieldIndex(field);
            const OGRFieldType t = f->GetFieldDefnRef(i)->GetType();
            if (t != OFTReal && t != OFTInteger && t != OFTInteger64) fail(std::string(field) + ": expected a number");
            const double v = f->GetFieldAsDouble(i);
            if (!(v >= lo && v <= hi)) fail(std::string(field) + ": must be between " + detail::numberText(lo) + " and " +
                                            detail::numberText(hi) + ", got " + detail::numberText(v));
            return v;
        };
        const std::string kind = has("kind") ? text("kind", true) : "post";
        if (kind == "plan") {
            if (have_head) fail("a second feature of kind 'plan'");
            have_head = true;
            if (text("format", true) != "jingwei-plan/1") fail("format: expected jingwei-plan/1");
            plan.name = text("name", false);
            plan.map = text("map", false);
            if (!parseObjectiveKind(text("objective", true), &plan.objective))
                fail("objective: expected mclp, lscp, pmedian or double");
            if (!has("minutes")) fail("missing minutes");
            plan.minutes = number_in("minutes", 0.01, 240);
            if (plan.objective == ObjectiveKind::DoubleCoverage) {
                if (!has("backup_minutes")) fail("missing backup_minutes (double coverage)");
                plan.backup_minutes = number_in("backup_minutes", plan.minutes, 240);
                if (has("backup_weight")) plan.backup_weight = number_in("backup_weight", 0, 1000);
            }
            if (has("penalty_minutes")) plan.penalty_minutes = number_in("penalty_minutes", 0.01, 1440);
            plan.demand = text("demand", false);
            if (has("units_per_post")) plan.units_per_post = static_cast<int>(number_in("units_per_post", 1, 1000));
            // The JSON members, read by yaml-cpp (JSON is a subset of YAML).
            auto member = [&](const char* field, auto reader) {
                const std::string json = text(field, false);
                if (json.empty()) return;
                const detail::YamlChecker c(path, where + " " + field);
                YAML::Node n;
                try {
                    n = YAML::Load(json);
                } catch (const YAML::Exception& e) {
                    c.fail(e.mark.line >= 0 ? e.mark.line + 1 : 0, "", "JSON syntax error: " + e.msg);
                }
                reader(c, n, field, plan);
            };
            if (!has("plan_windows")) fail("missing plan_windows");
            member("plan_windows", detail::readWindows);
            member("scores", detail::readScores);
            for (PlanWindow& w : plan.windows) w.line = number;
            continue;
        }
        if (kind != "post") fail("kind: expected plan or post, got '" + kind + "'");
        PlanPost p;
        p.line = number;
        p.id = text("id", true);
        p.name = text("name", false);
        p.source = text("source", false);
        if (has("locked")) p.locked = number_in("locked", 0, 1) != 0;
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || wkbFlatten(g->getGeometryType()) != wkbPoint) fail("a post needs a Point geometry");
        const auto* pt = g->toPoint();
        p.lon = pt->getX();
        p.lat = pt->getY();
        if (!validLonLat(p.lon, p.lat)) fail("the point is not a WGS84 lon/lat");
        if (has("windows")) {
            const int i = f->GetFieldIndex("windows");
            if (f->GetFieldDefnRef(i)->GetType() == OFTStringList) {
                for (char** s = f->GetFieldAsStringList(i); s && *s; ++s) p.windows.push_back(*s);
            } else {
                // An empty list or one name may come back as plain text.
                const std::string s = f->GetFieldAsString(i);
                if (!s.empty() && s != "[ ]" && s != "[]") p.windows.push_back(s);
            }
        }
        plan.posts.push_back(std::move(p));
    }
    if (!have_head) throw Error(path, "", "no feature of kind 'plan' (the plan's objective and windows)");
    detail::checkPlan(plan, path, "feature");
    return plan;
}

}  // namespace jingwei::place
