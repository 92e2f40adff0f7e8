#!/usr/bin/env bash
# apt_install.sh PKG...: installs the Debian packages not yet installed,
# waiting out a busy dpkg lock and refreshing stale package lists. Shared by
# scripts/deps.sh and the peer-comparison scripts in bench/.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 PKG..." >&2; exit 2; }

missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "[apt] installing: ${missing[*]}" >&2

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
for i in $(seq 1 30); do
  $SUDO apt-get -o DPkg::Lock::Timeout=60 update -q >&2 || true
  if $SUDO apt-get -o DPkg::Lock::Timeout=60 install -y -q --no-install-recommends "${missing[@]}" >&2; then
    exit 0
  fi
  echo "[apt] apt/dpkg busy or failed (try $i/30), retrying in 10 s..." >&2
  sleep 10
done
echo "[apt] giving up: could not install ${missing[*]}" >&2
exit 1
