#!/usr/bin/env bash
# Side by side, in one run: our exact-mode KDE (kde_compare) against
# scikit-learn's KernelDensity (rtol=0, atol=0) on the same points, grid and
# bandwidth, for the kernels both have:
#   ours gaussian / epanechnikov / triangular / uniform
#   = sklearn gaussian / epanechnikov / linear / tophat.
# Both are turned into incidents per km² (sklearn: exp(score_samples) · N ·
# 10⁶; its 2-D normalisations equal ours, see src/analysis/kernel.h) and
# must agree within 1e-6 of the peak. Prints both timings and the ratio.
#
# Inputs: the real City of London points (18,147 with coordinates,
# projected to UTM 30N) and synthetic sets from our generator.
#
# Usage: bench/analysis/compare_sklearn.sh [--quick] [--write-results]
#   BUILD_DIR   build directory holding bench/analysis/kde_compare
#               (default: build-analysis, else build, beside this checkout)
#   JINGWEI_DATA_DIR  sample data (default ../shared/data)
#   --quick          smaller grids (a smoke test, about a minute)
#   --write-results  replace the sklearn table in bench/analysis/RESULTS.md
#   ONLY             run only the cases whose sklearn kernel is in this
#                    comma-separated list (e.g. ONLY=linear)
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

# scikit-learn from Debian (the pyenv python3 on PATH cannot see it).
PY=/usr/bin/python3
bash "$(dirname "$0")/../../scripts/apt_install.sh" python3-sklearn python3-numpy

build="${BUILD_DIR:-}"
if [ -z "$build" ]; then
  for d in "$root/build-analysis" "$root/build"; do
    if [ -x "$d/bench/analysis/kde_compare" ]; then build="$d"; break; fi
  done
fi
kde="$build/bench/analysis/kde_compare"
if [ ! -x "$kde" ]; then
  echo "compare_sklearn: build kde_compare first (ninja -C <build> kde_compare); set BUILD_DIR" >&2
  exit 1
fi
data="${JINGWEI_DATA_DIR:-$root/../shared/data}"
london="$data/incidents/city-of-london"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== writing the points"
if [ -d "$london" ]; then
  "$kde" points "$london" "$work/london.xy"
else
  echo "(no London data at $london: skipping the real points)"
fi
"$kde" points synthetic:1000000:1 "$work/syn1m.xy"
"$kde" points synthetic:100000:2 "$work/syn100k.xy"

machine="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
sklearn_version="$("$PY" -c 'import sklearn; print(sklearn.__version__)')"

KDE="$kde" WORK="$work" QUICK="$quick" MACHINE="$machine" SKV="$sklearn_version" "$PY" - <<'PYEOF' | tee "$work/table.md"
import os, subprocess, sys, time
import numpy as np
from sklearn.neighbors import KernelDensity

kde, work, quick = os.environ["KDE"], os.environ["WORK"], os.environ["QUICK"] == "1"
machine, skv = os.environ["MACHINE"], os.environ["SKV"]
ours_name = {"gaussian": "gaussian", "epanechnikov": "epanechnikov", "linear": "triangular", "tophat": "uniform"}

def grid_for(P, n, h):
    # A square over the bulk of the points (1st–99th percentile) plus 2h.
    lo, hi = np.percentile(P, 1, axis=0), np.percentile(P, 99, axis=0)
    side = float(max(hi - lo)) + 4 * h
    c = (lo + hi) / 2
    return (float(c[0] - side / 2), float(c[1] - side / 2), side / n, n, n)

def ours(xy, kernel, h, g):
    out = os.path.join(work, "ours.bin")
    cutoff = "7" if kernel == "gaussian" else "4"  # gaussian: truncated at 7σ (e^-24.5 ≈ 2e-11)
    args = [kde, "kde", xy, ours_name[kernel], repr(h), repr(g[0]), repr(g[1]), repr(g[2]), str(g[3]), str(g[4]), out, cutoff]
    r = subprocess.run(args, capture_output=True, text=True, check=True)
    field = lambda key: [l.split()[1] for l in r.stdout.splitlines() if l.startswith(key + " ")][0]
    return np.fromfile(out, dtype="<f8").reshape(g[4], g[3]), float(field("seconds")), field("method")

def sk(P, kernel, h, g):
    x0, y0, cell, nx, ny = g
    xs, ys = x0 + (np.arange(nx) + 0.5) * cell, y0 + (np.arange(ny) + 0.5) * cell
    XX, YY = np.meshgrid(xs, ys)  # row j = y: same layout as ours (row 0 south)
    Q = np.column_stack([XX.ravel(), YY.ravel()])
    t0 = time.perf_counter()
    est = KernelDensity(kernel=kernel, bandwidth=h, rtol=0, atol=0).fit(P)
    logd = est.score_samples(Q)
    secs = time.perf_counter() - t0
    return (np.exp(logd) * len(P) * 1e6).reshape(ny, nx), secs

cases = []
if os.path.exists(os.path.join(work, "london.xy")):
    n = 256 if quick else 1024
    for k in ("epanechnikov", "linear", "tophat"):
        cases.append(("City of London, 18,147 real points", "london.xy", k, 300.0, n))
    cases.append(("City of London, 18,147 real points", "london.xy", "gaussian", 300.0, 64 if quick else 256))
cases.append(("synthetic 10^6 (generator, synthetic city)", "syn1m.xy", "epanechnikov", 300.0, 64 if quick else 256))
cases.append(("synthetic 10^5 (generator, synthetic city)", "syn100k.xy", "gaussian", 300.0, 32 if quick else 128))

only = [k for k in os.environ.get("ONLY", "").split(",") if k]
if only:
    cases = [c for c in cases if c[2] in only]
rows, ok = [], True
print(f"| machine | input | kernel (ours / sklearn) | grid | ours exact (s), method | sklearn {skv} rtol=0 (s) | ratio | max diff / peak |")
print("|---|---|---|---|---|---|---|---|")
for label, f, k, h, n in cases:
    xy = os.path.join(work, f)
    P = np.fromfile(xy, dtype="<f8").reshape(-1, 2)
    g = grid_for(P, n, h)
    D1, t1, method = ours(xy, k, h, g)
    D2, t2 = sk(P, k, h, g)
    peak = float(D2.max())
    rel = float(np.abs(D1 - D2).max()) / peak
    ok &= rel <= 1e-6
    print(f"| {machine} | {label}, h = {h:.0f} m | {ours_name[k]} / {k} | {n}×{n} ({g[2]:.1f} m) | {t1:.3f}, {method} | {t2:.2f} | {t2 / t1:.0f}× | {rel:.1e}{'' if rel <= 1e-6 else ' FAIL'} |", flush=True)
if not ok:
    print("\nFAILED: our exact mode and scikit-learn differ by more than 1e-6 of the peak", file=sys.stderr)
    sys.exit(1)
PYEOF

if [ "$write" -eq 1 ]; then
  results="$here/RESULTS.md"
  "$PY" - "$results" "$work/table.md" <<'PYEOF'
import sys
path, table = sys.argv[1], open(sys.argv[2]).read().strip()
begin, end = "<!-- sklearn:begin -->", "<!-- sklearn:end -->"
text = open(path).read() if __import__("os").path.exists(path) else f"# Results\n\n{begin}\n{end}\n"
a, b = text.index(begin) + len(begin), text.index(end)
open(path, "w").write(text[:a] + "\n" + table + "\n" + text[b:])
PYEOF
  echo "updated $results"
fi
