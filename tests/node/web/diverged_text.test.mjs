// diverged_text.test.mjs — what the page says when the engine calls a step
// diverged (web/js/protocol.mjs divergedText): the engine's sentence and
// what the page did; a NaN keeps the page's own sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIVERGED_MESSAGE, divergedText } from '../../../web/js/protocol.mjs';

test('the loss and gradient rules: the engine\'s numbers, then the pause', () => {
  const message = 'Training diverged: for the last 50 steps the loss stayed above 3 times its starting value '
    + '(it started at 0.69 and is now 946). Try a lower learning rate (lr is 100; for example 10).';
  const text = divergedText({ step: 61, finite: true, diverged: { rule: 'loss', message } });
  assert.ok(text.startsWith(message));
  assert.match(text, /Training was paused at step 61; the settings and the weights stay as they are/);
  assert.match(divergedText({ step: 9, finite: true, diverged: { rule: 'gradient', message: 'G.' } }), /^G\. Training was paused/);
});

test('NaN or infinity: DIVERGED_MESSAGE, as before', () => {
  assert.equal(divergedText({ step: 1, finite: false, diverged: null }), DIVERGED_MESSAGE);
  assert.equal(divergedText({ step: 1, finite: false, diverged: { rule: 'nonfinite', message: DIVERGED_MESSAGE } }), DIVERGED_MESSAGE);
  assert.equal(divergedText({ step: 1, finite: false }), DIVERGED_MESSAGE);
  assert.match(DIVERGED_MESSAGE, /^Training diverged/);
});
