#!/usr/bin/env bash
# build.sh — builds everything: the native engine, CLI, tests and benchmark
# (build/native), the WebAssembly module (build/wasm), and the static site
# (web/dist). Sourced by scripts/test and scripts/demo. Incremental.
set -euo pipefail

RNNLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RNNLAB_JOBS="${RNNLAB_JOBS:-$(nproc)}"

# RNNLAB_ARCH: native (default: -march=native, every extension of this CPU)
# or portable (x86-64 baseline, SSE2); see CMakeLists.txt and bench/README.md.
rnnlab_build_native() {
  cmake -S "$RNNLAB_ROOT" -B "$RNNLAB_ROOT/build/native" -DCMAKE_BUILD_TYPE=Release \
    -DRNNLAB_ARCH="${RNNLAB_ARCH:-native}" >/dev/null
  cmake --build "$RNNLAB_ROOT/build/native" -j "$RNNLAB_JOBS"
}

rnnlab_build_wasm() {
  # Debian's emscripten needs its node modules (acorn) on NODE_PATH.
  export NODE_PATH=/usr/share/nodejs
  if [ ! -f "$RNNLAB_ROOT/build/wasm/CMakeCache.txt" ]; then
    emcmake cmake -S "$RNNLAB_ROOT" -B "$RNNLAB_ROOT/build/wasm" -DCMAKE_BUILD_TYPE=Release \
      -DEigen3_DIR=/usr/share/eigen3/cmake -Dnlohmann_json_DIR=/usr/share/cmake/nlohmann_json >/dev/null
  fi
  cmake --build "$RNNLAB_ROOT/build/wasm" -j "$RNNLAB_JOBS"
}

rnnlab_build_web() {
  node "$RNNLAB_ROOT/scripts/build_web.mjs"
}

rnnlab_build_all() {
  rnnlab_build_native
  rnnlab_build_wasm
  rnnlab_build_web
}
