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
  coinor-libcbc-dev
  fonts-wqy-microhei
  xvfb xauth
)

exec bash "$(dirname "$0")/apt_install.sh" "${PACKAGES[@]}"
