// presets.test.mjs — the guided experiments (web/js/presets.mjs): every
// preset's settings are accepted by the engine as they are, and the figures
// the parameter-count text states are the engine's counts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../../../web/js/presets.mjs';
import { formatCount } from '../../../web/js/format.mjs';
import { useEngineInfo } from './engine.mjs';
import { corpusText } from '../../../web/js/corpora.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

test('every preset\'s labs are configs the engine accepts without a message', () => {
  for (const p of PRESETS) {
    for (const cfg of [p.a, p.b ? { ...p.a, ...p.b } : null].filter(Boolean)) {
      // The text task's text is the shipped corpus its URL key names (the page adds it).
      const input = cfg.task === 'text' ? { ...cfg, text: corpusText(cfg.corpus) } : cfg;
      assert.deepEqual(api.checkConfig(input).errors, [], `${p.id}: ${JSON.stringify(cfg)}`);
    }
  }
});

test('the parameter-count preset quotes the engine\'s counts', () => {
  const p = PRESETS.find((x) => x.id === 'param-count');
  const at16 = api.paramCount(p.a).total;
  const at32 = api.paramCount({ ...p.a, hidden: 32 }).total;
  // The text groups thousands with a space, formatCount with a thin space.
  const spaced = (n) => formatCount(n).replace(/\u2009/g, ' ');
  const text = p.text.replace(/\u2009/g, ' ');
  assert.ok(text.includes(`${spaced(at16)} parameters`), `the text states ${spaced(at16)}`);
  assert.ok(text.includes(`grows to ${spaced(at32)}`), `the text states ${spaced(at32)}`);
  assert.ok(p.text.includes(`× ${(at32 / at16).toFixed(1)}`), 'and their ratio');
});

test('the moment an LSTM learns: the seeded run does what the text says, at the steps it names', () => {
  const p = PRESETS.find((x) => x.id === 'lstm-learns');
  assert.equal(p.runTo, 140);
  assert.ok(p.text.includes(`(${p.runTo} is filled in)`) && p.text.includes(`pauses at step ${p.runTo}`));
  const t = api.createTrainer({ ...p.a, units: true });
  const rows = [];
  for (let s = 1; s <= 300; s++) {
    const m = t.step(1);  // the page's pace reports every step; chunks of steps give the same run
    const d = m.diagnostics;
    const c = d.units.mean.c;
    let cmax = 0;  // the largest mean |c(t)| over t of any unit (batch mean)
    for (let k = 0; k < c[0].length; k++) cmax = Math.max(cmax, c.reduce((a, row) => a + Math.abs(row[k]), 0) / c.length);
    rows.push({ acc: m.accuracy, verdict: d.verdict, dh1: d.dhNorms[0], cmax });
  }
  t.dispose();
  const at = (s) => rows[s - 1];
  const span = (a, b) => rows.slice(a - 1, b);
  const mean = (xs) => xs.reduce((x, y) => x + y, 0) / xs.length;
  // "for its first 110 steps the accuracy stays near chance (50%) and the verdict is vanishes, with ‖∂L/∂h(1)‖ below 10⁻⁴"
  assert.ok(Math.abs(mean(span(1, 110).map((r) => r.acc)) - 0.5) < 0.03);
  assert.ok(span(1, 110).every((r) => r.verdict === 'vanishes' && r.dh1 < 1e-4));
  // "from step 115 the gradient reaching t = 1 grows by four orders of magnitude"
  assert.ok(Math.max(...span(115, 145).map((r) => r.dh1)) > 1e4 * Math.max(...span(1, 110).map((r) => r.dh1)));
  // "pauses at step 140, where 88% of the batch is right and the verdict is grows"
  assert.equal(Math.round(100 * at(140).acc), 88);
  assert.equal(at(140).verdict, 'grows');
  // "at step 100 no unit's c(t) averages more than 0.2 in size over t, where at step 140 a few average about 1"
  assert.ok(at(100).cmax < 0.2, `step 100: ${at(100).cmax}`);
  assert.ok(at(140).cmax > 0.8 && at(140).cmax < 1.5, `step 140: ${at(140).cmax}`);
  // "from step 147 on every batch is right"
  assert.ok(span(147, 300).every((r) => r.acc === 1));
  assert.ok(at(146).acc < 1);
});

test('no preset text promises a step count or a factor that training changes a moment later', () => {
  for (const p of PRESETS) {
    assert.doesNotMatch(p.text, /about \d+ (steps|times)|\d+ times ‖|three thousand/, p.id);
  }
});
