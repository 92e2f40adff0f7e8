// The C++ side of bench/sim/compare_simpy.sh.
//
//   table_compare make futian <units> <calls> <seed> <out.bin>
//   table_compare make grid <side> <units> <calls> <seed> <out.bin>
//       builds the inputs of the nearest-idle-unit model: unit bases, calls
//       (Poisson arrivals at uniform random road nodes, exponential on-scene
//       times, all in whole milliseconds) and the travel-time table (one
//       forward and one backward Dijkstra per base over the whole network),
//       and writes them (sim/table_model.h format). Prints the precompute time.
//   table_compare run <in.bin> [repeats]
//       runs sim::runTableModel on them; prints the metrics as one JSON line
//       and the best wall time of `repeats` runs.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "mapdata/map_manifest.h"
#include "sim/random.h"
#include "sim/router.h"
#include "sim/sim_network.h"
#include "sim/table_model.h"

using namespace jingwei;
using namespace jingwei::sim;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A side × side grid of two-way streets 100 m apart; every 10th line is an
// arterial (主干道, 50 km/h), the rest local streets (20 km/h).
RoadData gridRoads(int side) {
    RoadData r;
    const double step = 100, lon0 = 114.0, lat0 = 22.5;
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            RoadNode n;
            n.source_id = y * side + x;
            n.pos.x = 500000 + x * step;
            n.pos.y = 2500000 + y * step;
            n.pos.lon = lon0 + x * step / 102000.0;
            n.pos.lat = lat0 + y * step / 111000.0;
            r.nodes.push_back(n);
        }
    auto add = [&](int a, int b, bool arterial) {
        for (int dir = 0; dir < 2; ++dir) {
            RoadEdge e;
            e.from = static_cast<std::uint32_t>(dir ? b : a);
            e.to = static_cast<std::uint32_t>(dir ? a : b);
            e.length_m = step;
            e.road_class = arterial ? RoadClass::Primary : RoadClass::Residential;
            e.highway = arterial ? "primary" : "residential";
            e.speed_kph = arterial ? 50 : 20;
            e.shape_begin = static_cast<std::uint32_t>(r.shape.size());
            e.shape_count = 2;
            r.shape.push_back(r.nodes[e.from].pos);
            r.shape.push_back(r.nodes[e.to].pos);
            r.edges.push_back(e);
        }
    };
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const int v = y * side + x;
            if (x + 1 < side) add(v, v + 1, y % 10 == 0);
            if (y + 1 < side) add(v, v + side, x % 10 == 0);
        }
    return r;
}

int make(const std::string& kind, std::uint32_t units, std::size_t calls, double rate_per_hour, std::uint64_t seed,
         const std::string& out, int side) {
    const auto t0 = Clock::now();
    RoadData roads;
    if (kind == "futian") {
        MapModel m = loadMap("futian");
        roads = std::move(m.roads);
    } else {
        roads = gridRoads(side);
    }
    const auto net = std::make_shared<SimNetwork>(roads, TravelTimeModel{});
    const double load_s = since(t0);
    std::vector<NodeId> core;
    for (NodeId v = 0; v < net->nodeCount(); ++v)
        if (net->inCore(v)) core.push_back(v);
    if (core.size() < units) throw Error("", "", "fewer road nodes than units");

    TableModelInput in;
    in.units = units;
    in.nodes = static_cast<std::uint32_t>(net->nodeCount());
    Rng rng(seed, Stream::Replication, 1);
    std::vector<NodeId> pool = core;
    for (std::uint32_t u = 0; u < units; ++u) {  // distinct bases (partial Fisher–Yates)
        const std::size_t j = u + rng.below(pool.size() - u);
        std::swap(pool[u], pool[j]);
        in.base.push_back(pool[u]);
    }
    // The table: one forward and one backward search per base.
    const auto t1 = Clock::now();
    Router router(net);
    in.travel_ms.assign(static_cast<std::size_t>(in.nodes) * units, 0xFFFFFFFFu);
    in.back_ms.assign(in.travel_ms.size(), 0xFFFFFFFFu);
    for (std::uint32_t u = 0; u < units; ++u) {
        const SearchSeed s{in.base[u], 0};
        router.forward(std::span<const SearchSeed>(&s, 1), kUnreachedMs - 1, [&](NodeId v, Millis d) {
            in.travel_ms[static_cast<std::size_t>(v) * units + u] = d;
            return true;
        });
        router.backward(in.base[u], kUnreachedMs - 1, [&](NodeId v, Millis d) {
            in.back_ms[static_cast<std::size_t>(v) * units + u] = d;
            return true;
        });
    }
    const double table_s = since(t1);
    // Calls: Poisson arrivals, uniform over the core nodes, exponential on-scene (mean 20 min).
    double t = 0;
    for (std::size_t c = 0; c < calls; ++c) {
        t += rng.exponential(3600.0 / rate_per_hour);
        TableModelInput::Call call;
        call.t_ms = static_cast<std::int64_t>(std::llround(t * 1000));
        call.node = core[rng.below(core.size())];
        call.on_scene_ms = std::max<std::int64_t>(1000, static_cast<std::int64_t>(std::llround(rng.exponential(1200.0) * 1000)));
        in.calls.push_back(call);
    }
    writeTableModelInput(out, in);
    std::printf("{\"nodes\": %zu, \"arcs\": %zu, \"units\": %u, \"calls\": %zu, \"load_s\": %.3f, \"table_s\": %.3f}\n",
                net->nodeCount(), net->arcCount(), units, calls, load_s, table_s);
    return 0;
}

// CPU time of this thread: on a shared machine, time while other
// processes run is not counted (SimPy's side uses time.process_time()).
double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int run(const std::string& path, int repeats) {
    const TableModelInput in = readTableModelInput(path);
    double best = 1e300, best_wall = 1e300;
    TableModelResult r;
    for (int i = 0; i < std::max(1, repeats); ++i) {
        const auto t0 = Clock::now();
        const double c0 = threadCpuSeconds();
        r = runTableModel(in);
        best = std::min(best, threadCpuSeconds() - c0);
        best_wall = std::min(best_wall, since(t0));
    }
    const TableModelMetrics m = tableModelMetrics(r, in.units);
    std::printf("%s\n", tableModelMetricsJson(m).c_str());
    std::printf("{\"seconds\": %.6f, \"wall_seconds\": %.6f, \"events\": %llu, \"events_per_s\": %.0f, \"repeats\": %d}\n",
                best, best_wall, static_cast<unsigned long long>(r.events), static_cast<double>(r.events) / best, repeats);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> a(argv + 1, argv + argc);
        if (a.size() == 6 && a[0] == "make" && a[1] == "futian")
            return make("futian", static_cast<std::uint32_t>(std::stoul(a[2])), std::stoul(a[3]), 30.0, std::stoull(a[4]), a[5], 0);
        if (a.size() == 7 && a[0] == "make" && a[1] == "grid")
            return make("grid", static_cast<std::uint32_t>(std::stoul(a[3])), std::stoul(a[4]), 450.0, std::stoull(a[5]), a[6],
                        std::stoi(a[2]));
        if ((a.size() == 2 || a.size() == 3) && a[0] == "run") return run(a[1], a.size() == 3 ? std::stoi(a[2]) : 20);
        std::fprintf(stderr,
                     "usage: table_compare make futian UNITS CALLS SEED OUT.bin\n"
                     "       table_compare make grid SIDE UNITS CALLS SEED OUT.bin\n"
                     "       table_compare run IN.bin [REPEATS]\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "table_compare: %s\n", e.what());
        return 1;
    }
}
