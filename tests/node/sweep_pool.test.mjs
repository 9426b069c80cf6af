// sweep_pool.test.mjs — the page's pooled sweep (web/js/sweep_pool.mjs) on
// the real worker host and engine, in worker_threads workers: a pool of 3
// gives exactly (deepEqual, every number) the result of one worker training
// the sweep itself; the engine's Sweep.run/add agree with next(); cancel
// ends a pooled sweep with the runs added so far; a pool worker that dies
// is restarted and its run given again; a run that kills two workers ends
// the sweep with the reason. Timing decides nothing here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { createWorkerClient } from '../../web/js/worker_client.mjs';
import { createSweepPool, defaultPoolSize, MAX_SWEEP_WORKERS } from '../../web/js/sweep_pool.mjs';
import { FromWorker } from '../../web/js/protocol.mjs';
import { loadApi } from './helpers.mjs';

const ENTRY = new URL('./worker_thread_entry.mjs', import.meta.url);
const CONFIG = { task: 'binary_palindrome', hidden: 8, batch: 8, seed: 5 };
const SPEC = { cells: ['rnn', 'lstm', 'gru'], lengths: '4, 6', seeds: 2, steps: 25, eval: 64, testLengths: '8' };

/**
 * A worker_threads Worker behind the browser Worker interface worker_client.mjs uses.
 * kill(msg): true to turn that message from the worker into the worker's death (an uncaught error).
 */
function browserWorker(kill = () => false) {
  const w = new Worker(ENTRY);
  const o = {
    onmessage: null, onerror: null, onmessageerror: null,
    postMessage: (m) => w.postMessage(m),
    terminate: () => { w.terminate(); },
  };
  w.on('message', (data) => {
    if (kill(data)) {
      w.terminate();
      o.onerror?.({ message: 'Uncaught RuntimeError: simulated crash' });
      return;
    }
    o.onmessage?.({ data });
  });
  w.on('error', (e) => o.onerror?.(e));
  return o;
}

const clients = [];
function client(handlers = {}, kill) {
  const c = createWorkerClient(handlers, { createWorker: () => browserWorker(kill) });
  clients.push(c);
  return c;
}
const pools = [];
after(() => {
  for (const p of pools) p.destroy();
  for (const c of clients) c.terminate();
});

async function sequential() {
  const c = client();
  const progress = [];
  const { cancelled, result } = await c.sweep({ config: CONFIG, spec: SPEC }, (m) => progress.push(m)).done;
  assert.equal(cancelled, false);
  return { result, progress };
}

test('the pool size: hardwareConcurrency - 1, at least 1, at most 8', () => {
  assert.equal(defaultPoolSize(1), 1);
  assert.equal(defaultPoolSize(2), 1);
  assert.equal(defaultPoolSize(4), 3);
  assert.equal(defaultPoolSize(64), MAX_SWEEP_WORKERS);
  assert.equal(defaultPoolSize(undefined), 1);
});

test("the engine's Sweep.run(k) then add() in order is next(), number for number", async () => {
  const api = await loadApi();
  const a = api.createSweep(CONFIG, SPEC);
  const b = api.createSweep(CONFIG, SPEC);
  const runs = [];
  for (let k = a.total - 1; k >= 0; k--) runs[k] = a.run(k);  // backwards: run() does not depend on order
  assert.equal(a.done, 0, 'run() leaves the sweep as it was');
  for (const r of runs) b.add(r);
  while (!a.finished) a.next();
  assert.deepEqual(b.result(), a.result());
  assert.throws(() => b.add(runs[0]), /the sweep is complete/);
  const c = api.createSweep(CONFIG, SPEC);
  assert.throws(() => c.add(runs[1]), /run 0 is rnn T=4 seed 5, not rnn T=4 seed 6/);
  assert.throws(() => c.run(c.total), /run\(k\) must be an integer between 0 and 11/);
  for (const s of [a, b, c]) s.dispose();
});

test('a pool of 3 gives exactly the result of one worker, with progress after every model', async () => {
  const seq = await sequential();
  const pool = createSweepPool(3, (h) => client(h));
  pools.push(pool);
  const progress = [];
  const { cancelled, result } = await pool.sweep(client(), { config: CONFIG, spec: SPEC }, (m) => progress.push(m)).done;
  assert.equal(cancelled, false);
  assert.equal(pool.started, 3);
  assert.deepEqual(result, seq.result);
  const steps = progress.filter((m) => m.type === FromWorker.sweepProgress);
  assert.deepEqual(steps.map((m) => m.done), [...Array(12).keys()].map((k) => k + 1));
  const seqSteps = seq.progress.filter((m) => m.type === FromWorker.sweepProgress);
  assert.deepEqual(steps.map((m) => m.point), seqSteps.map((m) => m.point), 'the same points, in the same order');
  assert.deepEqual(steps.map((m) => m.result), seqSteps.map((m) => m.result), 'and the same statistics at every step');
  // The pool is kept: a second sweep on it gives the same again.
  const again = await pool.sweep(client(), { config: CONFIG, spec: SPEC }).done;
  assert.deepEqual(again.result, seq.result);
});

test('cancel ends a pooled sweep at once with the runs added so far; a bad spec is the engine\'s message', async () => {
  const pool = createSweepPool(2, (h) => client(h));
  pools.push(pool);
  let handle;
  const firstPoint = new Promise((ok) => {
    handle = pool.sweep(client(), { config: CONFIG, spec: { ...SPEC, steps: 400, seeds: 5 } }, (m) => {
      if (m.type === FromWorker.sweepProgress) ok();
    });
  });
  await firstPoint;
  handle.cancel();
  const { cancelled, result } = await handle.done;
  assert.equal(cancelled, true);
  assert.ok(result.done >= 1 && result.done < result.total, `${result.done} of ${result.total}`);
  assert.equal(result.points.reduce((n, p) => n + p.runs.length, 0), result.done);
  await assert.rejects(pool.sweep(client(), { config: CONFIG, spec: { ...SPEC, lengths: '4, x' } }).done, /whole number/);
});

test('a pool worker that dies is restarted and its run given again; a run that kills twice ends the sweep', async () => {
  const seq = await sequential();
  let killed = false;
  // The first answer of the pool's first worker never arrives: the worker dies instead.
  let made = 0;
  const pool = createSweepPool(2, (h) => {
    const first = made++ === 0;
    return client(h, (m) => first && m.type === FromWorker.sweepRunDone && !killed && (killed = true));
  });
  pools.push(pool);
  const { result } = await pool.sweep(client(), { config: CONFIG, spec: SPEC }).done;
  assert.equal(killed, true, 'a worker died');
  assert.deepEqual(result, seq.result);

  // Run 3 kills every worker that trains it.
  const deadly = createSweepPool(2, (h) => client(h, (m) => m.type === FromWorker.sweepRunDone && m.index === 3));
  pools.push(deadly);
  await assert.rejects(deadly.sweep(client(), { config: CONFIG, spec: SPEC }).done,
    /The training worker stopped \(it failed: RuntimeError: simulated crash\)\./);
});
