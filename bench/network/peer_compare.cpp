// Our side of the side-by-side comparison with pgRouting and networkx
// (compare_peers.sh): exports the graphs and sources the peers load, and runs
// our searches on exactly the same CSV graphs.
//
//   bench_isochrone_peers export DIR
//       DIR/futian_edges.csv   Futian drivable graph (our travel-time model), id,source,target,cost (ms)
//       DIR/grid_edges.csv     500×500 grid, every directed edge 5–30 s (seeded), same columns
//       DIR/*_nodes.csv        id,x,y (map metres; our runner orders nodes by position)
//       DIR/futian_sources.txt 50 nodes; DIR/grid_sources.txt 10 nodes; DIR/grid_fleet.txt 1000 nodes
//   bench_isochrone_peers run EDGES SOURCES LIMITS_MS REPEAT OUT.csv   (nodes: EDGES with _edges → _nodes)
//       one search per source and limit, timed as the fastest of REPEAT runs;
//       prints "median_us <limit> <µs>" (median over sources) per limit;
//       writes src,limit,node,time_ms
//   bench_isochrone_peers fleet EDGES SOURCES LIMIT_MS THREADS REPEAT OUT.csv
//       the multi-source field, fastest of REPEAT runs; prints "fleet_ms <ms>"; writes node,time_ms
//
// "Fastest of N" for every tool alike: the development machine is shared,
// and the minimum is the figure least disturbed by other processes.
//
// Costs are whole milliseconds everywhere, so every tool adds the same
// integers and the times compare exactly.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/paths.h"
#include "mapdata/graphml_reader.h"
#include "mapdata/map_model.h"
#include "network/coverage_field.h"
#include "network/isochrone.h"
#include "network/travel_graph.h"

using namespace jingwei;
using Clock = std::chrono::steady_clock;

namespace {

struct Edge {
    std::uint32_t from, to;
    Millis cost;
};

void writeEdges(const std::string& path, const std::vector<Edge>& edges) {
    std::ofstream out(path);
    out << "id,source,target,cost\n";
    for (std::size_t i = 0; i < edges.size(); ++i)
        out << (i + 1) << ',' << edges[i].from << ',' << edges[i].to << ',' << edges[i].cost << '\n';
    if (!out) throw std::runtime_error("cannot write " + path);
}

void writeNodeXY(const std::string& path, const std::vector<XY>& xy) {
    std::ofstream out(path);
    out << "id,x,y\n";
    out.precision(10);
    for (std::size_t i = 0; i < xy.size(); ++i) out << i << ',' << xy[i].x << ',' << xy[i].y << '\n';
    if (!out) throw std::runtime_error("cannot write " + path);
}

void writeNodes(const std::string& path, const std::vector<std::uint32_t>& nodes) {
    std::ofstream out(path);
    for (auto v : nodes) out << v << '\n';
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<std::uint32_t> pick(std::size_t n, std::size_t count, std::uint64_t seed,
                                const std::vector<std::uint8_t>& usable) {
    std::mt19937_64 rng(seed);
    std::set<std::uint32_t> chosen;
    std::vector<std::uint32_t> out;
    while (out.size() < count) {
        const auto v = static_cast<std::uint32_t>(rng() % n);
        if (usable[v] && chosen.insert(v).second) out.push_back(v);
    }
    return out;
}

int exportGraphs(const std::string& dir) {
    // Futian, drivable, with the default travel-time model.
    MapModel m;
    m.roads = readGraphML(defaultDataDir() + "/shenzhen/futian-nanshan.graphml");
    m.project("auto");
    const TravelGraph g(m.roads);
    std::vector<Edge> fe;
    std::vector<std::uint8_t> has_out(g.nodeCount(), 0);
    for (ArcId a = 0; a < g.arcCount(); ++a) {
        fe.push_back({g.tail(a), g.head(a), g.costMs(a)});
        has_out[g.tail(a)] = 1;
    }
    writeEdges(dir + "/futian_edges.csv", fe);
    writeNodeXY(dir + "/futian_nodes.csv", std::vector<XY>(g.nodesXY().begin(), g.nodesXY().end()));
    writeNodes(dir + "/futian_sources.txt", pick(g.nodeCount(), 50, 401, has_out));

    // 500×500 grid, 4-neighbour, every directed edge 5–30 s.
    const std::uint32_t side = 500;
    std::mt19937_64 rng(20260402);
    std::uniform_int_distribution<Millis> cost(5000, 30000);
    std::vector<Edge> ge;
    ge.reserve(4 * side * side);
    for (std::uint32_t r = 0; r < side; ++r)
        for (std::uint32_t c = 0; c < side; ++c) {
            const std::uint32_t v = r * side + c;
            if (c + 1 < side) ge.push_back({v, v + 1, cost(rng)});
            if (c > 0) ge.push_back({v, v - 1, cost(rng)});
            if (r + 1 < side) ge.push_back({v, v + side, cost(rng)});
            if (r > 0) ge.push_back({v, v - side, cost(rng)});
        }
    writeEdges(dir + "/grid_edges.csv", ge);
    std::vector<XY> gxy(side * side);
    for (std::uint32_t v = 0; v < side * side; ++v) gxy[v] = {100.0 * (v % side), 100.0 * (v / side)};
    writeNodeXY(dir + "/grid_nodes.csv", gxy);
    const std::vector<std::uint8_t> all(side * side, 1);
    writeNodes(dir + "/grid_sources.txt", pick(side * side, 10, 402, all));
    writeNodes(dir + "/grid_fleet.txt", pick(side * side, 1000, 403, all));
    std::printf("futian: %zu nodes, %zu edges\ngrid: %u nodes, %zu edges\n", g.nodeCount(), fe.size(), side * side,
                ge.size());
    return 0;
}

// A TravelGraph whose arc costs are exactly the CSV's milliseconds: edge
// length = cost / 1000 m at 3.6 km/h, no emergency factor, free flow.
TravelGraph loadEdges(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(in, line);
    RoadData roads;
    std::uint32_t max_node = 0;
    while (std::getline(in, line)) {
        unsigned long long id, s, t, c;
        if (std::sscanf(line.c_str(), "%llu,%llu,%llu,%llu", &id, &s, &t, &c) != 4) continue;
        RoadEdge e;
        e.from = static_cast<std::uint32_t>(s);
        e.to = static_cast<std::uint32_t>(t);
        e.length_m = static_cast<double>(c) / 1000.0;
        e.speed_kph = 3.6;
        e.road_class = RoadClass::Residential;
        roads.edges.push_back(e);
        max_node = std::max({max_node, e.from, e.to});
    }
    roads.nodes.resize(max_node + 1);
    std::string nodes_path = path;
    nodes_path.replace(nodes_path.rfind("_edges"), 6, "_nodes");
    std::ifstream nin(nodes_path);
    if (!nin) throw std::runtime_error("cannot read " + nodes_path);
    std::getline(nin, line);
    while (std::getline(nin, line)) {
        unsigned long long id;
        double x, y;
        if (std::sscanf(line.c_str(), "%llu,%lf,%lf", &id, &x, &y) != 3 || id > max_node) continue;
        roads.nodes[id].pos.x = x + 1;  // + 1: a node at (0, 0) is fine, all of them is "unprojected"
        roads.nodes[id].pos.y = y;
    }
    TravelTimeModel model;
    model.emergency = false;
    TravelGraph g(roads, model);
    for (EdgeId e = 0; e < roads.edges.size(); ++e)
        if (g.costMs(g.arcOfEdge(e)) != static_cast<Millis>(std::llround(roads.edges[e].length_m * 1000)))
            throw std::runtime_error("cost mismatch on edge " + std::to_string(e));
    return g;
}

std::vector<std::uint32_t> readNodes(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::uint32_t> out;
    std::uint32_t v;
    while (in >> v) out.push_back(v);
    return out;
}

std::vector<Millis> parseLimits(const std::string& s) {
    std::vector<Millis> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(static_cast<Millis>(std::stoul(item)));
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

int runSingle(const std::string& edges, const std::string& sources, const std::string& limits_s, int repeat,
              const std::string& out_path) {
    const TravelGraph g = loadEdges(edges);
    const std::vector<std::uint32_t> src = readNodes(sources);
    const std::vector<Millis> limits = parseLimits(limits_s);
    IsochroneSearch search(g);
    Reach r;
    std::ofstream out(out_path);
    out << "src,limit,node,time_ms\n";
    for (Millis limit : limits) {
        std::vector<double> per_query_us;
        for (std::uint32_t s : src) {
            const SearchSeed seed{g.nodeOfRoadNode(s), 0};
            search.runFromSeeds(std::span<const SearchSeed>(&seed, 1), limit, r);  // warm
            double best = 1e300;
            for (int k = 0; k < repeat; ++k) {
                const auto t0 = Clock::now();
                search.runFromSeeds(std::span<const SearchSeed>(&seed, 1), limit, r);
                best = std::min(best, std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
            }
            per_query_us.push_back(best);
            for (std::size_t i = 0; i < r.nodes.size(); ++i)
                out << s << ',' << limit << ',' << g.roadNode(r.nodes[i]) << ',' << r.time_ms[i] << '\n';
        }
        std::printf("median_us %u %.3f\n", limit, median(per_query_us));
    }
    return 0;
}

int runFleet(const std::string& edges, const std::string& sources, Millis limit, int threads, int repeat,
             const std::string& out_path) {
    const TravelGraph g = loadEdges(edges);
    std::vector<NodeId> src;
    for (std::uint32_t v : readNodes(sources)) src.push_back(g.nodeOfRoadNode(v));
    MultiSourceSearch search(g, threads);
    CoverageField f;
    search.runFromNodes(src, limit, f);  // warm
    double best = 1e300;
    for (int k = 0; k < repeat; ++k) {
        const auto t0 = Clock::now();
        search.runFromNodes(src, limit, f);
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::printf("fleet_ms %.3f\n", best);
    std::ofstream out(out_path);
    out << "node,time_ms\n";
    for (NodeId v = 0; v < g.nodeCount(); ++v)
        if (f.time_ms[v] != kUnreachedMs) out << g.roadNode(v) << ',' << f.time_ms[v] << '\n';
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> a(argv + 1, argv + argc);
        if (a.size() == 2 && a[0] == "export") return exportGraphs(a[1]);
        if (a.size() == 6 && a[0] == "run") return runSingle(a[1], a[2], a[3], std::stoi(a[4]), a[5]);
        if (a.size() == 7 && a[0] == "fleet")
            return runFleet(a[1], a[2], static_cast<Millis>(std::stoul(a[3])), std::stoi(a[4]), std::stoi(a[5]), a[6]);
        std::cerr << "usage: bench_isochrone_peers export DIR | run EDGES SOURCES LIMITS REPEAT OUT | "
                     "fleet EDGES SOURCES LIMIT THREADS REPEAT OUT\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "bench_isochrone_peers: " << e.what() << "\n";
        return 1;
    }
}
