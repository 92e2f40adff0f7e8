// The simple table model (the SimPy comparison's model): a hand-computed
// case, the metrics, and the input file round trip.
#include <gtest/gtest.h>

#include "../test_support.h"
#include "core/error.h"
#include "sim/table_model.h"

using namespace jingwei::sim;

namespace {
TableModelInput twoUnits() {
    // Two units, three nodes; travel[node][unit].
    TableModelInput in;
    in.units = 2;
    in.nodes = 3;
    in.base = {0, 1};
    in.travel_ms = {0, 5000, 5000, 0, 7000, 9000};
    in.back_ms = {0, 5000, 5000, 0, 8000, 9000};
    in.calls = {{0, 2, 60000}, {1000, 2, 10000}, {2000, 0, 1000}, {3000, 1, 1000}};
    return in;
}
}  // namespace

TEST(TableModel, HandComputedCase) {
    const TableModelResult r = runTableModel(twoUnits());
    // Call 0 at node 2: unit 0 (7 s) arrives 7 s, clear 67 s, back 75 s.
    // Call 1 (1 s) at node 2: unit 1 (9 s) arrives 10 s, clear 20 s, back 29 s.
    // Call 2 at node 0: both busy → queue; unit 1 back at 29 s takes it: 5 s → 34 s.
    // Call 3 at node 1: queue; unit 1 again at 29+5+1+5 = 40 s: travel 0 → 40 s.
    EXPECT_EQ(r.unit, (std::vector<std::uint32_t>{0, 1, 1, 1}));
    EXPECT_EQ(r.response_ms, (std::vector<std::int64_t>{7000, 9000, 32000, 37000}));
    EXPECT_EQ(r.wait_ms, (std::vector<std::int64_t>{0, 0, 27000, 37000}));
    EXPECT_EQ(r.events, 16u);
    EXPECT_EQ(r.end_ms, 75000);
    EXPECT_EQ(r.busy_ms, (std::vector<std::int64_t>{7000 + 60000 + 8000, 9000 + 10000 + 9000 + 5000 + 1000 + 5000 + 0 + 1000 + 0}));
    const TableModelMetrics m = tableModelMetrics(r, 2);
    EXPECT_EQ(m.calls, 4u);
    EXPECT_EQ(m.waited, 2u);
    EXPECT_DOUBLE_EQ(m.mean_response_s, (7 + 9 + 32 + 37) / 4.0);
    EXPECT_DOUBLE_EQ(m.p50_s, 9);
    EXPECT_DOUBLE_EQ(m.p90_s, 37);
    EXPECT_DOUBLE_EQ(m.within_1, 1.0);
}

TEST(TableModel, EqualTimesGoByTheOrderOfScheduling) {
    // The unit is back at its base at 3 s, exactly when call 2 comes in.
    // Call 2's event was scheduled first (when call 1 came in, at 0.5 s;
    // "back at base" only at 2 s), so it is handled first, finds the unit
    // away and queues behind call 1, which the unit then takes.
    TableModelInput in;
    in.units = 1;
    in.nodes = 1;
    in.base = {0};
    in.travel_ms = {1000};
    in.back_ms = {1000};
    in.calls = {{0, 0, 1000}, {500, 0, 1000}, {3000, 0, 1000}};
    const TableModelResult r = runTableModel(in);
    EXPECT_EQ(r.unit, (std::vector<std::uint32_t>{0, 0, 0}));
    EXPECT_EQ(r.wait_ms, (std::vector<std::int64_t>{0, 2500, 3000}));
}

TEST(TableModel, InputFileRoundTrip) {
    jingwei::test::ScratchDir dir;
    const TableModelInput in = twoUnits();
    writeTableModelInput(dir.file("in.bin"), in);
    const TableModelInput back = readTableModelInput(dir.file("in.bin"));
    EXPECT_EQ(back.units, in.units);
    EXPECT_EQ(back.travel_ms, in.travel_ms);
    EXPECT_EQ(back.back_ms, in.back_ms);
    ASSERT_EQ(back.calls.size(), in.calls.size());
    EXPECT_EQ(back.calls[3].t_ms, 3000);
    EXPECT_EQ(tableModelMetricsJson(tableModelMetrics(runTableModel(back), 2)),
              tableModelMetricsJson(tableModelMetrics(runTableModel(in), 2)));
    dir.write("bad.bin", "nope");
    EXPECT_THROW(readTableModelInput(dir.file("bad.bin")), jingwei::Error);
}

TEST(TableModel, BothEventListsGiveTheSameRun) {
    // 100 units, random tables, on-scene times up to a day (beyond the
    // calendar's 9.3-hour ring, so its far list is used too).
    TableModelInput in;
    in.units = 100;
    in.nodes = 50;
    std::uint64_t x = 12345;
    auto next = [&x](std::uint64_t n) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        return (x >> 33) % n;
    };
    for (std::uint32_t u = 0; u < in.units; ++u) in.base.push_back(static_cast<std::uint32_t>(next(in.nodes)));
    in.travel_ms.resize(static_cast<std::size_t>(in.nodes) * in.units);
    in.back_ms.resize(in.travel_ms.size());
    for (auto& t : in.travel_ms) t = static_cast<std::uint32_t>(1000 * next(600));
    for (auto& t : in.back_ms) t = static_cast<std::uint32_t>(1000 * next(600));
    std::int64_t t = 0;
    for (int c = 0; c < 20000; ++c) {
        t += static_cast<std::int64_t>(1000 * next(40));  // whole seconds: many equal times
        const std::int64_t os = next(50) == 0 ? static_cast<std::int64_t>(1000 * (36000 + next(50000))) : static_cast<std::int64_t>(1000 * (60 + next(3000)));
        in.calls.push_back({t, static_cast<std::uint32_t>(next(in.nodes)), os});
    }
    const TableModelResult a = runTableModel(in, TableModelQueue::SortedArray);
    const TableModelResult b = runTableModel(in, TableModelQueue::Calendar);
    EXPECT_EQ(a.unit, b.unit);
    EXPECT_EQ(a.response_ms, b.response_ms);
    EXPECT_EQ(a.wait_ms, b.wait_ms);
    EXPECT_EQ(a.busy_ms, b.busy_ms);
    EXPECT_EQ(a.end_ms, b.end_ms);
    EXPECT_EQ(a.events, 80000u);
    EXPECT_GT(tableModelMetrics(a, in.units).waited, 100u);
}
