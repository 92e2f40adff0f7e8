#include "network/polygon.h"

#include <cmath>
#include <limits>
#include <mutex>

#include "network/gdal_internal.h"

namespace jingwei {

namespace network_internal {

void registerGdal() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

QuietGdal::QuietGdal() {
    CPLPushErrorHandlerEx(&QuietGdal::handler, this);
    CPLErrorReset();
}
QuietGdal::~QuietGdal() { CPLPopErrorHandler(); }

std::string QuietGdal::message() const {
    if (!failures_.empty()) return failures_.front();
    const char* m = CPLGetLastErrorMsg();
    return (m && *m) ? std::string(m) : std::string("unknown GDAL error");
}

void CPL_STDCALL QuietGdal::handler(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<QuietGdal*>(CPLGetErrorHandlerUserData());
    if (self && cls >= CE_Failure && msg) self->failures_.emplace_back(msg);
}

namespace {
std::unique_ptr<OGRLinearRing> ring(const std::vector<XY>& pts) {
    auto r = std::make_unique<OGRLinearRing>();
    r->setNumPoints(static_cast<int>(pts.size()), FALSE);
    for (std::size_t i = 0; i < pts.size(); ++i) r->setPoint(static_cast<int>(i), pts[i].x, pts[i].y);
    return r;
}
void fromRing(const OGRLinearRing* r, std::vector<XY>& out) {
    out.resize(static_cast<std::size_t>(r->getNumPoints()));
    for (int i = 0; i < r->getNumPoints(); ++i) out[static_cast<std::size_t>(i)] = {r->getX(i), r->getY(i)};
}
}  // namespace

std::unique_ptr<OGRPolygon> toOgr(const Polygon& p) {
    auto poly = std::make_unique<OGRPolygon>();
    poly->addRingDirectly(ring(p.outer).release());
    for (const auto& h : p.holes) poly->addRingDirectly(ring(h).release());
    return poly;
}

std::unique_ptr<OGRMultiPolygon> toOgr(const MultiPolygon& mp) {
    auto m = std::make_unique<OGRMultiPolygon>();
    for (const Polygon& p : mp) m->addGeometryDirectly(toOgr(p).release());
    return m;
}

void appendFromOgr(const OGRGeometry* g, MultiPolygon& out) {
    if (!g) return;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        const auto* p = g->toPolygon();
        if (p->IsEmpty()) return;
        Polygon q;
        fromRing(p->getExteriorRing(), q.outer);
        q.holes.resize(static_cast<std::size_t>(p->getNumInteriorRings()));
        for (int i = 0; i < p->getNumInteriorRings(); ++i) fromRing(p->getInteriorRing(i), q.holes[static_cast<std::size_t>(i)]);
        out.push_back(std::move(q));
    } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
        const auto* c = g->toGeometryCollection();
        for (int i = 0; i < c->getNumGeometries(); ++i) appendFromOgr(c->getGeometryRef(i), out);
    }
}

}  // namespace network_internal

using namespace network_internal;

double ringArea(const std::vector<XY>& r) {
    if (r.size() < 3) return 0;
    double s = 0;
    const double ox = r[0].x, oy = r[0].y;  // relative coordinates for precision
    for (std::size_t i = 0; i + 1 < r.size(); ++i)
        s += (r[i].x - ox) * (r[i + 1].y - oy) - (r[i + 1].x - ox) * (r[i].y - oy);
    if (r.front().x != r.back().x || r.front().y != r.back().y)
        s += (r.back().x - ox) * (r.front().y - oy) - (r.front().x - ox) * (r.back().y - oy);
    return 0.5 * s;
}

double area(const Polygon& p) {
    double a = std::abs(ringArea(p.outer));
    for (const auto& h : p.holes) a -= std::abs(ringArea(h));
    return a;
}

double area(const MultiPolygon& mp) {
    double a = 0;
    for (const Polygon& p : mp) a += area(p);
    return a;
}

Bounds bounds(const MultiPolygon& mp) {
    Bounds b;
    for (const Polygon& p : mp)
        for (const XY& q : p.outer) b.add(q.x, q.y);
    return b;
}

bool isValid(const MultiPolygon& mp, std::string* reason) {
    const auto g = toOgr(mp);
    QuietGdal quiet;
    const bool ok = g->IsValid();
    if (!ok && reason) *reason = quiet.message();
    return ok;
}

double differenceArea(const MultiPolygon& a, const MultiPolygon& b) {
    if (a.empty()) return 0;
    if (b.empty()) return area(a);
    const auto ga = toOgr(a), gb = toOgr(b);
    GeometryPtr d(ga->Difference(gb.get()));
    if (!d) return std::numeric_limits<double>::quiet_NaN();
    MultiPolygon out;
    appendFromOgr(d.get(), out);
    return area(out);
}

bool containsAll(const MultiPolygon& a, const MultiPolygon& b) {
    if (b.empty()) return true;
    if (a.empty()) return false;
    const auto ga = toOgr(a), gb = toOgr(b);
    return ga->Contains(gb.get());
}

bool containsPoint(const MultiPolygon& mp, XY p) {
    const auto g = toOgr(mp);
    OGRPoint pt(p.x, p.y);
    return g->Intersects(&pt);
}

std::string toWkt(const MultiPolygon& mp) {
    const auto g = toOgr(mp);
    return g->exportToWkt();
}

}  // namespace jingwei
