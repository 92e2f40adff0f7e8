#pragma once
// The simple nearest-idle-unit model over a precomputed travel-time table,
// the model SimPy runs in bench/sim/compare_simpy.sh. Units wait at their
// bases; a call goes to the idle unit with the smallest table time (ties:
// the lower unit index), or waits in a FIFO queue; a unit drives to the
// scene, works the on-scene time, drives back, and at its base takes the
// oldest waiting call (driving from its base). Four events per call (call,
// arrival, clear, back at base) in a binary heap ordered by (time, sequence
// of scheduling): the same order as SimPy's event list, so both produce the
// same outcome, call by call, from the same integer-millisecond inputs.
#include <cstdint>
#include <string>
#include <vector>

namespace jingwei::sim {

// Large tables live in 2 MB pages where the kernel allows it (transparent
// huge pages on madvise): a random row lookup then does not miss the TLB.
template <class T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) {}
    T* allocate(std::size_t n);
    void deallocate(T* p, std::size_t n) noexcept;
    template <class U>
    bool operator==(const HugePageAllocator<U>&) const { return true; }
};
void* hugePageAllocate(std::size_t bytes);
void hugePageFree(void* p, std::size_t bytes) noexcept;
template <class T>
T* HugePageAllocator<T>::allocate(std::size_t n) { return static_cast<T*>(hugePageAllocate(n * sizeof(T))); }
template <class T>
void HugePageAllocator<T>::deallocate(T* p, std::size_t n) noexcept { hugePageFree(p, n * sizeof(T)); }
using HugeU32Vector = std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>>;

struct TableModelInput {
    std::uint32_t units = 0;
    std::uint32_t nodes = 0;
    std::vector<std::uint32_t> base;       // per unit: its base node (informative)
    HugeU32Vector travel_ms;               // [node * units + unit]: base → node
    HugeU32Vector back_ms;                 // [node * units + unit]: node → base
    struct Call {
        std::int64_t t_ms = 0;
        std::uint32_t node = 0;
        std::int64_t on_scene_ms = 0;
    };
    std::vector<Call> calls;               // sorted by time
};

struct TableModelResult {
    std::vector<std::uint32_t> unit;       // per call
    std::vector<std::int64_t> wait_ms;     // per call: dispatch − call
    std::vector<std::int64_t> response_ms; // per call: arrival − call
    std::vector<std::int64_t> busy_ms;     // per unit
    std::int64_t end_ms = 0;               // time of the last event
    std::uint64_t events = 0;
};

// The pending-event list: a sorted array for a few dozen units, a calendar
// queue for more (Auto picks by the number of units). Same results.
enum class TableModelQueue { Auto, SortedArray, Calendar };
TableModelResult runTableModel(const TableModelInput& in, TableModelQueue queue = TableModelQueue::Auto);

// The metrics both sides print (exact: integer sums, nearest-rank percentiles).
struct TableModelMetrics {
    std::size_t calls = 0, waited = 0;
    double mean_response_s = 0, p50_s = 0, p90_s = 0, p95_s = 0;
    double within_1 = 0, within_3 = 0, within_5 = 0;
    double mean_wait_s = 0, mean_utilisation = 0;
    std::uint64_t checksum = 0;            // FNV-1a over (unit, response ms) of every call
    std::uint64_t events = 0;
};
TableModelMetrics tableModelMetrics(const TableModelResult& r, std::uint32_t units);
// One JSON object per line, keys sorted, numbers as repr() in Python prints them.
std::string tableModelMetricsJson(const TableModelMetrics& m);

// Binary input file (little-endian): "JWTM0001", u32 units, u32 nodes, u64
// calls, u32 base[units], u32 travel[nodes*units], u32 back[nodes*units],
// then per call i64 t_ms, u32 node, i64 on_scene_ms.
void writeTableModelInput(const std::string& path, const TableModelInput& in);
TableModelInput readTableModelInput(const std::string& path);

}  // namespace jingwei::sim
