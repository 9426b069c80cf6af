// step_history.test.mjs — the lab's bounded memory of metrics messages
// (web/js/step_history.mjs): every message kept at first, then thinned to an
// even stride within MAX_ENTRIES and MAX_BYTES; lookups by step; the curve
// history as it was at a step; the per-unit traces packed; and the
// timeline's pure texts (web/js/timeline.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_BYTES, MAX_ENTRIES, createStepHistory, estimateBytes, historyUpTo, packUnits, unitGrid,
} from '../../../web/js/step_history.mjs';
import { createHistory } from '../../../web/js/history.mjs';
import { parseRunTo, timelineText } from '../../../web/js/timeline.mjs';

const grid = (T, H, f) => Array.from({ length: T }, (_, t) => Array.from({ length: H }, (_, k) => f(t, k)));
const msg = (step, units = null) => ({
  step, loss: 1 / step, accuracy: 0.5, finite: true,
  diagnostics: { gradNorm: 1, gradNormClipped: 1, dhNorms: [step, 1], ...(units ? { units } : {}) },
});

test('every message is kept up to MAX_ENTRIES, then thinned to an even stride spanning the run', () => {
  const s = createStepHistory();
  for (let k = 1; k <= MAX_ENTRIES; k++) s.push(msg(k));
  assert.equal(s.length, MAX_ENTRIES);
  assert.equal(s.stride, 1);
  assert.equal(s.at(1234).step, 1234, 'each step of the first MAX_ENTRIES');
  for (let k = MAX_ENTRIES + 1; k <= 10 * MAX_ENTRIES; k++) s.push(msg(k));
  assert.ok(s.length <= MAX_ENTRIES && s.length > MAX_ENTRIES / 4, `${s.length} entries`);
  const steps = s.steps;
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b), 'in step order');
  assert.ok(steps[0] <= 2 * s.stride, 'the run\'s beginning is kept');
  assert.ok(10 * MAX_ENTRIES - steps[steps.length - 1] <= s.stride, 'and its end');
  const gaps = new Set(steps.slice(1).map((x, i) => x - steps[i]));
  assert.ok(Math.max(...gaps) <= 2 * s.stride, `even spacing (gaps ${[...gaps].join(',')}, stride ${s.stride})`);
});

test('the byte bound thins messages with large per-unit traces', () => {
  const T = 16;
  const H = 32;
  const side = () => ({ h: grid(T, H, (t, k) => t - k), c: grid(T, H, () => 2), gates: { i: grid(T, H, () => 0.5), f: grid(T, H, () => 0.9) } });
  const s = createStepHistory({ maxBytes: 2 * 1024 * 1024 });
  for (let k = 1; k <= 1000; k++) s.push(msg(k, { first: side(), mean: side() }));
  assert.ok(s.bytes <= 2 * 1024 * 1024, `${s.bytes} bytes`);
  assert.ok(s.length > 50, `${s.length} entries`);
  const e = s.at(1000) || s.entry(s.length - 1);
  assert.ok(e.msg.diagnostics.units.first.h.values instanceof Float32Array, 'traces packed as Float32Array');
  assert.equal(e.msg.diagnostics.units.first.h.rows, T);
  assert.equal(e.msg.diagnostics.units.first.h.cols, H);
  assert.ok(MAX_BYTES >= 16 * 1024 * 1024, 'the default bound leaves room for the default LSTM');
});

test('at(step) finds the latest kept step at or before it; truncate drops later ones', () => {
  const s = createStepHistory();
  for (const k of [3, 5, 9]) s.push(msg(k));
  assert.equal(s.at(2), null);
  assert.equal(s.at(3).step, 3);
  assert.equal(s.at(8).step, 5);
  assert.equal(s.at(99).step, 9);
  assert.equal(s.indexOf(6), 1);
  s.truncate(5);
  assert.deepEqual(s.steps, [3, 5]);
  s.clear();
  assert.equal(s.length, 0);
});

test('unitGrid and packUnits: [T][H] arrays in one row-major Float32Array, c and gates kept', () => {
  const g = unitGrid(grid(2, 3, (t, k) => 10 * t + k));
  assert.deepEqual([g.rows, g.cols, Array.from(g.values)], [2, 3, [0, 1, 2, 10, 11, 12]]);
  assert.equal(unitGrid(g), g, 'a packed grid stays as it is');
  const p = packUnits({ first: { h: grid(2, 2, () => 1), gates: { z: grid(2, 2, () => 0.5) } }, mean: { h: grid(2, 2, () => 0), c: grid(2, 2, () => 3), gates: {} } });
  assert.equal(p.first.c, undefined);
  assert.equal(p.mean.c.values[0], 3);
  assert.equal(p.first.gates.z.values[3], 0.5);
  // 4 bytes a packed value, 8 a number, plus a constant per object.
  const f = (n) => estimateBytes(new Float32Array(n));
  assert.equal(f(1000) - f(0), 4000);
  const arr = (n) => estimateBytes(Array.from({ length: n }, () => 1.5));
  assert.equal(arr(100) - arr(0), 800);
  assert.ok(estimateBytes(packUnits({ first: { h: grid(16, 32, () => 1), gates: {} } }).first) < 8 * 16 * 32, 'packed: under the 8 bytes a number of the arrays');
});

test('historyUpTo: the curves and heat-map rows as they were at a step', () => {
  const h = createHistory();
  for (let k = 1; k <= 50; k++) h.push(msg(k));
  const v = historyUpTo(h, 20);
  assert.equal(v.length, 20);
  assert.equal(v.columns.step[v.columns.step.length - 1], 20);
  assert.equal(v.columns.loss.length, 20);
  assert.ok(v.profiles.every((p) => p.step <= 20) && v.profiles.length > 0);
  assert.equal(h.length, 50, 'the history itself is untouched');
});

test('the timeline\'s sentences and the run-to field', () => {
  assert.match(timelineText(null, 0, 0), /nothing trained yet/);
  assert.match(timelineText(null, 1200, 1200), /^Live: step 1\u2009200/);
  assert.match(timelineText({ step: 300 }, 1200, 1200), /^Viewing step 300 of 1\u2009200/);
  assert.deepEqual(parseRunTo('400', 12), { step: 400 });
  assert.match(parseRunTo('12', 12).error, /already at step 12/);
  assert.match(parseRunTo('abc', 0).error, /whole number/);
  assert.match(parseRunTo('4.5', 0).error, /whole number/);
});
