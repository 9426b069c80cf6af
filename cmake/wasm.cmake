# wasm build: see issue 3
