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
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const PROGRAM = join(ROOT, 'build/wasm/test_gemm.cjs');
// 12 shapes x 3 entry points x 2 layouts (whole matrices, row blocks), per type.
const CASES_PER_TYPE = 12 * 3 * 2;

function simdBuild() {
  const cache = readFileSync(join(ROOT, 'build/wasm/CMakeCache.txt'), 'utf8');
  return !/^RNNLAB_WASM_SIMD:BOOL=(OFF|0|FALSE|NO)$/im.test(cache);
}

test('the wasm gemm kernel matches Eigen on awkward shapes', () => {
  assert.ok(existsSync(PROGRAM), `${PROGRAM} is missing: run rnnlab_build_wasm (scripts/build.sh)`);
  const r = spawnSync(process.execPath, [PROGRAM], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, `could not run ${PROGRAM}: ${r.error}`);
  const line = r.stdout.trim().split('\n').pop();
  let report;
  assert.doesNotThrow(() => (report = JSON.parse(line)), `no JSON summary on stdout:\n${r.stdout}\n${r.stderr}`);
  assert.equal(report.failed, 0, `failing cases:\n${r.stderr}\n${JSON.stringify(report.failures, null, 2)}`);
  assert.equal(r.status, 0, `exit status ${r.status}\n${r.stderr}`);
  assert.equal(report.test, 'gemm');
  assert.equal(report.float_cases, CASES_PER_TYPE);
  assert.equal(report.double_cases, CASES_PER_TYPE);
  assert.equal(report.cases, 2 * CASES_PER_TYPE);
  if (simdBuild()) {
    assert.equal(report.kernel, 'wasm_simd128', 'the wasm build has SIMD on, but the kernel was not compiled in');
    assert.equal(report.kc, 128);
  } else {
    assert.equal(report.kernel, 'eigen');
  }
  assert.ok(report.worst_err_over_tol >= 0 && report.worst_err_over_tol <= 1);
});
