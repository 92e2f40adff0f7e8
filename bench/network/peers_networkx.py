#!/usr/bin/python3
# networkx side of compare_peers.sh (run with Debian's /usr/bin/python3 and
# python3-networkx). Loads the same CSV graph as pgRouting and ours and runs
# bounded Dijkstra from the same sources with the same limits (ms).
#
#   peers_networkx.py single EDGES SOURCES LIMITS REPEAT OUT.csv
#       nx.single_source_dijkstra_path_length(G, s, cutoff=limit) per source,
#       timed as the fastest of REPEAT runs; prints "median_us <limit> <µs>"
#       (median over sources); writes src,limit,node,time_ms
#   peers_networkx.py fleet EDGES SOURCES LIMIT REPEAT OUT.csv
#       nx.multi_source_dijkstra_path_length(G, sources, cutoff=limit), fastest
#       of REPEAT runs; prints "fleet_ms <ms>"; writes node,time_ms
#
# single_source_dijkstra_path_length is the cheapest networkx call for this
# (single_source_dijkstra also builds every path), so the ratios are
# conservative.
import csv
import statistics
import sys
import time

import networkx as nx


def load(path):
    g = nx.DiGraph()
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        for _, s, t, c in r:
            s, t, c = int(s), int(t), int(c)
            # Futian has parallel edges; a DiGraph keeps one, so keep the fastest.
            if g.has_edge(s, t) and g[s][t]["weight"] <= c:
                continue
            g.add_edge(s, t, weight=c)
    return g


def nodes(path):
    with open(path) as f:
        return [int(x) for x in f.read().split()]


def main():
    mode = sys.argv[1]
    g = load(sys.argv[2])
    src = nodes(sys.argv[3])
    if mode == "single":
        limits = [int(x) for x in sys.argv[4].split(",")]
        repeat = int(sys.argv[5])
        with open(sys.argv[6], "w") as out:
            out.write("src,limit,node,time_ms\n")
            for limit in limits:
                per_query = []
                for s in src:
                    best = float("inf")
                    for _ in range(repeat):
                        t0 = time.perf_counter()
                        d = nx.single_source_dijkstra_path_length(g, s, cutoff=limit, weight="weight")
                        best = min(best, time.perf_counter() - t0)
                    per_query.append(best * 1e6)
                    for v, t in d.items():
                        out.write(f"{s},{limit},{v},{int(t)}\n")
                print(f"median_us {limit} {statistics.median(per_query):.3f}", flush=True)
    elif mode == "fleet":
        limit = int(sys.argv[4])
        repeat = int(sys.argv[5])
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            d = nx.multi_source_dijkstra_path_length(g, set(src), cutoff=limit, weight="weight")
            times.append((time.perf_counter() - t0) * 1e3)
        print(f"fleet_ms {min(times):.3f}", flush=True)
        with open(sys.argv[6], "w") as out:
            out.write("node,time_ms\n")
            for v, t in d.items():
                out.write(f"{v},{int(t)}\n")
    else:
        sys.exit("usage: peers_networkx.py single|fleet ...")


if __name__ == "__main__":
    main()
