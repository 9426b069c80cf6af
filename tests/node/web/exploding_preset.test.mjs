// exploding_preset.test.mjs — the exploding-gradient experiment
// (web/js/presets.mjs, id 'exploding') does what its text says with the
// real engine, seeded as every student sees it: step 1 explodes in both
// labs; lab A (clip 0) climbs far above chance and the engine's divergence
// rule stops it before step 100, with a message naming the numbers; lab B
// (clip 0.1) trains on near chance with no divergence.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS, presetConfigs } from '../../../web/js/presets.mjs';
import { divergedText } from '../../../web/js/protocol.mjs';
import { useEngineInfo } from './engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

const preset = PRESETS.find((p) => p.id === 'exploding');

/** Steps one at a time (the page's default pace) until the engine says diverged, or `max` steps. */
function train(cfg, max) {
  const t = api.createTrainer(cfg);
  const losses = [];
  let first = null;
  let last = null;
  for (let s = 0; s < max; s++) {
    last = t.step(1);
    if (!first) first = last;
    losses.push(last.loss);
    if (!last.finite || (last.diverged && last.diverged.rule)) break;
  }
  t.dispose();
  return { first, last, losses };
}

test('the exploding preset: lab A is paused by the loss rule before step 100, lab B trains on', () => {
  const { a, b } = presetConfigs(preset);
  assert.equal(a.clip, 0);
  assert.ok(preset.text.includes(`lr ${a.lr}`) && preset.text.includes(`clip ${b.clip}`), 'the text quotes the settings');
  assert.ok(preset.headings[1].includes(`clip ${b.clip}`));

  const A = train(a, 1000);
  assert.equal(A.first.diagnostics.verdict, 'explodes', 'step 1: exploding');
  assert.ok(A.first.diagnostics.verdictDecades > 2, '‖∂L/∂h(1)‖ more than a hundred times ‖∂L/∂h(T)‖');
  assert.equal(A.last.diverged && A.last.diverged.rule, 'loss');
  assert.ok(A.last.step < 100, `paused before step 100 (step ${A.last.step})`);
  assert.ok(A.last.finite);
  assert.match(A.last.diverged.message, /^Training diverged: for the last 50 steps the loss stayed above 3 times its starting value \(it started at [\d.]+ and is now [\d.]+\)\. Try a lower learning rate \(lr is 1\.5/);
  assert.ok(Math.max(...A.losses) > 10 * 0.69, 'far above chance');
  assert.match(divergedText(A.last), /Training was paused at step \d+/);

  const B = train(b, 3000);
  assert.equal(B.first.diagnostics.verdict, 'explodes', 'the same start');
  assert.ok(!B.last.diverged || !B.last.diverged.rule, `lab B never diverges (${B.last.diverged && B.last.diverged.message})`);
  assert.equal(B.last.step, 3000);
  const mean = B.losses.reduce((x, y) => x + y, 0) / B.losses.length;
  assert.ok(mean < 0.75, `lab B stays near chance or below (mean loss ${mean})`);
});

test('the issue\'s case: lr = 100 with SGD, clip 0, gain 10 is paused with the numbers', () => {
  const r = train({ cell: 'rnn', task: 'binary_palindrome', T: 16, seed: 1, optimizer: 'sgd', lr: 100, clip: 0, gain: 10 }, 1000);
  assert.ok(r.last.diverged && r.last.diverged.rule, 'diverged');
  assert.match(divergedText(r.last), /lr is 100/);
  assert.match(divergedText(r.last), /Training was paused at step \d+/);
});
