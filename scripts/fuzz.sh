#!/usr/bin/env bash
# scripts/fuzz.sh — the libFuzzer harnesses of tests/fuzz (see its README.md):
# builds build/fuzz (clang++, CMake option RNNLAB_FUZZ: only the core and the
# harnesses, -fsanitize=fuzzer,address,undefined), then per harness
#   (a) replays every committed input — tests/fuzz/regression/<harness>/ and
#       tests/fuzz/corpus/<harness>/ — once each, whole (no truncation);
#   (b) fuzzes for a bounded time from a copy of the committed corpus in a
#       temporary folder (nothing is written into the repository; a crash's
#       input is kept in build/fuzz/artifacts/).
# Any crash, leak, out-of-memory (-rss_limit_mb / -malloc_limit_mb: a huge
# allocation counts as a finding), timeout or broken invariant fails the run.
# Run by scripts/test; on its own it needs what scripts/install_deps.sh
# installs (clang, libclang-rt-dev).
#
#   RNNLAB_FUZZ_SECONDS    fuzzing time per harness (default 30; 0: replay only)
#   RNNLAB_FUZZ_HARNESSES  which harnesses (default: all seven)
#   RNNLAB_FUZZ_CXX        compiler (default clang++)
#   RNNLAB_JOBS            parallel build jobs, and harnesses fuzzed at once (default nproc)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/fuzz"
FUZZ_DIR="$ROOT/tests/fuzz"
SECONDS_EACH="${RNNLAB_FUZZ_SECONDS:-30}"
HARNESSES=(${RNNLAB_FUZZ_HARNESSES:-fuzz_state fuzz_batch fuzz_config fuzz_grad fuzz_sweep fuzz_text fuzz_sequences})
CXX_BIN="${RNNLAB_FUZZ_CXX:-clang++}"
JOBS="${RNNLAB_JOBS:-$(nproc)}"
# One limit set for replay and fuzzing: 2 GiB of RSS, no single allocation
# over 2 GiB, 25 s per input; inputs generated up to 4 KB.
LIMITS=(-rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=25)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# A reconfigure with another compiler needs a fresh cache.
if [ -f "$BUILD/CMakeCache.txt" ]; then
  cached="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt")"
  [ "$(command -v "$cached")" = "$(command -v "$CXX_BIN")" ] || rm -rf "$BUILD"
fi
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER="$CXX_BIN" -DRNNLAB_FUZZ=ON >/dev/null
echo "fuzz.sh: building the core and ${HARNESSES[*]} with $CXX_BIN -fsanitize=fuzzer,address,undefined in build/fuzz"
# RNNLAB_FUZZ builds nothing else, so the default target is all of them (in
# parallel; several make goals would be built one after the other).
if [ -n "${RNNLAB_FUZZ_HARNESSES:-}" ]; then
  cmake --build "$BUILD" -j "$JOBS" --target "${HARNESSES[@]}"
else
  cmake --build "$BUILD" -j "$JOBS"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/rnnlab-fuzz.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$BUILD/artifacts"
failed=()

# ---- (a) replay: every committed file, each run once and whole ----
for h in "${HARNESSES[@]}"; do
  files=()
  for d in "$FUZZ_DIR/regression/$h" "$FUZZ_DIR/corpus/$h"; do
    [ -d "$d" ] && while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$d" -type f ! -name '*.md' -print0 | sort -z)
  done
  if ((${#files[@]} == 0)); then echo "fuzz.sh: $h: no committed inputs" >&2; failed+=("$h (no inputs)"); continue; fi
  log="$tmp/$h.replay.log"
  start=$SECONDS
  if "$BUILD/$h" "${LIMITS[@]}" -runs=0 -artifact_prefix="$BUILD/artifacts/$h-" "${files[@]}" >"$log" 2>&1; then
    echo "fuzz.sh: $h: replayed ${#files[@]} committed inputs, no finding ($((SECONDS - start)) s)"
  else
    echo "fuzz.sh: $h: FAILED replaying the committed inputs (last input run: $(grep '^Running: ' "$log" | tail -1 | cut -c10-))"
    tail -60 "$log"
    failed+=("$h (replay)")
  fi
done

# ---- (b) bounded fuzzing from a temporary copy of the corpus ----
fuzz_one() {
  local h="$1" work="$tmp/$1"
  mkdir -p "$work/corpus"
  cp "$FUZZ_DIR/corpus/$h/"* "$work/corpus/"
  "$BUILD/$h" "${LIMITS[@]}" -max_len=4096 -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
    -artifact_prefix="$BUILD/artifacts/$h-" "$work/corpus" >"$work/log" 2>&1
}
if [ "$SECONDS_EACH" -gt 0 ]; then
  echo "fuzz.sh: fuzzing ${HARNESSES[*]} for $SECONDS_EACH s each, $JOBS at a time (RNNLAB_FUZZ_SECONDS)"
  declare -A pid_of=()
  for ((i = 0; i < ${#HARNESSES[@]}; i += JOBS)); do
    for h in "${HARNESSES[@]:i:JOBS}"; do fuzz_one "$h" & pid_of[$h]=$!; done
    for h in "${HARNESSES[@]:i:JOBS}"; do
      if wait "${pid_of[$h]}"; then
        done_line="$(grep -E '^Done [0-9]+ runs' "$tmp/$h/log" | tail -1)"
        echo "fuzz.sh: $h: ${done_line:-no 'Done' line}, corpus $(ls "$tmp/$h/corpus" | wc -l) inputs, no finding"
      else
        echo "fuzz.sh: $h: FAILED while fuzzing (input saved under build/fuzz/artifacts/$h-*)"
        tail -80 "$tmp/$h/log"
        failed+=("$h (fuzzing)")
      fi
    done
  done
fi

if ((${#failed[@]})); then
  echo "fuzz.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz.sh: ${#HARNESSES[@]} harnesses, no finding"
