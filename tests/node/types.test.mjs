// types.test.mjs — the TypeScript declarations of the JavaScript API
// (web/js/api/rnnlab.d.ts) accept a type-correct use of the whole API
// (tests/node/types/usage.ts) and reject deliberately wrong uses
// (tests/node/types/wrong.ts) with exactly the errors its comments expect.
// Runs the pinned TypeScript compiler from node_modules; needs no build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const TYPES = join(ROOT, 'tests/node/types');
const FLAGS = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--pretty', 'false'];

/** Runs tsc on one file; resolves {status, out} (tsc reports on stdout). */
function tsc(file) {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, ...FLAGS, file], { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: stdout + stderr });
    });
  });
}

// Both compilations at once (about 2 s each).
const usage = tsc(join(TYPES, 'usage.ts'));
const wrong = tsc(join(TYPES, 'wrong.ts'));

test('usage.ts type-checks against rnnlab.d.ts (tsc --strict exits 0)', async () => {
  const r = await usage;
  assert.equal(r.status, 0, `tsc failed on usage.ts:\n${r.out}`);
});

test('wrong.ts fails to type-check, with exactly the expected errors', async () => {
  const r = await wrong;
  assert.notEqual(r.status, 0, 'tsc accepted wrong.ts');
  const expected = [];
  readFileSync(join(TYPES, 'wrong.ts'), 'utf8').split('\n').forEach((line, i) => {
    const m = /\/\/ expect (TS\d+)\s*$/.exec(line);
    if (m) expected.push(`${i + 1} ${m[1]}`);
  });
  assert.ok(expected.length >= 5, 'wrong.ts should mark its expected errors');
  const got = [...r.out.matchAll(/wrong\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
  assert.ok(got.length > 0, `no error in wrong.ts reported:\n${r.out}`);
  assert.deepEqual(got, expected, `tsc output:\n${r.out}`);
  // The step('x') call of the brief, in particular.
  assert.match(r.out, /Argument of type 'string' is not assignable to parameter of type 'number'/);
});
