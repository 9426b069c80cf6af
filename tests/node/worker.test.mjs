// worker.test.mjs — the worker protocol (web/js/protocol.mjs) end to end in a
// worker_threads Worker running the real host and engine: configure, start,
// pause/resume, single step, reset, export/import, bad config (the previous
// run survives), unknown messages, and runId tagging.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { FromWorker, ToWorker } from '../../web/js/protocol.mjs';

const worker = new Worker(new URL('./worker_thread_entry.mjs', import.meta.url));
const inbox = [];
const waiters = [];
worker.on('message', (m) => {
  inbox.push(m);
  for (const w of waiters.splice(0)) w();
});
after(() => worker.terminate());

function send(msg) {
  worker.postMessage(msg);
}

/** Resolves with the first message (from now on, or already queued after `from`) matching pred. */
async function waitFor(pred, from = 0, timeoutMs = 20000) {
  const t0 = Date.now();
  for (;;) {
    const i = inbox.findIndex((m, k) => k >= from && pred(m));
    if (i >= 0) return inbox[i];
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting; last messages: ${JSON.stringify(inbox.slice(-3).map((m) => m.type))}`);
    await new Promise((ok) => {
      waiters.push(ok);
      setTimeout(ok, 50);
    });
  }
}
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

test('worker protocol: the full life of a run', async () => {
  await waitFor((m) => m.type === FromWorker.ready);

  let mark = inbox.length;
  send({ type: ToWorker.configure, runId: 1, config: { cell: 'lstm', T: 8, hidden: 8, batch: 8 } });
  const configured = await waitFor((m) => m.type === FromWorker.configured, mark);
  assert.equal(configured.runId, 1);
  assert.equal(configured.config.T, 8);
  // lstm, binary palindrome V=3 C=2, H=8: 4(8*3 + 64 + 8) + 2*8 + 2
  assert.equal(configured.paramCount.total, 4 * (8 * 3 + 64 + 8) + 2 * 8 + 2);
  assert.ok(configured.tasks.some((t) => t.name === 'binary_palindrome'));

  // start: metrics flow with rising step counts
  mark = inbox.length;
  send({ type: ToWorker.start, runId: 1 });
  await sleep(600);
  const during = inbox.slice(mark).filter((m) => m.type === FromWorker.metrics);
  assert.ok(during.length >= 2, `got ${during.length} metric updates in 0.6 s`);
  for (let k = 1; k < during.length; k++) assert.ok(during[k].step > during[k - 1].step);
  const last = during[during.length - 1];
  assert.equal(last.diagnostics.dhNorms.length, 8);
  assert.equal(last.running, true);
  console.log(`worker: ${during.length} updates in 0.6 s, ${Math.round(last.stepsPerSecond)} steps/s`);

  // pause: a 'paused' reply, then no more metrics
  mark = inbox.length;
  send({ type: ToWorker.pause, runId: 1 });
  const paused = await waitFor((m) => m.type === FromWorker.paused, mark);
  assert.equal(paused.reason, 'user');
  await sleep(100);
  const settled = inbox.length;
  await sleep(300);
  assert.equal(inbox.slice(settled).filter((m) => m.type === FromWorker.metrics).length, 0, 'no metrics while paused');
  const stepAtPause = [...inbox].reverse().find((m) => m.type === FromWorker.metrics).step;

  // single step while paused
  mark = inbox.length;
  send({ type: ToWorker.step, runId: 1, n: 5 });
  const stepped = await waitFor((m) => m.type === FromWorker.metrics, mark);
  assert.equal(stepped.step, stepAtPause + 5);

  // resume, then pause again
  mark = inbox.length;
  send({ type: ToWorker.start, runId: 1 });
  const resumed = await waitFor((m) => m.type === FromWorker.metrics && m.step > stepAtPause + 5, mark);
  assert.ok(resumed.step > stepAtPause + 5);
  send({ type: ToWorker.pause, runId: 1 });
  await waitFor((m) => m.type === FromWorker.paused, mark);

  // export, then reset, then import restores the same predictions
  mark = inbox.length;
  send({ type: ToWorker.export, runId: 1 });
  const exported = await waitFor((m) => m.type === FromWorker.state, mark);
  const state = JSON.parse(exported.state);
  assert.equal(state.format, 'rnnlab-state/1');
  send({ type: ToWorker.samples, runId: 1, n: 6 });
  const before = await waitFor((m) => m.type === FromWorker.samples, mark);

  mark = inbox.length;
  send({ type: ToWorker.reset, runId: 2 });
  const reset = await waitFor((m) => m.type === FromWorker.configured, mark);
  assert.equal(reset.runId, 2, 'replies carry the latest runId');
  send({ type: ToWorker.step, runId: 2, n: 1 });
  const first = await waitFor((m) => m.type === FromWorker.metrics, mark);
  assert.equal(first.step, 1, 'reset starts from step 0');

  mark = inbox.length;
  send({ type: ToWorker.import, runId: 2, state: exported.state });
  await waitFor((m) => m.type === FromWorker.imported, mark);
  // samples come from a stream; a fresh reset + import replays the same stream position
  mark = inbox.length;
  send({ type: ToWorker.reset, runId: 3 });
  await waitFor((m) => m.type === FromWorker.configured, mark);
  send({ type: ToWorker.import, runId: 3, state: exported.state });
  await waitFor((m) => m.type === FromWorker.imported, mark);
  send({ type: ToWorker.samples, runId: 3, n: 6 });
  const afterImport = await waitFor((m) => m.type === FromWorker.samples, mark);
  const firstRunSamples = before.samples;
  // Both sample calls are the first of their run, so they read the same held-out sequences.
  assert.deepEqual(afterImport.samples.map((s) => Array.from(s.tokens)), firstRunSamples.map((s) => Array.from(s.tokens)));
  assert.deepEqual(afterImport.samples.map((s) => s.prediction), firstRunSamples.map((s) => s.prediction));
  for (let k = 0; k < firstRunSamples.length; k++) {
    assert.deepEqual(Array.from(afterImport.samples[k].probs).map((p) => p.toFixed(6)),
      Array.from(firstRunSamples[k].probs).map((p) => p.toFixed(6)));
  }

  // a bad configure is refused with the engine's message; the run survives
  mark = inbox.length;
  send({ type: ToWorker.configure, runId: 4, config: { hidden: -3 } });
  const err = await waitFor((m) => m.type === FromWorker.error, mark);
  assert.match(err.message, /hidden size must be between 1 and 4096/);
  assert.equal(err.request, 'configure');
  send({ type: ToWorker.step, runId: 4, n: 2 });
  const still = await waitFor((m) => m.type === FromWorker.metrics, mark);
  assert.equal(still.diagnostics.dhNorms.length, 8, 'the previous (valid) run is intact');

  // unknown messages get an error, not silence
  mark = inbox.length;
  send({ type: 'dance', runId: 4 });
  const unknown = await waitFor((m) => m.type === FromWorker.error, mark);
  assert.match(unknown.message, /unknown message type 'dance'/);

  // speed control: a slow target rate still delivers updates
  // (the bound scales with the measured wall time, so a slow machine cannot fail it)
  mark = inbox.length;
  const t0 = Date.now();
  send({ type: ToWorker.speed, runId: 4, stepsPerSecond: 60 });
  send({ type: ToWorker.start, runId: 4 });
  await sleep(500);
  send({ type: ToWorker.pause, runId: 4 });
  await waitFor((m) => m.type === FromWorker.paused, mark);
  const seconds = (Date.now() - t0) / 1000;
  const slow = inbox.slice(mark).filter((m) => m.type === FromWorker.metrics);
  assert.ok(slow.length >= 2);
  const span = slow[slow.length - 1].step - slow[0].step;
  console.log(`worker: at 60 steps/s target, ${span} steps in ${slow.length} updates over ${seconds} s`);
  assert.ok(span <= 2 * 60 * seconds + 4, `speed limit ignored: ${span} steps in ${seconds} s`);
});

test('worker protocol: the sequence-length sweep, with progress and cancel', async () => {
  await waitFor((m) => m.type === FromWorker.ready);
  let mark = inbox.length;
  send({ type: ToWorker.sweep, runId: 9, sweepId: 1, config: { task: 'binary_palindrome', hidden: 8, batch: 8 },
    cells: ['rnn', 'lstm'], lengths: [4, 6], seeds: 2, steps: 20, evalN: 50 });
  const done = await waitFor((m) => m.type === FromWorker.sweepDone && m.sweepId === 1, mark, 60000);
  const progress = inbox.slice(mark).filter((m) => m.type === FromWorker.sweepProgress);
  assert.equal(progress.length, 8);
  assert.deepEqual(progress.map((m) => m.done), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(progress.every((m) => m.total === 8 && m.point.accuracy >= 0 && m.point.accuracy <= 1));
  assert.equal(done.cancelled, false);
  assert.deepEqual(done.points.map((p) => `${p.cell}:${p.T}`), ['rnn:4', 'rnn:6', 'lstm:4', 'lstm:6']);
  for (const p of done.points) {
    assert.equal(p.accuracies.length, 2);
    assert.ok(p.min <= p.mean && p.mean <= p.max);
  }

  // a bad length is refused before any training
  mark = inbox.length;
  send({ type: ToWorker.sweep, runId: 9, sweepId: 2, cells: ['rnn'], lengths: [0], seeds: 1, steps: 10 });
  const err = await waitFor((m) => m.type === FromWorker.error, mark);
  assert.match(err.message, /T must be at least 1/);

  // cancel after the first point
  mark = inbox.length;
  send({ type: ToWorker.sweep, runId: 9, sweepId: 3, config: { hidden: 8, batch: 8 }, cells: ['lstm'],
    lengths: [5, 10, 15, 20, 25, 30], seeds: 3, steps: 50, evalN: 50 });
  await waitFor((m) => m.type === FromWorker.sweepProgress && m.sweepId === 3, mark);
  send({ type: ToWorker.sweepCancel, runId: 9, sweepId: 3 });
  const cancelled = await waitFor((m) => m.type === FromWorker.sweepDone && m.sweepId === 3, mark, 60000);
  assert.equal(cancelled.cancelled, true);
  const n = cancelled.points.reduce((a, p) => a + p.accuracies.length, 0);
  assert.ok(n >= 1 && n < 18, `${n} of 18 points ran before the cancel took effect`);
});
