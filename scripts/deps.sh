#!/usr/bin/env bash
# Installs every system dependency of scopecheck on a Debian 12 machine. Idempotent: packages
# already installed are not fetched again, so the README's commands can call it every time.
#   scripts/deps.sh            build and test dependencies (compilers, libraries, real S3 clients)
#   scripts/deps.sh --targets  also the third-party S3 servers used for certification (Ceph RGW, Swift)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang lld libclang-rt-14-dev
  libboost-dev libssl-dev nlohmann-json3-dev librapidcheck-dev libgtest-dev libgmock-dev
  libcli11-dev libfmt-dev libpugixml-dev libbenchmark-dev libvalijson-dev
  ca-certificates curl python3 python3-yaml libxml2-utils chromium
  awscli s3cmd rclone wrk time libtcmalloc-minimal4
)
if [[ "${1:-}" == "--targets" ]]; then
  packages+=(ceph-mon ceph-osd radosgw ceph-common uuid-runtime procps iproute2
             swift swift-proxy swift-account swift-container swift-object memcached)
fi

missing=()
# Node.js and npm come with the machine image (NodeSource's nodejs bundles npm and conflicts with
# Debian's npm package); only a machine without them gets Debian's.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "scripts/deps.sh: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
