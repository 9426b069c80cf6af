// gates_panel.test.mjs — the gate view's rows (web/js/charts/gate_view.mjs,
// used by web/js/panels/gates_panel.mjs): gates and activations from the
// cell's descriptor, averages over time from the engine.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gateRows } from '../../../../web/js/charts/gate_view.mjs';
import { noGatesText } from '../../../../web/js/panels/gates_panel.mjs';
import { cellInfo } from '../../../../web/js/engine_info.mjs';
import { useEngineInfo } from '../engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

function traces(cell) {
  const t = api.createTrainer({ cell, task: 'binary_palindrome', T: 6, seed: 1 });
  const m = t.step(1);
  t.dispose();
  return m.diagnostics.gates;
}

test('the peephole LSTM\'s g is a sigmoid gate, the LSTM\'s g and the GRU\'s n are tanh', () => {
  const peep = gateRows(traces('peephole_lstm'), cellInfo('peephole_lstm').gates);
  assert.deepEqual(peep.rows.map((r) => r.name), ['i', 'f', 'g', 'o']);
  const g = peep.rows.find((r) => r.name === 'g');
  assert.equal(g.activation, 'sigmoid');
  assert.doesNotMatch(g.label, /tanh/);
  assert.ok(g.u.every((u) => u >= 0 && u <= 1));
  assert.match(gateRows(traces('lstm'), cellInfo('lstm').gates).rows[2].label, /\(tanh\)$/);
  assert.match(gateRows(traces('gru'), cellInfo('gru').gates).rows[2].label, /^new state n \(tanh\)$/);
});

test('the table\'s numbers are the engine\'s time averages, and tanh means map to 0..1 for colour', () => {
  const tr = traces('lstm');
  const { T, rows, summary } = gateRows(tr, cellInfo('lstm').gates);
  assert.equal(T, 6);
  for (const r of rows) {
    assert.equal(r.mean, tr[r.name].timeMean);
    assert.equal(r.low, tr[r.name].timeFracLow);
    assert.equal(r.high, tr[r.name].timeFracHigh);
  }
  const g = rows[2];
  assert.equal(g.u[0], (tr.g.mean[0] + 1) / 2);
  assert.match(summary, /^Gate activations averaged over time — i: mean /);
});

test('a cell without gates gets a sentence with its own equations', () => {
  assert.equal(gateRows(traces('rnn'), cellInfo('rnn').gates).rows.length, 0);
  assert.match(noGatesText(cellInfo('rnn')), /^The vanilla RNN \(tanh\) has no gates: .*h\(t\) = tanh/);
});
