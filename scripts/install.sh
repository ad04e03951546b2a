#!/usr/bin/env bash
# Installs everything Hark needs to build and pass its tests on Debian/Ubuntu: the Debian packages the tests and the
# reference checks use, then the npm dependencies (which pin their own Node 22), then the models from the mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  sox libsox-fmt-all lame flac vorbis-tools opus-tools # test fixtures in every format
  chromium                                             # end-to-end tests of the renderer (never a downloaded browser)
  python3 python3-numpy python3-torch python3-onnx     # reference front-end and training (CPU)
  libjemalloc2                                         # training: the allocator train.py re-runs itself under
  libopenblas0-serial                                  # training: the BLAS train.py runs torch on (13x the reference BLAS)
  postgresql-15                                        # shared-catalogue tests: each starts its own throwaway cluster
  openssl                                              # shared-catalogue tests: a TLS-only server's certificate
  sonic-pi-samples hydrogen-drumkits                    # small CC0/GPL-free real sounds for tests and the dev set
)

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
else
  echo "Not a Debian-like system: install these yourself: ${DEBIAN_PACKAGES[*]}" >&2
fi

# onnxruntime-node would fetch CUDA libraries from the network; its CPU build ships in the package.
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund
