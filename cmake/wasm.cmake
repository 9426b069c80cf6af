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
