#pragma once
// The Futian map and a placement model on it, for the placement editor's
// tests, and the same problem built again without the model (its own graph,
// sites, incidents, hour filter, demand and travel lists) for exact checks.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../test_support.h"
#include "analysis/incident_filter.h"
#include "analysis/synthetic_incidents.h"
#include "mapdata/map_manifest.h"
#include "place/network_problem.h"
#include "ui/placement_model.h"

namespace jingwei::test {

inline const char* kFutianGraph = "shenzhen/futian-nanshan.graphml";

inline const MapModel& futian() {
    static const MapModel m = [] {
        LoadOptions lo;
        lo.data_dir = dataDir();
        lo.maps_dir = mapsDir();
        lo.allow_fallback = false;
        return loadMap("futian", lo);
    }();
    return m;
}

inline PlacementBuildOptions smallOptions() {
    PlacementBuildOptions o;
    o.spacing_m = 250;
    o.synthetic_count = 8000;
    o.synthetic_seed = 11;
    return o;
}

inline std::unique_ptr<PlacementModel> futianModel(const PlacementBuildOptions& o = smallOptions()) {
    return std::make_unique<PlacementModel>(futian(), o);
}

// The window's problem without the model: every candidate of the model (at
// the node its position snaps to), the window's synthetic incidents through
// analysis::filterIncidents and place::demandOnNodes, fresh travel lists.
struct Independent {
    std::shared_ptr<const TravelGraph> graph;
    std::unique_ptr<place::RoadSites> sites;
    IncidentSet incidents;

    explicit Independent(const PlacementBuildOptions& o = smallOptions()) {
        TravelTimeModel tm;
        tm.speeds = futian().speeds;
        graph = std::make_shared<const TravelGraph>(futian().roads, tm);
        sites = std::make_unique<place::RoadSites>(graph);
        SyntheticIncidentParams sp;
        sp.count = o.synthetic_count;
        sp.seed = o.synthetic_seed;
        incidents = generateSyntheticIncidents(futian(), sp);
    }

    place::PlacementProblem problem(const PlacementModel& m, std::size_t w) const {
        const PlacementWindow& pw = m.window(w);
        IncidentFilter f;
        f.hours = HourWindow{pw.start_h, (pw.end_h + 23) % 24};
        const std::vector<XY> pts = positionsXY(incidents, filterIncidents(incidents, f));
        place::PlacementProblem p;
        p.demand = place::demandOnNodes(*sites, pts, {}, m.snapM()).demand;
        for (const place::Candidate& c : m.candidates()) {
            place::Candidate k = c;
            k.node = sites->nodeNear(c.pos, m.snapM());
            EXPECT_EQ(k.node, c.node) << c.id;
            p.candidates.push_back(k);
        }
        p.times = sites->travelLists(p.candidates, p.demand, m.horizonMs(), 2);
        return p;
    }
};

// Every score field the editor gives, compared exactly.
inline void expectSameScore(const place::PlanScore& a, const place::PlanScore& b, const std::string& what) {
    EXPECT_EQ(a.objective, b.objective) << what;
    EXPECT_EQ(a.posts, b.posts) << what;
    EXPECT_EQ(a.total_weight, b.total_weight) << what;
    EXPECT_EQ(a.covered_weight, b.covered_weight) << what;
    EXPECT_EQ(a.covered_share, b.covered_share) << what;
    EXPECT_EQ(a.backup_weight, b.backup_weight) << what;
    EXPECT_EQ(a.backup_share, b.backup_share) << what;
    EXPECT_EQ(a.reached_share, b.reached_share) << what;
    EXPECT_EQ(a.mean_s, b.mean_s) << what;
    EXPECT_EQ(a.p90_s, b.p90_s) << what;
    EXPECT_EQ(a.mean_capped_s, b.mean_capped_s) << what;
}

}  // namespace jingwei::test
