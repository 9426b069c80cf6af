// worker_sample.test.mjs — the worker's `sample` request (web/js/worker_host.mjs,
// docs/worker-protocol.md) in a worker_threads Worker on the real engine:
// before configure it fails clearly; for a text model it answers with the
// engine's sample() of the current state (the same text as sample() on the
// exported state, only the text's characters, the options echoed, the
// trainer's step); for a model without a vocab, or a prime outside it, the
// engine's message; the model is untouched.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi, startWorker } from './helpers.mjs';
import { FromWorker, ToWorker } from '../../web/js/protocol.mjs';
import { corpusText } from '../../web/js/corpora.mjs';

const { inbox, waitFor, send, terminate } = startWorker();
after(() => terminate());

const TEXT = corpusText('arithmetic');
const CONFIG = { task: 'text', text: TEXT, hidden: 16, T: 12, batch: 8, seed: 2 };

async function ask(type, payload, reply, runId) {
  const mark = inbox.length;
  send({ type, runId, ...payload });
  return waitFor((m) => (m.type === reply || m.type === FromWorker.error) && m.runId === runId, mark);
}

test('sample before configure is refused', async () => {
  await waitFor((m) => m.type === FromWorker.ready);
  const e = await ask(ToWorker.sample, { length: 5 }, FromWorker.sample, 0);
  assert.equal(e.type, FromWorker.error);
  assert.equal(e.request, ToWorker.sample);
  assert.match(e.message, /sample before configure/);
});

test('a text model writes the engine\'s sample of its current state', async () => {
  const configured = await ask(ToWorker.configure, { config: CONFIG }, FromWorker.configured, 1);
  assert.equal(configured.type, FromWorker.configured);
  assert.deepEqual(configured.vocab, [...new Set(TEXT)].sort(), 'a text model\'s characters come with configured');
  await ask(ToWorker.step, { n: 20 }, FromWorker.metrics, 1);
  const options = { prime: '12+', length: 60, temperature: 0.8, seed: 5 };
  const r = await ask(ToWorker.sample, options, FromWorker.sample, 1);
  assert.equal(r.type, FromWorker.sample);
  assert.equal(r.step, 20);
  assert.equal(r.prime, '12+');
  assert.equal(r.temperature, 0.8);
  assert.equal(r.seed, 5);
  assert.equal(r.length, 60);
  assert.equal(Array.from(r.text).length, 60);
  assert.ok(r.ms >= 0);
  const chars = new Set(TEXT);
  for (const ch of r.text) assert.ok(chars.has(ch), JSON.stringify(ch));
  // The same computation as the JS API's sample() on the exported state.
  const state = await ask(ToWorker.export, {}, FromWorker.state, 1);
  const api = await loadApi();
  assert.equal(api.sample(state.state, options), r.text);
  // Sampling changes nothing: the same request gives the same text, and the next step is step 21.
  assert.equal((await ask(ToWorker.sample, options, FromWorker.sample, 1)).text, r.text);
  assert.equal((await ask(ToWorker.step, { n: 1 }, FromWorker.metrics, 1)).step, 21);
});

test('the engine\'s messages: a prime outside the vocab, a model without one', async () => {
  const bad = await ask(ToWorker.sample, { prime: 'x', length: 5 }, FromWorker.sample, 1);
  assert.equal(bad.type, FromWorker.error);
  assert.match(bad.message, /the prime's character 0 \('x'\) is not in the model's vocabulary of 13 characters/);
  const parity = await ask(ToWorker.configure, { config: { task: 'parity', hidden: 8 } }, FromWorker.configured, 2);
  assert.equal(parity.vocab, undefined, 'no vocab for a generator task');
  const none = await ask(ToWorker.sample, { length: 5 }, FromWorker.sample, 2);
  assert.equal(none.type, FromWorker.error);
  assert.match(none.message, /no vocab/);
});
