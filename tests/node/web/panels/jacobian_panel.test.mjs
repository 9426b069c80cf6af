// jacobian_panel.test.mjs — the Jacobian panel's data preparation
// (web/js/panels/jacobian_panel.mjs, charts/jacobian_chart.mjs,
// panels/focus.mjs) on the engine's real results: the columns sit at the
// steps each norm is defined for, jacobians are requested exactly where the
// engine's check accepts them, the sentences quote the engine's numbers,
// and term(i)'s factors are the engine's termFactors (bound >= true norm).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GAIN_OCTAVES, HEAD_TENSOR, cellStateText, gainOf, headVsRecurrent, jacobianRequests, jacobianSummary, termFactorsAt,
} from '../../../../web/js/panels/jacobian_panel.mjs';
import { jacobianColumns } from '../../../../web/js/charts/jacobian_chart.mjs';
import { createFocus, focusOf } from '../../../../web/js/panels/focus.mjs';
import { cellInfo } from '../../../../web/js/engine_info.mjs';
import { formatNumber } from '../../../../web/js/format.mjs';
import { useEngineInfo } from '../engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

const CELLS = ['rnn', 'lstm', 'gru', 'peephole_lstm'];
const T = 9;

function stepped(cell, extra = {}) {
  const t = api.createTrainer({ cell, task: 'binary_palindrome', T, seed: 2, hidden: 16, jacobians: true, ...extra });
  const m = t.step(3);
  return { t, m };
}

test('the slider: gain 2^v, exactly 1 in the middle, 1/16 … 16 at the ends', () => {
  assert.equal(gainOf(0), 1);
  assert.equal(gainOf('0'), 1);
  assert.equal(gainOf(-GAIN_OCTAVES), 1 / 16);
  assert.equal(gainOf(GAIN_OCTAVES), 16);
});

test('the engine\'s reason is kept where it would not compute Jacobians; no training config key', async () => {
  const check = async (c) => api.checkConfig(c);
  assert.deepEqual(await jacobianRequests({ cell: 'lstm', hidden: 32 }, check), { keys: {}, note: null });
  assert.deepEqual(await jacobianRequests({}, check), { keys: {}, note: null }, 'the defaults');
  const big = await jacobianRequests({ cell: 'lstm', hidden: 300 }, check);  // s = [h; c]: 600 numbers
  assert.deepEqual(big.keys, {});
  assert.match(big.note, /512/);
  assert.match(big.note, /600/);
  const rnn = await jacobianRequests({ cell: 'rnn', hidden: 300 }, check);  // s = h: 300 numbers
  assert.equal(rnn.note, null);
  // A config refused for another reason: no jacobians and no note of ours (the lab shows the refusal).
  const bad = await jacobianRequests({ cell: 'rnn', T: 0 }, check);
  assert.deepEqual(bad, { keys: {}, note: null });
});

for (const cell of CELLS) {
  test(`${cell}: the chart's columns sit where each norm is defined`, () => {
    const { t, m } = stepped(cell);
    t.dispose();
    const d = m.diagnostics;
    assert.equal(d.jacobianNorms.length, T);
    assert.equal(d.jacobianToTNorms.length, T);
    const c = jacobianColumns(d);
    assert.equal(c.T, T);
    assert.deepEqual(c.x, Array.from({ length: T + 1 }, (_, k) => k));
    assert.equal(c.step[0], null, 'no ds(0)/ds(-1)');
    assert.equal(c.step[1], d.jacobianNorms[0]);
    assert.equal(c.step[T], d.jacobianNorms[T - 1]);
    assert.equal(c.toT[0], d.jacobianToTNorms[0], 'i = 0: the whole product ds(T)/ds(0)');
    assert.equal(c.toT[T], null, 'i = T: not given');
    assert.equal(c.dh[T], d.dhNorms[T - 1]);
    assert.ok(c.sigma.every((v) => v === d.recurrentSigmaMax) && d.recurrentSigmaMax > 0);
    assert.equal(!!c.bound, cell === 'rnn', 'the bound: vanilla RNN only');
    if (c.bound) for (let k = 1; k <= T; k++) assert.ok(c.bound[k] >= c.step[k] * (1 - 1e-9), `bound >= norm at t = ${k}`);
  });

  test(`${cell}: the sentences quote the engine's numbers`, () => {
    const { t, m } = stepped(cell);
    t.dispose();
    const d = m.diagnostics;
    const info = cellInfo(cell);
    const s = jacobianSummary(d, { step: m.step, cell: info });
    assert.ok(s.startsWith(`Step ${m.step}: σ_max(`), s);
    assert.ok(s.includes(formatNumber(d.recurrentSigmaMax, 3)), 'σ_max quoted');
    assert.ok(s.includes(`(s = ${info.stateSymbol})`));
    assert.equal(s.includes('dashed bound'), cell === 'rnn');
    const lstmText = cellStateText(d, info);
    assert.equal(lstmText !== '', info.hasCellState, 'the c-path sentence for cells with a cell state');
    if (lstmText) {
      assert.match(lstmText, /f ≈ 1/);
      assert.ok(lstmText.includes(formatNumber(d.gates.f.timeMean, 3)), 'the forget gate\'s time average quoted');
    }
    const hv = headVsRecurrent(d, info);
    assert.ok(d.gradNorms[HEAD_TENSOR] > 0, 'the head has a gradient');
    assert.match(hv.a, /one term, from h\(T\)/);
    assert.ok(hv.a.includes(`(${HEAD_TENSOR})`));
    assert.ok(hv.b.includes(`(${info.recurrentTensor})`));
    assert.match(hv.b, new RegExp(`${T} terms`));
  });
}

test('rnn: term(i)\'s factors are the engine\'s, their product bounds the true norm', () => {
  const { t, m } = stepped('rnn');
  t.dispose();
  const d = m.diagnostics;
  for (let i = 1; i <= T; i++) {
    const f = termFactorsAt(d, i);
    assert.equal(f.i, i);
    assert.equal(f.bound, d.termFactors.bounds[i - 1]);
    assert.equal(f.norm, d.termFactors.norms[i - 1]);
    assert.equal(f.partial, d.termFactors.partialNorms[i - 1]);
    assert.equal(f.product, i === T ? 1 : d.jacobianToTNorms[i]);
    assert.ok(f.bound >= f.norm * (1 - 1e-9), `term(${i}): ${f.bound} >= ${f.norm}`);
  }
  assert.equal(termFactorsAt(d, 0), null, 'term(0): h(0) is the initial state');
  assert.equal(termFactorsAt(d, T + 1), null);
});

test('other cells: no term factors', () => {
  for (const cell of ['lstm', 'gru', 'peephole_lstm']) {
    const { t, m } = stepped(cell);
    t.dispose();
    assert.equal(termFactorsAt(m.diagnostics, 1), null, cell);
  }
});

test('a what-if branch: its sigma_max is the gain times the model\'s, and it is summarised as a branch', () => {
  const { t, m } = stepped('rnn');
  const r = t.whatIf({ gain: 0.5 });
  const again = t.whatIf({ gain: 1 });
  t.dispose();
  assert.ok(Math.abs(r.diagnostics.recurrentSigmaMax - 0.5 * again.diagnostics.recurrentSigmaMax) < 1e-6 * again.diagnostics.recurrentSigmaMax);
  const s = jacobianSummary(r.diagnostics, { step: m.step, gain: 0.5, cell: cellInfo('rnn') });
  assert.match(s, /^What if W_hh were 0\.5 × the model's/);
  assert.match(s, /must vanish/, 'σ_max below 1: the bound forces every factor below 1');
});

test('focus: one per lab context, listeners hear each change once', () => {
  const ctx = {};
  assert.equal(focusOf(ctx), focusOf(ctx));
  assert.notEqual(focusOf(ctx), focusOf({}));
  const f = createFocus();
  const heard = [];
  const off = f.subscribe((s, src) => heard.push([s, src]));
  f.set(3, 'bptt');
  f.set(3, 'bptt');
  f.set(null);
  f.set(2.5);
  off();
  f.set(4);
  assert.deepEqual(heard, [[3, 'bptt'], [null, '']]);
  assert.equal(f.step, 4);
});
