// presets.test.mjs — the guided experiments (web/js/presets.mjs): every
// preset's settings are accepted by the engine as they are, and the figures
// the parameter-count text states are the engine's counts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '../../../web/js/presets.mjs';
import { formatCount } from '../../../web/js/format.mjs';
import { useEngineInfo } from './engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

test('every preset\'s labs are configs the engine accepts without a message', () => {
  for (const p of PRESETS) {
    for (const cfg of [p.a, p.b ? { ...p.a, ...p.b } : null].filter(Boolean)) {
      assert.deepEqual(api.checkConfig(cfg).errors, [], `${p.id}: ${JSON.stringify(cfg)}`);
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

test('no preset text promises a step count or a factor that training changes a moment later', () => {
  for (const p of PRESETS) {
    assert.doesNotMatch(p.text, /about \d+ (steps|times)|\d+ times ‖|three thousand/, p.id);
  }
});
