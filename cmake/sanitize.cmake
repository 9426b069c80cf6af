# sanitize.cmake — the hardening builds (included by CMakeLists.txt before the
# core library is defined, so every target below gets the flags). Both
# options are OFF by default; the normal builds (build/native, build/wasm)
# never see these flags.
#
#   RNNLAB_SANITIZE  the core, the CLI and the C++ tests under ASan + UBSan
#                    (scripts/sanitize.sh, build/asan; g++ or clang++)
#   RNNLAB_FUZZ      the core under ASan + UBSan + libFuzzer coverage, and
#                    only the harnesses of tests/fuzz (scripts/fuzz.sh,
#                    build/fuzz; needs clang++ and libclang-rt-dev);
#                    cmake/fuzz.cmake defines the harness targets.
#
# -fno-sanitize-recover=undefined makes every UBSan report fatal, so ctest
# and libFuzzer see it as a failure instead of a line on stderr.
if(RNNLAB_SANITIZE AND RNNLAB_FUZZ)
  message(FATAL_ERROR "RNNLAB_SANITIZE and RNNLAB_FUZZ are separate builds (build/asan, build/fuzz): pick one")
endif()

set(RNNLAB_SAN_FLAGS -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined)

if(RNNLAB_SANITIZE)
  add_compile_options(${RNNLAB_SAN_FLAGS})
  add_link_options(-fsanitize=address,undefined)
  # One target for every C++ test (RNNLAB_CPP_TESTS, test_gemm and test_lanes), defined
  # once CMakeLists.txt has listed them, so that scripts/sanitize.sh builds
  # them in parallel (several make goals would run one after the other) and
  # skips the CLI and the benchmark.
  function(rnnlab_sanitize_tests_target)
    add_custom_target(rnnlab_sanitize_tests)
    add_dependencies(rnnlab_sanitize_tests rnnlab_core ${RNNLAB_CPP_TESTS} test_gemm test_lanes)
  endfunction()
  cmake_language(DEFER CALL rnnlab_sanitize_tests_target)
endif()

if(RNNLAB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RNNLAB_FUZZ needs clang++ (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # The core gets the coverage instrumentation without libFuzzer's main;
  # the harnesses link -fsanitize=fuzzer (cmake/fuzz.cmake).
  add_compile_options(${RNNLAB_SAN_FLAGS} -fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=address,undefined)
endif()
