#pragma once
// The model behind the density overlays, without any GUI or GL: filter the
// incidents, estimate their density (kernelDensity), optionally bin them into
// hexagons and rank Gi* hotspots (on grid cells, or on the hexagons in the hex
// view) — the same analysis calls `jingwei density` makes; the density panel
// and `jingwei render --incidents` share it. DensityWorker runs it on a
// background thread so the window keeps drawing: the GL thread requests,
// polls and swaps finished results into the overlays.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analysis/bandwidth.h"
#include "analysis/density_grid.h"
#include "analysis/hex_bins.h"
#include "analysis/hotspot_list.h"
#include "analysis/incident_filter.h"
#include "analysis/kernel_density.h"
#include "core/progress.h"

namespace jingwei {

struct DensityParams {
    Kernel kernel = Kernel::Quartic;
    BandwidthRule bandwidth_rule = BandwidthRule::Fixed;
    double bandwidth_m = 300;          // Fixed; also the fallback when a rule cannot apply
    double cell_m = 25;
    KdeMode mode = KdeMode::Fast;
    IncidentFilter filter;
    bool no_categories = false;        // every category unticked: nothing passes
    bool hex = false;                  // bin into hexagons (and rank hotspots on them)
    double hex_size_m = 200;
    bool hotspots = true;
    double hotspot_cell_m = 0;         // grid Gi* cell; 0 = max(4 × cell, 100)
    std::size_t max_hotspots = 20;
    // Significant units nearer than this to a stronger area's peak join that
    // area (0 = max(2 × the Gi* band, the bandwidth)).
    double hotspot_separation_m = 0;
    int threads = 0;                   // KDE threads (0 = all cores)
    // Grids are kept to at most this many cells a side (the cell grows).
    int max_grid_side = 4096;
};

struct DensityResult {
    std::uint64_t generation = 0;
    DensityParams params;
    std::size_t incidents = 0;         // in the set
    std::size_t kept = 0;              // passed the filter
    FilterStats filter_stats;
    double bandwidth_m = 0;            // used
    std::string note;                  // e.g. why an automatic bandwidth fell back to the fixed one
    DensityGrid grid;
    KdeStats kde;
    HexBins hexes;                     // params.hex only
    // Hotspot areas, strongest first: each entry is the peak unit (highest
    // Gi* z) of a group of significant units (q ≤ 5%) around it, so one
    // cluster of incidents is one entry, not a dozen adjacent cells.
    std::vector<Hotspot> hotspots;
    std::vector<double> hotspot_radii_m;   // per entry: a ring as large as the area's core
    std::vector<double> hotspot_counts;    // per entry: incidents in the area's units
    double hotspot_radius_m = 0;           // one unit's ring (half a cell's diagonal / a hexagon's size)
    double filter_ms = 0, kde_ms = 0, hex_ms = 0, hotspot_ms = 0, total_ms = 0;
    std::string error;                 // non-empty: the computation failed (grid etc. empty)
};

// The density grid covers `area` (map metres) with params.cell_m cells.
// Hotspot lon/lat come from `crs` (may be empty). Throws Cancelled when
// `progress` asks to stop; other failures are reported in DensityResult::error.
DensityResult computeDensityView(const IncidentSet& set, const Bounds& area, const std::string& crs,
                                 const DensityParams& params, const Progress& progress = {});

class DensityWorker {
public:
    DensityWorker(std::shared_ptr<const IncidentSet> set, Bounds area, std::string crs);
    ~DensityWorker();  // cancels and joins
    DensityWorker(const DensityWorker&) = delete;
    DensityWorker& operator=(const DensityWorker&) = delete;

    // Queues a computation and returns its generation. A queued, not yet
    // started request is replaced. A running one finishes (so dragging a
    // slider keeps showing new pictures) unless it has run longer than
    // kSupersedeAfter_s: then it is cancelled in favour of the new one.
    static constexpr double kSupersedeAfter_s = 0.3;
    std::uint64_t request(const DensityParams& params);
    // Cancels the running and the queued computation.
    void cancel();
    // The newest finished result not yet taken (older ones are dropped).
    std::optional<DensityResult> take();
    // Blocks until nothing is running or queued.
    void waitIdle();

    struct Status {
        bool busy = false;             // running or queued
        double fraction = 0;           // of the running computation
        std::string stage;
        double running_s = 0;          // how long it has run
        bool cancelled = false;        // the last computation was cancelled by cancel()
    };
    Status status() const;
    std::uint64_t lastRequested() const;

private:
    void loop();

    std::shared_ptr<const IncidentSet> set_;
    Bounds area_;
    std::string crs_;

    mutable std::mutex m_;
    std::condition_variable cv_, idle_cv_;
    std::optional<std::pair<std::uint64_t, DensityParams>> queued_;
    std::optional<DensityResult> done_;
    std::uint64_t next_gen_ = 0;
    bool running_ = false, stop_ = false, cancelled_ = false;
    double fraction_ = 0;
    std::string stage_;
    std::chrono::steady_clock::time_point started_;
    std::atomic<bool> cancel_running_{false};
    std::thread thread_;
};

}  // namespace jingwei
