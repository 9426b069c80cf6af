// helpers.mjs — what the Node suites share: paths, loading the built API
// (web/dist), running the native CLI, and a relative-closeness check.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(ROOT, 'web/dist');
export const CLI = process.env.RNNLAB_CLI || join(ROOT, 'build/native/rnnlab');

export async function loadApi() {
  const { loadRnnlab } = await import(join(DIST, 'rnnlab.mjs'));
  return loadRnnlab();
}

/** Runs the native CLI; returns {status, stdout, stderr}. */
export function cli(args, input) {
  const r = spawnSync(CLI, args, { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson(args) {
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}

/** |a - b| <= rtol * max(|b|, floor) element-wise, with a readable failure. */
export function assertClose(what, got, want, rtol, floor = 0) {
  const g = Array.isArray(got) || ArrayBuffer.isView(got) ? Array.from(got) : [got];
  const w = Array.isArray(want) || ArrayBuffer.isView(want) ? Array.from(want) : [want];
  assert.equal(g.length, w.length, `${what}: length ${g.length} != ${w.length}`);
  for (let i = 0; i < g.length; i++) {
    const tol = rtol * Math.max(Math.abs(w[i]), floor);
    if (!(Math.abs(g[i] - w[i]) <= tol)) {
      assert.fail(`${what}[${i}]: got ${g[i]}, want ${w[i]} (rtol ${rtol}, floor ${floor})`);
    }
  }
}
