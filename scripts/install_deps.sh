#!/usr/bin/env bash
# install_deps.sh — installs what rnnlab needs and is missing on a Debian
# machine (apt packages, then the npm packages from the committed lock file).
# Sourced by scripts/test and scripts/demo; safe to run again (skips what is there).
set -euo pipefail

RNNLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

rnnlab_install_deps() {
  local pkgs=(cmake g++ make libeigen3-dev nlohmann-json3-dev libcli11-dev libgtest-dev googletest
              python3-torch python3-pytest emscripten chromium
              clang libclang-rt-dev parallel
              libopenblas0-pthread)  # PyTorch's BLAS (bench/vs_pytorch.py; the parity tests pass with either)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node.js and npm may come from another packaging (e.g. a nodejs build that
  # bundles npm and conflicts with Debian's npm): check the commands instead.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]})); then
    echo "rnnlab: installing missing Debian packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
  fi
  # npm packages (esbuild, playwright-core, uPlot, KaTeX), pinned by package-lock.json.
  if [ ! -d "$RNNLAB_ROOT/node_modules" ] || [ "$RNNLAB_ROOT/package-lock.json" -nt "$RNNLAB_ROOT/node_modules/.package-lock.json" ]; then
    echo "rnnlab: npm ci" >&2
    (cd "$RNNLAB_ROOT" && npm ci --no-audit --no-fund)
  fi
}
