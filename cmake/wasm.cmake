# wasm.cmake — the WebAssembly module (included by CMakeLists.txt under
# emcmake). Two links of the same objects:
#   rnnlab-core.cjs  MODULARIZE factory (CommonJS/UMD) for Node and classic workers
#   rnnlab-core.mjs  the same as an ES module, for browsers and module workers
# Both embed the wasm as base64 (SINGLE_FILE): one file, loadable from file://
# and by plain `node` without flags. No eval/new Function (DYNAMIC_EXECUTION=0),
# so a strict Content-Security-Policy needs only 'wasm-unsafe-eval'.
option(RNNLAB_WASM_SIMD "build with -msimd128" ON)
set(RNNLAB_WASM_FLAGS -O3 -fexceptions)
if(RNNLAB_WASM_SIMD)
  list(APPEND RNNLAB_WASM_FLAGS -msimd128)
endif()
target_compile_options(rnnlab_core PRIVATE ${RNNLAB_WASM_FLAGS})

set(RNNLAB_WASM_LINK
  ${RNNLAB_WASM_FLAGS} --bind
  -sMODULARIZE=1 -sEXPORT_NAME=createRnnlabCore
  -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB -sABORTING_MALLOC=0
  -sDYNAMIC_EXECUTION=0 -sFILESYSTEM=0)

add_executable(rnnlab_core_cjs src/wasm/bindings.cpp)
target_compile_options(rnnlab_core_cjs PRIVATE ${RNNLAB_WASM_FLAGS})
target_link_libraries(rnnlab_core_cjs PRIVATE rnnlab_core)
target_link_options(rnnlab_core_cjs PRIVATE ${RNNLAB_WASM_LINK} -sENVIRONMENT=web,worker,node)
set_target_properties(rnnlab_core_cjs PROPERTIES OUTPUT_NAME rnnlab-core SUFFIX .cjs)

add_executable(rnnlab_core_mjs src/wasm/bindings.cpp)
target_compile_options(rnnlab_core_mjs PRIVATE ${RNNLAB_WASM_FLAGS})
target_link_libraries(rnnlab_core_mjs PRIVATE rnnlab_core)
target_link_options(rnnlab_core_mjs PRIVATE ${RNNLAB_WASM_LINK} -sEXPORT_ES6=1 -sENVIRONMENT=web,worker)
set_target_properties(rnnlab_core_mjs PROPERTIES OUTPUT_NAME rnnlab-core SUFFIX .mjs)

# Both links write a temporary rnnlab-core.wasm next to their output: never
# run them at the same time (make -j).
add_dependencies(rnnlab_core_mjs rnnlab_core_cjs)

# tests/cpp/test_gemm.cpp as a Node program (`node build/wasm/test_gemm.cjs`,
# run by tests/node/gemm.test.mjs): gemm.hpp's wasm_simd128 kernel against
# Eigen, compiled with the core's flags. Header-only: needs no library.
add_executable(test_gemm tests/cpp/test_gemm.cpp)
target_include_directories(test_gemm PRIVATE src)
target_link_libraries(test_gemm PRIVATE Eigen3::Eigen)
target_compile_options(test_gemm PRIVATE ${RNNLAB_WASM_FLAGS} -Wall -Wextra)
target_link_options(test_gemm PRIVATE ${RNNLAB_WASM_FLAGS}
  -sSINGLE_FILE=1 -sENVIRONMENT=node -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1)
# .cjs: package.json says "type": "module", and emscripten output is CommonJS.
set_target_properties(test_gemm PROPERTIES SUFFIX .cjs)
