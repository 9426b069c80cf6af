// bptt_panel.test.mjs — the BPTT panel's notes (web/js/panels/bptt_panel.mjs):
// the sum's norm read from the cell's own recurrent tensor, and why term(1) has no bar.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bpttNotes } from '../../../../web/js/panels/bptt_panel.mjs';
import { useEngineInfo } from '../engine.mjs';
import { cellInfo } from '../../../../web/js/engine_info.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

for (const cell of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
  test(`${cell}: term(1) is exactly 0 and the note says why; the sum is the recurrent tensor's norm`, () => {
    const t = api.createTrainer({ cell, task: 'binary_palindrome', T: 7, seed: 3 });
    const m = t.step(1);
    t.dispose();
    const info = cellInfo(cell);
    assert.equal(m.diagnostics.bpttTerms[0], 0, 'the engine\'s term(1) multiplies the zero initial state');
    const notes = bpttNotes(m, info);
    const s = info.recurrentSource;
    assert.match(notes.zeros, new RegExp(`^term\\(1\\) is exactly 0: it is the product with ${s}\\(0\\), and ${s}\\(0\\) = 0`));
    const norm = m.diagnostics.gradNorms[info.recurrentTensor];
    assert.ok(norm > 0, `${info.recurrentTensor} has a gradient`);
    assert.ok(notes.sum.includes(`(${info.recurrentTensor})`));
    assert.ok(notes.sum.startsWith(`Their sum: ‖∂L/∂${info.recurrentSymbol.replace(/[{}]/g, '')}‖`));
  });
}

test('no diagnostics, no notes', () => {
  assert.deepEqual(bpttNotes(null, null), { sum: '', zeros: '' });
});
