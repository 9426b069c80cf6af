// state_panel.test.mjs — "Inside the state" (web/js/panels/state_panel.mjs):
// which maps a cell gets (h, c, its gates from the descriptor), their colour
// ranges, the unit order a sort choice gives, and the caption; then the
// engine's own per-unit traces (`units: true`) have T rows and H columns.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { niceCeil, sortChoices, stateCaption, stateMaps, unitOrder } from '../../../../web/js/panels/state_panel.mjs';
import { packUnits } from '../../../../web/js/step_history.mjs';
import { cellInfo } from '../../../../web/js/engine_info.mjs';
import { useEngineInfo } from '../engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

const grid = (T, H, f) => Array.from({ length: T }, (_, t) => Array.from({ length: H }, (_, k) => f(t, k)));
const LSTM = { title: 'LSTM', gates: [{ name: 'i', title: 'input gate', activation: 'sigmoid' }, { name: 'f', title: 'forget gate', activation: 'sigmoid' },
  { name: 'g', title: 'candidate', activation: 'tanh' }, { name: 'o', title: 'output gate', activation: 'sigmoid' }] };

function lstmUnits(T, H) {
  const side = (scale) => ({
    h: grid(T, H, (t, k) => scale * Math.tanh((k - H / 2) / H)),
    c: grid(T, H, (t, k) => scale * (k % 2 ? 3.2 : -1)),
    gates: { i: grid(T, H, () => 0.5), f: grid(T, H, (t, k) => k / H), g: grid(T, H, () => 0), o: grid(T, H, () => 0.7) },
  });
  return { first: side(1), mean: side(0.5) };
}

test('an LSTM gets h, c and its four gates in descriptor order; ranges by activation, c by its values', () => {
  const maps = stateMaps(lstmUnits(4, 6), 'first', LSTM);
  assert.deepEqual(maps.map((m) => m.key), ['h', 'c', 'i', 'f', 'g', 'o']);
  assert.deepEqual(maps.map((m) => m.kind), ['tanh', 'free', 'sigmoid', 'sigmoid', 'tanh', 'sigmoid']);
  const c = maps[1];
  assert.deepEqual([c.lo, c.hi], [-5, 5], 'max |c| = 3.2 -> a range of ±5');
  assert.deepEqual([maps[3].lo, maps[3].hi], [0, 1]);
  assert.equal(maps[0].grid.rows, 4);
  assert.equal(maps[0].grid.cols, 6);
  assert.match(maps[3].label, /^f\(t\), forget gate \(σ\)$/);
  assert.match(maps[4].label, /\(tanh\)$/);
  // The same from packed traces (a step kept in the history).
  const packed = stateMaps(packUnits(lstmUnits(4, 6)), 'mean', LSTM);
  assert.equal(packed.length, 6);
  assert.ok(Math.abs(packed[0].grid.values[0] - 0.5 * Math.tanh(-0.5)) < 1e-6, 'the batch mean');
});

test('a vanilla RNN gets h alone; no traces, no maps', () => {
  const rnn = { first: { h: grid(3, 2, () => 0.1), gates: {} }, mean: { h: grid(3, 2, () => 0), gates: {} } };
  assert.deepEqual(stateMaps(rnn, 'first', { gates: [] }).map((m) => m.key), ['h']);
  assert.deepEqual(stateMaps(undefined, 'first', LSTM), []);
});

test('sorting: by a gate\'s mean over t or by mean |x|, highest first; index order otherwise', () => {
  const maps = stateMaps(lstmUnits(3, 6), 'first', LSTM);
  assert.deepEqual(unitOrder(maps, 'index'), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(unitOrder(maps, 'f'), [5, 4, 3, 2, 1, 0], 'f = k/H: the last unit is the most open');
  const byH = unitOrder(maps, 'h');
  assert.equal(byH[0], 0, '|h| is largest at unit 0 (tanh(-1/2))');
  assert.deepEqual(unitOrder(maps, 'nothing'), [0, 1, 2, 3, 4, 5]);
  const choices = sortChoices(maps);
  assert.equal(choices[0][0], 'index');
  assert.match(choices.find((c) => c[0] === 'f')[1], /^mean f\(t\) over t/);
  assert.match(choices.find((c) => c[0] === 'c')[1], /^mean \|c\(t\)\| over t/);
});

test('the caption says the step, the source and the order', () => {
  const a = stateCaption({ step: 1234, source: 'first', sortLabel: null, T: 16, H: 32, cellTitle: 'LSTM', symbols: ['h', 'c', 'i', 'f', 'g', 'o'] });
  assert.match(a, /^Step 1\u2009234: the LSTM's h\(t\), c\(t\) and the gates i, f, g, o for the batch's first sequence/);
  assert.match(stateCaption({ step: 1, source: 'first', T: 2, H: 3, cellTitle: 'RNN', symbols: ['h'] }), /^Step 1: the RNN's h\(t\) \(no gates in this cell\) for/);
  assert.match(a, /16 rows \(t = 1 at the top to t = 16\), 32 columns: the units in index order\.$/);
  const b = stateCaption({ step: 5, source: 'mean', sortLabel: 'mean f(t) over t, highest first', T: 2, H: 3 });
  assert.match(b, /for the mean over the batch; .* sorted by mean f\(t\) over t/);
  assert.deepEqual([niceCeil(0.3), niceCeil(1), niceCeil(1.2), niceCeil(3.2), niceCeil(7), niceCeil(12)], [1, 1, 1.5, 5, 7, 15]);
});

test('the engine\'s per-unit traces: T rows of H units for h, c and each gate of the descriptor', () => {
  for (const cell of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
    const t = api.createTrainer({ cell, task: 'binary_palindrome', T: 7, hidden: 5, seed: 1, units: true });
    const m = t.step(2);
    t.dispose();
    const maps = stateMaps(m.diagnostics.units, 'first', cellInfo(cell));
    const want = ['h', ...(cellInfo(cell).hasCellState ? ['c'] : []), ...cellInfo(cell).gates.map((g) => g.name)];
    assert.deepEqual(maps.map((x) => x.key), want, cell);
    for (const x of maps) assert.deepEqual([x.grid.rows, x.grid.cols], [7, 5], `${cell} ${x.key}`);
    assert.equal(stateMaps(m.diagnostics.units, 'mean', cellInfo(cell)).length, want.length);
  }
});
