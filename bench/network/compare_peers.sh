#!/usr/bin/env bash
# Side by side, in one run: bounded Dijkstra (isochrone reach) with
# pgRouting's pgr_drivingDistance, networkx and ours, on the same graphs, from
# the same sources, with the same limits; checks that the reached node sets
# and times are equal and prints every timing and ratio.
#
#   bench/network/compare_peers.sh [BUILD_DIR]      (default: build-rings beside this repo's root)
#
# Graphs (exported by bench_isochrone_peers, costs in whole milliseconds):
#   futian  Futian/Nanshan drivable graph with our travel-time model (1751 nodes, 2943 edges)
#   grid    500×500 grid, 998,000 directed edges, each 5–30 s (seeded)
# Queries:
#   futian: 50 sources × limits 60/180/300 s, one source per query
# Timing, the same for every tool: each query's time is the fastest of N runs
# (N = 10 on Futian, 3 on the grid and for the fleet)
# (the machine is shared; the minimum is least disturbed by other load), and
# the figure printed is the median over the sources.
#   grid:   10 sources × 300 s, one source per query; and 1000 sources × 300 s as one fleet
# pgRouting runs pgr_drivingDistance per source (equicost := false for the
# fleet, min per node taken afterwards); pgRouting 3.4's equicost := true
# drops nodes that are within the limit (issue 4), so it is not used.
#
# Installs (Debian, apt-get with retries on the dpkg lock): postgresql-15,
# postgresql-15-postgis-3, postgresql-15-pgrouting, python3-networkx. Starts a
# private PostgreSQL cluster in a temporary directory on a Unix socket and
# 127.0.0.1 (as user postgres when run as root) and stops it at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${1:-$ROOT/build-rings}"
PORT="${JINGWEI_PG_PORT:-54329}"
PY=/usr/bin/python3

log() { printf '\n== %s\n' "$*"; }

# --- packages -------------------------------------------------------------
bash "$(dirname "$0")/../../scripts/apt_install.sh" postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting python3-networkx

# --- our binary -----------------------------------------------------------
if [ ! -x "$BUILD/bench/network/bench_isochrone_peers" ]; then
    log "building bench_isochrone_peers in $BUILD"
    [ -f "$BUILD/build.ninja" ] || cmake -S "$ROOT" -B "$BUILD" -G Ninja -DJINGWEI_BUILD_GUI=OFF
    ninja -C "$BUILD" -j2 bench_isochrone_peers
fi
OURS="$BUILD/bench/network/bench_isochrone_peers"

WORK="$(mktemp -d /tmp/jingwei-peers.XXXXXX)"
chmod 755 "$WORK"
log "work directory $WORK"
"$OURS" export "$WORK"
chmod 644 "$WORK"/*

# --- private PostgreSQL cluster -------------------------------------------
PGBIN=/usr/lib/postgresql/15/bin
PGDIR="$WORK/pg"
PGOUT="$WORK/pgout"   # psql \copy writes here (as the cluster's user)
mkdir -p "$PGDIR/sock" "$PGOUT"
AS=()
if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$PGDIR" "$PGOUT"
    AS=(runuser -u postgres --)
fi
"${AS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U jingwei --no-sync -E UTF8 >"$PGDIR/initdb.log"
stop_pg() {
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop_pg EXIT
"${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-k $PGDIR/sock -p $PORT -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c work_mem=256MB -c fsync=off" start
PSQL=("${AS[@]}" psql -X -q -h "$PGDIR/sock" -p "$PORT" -U jingwei -d postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -c "CREATE EXTENSION postgis; CREATE EXTENSION pgrouting;"
"${PSQL[@]}" -At -c "SELECT 'pgRouting ' || pgr_version() || ', PostGIS ' || postgis_lib_version() || ', ' || version();"

log "loading the graphs into PostgreSQL"
"${PSQL[@]}" <<SQL
CREATE TABLE futian_edges (id bigint PRIMARY KEY, source bigint, target bigint, cost float8);
CREATE TABLE grid_edges (id bigint PRIMARY KEY, source bigint, target bigint, cost float8);
CREATE TABLE futian_sources (node bigint);
CREATE TABLE grid_sources (node bigint);
CREATE TABLE grid_fleet (node bigint);
\copy futian_edges FROM '$WORK/futian_edges.csv' CSV HEADER
\copy grid_edges FROM '$WORK/grid_edges.csv' CSV HEADER
\copy futian_sources FROM '$WORK/futian_sources.txt'
\copy grid_sources FROM '$WORK/grid_sources.txt'
\copy grid_fleet FROM '$WORK/grid_fleet.txt'
ANALYZE;
-- Time per query (ms) of pgr_drivingDistance from each source: the fastest
-- of reps runs (as for networkx and ours).
CREATE FUNCTION jw_time(edges text, srcs bigint[], lims float8[], reps int)
RETURNS TABLE (lim float8, src bigint, ms float8) AS \$\$
DECLARE s bigint; l float8; t0 timestamptz; i int; best float8;
BEGIN
  FOREACH l IN ARRAY lims LOOP
    FOREACH s IN ARRAY srcs LOOP
      PERFORM count(*) FROM pgr_drivingDistance(edges, s, l, true);  -- warm
      best := 'infinity';
      FOR i IN 1..reps LOOP
        t0 := clock_timestamp();
        PERFORM count(*) FROM pgr_drivingDistance(edges, s, l, true);
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
      END LOOP;
      lim := l; src := s; ms := best;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END \$\$ LANGUAGE plpgsql;
CREATE FUNCTION jw_time_fleet(edges text, srcs bigint[], l float8, reps int) RETURNS float8 AS \$\$
DECLARE t0 timestamptz; i int; best float8 := 'infinity';
BEGIN
  FOR i IN 1..reps LOOP
    t0 := clock_timestamp();
    PERFORM count(*) FROM pgr_drivingDistance(edges, srcs, l, true, false);
    best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
  RETURN best;
END \$\$ LANGUAGE plpgsql;
SQL

FUTIAN_SQL="SELECT id, source, target, cost FROM futian_edges"
GRID_SQL="SELECT id, source, target, cost FROM grid_edges"

# --- runs -----------------------------------------------------------------
declare -A T   # T[tool:case] = median per query (µs) or fleet (ms)

log "pgRouting"
while read -r lim ms; do T["pg:futian:$lim"]=$(awk -v m="$ms" 'BEGIN{printf "%.3f", m*1000}'); done < <(
    "${PSQL[@]}" -At -F ' ' -c "SELECT lim::bigint, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)
        FROM jw_time('$FUTIAN_SQL', ARRAY(SELECT node FROM futian_sources), ARRAY[60000,180000,300000]::float8[], 10)
        GROUP BY lim ORDER BY lim")
while read -r lim ms; do T["pg:grid:$lim"]=$(awk -v m="$ms" 'BEGIN{printf "%.3f", m*1000}'); done < <(
    "${PSQL[@]}" -At -F ' ' -c "SELECT lim::bigint, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)
        FROM jw_time('$GRID_SQL', ARRAY(SELECT node FROM grid_sources), ARRAY[300000]::float8[], 3)
        GROUP BY lim ORDER BY lim")
T["pg:fleet"]=$("${PSQL[@]}" -At -c "SELECT jw_time_fleet('$GRID_SQL', ARRAY(SELECT node FROM grid_fleet), 300000, 3)")
"${PSQL[@]}" <<SQL
\copy (SELECT s.node, l.lim::bigint, d.node, d.agg_cost FROM futian_sources s CROSS JOIN (VALUES (60000), (180000), (300000)) l(lim) CROSS JOIN LATERAL pgr_drivingDistance('$FUTIAN_SQL', s.node, l.lim, true) d) TO '$PGOUT/pg_futian.csv' CSV HEADER
\copy (SELECT s.node, 300000, d.node, d.agg_cost FROM grid_sources s CROSS JOIN LATERAL pgr_drivingDistance('$GRID_SQL', s.node, 300000, true) d) TO '$PGOUT/pg_grid.csv' CSV HEADER
\copy (SELECT node, min(agg_cost) FROM pgr_drivingDistance('$GRID_SQL', ARRAY(SELECT node FROM grid_fleet), 300000, true, false) GROUP BY node) TO '$PGOUT/pg_fleet.csv' CSV HEADER
SQL

log "networkx ($($PY -c 'import networkx; print(networkx.__version__)'))"
while read -r _ lim us; do T["nx:futian:$lim"]=$us; done < <($PY "$HERE/peers_networkx.py" single "$WORK/futian_edges.csv" "$WORK/futian_sources.txt" 60000,180000,300000 10 "$WORK/nx_futian.csv")
while read -r _ lim us; do T["nx:grid:$lim"]=$us; done < <($PY "$HERE/peers_networkx.py" single "$WORK/grid_edges.csv" "$WORK/grid_sources.txt" 300000 3 "$WORK/nx_grid.csv")
T["nx:fleet"]=$($PY "$HERE/peers_networkx.py" fleet "$WORK/grid_edges.csv" "$WORK/grid_fleet.txt" 300000 3 "$WORK/nx_fleet.csv" | awk '{print $2}')

log "ours"
while read -r _ lim us; do T["ours:futian:$lim"]=$us; done < <("$OURS" run "$WORK/futian_edges.csv" "$WORK/futian_sources.txt" 60000,180000,300000 10 "$WORK/ours_futian.csv")
while read -r _ lim us; do T["ours:grid:$lim"]=$us; done < <("$OURS" run "$WORK/grid_edges.csv" "$WORK/grid_sources.txt" 300000 3 "$WORK/ours_grid.csv")
T["ours:fleet"]=$("$OURS" fleet "$WORK/grid_edges.csv" "$WORK/grid_fleet.txt" 300000 2 3 "$WORK/ours_fleet.csv" | awk '{print $2}')
T["ours1:fleet"]=$("$OURS" fleet "$WORK/grid_edges.csv" "$WORK/grid_fleet.txt" 300000 1 3 "$WORK/ours_fleet1.csv" | awk '{print $2}')

# --- equal results --------------------------------------------------------
log "checking reached node sets and times"
status=0
for g in futian grid; do
    $PY "$HERE/peers_check.py" single "$WORK/ours_$g.csv" "$PGOUT/pg_$g.csv" "pgRouting/$g" || status=1
    $PY "$HERE/peers_check.py" single "$WORK/ours_$g.csv" "$WORK/nx_$g.csv" "networkx/$g" || status=1
done
$PY "$HERE/peers_check.py" fleet "$WORK/ours_fleet.csv" "$PGOUT/pg_fleet.csv" "pgRouting/fleet" || status=1
$PY "$HERE/peers_check.py" fleet "$WORK/ours_fleet.csv" "$WORK/nx_fleet.csv" "networkx/fleet" || status=1
$PY "$HERE/peers_check.py" fleet "$WORK/ours_fleet.csv" "$WORK/ours_fleet1.csv" "ours-1-thread/fleet" || status=1

# --- table ----------------------------------------------------------------
log "timings (per query: fastest of N runs, median over sources; fleet: fastest run over all 1000 sources)"
printf '%-26s %14s %14s %14s %12s %12s\n' "query" "ours" "networkx" "pgRouting" "nx/ours" "pg/ours"
row() {  # name ours nx pg unit
    awk -v n="$1" -v o="$2" -v x="$3" -v p="$4" -v u="$5" 'BEGIN{
        printf "%-26s %11.3f %s %11.3f %s %11.3f %s %11.1fx %11.1fx\n", n, o, u, x, u, p, u, x/o, p/o }'
}
for lim in 60000 180000 300000; do
    row "futian 1 source $((lim / 1000)) s" "${T[ours:futian:$lim]}" "${T[nx:futian:$lim]}" "${T[pg:futian:$lim]}" "µs"
done
row "grid 1 source 300 s" "${T[ours:grid:300000]}" "${T[nx:grid:300000]}" "${T[pg:grid:300000]}" "µs"
row "grid 1000 sources 300 s" "${T[ours:fleet]}" "${T[nx:fleet]}" "${T[pg:fleet]}" "ms"
printf '(ours fleet: 2 threads; 1 thread: %s ms. networkx and pgRouting: 1 thread.)\n' "${T[ours1:fleet]}"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p' | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
[ $status -eq 0 ] && echo "all results equal" || echo "RESULTS DIFFER" >&2
exit $status
