// report.test.mjs — run reports made in the wasm build and checked by the
// native `rnnlab verify` (docs/report-format.md): a report of a wasm run
// (every cell, float32 and float64, a text model with its text) is genuine,
// and the native replay reproduces it bit for bit;
// the same report with one number changed exits 1 naming that field; a
// malformed one exits 2; a folder is verified in one command; an assignment
// whose locked setting the run did not use is caught; a run from loaded
// weights has no report; the worker answers `report`; checkAssignment()
// names the line of every bad field.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, loadApi, startWorker } from './helpers.mjs';

const api = await loadApi();
const dir = mkdtempSync(join(tmpdir(), 'rnnlab-report-'));

function trainedReport(config, steps, extras) {
  const t = api.createTrainer(config);
  try {
    for (let done = 0; done < steps; done += 50) t.step(Math.min(50, steps - done));
    return t.report(extras);
  } finally {
    t.dispose();
  }
}

function save(name, report) {
  const file = join(dir, name);
  writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  return file;
}

const base = trainedReport({ cell: 'lstm', seed: 4 }, 300, { answers: ['the forget gate'] });

test('a wasm run report is genuine natively, for every cell and both precisions', () => {
  assert.equal(base.format, 'rnnlab-report/1');
  assert.equal(base.engine.build, 'wasm');
  assert.equal(base.steps, 300);
  assert.deepEqual(base.answers, ['the forget gate']);
  assert.equal(base.checkpoints.at(-1).step, 300);
  const r = cli(['verify', save('base.json', base)]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /base\.json: genuine: 300 steps replayed in float32, every reported number and state reproduced bit for bit/);
  assert.match(r.stderr, /replaying steps 0 to 25/);
  for (const precision of ['float32', 'float64']) {
    for (const cell of ['rnn', 'gru', 'peephole_lstm', 'lstm']) {
      const rep = trainedReport({ cell, precision, T: 10, hidden: 16, seed: 2, layers: cell === 'gru' ? 2 : 1 }, 200);
      assert.equal(rep.precision, precision);
      const v = cli(['verify', save(`${cell}-${precision}.json`, rep)]);
      assert.equal(v.status, 0, `${cell} ${precision}: ${v.stdout}`);
      // rnnlab-replay rounds as the wasm build does (docs/report-format.md).
      assert.match(v.stdout, /bit for bit/, `${cell} ${precision}: ${v.stdout}`);
    }
  }
  // Rows whose width is not a multiple of 4: the wasm build's SIMD activations
  // (tensor.hpp) end each row one float at a time, and must still agree.
  for (const cell of ['lstm', 'gru']) {
    const rep = trainedReport({ cell, T: 7, hidden: 13, seed: 3 }, 120);
    const v = cli(['verify', save(`${cell}-h13.json`, rep)]);
    assert.equal(v.status, 0, `${cell} hidden 13: ${v.stdout}`);
    assert.match(v.stdout, /bit for bit/, `${cell} hidden 13: ${v.stdout}`);
  }
});

test('one changed number is rejected with exit 1, naming the field', () => {
  const cases = [
    [(r) => { r.final.heldOutAccuracy = r.final.heldOutAccuracy > 0.5 ? 0.2 : 0.95; }, 'final.heldOutAccuracy'],
    [(r) => { r.checkpoints[2].loss *= 1.5; }, 'checkpoints[2].loss'],
    [(r) => { r.checkpoints[0].gradNorm *= 2; }, 'checkpoints[0].gradNorm'],
    [(r) => { r.config.hidden = 33; }, 'checkpoints[0].state'],
    [(r) => { r.config.lr = 0.05; }, 'checkpoints[0].'],
    // Claiming more training than was done: the replay of the last segment does not reach the reported state.
    [(r) => { r.steps = 400; r.final.step = 400; r.checkpoints.at(-1).step = 400; }, `checkpoints[${base.checkpoints.length - 1}].`],
  ];
  for (const [change, field] of cases) {
    const r = structuredClone(base);
    change(r);
    const v = cli(['verify', save('changed.json', r)]);
    assert.equal(v.status, 1, `${field}: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, /NOT genuine/);
    assert.ok(v.stdout.includes(field), `${field} in: ${v.stdout}`);
  }
});

test('malformed reports exit 2 with a message', () => {
  for (const [text, message] of [
    ['{"format": "rnnlab-report/1", ', /JSON|syntax|parse/i],
    ['[]', /JSON object/],
    [JSON.stringify({ ...base, format: 'rnnlab-state/1' }), /format must be "rnnlab-report\/1"/],
    [JSON.stringify({ ...base, checkpoints: [{ ...base.checkpoints[0], state: 'not base64!' }] }), /state is not base64/],
  ]) {
    const v = cli(['verify', save('bad.json', text)]);
    assert.equal(v.status, 2, v.stdout);
    assert.match(v.stdout, /malformed/);
    assert.match(v.stdout, message);
  }
  const missing = cli(['verify', join(dir, 'nowhere.json')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stdout, /cannot open/);
});

test("a folder of reports in one command, and an assignment's locks", () => {
  const folder = join(dir, 'class');
  mkdirSync(folder);
  save('class/alice.json', base);
  save('class/bob.json', trainedReport({ cell: 'lstm', seed: 4 }, 120));
  const cheat = structuredClone(base);
  cheat.final.accuracy = 1;
  save('class/carol.json', cheat);
  const v = cli(['verify', folder]);
  assert.equal(v.status, 1, v.stdout);
  assert.match(v.stdout, /alice\.json: genuine/);
  assert.match(v.stdout, /bob\.json: genuine/);
  assert.match(v.stdout, /carol\.json: NOT genuine: final\.accuracy/);
  assert.match(v.stdout, /2 of 3 reports genuine/);

  const assignment = save('assignment.json', JSON.stringify({
    format: 'rnnlab-assignment/1', title: 'GRU vs LSTM', config: { cell: 'gru' }, prompts: ['Which learns first?'],
  }));
  const a = cli(['verify', '--assignment', assignment, join(dir, 'base.json')]);
  assert.equal(a.status, 1, a.stdout);
  assert.match(a.stdout, /config\.cell: the assignment locks it at "gru", the run used "lstm"/);
  const ok = save('assignment-ok.json', JSON.stringify({
    format: 'rnnlab-assignment/1', title: 'LSTM', config: { cell: 'lstm' }, prompts: ['Why?'],
  }));
  assert.equal(cli(['verify', '--assignment', ok, join(dir, 'base.json')]).status, 0);
  const broken = save('assignment-bad.json', '{\n  "format": "rnnlab-assignment/1",\n  "title": 3\n}');
  const b = cli(['verify', '--assignment', broken, join(dir, 'base.json')]);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /assignment-bad\.json:3: title must be a non-empty string/);
});

test("a text model's report carries its text and verifies", () => {
  const text = 'the otter sees the heron. the heron sees the otter. '.repeat(20);
  const rep = trainedReport({ task: 'text', text, T: 12, hidden: 16, seed: 5 }, 100);
  assert.equal(rep.config.text, text);
  const v = cli(['verify', save('text.json', rep)]);
  assert.equal(v.status, 0, v.stdout);
});

test('a run from loaded weights has no report; nor a run of no steps', () => {
  const t = api.createTrainer({ cell: 'rnn', seed: 1 });
  assert.throws(() => t.report(), /train at least one step/);
  t.step(5);
  const state = t.stateDict();
  t.loadStateDict(state);
  t.step(5);
  assert.throws(() => t.report(), /started from loaded weights/);
  t.dispose();
  const u = api.createTrainer({ cell: 'rnn', seed: 1 });
  u.step(3);
  assert.throws(() => u.report({ grade: 'A' }), /unknown key 'grade'/);
  u.dispose();
});

test("the worker answers report with the engine's report", async () => {
  const w = startWorker();
  try {
    await w.waitFor((m) => m.type === 'ready');
    w.send({ type: 'configure', runId: 1, config: { cell: 'gru', T: 8, hidden: 8, seed: 3 } });
    await w.waitFor((m) => m.type === 'configured');
    const from = w.inbox.length;
    w.send({ type: 'step', runId: 1, n: 40 });
    await w.waitFor((m) => m.type === 'metrics' && m.step === 40, from);
    w.send({ type: 'report', runId: 1, answers: ['yes'], assignment: { title: 't' } });
    const r = await w.waitFor((m) => m.type === 'report');
    const report = JSON.parse(r.report);
    assert.equal(report.steps, 40);
    assert.deepEqual(report.answers, ['yes']);
    assert.equal(cli(['verify', save('worker.json', r.report)]).status, 0);
  } finally {
    await w.terminate();
  }
});

test('checkAssignment names the line of every bad field', () => {
  const good = api.checkAssignment(JSON.stringify({
    format: 'rnnlab-assignment/1', title: 'T', config: { cell: 'rnn', T: 16 }, prompts: ['a', 'b'],
  }));
  assert.deepEqual(good.errors, []);
  assert.deepEqual(good.assignment.lock, ['T', 'cell']);
  const bad = api.checkAssignment('{\n  "format": "rnnlab-assignment/1",\n  "title": "x",\n  "config": {"cell": "tree"},\n  "prompts": []\n}');
  assert.equal(bad.assignment, null);
  assert.deepEqual(bad.errors.map((e) => e.line), [4, 5]);
  assert.match(bad.errors[0].message, /tree/);
  assert.match(api.checkAssignment('{ oops').errors[0].message, /./);
  assert.throws(() => api.checkAssignment(42), /needs the file's text/);
});
