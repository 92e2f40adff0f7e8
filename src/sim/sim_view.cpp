#include "sim/sim_view.h"

#include <algorithm>

namespace jingwei::sim {

SimView SimViewBuilder::build(const RunRecord& r, const SimState& state, std::optional<UnitIndex> selected_unit,
                              std::optional<IncidentIndex> selected_incident) {
    const auto& inc = r.incidents;
    if (rec_ != &r || rec_end_ != r.end || rec_finished_ != r.finished) {
        rec_ = &r;
        rec_end_ = r.end;
        rec_finished_ = r.finished;
        max_open_ = 0;
        for (const IncidentRecord& x : inc)
            if (x.closed != kNever) max_open_ = std::max(max_open_, x.closed - x.call);
    }
    SimView v;
    const SimTime t = state.t;
    v.t = t;
    v.units.reserve(state.units.size());
    for (const UnitState& u : state.units) {
        UnitMark m;
        m.unit = u.unit;
        m.pos = u.pos;
        m.status = u.status;
        m.mobilising = u.mobilising;
        m.selected = selected_unit && *selected_unit == u.unit;
        m.incident = u.incident;
        if (u.status == UnitStatus::EnRoute && u.incident < inc.size()) {
            m.has_target = true;
            m.target = inc[u.incident].pos;
        }
        v.units.push_back(m);
    }
    auto mark = [&](IncidentIndex i, IncidentPhase phase) -> IncidentMark& {
        IncidentMark& m = v.incidents.emplace_back();
        m.incident = i;
        m.pos = inc[i].pos;
        m.priority = inc[i].priority;
        m.phase = phase;
        m.selected = selected_incident && *selected_incident == i;
        return m;
    };
    // Closed in (t - fade, t]: called at or after t - fade - max_open.
    if (fade_ > 0) {
        const SimTime from = t - fade_ - max_open_;
        auto lo = std::lower_bound(inc.begin(), inc.end(), from, [](const IncidentRecord& x, SimTime s) { return x.call < s; });
        for (auto it = lo; it != inc.end() && it->call <= t; ++it) {
            if (it->closed > t || it->closed <= t - fade_) continue;
            IncidentMark& m = mark(static_cast<IncidentIndex>(it - inc.begin()), IncidentPhase::Closed);
            m.alpha = static_cast<float>(1.0 - static_cast<double>(t - it->closed) / static_cast<double>(fade_));
            m.served = it->first_arrival <= it->closed;
        }
    }
    for (const IncidentState& s : state.incidents) mark(s.incident, s.phase);
    return v;
}

Bounds runBounds(const RunRecord& r) {
    Bounds b;
    for (const BaseInfo& x : r.bases) b.add(x.pos.x, x.pos.y);
    for (const IncidentRecord& x : r.incidents) b.add(x.pos.x, x.pos.y);
    for (const auto& tl : r.timelines)
        if (!tl.empty() && tl.front().node != kNoId) {
            const XY p = r.network->nodeXY(tl.front().node);
            b.add(p.x, p.y);
        }
    return b;
}

}  // namespace jingwei::sim
