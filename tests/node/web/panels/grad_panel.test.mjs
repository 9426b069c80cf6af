// grad_panel.test.mjs — the gradient-flow panel's sentence and CSV
// (web/js/panels/grad_panel.mjs) on the engine's real diagnostics.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gradFlowCsv, gradSummary } from '../../../../web/js/panels/grad_panel.mjs';
import { useEngineInfo } from '../engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

function stepOf(config, n = 1) {
  const t = api.createTrainer(config);
  const m = t.step(n);
  t.dispose();
  return m;
}

test('before any step it says so', () => {
  assert.equal(gradSummary(null), 'No gradient yet: press Train or Step.');
});

test('a vanilla RNN at T = 16, step 1: the engine says it vanishes, and the sentence says so with its factor', () => {
  const m = stepOf({ cell: 'rnn', task: 'binary_palindrome', T: 16, seed: 1 });
  const d = m.diagnostics;
  assert.equal(d.verdict, 'vanishes');
  const text = gradSummary(m);
  assert.match(text, /^Step 1: ‖∂L\/∂h\(t\)‖ is .* at t = 1 and .* at t = 16\./);
  assert.match(text, /times smaller at t = 1: it vanishes on its way back through time\./);
  assert.doesNotMatch(text, /explodes|flows/);
});

test('the exploding preset at step 1: the engine calls it exploding, and so does the sentence', () => {
  const m = stepOf({ cell: 'rnn', task: 'binary_palindrome', T: 16, lr: 0.3, optimizer: 'sgd', clip: 0, seed: 1, init: 'orthogonal', gain: 3 });
  assert.equal(m.diagnostics.verdict, 'explodes');
  assert.ok(m.diagnostics.gradNorm > 1);
  assert.match(gradSummary(m), /times larger at t = 1 and the whole gradient is large .*: it explodes/);
});

test('every verdict has its own sentence, consistent with the decades the engine gives', () => {
  const base = { step: 3, diagnostics: { dhNorms: new Float64Array([1e-3, 1e-1]), gradNorm: 0.5 } };
  const say = (verdict, decades, gradNorm = 0.5) => gradSummary({ ...base, diagnostics: { ...base.diagnostics, verdict, verdictDecades: decades, gradNorm } });
  assert.match(say('vanishes', -2), /100 times smaller .*vanishes/);
  assert.match(say('fades', -1), /10 times smaller .*fades/);
  assert.match(say('flows', 0.2), /about the same size .*flows/);
  assert.match(say('grows', 2.5), /320 times larger at t = 1 \(whole gradient ‖∇‖ = 0\.5\): it grows toward the early steps, short of exploding/);
  assert.match(say('explodes', 6, 40), / 10⁶ times larger .*explodes/);
  assert.match(say('explodes', 0, NaN), /not finite: it explodes/);
  // An RNN after long training: h(1) gets exactly no gradient.
  const none = gradSummary({ step: 9, diagnostics: { dhNorms: new Float64Array([0, 0, 0, 1e-3, 1e-1]), gradNorm: 0.2, verdict: 'vanishes', verdictDecades: -Infinity } });
  assert.match(none, /No gradient at all reaches t = 1: it vanishes/);
  assert.match(none, /‖∂L\/∂h\(t\)‖ is exactly 0 at t = 1…3 \(not drawn/);
  assert.doesNotMatch(none, /times smaller/);
});

test('an LSTM says ‖∂L/∂c(1)‖ too; the CSV has one row per time step', () => {
  const m = stepOf({ cell: 'lstm', task: 'binary_palindrome', T: 9, seed: 2 });
  assert.match(gradSummary(m), /‖∂L\/∂c\(t\)‖ is .* at t = 1\./);
  const lines = gradFlowCsv(m).trim().split('\n');
  assert.equal(lines[0], 't,dh_norm,dc_norm,bptt_term');
  assert.equal(lines.length, 1 + 9);
  const [t, dh, dc, term] = lines[9].split(',').map(Number);
  assert.equal(t, 9);
  assert.equal(dh, m.diagnostics.dhNorms[8]);
  assert.equal(dc, m.diagnostics.dcNorms[8]);
  assert.equal(term, m.diagnostics.bpttTerms[8]);
});
