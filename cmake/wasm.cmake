# wasm.cmake — the WebAssembly module (included by CMakeLists.txt under
# emcmake). Links of the same objects:
#   rnnlab-core.cjs  MODULARIZE factory (CommonJS/UMD) for Node and classic workers
#   rnnlab-core.mjs  the same as an ES module, for browsers and module workers
# Both embed the wasm as base64 (SINGLE_FILE): one file, loadable from file://
# and by plain `node` without flags. A third, rnnlab-core-web.{mjs,wasm}, is
# the page's (below). No eval/new Function (DYNAMIC_EXECUTION=0),
# so a strict Content-Security-Policy needs only 'wasm-unsafe-eval'.
option(RNNLAB_WASM_SIMD "build with -msimd128" ON)
set(RNNLAB_WASM_OPT "-O3" CACHE STRING "the wasm build's optimisation level (compile and link)")
# The link's level (binaryen, the JS glue). Not -Oz: that module is 4% smaller,
# but a float64 peephole LSTM report then replayed 1 ulp off natively (a
# metric; node --test tests/node/report.test.mjs), where -O3's is bit for bit.
set(RNNLAB_WASM_LINK_OPT "-O3" CACHE STRING "the wasm link's optimisation level (binaryen, the JS glue)")
# WebAssembly's own exceptions (Chrome 95+, Firefox 100+, Safari 15.2+, Node
# 17+): no JS trampoline around every call that may throw, a smaller module.
set(RNNLAB_WASM_EH "-fwasm-exceptions" CACHE STRING "C++ exceptions: -fwasm-exceptions or -fexceptions (JS)")
set(RNNLAB_WASM_FLAGS ${RNNLAB_WASM_OPT} ${RNNLAB_WASM_EH})
if(RNNLAB_WASM_SIMD)
  list(APPEND RNNLAB_WASM_FLAGS -msimd128)
endif()
target_compile_options(rnnlab_core PRIVATE ${RNNLAB_WASM_FLAGS})

# Cold code (parsing, reports, assignments, the bindings' conversions) is
# compiled for size; the training step's code (cells, model, ops, optimizer,
# trainer, diagnostics, tasks) keeps RNNLAB_WASM_OPT. -Oz everywhere halves
# the module but makes a step 3-10x slower (Eigen's kernels uninlined).
set(RNNLAB_WASM_COLD_OPT "-Oz" CACHE STRING "the optimisation level of the wasm build's cold code")
set(RNNLAB_WASM_COLD_SOURCES
  src/core/config.cpp src/core/state_json.cpp src/core/report.cpp src/core/assignment.cpp
  src/core/sequences.cpp src/core/model_config.cpp src/core/param_count.cpp src/core/cells/registry.cpp
  src/core/tasks/registry.cpp src/wasm/bindings.cpp)
set_source_files_properties(${RNNLAB_WASM_COLD_SOURCES} PROPERTIES COMPILE_OPTIONS "${RNNLAB_WASM_COLD_OPT}")

set(RNNLAB_WASM_LINK
  ${RNNLAB_WASM_FLAGS} ${RNNLAB_WASM_LINK_OPT} --bind
  -sMODULARIZE=1 -sEXPORT_NAME=createRnnlabCore
  -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB -sABORTING_MALLOC=0
  -sDYNAMIC_EXECUTION=0 -sFILESYSTEM=0)

# The bindings, compiled once for the three links.
add_library(rnnlab_bindings OBJECT src/wasm/bindings.cpp)
target_compile_options(rnnlab_bindings PRIVATE ${RNNLAB_WASM_FLAGS})
target_link_libraries(rnnlab_bindings PRIVATE rnnlab_core)

add_executable(rnnlab_core_cjs $<TARGET_OBJECTS:rnnlab_bindings>)
target_link_libraries(rnnlab_core_cjs PRIVATE rnnlab_core)
target_link_options(rnnlab_core_cjs PRIVATE ${RNNLAB_WASM_LINK} -sENVIRONMENT=web,worker,node)
set_target_properties(rnnlab_core_cjs PROPERTIES OUTPUT_NAME rnnlab-core SUFFIX .cjs)

add_executable(rnnlab_core_mjs $<TARGET_OBJECTS:rnnlab_bindings>)
target_link_libraries(rnnlab_core_mjs PRIVATE rnnlab_core)
target_link_options(rnnlab_core_mjs PRIVATE ${RNNLAB_WASM_LINK} -sEXPORT_ES6=1 -sENVIRONMENT=web,worker)
set_target_properties(rnnlab_core_mjs PROPERTIES OUTPUT_NAME rnnlab-core SUFFIX .mjs)

# The page's engine (scripts/build_web.mjs): the same ES module with the wasm
# as its own file, rnnlab-core-web.wasm, which the page hands to its workers
# as bytes (web/js/engine_bytes.mjs), so it is not shipped as base64.
add_executable(rnnlab_core_web $<TARGET_OBJECTS:rnnlab_bindings>)
target_link_libraries(rnnlab_core_web PRIVATE rnnlab_core)
list(REMOVE_ITEM RNNLAB_WASM_LINK -sSINGLE_FILE=1)
target_link_options(rnnlab_core_web PRIVATE ${RNNLAB_WASM_LINK} -sSINGLE_FILE=0 -sEXPORT_ES6=1 -sENVIRONMENT=web,worker)
set_target_properties(rnnlab_core_web PROPERTIES OUTPUT_NAME rnnlab-core-web SUFFIX .mjs)

# The first two links write a temporary rnnlab-core.wasm next to their
# output: never run them at the same time (make -j); nor, for memory, the third.
add_dependencies(rnnlab_core_mjs rnnlab_core_cjs)
add_dependencies(rnnlab_core_web rnnlab_core_mjs)

# Header-only C++ tests as Node programs (`node build/wasm/<name>.cjs`),
# compiled with the core's flags; they need no library:
#   test_gemm  (tests/node/gemm.test.mjs): gemm.hpp's wasm_simd128 kernel against Eigen;
#   test_lanes (tests/node/lanes.test.mjs): lanes.hpp's wasm SIMD element-wise
#              arithmetic, bit for bit against one value at a time.
foreach(t test_gemm test_lanes)
  add_executable(${t} tests/cpp/${t}.cpp)
  target_include_directories(${t} PRIVATE src)
  target_link_libraries(${t} PRIVATE Eigen3::Eigen)
  target_compile_options(${t} PRIVATE ${RNNLAB_WASM_FLAGS} -Wall -Wextra)
  target_link_options(${t} PRIVATE ${RNNLAB_WASM_FLAGS}
    -sSINGLE_FILE=1 -sENVIRONMENT=node -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1)
  # .cjs: package.json says "type": "module", and emscripten output is CommonJS.
  set_target_properties(${t} PROPERTIES SUFFIX .cjs)
endforeach()
