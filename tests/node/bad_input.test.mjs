// bad_input.test.mjs — every bad input to the JavaScript API throws an Error
// with the engine's message, and the module stays usable: a valid call right
// after each failure works.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './helpers.mjs';

let api;
before(async () => {
  api = await loadApi();
});

const goodState = () => {
  const t = api.createTrainer({ cell: 'lstm', T: 5, hidden: 4 });
  const s = t.stateDict();
  t.dispose();
  return s;
};
const goodBatch = { tokens: [[0, 1, 2, 1, 0], [2, 2, 0, 1, 1]], targets: [1, 0] };

function expectError(fn, pattern) {
  assert.throws(fn, (e) => e instanceof Error && pattern.test(e.message), `expected an Error matching ${pattern}`);
  // Still usable afterwards.
  const t = api.createTrainer({ cell: 'gru', T: 4, hidden: 4 });
  assert.equal(t.step(2).step, 2);
  t.dispose();
}

const configCases = [
  [{ T: 0 }, /T must be at least 1/],
  [{ hidden: -3 }, /hidden size must be between 1 and 4096 \(got -3\)/],
  [{ hidden: 1.5 }, /hidden must be an integer/],
  [{ lr: 'abc' }, /lr must be a number \(got "abc"\)/],
  [{ lr: 0 }, /learning rate/],
  [{ lr: NaN }, /lr must be a finite number/],
  [{ cell: 'transformer' }, /cell must be rnn, lstm, gru or peephole_lstm/],
  [{ task: 'sorting' }, /unknown task 'sorting'/],
  [{ optimizer: 'lbfgs' }, /optimizer must be sgd, rmsprop or adam/],
  [{ clip: -1 }, /clip must be a non-negative number/],
  [{ batch: 0 }, /batch size must be at least 1/],
  [{ embed: -1 }, /embedding size/],
  [{ seed: -5 }, /seed must be a non-negative integer/],
  [{ task: 'baum_sweet', T: 63 }, /T must be at most 62/],
  [{ T: 100000, batch: 1000, hidden: 512 }, /too large: the training caches would need \d+ MiB/],
];
for (const [cfg, pattern] of configCases) {
  test(`bad config ${JSON.stringify(cfg)}`, () => expectError(() => api.createTrainer(cfg), pattern));
}

test('bad grad inputs', () => {
  const state = goodState();
  expectError(() => api.grad('{not json', goodBatch), /state: malformed JSON/);
  expectError(() => api.grad(state, { tokens: [[0, 1, 3]], targets: [0] }), /batch: tokens\[0\]\[2\] = 3 is out of range 0..2/);
  expectError(() => api.grad(state, { tokens: [[0, 1], [1]], targets: [0, 1] }), /tokens\[1\]' has 1 tokens/);
  expectError(() => api.grad(state, { tokens: [[0, 1]], targets: [5] }), /targets\[0\] = 5 is out of range/);
  const wrongShape = structuredClone(state);
  wrongShape.tensors['rnn.weight_hh_l0'].shape = [16, 3];
  expectError(() => api.grad(wrongShape, goodBatch), /tensors\.rnn\.weight_hh_l0\.shape/);
  const nonFinite = JSON.stringify(state).replace(/"data":\[([-0-9.e]+)/, '"data":[1e999');
  expectError(() => api.grad(nonFinite, goodBatch), /not a finite number|overflow/);
  expectError(() => api.grad(42, goodBatch), /state must be a JSON string or an object/);
  // and a valid grad works
  const g = api.grad(state, goodBatch);
  assert.equal(g.dh_norms.length, 5);
});

test('bad state for a trainer, bad step counts, use after dispose', () => {
  const t = api.createTrainer({ cell: 'lstm', T: 5, hidden: 4 });
  const other = api.createTrainer({ cell: 'gru', T: 5, hidden: 4 });
  expectError(() => t.loadStateDict(other.stateDict()), /state: it is for a gru .* this trainer is a lstm/);
  expectError(() => t.loadStateDict('{"format": "rnnlab-state/1"}'), /missing field 'cell'/);
  expectError(() => t.step(0), /step\(n\) needs 1 <= n/);
  expectError(() => t.step('3'), /step\(n\) must be an integer/);
  assert.equal(t.step(1).step, 1);
  t.dispose();
  other.dispose();
  expectError(() => t.step(1), /disposed/);
});

test('a diverging run reports finite=false instead of crashing', () => {
  const t = api.createTrainer({ cell: 'rnn', T: 10, hidden: 64, lr: 100, clip: 0, optimizer: 'sgd', init: 'orthogonal' });
  let m;
  for (let k = 0; k < 200; k++) {
    m = t.step(1);
    if (!m.finite) break;
  }
  // Whether or not it diverged, every result is well-formed and the trainer keeps working.
  assert.equal(typeof m.finite, 'boolean');
  assert.ok(t.step(1).step >= 1);
  t.dispose();
});
