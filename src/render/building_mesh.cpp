#include "render/building_mesh.h"

#include <algorithm>
#include <cmath>

#include <osg/Geometry>
#include <osg/TriangleIndexFunctor>
#include <osgUtil/Tessellator>

namespace jingwei {

namespace {

constexpr double kPi = 3.14159265358979323846;

double signedArea(const std::vector<GeoPoint>& r) {
    double a = 0;
    for (std::size_t i = 0, n = r.size(); i < n; ++i) a += r[i].x * r[(i + 1) % n].y - r[(i + 1) % n].x * r[i].y;
    return 0.5 * a;
}

// The ring without a repeated closing point.
std::size_t ringSize(const std::vector<GeoPoint>& r) {
    std::size_t n = r.size();
    if (n >= 2 && r.front().x == r.back().x && r.front().y == r.back().y) --n;
    return n;
}

bool convex(const std::vector<GeoPoint>& r, std::size_t n) {
    int sign = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = r[i];
        const auto& b = r[(i + 1) % n];
        const auto& c = r[(i + 2) % n];
        const double cr = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        if (std::abs(cr) < 1e-9) continue;
        const int s = cr > 0 ? 1 : -1;
        if (sign == 0) sign = s;
        else if (s != sign) return false;
    }
    return true;
}

struct CollectTriangles {
    std::vector<std::uint32_t>* out = nullptr;
    std::uint32_t base = 0;
    void operator()(unsigned a, unsigned b, unsigned c) {
        out->push_back(base + a);
        out->push_back(base + b);
        out->push_back(base + c);
    }
};

}  // namespace

bool isBuildingLayer(const VectorLayer& layer) {
    return layer.kind == LayerKind::Buildings || layer.style.extrusion.has_value();
}

BuildingZ buildingZ(const Feature& f, const TerrainSurface* ground) {
    BuildingZ z;
    if (ground && !ground->empty()) {
        double g = std::numeric_limits<double>::infinity();
        for (const auto& poly : f.polygons)
            if (!poly.empty())
                for (const auto& p : poly.front()) g = std::min(g, ground->z(p.x, p.y));
        z.ground = std::isfinite(g) ? g : 0.0;
    }
    const double h = std::isfinite(f.height_m) ? f.height_m : 0.0;
    const double mh = std::isfinite(f.min_height_m) ? std::max(0.0, f.min_height_m) : 0.0;
    z.base = z.ground + mh;
    z.top = z.ground + std::max(h, mh + 0.5);
    return z;
}

float wallShade(double nx, double ny) {
    // Light from the north-west (azimuth 315°), as in hill shading.
    const double lx = std::sin(315.0 * kPi / 180.0), ly = std::cos(315.0 * kPi / 180.0);
    const double lambert = nx * lx + ny * ly;  // -1 .. 1
    return static_cast<float>(0.62 + 0.26 * lambert);
}

BuildingMesh buildBuildingMesh(const VectorLayer& layer, const Color8& fill, double ox, double oy,
                               const TerrainSurface* ground) {
    std::vector<const Feature*> all;
    all.reserve(layer.features.size());
    for (const Feature& f : layer.features) all.push_back(&f);
    return buildBuildingMesh(all, fill, ox, oy, ground);
}

BuildingMesh buildBuildingMesh(const std::vector<const Feature*>& features, const Color8& fill, double ox, double oy,
                               const TerrainSurface* ground) {
    BuildingMesh m;
    auto& V = *m.verts;
    auto& C = *m.colours;
    auto& E = *m.edge_verts;
    const osg::Vec4 roof(std::min(1.0f, fill.rf() * 1.06f), std::min(1.0f, fill.gf() * 1.06f),
                         std::min(1.0f, fill.bf() * 1.06f), fill.af());
    auto scaled = [&](float k) { return osg::Vec4(fill.rf() * k, fill.gf() * k, fill.bf() * k, fill.af()); };

    for (const Feature* fp : features) {
        const Feature& f = *fp;
        if (f.polygons.empty()) continue;
        const BuildingZ bz = buildingZ(f, ground);
        const float zb = float(bz.base), zt = float(bz.top);
        bool any = false;
        for (const auto& poly : f.polygons) {
            if (poly.empty() || ringSize(poly.front()) < 3) continue;
            any = true;
            // Walls.
            for (std::size_t ri = 0; ri < poly.size(); ++ri) {
                const auto& ring = poly[ri];
                const std::size_t n = ringSize(ring);
                if (n < 3) continue;
                const bool ccw = signedArea(ring) > 0;
                const double s = ((ri == 0) == ccw) ? 1.0 : -1.0;  // outer CCW / hole CW: (dy, -dx) points out
                for (std::size_t i = 0; i < n; ++i) {
                    const auto& a = ring[i];
                    const auto& b = ring[(i + 1) % n];
                    const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
                    if (len < 1e-6) continue;
                    const float k = wallShade(s * dy / len, -s * dx / len);
                    const osg::Vec4 top = scaled(k), foot = scaled(k * 0.72f);
                    const auto base = static_cast<std::uint32_t>(V.size());
                    const float ax = float(a.x - ox), ay = float(a.y - oy), bx = float(b.x - ox), by = float(b.y - oy);
                    V.push_back({ax, ay, zb});
                    V.push_back({bx, by, zb});
                    V.push_back({bx, by, zt});
                    V.push_back({ax, ay, zt});
                    C.push_back(foot);
                    C.push_back(foot);
                    C.push_back(top);
                    C.push_back(top);
                    for (std::uint32_t t : {0u, 1u, 2u, 0u, 2u, 3u}) m.triangles.push_back(base + t);
                    E.push_back({ax, ay, zt});
                    E.push_back({bx, by, zt});
                }
            }
            // Roof.
            const auto& outer = poly.front();
            const std::size_t n = ringSize(outer);
            const auto base = static_cast<std::uint32_t>(V.size());
            if (poly.size() == 1 && convex(outer, n)) {
                for (std::size_t i = 0; i < n; ++i) {
                    V.push_back({float(outer[i].x - ox), float(outer[i].y - oy), zt});
                    C.push_back(roof);
                }
                for (std::uint32_t i = 1; i + 1 < n; ++i) {
                    m.roof_triangles.push_back(base);
                    m.roof_triangles.push_back(base + i);
                    m.roof_triangles.push_back(base + i + 1);
                }
                continue;
            }
            osg::ref_ptr<osg::Geometry> g = new osg::Geometry;
            osg::ref_ptr<osg::Vec3Array> gv = new osg::Vec3Array;
            g->setVertexArray(gv.get());
            for (const auto& ring : poly) {
                const std::size_t rn = ringSize(ring);
                if (rn < 3) continue;
                const auto start = gv->size();
                for (std::size_t i = 0; i < rn; ++i) gv->push_back({float(ring[i].x - ox), float(ring[i].y - oy), zt});
                g->addPrimitiveSet(new osg::DrawArrays(GL_POLYGON, start, rn));
            }
            osgUtil::Tessellator tess;
            tess.setTessellationType(osgUtil::Tessellator::TESS_TYPE_GEOMETRY);
            tess.setWindingType(osgUtil::Tessellator::TESS_WINDING_ODD);
            tess.setBoundaryOnly(false);
            tess.retessellatePolygons(*g);
            const auto* tv = dynamic_cast<const osg::Vec3Array*>(g->getVertexArray());
            if (!tv) continue;
            for (const auto& p : *tv) {
                V.push_back(osg::Vec3(p.x(), p.y(), zt));
                C.push_back(roof);
            }
            osg::TriangleIndexFunctor<CollectTriangles> tf;
            tf.out = &m.roof_triangles;
            tf.base = base;
            g->accept(tf);
        }
        if (any) ++m.buildings;
    }
    return m;
}

}  // namespace jingwei
