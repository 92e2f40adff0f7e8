#include "render/sim_layers.h"

#include "render/map_scene.h"

namespace jingwei {

namespace {

std::shared_ptr<CoverageModel> coverageFor(std::shared_ptr<const sim::SimNetwork> net, std::vector<double> minutes) {
    // The graph lives inside the SimNetwork: share its ownership.
    std::shared_ptr<const TravelGraph> graph(net, &net->graph());
    CoverageParams p;
    if (!minutes.empty()) p.rings.minutes = std::move(minutes);
    p.gap_band = -1;
    return std::make_shared<CoverageModel>(std::move(graph), p);
}

}  // namespace

SimLayers::SimLayers(std::shared_ptr<const sim::SimNetwork> network, std::vector<double> ring_minutes,
                     sim::RingFollowOptions follow)
    : model_(coverageFor(std::move(network), std::move(ring_minutes))),
      follower_(model_, follow),
      rings_(std::make_shared<RingsOverlay>(model_)),
      symbols_(std::make_shared<SimOverlay>()) {
    rings_->setShowGaps(false);
    // Lighter than the rings panel's: the unit and incident symbols come first.
    rings_->setFillOpacity(kSimRingOpacity);
}

void SimLayers::addTo(MapScene& scene) {
    scene.addOverlay(rings_);
    scene.addOverlay(symbols_);
}

void SimLayers::removeFrom(MapScene& scene) {
    scene.removeOverlay(symbols_);
    scene.removeOverlay(rings_);
}

bool SimLayers::show(const sim::RunRecord& r, const sim::SimState& state, double wall_now_s, bool force_rings) {
    if (labelled_ != &r || labelled_units_ != r.units.size()) {
        std::vector<std::string> ids;
        ids.reserve(r.units.size());
        for (const sim::UnitInfo& u : r.units) ids.push_back(u.id);
        symbols_->setLabels(std::move(ids));
        labelled_ = &r;
        labelled_units_ = r.units.size();
    }
    symbols_->setView(builder_.build(r, state, sel_unit_, sel_incident_));
    const bool changed = follower_.follow(state, ring_target_, sel_unit_, wall_now_s, force_rings);
    if (changed) rings_->refresh();
    return changed;
}

}  // namespace jingwei
