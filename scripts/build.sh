#!/usr/bin/env bash
# Installs the Debian packages (scripts/deps.sh) and builds Jingwei.
#   BUILD_DIR          build directory (default: build, or build-<sanitizers>)
#   BUILD_TYPE         CMake build type (default: Release)
#   JINGWEI_SANITIZE   e.g. address,undefined (builds with sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh >&2

SAN="${JINGWEI_SANITIZE:-}"
if [ -n "$SAN" ]; then
  BUILD_DIR="${BUILD_DIR:-build-${SAN//,/-}}"
  BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
else
  BUILD_DIR="${BUILD_DIR:-build}"
  BUILD_TYPE="${BUILD_TYPE:-Release}"
fi
JOBS="${JOBS:-$(nproc)}"

# Progress goes to stderr; the last line on stdout is the build directory.
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DJINGWEI_SANITIZE="$SAN" >&2
cmake --build "$BUILD_DIR" -j "$JOBS" >&2
echo "$BUILD_DIR"
