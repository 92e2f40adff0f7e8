#!/usr/bin/env bash
# Side by side, in one run, on the same instances: our MCLP heuristic and
# Lagrangian bound (bench/place/place_compare), CBC 2.10.8 linked as a
# library with a hard time limit (same program), and the issue's peer setup,
# PuLP 2.6 + CBC 2.10.8 on one thread (bench/place/pulp_mclp.py, Debian
# python3-pulp + coinor-cbc), plus plain greedy in Python. place_compare
# exports each instance's coverage lists and the peer solves those, so both
# sides see exactly the same problem.
#
#   small   500 candidates x 10,000 demand, k = 12 (uniform, 20 km, 1500 m)
#   large   2,000 x 50,000, k = 30
#   futian  Futian road network: intersections 150 m apart, 20,000 synthetic
#           incidents on road nodes, T = 2 min, k = 8
#
# Usage: bench/place/compare_cbc.sh [--full]
#   --full             also run PuLP on the large instance (its root LP alone
#                      takes minutes; killed after PULP_LARGE_LIMIT + 60 s)
#   BUILD_DIR          build directory with bench/place/place_compare (default: build)
#   CBC_LIMIT          CBC's time limit on small/futian (default 60 s)
#   CBC_LARGE_LIMIT    CBC's time limit on large (default 300 s; hard: killed after +5 s)
#   PULP_LARGE_LIMIT   PuLP's CBC time limit on large with --full (default 600 s)
#   JINGWEI_DATA_DIR   sample data (default ../shared/data)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
full=0
for a in "$@"; do
  case "$a" in
    --full) full=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
bash "$root/scripts/apt_install.sh" python3-pulp coinor-cbc
PY=/usr/bin/python3   # Debian's python3 sees python3-pulp
build="${BUILD_DIR:-$root/build}"
pc="$build/bench/place/place_compare"
[ -x "$pc" ] || { echo "compare_cbc: build place_compare first (cmake --build $build --target place_compare)" >&2; exit 1; }
export JINGWEI_CACHE_DIR="${JINGWEI_CACHE_DIR:-$build/test-cache}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CBC: $(cbc -quit 2>/dev/null | grep -m1 Version | sed 's/^ *//'), PuLP $($PY -c 'import pulp; print(pulp.__version__)')"

run() {  # name, place_compare args, pulp limit (0 = skip the PuLP CBC run)
  local name="$1" args="$2" plimit="$3"
  echo
  echo "== $name =="
  echo "-- ours + CBC library (hard limit) --"
  "$pc" $args --export "$work/$name.txt"
  echo "-- peer: PuLP + CBC, Python greedy --"
  if [ "$plimit" = 0 ]; then
    "$PY" "$here/pulp_mclp.py" "$work/$name.txt" --no-cbc
    echo "PuLP+CBC: skipped (run with --full)"
  else
    timeout --signal=KILL $((${plimit%.*} + 60)) "$PY" "$here/pulp_mclp.py" "$work/$name.txt" --time-limit "$plimit" ||
      echo "PuLP+CBC: killed after $((${plimit%.*} + 60)) s (no answer)"
  fi
}

run small "small --cbc-limit ${CBC_LIMIT:-60}" "${CBC_LIMIT:-60}"
run futian "futian --k 8 --minutes 2 --spacing 150 --cbc-limit ${CBC_LIMIT:-60}" "${CBC_LIMIT:-60}"
if [ "$full" = 1 ]; then plarge="${PULP_LARGE_LIMIT:-600}"; else plarge=0; fi
run large "large --cbc-limit ${CBC_LARGE_LIMIT:-300}" "$plarge"
