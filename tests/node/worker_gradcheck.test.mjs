// worker_gradcheck.test.mjs — the worker's gradient check, divergence pause
// and matchHidden (web/js/worker_host.mjs, docs/worker-protocol.md) in a
// worker_threads Worker on the real engine: progress before every tensor,
// training waits and goes on, a held step runs afterwards, a new run ends the
// check with a stale error; the engine's divergence rule pauses the loop.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './helpers.mjs';
import { DIVERGED_MESSAGE, FromWorker, ToWorker } from '../../web/js/protocol.mjs';

const { inbox, waitFor, sleep, send, terminate } = startWorker();
after(() => terminate());

test('gradcheck: one progress message per tensor, the result below 1e-5, training waits and goes on', async () => {
  await waitFor((m) => m.type === FromWorker.ready);
  let mark = inbox.length;
  send({ type: ToWorker.configure, runId: 1, config: { cell: 'lstm', T: 8, hidden: 8, batch: 8 } });
  const configured = await waitFor((m) => m.type === FromWorker.configured, mark);
  const names = configured.paramCount.tensors.map((t) => t.name);
  send({ type: ToWorker.start, runId: 1 });
  await waitFor((m) => m.type === FromWorker.metrics && m.step > 20, mark);
  mark = inbox.length;
  send({ type: ToWorker.gradcheck, runId: 1, maxPerTensor: 50 });
  const done = await waitFor((m) => m.type === FromWorker.gradcheck, mark);
  const during = inbox.slice(mark, inbox.indexOf(done));
  const progress = during.filter((m) => m.type === FromWorker.gradcheckProgress);
  assert.deepEqual(progress.map((p) => p.done), [...names.keys(), names.length], 'before each tensor and after the last');
  assert.deepEqual(progress.slice(0, -1).map((p) => p.tensor), names);
  // Metrics stop while it runs (one chunk may have been on its way).
  const metricsDuring = during.filter((m) => m.type === FromWorker.metrics);
  assert.ok(metricsDuring.length <= 1, `training waited (${metricsDuring.length} metrics during the check)`);
  const r = done.result;
  assert.deepEqual(r.tensors.map((t) => t.name), names);
  assert.ok(r.maxRelError < 1e-5, `max relative error ${r.maxRelError}`);
  assert.equal(r.eps, 1e-5);
  assert.equal(r.floor, 1e-2);
  assert.ok(r.step > 20 && r.ms >= 0);
  for (const t of r.tensors) assert.ok(t.checked > 0 && t.checked <= 50, `${t.name}: ${t.checked}`);
  // Training goes on by itself.
  await waitFor((m) => m.type === FromWorker.metrics && m.step > r.step + 5, inbox.indexOf(done));
  send({ type: ToWorker.pause, runId: 1 });
  await waitFor((m) => m.type === FromWorker.paused, inbox.indexOf(done));
});

test('a step asked for during the check runs after it; a new run ends the check as stale', async () => {
  await sleep(100);
  let mark = inbox.length;
  send({ type: ToWorker.gradcheck, runId: 1, maxPerTensor: 50 });
  send({ type: ToWorker.step, runId: 1, n: 3 });
  const done = await waitFor((m) => m.type === FromWorker.gradcheck, mark);
  const stepped = await waitFor((m) => m.type === FromWorker.metrics, mark);
  assert.ok(inbox.indexOf(stepped) > inbox.indexOf(done), 'the step after the check');
  assert.equal(stepped.step, done.result.step + 3);

  mark = inbox.length;
  send({ type: ToWorker.gradcheck, runId: 1, maxPerTensor: 50 });
  await waitFor((m) => m.type === FromWorker.gradcheckProgress, mark);
  send({ type: ToWorker.configure, runId: 2, config: { cell: 'rnn', T: 8, hidden: 8, batch: 8 } });
  const err = await waitFor((m) => m.type === FromWorker.error && m.request === ToWorker.gradcheck, mark);
  assert.equal(err.runId, 1, 'tagged with the run it was for');
  assert.equal(err.message, 'The gradient check was stopped: the settings changed.');
  await waitFor((m) => m.type === FromWorker.configured && m.runId === 2, mark);
  await sleep(100);
  assert.equal(inbox.slice(mark).filter((m) => m.type === FromWorker.gradcheck).length, 0, 'no result for the old run');
});

test('the engine\'s divergence rule pauses the loop with its message; NaN keeps DIVERGED_MESSAGE', async () => {
  let mark = inbox.length;
  send({ type: ToWorker.configure, runId: 3, config: { cell: 'rnn', T: 16, seed: 1, optimizer: 'sgd', lr: 100, clip: 0, gain: 10 } });
  await waitFor((m) => m.type === FromWorker.configured && m.runId === 3, mark);
  send({ type: ToWorker.start, runId: 3 });
  const paused = await waitFor((m) => m.type === FromWorker.paused && m.runId === 3, mark);
  assert.equal(paused.reason, 'diverged');
  assert.equal(paused.diverged.rule, 'loss');
  assert.ok(paused.message.startsWith(paused.diverged.message));
  assert.match(paused.message, /lr is 100.*Training was paused at step \d+/);
  const last = [...inbox].reverse().find((m) => m.type === FromWorker.metrics && m.runId === 3);
  assert.equal(last.diverged.rule, 'loss');
  assert.match(paused.message, new RegExp(`at step ${last.step};`));
  assert.notEqual(paused.message, DIVERGED_MESSAGE);
});

test('matchHidden: the engine\'s closest hidden size for a target count', async () => {
  const mark = inbox.length;
  // An RNN at N_h = 32 on binary palindromes: 1218 parameters; the LSTM's closest is N_h = 15 (1172).
  send({ type: ToWorker.matchHidden, runId: 3, config: { cell: 'lstm', T: 16 }, target: 1218 });
  const m = await waitFor((x) => x.type === FromWorker.matched, mark);
  assert.equal(m.hidden, 15);
  assert.equal(m.paramCount, 4 * (15 * 3 + 15 * 15 + 15) + 2 * 15 + 2, 'its engine count');
});
