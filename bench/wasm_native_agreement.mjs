// wasm_native_agreement.mjs — how closely a run in the wasm build (Node)
// follows the same run in the native build, step by step: the largest
// relative difference of the training loss so far, at steps 100, 1000 and
// 2000, and the first step where the two differ at all; float32 and float64,
// rnn/lstm/gru on binary_palindrome (T 12, H 32, seed 3, Adam lr 0.01).
//
//   node bench/wasm_native_agreement.mjs
//
// A measurement, not a test: what a replay of a wasm run natively (issue
// "For teachers", rnnlab verify) can expect. Needs build/native and web/dist.
import { cli, loadApi } from '../tests/node/helpers.mjs';

const api = await loadApi();
const STEPS = 2000;
for (const precision of ['float32', 'float64']) {
  for (const cell of ['rnn', 'lstm', 'gru']) {
    const r = cli(['train', '--task', 'binary_palindrome', '--cell', cell, '-T', '12', '--hidden', '32', '--seed', '3',
      '--steps', String(STEPS), '--eval', '0', '-q', '--no-terms', ...(precision === 'float64' ? ['--double'] : [])]);
    const native = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'step');
    const t = api.createTrainer({ task: 'binary_palindrome', cell, T: 12, hidden: 32, seed: 3, bpttTerms: false, precision });
    let maxRel = 0;
    let first = null;
    const at = {};
    for (let k = 0; k < STEPS; k++) {
      const w = t.step(1).loss;
      const n = native[k].loss;
      if (w !== n && first === null) first = k + 1;
      maxRel = Math.max(maxRel, Math.abs(w - n) / Math.abs(n));
      if ([100, 1000, 2000].includes(k + 1)) at[k + 1] = maxRel.toExponential(1);
    }
    t.dispose();
    console.log(`${precision} ${cell.padEnd(4)} max relative loss difference: by step 100 ${at[100]}, 1000 ${at[1000]}, 2000 ${at[2000]}; first different step ${first ?? 'none'}`);
  }
}
