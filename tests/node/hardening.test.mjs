// hardening.test.mjs — the hostile inputs of the hardening issue, run on the
// real CLI and the real wasm module. Each case failed before its fix: a
// SIGSEGV (exit 139) or a heap left broken ("memory access out of bounds"),
// a FIFO that blocked forever, a message split over two lines, output held
// back until the end of a run, a 32-bit size product that wrapped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, cli, loadApi } from './helpers.mjs';

function oneLine(text) {
  assert.equal(text.endsWith('\n'), true, `ends with a newline: ${JSON.stringify(text)}`);
  const body = text.slice(0, -1);
  assert.doesNotMatch(body, /[\x00-\x1f\x7f]/, `one line, no control characters: ${JSON.stringify(text)}`);
  return body;
}

test('CLI: a model too large for the limit is refused (was: SIGSEGV at --eval 100000)', () => {
  const r = cli(['train', '--task', 'parity', '-T', '100', '--cell', 'lstm', '--hidden', '4096', '--batch', '1',
    '--steps', '1', '--eval', '100000', '-q']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(oneLine(r.stderr), /^rnnlab: the model is too large: its parameters, gradients and optimizer state would need 2049 MiB \(limit 768 MiB\)/);
  assert.equal(r.stdout, '');
});

test('CLI: --eval 100000 beyond the cache limit evaluates in chunks (was: out of memory, heap corrupted)', () => {
  // lstm H 32, T 100: 100000 sequences' caches at once would be 26.9 GiB
  // (100 * 100000 * (2 + 512 + 192) * 4 bytes). Run in an address space of
  // 3 GiB (prlimit), as a wasm heap of 2 GiB would be: the old code's 5 GB
  // pre-activation cache failed there, and its heap was corrupted
  // ("double free or corruption", SIGABRT).
  const r = spawnSync('prlimit', ['--as=3221225472', CLI, 'train', '--task', 'parity', '-T', '100', '--cell', 'lstm',
    '--hidden', '32', '--batch', '1', '--steps', '1', '--eval', '100000', '-q'], { encoding: 'utf8' });
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const summary = lines.at(-1);
  assert.equal(summary.type, 'summary');
  assert.equal(summary.eval_sequences, 100000);
  assert.ok(summary.eval_accuracy > 0.4 && summary.eval_accuracy < 0.6, `parity after 1 step is near chance: ${summary.eval_accuracy}`);
  assert.equal(Math.round(summary.eval_accuracy * 100000), summary.eval_accuracy * 100000);
});

test('CLI: a directory or a FIFO as the state file is refused at once (was: "malformed JSON"; a FIFO blocked forever)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-hard-'));
  try {
    let r = cli(['grad', '--state', '/', '--batch', '/']);
    assert.equal(r.status, 2);
    assert.equal(oneLine(r.stderr), 'rnnlab: /: is a directory, not a file');
    const fifo = join(dir, 'state.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const s = spawnSync(CLI, ['grad', '--state', fifo, '--batch', fifo], { encoding: 'utf8', timeout: 20000 });
    assert.equal(s.signal, null, 'it did not block until the timeout');
    assert.equal(s.status, 2);
    assert.equal(oneLine(s.stderr), `rnnlab: ${fifo}: is not a regular file`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: control characters in echoed input stay escaped on one line', () => {
  for (const args of [
    ['train', '--cell', 'lstm\n\x1b[31mred', '--steps', '1'],
    ['train', '--task', 'x\r\ny\x07', '--steps', '1'],
    ['train', '--bogus\n\x1b[2J', '1'],
  ]) {
    const r = cli(args);
    assert.equal(r.status, 2, r.stderr);
    const line = oneLine(r.stderr);
    assert.match(line, /^rnnlab: /);
    assert.match(line, /\\n/, `the newline is shown as \\n: ${line}`);
  }
  const r = cli(['train', '--cell', 'lstm\n\x1b[31mred', '--steps', '1']);
  assert.equal(r.stderr, "rnnlab: --cell must be rnn, lstm, gru or peephole_lstm (got 'lstm\\n\\x1b[31mred')\n");
});

test('CLI: a 112-byte state naming a huge model fails at once, naming the limit (was: 2.7 GB allocated first)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-hard-'));
  try {
    const state = join(dir, 'state.json');
    const batch = join(dir, 'batch.json');
    writeFileSync(state, '{"format":"rnnlab-state/1","cell":"gru","vocab_size":100000,"embedding_dim":4096,"hidden_size":4096,"num_classes":100000,"tensors":{}}');
    writeFileSync(batch, '{"tokens":[[0]],"targets":[0]}');
    const r = cli(['grad', '--state', state, '--batch', batch]);
    assert.equal(r.status, 2);
    assert.match(oneLine(r.stderr), /the model is too large: .* would need 28075 MiB \(limit 768 MiB\)/);
    writeFileSync(state, '['.repeat(200000));
    const d = cli(['grad', '--state', state, '--batch', batch]);
    assert.equal(d.status, 2);
    assert.match(oneLine(d.stderr), /JSON nested deeper than 64 levels/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: train streams its lines as it goes (was: every line held in memory until the end)', async () => {
  // 10^8 steps would take hours: the first line must arrive long before.
  const child = spawn(CLI, ['train', '--task', 'parity', '-T', '2', '--hidden', '2', '--batch', '1', '--steps', '100000000', '-q', '--no-terms']);
  let out = '';
  let exited = false;
  child.on('exit', () => { exited = true; });
  const first = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no line within 60 s')), 60000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
  });
  assert.equal(exited, false, 'the run is still going when its first line arrives');
  child.kill('SIGKILL');
  const line = JSON.parse(first);
  assert.equal(line.type, 'step');
  assert.equal(line.step, 1);
});

test('wasm: T 65536 x batch 65536 is refused with the true byte count (was: accepted, then writes out of bounds)', async () => {
  const api = await loadApi();
  assert.throws(() => api.createTrainer({ cell: 'rnn', task: 'parity', T: 65536, batch: 65536, hidden: 1 }),
    (e) => e instanceof Error && /the batch's tokens would need 16384 MiB \(limit 512 MiB\)/.test(e.message));
  assert.throws(() => api.createTrainer({ cell: 'rnn', task: 'parity', T: 65536, batch: 2000, hidden: 1 }),
    /the training caches would need 12000 MiB \(limit 1024 MiB\)/);
  assert.throws(() => api.createTrainer({ cell: 'lstm', task: 'parity', hidden: 4096, batch: 1, T: 2 }),
    /the model is too large: .* would need 2049 MiB/);
  const t = api.createTrainer({ cell: 'rnn', task: 'parity', T: 4, batch: 2, hidden: 3 });
  assert.throws(() => t.step(2 ** 32 + 3), /step\(n\) needs 1 <= n <= 1000000 \(got 4294967299\)/);
  assert.throws(() => t.evaluate(2 ** 32 + 3), /evaluate\(n\)/);
  assert.equal(t.step(1).step, 1, 'the trainer goes on');
  t.dispose();
});

test('wasm: a float32 load of a finite but huge weight is refused by name (was: inf, then NaN at step 1)', async () => {
  const api = await loadApi();
  const t = api.createTrainer({ cell: 'rnn', task: 'parity', T: 4, batch: 2, hidden: 3 });
  const state = t.stateDict();
  state.tensors['rnn.weight_hh_l0'].data[0] = 1e308;
  assert.throws(() => t.loadStateDict(state), /state: tensor 'rnn\.weight_hh_l0' holds 1e\+308, beyond float32's range/);
  assert.ok(Number.isFinite(t.step(1).loss), 'the refused load left the trainer as it was');
  const d = api.createTrainer({ cell: 'rnn', task: 'parity', T: 4, batch: 2, hidden: 3, precision: 'float64' });
  d.loadStateDict(state);
  d.dispose();
  t.dispose();
});

test('wasm: out of memory inside evaluate() leaves the trainer usable (was: every later call "memory access out of bounds")', async () => {
  const api = await loadApi();
  // evaluate(400) of this trainer sizes caches of 1000 x 380 rows (about 400 MB in all).
  const t = api.createTrainer({ cell: 'lstm', task: 'parity', T: 1000, hidden: 32, batch: 1 });
  t.step(1);
  // Fill the 2 GiB heap with models (parameters, gradients, Adam's buffers)
  // until no more fit: first large ones (about 256 MB each), then small ones.
  const fillers = [];
  let refused = 0;
  for (const hidden of [2000, 500, 120]) {
    for (let k = 0; k < 40; k++) {
      try {
        fillers.push(api.createTrainer({ cell: 'lstm', task: 'parity', T: 2, batch: 1, hidden }));
      } catch (e) {
        assert.ok(e instanceof Error);
        assert.match(e.message, /out of memory/);
        refused++;
        break;
      }
    }
  }
  assert.equal(refused, 3, `the heap filled up (${fillers.length} fillers)`);
  assert.throws(() => t.evaluate(400), /out of memory/);
  assert.throws(() => t.samples(1000), /out of memory/);
  for (const f of fillers) f.dispose();
  const a = t.evaluate(400);
  assert.ok(a >= 0 && a <= 1, `evaluate after the failure: ${a}`);
  const m = t.step(1);
  assert.equal(m.step, 2);
  assert.ok(Number.isFinite(m.loss));
  t.dispose();
  const again = api.createTrainer({ cell: 'gru', task: 'parity', T: 5, hidden: 8, batch: 4 });
  assert.ok(Number.isFinite(again.step(3).loss), 'the module is usable');
  again.dispose();
});
