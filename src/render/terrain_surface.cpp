#include "render/terrain_surface.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jingwei {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Fills holes in the data (SRTM voids over lakes and steep slopes): no-data
// regions that do not touch the grid's edge and are at most max_cells big
// get the average of their valid neighbours, from the rim inwards. Sea and
// the outside of the data (which touch the edge) stay no-data.
void fillVoids(std::vector<float>& z, int nx, int ny, std::size_t max_cells) {
    std::vector<int> comp(z.size(), -1);
    std::vector<std::size_t> stack, cells;
    int next = 0;
    for (std::size_t start = 0; start < z.size(); ++start) {
        if (std::isfinite(z[start]) || comp[start] >= 0) continue;
        cells.clear();
        stack.assign(1, start);
        comp[start] = next;
        bool edge = false;
        while (!stack.empty()) {
            const std::size_t c = stack.back();
            stack.pop_back();
            cells.push_back(c);
            const int i = int(c % nx), j = int(c / nx);
            if (i == 0 || j == 0 || i == nx - 1 || j == ny - 1) edge = true;
            const int di[4] = {1, -1, 0, 0}, dj[4] = {0, 0, 1, -1};
            for (int k = 0; k < 4; ++k) {
                const int a = i + di[k], b = j + dj[k];
                if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
                const std::size_t n = std::size_t(b) * nx + a;
                if (!std::isfinite(z[n]) && comp[n] < 0) {
                    comp[n] = next;
                    stack.push_back(n);
                }
            }
        }
        ++next;
        if (edge || cells.size() > max_cells) continue;
        // Peel the hole from its rim inwards.
        std::vector<std::size_t> todo = cells, later;
        while (!todo.empty()) {
            std::vector<std::pair<std::size_t, float>> fill;
            later.clear();
            for (std::size_t c : todo) {
                const int i = int(c % nx), j = int(c / nx);
                double sum = 0;
                int cnt = 0;
                for (int b = std::max(0, j - 1); b <= std::min(ny - 1, j + 1); ++b)
                    for (int a = std::max(0, i - 1); a <= std::min(nx - 1, i + 1); ++a) {
                        const float v = z[std::size_t(b) * nx + a];
                        if (std::isfinite(v)) {
                            sum += v;
                            ++cnt;
                        }
                    }
                if (cnt > 0) fill.emplace_back(c, float(sum / cnt));
                else later.push_back(c);
            }
            if (fill.empty()) break;
            for (const auto& [c, v] : fill) z[c] = v;
            todo.swap(later);
        }
    }
}
}  // namespace

double TerrainGrid::elevationAt(double x, double y) const {
    if (nx < 2 || ny < 2) return kNaN;
    const double fx = (x - x0) / dx, fy = (y0 - y) / dy;
    if (!(fx >= 0 && fy >= 0 && fx <= nx - 1 && fy <= ny - 1)) return kNaN;
    const int i = std::min(static_cast<int>(fx), nx - 2), j = std::min(static_cast<int>(fy), ny - 2);
    const double u = fx - i, v = fy - j;
    const double z00 = at(i, j), z10 = at(i + 1, j), z01 = at(i, j + 1), z11 = at(i + 1, j + 1);
    if (std::isfinite(z00) && std::isfinite(z10) && std::isfinite(z01) && std::isfinite(z11)) {
        if (u >= v) return z00 + u * (z10 - z00) + v * (z11 - z10);
        return z00 + v * (z01 - z00) + u * (z11 - z01);
    }
    // A cell at the edge of the data: bilinear over the valid corners.
    const double w[4] = {(1 - u) * (1 - v), u * (1 - v), (1 - u) * v, u * v};
    const double z[4] = {z00, z10, z01, z11};
    double sw = 0, sz = 0;
    for (int k = 0; k < 4; ++k)
        if (std::isfinite(z[k])) {
            sw += w[k];
            sz += w[k] * z[k];
        }
    return sw > 1e-9 ? sz / sw : kNaN;
}

Bounds TerrainSurface::areaOfInterest(const MapModel& map) {
    Bounds b = map.roads.boundsXY();
    for (const auto& l : map.layers) b.add(l.boundsXY());
    if (b.empty()) {
        for (const auto& t : map.terrains)
            if (!t.empty()) b.add(t.bounds());
        return b;
    }
    const double m = std::max({0.25 * b.width(), 0.25 * b.height(), 3000.0});
    b.add(b.min_x - m, b.min_y - m);
    b.add(b.max_x + m, b.max_y + m);
    return b;
}

TerrainSurface TerrainSurface::build(const MapModel& map, double exaggeration, const Bounds& area,
                                     std::size_t max_vertices) {
    TerrainSurface s;
    s.exaggeration_ = std::max(0.0, exaggeration);
    double finest = std::numeric_limits<double>::infinity();
    for (std::size_t ti = 0; ti < map.terrains.size(); ++ti) {
        const Terrain& t = map.terrains[ti];
        if (t.empty() || t.elevation_m.size() != std::size_t(t.width) * std::size_t(t.height)) continue;
        const auto& gt = t.geotransform;
        if (!(gt[1] > 0) || !(gt[5] < 0) || gt[2] != 0 || gt[4] != 0) continue;  // loadMap warps north-up
        int c0 = 0, c1 = t.width - 1, r0 = 0, r1 = t.height - 1;
        if (!area.empty()) {
            c0 = std::max(0, static_cast<int>(std::floor((area.min_x - gt[0]) / gt[1] - 0.5)));
            c1 = std::min(t.width - 1, static_cast<int>(std::ceil((area.max_x - gt[0]) / gt[1] - 0.5)));
            r0 = std::max(0, static_cast<int>(std::floor((area.max_y - gt[3]) / gt[5] - 0.5)));
            r1 = std::min(t.height - 1, static_cast<int>(std::ceil((area.min_y - gt[3]) / gt[5] - 0.5)));
        }
        if (c1 - c0 < 1 || r1 - r0 < 1) continue;
        int stride = 1;
        auto verts = [&](int st) {
            return std::size_t((c1 - c0) / st + 1) * std::size_t((r1 - r0) / st + 1);
        };
        while (verts(stride) > max_vertices) ++stride;
        TerrainGrid g;
        g.terrain = ti;
        g.stride = stride;
        g.nx = (c1 - c0) / stride + 1;
        g.ny = (r1 - r0) / stride + 1;
        g.x0 = gt[0] + (c0 + 0.5) * gt[1];
        g.y0 = gt[3] + (r0 + 0.5) * gt[5];
        g.dx = stride * gt[1];
        g.dy = -stride * gt[5];
        g.elev.resize(std::size_t(g.nx) * std::size_t(g.ny));
        bool any = false;
        for (int j = 0; j < g.ny; ++j)
            for (int i = 0; i < g.nx; ++i) {
                const float v = t.at(c0 + i * stride, r0 + j * stride);
                g.elev[std::size_t(j) * g.nx + i] = v;
                if (std::isfinite(v)) {
                    any = true;
                    s.max_z_ = std::max(s.max_z_, double(v) * s.exaggeration_);
                }
            }
        if (!any) continue;
        fillVoids(g.elev, g.nx, g.ny, std::max<std::size_t>(4000, g.elev.size() / 100));
        for (float v : g.elev)
            if (std::isfinite(v)) s.max_z_ = std::max(s.max_z_, double(v) * s.exaggeration_);
        finest = std::min({finest, g.dx, g.dy});
        s.grids_.push_back(std::move(g));
    }
    s.drape_step_ = s.grids_.empty() ? 0.0 : 0.5 * finest;
    return s;
}

double TerrainSurface::elevation(double x, double y) const {
    for (const auto& g : grids_) {
        const double e = g.elevationAt(x, y);
        if (std::isfinite(e)) return e;
    }
    return kNaN;
}

double TerrainSurface::z(double x, double y) const {
    if (grids_.empty()) return 0.0;
    const double e = elevation(x, y);
    return std::isfinite(e) ? e * exaggeration_ : 0.0;
}

std::vector<osg::Vec3d> TerrainSurface::drape(const std::vector<XY>& line, double min_step_m) const {
    std::vector<osg::Vec3d> out;
    if (line.empty()) return out;
    if (grids_.empty()) {
        out.reserve(line.size());
        for (const auto& p : line) out.emplace_back(p.x, p.y, 0.0);
        return out;
    }
    out.emplace_back(line[0].x, line[0].y, z(line[0].x, line[0].y));
    for (std::size_t i = 1; i < line.size(); ++i) {
        const XY& a = line[i - 1];
        const XY& b = line[i];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        const int n = std::clamp(static_cast<int>(std::ceil(len / std::max(drape_step_, min_step_m))), 1, 4096);
        for (int k = 1; k <= n; ++k) {
            const double t = double(k) / n;
            const double x = a.x + (b.x - a.x) * t, y = a.y + (b.y - a.y) * t;
            out.emplace_back(x, y, z(x, y));
        }
    }
    return out;
}

std::optional<osg::Vec3d> TerrainSurface::intersectRay(const osg::Vec3d& from, const osg::Vec3d& dir) const {
    if (!(dir.length2() > 0)) return std::nullopt;
    if (grids_.empty()) {
        if (std::abs(dir.z()) < 1e-12) return std::nullopt;
        const double t = -from.z() / dir.z();
        if (t < 0) return std::nullopt;
        return from + dir * t;
    }
    const double top = max_z_ + 1.0;
    if (from.z() > top && dir.z() >= 0) return std::nullopt;
    double t0 = from.z() > top ? (top - from.z()) / dir.z() : 0.0;
    // Below z = 0 (no-data ground) nothing can be hit any more.
    const double t_end = dir.z() < 0 ? (-1.0 - from.z()) / dir.z() : t0 + 1e6;
    const double horiz = std::hypot(dir.x(), dir.y());
    double step = horiz > 1e-9 ? drape_step_ / horiz : (t_end - t0);
    if ((t_end - t0) / step > 40000) step = (t_end - t0) / 40000;
    auto f = [&](double t) {
        const osg::Vec3d p = from + dir * t;
        return p.z() - z(p.x(), p.y());
    };
    if (f(t0) <= 0) return from + dir * t0;
    for (double a = t0; a < t_end; a += step) {
        const double b = std::min(a + step, t_end);
        if (f(b) <= 0) {
            double lo = a, hi = b;
            for (int k = 0; k < 40; ++k) {
                const double m = 0.5 * (lo + hi);
                (f(m) <= 0 ? hi : lo) = m;
            }
            return from + dir * hi;
        }
    }
    return std::nullopt;
}

}  // namespace jingwei
