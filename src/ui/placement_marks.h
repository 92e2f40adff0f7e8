#pragma once
// What the placement overlay shows for one window of a PlacementModel: every
// post (locked, staffed in the window, or off duty there) and the window's
// demand coloured by coverage. Shared by the editor panel and `jingwei
// render --plan`. Header-only: it joins the model (no OSG) and the overlay's
// plain marks (no model) without making either depend on the other.
#include "render/placement_overlay.h"
#include "ui/placement_model.h"

namespace jingwei {

inline PlacementMarks placementMarks(PlacementModel& model, std::size_t w) {
    PlacementMarks m;
    const auto& posts = model.posts();
    for (std::size_t q = 0; q < posts.size(); ++q) {
        PlacementMarks::Post p;
        p.pos = model.postPos(q);
        p.kind = posts[q].locked       ? PlacementMarks::PostKind::Locked
                 : posts[q].staffed[w] ? PlacementMarks::PostKind::Free
                                       : PlacementMarks::PostKind::OffDuty;
        p.label = posts[q].id;
        m.posts.push_back(std::move(p));
    }
    const auto& demand = model.windowDemand(w);
    const auto& states = model.demandStates(w);
    m.demand.reserve(demand.size());
    for (std::size_t i = 0; i < demand.size(); ++i) {
        PlacementMarks::Demand d;
        d.pos = demand[i].pos;
        d.weight = demand[i].weight;
        d.cover = states[i] == DemandState::Backup    ? PlacementMarks::Cover::Backup
                  : states[i] == DemandState::Covered ? PlacementMarks::Cover::Covered
                                                      : PlacementMarks::Cover::Uncovered;
        m.demand.push_back(d);
    }
    return m;
}

}  // namespace jingwei
