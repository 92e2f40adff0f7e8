#pragma once
// Runs an Engine on a background thread and publishes what it has done so
// far, so a GUI can replay a run while it is still going.
//
// Why snapshots: the engine appends to its RunRecord in place (vectors that
// grow and reallocate, incident outcomes filled in), so nothing may read the
// record while the engine runs. The runner therefore advances the engine
// in slices on its own thread and, between slices, publishes an immutable
// copy of the record (std::shared_ptr<const RunRecord>). Every event at or
// before a snapshot's `end` has been processed (the slice ends with
// Engine::advanceTo(now)), so Replay(snapshot).stateAt(t) for t ≤ end is
// exactly the state the finished run has at t (tests/sim/sim_runner_test).
//
// Cost: a copy is O(record). Slices last at least `min_publish_s` of wall
// time and at least copy_time / copy_budget, so copies take at most
// `copy_budget` (10 %) of the run however big the record grows; memory is
// the engine's record plus up to two snapshots (the one readers hold and the
// next). The Futian patrol day (20 units, 240 calls) runs in 10-70 ms and
// is published once.
//
// Cancel stops the engine between slices; the last snapshot stays readable
// (replay up to where it stopped). Errors from the engine end the run with
// status Failed and the message.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sim/engine.h"
#include "sim/run_record.h"

namespace jingwei::sim {

struct SimRunnerOptions {
    double min_publish_s = 0.2;    // wall time between snapshots, at least
    double copy_budget = 0.1;      // at most this share of the run spent copying snapshots
    std::size_t slice_events = 0;  // > 0: publish after at most this many events (tests)
    // Called on the runner's thread after each publication (tests).
    std::function<void(const std::shared_ptr<const RunRecord>&)> on_publish;
};

class SimRunner {
public:
    enum class State { Idle, Running, Finished, Cancelled, Failed };

    struct Status {
        State state = State::Idle;
        SimTime now = 0;             // the engine's clock at the last snapshot
        SimTime duration = 0;        // calls arrive in [0, duration)
        double fraction = 0;         // now / duration, clamped to [0, 1]
        std::uint64_t snapshots = 0; // published so far
        double run_s = 0;            // wall time since start()
        double copy_ms = 0;          // the last snapshot's copy time
        std::string error;           // when Failed
    };

    explicit SimRunner(std::unique_ptr<Engine> engine, SimRunnerOptions options = {});
    ~SimRunner();  // cancels and joins
    SimRunner(const SimRunner&) = delete;
    SimRunner& operator=(const SimRunner&) = delete;

    // Starts the thread (once; later calls do nothing).
    void start();
    // Asks the thread to stop after the current slice.
    void cancel();
    // Blocks until the thread has stopped (finished, cancelled or failed).
    void wait();

    Status status() const;
    bool running() const { return status().state == State::Running; }
    // The latest snapshot (never null after construction: the first is
    // published before start(), at time 0 with nothing processed).
    std::shared_ptr<const RunRecord> snapshot() const;
    // Increases with every snapshot (cheap change check for readers).
    std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

    // The engine, once the thread has stopped (nullptr while it runs): its
    // event hash, statistics and policy for the final metrics.
    const Engine* stoppedEngine() const;

private:
    void loop();
    void publish();

    std::unique_ptr<Engine> engine_;
    SimRunnerOptions opt_;
    mutable std::mutex m_;
    std::shared_ptr<const RunRecord> snap_;
    Status status_;
    std::atomic<std::uint64_t> version_{0};
    std::atomic<bool> cancel_{false};
    std::atomic<bool> stopped_{false};
    std::thread thread_;
};

}  // namespace jingwei::sim
