// load.test.mjs — the built JavaScript API loads in plain `node` (Node 20,
// no flags) both as an ES module (import) and via CommonJS (require), from
// another working directory, and two loaded engines are independent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DIST, loadApi } from './helpers.mjs';

function runNode(args) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: tmpdir() });
  return r;
}

test('ES module import in plain node', () => {
  const code = `import { loadRnnlab } from ${JSON.stringify(join(DIST, 'rnnlab.mjs'))};
    const r = await loadRnnlab(); const t = r.createTrainer({ cell: 'gru', T: 6, hidden: 8 });
    const m = t.step(3); console.log(JSON.stringify({ step: m.step, n: m.diagnostics.dhNorms.length })); t.dispose();`;
  const r = runNode(['--input-type=module', '-e', code]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim()), { step: 3, n: 6 });
});

test('CommonJS require in plain node', () => {
  const code = `const { loadRnnlab } = require(${JSON.stringify(join(DIST, 'rnnlab.cjs'))});
    loadRnnlab().then((r) => { const t = r.createTrainer({ cell: 'rnn', T: 4, hidden: 5 });
    console.log(JSON.stringify({ total: t.paramCount().total, tasks: r.tasks().length })); t.dispose(); });`;
  const r = runNode(['-e', code]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim());
  // rnn, one-hot binary palindrome (V=3, C=2), H=5: 5*3 + 25 + 5 + 2*5 + 2
  assert.equal(out.total, 5 * 3 + 25 + 5 + 2 * 5 + 2);
  assert.ok(out.tasks >= 6);
});

test('two engines are independent', async () => {
  const a = await loadApi();
  const b = await loadApi();
  const ta = a.createTrainer({ seed: 3, T: 8, hidden: 8 });
  const tb = b.createTrainer({ seed: 3, T: 8, hidden: 8 });
  const la = ta.step(5).loss;
  tb.step(2);
  const lb = tb.step(3).loss;
  assert.equal(la, lb, 'same config and seed, steps split differently: same loss');
  ta.dispose();
  assert.equal(tb.step(1).step, 6, 'disposing one engine\'s trainer leaves the other working');
  tb.dispose();
});
