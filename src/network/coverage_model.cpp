#include "network/coverage_model.h"

#include <gdal_alg.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.h"
#include "network/gdal_internal.h"

namespace jingwei {

using namespace network_internal;

void CoverageParams::validate() const {
    rings.validate();
    auto bad = [](const std::string& why) { throw Error("", "coverage parameters", why); };
    if (!(max_snap_m >= 0) || max_snap_m > 100000) bad("max_snap_m must be in [0, 100000]");
    if (threads < 1 || threads > 256) bad("threads must be in [1, 256]");
    if (gap_band < -1 || gap_band >= static_cast<int>(rings.limitsMs().size()))
        bad("gap_band must be -1 or a band index");
    if (max_raster_cells < 1024) bad("max_raster_cells is too small");
    std::string why;
    if (!boundary.empty() && !isValid(boundary, &why)) bad("the boundary polygon is not valid: " + why);
}

struct CoverageModel::Slot {
    UnitState state;
    std::vector<SearchSeed> seeds;
    std::optional<UnitRings> rings;
};

CoverageModel::CoverageModel(std::shared_ptr<const TravelGraph> graph, CoverageParams params)
    : graph_(std::move(graph)), params_(std::move(params)), index_((params_.validate(), *graph_)) {
    const TravelGraph& g = *graph_;
    limits_ = params_.rings.limitsMs();
    minutes_ = params_.rings.minutes;
    std::sort(minutes_.begin(), minutes_.end());
    minutes_.erase(std::unique(minutes_.begin(), minutes_.end()), minutes_.end());
    const std::size_t n = g.nodeCount();
    labels_.assign(n, kNoLabel);
    field_.limit_ms = limits_.back();
    field_.time_ms.assign(n, kUnreachedMs);
    field_.owner.assign(n, kNoId);
    heap_.resize(n);
    node_dirty_.assign(n, 0);
    link_dirty_.assign(g.linkCount(), 0);
    multi_ = std::make_unique<MultiSourceSearch>(g, params_.threads);
    ring_builder_ = std::make_unique<RingBuilder>(g, params_.rings);

    // The raster covers the network (and the boundary) with the reach around it.
    Bounds box = g.bounds();
    if (!params_.boundary.empty()) box.add(bounds(params_.boundary));
    const double pad = params_.rings.offroad_m + 2 * params_.rings.cell_m;
    box.min_x -= pad;
    box.min_y -= pad;
    box.max_x += pad;
    box.max_y += pad;
    double cell = params_.rings.cell_m;
    RasterGrid grid = RasterGrid::covering(box, cell);
    while (grid.cellCount() > params_.max_raster_cells) {
        cell *= 1.25;
        grid = RasterGrid::covering(box, cell);
    }
    bands_ = BandRaster(grid);
    link_band_m_.assign(g.linkCount() * limits_.size(), 0.0);
    rings_.resize(limits_.size());
    for (std::size_t k = 0; k < limits_.size(); ++k) {
        rings_[k].minutes = minutes_[k];
        rings_[k].limit_ms = limits_[k];
    }
    buildAoi();
}

CoverageModel::~CoverageModel() = default;

void CoverageModel::buildAoi() {
    const RasterGrid& grid = bands_.grid();
    aoi_.assign(grid.cellCount(), 0);
    if (params_.boundary.empty()) {
        BandRaster tmp(grid);
        const TravelGraph& g = *graph_;
        const double zero = 0;
        // The same (simplified) shapes as the rings, so that a covered road
        // leaves no sliver of "gap" along its edge.
        const StampShapes& shapes = ring_builder_->shapes();
        for (LinkId l = 0; l < g.linkCount(); ++l) {
            const auto pts = shapes.points(l);
            for (std::size_t i = 0; i + 1 < pts.size(); ++i)
                tmp.stamp(pts[i], pts[i + 1], 0, 0, std::span<const double>(&zero, 1), params_.rings.offroad_m);
            if (pts.size() == 1) tmp.stamp(pts[0], pts[0], 0, 0, std::span<const double>(&zero, 1), params_.rings.offroad_m);
        }
        aoi_ = tmp.maskUpTo(0);
    } else {
        registerGdal();
        GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
        if (!mem) throw Error("", "GDAL", "driver MEM is not available");
        GDALDatasetUniquePtr ds(mem->Create("", grid.width, grid.height, 1, GDT_Byte, nullptr));
        if (!ds) throw Error("", "GDAL", "cannot create an in-memory raster");
        double gt[6] = {grid.x0, grid.cell_m, 0, grid.y0, 0, -grid.cell_m};
        ds->SetGeoTransform(gt);
        const auto geom = toOgr(params_.boundary);
        OGRGeometryH h = OGRGeometry::ToHandle(geom.get());
        int band = 1;
        double burn = 1;
        QuietGdal quiet;
        if (GDALRasterizeGeometries(GDALDataset::ToHandle(ds.get()), 1, &band, 1, &h, nullptr, nullptr, &burn, nullptr,
                                    nullptr, nullptr) != CE_None)
            throw Error("", "GDALRasterizeGeometries", quiet.message());
        if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, grid.width, grid.height, aoi_.data(), grid.width, grid.height,
                                           GDT_Byte, 0, 0) != CE_None)
            throw Error("", "GDAL", "cannot read the rasterised boundary");
    }
    aoi_cells_ = static_cast<std::size_t>(std::count(aoi_.begin(), aoi_.end(), std::uint8_t{1}));
}

void CoverageModel::requireKey(UnitKey key) const {
    if (key >= units_.size() || !units_[key].state.active)
        throw Error("", "unit " + std::to_string(key), "no such unit in the coverage model");
}

const UnitState& CoverageModel::unit(UnitKey key) const {
    if (key >= units_.size()) throw Error("", "unit " + std::to_string(key), "no such unit in the coverage model");
    return units_[key].state;
}

std::size_t CoverageModel::slotCount() const { return units_.size(); }

std::vector<UnitKey> CoverageModel::activeUnits() const {
    std::vector<UnitKey> out;
    for (UnitKey k = 0; k < units_.size(); ++k)
        if (units_[k].state.active) out.push_back(k);
    return out;
}

void CoverageModel::markNode(NodeId v) {
    if (!node_dirty_[v]) {
        node_dirty_[v] = 1;
        dirty_nodes_.push_back(v);
    }
}

void CoverageModel::markLink(LinkId l) {
    if (l < link_dirty_.size() && !link_dirty_[l]) {
        link_dirty_[l] = 1;
        dirty_links_.push_back(l);
    }
}

UnitKey CoverageModel::addUnit(const UnitInput& u) {
    if (units_.size() >= kNoId - 1) throw Error("", "coverage model", "too many units");
    const UnitKey key = static_cast<UnitKey>(units_.size());
    Slot s;
    s.state.input = u;
    s.state.active = true;
    s.state.snap = index_.snap(u.pos, params_.max_snap_m);
    s.seeds = originSeeds(*graph_, s.state.snap);
    units_.push_back(std::move(s));
    on_link_stale_ = true;
    stale_ = true;
    if (!full_rebuild_) {
        addToField(key);
        if (units_[key].state.snap.on_network) markLink(units_[key].state.snap.link);
    }
    return key;
}

void CoverageModel::moveUnit(UnitKey key, XY pos) {
    requireKey(key);
    Slot& s = units_[key];
    if (!full_rebuild_) {
        removeFromField(key);
        if (s.state.snap.on_network) markLink(s.state.snap.link);
    }
    s.state.input.pos = pos;
    s.state.snap = index_.snap(pos, params_.max_snap_m);
    s.seeds = originSeeds(*graph_, s.state.snap);
    s.rings.reset();
    on_link_stale_ = true;
    stale_ = true;
    if (!full_rebuild_) {
        addToField(key);
        if (s.state.snap.on_network) markLink(s.state.snap.link);
    }
}

void CoverageModel::removeUnit(UnitKey key) {
    requireKey(key);
    Slot& s = units_[key];
    if (!full_rebuild_) {
        removeFromField(key);
        if (s.state.snap.on_network) markLink(s.state.snap.link);
    }
    s.state.active = false;
    s.seeds.clear();
    s.rings.reset();
    on_link_stale_ = true;
    stale_ = true;
}

void CoverageModel::setUnits(std::span<const UnitInput> units) {
    units_.clear();
    full_rebuild_ = true;
    for (const UnitInput& u : units) addUnit(u);
}

void CoverageModel::setIncidents(std::vector<XY> points) {
    incidents_ = std::move(points);
    stale_ = true;
}

namespace {
inline std::uint32_t ownerOf(std::uint64_t label) { return static_cast<std::uint32_t>(label & 0xFFFFFFFFu); }
}  // namespace

// Removes unit `key` from the merged field: re-searches the region it owned
// from the labels around it and the other units' seeds.
void CoverageModel::removeFromField(UnitKey key) {
    const TravelGraph& g = *graph_;
    const auto first = g.firstOut();
    const auto arcs = g.arcs();
    const auto first_in = g.firstIn();
    const auto in_arcs = g.inArcs();
    const std::uint64_t limit_key = packLabel(limits_.back(), kNoId);

    // The region: nodes owned by the unit; it is connected to the unit's
    // seeds through nodes it owns (prefixes of shortest paths).
    std::vector<NodeId> region;
    auto isOwned = [&](NodeId v) { return labels_[v] != kNoLabel && ownerOf(labels_[v]) == key; };
    auto& mark = region_mark_;
    if (mark.size() != g.nodeCount()) mark.assign(g.nodeCount(), 0);
    for (const SearchSeed& s : units_[key].seeds)
        if (isOwned(s.node) && !mark[s.node]) {
            mark[s.node] = 1;
            region.push_back(s.node);
        }
    for (std::size_t i = 0; i < region.size(); ++i) {
        const NodeId v = region[i];
        for (ArcId a = first[v]; a < first[v + 1]; ++a) {
            const NodeId w = arcs[a].head;
            if (!mark[w] && isOwned(w)) {
                mark[w] = 1;
                region.push_back(w);
            }
        }
    }
    for (NodeId v : region) {
        labels_[v] = kNoLabel;
        markNode(v);
    }

    // Re-seed the region.
    for (NodeId v : heap_touched_) heap_.reset(v);
    heap_touched_.clear();
    auto offer = [&](NodeId v, std::uint64_t k) {
        if (k > limit_key || !(k < labels_[v])) return;
        labels_[v] = k;
        heap_.push(v, k);
        heap_touched_.push_back(v);
    };
    for (NodeId x : region)
        for (ArcId j = first_in[x]; j < first_in[x + 1]; ++j) {
            const ArcId a = in_arcs[j];
            const NodeId y = g.tail(a);
            if (mark[y] || labels_[y] == kNoLabel) continue;
            offer(x, labels_[y] + (static_cast<std::uint64_t>(arcs[a].cost_ms) << 32));
        }
    for (UnitKey u = 0; u < units_.size(); ++u) {
        if (u == key || !units_[u].state.active) continue;
        for (const SearchSeed& s : units_[u].seeds)
            if (mark[s.node]) offer(s.node, packLabel(s.time_ms, u));
    }
    while (!heap_.empty()) {
        const std::uint64_t k = heap_.topKey();
        const NodeId v = heap_.pop();
        for (ArcId a = first[v]; a < first[v + 1]; ++a) {
            const NodeId w = arcs[a].head;
            const std::uint64_t nk = k + (static_cast<std::uint64_t>(arcs[a].cost_ms) << 32);
            if (nk > limit_key || !(nk < labels_[w])) continue;
            labels_[w] = nk;
            heap_.push(w, nk);
            heap_touched_.push_back(w);
            markNode(w);
        }
    }
    for (NodeId v : region) mark[v] = 0;
}

// Adds unit `key` to the merged field: a search from its seeds that only
// goes where it beats the current labels.
void CoverageModel::addToField(UnitKey key) {
    const TravelGraph& g = *graph_;
    const auto first = g.firstOut();
    const auto arcs = g.arcs();
    const std::uint64_t limit_key = packLabel(limits_.back(), kNoId);
    for (NodeId v : heap_touched_) heap_.reset(v);
    heap_touched_.clear();
    for (const SearchSeed& s : units_[key].seeds) {
        const std::uint64_t k = packLabel(s.time_ms, key);
        if (k > limit_key || !(k < labels_[s.node])) continue;
        labels_[s.node] = k;
        heap_.push(s.node, k);
        heap_touched_.push_back(s.node);
        markNode(s.node);
    }
    while (!heap_.empty()) {
        const std::uint64_t k = heap_.topKey();
        const NodeId v = heap_.pop();
        for (ArcId a = first[v]; a < first[v + 1]; ++a) {
            const NodeId w = arcs[a].head;
            const std::uint64_t nk = k + (static_cast<std::uint64_t>(arcs[a].cost_ms) << 32);
            if (nk > limit_key || !(nk < labels_[w])) continue;
            labels_[w] = nk;
            heap_.push(w, nk);
            heap_touched_.push_back(w);
            markNode(w);
        }
    }
}

void CoverageModel::rebuildOnLink() {
    on_link_.clear();
    for (UnitKey u = 0; u < units_.size(); ++u) {
        const UnitState& s = units_[u].state;
        if (s.active && s.snap.on_network) on_link_.push_back({s.snap.link, OnLinkUnit{u, s.snap.fraction}});
    }
    std::stable_sort(on_link_.begin(), on_link_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    on_link_stale_ = false;
}

namespace {
// Units standing on link l (on_link sorted by link).
void unitsOn(const std::vector<std::pair<LinkId, OnLinkUnit>>& on_link, LinkId l, std::vector<OnLinkUnit>& out) {
    out.clear();
    auto it = std::lower_bound(on_link.begin(), on_link.end(), l,
                               [](const std::pair<LinkId, OnLinkUnit>& p, LinkId v) { return p.first < v; });
    for (; it != on_link.end() && it->first == l; ++it) out.push_back(it->second);
}
}  // namespace

void CoverageModel::restamp(const RasterWindow& w, std::size_t* links_restamped) {
    const TravelGraph& g = *graph_;
    const double radius = params_.rings.offroad_m;
    const std::vector<double> lim(limits_.begin(), limits_.end());
    std::vector<TimePiece> scratch, env;
    std::vector<OnLinkUnit> on;
    auto stampOne = [&](LinkId l, const RasterWindow* clip) {
        unitsOn(on_link_, l, on);
        linkEnvelope(g, l, field_.time_ms, field_.owner, on, lim.back(), scratch, env);
        for (const TimePiece& p : env) stampPiece(bands_, ring_builder_->shapes(), l, p, lim, radius, clip);
    };
    const RasterWindow all = bands_.grid().all();
    if (w.c0 == all.c0 && w.r0 == all.r0 && w.c1 == all.c1 && w.r1 == all.r1) {
        bands_.clear();
        for (LinkId l = 0; l < g.linkCount(); ++l) stampOne(l, nullptr);
        *links_restamped = g.linkCount();
        return;
    }
    bands_.clear(w);
    const RasterGrid& grid = bands_.grid();
    Bounds box;
    box.add(grid.x0 + w.c0 * grid.cell_m - radius, grid.y0 - (w.r1 + 1) * grid.cell_m - radius);
    box.add(grid.x0 + (w.c1 + 1) * grid.cell_m + radius, grid.y0 - w.r0 * grid.cell_m + radius);
    std::vector<LinkId> links;
    index_.linksInBox(box, links);
    for (LinkId l : links) stampOne(l, &w);
    *links_restamped = links.size();
}

TimeRaster CoverageModel::timeRaster() const {
    const TravelGraph& g = *graph_;
    TimeRaster t(bands_.grid(), true);
    const double max_ms = static_cast<double>(limits_.back());
    std::vector<TimePiece> scratch, env;
    std::vector<OnLinkUnit> on;
    for (LinkId l = 0; l < g.linkCount(); ++l) {
        unitsOn(on_link_, l, on);
        linkEnvelope(g, l, field_.time_ms, field_.owner, on, max_ms, scratch, env);
        for (const TimePiece& p : env) stampPiece(t, ring_builder_->shapes(), l, p, max_ms, params_.rings.offroad_m);
    }
    return t;
}

void CoverageModel::update(const Progress& progress) {
    info_ = UpdateInfo{};
    if (!stale_ && !full_rebuild_) return;  // nothing changed since the last update
    try {
        updateImpl(progress);
    } catch (...) {
        // Cancelled (or failed) part-way: rebuild everything next time.
        full_rebuild_ = true;
        stale_ = true;
        throw;
    }
}

void CoverageModel::updateImpl(const Progress& progress) {
    const TravelGraph& g = *graph_;
    progress.report(0.0, "coverage");
    if (full_rebuild_) {
        std::vector<Snap> snaps(units_.size());
        for (UnitKey u = 0; u < units_.size(); ++u)
            if (units_[u].state.active) snaps[u] = units_[u].state.snap;
        multi_->run(snaps, limits_.back(), field_, progress);
        for (std::size_t v = 0; v < labels_.size(); ++v)
            labels_[v] = field_.time_ms[v] == kUnreachedMs ? kNoLabel : packLabel(field_.time_ms[v], field_.owner[v]);
        for (NodeId v : dirty_nodes_) node_dirty_[v] = 0;
        for (LinkId l : dirty_links_) link_dirty_[l] = 0;
        dirty_nodes_.clear();
        dirty_links_.clear();
        full_rebuild_ = false;
        info_.full = true;
        info_.nodes_changed = g.nodeCount();
        rebuildOnLink();
        progress.report(0.4, "coverage: raster");
        info_.window = bands_.grid().all();
        restamp(info_.window, &info_.links_restamped);
        for (LinkId l = 0; l < g.linkCount(); ++l) dirty_links_.push_back(l);
    } else {
        if (on_link_stale_) rebuildOnLink();
        // Nodes whose label changed → their field values and the links at them.
        for (NodeId v : dirty_nodes_) {
            node_dirty_[v] = 0;
            const std::uint64_t k = labels_[v];
            field_.time_ms[v] = k == kNoLabel ? kUnreachedMs : static_cast<Millis>(k >> 32);
            field_.owner[v] = k == kNoLabel ? kNoId : ownerOf(k);
            for (ArcId a = g.firstOut()[v]; a < g.firstOut()[v + 1]; ++a) markLink(g.linkOf(a));
            for (ArcId j = g.firstIn()[v]; j < g.firstIn()[v + 1]; ++j) markLink(g.linkOf(g.inArcs()[j]));
        }
        info_.nodes_changed = dirty_nodes_.size();
        dirty_nodes_.clear();
        if (!dirty_links_.empty()) {
            Bounds box;
            for (LinkId l : dirty_links_) box.add(linkBounds(g, l));
            const double pad = params_.rings.offroad_m + bands_.grid().cell_m;
            box.min_x -= pad;
            box.min_y -= pad;
            box.max_x += pad;
            box.max_y += pad;
            info_.window = bands_.grid().window(box);
            if (!info_.window.empty()) restamp(info_.window, &info_.links_restamped);
        }
    }
    progress.report(0.6, "coverage: statistics");

    // Reached road length per link and band (dirty links only).
    {
        std::vector<TimePiece> pieces;
        std::vector<OnLinkUnit> on;
        const std::size_t nb = limits_.size();
        for (LinkId l : dirty_links_) {
            link_dirty_[l] = 0;
            const RoadLink& link = g.link(l);
            unitsOn(on_link_, l, on);
            if (on.empty()) {
                for (std::size_t k = 0; k < nb; ++k)
                    link_band_m_[l * nb + k] = reachedFractionFromNodes(g, l, field_.time_ms[link.from], field_.time_ms[link.to],
                                                                        static_cast<double>(limits_[k])) *
                                               link.length_m;
                continue;
            }
            pieces.clear();
            appendLinkPieces(g, l, field_.time_ms[link.from], field_.owner[link.from], field_.time_ms[link.to],
                             field_.owner[link.to], on, pieces);
            for (std::size_t k = 0; k < nb; ++k)
                link_band_m_[l * nb + k] =
                    pieces.empty() ? 0.0 : reachedFraction(pieces, static_cast<double>(limits_[k])) * link.length_m;
        }
        dirty_links_.clear();
    }

    // Statistics.
    stats_ = CoverageStats{};
    stats_.road_total_m = g.drivableLengthM();
    const double cell_area = bands_.grid().cell_m * bands_.grid().cell_m;
    stats_.aoi_area_m2 = static_cast<double>(aoi_cells_) * cell_area;
    for (const Slot& s : units_)
        if (s.state.active) ++(s.state.snap.on_network ? stats_.units_on_network : stats_.units_off_network);
    const std::size_t nb = limits_.size();
    std::vector<double> road(nb, 0.0);
    for (std::size_t l = 0; l < g.linkCount(); ++l)
        for (std::size_t k = 0; k < nb; ++k) road[k] += link_band_m_[l * nb + k];
    std::vector<std::size_t> cells(nb, 0);
    const std::size_t gap_k = params_.gap_band < 0 ? nb - 1 : static_cast<std::size_t>(params_.gap_band);
    std::size_t gap_cells = 0;
    {
        const auto bands = bands_.bands();
        for (std::size_t i = 0; i < bands.size(); ++i) {
            if (!aoi_[i]) continue;
            const std::uint8_t b = bands[i];
            if (b == BandRaster::kNone || b > gap_k) ++gap_cells;
            if (b != BandRaster::kNone) ++cells[b];
        }
        for (std::size_t k = 1; k < nb; ++k) cells[k] += cells[k - 1];
    }
    stats_.gap_area_m2 = static_cast<double>(gap_cells) * cell_area;
    const std::vector<int> inc = incidentBands();
    stats_.incident_total = inc.size();
    for (std::size_t k = 0; k < nb; ++k) {
        BandStats b;
        b.minutes = minutes_[k];
        b.road_m = road[k];
        b.road_share = stats_.road_total_m > 0 ? road[k] / stats_.road_total_m : 0.0;
        b.area_m2 = static_cast<double>(cells[k]) * cell_area;
        b.area_share = aoi_cells_ > 0 ? static_cast<double>(cells[k]) / static_cast<double>(aoi_cells_) : 0.0;
        for (int band : inc)
            if (band >= 0 && static_cast<std::size_t>(band) <= k) ++b.incidents;
        b.incident_share = inc.empty() ? 0.0 : static_cast<double>(b.incidents) / static_cast<double>(inc.size());
        stats_.bands.push_back(b);
    }

    // Polygons.
    if (params_.polygons) {
        for (std::size_t k = 0; k < nb; ++k) {
            progress.report(0.7 + 0.25 * static_cast<double>(k) / static_cast<double>(nb), "coverage: rings");
            rings_[k].polygons = polygonizeBand(bands_, static_cast<std::uint8_t>(k), params_.rings.polygonizer);
            rings_[k].area_m2 = area(rings_[k].polygons);
        }
        const auto bands = bands_.bands();
        std::vector<std::uint8_t> gap_mask(bands.size());
        for (std::size_t i = 0; i < bands.size(); ++i)
            gap_mask[i] = (aoi_[i] && (bands[i] == BandRaster::kNone || bands[i] > gap_k)) ? 1 : 0;
        gaps_ = polygonizeMask(bands_.grid(), gap_mask, params_.rings.polygonizer);
    }
    stale_ = false;
    progress.report(1.0, "coverage");
}

MultiPolygon CoverageModel::bandAnnulus(std::size_t k) const {
    if (k >= limits_.size()) throw Error("", "band " + std::to_string(k), "no such band");
    const auto bands = bands_.bands();
    std::vector<std::uint8_t> mask(bands.size());
    for (std::size_t i = 0; i < bands.size(); ++i) mask[i] = bands[i] == k ? 1 : 0;
    return polygonizeMask(bands_.grid(), mask, params_.rings.polygonizer);
}

int CoverageModel::bandAt(XY p) const {
    const RasterGrid& grid = bands_.grid();
    const double fc = std::floor((p.x - grid.x0) / grid.cell_m), fr = std::floor((grid.y0 - p.y) / grid.cell_m);
    if (!(fc >= 0 && fr >= 0 && fc < grid.width && fr < grid.height)) return -1;
    const std::uint8_t b = bands_.bandAt(static_cast<int>(fc), static_cast<int>(fr));
    return b == BandRaster::kNone ? -1 : static_cast<int>(b);
}

std::vector<int> CoverageModel::incidentBands() const {
    std::vector<int> out;
    out.reserve(incidents_.size());
    for (const XY& p : incidents_) out.push_back(bandAt(p));
    return out;
}

void CoverageModel::linkPieces(LinkId l, std::vector<TimePiece>& out) const {
    const RoadLink& link = graph_->link(l);
    std::vector<OnLinkUnit> on;
    unitsOn(on_link_, l, on);
    out.clear();
    appendLinkPieces(*graph_, l, field_.time_ms[link.from], field_.owner[link.from], field_.time_ms[link.to],
                     field_.owner[link.to], on, out);
}

const UnitRings& CoverageModel::unitRings(UnitKey key) {
    requireKey(key);
    Slot& s = units_[key];
    if (!s.rings) s.rings = ring_builder_->build(s.state.snap);
    return *s.rings;
}

std::vector<UnitResponsibility> CoverageModel::responsibility(bool with_polygons) {
    const TravelGraph& g = *graph_;
    if (on_link_stale_) rebuildOnLink();
    std::map<UnitKey, UnitResponsibility> by;
    for (UnitKey k : activeUnits()) by[k].unit = k;
    std::vector<TimePiece> pieces, env;
    const double max_ms = static_cast<double>(limits_.back());
    for (LinkId l = 0; l < g.linkCount(); ++l) {
        const RoadLink& link = g.link(l);
        linkPieces(l, pieces);
        if (pieces.empty()) continue;
        lowerEnvelope(pieces, max_ms, env);
        for (const TimePiece& p : env) {
            auto it = by.find(p.owner);
            if (it == by.end()) continue;
            auto& parts = it->second.parts;
            if (!parts.empty() && parts.back().link == l && std::abs(parts.back().s1 - p.s0) < 1e-12)
                parts.back().s1 = p.s1;
            else
                parts.push_back({l, p.s0, p.s1});
            it->second.road_m += (p.s1 - p.s0) * link.length_m;
        }
    }
    if (with_polygons) {
        const TimeRaster raster = timeRaster();
        const auto t = raster.times();
        const auto o = raster.owners();
        std::vector<std::uint32_t> labels(t.size());
        const float lim = static_cast<float>(limits_.back());
        for (std::size_t i = 0; i < t.size(); ++i) labels[i] = t[i] <= lim ? o[i] : TimeRaster::kNoOwner;
        for (auto& [owner, mp] : polygonizeLabels(raster.grid(), labels, TimeRaster::kNoOwner)) {
            auto it = by.find(owner);
            if (it == by.end()) continue;
            it->second.area = std::move(mp);
            it->second.area_m2 = area(it->second.area);
        }
    }
    std::vector<UnitResponsibility> out;
    for (auto& [k, r] : by) out.push_back(std::move(r));
    return out;
}

}  // namespace jingwei
