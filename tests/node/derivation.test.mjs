// derivation.test.mjs — the JS API of the engine pieces behind the page's
// derivation panels: grad({jacobians}) against the native CLI (the same
// float64 code, so they agree to 1e-12; tests/torch/test_jacobians.py checks
// both against PyTorch), the step diagnostics (jacobianToTNorms, sigma_max,
// units) only on the reported step of step(n), whatIf() (the model is left
// as it was), gradcheck({tensor}), matchHidden(), and the divergence rule
// on the case (lr 100, SGD, clip 0, gain 10).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { assertClose, cliJson, loadApi } from './helpers.mjs';

let api;
before(async () => {
  api = await loadApi();
});

test('grad({jacobians}) equals rnnlab grad --jacobians, for every cell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-jac-'));
  for (const cell of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
    const t = api.createTrainer({ cell, T: 7, hidden: 5, batch: 3, seed: 4 });
    t.step(3);
    const state = t.stateDict();
    const batchJson = api.generateBatch({ task: 'binary_palindrome', T: 7, batch: 3, seed: 9 });
    const sp = join(dir, `${cell}.state`), bp = join(dir, `${cell}.batch`);
    writeFileSync(sp, JSON.stringify(state));
    writeFileSync(bp, JSON.stringify(batchJson));
    const wasm = api.grad(state, batchJson, { jacobians: true });
    const native = cliJson(['grad', '--state', sp, '--batch', bp, '--jacobians']);
    for (const key of ['jacobian_norms', 'jacobian_product_norms', 'jacobian_to_T_norms']) {
      assert.equal(wasm[key].length, 7, `${cell} ${key}`);
      assertClose(`${cell} ${key}`, wasm[key], native[key], 1e-12, 1e-300);
    }
    assertClose(`${cell} sigma`, wasm.recurrent_sigma_max, native.recurrent_sigma_max, 1e-12);
    assert.equal(wasm.recurrent_tensor, cell === 'peephole_lstm' ? native.recurrent_tensor : 'rnn.weight_hh_l0');
    if (cell === 'rnn') {
      assertClose('rnn bounds', wasm.jacobian_bounds, native.jacobian_bounds, 1e-12, 1e-300);
      for (let i = 0; i < 7; i++) {
        assert.ok(wasm.term_factors.bounds[i] >= wasm.term_factors.norms[i] * (1 - 1e-12), `term(${i + 1}) bound`);
        assert.ok(wasm.jacobian_bounds[i] >= wasm.jacobian_norms[i] * (1 - 1e-12), `J(${i + 1}) bound`);
      }
    } else {
      assert.equal(wasm.jacobian_bounds, undefined, `${cell}: the bound is the RNN's`);
    }
    t.dispose();
  }
});

test('step(n): the on-demand diagnostics of the reported step', () => {
  const t = api.createTrainer({ cell: 'lstm', T: 9, hidden: 6, jacobians: true, units: true });
  const m = t.step(4);
  const d = m.diagnostics;
  assert.equal(m.diverged, null);
  assert.equal(d.jacobianToTNorms.length, 9);
  assert.ok(d.recurrentSigmaMax > 0);
  assert.equal(d.recurrentTensor, 'rnn.weight_hh_l0');
  for (const which of ['first', 'mean']) {
    const u = d.units[which];
    assert.equal(u.h.length, 9);
    assert.equal(u.h[0].length, 6);
    assert.equal(u.c.length, 9);
    assert.deepEqual(Object.keys(u.gates), ['i', 'f', 'g', 'o']);
    for (const g of Object.values(u.gates)) assert.equal(g.length, 9);
  }
  // The gate's mean over units of the batch-mean trace is the gate trace's mean.
  for (let t2 = 0; t2 < 9; t2++) {
    const row = d.units.mean.gates.f[t2];
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    assertClose(`f mean at t=${t2 + 1}`, mean, d.gates.f.mean[t2], 1e-6);
  }
  // For the LSTM, ||ds(T)/ds(T-1)|| is the last step's own Jacobian norm.
  assertClose('to_T[T-1] = J(T)', d.jacobianToTNorms[8], d.jacobianNorms[8], 1e-12);
  t.dispose();
});

test('whatIf(): a branch; the model, the optimizer and the data stay as they were', () => {
  const cfg = { cell: 'rnn', T: 10, hidden: 8, seed: 3 };
  const a = api.createTrainer(cfg), b = api.createTrainer(cfg);
  a.step(5);
  b.step(5);
  const one = a.whatIf({ gain: 1 });
  const two = a.whatIf({ gain: 2 });
  assertClose('sigma scales with the gain', two.diagnostics.recurrentSigmaMax, 2 * one.diagnostics.recurrentSigmaMax, 1e-6);
  assert.equal(two.diagnostics.jacobianToTNorms.length, 10);
  assert.deepEqual(a.stateDict(), b.stateDict());
  assert.equal(a.step(3).loss, b.step(3).loss);
  for (const gain of [0, -1, 101, NaN]) assert.throws(() => a.whatIf({ gain }), /gain must be a (finite )?number/);
  assert.throws(() => a.whatIf({ gian: 2 }), /unknown option 'gian'/);
  assert.equal(a.step(1).step, 9, 'usable after the errors');
  a.dispose();
  b.dispose();
});

test('gradcheck({tensor}) checks one tensor; an unknown name is refused', () => {
  const t = api.createTrainer({ cell: 'gru', T: 5, hidden: 4 });
  const r = t.gradcheck({ tensor: 'rnn.weight_hh_l0' });
  assert.deepEqual(r.tensors.map((x) => x.name), ['rnn.weight_hh_l0']);
  assert.ok(r.maxRelError < 1e-6, String(r.maxRelError));
  assert.throws(() => t.gradcheck({ tensor: 'rnn.weight_xx' }), /no tensor named 'rnn.weight_xx' in this model \(its tensors: rnn.weight_ih_l0/);
  assert.throws(() => t.gradcheck({ tensor: 3 }), /tensor must be a tensor's name/);
  t.dispose();
});

test('matchHidden(): the closest parameter count, by a scan over every hidden size', () => {
  const target = api.paramCount({ cell: 'lstm', hidden: 32 }).total;
  for (const cell of ['rnn', 'gru', 'lstm', 'peephole_lstm']) {
    const got = api.matchHidden({ cell }, target);
    let best = null;
    for (let H = 1; H <= 200; H++) {
      const c = api.paramCount({ cell, hidden: H }).total;
      if (best === null || Math.abs(c - target) < Math.abs(best.paramCount - target)) best = { hidden: H, paramCount: c };
    }
    assert.deepEqual(got, best, cell);
  }
  assert.deepEqual(api.matchHidden({ cell: 'lstm' }, target), { hidden: 32, paramCount: target });
  assert.throws(() => api.matchHidden({ cell: 'rnn' }, 0), /target count must be a positive integer/);
  assert.throws(() => api.matchHidden({ cell: 'rnn' }, '5'), /target count must be a positive integer/);
  assert.throws(() => api.matchHidden({ cell: 'cnn' }, 5), /cell/);
});

test('divergence: lr 100, SGD, clip 0, gain 10 is caught with the numbers', () => {
  const t = api.createTrainer({ cell: 'rnn', T: 16, optimizer: 'sgd', lr: 100, clip: 0, gain: 10 });
  const m = t.step(1000);
  assert.ok(m.diverged, 'no verdict in 1000 steps');
  assert.ok(m.step < 1000, 'step(n) stops at the verdict');
  assert.equal(m.diverged.rule, 'loss');
  assert.ok(m.diverged.lossNow > 3 * m.diverged.lossStart);
  assert.match(m.diverged.message, /^Training diverged: for the last 50 steps the loss stayed above 3 times its starting value \(it started at [0-9.]+ and is now [0-9.e+]+\)\. Try a lower learning rate \(lr is 100; for example 10\), or turn on gradient clipping \(clip is 0, off; for example clip = 1\)\.$/);
  // Sound training: no verdict.
  const ok = api.createTrainer({ cell: 'lstm' });
  assert.equal(ok.step(300).diverged, null);
  t.dispose();
  ok.dispose();
});
