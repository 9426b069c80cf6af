// sweep_test_lengths.test.mjs — the sweep's generalisation option
// (`rnnlab sweep --test-lengths`, the JS spec key testLengths; docs/cli.md
// "sweep"): models trained at T=5 on parity are also evaluated at 10 and 20;
// the test accuracy at the training T is the ordinary held-out accuracy (the
// same stream, by construction); --jobs 2 and shards merged print exactly
// what --jobs 1 prints; tasks and lengths that cannot be tested are refused.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli, loadApi } from './helpers.mjs';

const OPTS = ['--task', 'parity', '--cells', 'rnn,lstm', '--lengths', '5', '--seeds', '2', '--steps', '300',
  '--eval', '300', '--hidden', '16', '--seed', '2', '--test-lengths', '5,10,20', '-q'];
let api;
before(async () => { api = await loadApi(); });

function sweep(args) {
  const r = cli(['sweep', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const single = sweep(OPTS);

test('trained at T=5, tested at 10 and 20: accuracies in [0, 1], at 5 the held-out accuracy', () => {
  const out = JSON.parse(single);
  assert.deepEqual(out.test_lengths, [5, 10, 20]);
  assert.deepEqual(out.test_chances, [0.5, 0.5, 0.5]);
  assert.equal(out.solved, 0.99);
  assert.equal(out.points.length, 2);
  for (const p of out.points) {
    assert.equal(p.T, 5);
    assert.equal(p.solved, 0.99);
    assert.deepEqual(p.test.map((t) => t.T), [5, 10, 20]);
    assert.equal(p.test[0].mean_accuracy, p.mean_accuracy);
    for (const t of p.test) {
      assert.ok(t.min_accuracy >= 0 && t.max_accuracy <= 1, JSON.stringify(t));
      assert.ok(t.min_accuracy <= t.mean_accuracy && t.mean_accuracy <= t.max_accuracy);
      assert.equal(t.chance, 0.5);
    }
    for (const r of p.runs) {
      assert.deepEqual(r.test.map((t) => t.T), [5, 10, 20]);
      assert.equal(r.test[0].accuracy, r.accuracy, 'the same held-out stream at the training T');
      const mean = (r0, r1) => (r0 + r1) / 2;
      assert.ok(Math.abs(p.test[2].mean_accuracy - mean(p.runs[0].test[2].accuracy, p.runs[1].test[2].accuracy)) < 1e-15);
    }
    console.log(`${p.cell}: T=5 ${p.mean_accuracy}, T=10 ${p.test[1].mean_accuracy}, T=20 ${p.test[2].mean_accuracy}`);
  }
  // Not asserted: learning. Parity sits on its plateau for this budget (and
  // for 1000 steps at lr 0.003, 0.01 and 0.03 too, measured): only the
  // bookkeeping is checked here.
});

test('--jobs 2 prints exactly what --jobs 1 prints; shards merge to it byte for byte', () => {
  assert.equal(sweep([...OPTS, '--jobs', '2']), single);
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-test-lengths-'));
  const files = [1, 2, 3].map((k) => {
    const f = join(dir, `shard-${k}.jsonl`);
    const text = sweep([...OPTS, '--shard', `${k}/3`]);
    for (const line of text.trim().split('\n').slice(1)) {
      assert.deepEqual(JSON.parse(line).test.map((t) => t.T), [5, 10, 20], 'a run line carries its test accuracies');
    }
    writeFileSync(f, text);
    return f;
  });
  assert.equal(sweep(['--merge', files[1], files[0], files[2]]), single);
  // A run line whose test accuracies do not match the header's test lengths is refused.
  const bad = join(dir, 'bad.jsonl');
  const lines = sweep([...OPTS, '--shard', '1/3']).trim().split('\n');
  const run = JSON.parse(lines[1]);
  run.test.pop();
  writeFileSync(bad, [lines[0], JSON.stringify(run), ...lines.slice(2)].join('\n'));
  const r = cli(['sweep', '--merge', bad, files[1], files[2]]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /run 0 was tested at lengths \[5,10\], not the sweep's test lengths/);
});

test('refused: a task whose sizes depend on T, a length below min_T, bad text', () => {
  const refused = (args, pattern) => {
    const r = cli(['sweep', '--cells', 'lstm', '--seeds', '1', '--steps', '1', '-q', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  };
  refused(['--task', 'random_combination', '--lengths', '5', '--test-lengths', '10'],
    /test lengths need a task whose vocabulary and classes do not depend on T: 'random_combination' has V=6, C=6 at T=5 but V=11, C=11 at T=10/);
  refused(['--task', 'embedded_reber', '--lengths', '12', '--test-lengths', '20,8'],
    /test length 8: T must be at least 9 for task 'embedded_reber' \(got 8\)/);
  refused(['--task', 'parity', '--lengths', '5', '--test-lengths', '10,x'],
    /--test-lengths must be a comma-separated list of whole numbers \(got '10,x'\)/);
});

test('the JS Sweep takes testLengths and writes the same fields in camelCase', () => {
  const s = api.createSweep({ task: 'parity', hidden: 8, seed: 2 },
    { cells: ['lstm'], lengths: [5], seeds: 1, steps: 50, eval: 100, testLengths: [5, 12] });
  try {
    const run = s.next();
    assert.deepEqual(run.test.map((t) => t.T), [5, 12]);
    assert.equal(run.test[0].accuracy, run.accuracy);
    const res = s.result();
    assert.deepEqual(Array.from(res.testLengths), [5, 12]);
    assert.deepEqual(Array.from(res.testChances), [0.5, 0.5]);
    assert.equal(res.solved, 0.99);
    const p = res.points[0];
    assert.equal(p.solved, 0.99);
    assert.deepEqual(p.test.map((t) => t.T), [5, 12]);
    assert.equal(p.test[1].meanAccuracy, run.test[1].accuracy);
    assert.equal(p.test[1].chance, 0.5);
  } finally {
    s.dispose();
  }
  assert.throws(() => api.createSweep({ task: 'random_combination' }, { lengths: [5], testLengths: [10] }),
    /test lengths need a task whose vocabulary and classes do not depend on T/);
  assert.throws(() => api.createSweep({ task: 'parity' }, { testLengths: 'x' }),
    /testLengths must be a comma-separated list of whole numbers \(got "x"\)/);
  assert.deepEqual(Array.from(api.sweepDefaults().testLengths), []);
});
