#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite with ctest.
#   JINGWEI_SANITIZE=address,undefined scripts/test.sh   runs it under ASan+UBSan
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=$(bash scripts/build.sh | tail -n 1)

if [ -n "${JINGWEI_SANITIZE:-}" ]; then
  # Mesa's llvmpipe and fontconfig keep process-lifetime allocations; the
  # suppressions name them so leaks in our code still fail the run.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
  export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
cd "$BUILD_DIR"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 900
