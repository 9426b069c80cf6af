// stacked.test.mjs — stacks of layers and per-step targets through the JS
// API: grad() of a stacked state on a per-step batch equals the native CLI's
// (which tests/torch checks against PyTorch), dhNormsByLayer included; a
// trainer with layers: 2 has the L-layer parameter count, trains, and its
// exported state reloads with num_layers 2; train --save writes that state.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApi, cli, cliJson, assertClose } from './helpers.mjs';

const api = await loadApi();
const dir = mkdtempSync(join(tmpdir(), 'rnnlab-stacked-'));

test('grad of a 3-layer GRU on per-step targets: JS API equals the CLI', () => {
  const t = api.createTrainer({ cell: 'gru', layers: 3, hidden: 5, task: 'parity', T: 6, seed: 4 });
  const state = JSON.stringify(t.stateDict());
  const batch = { tokens: [[0, 1, 1, 0, 1, 0], [1, 1, 0, 0, 0, 1]], targets: [[1, -1, 0, 1, -1, 0], [-1, -1, -1, -1, -1, 1]] };
  const sPath = join(dir, 's.json'), bPath = join(dir, 'b.json');
  writeFileSync(sPath, state);
  writeFileSync(bPath, JSON.stringify(batch));
  const want = cliJson(['grad', '--state', sPath, '--batch', bPath]);
  const got = api.grad(state, batch);
  assertClose('loss', [got.loss], [want.loss], 1e-12);
  assert.equal(JSON.parse(state).num_layers, 3);
  assert.ok(got.dh_norms_by_layer && got.dc_norms_by_layer === undefined, 'gru: no c');
  for (const [name, g] of Object.entries(want.grads)) assertClose(name, Array.from(got.grads[name].data), g.data, 1e-12, 1e-15);
  assert.equal(want.dh_norms_by_layer.length, 3);
  want.dh_norms_by_layer.forEach((row, k) => assertClose(`layer ${k}`, Array.from(got.dh_norms_by_layer[k]), row, 1e-12, 1e-15));
  assert.deepEqual(Array.from(got.dh_norms), Array.from(got.dh_norms_by_layer[2]));
});

test('layers: 2 counts, trains and round-trips its state', () => {
  const cfg = { cell: 'lstm', layers: 2, hidden: 8, task: 'binary_palindrome', T: 6 };
  const count = api.paramCount(cfg);
  // lstm: 4 (N_h N_in + N_h^2 + N_h) per layer, layer 2 reads N_h; + head.
  const H = 8, N = 3, C = 2;
  assert.equal(count.total, 4 * (H * N + H * H + H) + 4 * (H * H + H * H + H) + C * H + C);
  assert.equal(count.formulaTotal, count.total);
  const t = api.createTrainer(cfg);
  const r = t.step(5);
  assert.ok(Number.isFinite(r.loss));
  const state = t.stateDict();
  assert.equal(state.num_layers, 2);
  assert.deepEqual(state.tensors['rnn.weight_ih_l1'].shape, [4 * H, H]);
  const u = api.createTrainer(cfg);
  u.loadStateDict(JSON.stringify(state));
  assert.deepEqual(u.stateDict(), t.stateDict());
  assert.throws(() => api.createTrainer({ ...cfg, layers: 5 }), /layers must be between 1 and 4 \(got 5\)/);
});

test('train --layers 2 --save writes a state grad can read', () => {
  const out = join(dir, 'trained.json');
  const r = cli(['train', '--cell', 'rnn', '--layers', '2', '--hidden', '6', '--steps', '3', '--eval', '0', '-q', '--save', out]);
  assert.equal(r.status, 0, r.stderr);
  const state = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(state.num_layers, 2);
  assert.deepEqual(state.tensors['rnn.weight_hh_l1'].shape, [6, 6]);
  const bad = cli(['train', '--steps', '3', '-q', '--save', join(dir, 'no-such-dir', 'x.json')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no-such-dir\/x\.json: cannot write here/);
});
