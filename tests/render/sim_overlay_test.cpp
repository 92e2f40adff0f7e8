// The scenario player's overlays rendered headless on Futian with the
// Futian patrol-day scenario: the pixel at each unit's projected position is
// exactly its status colour, an incident's triangle is its priority colour,
// the idle units' rings are where the units are, and the state drawn after
// a seek back equals the state drawn fresh.
//
// Set JINGWEI_TEST_OUTPUT_DIR to keep the PNGs.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "render/sim_layers.h"
#include "render/sim_overlay.h"
#include "render_test_support.h"
#include "sim/engine.h"
#include "sim/playback.h"
#include "sim/scenario.h"
#include "sim/sim_clock.h"
#include "sim/sim_view.h"

namespace jingwei {
namespace {

using namespace rtest;
using namespace jingwei::sim;

struct PatrolDay {
    Scenario s;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<Replay> replay;
};

// The patrol day run to the end on the real Futian map.
const PatrolDay* patrolDay(const MapModel& map) {
    static std::unique_ptr<PatrolDay> pd = [&map] {
        auto p = std::make_unique<PatrolDay>();
        p->s = readScenario(std::string(JINGWEI_TEST_SOURCE_DIR) + "/scenarios/futian-patrol-day.yaml", JINGWEI_TEST_DATA_DIR);
        auto net = std::make_shared<SimNetwork>(map.roads, travelModelFor(p->s, map));
        EngineOptions o;
        o.seed = p->s.seed;
        p->engine = std::make_unique<Engine>(p->s, map, net, o);
        p->engine->run();
        p->replay = std::make_unique<Replay>(p->engine->record());
        return p;
    }();
    return pd.get();
}

bool sameRgb(const std::uint8_t* p, const Color8& c) { return p[0] == c.r && p[1] == c.g && p[2] == c.b; }

// A 2D pose fitting the run's area.
CameraPose runPose(const RunRecord& r, int w, int h) {
    Bounds b = runBounds(r);
    return fitBounds(b, w, h, false);
}

TEST(SimOverlayFutian, UnitCentresAreTheirStatusColour) {
    REQUIRE_EGL();
    REQUIRE_MAP(map, "futian");
    const PatrolDay* pd = patrolDay(*map);
    const RunRecord& rec = pd->replay->record();
    const int w = 1600, h = 1000;
    SceneView view(*map, w, h);
    auto layers = std::make_shared<SimLayers>(rec.network, pd->s.metrics.standards_min);
    layers->addTo(view.scene());
    const CameraPose pose = runPose(rec, w, h);
    const MapCamera cam(pose, w, h);
    std::size_t checked = 0;
    std::array<std::size_t, kUnitStatusCount> by_status{};
    for (const char* when : {"03:00", "08:00", "10:40", "12:10", "15:20", "18:30", "21:45"}) {
        const int sod = parseClockOfDay(when).value();
        const SimTime t = simTimeOfClock(pd->s.start_utc_s, pd->s.utc_offset_s, 1, sod);
        const SimState st = pd->replay->stateAt(t);
        layers->show(rec, st, 0.0, true);
        const RgbaImage img = view.render(pose);
        savePng(img, std::string("sim_overlay_") + when[0] + when[1] + when[3] + when[4] + ".png");
        const SimView& v = layers->symbols().view();
        const double r_px = layers->symbols().unitRadiusPx();
        EXPECT_NEAR(r_px, 13.0 * h / 1080.0, 1e-9);
        // Units whose badge no other symbol overlaps: the centre pixel is exactly the status colour.
        for (const UnitMark& u : v.units) {
            const auto s = cam.groundToScreen(u.pos.x, u.pos.y);
            ASSERT_TRUE(s.has_value());
            bool clear = true;
            for (const UnitMark& o : v.units) {
                if (o.unit == u.unit) continue;
                const auto q = cam.groundToScreen(o.pos.x, o.pos.y);
                if (q && std::hypot(q->x - s->x, q->y - s->y) < 2.2 * r_px) clear = false;
            }
            const double ir = layers->symbols().incidentRadiusPx();
            for (const IncidentMark& m : v.incidents) {
                const auto q = cam.groundToScreen(m.pos.x, m.pos.y);
                // The raised triangle (1.7 radii up), its halo and the stem.
                if (q && std::hypot(q->x - s->x, q->y - 1.7 * ir - s->y) < 2.0 * ir + r_px) clear = false;
                if (q && std::abs(q->x - s->x) < r_px && s->y < q->y + r_px && s->y > q->y - 1.7 * ir) clear = false;
            }
            for (const UnitMark& o : v.units)  // dispatch lines end at incidents: stay away from them
                if (o.has_target) {
                    const auto a = cam.groundToScreen(o.pos.x, o.pos.y), b = cam.groundToScreen(o.target.x, o.target.y);
                    if (!a || !b || o.unit == u.unit) continue;
                    const double dx = b->x - a->x, dy = b->y - a->y, L2 = dx * dx + dy * dy;
                    const double f = L2 > 0 ? std::clamp(((s->x - a->x) * dx + (s->y - a->y) * dy) / L2, 0.0, 1.0) : 0.0;
                    if (std::hypot(a->x + f * dx - s->x, a->y + f * dy - s->y) < r_px) clear = false;
                }
            if (!clear) continue;
            const int x = int(std::floor(s->x)), y = int(std::floor(s->y));
            ASSERT_TRUE(x >= 0 && y >= 0 && x < w && y < h);
            const Color8 want = unitStatusColour(u.status);
            const std::uint8_t* p = img.at(x, y);
            EXPECT_TRUE(sameRgb(p, want)) << when << " unit " << rec.units[u.unit].id << " status " << int(u.status)
                                          << ": got " << int(p[0]) << "," << int(p[1]) << "," << int(p[2]) << " want "
                                          << int(want.r) << "," << int(want.g) << "," << int(want.b);
            // Inside the white ring: white.
            const std::uint8_t* ring = img.at(x, int(std::floor(s->y - 0.75 * r_px)));
            EXPECT_TRUE(sameRgb(ring, Color8{255, 255, 255})) << when << " unit " << rec.units[u.unit].id;
            ++checked;
            ++by_status[std::size_t(u.status)];
        }
    }
    EXPECT_GE(checked, 40u);
    EXPECT_GT(by_status[std::size_t(UnitStatus::Idle)], 0u);
    EXPECT_GT(by_status[std::size_t(UnitStatus::OnScene)], 0u);
    layers->removeFrom(view.scene());
}

TEST(SimOverlayFutian, IncidentTrianglesAreTheirPriorityColour) {
    REQUIRE_EGL();
    REQUIRE_MAP(map, "futian");
    const PatrolDay* pd = patrolDay(*map);
    const RunRecord& rec = pd->replay->record();
    const int w = 1600, h = 1000;
    SceneView view(*map, w, h);
    auto overlay = std::make_shared<SimOverlay>();
    view.scene().addOverlay(overlay);
    const CameraPose pose = runPose(rec, w, h);
    const MapCamera cam(pose, w, h);
    // Every call of the day drawn alone (no units, no lines): the triangle's
    // centre, 1.7 radii above the call's point, is its priority colour.
    std::size_t checked = 0;
    std::array<std::size_t, 4> by_priority{};
    SimOverlayStyle style;
    style.labels = false;
    overlay->setStyle(style);
    for (IncidentIndex i = 0; i < rec.incidents.size() && checked < 24; i += 7) {
        const IncidentRecord& x = rec.incidents[i];
        SimView v;
        IncidentMark m;
        m.incident = i;
        m.pos = x.pos;
        m.priority = x.priority;
        m.phase = IncidentPhase::Assigned;
        v.incidents.push_back(m);
        overlay->setView(v);
        const RgbaImage img = view.render(pose);
        const auto s = cam.groundToScreen(x.pos.x, x.pos.y);
        ASSERT_TRUE(s.has_value());
        const double ir = overlay->incidentRadiusPx();
        const int px = int(std::floor(s->x)), py = int(std::floor(s->y - 1.7 * ir));
        if (px < 0 || py < 0 || px >= w || py >= h) continue;
        EXPECT_TRUE(sameRgb(img.at(px, py), incidentPriorityColour(x.priority))) << "call " << i << " P" << int(x.priority);
        // The call's own point: the dot in the same colour.
        EXPECT_TRUE(sameRgb(img.at(int(std::floor(s->x)), int(std::floor(s->y))), incidentPriorityColour(x.priority)));
        ++checked;
        ++by_priority[std::min<std::size_t>(x.priority, 3)];
    }
    EXPECT_GE(checked, 20u);
    EXPECT_GT(by_priority[3], 0u);
}

TEST(SimOverlayFutian, SeekBackDrawsTheSameAsAFreshRender) {
    REQUIRE_EGL();
    REQUIRE_MAP(map, "futian");
    const PatrolDay* pd = patrolDay(*map);
    const RunRecord& rec = pd->replay->record();
    const int w = 960, h = 600;
    const CameraPose pose = runPose(rec, w, h);
    const SimTime t0 = 18 * kHour + 30 * kMinute;
    // Fresh: the state at t0 and its rings.
    RgbaImage fresh;
    {
        SceneView view(*map, w, h);
        SimLayers layers(rec.network, pd->s.metrics.standards_min);
        layers.addTo(view.scene());
        layers.show(rec, pd->replay->stateAt(t0), 0.0, true);
        fresh = view.render(pose);
        layers.removeFrom(view.scene());
    }
    // Played through the day at 3600× (rings following, throttled), then sought back to t0.
    SceneView view(*map, w, h);
    SimLayers layers(rec.network, pd->s.metrics.standards_min);
    layers.addTo(view.scene());
    Playback p;
    p.setReplay(pd->replay.get());
    p.setSpeed(3600);
    p.seek(t0);
    p.play();
    double wall = 0;
    for (int k = 0; k < 40; ++k) {
        wall += 0.25;
        p.tick(0.25);
        layers.show(rec, p.state(), wall);
        (void)view.render(pose);
    }
    ASSERT_GT(p.time(), t0 + 2 * kHour);
    EXPECT_GT(layers.follower().updates(), 3u);
    p.seek(t0);
    layers.show(rec, p.state(), wall + 10, true);
    const RgbaImage again = view.render(pose);
    savePng(fresh, "sim_seek_fresh.png");
    savePng(again, "sim_seek_again.png");
    ASSERT_EQ(fresh.pixels.size(), again.pixels.size());
    std::size_t diff = 0;
    for (std::size_t i = 0; i < fresh.pixels.size(); ++i) diff += fresh.pixels[i] != again.pixels[i];
    EXPECT_EQ(diff, 0u) << "bytes differ between a fresh render and one after playing and seeking back";
}

}  // namespace
}  // namespace jingwei
