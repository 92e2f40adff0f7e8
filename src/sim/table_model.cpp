#include "sim/table_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <immintrin.h>
#include <new>
#include <sys/mman.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>
#include <unistd.h>

#include "core/error.h"

namespace jingwei::sim {
namespace {

enum : std::uint32_t { kCall = 0, kArrive = 1, kClear = 2, kAtBase = 3 };

// An event in 16 bytes: the time, then (sequence << 24 | type << 22 | unit)
// so that one integer comparison orders equal times by scheduling order,
// as SimPy's event list does. The call of a unit event is the unit's
// current job; the call of a call event is the next one in time order.
// Stored as one 128-bit integer (time in the high half, times are ≥ 0), so
// an event comparison is a single integer comparison without branches.
struct Ev {
    unsigned __int128 k;
    Ev() = default;
    Ev(std::int64_t t, std::uint64_t key) : k((static_cast<unsigned __int128>(static_cast<std::uint64_t>(t)) << 64) | key) {}
    std::int64_t time() const { return static_cast<std::int64_t>(static_cast<std::uint64_t>(k >> 64)); }
    std::uint64_t key() const { return static_cast<std::uint64_t>(k); }
};
constexpr std::uint64_t kUnitBits = 22;
inline bool before(const Ev& a, const Ev& b) { return a.k < b.k; }

// Few pending events (a few dozen units): an array sorted by decreasing
// key, the next event last; an insertion moves the sooner events one place
// (cheaper at this size than a 4-ary heap, whose sift-down mispredicts at
// every level).
class EvList {
public:
    bool empty() const { return v_.empty(); }
    const Ev& top() const { return v_.back(); }
    void pop() { v_.pop_back(); }
    void push(Ev e) {
        // From the back (the soonest events): move each sooner event one
        // place on; the list is short.
        v_.push_back(e);
        Ev* d = v_.data();
        std::size_t i = v_.size() - 1;
        while (i > 0 && before(d[i - 1], e)) {
            d[i] = d[i - 1];
            --i;
        }
        d[i] = e;
    }
    void replaceTop(Ev e) {
        v_.pop_back();
        push(e);
    }

private:
    std::vector<Ev> v_;
};

// Many pending events (hundreds of units): a calendar queue. Times fall into buckets of 4.096 s
// on a ring covering 9.3 hours ahead; each bucket keeps its few events
// sorted (the next at the back), a bitmap finds the next non-empty bucket,
// and events beyond the ring wait in a heap until the clock comes near.
// Push and pop are O(1) on average, so the cost per event does not grow
// with the number of busy units (300 units: 29 ms for the grid benchmark,
// against 34 ms with the sorted array and 35 ms with a 4-ary heap).
class EvCalendar {
public:
    EvCalendar() : ring_(kBuckets), bits_(kBuckets / 64, 0) {}
    bool empty() const { return in_ring_ == 0 && far_.empty(); }
    // e's time must not be before the last popped event's.
    void push(Ev e) {
        const std::uint64_t b = bucketOf(e);
        if (b >= cur_ + kBuckets) {
            far_.push_back(e);
            std::push_heap(far_.begin(), far_.end(), later);
            return;
        }
        insertRing(b, e);
    }
    const Ev& top() const {
        if (in_ring_ == 0) return far_.front();
        return ring_[next() & kMask].back();
    }
    void pop() {
        if (in_ring_ == 0) {
            cur_ = bucketOf(far_.front());
            std::pop_heap(far_.begin(), far_.end(), later);
            far_.pop_back();
        } else {
            cur_ = next();
            std::vector<Ev>& v = ring_[cur_ & kMask];
            v.pop_back();
            --in_ring_;
            if (v.empty()) bits_[(cur_ & kMask) >> 6] &= ~(std::uint64_t{1} << (cur_ & 63));
        }
        // The clock moved: far events now within the ring join it.
        while (!far_.empty() && bucketOf(far_.front()) < cur_ + kBuckets) {
            const Ev e = far_.front();
            std::pop_heap(far_.begin(), far_.end(), later);
            far_.pop_back();
            insertRing(bucketOf(e), e);
        }
    }
    void replaceTop(Ev e) {
        pop();
        push(e);
    }

private:
    static constexpr unsigned kShift = 12;  // 4096 ms per bucket
    static constexpr std::uint64_t kBuckets = 1u << 13;
    static constexpr std::uint64_t kMask = kBuckets - 1;
    static bool later(const Ev& a, const Ev& b) { return before(b, a); }
    static std::uint64_t bucketOf(const Ev& e) { return static_cast<std::uint64_t>(e.time()) >> kShift; }

    void insertRing(std::uint64_t b, Ev e) {
        std::vector<Ev>& v = ring_[b & kMask];
        v.push_back(e);
        // Sorted by decreasing key: move e down past the smaller keys.
        std::size_t i = v.size() - 1;
        while (i > 0 && before(v[i - 1], e)) {
            v[i] = v[i - 1];
            --i;
        }
        v[i] = e;
        bits_[(b & kMask) >> 6] |= std::uint64_t{1} << (b & 63);
        ++in_ring_;
    }
    // The first non-empty bucket at or after the clock's (ring not empty;
    // every ring event lies within kBuckets of cur_, far ones beyond).
    std::uint64_t next() const {
        std::uint64_t b = cur_;
        for (;;) {
            const std::uint64_t idx = b & kMask;
            const std::uint64_t word = bits_[idx >> 6] >> (idx & 63);
            if (word) return b + static_cast<std::uint64_t>(__builtin_ctzll(word));
            b += 64 - (idx & 63);
        }
    }

    std::vector<std::vector<Ev>> ring_;
    std::vector<std::uint64_t> bits_;
    std::vector<Ev> far_;
    std::uint64_t cur_ = 0;  // the bucket of the last popped event (the clock)
    std::size_t in_ring_ = 0;
};

// The idle unit with the smallest time to a node (busy units are masked to
// the maximum): the smallest masked time, then the lowest index holding it.
std::uint32_t nearestIdlePortable(const std::uint32_t* row, const std::uint32_t* mask, std::uint32_t n) {
    std::uint32_t best = 0xFFFFFFFFu;
    for (std::uint32_t k = 0; k < n; ++k) best = std::min(best, row[k] | mask[k]);
    if (best == 0xFFFFFFFFu) return n;
    for (std::uint32_t k = 0; k < n; ++k)
        if ((row[k] | mask[k]) == best) return k;
    return n;
}

// The same eight units at a time (AVX2 has the unsigned 32-bit minimum and
// a compare whose mask finds the first match in one step).
__attribute__((target("avx2"))) std::uint32_t nearestIdleAvx2(const std::uint32_t* row, const std::uint32_t* mask,
                                                               std::uint32_t n) {
    __m256i vmin = _mm256_set1_epi32(-1);
    std::uint32_t k = 0;
    for (; k + 8 <= n; k += 8) {
        const __m256i v = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + k)),
                                          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mask + k)));
        vmin = _mm256_min_epu32(vmin, v);
    }
    alignas(32) std::uint32_t lanes[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), vmin);
    std::uint32_t best = 0xFFFFFFFFu;
    for (std::uint32_t l = 0; l < 8; ++l) best = std::min(best, lanes[l]);
    for (std::uint32_t j = k; j < n; ++j) best = std::min(best, row[j] | mask[j]);
    if (best == 0xFFFFFFFFu) return n;
    const __m256i vb = _mm256_set1_epi32(static_cast<int>(best));
    for (k = 0; k + 8 <= n; k += 8) {
        const __m256i v = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + k)),
                                          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mask + k)));
        const int m = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(v, vb)));
        if (m) return k + static_cast<std::uint32_t>(__builtin_ctz(static_cast<unsigned>(m)));
    }
    for (; k < n; ++k)
        if ((row[k] | mask[k]) == best) return k;
    return n;
}

std::uint32_t nearestIdle(const std::uint32_t* row, const std::uint32_t* mask, std::uint32_t n) {
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2 ? nearestIdleAvx2(row, mask, n) : nearestIdlePortable(row, mask, n);
}

}  // namespace

void* hugePageAllocate(std::size_t bytes) {
    constexpr std::size_t kHuge = 2u << 20;
    if (bytes < kHuge) {
        void* p = std::malloc(bytes ? bytes : 1);
        if (!p) throw std::bad_alloc();
        return p;
    }
    const std::size_t size = (bytes + kHuge - 1) / kHuge * kHuge;
    void* p = std::aligned_alloc(kHuge, size);
    if (!p) throw std::bad_alloc();
    ::madvise(p, size, MADV_HUGEPAGE);  // a hint; fine if refused
    return p;
}

void hugePageFree(void* p, std::size_t) noexcept { std::free(p); }

template <class Queue>
TableModelResult simulate(const TableModelInput& in) {
    const std::uint32_t U = in.units;
    const std::size_t C = in.calls.size();
    if (U == 0 || U >= (1u << kUnitBits)) throw Error("", "table model", "the number of units must be 1 .. 2^22");
    TableModelResult r;
    r.unit.assign(C, std::numeric_limits<std::uint32_t>::max());
    r.wait_ms.assign(C, 0);
    r.response_ms.assign(C, 0);
    r.busy_ms.assign(U, 0);
    // Busy units are masked to the maximum, so the nearest idle unit is one
    // min over a contiguous row.
    std::vector<std::uint32_t> mask(U, 0);
    std::vector<std::uint32_t> job(U, 0);
    std::vector<std::uint32_t> queue(C);  // FIFO of waiting calls (ring not needed: each call queues once)
    std::size_t q_head = 0, q_tail = 0;
    Queue heap;
    std::uint64_t seq = 0;
    auto make = [&](std::int64_t t, std::uint32_t type, std::uint32_t unit) {
        return Ev{t, (seq++ << 24) | (static_cast<std::uint64_t>(type) << kUnitBits) | unit};
    };
    // The pending call is kept beside the heap (calls come in time order):
    // one heap operation less per call. It still gets its sequence number
    // when scheduled, so ties with unit events are broken as in SimPy.
    std::size_t next = 0;
    const Ev kNoCall(std::numeric_limits<std::int64_t>::max(), ~std::uint64_t{0});
    Ev call_ev = C > 0 ? make(in.calls[0].t_ms, kCall, 0) : kNoCall;
    const std::uint32_t* travel = in.travel_ms.data();
    const std::uint32_t* back = in.back_ms.data();
    constexpr std::size_t kAhead = 3;

    std::uint32_t* const out_unit = r.unit.data();
    std::int64_t* const out_wait = r.wait_ms.data();
    std::int64_t* const out_resp = r.response_ms.data();
    std::int64_t* const busy = r.busy_ms.data();
    const TableModelInput::Call* const calls = in.calls.data();
    std::uint64_t events = 0;
    std::int64_t end_ms = 0;
    while (next < C || !heap.empty()) {
        const bool is_call = heap.empty() || before(call_ev, heap.top());
        const Ev top = is_call ? call_ev : heap.top();
        struct {
            std::int64_t t;
            std::uint64_t key;
        } e{top.time(), top.key()};
        ++events;
        end_ms = e.t;
        const std::uint32_t type = static_cast<std::uint32_t>(e.key >> kUnitBits) & 3u;
        const std::uint32_t u = static_cast<std::uint32_t>(e.key & ((1u << kUnitBits) - 1));
        switch (type) {
        case kCall: {
            const std::uint32_t c = static_cast<std::uint32_t>(next);
            const std::uint32_t* row = travel + static_cast<std::size_t>(calls[c].node) * U;
            const std::uint32_t bu = nearestIdle(row, mask.data(), U);
            // The unit's arrival is scheduled before the next call, as in
            // SimPy (the same sequence numbers).
            Ev arrive{};
            const bool sent = bu < U;
            if (sent) arrive = make(e.t + row[bu], kArrive, bu);
            if (sent) {
                mask[bu] = 0xFFFFFFFFu;
                job[bu] = c;
                out_unit[c] = bu;
                out_wait[c] = 0;
                out_resp[c] = row[bu];
                busy[bu] += row[bu];
            } else {
                queue[q_tail++] = c;
            }
            call_ev = ++next < C ? make(calls[next].t_ms, kCall, 0) : kNoCall;
            if (sent) heap.push(arrive);
            // The rows of the coming calls: fetch them ahead, while the
            // events in between run (the table is far larger than the cache).
            if (next + kAhead < C) {
                const char* p = reinterpret_cast<const char*>(travel + static_cast<std::size_t>(calls[next + kAhead].node) * U);
                for (std::size_t b = 0; b < U * sizeof(std::uint32_t); b += 64) __builtin_prefetch(p + b, 0, 1);
            }
            break;
        }
        case kArrive: {
            __builtin_prefetch(back + static_cast<std::size_t>(calls[job[u]].node) * U + u, 0, 1);
            const std::int64_t os = calls[job[u]].on_scene_ms;
            busy[u] += os;
            heap.replaceTop(make(e.t + os, kClear, u));
            break;
        }
        case kClear: {
            const std::uint32_t b = back[static_cast<std::size_t>(calls[job[u]].node) * U + u];
            busy[u] += b;
            heap.replaceTop(make(e.t + b, kAtBase, u));
            break;
        }
        default: {  // back at base
            if (q_head < q_tail) {
                const std::uint32_t c = queue[q_head++];
                const std::uint32_t tr = travel[static_cast<std::size_t>(calls[c].node) * U + u];
                job[u] = c;
                out_unit[c] = u;
                out_wait[c] = e.t - calls[c].t_ms;
                out_resp[c] = e.t + tr - calls[c].t_ms;
                busy[u] += tr;
                heap.replaceTop(make(e.t + tr, kArrive, u));
            } else {
                mask[u] = 0;
                heap.pop();
            }
            break;
        }
        }
    }
    r.events = events;
    r.end_ms = end_ms;
    return r;
}

TableModelResult runTableModel(const TableModelInput& in, TableModelQueue queue) {
    // Both event lists give the same order (by time, then scheduling).
    if (queue == TableModelQueue::Auto) queue = in.units <= 64 ? TableModelQueue::SortedArray : TableModelQueue::Calendar;
    return queue == TableModelQueue::SortedArray ? simulate<EvList>(in) : simulate<EvCalendar>(in);
}

TableModelMetrics tableModelMetrics(const TableModelResult& r, std::uint32_t units) {
    TableModelMetrics m;
    m.calls = r.response_ms.size();
    m.events = r.events;
    if (m.calls == 0) return m;
    std::vector<std::int64_t> s = r.response_ms;
    std::sort(s.begin(), s.end());
    std::int64_t sum = 0, wsum = 0;
    for (std::int64_t v : s) sum += v;
    for (std::int64_t w : r.wait_ms) {
        wsum += w;
        if (w > 0) ++m.waited;
    }
    const double n = static_cast<double>(m.calls);
    m.mean_response_s = static_cast<double>(sum) / n / 1000.0;
    m.mean_wait_s = static_cast<double>(wsum) / n / 1000.0;
    auto pct = [&](double p) {
        std::size_t k = static_cast<std::size_t>(std::ceil(p * n));
        k = k < 1 ? 0 : std::min(k - 1, s.size() - 1);
        return static_cast<double>(s[k]) / 1000.0;
    };
    m.p50_s = pct(0.5);
    m.p90_s = pct(0.9);
    m.p95_s = pct(0.95);
    auto within = [&](std::int64_t lim) {
        return static_cast<double>(std::upper_bound(s.begin(), s.end(), lim) - s.begin()) / n;
    };
    m.within_1 = within(60000);
    m.within_3 = within(180000);
    m.within_5 = within(300000);
    double util = 0;
    for (std::int64_t b : r.busy_ms) util += r.end_ms > 0 ? static_cast<double>(b) / static_cast<double>(r.end_ms) : 0;
    m.mean_utilisation = units ? util / units : 0;
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (std::size_t c = 0; c < m.calls; ++c) {
        for (std::uint64_t v : {static_cast<std::uint64_t>(r.unit[c]), static_cast<std::uint64_t>(r.response_ms[c])})
            for (int i = 0; i < 8; ++i) {
                h ^= (v >> (8 * i)) & 0xFF;
                h *= 0x100000001b3ull;
            }
    }
    m.checksum = h;
    return m;
}

std::string tableModelMetricsJson(const TableModelMetrics& m) {
    // %.17g round-trips; Python compares the parsed floats exactly.
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "{\"calls\": %zu, \"checksum\": \"%016llx\", \"events\": %llu, \"mean_response_s\": %.17g, "
                  "\"mean_utilisation\": %.17g, \"mean_wait_s\": %.17g, \"p50_s\": %.17g, \"p90_s\": %.17g, "
                  "\"p95_s\": %.17g, \"waited\": %zu, \"within_1\": %.17g, \"within_3\": %.17g, \"within_5\": %.17g}",
                  m.calls, static_cast<unsigned long long>(m.checksum), static_cast<unsigned long long>(m.events),
                  m.mean_response_s, m.mean_utilisation, m.mean_wait_s, m.p50_s, m.p90_s, m.p95_s, m.waited, m.within_1,
                  m.within_3, m.within_5);
    return buf;
}

void writeTableModelInput(const std::string& path, const TableModelInput& in) {
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary);
        auto put = [&](const void* p, std::size_t n) { out.write(static_cast<const char*>(p), static_cast<std::streamsize>(n)); };
        put("JWTM0001", 8);
        const std::uint64_t calls = in.calls.size();
        put(&in.units, 4);
        put(&in.nodes, 4);
        put(&calls, 8);
        put(in.base.data(), in.base.size() * 4);
        put(in.travel_ms.data(), in.travel_ms.size() * 4);
        put(in.back_ms.data(), in.back_ms.size() * 4);
        for (const auto& c : in.calls) {
            put(&c.t_ms, 8);
            put(&c.node, 4);
            put(&c.on_scene_ms, 8);
        }
        if (!out) throw Error(path, "", "cannot write the table-model input");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(path, "", "cannot rename the table-model input into place");
}

TableModelInput readTableModelInput(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "", "cannot open the table-model input");
    auto get = [&](void* p, std::size_t n) {
        in.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
        if (!in) throw Error(path, "", "truncated table-model input");
    };
    char magic[8];
    get(magic, 8);
    if (std::memcmp(magic, "JWTM0001", 8) != 0) throw Error(path, "", "not a table-model input (bad magic)");
    TableModelInput t;
    std::uint64_t calls = 0;
    get(&t.units, 4);
    get(&t.nodes, 4);
    get(&calls, 8);
    t.base.resize(t.units);
    t.travel_ms.resize(static_cast<std::size_t>(t.nodes) * t.units);
    t.back_ms.resize(t.travel_ms.size());
    get(t.base.data(), t.base.size() * 4);
    get(t.travel_ms.data(), t.travel_ms.size() * 4);
    get(t.back_ms.data(), t.back_ms.size() * 4);
    t.calls.resize(calls);
    for (auto& c : t.calls) {
        get(&c.t_ms, 8);
        get(&c.node, 4);
        get(&c.on_scene_ms, 8);
    }
    return t;
}

}  // namespace jingwei::sim
