// wasm_ab.mjs — two or more builds of the wasm engine side by side in one
// Node process, their repeats interleaved (so a busy machine slows them
// alike): ms per float32 training step (binary_palindrome, diagnostics as
// in bench_wasm.mjs), median of 7 repeats, for four rows. For comparing
// build flags: copy web/dist, put another build's rnnlab-core.cjs in the
// copy, and pass both folders.
//
//   node bench/wasm_ab.mjs web/dist /tmp/other-dist [...]
//
// Timing only, never a test.
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dists = process.argv.slice(2).map((d) => resolve(d));
if (dists.length < 1) {
  console.error('usage: node bench/wasm_ab.mjs DIST [DIST ...]  (folders like web/dist)');
  process.exit(2);
}
const apis = [];
for (const d of dists) {
  const { loadRnnlab } = await import(pathToFileURL(join(d, 'rnnlab.mjs')).href);
  apis.push(await loadRnnlab());
}
const ROWS = [['rnn', 128, 20, 128], ['lstm', 128, 20, 128], ['gru', 128, 20, 128], ['lstm', 256, 40, 128]];
const REPEATS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`cell H T B | ${dists.join(' | ')}  (ms per step, median of ${REPEATS})`);
for (const [cell, H, T, B] of ROWS) {
  const times = dists.map(() => []);
  const trainers = apis.map((api) => {
    const t = api.createTrainer({ task: 'binary_palindrome', cell, T, hidden: H, batch: B, seed: 1, bpttTerms: false, gates: false });
    t.step(3);  // warm-up
    return t;
  });
  const n = H > 128 ? 2 : 10;
  for (let r = 0; r < REPEATS; r++) {
    trainers.forEach((t, i) => {
      const t0 = performance.now();
      t.step(n);
      times[i].push((performance.now() - t0) / n);
    });
  }
  trainers.forEach((t) => t.dispose());
  console.log(`${cell} ${H} ${T} ${B} | ${times.map((x) => median(x).toFixed(1)).join(' | ')}`);
}
