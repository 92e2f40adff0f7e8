#!/usr/bin/python3
"""The peer side of bench/place/compare_cbc.sh: MCLP through PuLP 2.6 and
CBC 2.10.8 (Debian python3-pulp and coinor-cbc; one thread, as the issue's
peer figures), and plain greedy in Python, on the coverage lists that
place_compare --export wrote (so both sides solve exactly the same
instance).

    pulp_mclp.py LISTS [--time-limit S] [--no-cbc]

Prints one line per method: objective, wall and CPU seconds (CBC's CPU is
the child process's), CBC's status, bound and gap from its log.
"""
import argparse
import os
import re
import resource
import tempfile
import time

import pulp


def read(path):
    with open(path) as f:
        k = int(f.readline().split()[1])
        w = [float(v) for v in f.readline().split()[1:]]
        lists = []
        for line in f:
            parts = line.split()
            lists.append([int(v) for v in parts[1:]])
    return k, w, lists


def greedy(k, w, lists):
    """Plain greedy: k times the candidate covering the most uncovered weight (ties: lower index)."""
    n = len(w)
    covers = [[] for _ in range(n)]
    for j, lst in enumerate(lists):
        for i in lst:
            covers[i].append(j)
    gain = [sum(w[i] for i in lst) for lst in lists]
    covered = bytearray(n)
    chosen, value = [], 0.0
    for _ in range(k):
        j = max(range(len(lists)), key=lambda c: (gain[c], -c))
        if j in chosen:
            break
        chosen.append(j)
        for i in lists[j]:
            if not covered[i]:
                covered[i] = 1
                value += w[i]
                for c in covers[i]:
                    gain[c] -= w[i]
    return value


def solve(k, w, lists, limit):
    n = len(w)
    covers = [[] for _ in range(n)]
    for j, lst in enumerate(lists):
        for i in lst:
            covers[i].append(j)
    prob = pulp.LpProblem("mclp", pulp.LpMaximize)
    x = [pulp.LpVariable("x%d" % j, cat="Binary") for j in range(len(lists))]
    y = {i: pulp.LpVariable("y%d" % i, 0, 1) for i in range(n) if covers[i]}
    prob += pulp.lpSum(w[i] * y[i] for i in y)
    for i, yi in y.items():
        prob += pulp.lpSum(x[j] for j in covers[i]) - yi >= 0
    prob += pulp.lpSum(x) == k
    log = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
    solver = pulp.COIN_CMD(path="/usr/bin/cbc", msg=False, timeLimit=limit, logPath=log)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    prob.solve(solver)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    text = open(log).read()
    os.unlink(log)
    value = pulp.value(prob.objective)
    facts = {}
    for key, pattern in (("result", r"Result - (.*)"), ("objective", r"Objective value:\s*(\S+)"),
                         ("bound", r"Lower bound:\s*(\S+)"), ("gap", r"Gap:\s*(\S+)"),
                         ("root_lp", r"Continuous objective value is (\S+) - (\S+) seconds")):
        m = re.search(pattern, text)
        if m:
            facts[key] = " ".join(m.groups())
    return value, wall, cpu, pulp.LpStatus[prob.status], facts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lists")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--no-cbc", action="store_true")
    a = ap.parse_args()
    k, w, lists = read(a.lists)
    t0, c0 = time.perf_counter(), time.process_time()
    g = greedy(k, w, lists)
    print("python greedy:     %10.0f  wall %7.3f s  CPU %7.3f s" % (g, time.perf_counter() - t0, time.process_time() - c0))
    if a.no_cbc:
        return
    t0, c0 = time.perf_counter(), time.process_time()
    value, wall, cpu, status, facts = solve(k, w, lists, a.time_limit)
    total_wall = time.perf_counter() - t0
    print("PuLP+CBC (limit %.0f s): status %s, objective %s  solve wall %.2f s  CBC CPU %.2f s  (model build + solve wall %.2f s, Python CPU %.2f s)"
          % (a.time_limit, status, "%.0f" % value if value is not None else "none", wall, cpu, total_wall,
             time.process_time() - c0))
    print("  cbc log: " + "; ".join("%s %s" % kv for kv in facts.items()))


if __name__ == "__main__":
    main()
