// worker_whatif.test.mjs — the worker's what-if branch (web/js/worker_host.mjs
// `whatIf`, docs/worker-protocol.md) in a worker_threads Worker on the real
// engine: before configure it fails with a clear error; after a step it
// answers with the branch's gain, loss and diagnostics (Jacobians included,
// though the training config has none), sigma_max scales with the gain, and
// the trained model is untouched (a later step matches a run without the
// branch); a gain out of range is the engine's error.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './helpers.mjs';
import { FromWorker, ToWorker } from '../../web/js/protocol.mjs';

const { inbox, waitFor, sleep, send, terminate } = startWorker();
after(() => terminate());

const CONFIG = { cell: 'rnn', T: 9, hidden: 12, batch: 8, seed: 4 };

async function run(runId, withBranch) {
  let mark = inbox.length;
  send({ type: ToWorker.configure, runId, config: CONFIG });
  await waitFor((m) => m.type === FromWorker.configured && m.runId === runId, mark);
  mark = inbox.length;
  send({ type: ToWorker.step, runId, n: 3 });
  const first = await waitFor((m) => m.type === FromWorker.metrics && m.runId === runId, mark);
  const branches = [];
  if (withBranch) {
    for (const gain of [0.25, 1, 4]) {
      mark = inbox.length;
      send({ type: ToWorker.whatIf, runId, gain });
      branches.push(await waitFor((m) => m.type === FromWorker.whatIf && m.runId === runId, mark));
    }
  }
  mark = inbox.length;
  send({ type: ToWorker.step, runId, n: 2 });
  const second = await waitFor((m) => m.type === FromWorker.metrics && m.runId === runId, mark);
  return { first, second, branches };
}

test('whatIf before configure is refused', async () => {
  await waitFor((m) => m.type === FromWorker.ready);
  const mark = inbox.length;
  send({ type: ToWorker.whatIf, runId: 1, gain: 2 });
  const e = await waitFor((m) => m.type === FromWorker.error, mark);
  assert.equal(e.request, ToWorker.whatIf);
  assert.match(e.message, /whatIf before configure/);
});

test('a branch per gain with its Jacobians; the trained model is untouched', async () => {
  const a = await run(2, true);
  const b = await run(3, false);
  assert.equal(a.first.diagnostics.jacobianNorms, undefined, 'the training config computes no Jacobians');
  const [low, one, high] = a.branches;
  for (const [r, gain] of [[low, 0.25], [one, 1], [high, 4]]) {
    assert.equal(r.gain, gain);
    assert.ok(Number.isFinite(r.loss) && r.loss > 0);
    assert.equal(r.step, 3, 'the trainer\'s step it branched from');
    assert.equal(r.diagnostics.jacobianNorms.length, CONFIG.T);
    assert.equal(r.diagnostics.jacobianToTNorms.length, CONFIG.T);
    assert.equal(r.diagnostics.termFactors.bounds.length, CONFIG.T);
  }
  const rel = (x, y) => Math.abs(x - y) / Math.abs(y);
  assert.ok(rel(low.diagnostics.recurrentSigmaMax / 0.25, one.diagnostics.recurrentSigmaMax) < 1e-2, 'sigma_max scales with the gain');
  assert.ok(rel(high.diagnostics.recurrentSigmaMax / 4, one.diagnostics.recurrentSigmaMax) < 1e-2);
  assert.equal(a.second.step, b.second.step);
  assert.equal(a.second.loss, b.second.loss, 'the steps after the branches are those of a run without them');
});

test('a gain out of range is the engine\'s error, and the run goes on', async () => {
  let mark = inbox.length;
  send({ type: ToWorker.whatIf, runId: 3, gain: 0 });
  const e = await waitFor((m) => m.type === FromWorker.error, mark);
  assert.equal(e.request, ToWorker.whatIf);
  assert.ok(!e.fatal);
  mark = inbox.length;
  send({ type: ToWorker.step, runId: 3, n: 1 });
  const m = await waitFor((x) => x.type === FromWorker.metrics, mark);
  assert.equal(m.step, 6);
});
