// scale_group.test.mjs — the shared log scale of two labs (web/js/charts/scale_group.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScaleGroup, positiveRange } from '../../../web/js/charts/scale_group.mjs';

test('the union of the members\' ranges, widened to whole decades, tells its listeners', () => {
  const g = createScaleGroup();
  let calls = 0;
  g.subscribe(() => { calls += 1; });
  assert.equal(g.decades(), null);
  g.report('a', 2e-7, 0.3);
  assert.deepEqual(g.decades(), [-7, 0]);
  g.report('b', 5e-9, 0.01);
  assert.deepEqual(g.decades(), [-9, 0]);
  assert.equal(calls, 2);
  g.report('b', 5e-9, 0.01);
  assert.equal(calls, 2, 'an unchanged range is not news');
  g.remove('a');
  assert.deepEqual(g.range(), [5e-9, 0.01]);
  g.report('b', null, null);
  assert.equal(g.decades(), null);
});

test('positiveRange skips zeros, negatives, NaN and infinities', () => {
  assert.deepEqual(positiveRange([0, 3, -1, NaN, Infinity], null, [1e-5]), [1e-5, 3]);
  assert.equal(positiveRange([0, 0]), null);
});

test('decades stay within the clamp, however extreme the data', () => {
  const g = createScaleGroup();
  g.report('x', 1e-200, 1e200);
  const [lo, hi] = g.decades();
  assert.ok(lo >= -30 && hi <= 30 && lo < hi, `${lo}..${hi}`);
});
