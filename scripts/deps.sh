#!/usr/bin/env bash
# Installs every Debian 12 package Jingwei needs to build, run and test.
# Safe to run again: apt-get skips what is already there. Retries while another
# apt/dpkg process holds the lock (common right after a machine boots).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libopenscenegraph-dev openscenegraph
  libgdal-dev gdal-bin libproj-dev proj-bin proj-data
  libimgui-dev libglfw3-dev
  libegl-dev libegl1-mesa-dev libgl-dev libgl1-mesa-dri libgles-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libpugixml-dev libpng-dev libssl-dev
  fonts-wqy-microhei
  xvfb xauth
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "[deps] all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi
echo "[deps] installing: ${missing[*]}"

retry() {
  local n=0
  until "$@"; do
    n=$((n + 1))
    if [ $n -ge 30 ]; then echo "[deps] giving up after $n tries: $*" >&2; return 1; fi
    echo "[deps] apt/dpkg busy or failed (try $n), retrying in 10 s..." >&2
    sleep 10
  done
}
export DEBIAN_FRONTEND=noninteractive
retry $SUDO apt-get -o DPkg::Lock::Timeout=60 update -q
retry $SUDO apt-get -o DPkg::Lock::Timeout=60 install -y -q --no-install-recommends "${missing[@]}"
