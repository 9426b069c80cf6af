// run_to.test.mjs — "Run to step N" in the worker's loop (web/js/worker_host.mjs,
// `start {untilStep}`): the chunks are cut so the loop stops exactly at N and
// says `paused {reason: 'reached', step: N}`, at any speed; a target already
// reached answers at once; pause and a new run drop the target. A stand-in
// trainer counts steps (the loop's arithmetic is the host's, not the engine's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkerHost } from '../../../web/js/worker_host.mjs';
import { FromWorker, ToWorker } from '../../../web/js/protocol.mjs';

function fakeApi() {
  return {
    createTrainer(cfg) {
      let step = 0;
      return {
        step(n) {
          const h = { loss: [], accuracy: [], gradNorm: [], gradNormClipped: [] };
          for (let k = 0; k < n; k++) {
            step += 1;
            for (const c of Object.values(h)) c.push(1);
          }
          return { step, loss: 1, accuracy: 0.5, finite: true, diverged: null, diagnostics: {}, history: h };
        },
        config: () => ({ ...cfg, cell: 'rnn' }),
        paramCount: () => ({ total: 1, tensors: [] }),
        dispose() {},
      };
    },
    cells: () => [],
    tasks: () => [],
    checkConfig: (c) => ({ config: c, errors: [] }),
  };
}

function run(speed, untilStep) {
  return new Promise((resolve) => {
    const got = [];
    const host = createWorkerHost(fakeApi(), (m) => {
      got.push(m);
      if (m.type === FromWorker.paused) resolve(got);
    });
    host.handle({ type: ToWorker.configure, runId: 1, config: {} });
    host.handle({ type: ToWorker.speed, runId: 1, stepsPerSecond: speed });
    host.handle({ type: ToWorker.start, runId: 1, untilStep });
  });
}

test('the loop stops exactly at the target, as fast as possible and paced', async () => {
  for (const [speed, N] of [[0, 537], [300, 25], [30, 4]]) {
    const got = await run(speed, N);
    const metrics = got.filter((m) => m.type === FromWorker.metrics);
    assert.equal(metrics[metrics.length - 1].step, N, `speed ${speed}: the last metrics are step ${N}`);
    assert.ok(metrics.every((m) => m.step <= N), 'never past it');
    assert.deepEqual(got[got.length - 1], { type: FromWorker.paused, runId: 1, reason: 'reached', step: N });
  }
});

test('a target already reached answers at once; pause drops the target', async () => {
  const got = [];
  const host = createWorkerHost(fakeApi(), (m) => got.push(m));
  host.handle({ type: ToWorker.configure, runId: 1, config: {} });
  host.handle({ type: ToWorker.step, runId: 1, n: 10 });
  host.handle({ type: ToWorker.start, runId: 1, untilStep: 10 });
  assert.deepEqual(got[got.length - 1], { type: FromWorker.paused, runId: 1, reason: 'reached', step: 10 });
  host.handle({ type: ToWorker.start, runId: 1, untilStep: 1000000 });
  host.handle({ type: ToWorker.pause, runId: 1 });
  assert.equal(got[got.length - 1].reason, 'user');
});
