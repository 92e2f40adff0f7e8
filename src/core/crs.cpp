#include "core/crs.h"

#include <proj.h>

#include <cctype>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace jingwei {

int autoMetricEpsg(double lon, double lat) {
    const bool china = lon >= 73.0 && lon <= 136.5 && lat >= 3.0 && lat <= 54.0;
    if (china) {
        int cm = static_cast<int>(std::lround(lon / 3.0)) * 3;
        cm = std::clamp(cm, 75, 135);
        return 4534 + (cm - 75) / 3;
    }
    int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
    zone = std::clamp(zone, 1, 60);
    return (lat >= 0 ? 32600 : 32700) + zone;
}

std::string resolveCrsSpec(const std::string& spec, LonLat centre) {
    std::string s;
    for (char c : spec) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (s.empty() || s == "AUTO") {
        if (!validLonLat(centre.lon, centre.lat))
            throw Error("", "crs", "cannot choose a CRS automatically: the map has no valid extent");
        return "EPSG:" + std::to_string(autoMetricEpsg(centre.lon, centre.lat));
    }
    if (std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        s = "EPSG:" + s;
    // Validate now so the error names the spec rather than surfacing later.
    PJ_CONTEXT* ctx = proj_context_create();
    proj_log_level(ctx, PJ_LOG_NONE);
    PJ* pj = proj_create(ctx, s.c_str());
    const bool ok = pj != nullptr;
    if (pj) proj_destroy(pj);
    proj_context_destroy(ctx);
    if (!ok) throw Error("", "crs", "unknown or invalid CRS '" + spec + "'");
    return s;
}

struct CrsTransform::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    ~Impl() {
        if (pj) proj_destroy(pj);
        if (ctx) proj_context_destroy(ctx);
    }
};

CrsTransform::CrsTransform(const std::string& source, const std::string& target)
    : impl_(std::make_unique<Impl>()), source_(source), target_(target) {
    impl_->ctx = proj_context_create();
    proj_log_level(impl_->ctx, PJ_LOG_NONE);
    PJ* raw = proj_create_crs_to_crs(impl_->ctx, source.c_str(), target.c_str(), nullptr);
    if (!raw)
        throw Error("", "crs", "PROJ cannot transform from '" + source + "' to '" + target + "'");
    impl_->pj = proj_normalize_for_visualization(impl_->ctx, raw);
    proj_destroy(raw);
    if (!impl_->pj)
        throw Error("", "crs", "PROJ cannot normalise the transform '" + source + "' -> '" + target + "'");
}

CrsTransform::~CrsTransform() = default;
CrsTransform::CrsTransform(CrsTransform&&) noexcept = default;
CrsTransform& CrsTransform::operator=(CrsTransform&&) noexcept = default;

static XY run(PJ* pj, PJ_DIRECTION dir, double a, double b) {
    PJ_COORD c = proj_coord(a, b, 0, 0);
    PJ_COORD r = proj_trans(pj, dir, c);
    if (r.xy.x == HUGE_VAL || r.xy.y == HUGE_VAL || !std::isfinite(r.xy.x) || !std::isfinite(r.xy.y))
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    return {r.xy.x, r.xy.y};
}

XY CrsTransform::forward(double a, double b) const { return run(impl_->pj, PJ_FWD, a, b); }
XY CrsTransform::inverse(double a, double b) const { return run(impl_->pj, PJ_INV, a, b); }

Projector::Projector(const std::string& target_crs) : transform_("EPSG:4326", target_crs) {}

XY Projector::forward(LonLat p) const { return transform_.forward(p.lon, p.lat); }

LonLat Projector::inverse(XY p) const {
    const XY r = transform_.inverse(p.x, p.y);
    return {r.x, r.y};
}

void Projector::forward(std::vector<GeoPoint>& points) const {
    for (auto& p : points) {
        const XY r = transform_.forward(p.lon, p.lat);
        p.x = r.x;
        p.y = r.y;
    }
}

}  // namespace jingwei
