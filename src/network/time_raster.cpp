#include "network/time_raster.h"

#include <gdal_alg.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.h"
#include "network/gdal_internal.h"

namespace jingwei {

using namespace network_internal;

namespace detail {
MultiPolygon polygonizeMaskGdal(const RasterGrid& grid, std::span<const std::uint8_t> mask);
}

Bounds RasterGrid::bounds() const {
    Bounds b;
    if (width > 0 && height > 0) {
        b.add(x0, y0 - height * cell_m);
        b.add(x0 + width * cell_m, y0);
    }
    return b;
}

RasterWindow RasterGrid::window(const Bounds& box) const {
    RasterWindow w;
    if (box.empty() || width <= 0 || height <= 0) return w;
    const double c0 = std::ceil((box.min_x - x0) / cell_m - 0.5), c1 = std::floor((box.max_x - x0) / cell_m - 0.5);
    const double r0 = std::ceil((y0 - box.max_y) / cell_m - 0.5), r1 = std::floor((y0 - box.min_y) / cell_m - 0.5);
    w.c0 = static_cast<int>(std::max(0.0, c0));
    w.r0 = static_cast<int>(std::max(0.0, r0));
    w.c1 = static_cast<int>(std::min<double>(width - 1, c1));
    w.r1 = static_cast<int>(std::min<double>(height - 1, r1));
    if (c1 < 0 || r1 < 0 || c0 > width - 1 || r0 > height - 1) return RasterWindow{};
    return w;
}

RasterGrid RasterGrid::covering(const Bounds& box, double cell_m) {
    RasterGrid g;
    g.cell_m = cell_m;
    if (box.empty() || !(cell_m > 0)) return g;
    const double minx = std::floor(box.min_x / cell_m) * cell_m, maxx = std::ceil(box.max_x / cell_m) * cell_m;
    const double miny = std::floor(box.min_y / cell_m) * cell_m, maxy = std::ceil(box.max_y / cell_m) * cell_m;
    g.x0 = minx;
    g.y0 = maxy;
    g.width = std::max(1, static_cast<int>(std::llround((maxx - minx) / cell_m)));
    g.height = std::max(1, static_cast<int>(std::llround((maxy - miny) / cell_m)));
    return g;
}

RasterGrid RasterGrid::sub(const RasterWindow& w) const {
    RasterGrid g;
    g.cell_m = cell_m;
    if (w.empty()) return g;
    g.x0 = x0 + w.c0 * cell_m;
    g.y0 = y0 - w.r0 * cell_m;
    g.width = w.c1 - w.c0 + 1;
    g.height = w.r1 - w.r0 + 1;
    return g;
}

TimeRaster::TimeRaster(const RasterGrid& grid, bool with_owner)
    : grid_(grid), time_(grid.cellCount(), kEmpty), owner_(with_owner ? grid.cellCount() : 0, kNoOwner) {}

void TimeRaster::clear() {
    std::fill(time_.begin(), time_.end(), kEmpty);
    std::fill(owner_.begin(), owner_.end(), kNoOwner);
}

void TimeRaster::clear(const RasterWindow& w) {
    for (int r = w.r0; r <= w.r1; ++r) {
        const std::size_t i0 = index(w.c0, r), i1 = index(w.c1, r) + 1;
        std::fill(time_.begin() + static_cast<std::ptrdiff_t>(i0), time_.begin() + static_cast<std::ptrdiff_t>(i1), kEmpty);
        if (!owner_.empty())
            std::fill(owner_.begin() + static_cast<std::ptrdiff_t>(i0), owner_.begin() + static_cast<std::ptrdiff_t>(i1), kNoOwner);
    }
}

void TimeRaster::stamp(XY a, XY b, double ta, double tb, std::uint32_t owner, double radius, const RasterWindow* clip) {
    if (grid_.width <= 0 || grid_.height <= 0) return;
    if (ta > tb) {
        std::swap(a, b);
        std::swap(ta, tb);
    }
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len = std::sqrt(dx * dx + dy * dy);
    const double ux = len > 0 ? dx / len : 1.0, uy = len > 0 ? dy / len : 0.0;
    const double k = len > 0 ? (tb - ta) / len : 0.0;
    const double r2 = radius * radius;
    Bounds box;
    box.add(std::min(a.x, b.x) - radius, std::min(a.y, b.y) - radius);
    box.add(std::max(a.x, b.x) + radius, std::max(a.y, b.y) + radius);
    RasterWindow w = grid_.window(box);
    if (clip) {
        w.c0 = std::max(w.c0, clip->c0);
        w.r0 = std::max(w.r0, clip->r0);
        w.c1 = std::min(w.c1, clip->c1);
        w.r1 = std::min(w.r1, clip->r1);
    }
    if (w.empty()) return;
    const double cell = grid_.cell_m;
    const bool own = !owner_.empty();
    for (int r = w.r0; r <= w.r1; ++r) {
        const double cy = grid_.y0 - (r + 0.5) * cell;
        // x-range of the capsule on this row: the part of the segment within
        // radius in y, widened by radius.
        double t0 = 0, t1 = 1;
        if (dy != 0) {
            double p = (cy - radius - a.y) / dy, q = (cy + radius - a.y) / dy;
            if (p > q) std::swap(p, q);
            t0 = std::max(0.0, p);
            t1 = std::min(1.0, q);
            if (t0 > t1) continue;
        } else if (std::abs(cy - a.y) > radius) {
            continue;
        }
        const double xa = a.x + t0 * dx, xb = a.x + t1 * dx;
        const double xmin = std::min(xa, xb) - radius, xmax = std::max(xa, xb) + radius;
        const int c0 = std::max(w.c0, static_cast<int>(std::ceil((xmin - grid_.x0) / cell - 0.5)));
        const int c1 = std::min(w.c1, static_cast<int>(std::floor((xmax - grid_.x0) / cell - 0.5)));
        const double py = cy - a.y;
        std::size_t i = index(std::max(c0, 0), r);
        for (int c = c0; c <= c1; ++c, ++i) {
            const double px = grid_.x0 + (c + 0.5) * cell - a.x;
            const double along = px * ux + py * uy;
            const double perp = px * uy - py * ux;
            const double d2 = perp * perp;
            if (d2 > r2) continue;
            const double h = std::sqrt(r2 - d2);
            if (along + h < 0 || along - h > len) continue;
            const float t = static_cast<float>(ta + k * std::max(0.0, along - h));
            if (t < time_[i]) {
                time_[i] = t;
                if (own) owner_[i] = owner;
            } else if (own && t == time_[i] && owner < owner_[i]) {
                owner_[i] = owner;
            }
        }
    }
}

void BandRaster::clear(const RasterWindow& w) {
    for (int r = w.r0; r <= w.r1; ++r) {
        const std::size_t i0 = static_cast<std::size_t>(r) * static_cast<std::size_t>(grid_.width) + static_cast<std::size_t>(w.c0);
        std::fill_n(band_.begin() + static_cast<std::ptrdiff_t>(i0), w.c1 - w.c0 + 1, kNone);
    }
}

std::vector<std::uint8_t> BandRaster::maskUpTo(std::uint8_t k) const {
    std::vector<std::uint8_t> m(band_.size());
    for (std::size_t i = 0; i < band_.size(); ++i) m[i] = band_[i] <= k ? 1 : 0;
    return m;
}

void BandRaster::stamp(XY a, XY b, double ta, double tb, std::span<const double> limits, double radius,
                       const RasterWindow* clip) {
    if (grid_.width <= 0 || grid_.height <= 0 || limits.empty()) return;
    if (ta > tb) {
        std::swap(a, b);
        std::swap(ta, tb);
    }
    const std::size_t nb = std::min<std::size_t>(limits.size(), 254);
    if (ta > limits[nb - 1]) return;
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len = std::sqrt(dx * dx + dy * dy);
    const double ux = len > 0 ? dx / len : 1.0, uy = len > 0 ? dy / len : 0.0;
    // Reached length along the piece per band (nested, ascending).
    double reach[256];
    std::size_t first = nb;  // the first band the piece reaches at all
    for (std::size_t k = 0; k < nb; ++k) {
        if (ta > limits[k]) {
            reach[k] = -1;
            continue;
        }
        if (first == nb) first = k;
        reach[k] = (tb <= limits[k] || !(len > 0)) ? len : (limits[k] - ta) / (tb - ta) * len;
    }
    const double amax = reach[nb - 1];
    const XY e{a.x + ux * amax, a.y + uy * amax};  // end of the widest reached part
    const double r2 = radius * radius;
    Bounds box;
    box.add(std::min(a.x, e.x) - radius, std::min(a.y, e.y) - radius);
    box.add(std::max(a.x, e.x) + radius, std::max(a.y, e.y) + radius);
    RasterWindow w = grid_.window(box);
    if (clip) {
        w.c0 = std::max(w.c0, clip->c0);
        w.r0 = std::max(w.r0, clip->r0);
        w.c1 = std::min(w.c1, clip->c1);
        w.r1 = std::min(w.r1, clip->r1);
    }
    if (w.empty()) return;
    const double cell = grid_.cell_m;
    // Per row, only the cells of the oriented rectangle around the capsule:
    // |perp| ≤ r and −r ≤ along ≤ amax + r, solved for x.
    const double eps = 1e-12;
    const bool use_uy = std::abs(uy) > eps, use_ux = std::abs(ux) > eps;
    const double inv_uy = use_uy ? 1.0 / uy : 0.0, inv_ux = use_ux ? 1.0 / ux : 0.0, inv_cell = 1.0 / cell;
    for (int r = w.r0; r <= w.r1; ++r) {
        const double py = grid_.y0 - (r + 0.5) * cell - a.y;
        double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
        if (use_uy) {
            double p = (py * ux - radius) * inv_uy, q = (py * ux + radius) * inv_uy;
            if (p > q) std::swap(p, q);
            lo = std::max(lo, p);
            hi = std::min(hi, q);
        } else if (std::abs(py * ux) > radius) {
            continue;
        }
        if (use_ux) {
            double p = (-radius - py * uy) * inv_ux, q = (amax + radius - py * uy) * inv_ux;
            if (p > q) std::swap(p, q);
            lo = std::max(lo, p);
            hi = std::min(hi, q);
        } else {
            const double along = py * uy;
            if (along < -radius || along > amax + radius) continue;
        }
        if (lo > hi) continue;
        const int c0 = std::max(w.c0, static_cast<int>(std::ceil((a.x + lo - grid_.x0) * inv_cell - 0.5)));
        const int c1 = std::min(w.c1, static_cast<int>(std::floor((a.x + hi - grid_.x0) * inv_cell - 0.5)));
        if (c0 > c1) continue;
        std::uint8_t* row = band_.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(grid_.width);
        const double pyx = py * uy, pyy = py * ux;
        for (int c = c0; c <= c1; ++c) {
            const std::uint8_t cur = row[c];
            if (cur <= first) continue;  // nothing better to give
            // Computed afresh per cell (not accumulated) so that a clipped
            // re-stamp gives bit-identical results.
            const double px = grid_.x0 + (c + 0.5) * cell - a.x;
            const double along = px * ux + pyx;
            const double perp = px * uy - pyy;
            const double p2 = perp * perp;
            if (p2 > r2) continue;
            const double before = along < 0 ? along * along : 0.0;
            for (std::size_t k = first; k < nb && k < cur; ++k) {
                const double over = along > reach[k] ? along - reach[k] : 0.0;
                if (p2 + before + over * over <= r2) {
                    row[c] = static_cast<std::uint8_t>(k);
                    break;
                }
            }
        }
    }
}

namespace {

GDALDriver* driver(const char* name) {
    registerGdal();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name);
    if (!d) throw Error("", "GDAL", std::string("driver ") + name + " is not available");
    return d;
}

// Runs GDALPolygonize over (value band, mask band) of a MEM dataset and
// collects each feature's polygon by its value.
void polygonizeDataset(GDALDataset& ds, GDALRasterBand* values, GDALRasterBand* mask,
                       std::map<std::uint32_t, MultiPolygon>& out) {
    GDALDatasetUniquePtr vds(driver("Memory")->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    if (!vds) throw Error("", "GDAL", "cannot create an in-memory vector dataset");
    OGRLayer* layer = vds->CreateLayer("p", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn field("v", OFTInteger64);
    if (!layer || layer->CreateField(&field) != OGRERR_NONE) throw Error("", "GDAL", "cannot create a layer");
    QuietGdal quiet;
    if (GDALPolygonize(values, mask, layer, 0, nullptr, nullptr, nullptr) != CE_None)
        throw Error("", "GDALPolygonize", quiet.message());
    (void)ds;
    layer->ResetReading();
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        const auto v = static_cast<std::uint32_t>(f->GetFieldAsInteger64(0));
        appendFromOgr(f->GetGeometryRef(), out[v]);
    }
}

}  // namespace

MultiPolygon detail::polygonizeMaskGdal(const RasterGrid& grid, std::span<const std::uint8_t> mask) {
    // Crop to the mask's bounding box.
    int c0 = grid.width, c1 = -1, r0 = grid.height, r1 = -1;
    for (int r = 0; r < grid.height; ++r) {
        const std::uint8_t* row = mask.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.width);
        int first = -1, last = -1;
        for (int c = 0; c < grid.width; ++c)
            if (row[c]) {
                first = c;
                break;
            }
        if (first < 0) continue;
        for (int c = grid.width - 1; c >= first; --c)
            if (row[c]) {
                last = c;
                break;
            }
        c0 = std::min(c0, first);
        c1 = std::max(c1, last);
        r0 = std::min(r0, r);
        r1 = r;
    }
    if (c1 < 0) return {};
    const RasterWindow w{c0, r0, c1, r1};
    const RasterGrid g = grid.sub(w);
    GDALDatasetUniquePtr ds(driver("MEM")->Create("", g.width, g.height, 1, GDT_Byte, nullptr));
    if (!ds) throw Error("", "GDAL", "cannot create an in-memory raster");
    double gt[6] = {g.x0, g.cell_m, 0, g.y0, 0, -g.cell_m};
    ds->SetGeoTransform(gt);
    GDALRasterBand* band = ds->GetRasterBand(1);
    std::vector<std::uint8_t> buf(g.cellCount());
    for (int r = 0; r < g.height; ++r)
        std::copy_n(mask.data() + static_cast<std::size_t>(r + r0) * static_cast<std::size_t>(grid.width) + static_cast<std::size_t>(c0),
                    g.width, buf.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(g.width));
    if (band->RasterIO(GF_Write, 0, 0, g.width, g.height, buf.data(), g.width, g.height, GDT_Byte, 0, 0) != CE_None)
        throw Error("", "GDAL", "cannot write an in-memory raster");
    std::map<std::uint32_t, MultiPolygon> parts;
    polygonizeDataset(*ds, band, band, parts);
    MultiPolygon out;
    for (auto& [v, mp] : parts)
        for (Polygon& p : mp) out.push_back(std::move(p));
    return out;
}

std::vector<std::pair<std::uint32_t, MultiPolygon>> polygonizeLabels(const RasterGrid& grid,
                                                                    std::span<const std::uint32_t> labels,
                                                                    std::uint32_t nodata) {
    std::vector<std::pair<std::uint32_t, MultiPolygon>> out;
    if (grid.cellCount() == 0) return out;
    GDALDatasetUniquePtr ds(driver("MEM")->Create("", grid.width, grid.height, 2, GDT_UInt32, nullptr));
    if (!ds) throw Error("", "GDAL", "cannot create an in-memory raster");
    double gt[6] = {grid.x0, grid.cell_m, 0, grid.y0, 0, -grid.cell_m};
    ds->SetGeoTransform(gt);
    std::vector<std::uint32_t> m(labels.size());
    bool any = false;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        m[i] = labels[i] != nodata ? 1u : 0u;
        any = any || m[i];
    }
    if (!any) return out;
    if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, grid.width, grid.height, const_cast<std::uint32_t*>(labels.data()),
                                       grid.width, grid.height, GDT_UInt32, 0, 0) != CE_None ||
        ds->GetRasterBand(2)->RasterIO(GF_Write, 0, 0, grid.width, grid.height, m.data(), grid.width, grid.height,
                                       GDT_UInt32, 0, 0) != CE_None)
        throw Error("", "GDAL", "cannot write an in-memory raster");
    std::map<std::uint32_t, MultiPolygon> parts;
    polygonizeDataset(*ds, ds->GetRasterBand(1), ds->GetRasterBand(2), parts);
    for (auto& [v, mp] : parts) out.emplace_back(v, std::move(mp));
    return out;
}

}  // namespace jingwei
