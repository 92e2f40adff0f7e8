#include "network/mask_polygonizer.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <vector>

#include "network/time_raster.h"

namespace jingwei {

namespace detail {
MultiPolygon polygonizeMaskGdal(const RasterGrid& grid, std::span<const std::uint8_t> mask);  // time_raster.cpp
}

namespace {

// 4-connected components of the mask as runs per row, joined by union-find.
class RunLabels {
public:
    RunLabels(int w, int h, std::span<const std::uint8_t> mask) : row_first_(static_cast<std::size_t>(h) + 1, 0) {
        for (int r = 0; r < h; ++r) {
            const std::uint8_t* row = mask.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(w);
            for (int c = 0; c < w;) {
                if (!row[c]) {
                    ++c;
                    continue;
                }
                const int c0 = c;
                while (c < w && row[c]) ++c;
                runs_.push_back({c0, c - 1});
            }
            row_first_[static_cast<std::size_t>(r) + 1] = static_cast<std::uint32_t>(runs_.size());
        }
        parent_.resize(runs_.size());
        std::iota(parent_.begin(), parent_.end(), 0u);
        for (int r = 1; r < h; ++r) {
            std::uint32_t a = row_first_[static_cast<std::size_t>(r) - 1], ae = row_first_[static_cast<std::size_t>(r)];
            std::uint32_t b = row_first_[static_cast<std::size_t>(r)], be = row_first_[static_cast<std::size_t>(r) + 1];
            while (a < ae && b < be) {
                if (runs_[a].c0 <= runs_[b].c1 && runs_[b].c0 <= runs_[a].c1) unite(a, b);
                if (runs_[a].c1 < runs_[b].c1) ++a; else ++b;
            }
        }
    }
    // Component id of a mask cell.
    std::uint32_t label(int c, int r) {
        const auto first = runs_.begin() + row_first_[static_cast<std::size_t>(r)];
        const auto last = runs_.begin() + row_first_[static_cast<std::size_t>(r) + 1];
        const auto it = std::upper_bound(first, last, c, [](int v, const Run& run) { return v < run.c0; }) - 1;
        return find(static_cast<std::uint32_t>(it - runs_.begin()));
    }

private:
    struct Run {
        int c0, c1;
    };
    std::uint32_t find(std::uint32_t x) {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }
    std::vector<Run> runs_;
    std::vector<std::uint32_t> row_first_;
    std::vector<std::uint32_t> parent_;
};

struct Vtx {
    int i, j;
    bool operator==(const Vtx&) const = default;
};

// Twice the signed area in lattice units, with y = −j (map orientation).
long long signedArea2(const std::vector<Vtx>& v) {
    long long s = 0;
    for (std::size_t k = 0; k < v.size(); ++k) {
        const Vtx& a = v[k];
        const Vtx& b = v[(k + 1) % v.size()];
        s += static_cast<long long>(a.i) * (-b.j) - static_cast<long long>(b.i) * (-a.j);
    }
    return s;
}

MultiPolygon traceNative(const RasterGrid& grid, std::span<const std::uint8_t> mask) {
    const int W = grid.width, H = grid.height;
    MultiPolygon out;
    if (W <= 0 || H <= 0) return out;
    // A copy with a one-cell empty border: no bounds checks while walking.
    const std::size_t PW = static_cast<std::size_t>(W) + 2;
    std::vector<std::uint8_t> padded(PW * (static_cast<std::size_t>(H) + 2), 0);
    for (int r = 0; r < H; ++r) {
        const std::uint8_t* src = mask.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(W);
        std::uint8_t* dst = padded.data() + (static_cast<std::size_t>(r) + 1) * PW + 1;
        for (int c = 0; c < W; ++c) dst[c] = src[c] != 0;
    }
    const std::uint8_t* pm = padded.data() + PW + 1;  // pm[r * PW + c] for c, r in [-1, W] × [-1, H]
    auto fg = [&](int c, int r) {
        return pm[static_cast<std::ptrdiff_t>(r) * static_cast<std::ptrdiff_t>(PW) + c] != 0;
    };
    RunLabels labels(W, H, mask);
    std::vector<std::uint8_t> top_done(static_cast<std::size_t>(W) * static_cast<std::size_t>(H), 0);

    struct Loop {
        std::vector<Vtx> v;
        std::uint32_t component;
        long long area2;
    };
    std::vector<Loop> shells, holes;
    std::vector<Vtx> verts, stack;
    std::unordered_map<std::uint64_t, std::size_t> seen;

    // Directions: 0 E, 1 N, 2 W, 3 S (counter-clockwise in map orientation).
    static constexpr int kDi[4] = {1, 0, -1, 0};
    static constexpr int kDj[4] = {0, -1, 0, 1};

    auto emitLoop = [&](std::vector<Vtx>&& v, std::uint32_t comp) {
        if (v.size() < 4) return;
        const long long a2 = signedArea2(v);
        if (a2 > 0)
            shells.push_back({std::move(v), comp, a2});
        else if (a2 < 0)
            holes.push_back({std::move(v), comp, a2});
    };

    for (int r = 0; r < H; ++r) {
        for (int c = 0; c < W; ++c) {
            const std::size_t idx = static_cast<std::size_t>(r) * static_cast<std::size_t>(W) + static_cast<std::size_t>(c);
            if (!mask[idx] || top_done[idx] || fg(c, r - 1)) continue;
            // Walk from vertex (c+1, r) westwards along the top edge of (c, r).
            const std::uint32_t comp = labels.label(c, r);
            verts.clear();
            bool saddle = false;
            int i = c + 1, j = r, d = 2;
            for (;;) {
                if (d == 2) top_done[static_cast<std::size_t>(j) * static_cast<std::size_t>(W) + static_cast<std::size_t>(i - 1)] = 1;
                i += kDi[d];
                j += kDj[d];
                // Cells around vertex (i, j): NW (i-1, j-1), NE (i, j-1), SW (i-1, j), SE (i, j).
                bool al, ar;
                switch (d) {
                    case 0: al = fg(i, j - 1); ar = fg(i, j); break;          // E: NE, SE
                    case 1: al = fg(i - 1, j - 1); ar = fg(i, j - 1); break;  // N: NW, NE
                    case 2: al = fg(i - 1, j); ar = fg(i - 1, j - 1); break;  // W: SW, NW
                    default: al = fg(i, j); ar = fg(i - 1, j); break;         // S: SE, SW
                }
                int nd;
                if (!al) {
                    nd = (d + 1) & 3;  // left (4-connected: also at a saddle)
                    if (ar) saddle = true;
                } else if (!ar) {
                    nd = d;
                } else {
                    nd = (d + 3) & 3;  // right
                }
                if (nd != d) verts.push_back({i, j});
                d = nd;
                if (i == c + 1 && j == r && d == 2) break;
            }
            if (!saddle) {
                emitLoop(std::move(verts), comp);
                verts = {};
                continue;
            }
            // Split the ring where it touches itself into simple loops.
            stack.clear();
            seen.clear();
            for (const Vtx& v : verts) {
                const std::uint64_t key = static_cast<std::uint64_t>(v.j) * static_cast<std::uint64_t>(W + 1) + static_cast<std::uint64_t>(v.i);
                const auto it = seen.find(key);
                if (it == seen.end()) {
                    seen.emplace(key, stack.size());
                    stack.push_back(v);
                    continue;
                }
                const std::size_t p = it->second;
                std::vector<Vtx> loop(stack.begin() + static_cast<std::ptrdiff_t>(p), stack.end());
                for (std::size_t k = p + 1; k < stack.size(); ++k)
                    seen.erase(static_cast<std::uint64_t>(stack[k].j) * static_cast<std::uint64_t>(W + 1) +
                               static_cast<std::uint64_t>(stack[k].i));
                stack.resize(p + 1);
                emitLoop(std::move(loop), comp);
            }
            emitLoop(std::vector<Vtx>(stack), comp);
        }
    }

    // One outer ring per component; holes go to their component's polygon.
    auto toRing = [&](const std::vector<Vtx>& v) {
        std::vector<XY> ring;
        ring.reserve(v.size() + 1);
        for (const Vtx& p : v) ring.push_back({grid.x0 + p.i * grid.cell_m, grid.y0 - p.j * grid.cell_m});
        ring.push_back(ring.front());
        return ring;
    };
    std::unordered_map<std::uint32_t, std::size_t> poly_of;
    out.reserve(shells.size());
    for (const Loop& s : shells) {
        poly_of.emplace(s.component, out.size());
        out.push_back({toRing(s.v), {}});
    }
    for (const Loop& h : holes) {
        const auto it = poly_of.find(h.component);
        if (it != poly_of.end()) out[it->second].holes.push_back(toRing(h.v));
    }
    return out;
}

}  // namespace

MultiPolygon polygonizeMask(const RasterGrid& grid, std::span<const std::uint8_t> mask, Polygonizer how) {
    if (how == Polygonizer::Gdal) return detail::polygonizeMaskGdal(grid, mask);
    return traceNative(grid, mask);
}

}  // namespace jingwei
