// loss_panel.test.mjs — the loss panel's sentence (web/js/panels/loss_panel.mjs)
// with the engine's chance level.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lossSummary } from '../../../../web/js/panels/loss_panel.mjs';
import { useEngineInfo } from '../engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

test('chance is the engine\'s: the most frequent class of the held-out stream', () => {
  for (const task of ['binary_palindrome', 'baum_sweet', 'palindrome']) {
    const t = api.createTrainer({ task, T: 12 });
    const config = t.config();
    const m = t.step(1);
    t.dispose();
    assert.ok(config.chance >= 1 / config.numClasses - 1e-12 && config.chance <= 1, `${task}: chance ${config.chance}`);
    assert.match(lossSummary(m, config), new RegExp(`\\(chance ${Math.round(config.chance * 100)}%\\)\\.$`));
  }
});

test('baum_sweet is imbalanced: its chance is the majority class, well above 1/C', () => {
  const t = api.createTrainer({ task: 'baum_sweet', T: 12 });
  const { chance, numClasses } = t.config();
  t.dispose();
  assert.equal(numClasses, 2);
  assert.ok(chance > 0.8, `chance ${chance}`);
});

test('before training', () => {
  assert.equal(lossSummary(null, null), 'Not trained yet.');
});

test('the "solved" sentence: the engine\'s threshold, and which accuracy reached it', async () => {
  const { solvedSummary } = await import('../../../../web/js/panels/loss_panel.mjs');
  for (const t of api.tasks().filter((x) => ['embedded_reber', 'distracted_recall', 'copy', 'dyck'].includes(x.name))) {
    assert.equal(t.solved, 0.99);
    assert.match(solvedSummary(t.solved, null), /^Solved: not yet\. The engine counts this task as solved at held-out accuracy ≥ 99% \(0\.99\)/);
    assert.match(solvedSummary(t.solved, 1234), /^Solved on a training batch: at step 1\u2009?234 the batch accuracy was ≥ 99% \(0\.99\).*defines on held-out sequences, not on a training batch\.$/);
  }
  assert.equal(solvedSummary(undefined, null), '', 'no threshold (the text and sequences tasks): no sentence');
});
