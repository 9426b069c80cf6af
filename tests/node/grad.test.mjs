// grad.test.mjs — grad() (wasm, float64) against the native CLI `rnnlab
// grad` and against PyTorch 1.13 (float64) on the parity cases that
// tests/torch/make_cases.py writes: rnn, lstm, gru x one-hot/embedding x
// sizes including T=1, H=1, B=1 and T=30. Tolerance 1e-9 relative to torch.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, assertClose, cliJson, loadApi } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'rnnlab-cases-'));
execFileSync('/usr/bin/python3', [join(ROOT, 'tests/torch/make_cases.py'), dir], { encoding: 'utf8' });
const cases = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
let api;
before(async () => {
  api = await loadApi();
});

test('the case generator wrote every case', () => {
  assert.equal(cases.length, 18);
});

for (const file of cases) {
  test(`grad parity ${file.replace('.json', '')}`, () => {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const wasm = api.grad(c.state, c.batch);
    // The same input as text must give the same output.
    const wasmText = api.grad(JSON.stringify(c.state), JSON.stringify(c.batch));
    assert.deepEqual(wasmText, wasm);
    const sp = join(dir, `${file}.state`), bp = join(dir, `${file}.batch`);
    writeFileSync(sp, JSON.stringify(c.state));
    writeFileSync(bp, JSON.stringify(c.batch));
    const native = cliJson(['grad', '--state', sp, '--batch', bp]);
    assert.deepEqual(Object.keys(wasm.grads).sort(), Object.keys(c.state.tensors).sort());
    assert.deepEqual(Object.keys(native.grads).sort(), Object.keys(c.state.tensors).sort());
    const ref = c.torch;
    for (const [who, out] of [['wasm', wasm], ['native', native]]) {
      assertClose(`${who} loss`, out.loss, ref.loss, 1e-9);
      for (const [name, g] of Object.entries(ref.grads)) {
        assert.deepEqual(out.grads[name].shape, c.state.tensors[name].shape, `${who} ${name} shape`);
        const scale = Math.max(...g.map(Math.abs));
        assertClose(`${who} grads[${name}]`, out.grads[name].data, g, 1e-9, scale * 1e-3);
      }
      assertClose(`${who} dh_norms`, out.dh_norms, ref.dh_norms, 1e-9, 1e-300);
      if (ref.dc_norms) assertClose(`${who} dc_norms`, out.dc_norms, ref.dc_norms, 1e-9, 1e-300);
      else assert.equal(out.dc_norms, undefined, `${who}: no dc_norms for ${c.state.cell}`);
    }
    // wasm and native run the same float64 code: they agree far below the torch tolerance.
    assertClose('wasm vs native loss', wasm.loss, native.loss, 1e-12);
    for (const name of Object.keys(native.grads)) {
      const scale = Math.max(...native.grads[name].data.map(Math.abs));
      assertClose(`wasm vs native ${name}`, wasm.grads[name].data, native.grads[name].data, 1e-12, scale);
    }
  });
}
