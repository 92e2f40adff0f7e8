#pragma once
// Runs independent chunks of work on a few std::threads, with progress and
// cancellation from the calling thread. Not part of the public API.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/progress.h"

namespace jingwei::analysis_internal {

inline int resolveThreads(int requested) {
    if (requested > 0) return requested;
    const unsigned hw = std::thread::hardware_concurrency();
    return static_cast<int>(std::clamp(hw, 1u, 64u));
}

// Calls fn(chunk, worker) for every chunk in [0, chunks), each exactly once,
// on `threads` workers (the caller is worker 0). Results must not depend on
// which worker ran a chunk. Progress is reported from the calling thread;
// when it cancels, the other workers stop after their current chunk and
// Cancelled propagates. The first exception thrown by fn is rethrown.
inline void parallelChunks(int threads, std::size_t chunks, const std::function<void(std::size_t, int)>& fn,
                           const Progress& progress, std::string_view stage, double f0 = 0, double f1 = 1) {
    threads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads)), std::max<std::size_t>(1, chunks)));
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&](int worker) {
        while (!stop.load(std::memory_order_relaxed)) {
            const std::size_t c = next.fetch_add(1);
            if (c >= chunks) break;
            try {
                fn(c, worker);
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                stop = true;
            }
            done.fetch_add(1);
        }
    };
    struct Joiner {
        std::vector<std::thread> pool;
        ~Joiner() {
            for (auto& t : pool)
                if (t.joinable()) t.join();
        }
    } joiner;
    for (int t = 1; t < threads; ++t) joiner.pool.emplace_back(work, t);
    auto report = [&] {
        const double f = chunks ? static_cast<double>(done.load()) / static_cast<double>(chunks) : 1.0;
        progress.report(f0 + (f1 - f0) * f, stage);
    };
    try {
        // The caller works too, reporting between its chunks.
        while (!stop.load(std::memory_order_relaxed)) {
            const std::size_t c = next.fetch_add(1);
            if (c >= chunks) break;
            try {
                fn(c, 0);
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                stop = true;
            }
            done.fetch_add(1);
            if (progress.callback) report();
        }
        while (done.load() < std::min(chunks, next.load()) && !stop.load()) {
            if (progress.callback) report();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    } catch (...) {
        stop = true;
        throw;  // Joiner waits for the workers
    }
    for (auto& t : joiner.pool) t.join();
    if (error) std::rethrow_exception(error);
    if (progress.callback) report();
}

}  // namespace jingwei::analysis_internal
