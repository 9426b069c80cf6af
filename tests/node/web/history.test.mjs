// history.test.mjs — the lab's history (web/js/history.mjs) and the CSV of
// the worker's per-step record (web/js/worker_host.mjs createStepRecord).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistory, recordToCsv } from '../../../web/js/history.mjs';
import { createStepRecord } from '../../../web/js/worker_host.mjs';

const msg = (step, dh) => ({ step, loss: 1 / step, accuracy: step / 100, diagnostics: { gradNorm: 2, gradNormClipped: 1, dhNorms: dh } });

test('one row per metrics message, profiles thinned to a bounded count', () => {
  const h = createHistory();
  for (let s = 1; s <= 1000; s++) h.push(msg(s, [s, 2 * s]));
  assert.equal(h.length, 1000);
  assert.deepEqual(h.columns.step.slice(0, 3), [1, 2, 3]);
  assert.ok(h.profiles.length <= 160 && h.profiles.length > 40, `${h.profiles.length} profiles`);
  assert.equal(h.profiles[0].step, 1);
  const steps = h.profiles.map((p) => p.step);
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b), 'in training order');
  h.clear();
  assert.equal(h.length, 0);
  assert.equal(h.profiles.length, 0);
});

test('the per-step record keeps every step across growth, and its CSV has one row per step', () => {
  const r = createStepRecord();
  let step = 0;
  for (const n of [1, 7, 1500, 3]) {  // chunks of steps, as the worker's step(n) returns them
    const cols = { loss: [], accuracy: [], gradNorm: [], gradNormClipped: [] };
    for (let k = 0; k < n; k++) {
      step += 1;
      cols.loss.push(step + 0.5);
      cols.accuracy.push(step % 2);
      cols.gradNorm.push(3 * step);
      cols.gradNormClipped.push(1);
    }
    r.append(step - n + 1, cols);
  }
  assert.equal(r.length, 1511);
  const c = r.columns();
  assert.equal(c.firstStep, 1);
  assert.equal(c.loss[1510], 1511.5);
  assert.equal(c.gradNorm[999], 3000);
  const lines = recordToCsv(c).trim().split('\n');
  assert.equal(lines[0], 'step,loss,accuracy,grad_norm,grad_norm_clipped');
  assert.equal(lines.length, 1 + 1511);
  assert.equal(lines[1511], '1511,1511.5,1,4533,1');
});
