// lanes.test.mjs — runs tests/cpp/test_lanes.cpp as WebAssembly
// (build/wasm/test_lanes.cjs, built by scripts/build.sh's rnnlab_build_wasm):
// src/core/lanes.hpp's wasm SIMD element-wise arithmetic (flush_tiny, tanh,
// sigmoid, +, -, *) on rows of 1 to 37 floats and doubles, against the rule
// and long-double tanh, and every SIMD lane against the one-value path bit
// for bit. The program checks the numbers; this asserts it exits 0, made its
// checks, and ran the SIMD path (unless the wasm build turned
// RNNLAB_WASM_SIMD off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWasmTestProgram } from './helpers.mjs';

test('the wasm SIMD element-wise arithmetic agrees with one value at a time, bit for bit', () => {
  const { report, simd } = runWasmTestProgram('test_lanes');
  assert.equal(report.test, 'lanes');
  assert.ok(report.checks > 10000, `only ${report.checks} checks`);
  if (simd) {
    assert.equal(report.path, 'wasm_simd128', 'the wasm build has SIMD on, but lanes.hpp took another path');
    assert.equal(report.float_width, 4);
  } else {
    assert.equal(report.path, 'scalar');
  }
});
