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
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const PROGRAM = join(ROOT, 'build/wasm/test_lanes.cjs');

function simdBuild() {
  const cache = readFileSync(join(ROOT, 'build/wasm/CMakeCache.txt'), 'utf8');
  return !/^RNNLAB_WASM_SIMD:BOOL=(OFF|0|FALSE|NO)$/im.test(cache);
}

test('the wasm SIMD element-wise arithmetic agrees with one value at a time, bit for bit', () => {
  assert.ok(existsSync(PROGRAM), `${PROGRAM} is missing: run rnnlab_build_wasm (scripts/build.sh)`);
  const r = spawnSync(process.execPath, [PROGRAM], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, `could not run ${PROGRAM}: ${r.error}`);
  const line = r.stdout.trim().split('\n').pop();
  let report;
  assert.doesNotThrow(() => (report = JSON.parse(line)), `no JSON summary on stdout:\n${r.stdout}\n${r.stderr}`);
  assert.equal(report.failed, 0, `failing checks:\n${r.stderr}`);
  assert.equal(r.status, 0, `exit status ${r.status}\n${r.stderr}`);
  assert.equal(report.test, 'lanes');
  assert.ok(report.checks > 10000, `only ${report.checks} checks`);
  if (simdBuild()) {
    assert.equal(report.path, 'wasm_simd128', 'the wasm build has SIMD on, but lanes.hpp took another path');
    assert.equal(report.float_width, 4);
  } else {
    assert.equal(report.path, 'scalar');
  }
});
