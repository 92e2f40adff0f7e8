#include "render/density_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <limits>
#include <unordered_map>

#include "analysis/getis_ord.h"
#include "analysis/grid_spec.h"
#include "core/crs.h"

namespace jingwei {

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// A sub-range [f0, f1] of a progress.
Progress subProgress(const Progress& p, double f0, double f1) {
    if (!p.callback) return {};
    Progress sub;
    sub.callback = [&p, f0, f1](double f, std::string_view stage) { return p.callback(f0 + (f1 - f0) * f, stage); };
    return sub;
}

// Groups significant units (strongest first) into areas: a unit within `band`
// of a unit already grouped, or within `sep` of an area's peak, joins that
// area; otherwise it starts a new one (so each area grows from a local
// maximum of z). Keeps the first max_areas areas. An area's ring radius is
// that of a disc as large as its core (its units with z ≥ half the peak's),
// at least one unit's and at most `sep`.
void groupHotspots(const std::vector<Hotspot>& units, const std::vector<XY>& centres,
                   const std::vector<double>& counts, double band, double sep, double unit_radius, double unit_area,
                   std::size_t max_areas, DensityResult* r) {
    // Grouped units in square buckets of side `band`: neighbours are in the 3 × 3 around.
    std::unordered_map<std::int64_t, std::vector<std::pair<XY, int>>> buckets;
    auto key = [band](double x, double y) {
        return (static_cast<std::int64_t>(std::floor(x / band)) << 32) ^
               (static_cast<std::int64_t>(std::floor(y / band)) & 0xffffffff);
    };
    std::vector<double> core, total;
    for (const Hotspot& h : units) {
        if (h.z <= 0) continue;
        const XY c = centres[h.unit];
        int area = -1;
        double best = std::numeric_limits<double>::infinity();
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const auto it = buckets.find(key(c.x + dx * band, c.y + dy * band));
                if (it == buckets.end()) continue;
                for (const auto& [g, a] : it->second) {
                    const double d = std::hypot(g.x - c.x, g.y - c.y);
                    if (d <= band * (1 + 1e-9) && d < best) {
                        best = d;
                        area = a;
                    }
                }
            }
        if (area < 0)
            for (std::size_t a = 0; a < r->hotspots.size(); ++a) {
                const double d = std::hypot(r->hotspots[a].centre.x - c.x, r->hotspots[a].centre.y - c.y);
                if (d < sep && d < best) {
                    best = d;
                    area = int(a);
                }
            }
        if (area < 0) {
            area = int(r->hotspots.size());
            r->hotspots.push_back(h);
            core.push_back(0);
            total.push_back(0);
        }
        const std::size_t a = std::size_t(area);
        if (h.z >= 0.5 * r->hotspots[a].z) core[a] += 1;
        total[a] += counts[h.unit];
        buckets[key(c.x, c.y)].emplace_back(c, area);
    }
    if (max_areas > 0 && r->hotspots.size() > max_areas) {
        r->hotspots.resize(max_areas);
        core.resize(max_areas);
        total.resize(max_areas);
    }
    r->hotspot_radii_m.clear();
    for (double n : core)
        r->hotspot_radii_m.push_back(std::clamp(std::sqrt(n * unit_area / 3.14159265358979), unit_radius,
                                                std::max(unit_radius, sep)));
    r->hotspot_counts = std::move(total);
}

}  // namespace

DensityResult computeDensityView(const IncidentSet& set, const Bounds& area, const std::string& crs,
                                 const DensityParams& params, const Progress& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    DensityResult r;
    r.params = params;
    r.incidents = set.size();
    try {
        // 1. Filter.
        std::vector<std::uint32_t> idx;
        if (!params.no_categories) idx = filterIncidents(set, params.filter, &r.filter_stats);
        const std::vector<XY> pts = positionsXY(set, idx);
        r.kept = pts.size();
        r.filter_ms = msSince(t0);
        progress.report(0.05, "筛选 filter");

        // 2. Bandwidth and grid.
        r.bandwidth_m = params.bandwidth_m;
        if (params.bandwidth_rule != BandwidthRule::Fixed) {
            if (pts.size() < 2) {
                r.note = "too few incidents for an automatic bandwidth: fixed " +
                         std::to_string(static_cast<int>(params.bandwidth_m)) + " m";
            } else {
                try {
                    r.bandwidth_m = params.bandwidth_rule == BandwidthRule::Scott ? scottBandwidth(pts)
                                                                                 : silvermanBandwidth(pts);
                } catch (const std::exception& e) {
                    r.note = e.what();
                }
            }
        }
        if (area.empty()) throw std::runtime_error("the map has no extent to grid");
        const double side = std::max(area.width(), area.height());
        const double cell = std::max(params.cell_m, side / std::max(16, params.max_grid_side));
        // A margin of the kernel's reach, so the density fades out instead of
        // stopping at the map's edge.
        const double reach = std::min(kernelSupport(params.kernel, r.bandwidth_m, KdeOptions{}.gaussian_cutoff),
                                      0.5 * side);
        const GridSpec grid = GridSpec::covering(area, cell, std::isfinite(reach) ? reach : 0.0);

        // 3. Density.
        const auto tk = std::chrono::steady_clock::now();
        KdeOptions ko;
        ko.kernel = params.kernel;
        ko.bandwidth_m = r.bandwidth_m;
        ko.mode = params.mode;
        ko.threads = params.threads;
        ko.error_check_cells = 0;  // interactive: no error check
        r.grid = kernelDensity(pts, {}, grid, ko, &r.kde, subProgress(progress, 0.05, 0.75));
        r.kde_ms = msSince(tk);

        // 4. Hexagons.
        const auto th = std::chrono::steady_clock::now();
        if (params.hex) {
            const HexGrid hg(params.hex_size_m, HexOrientation::FlatTop, XY{grid.origin_x, grid.origin_y});
            const Bounds cover = grid.bounds();
            r.hexes = hexBin(pts, {}, hg, &cover);
        }
        r.hex_ms = msSince(th);
        progress.report(0.8, "六边形 hex bins");

        // 5. Hotspots: Gi* with FDR on the hexagons (their six neighbours) or on grid cells.
        const auto tg = std::chrono::steady_clock::now();
        if (params.hotspots && !pts.empty()) {
            std::vector<XY> centres;
            std::vector<double> counts;
            double band = 0, unit_area = 0;
            if (params.hex) {
                for (const auto& b : r.hexes.bins) {
                    centres.push_back(b.centre);
                    counts.push_back(b.value);
                }
                band = 1.01 * r.hexes.grid.centreSpacing();
                r.hotspot_radius_m = r.hexes.grid.size();
                unit_area = r.hexes.grid.areaM2();
            } else {
                const double hc = params.hotspot_cell_m > 0 ? params.hotspot_cell_m : std::max(4 * cell, 100.0);
                const GridSpec hg = GridSpec::covering(grid.bounds(), hc);
                counts = gridCounts(pts, {}, hg);
                centres = gridCentres(hg);
                band = 1.5 * hc;
                r.hotspot_radius_m = 0.75 * hc;
                unit_area = hc * hc;
            }
            if (centres.size() >= 3) {
                const GiStarResult gi =
                    getisOrdGiStar(centres, counts, SpatialWeights::band(band), subProgress(progress, 0.8, 1.0));
                HotspotOptions ho;
                ho.max_count = 0;  // all significant units; grouped below
                // lon/lat only for the areas kept (building a PROJ transform costs tens of ms).
                const std::vector<Hotspot> units = rankHotspots(gi, centres, counts, "", ho);
                const double sep = params.hotspot_separation_m > 0 ? params.hotspot_separation_m
                                                                   : std::max(2 * band, r.bandwidth_m);
                groupHotspots(units, centres, counts, band, sep, r.hotspot_radius_m, unit_area, params.max_hotspots, &r);
                if (!crs.empty() && !r.hotspots.empty()) {
                    thread_local std::unique_ptr<Projector> proj;
                    if (!proj || proj->crs() != crs) proj = std::make_unique<Projector>(crs);
                    for (Hotspot& h : r.hotspots) {
                        const LonLat ll = proj->inverse(XY{h.centre.x, h.centre.y});
                        h.centre.lon = ll.lon;
                        h.centre.lat = ll.lat;
                    }
                }
            }
        }
        r.hotspot_ms = msSince(tg);
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        r.error = e.what();
    }
    r.total_ms = msSince(t0);
    return r;
}

// ---------------------------------------------------------------- worker

DensityWorker::DensityWorker(std::shared_ptr<const IncidentSet> set, Bounds area, std::string crs)
    : set_(std::move(set)), area_(area), crs_(std::move(crs)) {
    thread_ = std::thread([this] { loop(); });
}

DensityWorker::~DensityWorker() {
    {
        std::lock_guard<std::mutex> lock(m_);
        stop_ = true;
        queued_.reset();
        cancel_running_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t DensityWorker::request(const DensityParams& params) {
    std::uint64_t gen;
    {
        std::lock_guard<std::mutex> lock(m_);
        gen = ++next_gen_;
        queued_.emplace(gen, params);
        cancelled_ = false;
        if (running_ &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() > kSupersedeAfter_s)
            cancel_running_ = true;
    }
    cv_.notify_all();
    return gen;
}

void DensityWorker::cancel() {
    std::lock_guard<std::mutex> lock(m_);
    queued_.reset();
    if (running_) {
        cancel_running_ = true;
        cancelled_ = true;
    }
}

std::optional<DensityResult> DensityWorker::take() {
    std::lock_guard<std::mutex> lock(m_);
    std::optional<DensityResult> r = std::move(done_);
    done_.reset();
    return r;
}

void DensityWorker::waitIdle() {
    std::unique_lock<std::mutex> lock(m_);
    idle_cv_.wait(lock, [this] { return !running_ && !queued_; });
}

DensityWorker::Status DensityWorker::status() const {
    std::lock_guard<std::mutex> lock(m_);
    Status s;
    s.busy = running_ || queued_.has_value();
    s.fraction = fraction_;
    s.stage = stage_;
    s.cancelled = cancelled_;
    if (running_) s.running_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return s;
}

std::uint64_t DensityWorker::lastRequested() const {
    std::lock_guard<std::mutex> lock(m_);
    return next_gen_;
}

void DensityWorker::loop() {
    for (;;) {
        std::pair<std::uint64_t, DensityParams> job;
        {
            std::unique_lock<std::mutex> lock(m_);
            cv_.wait(lock, [this] { return stop_ || queued_.has_value(); });
            if (stop_) return;
            job = std::move(*queued_);
            queued_.reset();
            running_ = true;
            cancel_running_ = false;
            fraction_ = 0;
            stage_.clear();
            started_ = std::chrono::steady_clock::now();
        }
        Progress progress;
        progress.callback = [this](double f, std::string_view stage) {
            std::lock_guard<std::mutex> lock(m_);
            fraction_ = std::clamp(f, 0.0, 1.0);
            stage_.assign(stage.data(), stage.size());
            return !cancel_running_.load() && !stop_;
        };
        std::optional<DensityResult> result;
        try {
            result = computeDensityView(*set_, area_, crs_, job.second, progress);
            result->generation = job.first;
        } catch (const Cancelled&) {
            result.reset();
        } catch (const std::exception& e) {
            result.emplace();
            result->generation = job.first;
            result->params = job.second;
            result->error = e.what();
        }
        {
            std::lock_guard<std::mutex> lock(m_);
            running_ = false;
            if (result && (!done_ || done_->generation < result->generation)) done_ = std::move(result);
        }
        idle_cv_.notify_all();
    }
}

}  // namespace jingwei
