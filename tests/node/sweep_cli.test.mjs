// sweep_cli.test.mjs — the sequence-length sweep from the native CLI
// (`rnnlab sweep`) on a short budget and fixed seeds: at the longest T the
// LSTM's held-out accuracy is above the RNN's, and the JSON is well formed.
// Budget: binary_palindrome, H=32, B=32, Adam lr 0.003, forget-gate bias 1,
// 2000 steps per run (the configuration of tests/cpp/test_learning.cpp).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './helpers.mjs';

test('rnnlab sweep: the LSTM beats the RNN at the longest T', () => {
  const r = cli(['sweep', '--task', 'binary_palindrome', '--cells', 'rnn,lstm', '--lengths', '10,30', '--seeds', '2',
    '--steps', '2000', '--hidden', '32', '--batch', '32', '--lr', '0.003', '--forget-bias', '1', '--seed', '1',
    '--eval', '2000', '-q']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.points.length, 4);
  const at = (cell, T) => out.points.find((p) => p.cell === cell && p.T === T);
  for (const p of out.points) {
    assert.equal(p.runs.length, 2);
    assert.ok(p.min_accuracy <= p.mean_accuracy && p.mean_accuracy <= p.max_accuracy);
    console.log(`${p.cell} T=${p.T}: mean ${p.mean_accuracy.toFixed(3)} (runs ${p.runs.map((x) => x.accuracy.toFixed(3)).join(', ')})`);
  }
  const lstm = at('lstm', 30).mean_accuracy;
  const rnn = at('rnn', 30).mean_accuracy;
  assert.ok(lstm > rnn + 0.2, `at T=30: lstm ${lstm}, rnn ${rnn}`);
  assert.ok(rnn < 0.65, `the RNN stays near chance at T=30 (${rnn})`);
});

test('rnnlab sweep: bad input exits 2 with one line', () => {
  const r = cli(['sweep', '--cells', 'rnn,transformer', '--lengths', '5']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr.trim(), /^rnnlab: --cell must be rnn, lstm, gru or peephole_lstm \(got 'transformer'\)$/);
  const r2 = cli(['sweep', '--lengths', '0']);
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /T must be at least 1/);
});
