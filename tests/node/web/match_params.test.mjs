// match_params.test.mjs — compare mode's "match parameters" line and its
// test for a hand-set N_h (web/js/match_params.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countsText, onlyHiddenChanged } from '../../../web/js/match_params.mjs';

// formatCount groups digits with a thin space (U+2009).
const n = (text) => text.replace(/\u2009/g, ' ');

test('both counts, and the difference when matched', () => {
  const a = { total: 4674, hiddenSize: 32 };
  const b = { total: 4610, hiddenSize: 65 };
  assert.equal(n(countsText(a, b, false)), 'A: 4 674 parameters (N_h = 32) · B: 4 610 parameters (N_h = 65).');
  assert.equal(n(countsText(a, b, true)), 'A: 4 674 parameters (N_h = 32) · B: 4 610 parameters (N_h = 65): '
    + 'B\'s N_h is the engine\'s closest match, −64 (1.4 %).');
  assert.match(countsText(a, { total: 4674, hiddenSize: 40 }, true), /the same count\.$/);
  assert.equal(countsText(a, null, true), '');
});

test('a change of hidden alone is a hand-set N_h', () => {
  const c = { cell: 'rnn', T: 16, hidden: 32 };
  assert.equal(onlyHiddenChanged(c, { ...c, hidden: 40 }), true);
  assert.equal(onlyHiddenChanged(c, { ...c, hidden: 40, cell: 'gru' }), false);
  assert.equal(onlyHiddenChanged(c, { ...c }), false);
  assert.equal(onlyHiddenChanged(null, c), false);
});
