#!/usr/bin/env bash
# scripts/sanitize.sh — the C++ suites under AddressSanitizer (+ LeakSanitizer)
# and UndefinedBehaviorSanitizer: configures build/asan (CMake option
# RNNLAB_SANITIZE, cmake/sanitize.cmake: -O1 -g -fsanitize=address,undefined
# -fno-omit-frame-pointer -fno-sanitize-recover=undefined, asserts on),
# builds the core, the GoogleTest binaries, test_gemm and test_lanes (every test ctest
# knows), and runs them with ctest. Run by scripts/test; on its own it needs
# what scripts/install_deps.sh installs.
#
#   RNNLAB_SAN_CXX      compiler (default clang++, which builds this in ~6 min
#                       on 2 cores where g++ takes ~7.5; g++ works too)
#   RNNLAB_SAN_EXCLUDE  ctest -E regex of tests to skip (default: none; the
#                       slowest, test_learning, takes ~100 s here, see
#                       tests/fuzz/README.md)
#   RNNLAB_JOBS         parallel build and ctest jobs (default nproc)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/asan"
CXX_BIN="${RNNLAB_SAN_CXX:-clang++}"
EXCLUDE="${RNNLAB_SAN_EXCLUDE:-}"
JOBS="${RNNLAB_JOBS:-$(nproc)}"

# A reconfigure with another compiler needs a fresh cache.
if [ -f "$BUILD/CMakeCache.txt" ]; then
  cached="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt")"
  [ "$(command -v "$cached")" = "$(command -v "$CXX_BIN")" ] || rm -rf "$BUILD"
fi
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER="$CXX_BIN" -DRNNLAB_SANITIZE=ON >/dev/null

# rnnlab_sanitize_tests (cmake/sanitize.cmake): the core and every test ctest
# knows (RNNLAB_CPP_TESTS, test_gemm and test_lanes), not the CLI or the benchmark.
echo "sanitize.sh: building the core and the C++ tests with $CXX_BIN -fsanitize=address,undefined in build/asan"
cmake --build "$BUILD" -j "$JOBS" --target rnnlab_sanitize_tests

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
args=(--test-dir "$BUILD" --output-on-failure -j "$JOBS")
if [ -n "$EXCLUDE" ]; then
  args+=(-E "$EXCLUDE")
  echo "sanitize.sh: skipping tests matching '$EXCLUDE' (RNNLAB_SAN_EXCLUDE)"
fi
ctest "${args[@]}"
