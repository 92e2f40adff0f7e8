// The scenario player's logic without a display: the playback clock (play
// at speed S for wall dt advances S·dt exactly, step goes to the next event,
// pause-at-event stops exactly at the event, seeking back equals a fresh
// stateAt), the background runner (every snapshot replays exactly like the
// finished run up to its end; cancel), live metrics (equal to the run's
// metrics at the end), what is drawn at t, the scenario clock, and rings
// that follow the units.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "sim/live_metrics.h"
#include "sim/playback.h"
#include "sim/ring_follower.h"
#include "sim/sim_clock.h"
#include "sim/sim_runner.h"
#include "sim/sim_view.h"
#include "sim_scenarios.h"
#include "sim_test_support.h"

using namespace jingwei;
using namespace jingwei::sim;

namespace {

struct Busy {
    Scenario s = parseScenario(sim::test::kBusySynthetic, "busy.yaml");
    sim::test::Run run;
    std::unique_ptr<Replay> replay;
    Busy() {
        EngineOptions o;
        o.seed = 21;
        run = sim::test::runScenario(s, sim::test::syntheticMap(), o);
        replay = std::make_unique<Replay>(run.engine->record());
    }
    const RunRecord& rec() const { return replay->record(); }
};

const Busy& busy() {
    static const Busy b;
    return b;
}

void expectSame(const SimState& a, const SimState& b, const std::string& where) {
    ASSERT_EQ(a.t, b.t) << where;
    ASSERT_EQ(a.units.size(), b.units.size()) << where;
    for (std::size_t u = 0; u < a.units.size(); ++u) ASSERT_TRUE(a.units[u] == b.units[u]) << where << " unit " << u;
    ASSERT_EQ(a.incidents.size(), b.incidents.size()) << where;
    for (std::size_t i = 0; i < a.incidents.size(); ++i) ASSERT_TRUE(a.incidents[i] == b.incidents[i]) << where;
    ASSERT_EQ(a.events_done, b.events_done) << where;
}

}  // namespace

// ---------------------------------------------------------------- Playback

TEST(Playback, PlayAtSpeedAdvancesSpeedTimesWallTime) {
    const Replay& r = *busy().replay;
    Playback p;
    p.setReplay(&r);
    p.seek(kHour);
    EXPECT_FALSE(p.tick(1.0).has_value());
    EXPECT_EQ(p.time(), kHour) << "paused: nothing moves";
    for (double speed : Playback::kSpeedPresets) {
        p.seek(kHour);
        p.setSpeed(speed);
        p.play();
        p.tick(0.5);
        EXPECT_EQ(p.time(), kHour + static_cast<SimTime>(speed * 500)) << speed << "×";
    }
    // Many small frames add up exactly (the fractions are carried over).
    p.seek(2 * kHour);
    p.setSpeed(1);
    p.play();
    for (int k = 0; k < 60; ++k) p.tick(1.0 / 60.0);
    EXPECT_EQ(p.time(), 2 * kHour + 1000);
    p.setSpeed(60);
    for (int k = 0; k < 144; ++k) p.tick(1.0 / 144.0);
    EXPECT_EQ(p.time(), 2 * kHour + 1000 + 60000);
    // Speed is clamped to 1×..3600×.
    p.setSpeed(0.1);
    EXPECT_EQ(p.speed(), 1.0);
    p.setSpeed(1e9);
    EXPECT_EQ(p.speed(), 3600.0);
}

TEST(Playback, StopsAtTheEndOfAFinishedRun) {
    const Replay& r = *busy().replay;
    Playback p;
    p.setReplay(&r);
    p.seek(r.end() - 10 * kSecond);
    p.setSpeed(3600);
    p.play();
    p.tick(1.0);
    EXPECT_EQ(p.time(), r.end());
    EXPECT_FALSE(p.playing());
    p.play();  // from the end: starts over
    EXPECT_EQ(p.time(), 0);
}

TEST(Playback, StepGoesToTheNextAndPreviousEventTimes) {
    const Replay& r = *busy().replay;
    Playback p;
    p.setReplay(&r);
    p.play();
    SimTime t = 3 * kHour + 17 * kSecond;
    p.seek(t);
    for (int k = 0; k < 50; ++k) {
        const SimTime next = r.nextEventTime(t);
        ASSERT_TRUE(p.stepForward());
        EXPECT_FALSE(p.playing()) << "step pauses";
        ASSERT_EQ(p.time(), next);
        ASSERT_GT(next, t);
        t = next;
    }
    const SimTime prev = r.prevEventTime(t);
    ASSERT_TRUE(p.stepBack());
    EXPECT_EQ(p.time(), prev);
    p.seek(r.end());
    EXPECT_FALSE(p.stepForward());
}

TEST(Playback, PauseAtEventStopsExactlyAtTheEvent) {
    const Busy& b = busy();
    const Replay& r = *b.replay;
    Playback p;
    p.setReplay(&r);
    p.rules().new_incident = true;
    p.setSpeed(3600);
    p.seek(kHour);
    p.play();
    // The calls after 1 h, in order: each tick stops at the next one.
    std::vector<SimTime> calls;
    for (const EventRecord& e : r.eventsBetween(kHour + 1, r.end()))
        if (e.type == EventType::Call && (calls.empty() || calls.back() != e.t)) calls.push_back(e.t);
    ASSERT_GT(calls.size(), 10u);
    for (std::size_t k = 0; k < 10; ++k) {
        const auto hit = p.tick(3600.0);  // an hour of wall time at 3600×: far past the next call
        ASSERT_TRUE(hit.has_value()) << k;
        EXPECT_EQ(hit->t, calls[k]);
        EXPECT_EQ(p.time(), calls[k]);
        EXPECT_EQ(hit->type, EventType::Call);
        EXPECT_EQ(hit->reason, PauseReason::NewIncident);
        EXPECT_FALSE(p.playing());
        EXPECT_EQ(p.state().t, calls[k]);
        p.play();  // resumes after the event: does not stop at it again
    }
    // Priority-1 calls only.
    Playback q;
    q.setReplay(&r);
    q.rules().major_incident = true;
    q.setSpeed(3600);
    q.play();
    const auto hit = q.tick(1e6);
    ASSERT_TRUE(hit.has_value());
    const IncidentRecord& x = b.rec().incidents[hit->incident];
    EXPECT_EQ(x.priority, 1);
    EXPECT_EQ(hit->reason, PauseReason::MajorIncident);
    for (const IncidentRecord& y : b.rec().incidents)
        if (y.call < hit->t) {
            EXPECT_GT(y.priority, 1) << "an earlier priority-1 call was skipped";
        }
    // Queued / unserved calls.
    Playback u;
    u.setReplay(&r);
    u.rules().unserved = true;
    u.setSpeed(3600);
    u.play();
    SimTime first = kNever;
    for (const EventRecord& e : b.rec().events)
        if (e.type == EventType::Queued || e.type == EventType::Unserved) {
            first = e.t;
            break;
        }
    ASSERT_NE(first, kNever) << "the busy scenario queues calls";
    const auto uh = u.tick(1e6);
    ASSERT_TRUE(uh.has_value());
    EXPECT_EQ(uh->t, first);
    EXPECT_EQ(uh->reason, PauseReason::Unserved);
}

TEST(Playback, SeekingBackGivesTheSameStateAsAFreshStateAt) {
    const Replay& r = *busy().replay;
    Playback p;
    p.setReplay(&r);
    p.setSpeed(900);
    p.play();
    for (int k = 0; k < 200; ++k) p.tick(0.37);
    const SimTime later = p.time();
    ASSERT_GT(later, kHour);
    for (SimTime t : {later - 1, later / 2, SimTime(0), 3 * kHour + 1234, later}) {
        p.seek(t);
        expectSame(p.state(), r.stateAt(t), "t = " + std::to_string(t));
    }
}

// ---------------------------------------------------------------- SimRunner

TEST(SimRunner, EverySnapshotReplaysLikeTheFinishedRun) {
    const Busy& b = busy();
    const Replay& done = *b.replay;
    EngineOptions o;
    o.seed = 21;
    auto live = sim::test::runScenario(b.s, sim::test::syntheticMap(), o, false);
    std::mutex m;
    std::vector<std::shared_ptr<const RunRecord>> snaps;
    SimRunnerOptions ro;
    ro.slice_events = 20;  // many small slices
    ro.min_publish_s = 0;
    ro.on_publish = [&](const std::shared_ptr<const RunRecord>& s) {
        std::lock_guard<std::mutex> lock(m);
        snaps.push_back(s);
    };
    SimRunner runner(std::move(live.engine), ro);
    EXPECT_EQ(runner.snapshot()->end, 0);
    runner.start();
    // Meanwhile the test thread reads whatever is published (as the GUI does).
    std::size_t reads = 0;
    while (runner.running()) {
        const auto s = runner.snapshot();
        const Replay rp(s);
        (void)rp.stateAt(s->end);
        ++reads;
    }
    runner.wait();
    EXPECT_EQ(runner.status().state, SimRunner::State::Finished);
    ASSERT_GT(snaps.size(), 20u);
    EXPECT_GT(reads, 0u);
    SimTime prev_end = -1;
    for (std::size_t k = 0; k < snaps.size(); ++k) {
        const RunRecord& s = *snaps[k];
        ASSERT_GE(s.end, prev_end);
        prev_end = s.end;
        // The log so far is a prefix of the final log.
        ASSERT_LE(s.events.size(), done.record().events.size());
        ASSERT_EQ(hashEvents(s.events), hashEvents(std::span(done.record().events).first(s.events.size()))) << k;
        // Any time up to the snapshot's end replays exactly as in the finished run.
        const Replay rp(snaps[k]);
        for (SimTime t : {s.end, s.end / 2, s.end - 1, s.end / 3 + 777}) {
            if (t < 0) continue;
            expectSame(rp.stateAt(t), done.stateAt(t), "snapshot " + std::to_string(k) + " t = " + std::to_string(t));
        }
    }
    EXPECT_TRUE(snaps.back()->finished);
    EXPECT_EQ(snaps.back()->end, done.end());
    EXPECT_EQ(runner.stoppedEngine()->eventHash(), b.run.engine->eventHash());
}

TEST(SimRunner, CancelKeepsWhatWasSimulated) {
    const Busy& b = busy();
    EngineOptions o;
    o.seed = 21;
    auto live = sim::test::runScenario(b.s, sim::test::syntheticMap(), o, false);
    SimRunnerOptions ro;
    ro.slice_events = 50;
    ro.min_publish_s = 0;
    SimRunner* self = nullptr;
    ro.on_publish = [&self](const std::shared_ptr<const RunRecord>& s) {
        if (s->end > kHour && self) self->cancel();
    };
    SimRunner runner(std::move(live.engine), ro);
    self = &runner;
    runner.start();
    runner.wait();
    const SimRunner::Status st = runner.status();
    EXPECT_EQ(st.state, SimRunner::State::Cancelled);
    const auto snap = runner.snapshot();
    EXPECT_FALSE(snap->finished);
    EXPECT_GT(snap->end, kHour);
    EXPECT_LT(snap->end, b.s.duration);
    EXPECT_EQ(st.now, snap->end);
    const Replay rp(snap);
    expectSame(rp.stateAt(snap->end), b.replay->stateAt(snap->end), "cancelled");
    // Playing a cancelled run holds at its end (it never finishes).
    Playback p;
    p.setReplay(&rp);
    p.setSpeed(3600);
    p.play();
    p.tick(1e6);
    EXPECT_EQ(p.time(), snap->end);
    EXPECT_TRUE(p.atLiveEdge());
}

// ---------------------------------------------------------------- metrics, view, clock

TEST(LiveMetrics, AtTheEndTheyAreTheRunsMetrics) {
    const Busy& b = busy();
    const Replay& r = *b.replay;
    const SimMetrics full = computeMetrics(b.rec(), b.s, b.run.engine->policy().name(), b.run.engine->eventHash());
    LiveMetricsTracker tr(b.s.metrics.standards_min, b.s.metrics.histogram_bin_s);
    const SimState st = r.stateAt(r.end());
    const LiveMetrics m = tr.at(r, st, r.end());
    EXPECT_EQ(m.calls, full.incidents);
    EXPECT_EQ(m.served, full.served);
    EXPECT_EQ(m.unserved, full.unserved);
    EXPECT_EQ(m.open, st.incidents.size()) << "calls still on scene when the run stopped stay open (served)";
    EXPECT_EQ(m.response.n, full.response.n);
    EXPECT_EQ(m.response.mean_s, full.response.mean_s);
    EXPECT_EQ(m.response.p90_s, full.response.p90_s);
    ASSERT_EQ(m.response.within_share.size(), full.response.within_share.size());
    for (std::size_t k = 0; k < m.response.within_share.size(); ++k)
        EXPECT_EQ(m.response.within_share[k], full.response.within_share[k]);
    EXPECT_EQ(m.coverage.size(), full.coverage.size());
    std::size_t in_hist = 0;
    for (float v : m.histogram) in_hist += static_cast<std::size_t>(v);
    EXPECT_EQ(in_hist, full.served);
}

TEST(LiveMetrics, MidRunCountsByBruteForce) {
    const Busy& b = busy();
    const Replay& r = *b.replay;
    LiveMetricsTracker tr;
    for (SimTime t : {kHour, 3 * kHour + 5 * kMinute, 6 * kHour}) {
        const SimState st = r.stateAt(t);
        const LiveMetrics m = tr.at(r, st, t);
        std::size_t calls = 0, served = 0, open = 0, waiting = 0, unserved = 0;
        for (const IncidentRecord& x : b.rec().incidents) {
            if (x.call > t) continue;
            ++calls;
            if (x.first_arrival <= t) ++served;
            else if (x.closed <= t) ++unserved;
            if (x.closed > t) ++open, waiting += x.first_dispatch > t ? 1 : 0;
        }
        EXPECT_EQ(m.calls, calls);
        EXPECT_EQ(m.served, served);
        EXPECT_EQ(m.unserved, unserved);
        EXPECT_EQ(m.open, open);
        EXPECT_EQ(m.open, st.incidents.size());
        EXPECT_EQ(m.waiting, waiting);
        std::size_t units = 0;
        for (std::size_t n : m.by_status) units += n;
        EXPECT_EQ(units, b.rec().units.size());
        // One utilisation sample per 5 minutes up to t, each a share.
        EXPECT_EQ(m.utilisation.size(), static_cast<std::size_t>(t / (5 * kMinute)) + 1);
        for (float u : m.utilisation) EXPECT_TRUE(u >= 0 && u <= 1);
    }
}

TEST(SimView, UnitsLinesAndFadingCalls) {
    const Busy& b = busy();
    const Replay& r = *b.replay;
    SimViewBuilder vb(10 * kMinute);
    std::size_t lines = 0, fading = 0;
    for (SimTime t = kHour; t < 8 * kHour; t += 13 * kMinute) {
        const SimState st = r.stateAt(t);
        const SimView v = vb.build(b.rec(), st, UnitIndex(2), std::nullopt);
        ASSERT_EQ(v.units.size(), st.units.size());
        for (const UnitMark& u : v.units) {
            EXPECT_EQ(u.selected, u.unit == 2);
            EXPECT_EQ(u.has_target, u.status == UnitStatus::EnRoute);
            if (u.has_target) {
                EXPECT_EQ(u.target.x, b.rec().incidents[u.incident].pos.x);
                ++lines;
            }
        }
        std::size_t open = 0;
        for (const IncidentMark& m : v.incidents) {
            const IncidentRecord& x = b.rec().incidents[m.incident];
            if (m.phase == IncidentPhase::Closed) {
                ++fading;
                ASSERT_LE(x.closed, t);
                ASSERT_GT(x.closed, t - 10 * kMinute);
                EXPECT_FLOAT_EQ(m.alpha, float(1.0 - double(t - x.closed) / double(10 * kMinute)));
                EXPECT_EQ(m.served, x.first_arrival <= x.closed);
            } else {
                ++open;
                EXPECT_EQ(m.alpha, 1.0f);
            }
        }
        EXPECT_EQ(open, st.incidents.size());
        // Every call closed within the fade window is there.
        std::size_t want = 0;
        for (const IncidentRecord& x : b.rec().incidents)
            if (x.closed <= t && x.closed > t - 10 * kMinute) ++want;
        EXPECT_EQ(v.incidents.size() - open, want);
    }
    EXPECT_GT(lines, 0u);
    EXPECT_GT(fading, 0u);
}

TEST(SimClock, DayAndTimeOfDay) {
    // 2025-06-06T00:00+08:00 = 2025-06-05T16:00Z.
    const std::int64_t start = 1749139200, off = 8 * 3600;
    ClockTime c = clockAt(start, off, 0);
    EXPECT_EQ(c.day, 1);
    EXPECT_EQ(clockText(c), "00:00:00");
    EXPECT_EQ(clockDate(c), "2025-06-06");
    c = clockAt(start, off, 18 * kHour + 30 * kMinute + 5 * kSecond + 999);
    EXPECT_EQ(clockText(c), "18:30:05");
    c = clockAt(start, off, kDay + kHour);
    EXPECT_EQ(c.day, 2);
    EXPECT_EQ(clockText(c), "01:00:00");
    EXPECT_EQ(parseClockOfDay("18:30"), 18 * 3600 + 30 * 60);
    EXPECT_EQ(parseClockOfDay("08:00:59"), 8 * 3600 + 59);
    EXPECT_EQ(parseClockOfDay("8:05"), 8 * 3600 + 5 * 60);
    for (const char* bad : {"", "18", "24:00", "18:60", "18:3", "18:30:", "x8:00", "18:30:00:00", "-1:00"})
        EXPECT_FALSE(parseClockOfDay(bad).has_value()) << bad;
    EXPECT_EQ(simTimeOfClock(start, off, 1, 18 * 3600 + 30 * 60), 18 * kHour + 30 * kMinute);
    EXPECT_EQ(simTimeOfClock(start, off, 2, 3600), kDay + kHour);
    // A period starting at 16:00: 08:00 on day 1 is before it.
    const std::int64_t s16 = start + 16 * 3600;
    EXPECT_EQ(simTimeOfClock(s16, off, 1, 18 * 3600), 2 * kHour);
    EXPECT_LT(simTimeOfClock(s16, off, 1, 8 * 3600), 0);
    EXPECT_EQ(clockAt(s16, off, 9 * kHour).day, 2);
}

// ---------------------------------------------------------------- rings

TEST(RingFollower, RingsOfTheIdleUnitsAtTheirPositionsThrottled) {
    const Busy& b = busy();
    const Replay& r = *b.replay;
    std::shared_ptr<const TravelGraph> graph(b.run.net, &b.run.net->graph());
    auto model = std::make_shared<CoverageModel>(graph);
    RingFollowOptions fo;
    fo.min_interval_s = 0.5;
    fo.move_m = 150;
    fo.max_share = 1.0;
    RingFollower f(model, fo);
    auto idleOf = [](const SimState& st) {
        std::vector<UnitIndex> v;
        for (const auto& u : st.units)
            if (u.status == UnitStatus::Idle) v.push_back(u.unit);
        return v;
    };
    // The model holds exactly the idle units, where they are.
    auto check = [&](const SimState& st) {
        ASSERT_EQ(f.units(), idleOf(st));
        std::vector<UnitKey> keys = model->activeUnits();
        ASSERT_EQ(keys.size(), f.units().size());
        std::vector<std::pair<double, double>> got, want;
        for (UnitKey k : keys) got.push_back({model->unit(k).input.pos.x, model->unit(k).input.pos.y});
        for (UnitIndex u : f.units()) want.push_back({st.units[u].pos.x, st.units[u].pos.y});
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
        ASSERT_EQ(got, want);
    };
    double wall = 100;
    SimState st = r.stateAt(2 * kHour);
    ASSERT_TRUE(f.follow(st, RingTarget::IdleUnits, std::nullopt, wall));
    check(st);
    // Same state: nothing to do.
    EXPECT_FALSE(f.follow(st, RingTarget::IdleUnits, std::nullopt, wall + 10));
    EXPECT_FALSE(f.pending());
    // A later state with other idle units: due, but held back within 0.5 s of wall time.
    SimTime t = 2 * kHour;
    do {
        t += kMinute;
        st = r.stateAt(t);
    } while (idleOf(st) == f.units());
    wall += 0.2;
    EXPECT_FALSE(f.follow(st, RingTarget::IdleUnits, std::nullopt, wall));
    EXPECT_TRUE(f.pending());
    EXPECT_TRUE(f.follow(st, RingTarget::IdleUnits, std::nullopt, wall + 0.31));
    check(st);
    // Incremental changes give the same rings as a model built from scratch.
    for (int k = 0; k < 12; ++k) {
        wall += 1;
        t += 7 * kMinute;
        st = r.stateAt(t);
        f.follow(st, RingTarget::IdleUnits, std::nullopt, wall);
        check(st);
    }
    CoverageModel fresh(graph);
    std::vector<UnitInput> in;
    for (UnitIndex u : f.units()) in.push_back({"", "", st.units[u].pos});
    fresh.setUnits(in);
    fresh.update();
    ASSERT_EQ(fresh.stats().bands.size(), model->stats().bands.size());
    for (std::size_t k = 0; k < fresh.stats().bands.size(); ++k) {
        EXPECT_EQ(fresh.stats().bands[k].road_m, model->stats().bands[k].road_m) << "band " << k;
        EXPECT_EQ(fresh.stats().bands[k].area_m2, model->stats().bands[k].area_m2) << "band " << k;
    }
    // One selected unit: its own rings only.
    wall += 1;
    ASSERT_TRUE(f.follow(st, RingTarget::Selected, UnitIndex(3), wall));
    EXPECT_EQ(f.units(), std::vector<UnitIndex>{3});
    EXPECT_EQ(model->activeUnits().size(), 1u);
    wall += 1;
    ASSERT_TRUE(f.follow(st, RingTarget::None, std::nullopt, wall));
    EXPECT_TRUE(model->activeUnits().empty());
    EXPECT_GT(f.updates(), 3u);
}
