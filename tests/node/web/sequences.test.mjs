// sequences.test.mjs — the page's side of the task "Your own labelled
// sequences": the shipped example (web/js/datasets.mjs) is the same text on
// every load and the engine reads it as intended; the sentence on what the
// engine made of a file (controls.mjs sequencesSummary) and the task
// description's chance and "solved" levels (taskLevels) quote the engine;
// the per-step samples' note (samples_panel.mjs perStepNote).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASETS, DEFAULT_DATASET, datasetOf, datasetText } from '../../../web/js/datasets.mjs';
import { SEQUENCES_TASK, sequencesSummary, taskLevels } from '../../../web/js/controls.mjs';
import { perStepNote } from '../../../web/js/panels/samples_panel.mjs';
import { useEngineInfo } from './engine.mjs';

let api;
before(async () => ({ api } = await useEngineInfo()));

test('the shipped example: deterministic, its label the rule "first word = last word", read by the engine', () => {
  const text = datasetText(DEFAULT_DATASET);
  assert.equal(datasetText(DEFAULT_DATASET), text);
  assert.equal(datasetOf(text), DEFAULT_DATASET);
  assert.equal(datasetOf(`${text} `), null);
  assert.equal(DATASETS.length, 1);
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'sequence,label');
  assert.equal(lines.length, 401);
  for (const line of lines.slice(1)) {
    const [seq, label] = line.split(',');
    const w = seq.split(' ');
    assert.equal(label, w[0] === w[w.length - 1] ? 'same' : 'differ', line);
  }
  // Every fifth sequence of each label is held out: counted here from the labels.
  const same = lines.slice(1).filter((l) => l.endsWith(',same')).length;
  const heldOut = Math.floor(same / 5) + Math.floor((400 - same) / 5);
  const c = api.normalizeConfig({ task: SEQUENCES_TASK.name, sequences: text });
  assert.equal(c.sequenceCount, 400);
  assert.equal(c.heldOutCount, heldOut);
  assert.deepEqual(c.classes, ['differ', 'same']);
  assert.equal(c.T, c.longestSequence);
  assert.ok(sequencesSummary(c).startsWith(`400 sequences, ${heldOut} held out (every fifth of each label)`), sequencesSummary(c));
  assert.match(sequencesSummary(c), /the longest has 8 tokens \(T = 8, shorter ones left-padded\); 4 distinct tokens and the padding token; 2 classes: “differ”, “same”\.$/);
  assert.match(sequencesSummary({ ...c, sequenceCount: 3, heldOutCount: 0 }), /fewer than 10, so none held out/);
  assert.equal(sequencesSummary({ task: 'parity' }), '');
});

test('the task description quotes the engine\'s chance and "solved" threshold', () => {
  for (const t of api.tasks()) {
    const s = taskLevels(t);
    assert.match(s, new RegExp(`^Chance ${Math.round(t.chance * 100)}% at T = ${t.defaultT} \\(the best answer that ignores the input\\); solved at held-out accuracy ≥ ${Math.round(t.solved * 100)}%\\.`), t.name);
    assert.equal(/Targets at some steps only/.test(s), !!t.perStep, t.name);
  }
  assert.equal(taskLevels(SEQUENCES_TASK), '');
});

test('per-step tasks: the samples say which step they show', () => {
  const tasks = api.tasks();
  for (const t of tasks) {
    const note = perStepNote({ T: 20 }, { task: t });
    if (t.perStep) assert.match(note, /at the last step, t = 20/);
    else assert.equal(note, '');
  }
});
