// learning.test.mjs — in wasm, a seeded LSTM learns binary palindrome to at
// least 99% held-out accuracy within seconds (the page's first impression).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './helpers.mjs';

test('LSTM learns binary palindrome (T=10) to >= 99% held-out accuracy', async () => {
  const api = await loadApi();
  const t = api.createTrainer({ task: 'binary_palindrome', cell: 'lstm', T: 10, hidden: 32, batch: 32, lr: 0.01, clip: 1, seed: 1 });
  const t0 = Date.now();
  let acc = 0;
  let steps = 0;
  while (steps < 3000) {
    t.step(100);
    steps += 100;
    acc = t.evaluate(2000);
    if (acc >= 0.995) break;
  }
  console.log(`lstm binary_palindrome T=10: held-out accuracy ${acc} after ${steps} steps, ${(Date.now() - t0) / 1000} s`);
  assert.ok(acc >= 0.99, `accuracy ${acc} after ${steps} steps`);
  t.dispose();
});
