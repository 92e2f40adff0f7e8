#!/usr/bin/env bash
# Side by side, in one run: the nearest-idle-unit model with a precomputed
# travel-time table in SimPy 2.3.1 (Debian python3-simpy, the classic
# SimPy.Simulation API; bench/sim/simpy_model.py) and in Jingwei
# (sim::runTableModel through bench/sim/table_compare), on the same inputs:
# the same unit bases, calls (times, nodes, on-scene times, whole ms) and
# the same travel-time table, written by table_compare to one binary file.
#
#   futian  20 units, 10,000 calls on the Futian–Nanshan road network
#   grid    300 units, 100,000 calls on a 200 × 200 grid (159,200 arcs)
#
# The metrics must agree exactly (response mean/p50/p90/p95, shares within
# 1/3/5 min, waits, utilisation, and a checksum over every call's unit and
# response time); the script fails otherwise. It prints events/s for both
# (4 model events per call: call, arrival, clear, back at base) and the
# ratio. Timings are CPU time (thread CPU clock / time.process_time(), so
# other processes on a shared machine do not count), the best of several
# runs of simulate() / runTableModel() only; the table precompute (our
# Dijkstra) is printed separately.
#
# Usage: bench/sim/compare_simpy.sh [--quick] [--write-results]
#   BUILD_DIR          build directory holding bench/sim/table_compare
#                      (default: build-sim, else build, beside this checkout)
#   JINGWEI_DATA_DIR   sample data (default ../shared/data)
#   --quick            one SimPy run per case, fewer repeats
#   --write-results    replace the SimPy table in bench/sim/RESULTS.md
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
quick=0
write=0
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    --write-results) write=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

# SimPy from Debian (the pyenv python3 on PATH cannot see it).
PY=/usr/bin/python3
bash "$(dirname "$0")/../../scripts/apt_install.sh" python3-simpy

build="${BUILD_DIR:-}"
if [ -z "$build" ]; then
  for d in "$root/build-sim" "$root/build"; do
    if [ -x "$d/bench/sim/table_compare" ]; then build="$d"; break; fi
  done
fi
tc="$build/bench/sim/table_compare"
if [ ! -x "$tc" ]; then
  echo "compare_simpy: build table_compare first (ninja -C <build> table_compare); set BUILD_DIR" >&2
  exit 1
fi
export JINGWEI_CACHE_DIR="${JINGWEI_CACHE_DIR:-$build/test-cache}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
simpy_runs=3
repeats=50
if [ "$quick" = 1 ]; then simpy_runs=1; repeats=10; fi

machine="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
simpy_version="$("$PY" -c 'import SimPy; print(SimPy.__version__)')"
echo "machine: $machine; SimPy $simpy_version; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

run_case() {  # name, make args...
  local name="$1"; shift
  local in="$work/$name.bin"
  "$tc" make "$@" "$in" >"$work/$name.make.json"
  "$tc" run "$in" "$repeats" >"$work/$name.ours.txt"
  for r in $(seq 1 "$simpy_runs"); do
    "$PY" "$here/simpy_model.py" "$in" >"$work/$name.simpy.$r.txt"
  done
}

echo "== futian: 20 units, 10,000 calls"
run_case futian futian 20 10000 1
echo "== grid: 200 x 200, 300 units, 100,000 calls"
run_case grid grid 200 300 100000 1

WORK="$work" RUNS="$simpy_runs" MACHINE="$machine" SIMPY="$simpy_version" "$PY" - <<'PYEOF' | tee "$work/table.md"
import json, os, sys
work, runs = os.environ["WORK"], int(os.environ["RUNS"])
rows, ok = [], True
for name, label in (("futian", "Futian, 20 units, 10,000 calls"), ("grid", "200×200 grid, 300 units, 100,000 calls")):
    make = json.loads(open(os.path.join(work, name + ".make.json")).read())
    ours_lines = open(os.path.join(work, name + ".ours.txt")).read().splitlines()
    ours_m, ours_t = json.loads(ours_lines[0]), json.loads(ours_lines[1])
    best = None
    for r in range(1, runs + 1):
        lines = open(os.path.join(work, "%s.simpy.%d.txt" % (name, r))).read().splitlines()
        m, t = json.loads(lines[0]), json.loads(lines[1])
        if m != ours_m:
            ok = False
            diff = {k: (ours_m.get(k), m.get(k)) for k in sorted(set(m) | set(ours_m)) if m.get(k) != ours_m.get(k)}
            print("MISMATCH on %s: %s" % (name, diff), file=sys.stderr)
        if best is None or t["seconds"] < best["seconds"]:
            best = t
    ratio = best["seconds"] / ours_t["seconds"]
    rows.append((label, make, ours_m, ours_t, best, ratio))
print("| input | arcs | events | metrics agree | Jingwei CPU s | Jingwei events/s | SimPy CPU s | SimPy events/s | ratio | table precompute (ours) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for label, make, m, o, s, ratio in rows:
    print("| %s | %d | %d | %s (checksum %s, mean %.3f s, p90 %.3f s) | %.4f | %.2fM | %.3f | %.0fk | **%.0f×** | %.2f s |" % (
        label, make["arcs"], o["events"], "yes" if ok else "NO", m["checksum"], m["mean_response_s"], m["p90_s"],
        o["seconds"], o["events_per_s"] / 1e6, s["seconds"], s["events_per_s"] / 1e3, ratio, make["table_s"]))
print()
for label, make, m, o, s, ratio in rows:
    print("%s: ours %.0f events/s, SimPy %.0f events/s, ratio %.1f× (target ≥ 50×: %s)" % (
        label, o["events_per_s"], s["events_per_s"], ratio, "met" if ratio >= 50 else "NOT met"))
sys.exit(0 if ok else 1)
PYEOF
status=${PIPESTATUS[0]}

if [ "$write" = 1 ] && [ "$status" = 0 ]; then
  results="$here/RESULTS.md"
  MACHINE="$machine" TABLE="$work/table.md" RESULTS="$results" "$PY" - <<'PYEOF'
import os, re
path, table = os.environ["RESULTS"], open(os.environ["TABLE"]).read().strip()
text = open(path).read() if os.path.exists(path) else ""
block = "<!-- simpy:begin -->\nMachine: %s.\n\n%s\n<!-- simpy:end -->" % (os.environ["MACHINE"], table)
if "<!-- simpy:begin -->" in text:
    text = re.sub(r"<!-- simpy:begin -->.*?<!-- simpy:end -->", lambda _: block, text, flags=re.S)
else:
    text += "\n" + block + "\n"
open(path, "w").write(text)
PYEOF
  echo "updated $results"
fi
exit "$status"
