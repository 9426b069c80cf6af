// gemm.test.mjs — runs tests/cpp/test_gemm.cpp as WebAssembly
// (build/wasm/test_gemm.cjs, built by scripts/build.sh's rnnlab_build_wasm):
// src/core/gemm.hpp's wasm_simd128 product kernel against Eigen on awkward
// shapes (1x1x1, 3x5x7, 129x257x131, k = 0, 127, 128, 129, 256, 259, 300)
// for every entry point (gemm_nn, gemm_nn with add, gemm_tn_add), float and
// double, to 1e-5 (float) / 1e-12 (double) of sum |A||B| + |C0| per entry.
// The program checks the numbers; this asserts it exits 0, ran every case,
// and ran the SIMD kernel (unless the wasm build turned RNNLAB_WASM_SIMD off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWasmTestProgram } from './helpers.mjs';

// 12 shapes x 3 entry points x 2 layouts (whole matrices, row blocks), per type.
const CASES_PER_TYPE = 12 * 3 * 2;

test('the wasm gemm kernel matches Eigen on awkward shapes', () => {
  const { report, simd } = runWasmTestProgram('test_gemm');
  assert.equal(report.test, 'gemm');
  assert.equal(report.float_cases, CASES_PER_TYPE);
  assert.equal(report.double_cases, CASES_PER_TYPE);
  assert.equal(report.cases, 2 * CASES_PER_TYPE);
  if (simd) {
    assert.equal(report.kernel, 'wasm_simd128', 'the wasm build has SIMD on, but the kernel was not compiled in');
    assert.equal(report.kc, 128);
  } else {
    assert.equal(report.kernel, 'eigen');
  }
  assert.ok(report.worst_err_over_tol >= 0 && report.worst_err_over_tol <= 1);
});
