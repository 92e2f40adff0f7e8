#include "sim/sim_runner.h"

#include <algorithm>
#include <chrono>
#include <exception>

namespace jingwei::sim {

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
}  // namespace

SimRunner::SimRunner(std::unique_ptr<Engine> engine, SimRunnerOptions options)
    : engine_(std::move(engine)), opt_(std::move(options)) {
    status_.duration = engine_->duration();
    snap_ = std::make_shared<const RunRecord>(*engine_->record());
    status_.now = snap_->end;
}

SimRunner::~SimRunner() {
    cancel();
    wait();
}

void SimRunner::start() {
    std::lock_guard<std::mutex> lock(m_);
    if (thread_.joinable() || status_.state != State::Idle) return;
    status_.state = State::Running;
    thread_ = std::thread([this] { loop(); });
}

void SimRunner::cancel() { cancel_ = true; }

void SimRunner::wait() {
    if (thread_.joinable()) thread_.join();
}

SimRunner::Status SimRunner::status() const {
    std::lock_guard<std::mutex> lock(m_);
    return status_;
}

std::shared_ptr<const RunRecord> SimRunner::snapshot() const {
    std::lock_guard<std::mutex> lock(m_);
    return snap_;
}

const Engine* SimRunner::stoppedEngine() const {
    if (!stopped_.load(std::memory_order_acquire)) return nullptr;
    return engine_.get();
}

void SimRunner::publish() {
    const auto t0 = Clock::now();
    auto snap = std::make_shared<const RunRecord>(*engine_->record());
    const double copy_ms = secondsSince(t0) * 1000.0;
    {
        std::lock_guard<std::mutex> lock(m_);
        snap_ = snap;
        status_.now = snap->end;
        status_.fraction =
            status_.duration > 0 ? std::clamp(static_cast<double>(snap->end) / static_cast<double>(status_.duration), 0.0, 1.0) : 1.0;
        status_.copy_ms = copy_ms;
        ++status_.snapshots;
    }
    version_.fetch_add(1, std::memory_order_acq_rel);
    if (opt_.on_publish) opt_.on_publish(snap);
}

void SimRunner::loop() {
    const auto t_start = Clock::now();
    State end_state = State::Finished;
    std::string error;
    try {
        Engine& e = *engine_;
        double slice_s = opt_.min_publish_s;
        while (!e.finished()) {
            const auto t0 = Clock::now();
            std::size_t n = 0;
            bool more = true;
            while (more && !cancel_) {
                more = e.step();
                ++n;
                if (opt_.slice_events > 0 && n >= opt_.slice_events) break;
                if ((n & 0xFF) == 0 && secondsSince(t0) >= slice_s) break;
            }
            // Finish every event at this instant, so the snapshot is consistent.
            if (!e.finished()) e.advanceTo(e.now());
            publish();
            {
                std::lock_guard<std::mutex> lock(m_);
                status_.run_s = secondsSince(t_start);
            }
            if (cancel_ && !e.finished()) {
                end_state = State::Cancelled;
                break;
            }
            const double copy_s = status().copy_ms / 1000.0;
            slice_s = std::max(opt_.min_publish_s, opt_.copy_budget > 0 ? copy_s / opt_.copy_budget : 0.0);
        }
    } catch (const std::exception& ex) {
        end_state = State::Failed;
        error = ex.what();
    } catch (...) {
        end_state = State::Failed;
        error = "unknown error";
    }
    {
        std::lock_guard<std::mutex> lock(m_);
        status_.state = end_state;
        status_.error = error;
        status_.run_s = secondsSince(t_start);
    }
    stopped_.store(true, std::memory_order_release);
}

}  // namespace jingwei::sim
