// gradcheck_panel.test.mjs — the gradient-check panel's pure parts
// (web/js/panels/gradcheck_panel.mjs): the verdict per tensor against the
// tolerance, the log axis of the bars, the sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GRADCHECK_TOLERANCE, logDomain, logPosition, resultSummary, tensorVerdict, toleranceText,
} from '../../../../web/js/panels/gradcheck_panel.mjs';

const t = (name, maxRelError, checked = 20) => ({ name, checked, maxRelError, maxAbsError: maxRelError / 10 });

test('a tensor passes strictly below the tolerance', () => {
  assert.equal(GRADCHECK_TOLERANCE, 1e-5);
  assert.equal(tensorVerdict(t('a', 3e-9)).pass, true);
  assert.equal(tensorVerdict(t('a', 3e-9)).text, 'passes');
  assert.equal(tensorVerdict(t('a', 1e-5)).pass, false, 'at the tolerance fails');
  assert.match(tensorVerdict(t('a', 2e-3)).text, /^fails: 200 × the tolerance$/);
  assert.equal(tensorVerdict(t('a', NaN)).pass, false);
  assert.equal(tensorVerdict(t('a', Infinity)).pass, false);
  assert.equal(tensorVerdict(t('a', 0, 0)).pass, false, 'nothing checked is no pass');
  assert.equal(tensorVerdict(t('a', 0)).pass, true, 'an exact match passes');
});

test('the log axis spans the errors and keeps the tolerance inside', () => {
  assert.deepEqual(logDomain([3e-9, 2e-10]), { lo: -12, hi: 0 });
  assert.deepEqual(logDomain([4e-15]), { lo: -16, hi: 0 });
  assert.deepEqual(logDomain([0.2, 30]), { lo: -12, hi: 2 });
  assert.deepEqual(logDomain([]), { lo: -12, hi: 0 });
  assert.deepEqual(logDomain([NaN, 0]), { lo: -12, hi: 0 });
  const d = { lo: -12, hi: 0 };
  assert.equal(logPosition(1e-12, d), 0);
  assert.equal(logPosition(1, d), 1);
  assert.ok(Math.abs(logPosition(1e-6, d) - 0.5) < 1e-12);
  assert.equal(logPosition(0, d), 0);
  assert.equal(logPosition(NaN, d), 1, 'not finite: a full bar');
  assert.equal(logPosition(1e-20, d), 0, 'clamped');
});

test('the tolerance sentence states eps, the floor and the margin', () => {
  const s = toleranceText(1e-5, 1e-2);
  assert.match(s, /ε = 10⁻⁵/);
  assert.match(s, /max\(\|a_k\|, \|n_k\|, 10⁻²\)/);
  assert.match(s, /float64/);
  assert.match(s, /tolerance 10⁻⁵/);
  assert.match(toleranceText(1e-4, 1e-3), /ε = 10⁻⁴.*10⁻³/);
});

test('the summary names the worst tensor and the failures', () => {
  const ok = { step: 120, maxRelError: 3e-9, tensors: [t('rnn.weight_hh_l0', 3e-9), t('head.bias', 1e-11)] };
  assert.equal(resultSummary(ok), 'Weights of step 120, 40 entries in 2 tensors: every tensor passes; '
    + 'the largest relative error is 3×10⁻⁹ (rnn.weight_hh_l0), below the tolerance 10⁻⁵.');
  const bad = { step: 3, maxRelError: 0.5, tensors: [t('rnn.weight_hh_l0', 0.5), t('head.bias', 1e-11)] };
  assert.match(resultSummary(bad), /1 of 2 fails \(rnn\.weight_hh_l0\); the largest relative error is 0\.5 \(rnn\.weight_hh_l0\)/);
});
