# fuzz.cmake — the libFuzzer harnesses of tests/fuzz (one per reader of
# untrusted text), linked against rnnlab_core compiled with the same
# sanitizers (cmake/sanitize.cmake). Included by CMakeLists.txt when
# RNNLAB_FUZZ=ON, which then builds only the core and these. See
# tests/fuzz/README.md and scripts/fuzz.sh.
set(RNNLAB_FUZZERS fuzz_state fuzz_batch fuzz_config fuzz_grad fuzz_sweep fuzz_text fuzz_sequences)
foreach(f ${RNNLAB_FUZZERS})
  add_executable(${f} tests/fuzz/${f}.cpp)
  target_link_libraries(${f} PRIVATE rnnlab_core)
  target_compile_options(${f} PRIVATE -Wall -Wextra -fsanitize=fuzzer)
  target_link_options(${f} PRIVATE -fsanitize=fuzzer)
endforeach()
