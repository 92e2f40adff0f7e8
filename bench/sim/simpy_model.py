#!/usr/bin/python3
# The nearest-idle-unit model in SimPy 2.3.1 (Debian python3-simpy, the
# classic SimPy.Simulation API), on the same inputs as sim::runTableModel
# (bench/sim/table_compare): units at their bases, a call goes to the idle
# unit with the smallest table time (ties: lower index) or waits in a FIFO
# queue; drive, work on scene, drive back; at the base take the oldest
# waiting call. Times are whole milliseconds held in Python ints, so every
# sum is exact. Prints the metrics (one JSON line, same keys and formulas
# as tableModelMetricsJson) and the CPU and wall time of simulate().
#
# Usage: /usr/bin/python3 simpy_model.py INPUT.bin
import bisect
import json
import math
import struct
import sys
import time
from array import array
from collections import deque

from SimPy.Simulation import Process, Simulation, hold


def read_input(path):
    with open(path, "rb") as f:
        if f.read(8) != b"JWTM0001":
            raise SystemExit("not a table-model input")
        units, nodes, ncalls = struct.unpack("<IIQ", f.read(16))
        base = array("I")
        base.fromfile(f, units)
        travel = array("I")
        travel.fromfile(f, nodes * units)
        back = array("I")
        back.fromfile(f, nodes * units)
        rec = struct.Struct("<qIq")
        calls = list(rec.iter_unpack(f.read(ncalls * rec.size)))
    if sys.byteorder != "little":
        raise SystemExit("little-endian machines only")
    return units, travel, back, calls


class Model(Simulation):
    def setup(self, units, travel, back, calls):
        self.initialize()
        self.U, self.travel, self.back, self.calls = units, travel, back, calls
        self.idle = [True] * units
        self.queue = deque()
        self.busy = [0] * units
        self.unit = [0] * len(calls)
        self.wait = [0] * len(calls)
        self.resp = [0] * len(calls)
        self.last = 0

    def start(self, u, c, tr):
        now = self.now()
        t = self.calls[c][0]
        self.idle[u] = False
        self.unit[c] = u
        self.wait[c] = now - t
        self.resp[c] = now + tr - t
        self.busy[u] += tr


class Job(Process):
    def go(self, m, u, c):
        while True:
            # At the scene of call c.
            m.last = m.now()
            node, on_scene = m.calls[c][1], m.calls[c][2]
            m.busy[u] += on_scene
            yield hold, self, on_scene
            m.last = m.now()
            b = m.back[node * m.U + u]
            m.busy[u] += b
            yield hold, self, b
            m.last = m.now()
            if m.queue:
                c = m.queue.popleft()
                tr = m.travel[m.calls[c][1] * m.U + u]
                m.start(u, c, tr)
                yield hold, self, tr
            else:
                m.idle[u] = True
                return


class Source(Process):
    def go(self, m):
        U, travel, idle = m.U, m.travel, m.idle
        for c, (t, node, _) in enumerate(m.calls):
            yield hold, self, t - m.now()
            m.last = m.now()
            off = node * U
            best, bu = None, -1
            for u in range(U):
                if idle[u]:
                    v = travel[off + u]
                    if best is None or v < best:
                        best, bu = v, u
            if bu >= 0:
                m.start(bu, c, best)
                j = Job(sim=m)
                m.activate(j, j.go(m, bu, c), at=m.now() + best)
            else:
                m.queue.append(c)


def metrics(m):
    n = len(m.resp)
    s = sorted(m.resp)

    def pct(p):
        k = math.ceil(p * n)
        k = min(max(k, 1) - 1, n - 1)
        return s[k] / 1000.0

    h = 0xCBF29CE484222325
    for c in range(n):
        for v in (m.unit[c], m.resp[c]):
            for i in range(8):
                h ^= (v >> (8 * i)) & 0xFF
                h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    util = 0.0
    for b in m.busy:
        util += b / m.last if m.last > 0 else 0.0
    return {
        "calls": n,
        "checksum": "%016x" % h,
        "events": 4 * n,
        "mean_response_s": sum(s) / n / 1000.0,
        "mean_utilisation": util / m.U,
        "mean_wait_s": sum(m.wait) / n / 1000.0,
        "p50_s": pct(0.5),
        "p90_s": pct(0.9),
        "p95_s": pct(0.95),
        "waited": sum(1 for w in m.wait if w > 0),
        "within_1": bisect.bisect_right(s, 60000) / n,
        "within_3": bisect.bisect_right(s, 180000) / n,
        "within_5": bisect.bisect_right(s, 300000) / n,
    }


def main():
    units, travel, back, calls = read_input(sys.argv[1])
    m = Model()
    m.setup(units, travel, back, calls)
    src = Source(sim=m)
    m.activate(src, src.go(m))
    # CPU time of this process (time while other processes run is not
    # counted; the C++ side uses the thread CPU clock), and wall time.
    w0, t0 = time.perf_counter(), time.process_time()
    m.simulate(until=10**18)
    secs, wall = time.process_time() - t0, time.perf_counter() - w0
    print(json.dumps(metrics(m), sort_keys=True))
    print(json.dumps({"seconds": secs, "wall_seconds": wall, "events": 4 * len(calls), "events_per_s": 4 * len(calls) / secs}))


if __name__ == "__main__":
    main()
