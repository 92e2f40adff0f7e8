#!/usr/bin/env bash
# Sets everything up and starts the workstation on the default map.
# With a display ($DISPLAY or $WAYLAND_DISPLAY) it opens the GUI window;
# without one it renders the default view headless (EGL, no X server) to a
# PNG and prints the file's path. Extra arguments go to `jingwei gui` /
# `jingwei render`, e.g. --map synthetic.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=$(bash scripts/build.sh | tail -n 1)
JW="$BUILD_DIR/src/app/jingwei"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$JW" gui "$@"
fi
mkdir -p out
OUT="out/jingwei-default.png"
echo "No display: rendering the default map headless." >&2
"$JW" render --out "$OUT" --size 1920x1080 "$@"
