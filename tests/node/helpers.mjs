// helpers.mjs — what the Node suites share: paths, loading the built API
// (web/dist), running the native CLI, a relative-closeness check, and a
// training worker in a worker_threads Worker with an inbox to wait on.
import { execFileSync, spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync } from 'node:fs';
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

/**
 * The page's training worker (worker_thread_entry.mjs) in a worker_threads
 * Worker: `send(msg)`, every reply in `inbox`, `waitFor(pred, from, timeoutMs)`
 * resolving to the first reply at index >= from that matches, `sleep(ms)`,
 * and `terminate()`.
 */
export function startWorker() {
  const worker = new Worker(new URL('./worker_thread_entry.mjs', import.meta.url));
  const inbox = [];
  worker.on('message', (m) => inbox.push(m));
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  async function waitFor(pred, from = 0, timeoutMs = 30000) {
    const t0 = Date.now();
    for (;;) {
      const i = inbox.findIndex((m, k) => k >= from && pred(m));
      if (i >= 0) return inbox[i];
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out; last: ${JSON.stringify(inbox.slice(-3).map((m) => m.type))}`);
      await sleep(10);
    }
  }
  return { inbox, waitFor, sleep, send: (msg) => worker.postMessage(msg), terminate: () => worker.terminate() };
}

// Runs a C++ test built as a Node program (build/wasm/<name>.cjs,
// cmake/wasm.cmake) and returns its JSON summary (the last line of stdout),
// after asserting that it ran, printed one and exited 0 with no failures.
// simd: whether the wasm build has RNNLAB_WASM_SIMD on.
export function runWasmTestProgram(name) {
  const program = join(ROOT, `build/wasm/${name}.cjs`);
  assert.ok(existsSync(program), `${program} is missing: run rnnlab_build_wasm (scripts/build.sh)`);
  const r = spawnSync(process.execPath, [program], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, `could not run ${program}: ${r.error}`);
  const line = r.stdout.trim().split('\n').pop();
  let report;
  assert.doesNotThrow(() => (report = JSON.parse(line)), `no JSON summary on stdout:\n${r.stdout}\n${r.stderr}`);
  assert.equal(report.failed, 0, `failures:\n${r.stderr}\n${JSON.stringify(report.failures ?? [], null, 2)}`);
  assert.equal(r.status, 0, `exit status ${r.status}\n${r.stderr}`);
  const cache = readFileSync(join(ROOT, 'build/wasm/CMakeCache.txt'), 'utf8');
  return { report, simd: !/^RNNLAB_WASM_SIMD:BOOL=(OFF|0|FALSE|NO)$/im.test(cache) };
}
