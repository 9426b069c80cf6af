// bench_wasm.mjs — the training-step benchmark of bench_native.cpp, run in
// Node on the wasm build (web/dist), next to the native build measured in
// the same run, printing wasm/native ratios of the medians.
//
//   node bench/bench_wasm.mjs [--quick] [--no-native] [--dist DIR] [--json-out FILE]
// --dist picks another build of web/dist (e.g. one linked without -msimd128).
//
// Measures ms per full Trainer step (data, forward, backward, clip, Adam) in
// float32 for rnn/lstm/gru at (H=128,T=20,B=128), (H=256,T=40,B=128),
// (H=128,T=200,B=32): median of repeated runs. Timing only, never a test.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const withNative = !args.includes('--no-native');
const outIdx = args.indexOf('--json-out');
const jsonOut = outIdx >= 0 ? args[outIdx + 1] : null;
const distIdx = args.indexOf('--dist');
const dist = distIdx >= 0 ? args[distIdx + 1] : join(root, 'web/dist');

const CONFIGS = [
  { H: 128, T: 20, B: 128 },
  { H: 256, T: 40, B: 128 },
  { H: 128, T: 200, B: 32 },
];
const CELLS = ['rnn', 'lstm', 'gru'];
const REPEATS = quick ? 3 : 7;
const TARGET_MS = quick ? 100 : 300;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function benchWasm() {
  const { loadRnnlab } = await import(join(dist, 'rnnlab.mjs'));
  const api = await loadRnnlab();
  const results = [];
  for (const { H, T, B } of CONFIGS) {
    for (const cell of CELLS) {
      const t = api.createTrainer({ task: 'binary_palindrome', cell, T, hidden: H, batch: B, seed: 1,
        bpttTerms: false, gates: false });
      t.step(3);  // warm-up
      let t0 = performance.now();
      t.step(2);
      const per = (performance.now() - t0) / 2;
      const steps = Math.max(1, Math.round(TARGET_MS / Math.max(per, 1e-3)));
      const times = [];
      for (let r = 0; r < REPEATS; r++) {
        t0 = performance.now();
        t.step(steps);
        times.push((performance.now() - t0) / steps);
      }
      t.dispose();
      const row = { cell, H, T, B, ms_per_step_median: median(times), ms_min: Math.min(...times),
        ms_max: Math.max(...times), repeats: REPEATS, steps_per_repeat: steps };
      process.stderr.write(`wasm ${cell} H=${H} T=${T} B=${B}: ${row.ms_per_step_median.toFixed(3)} ms/step\n`);
      results.push(row);
    }
  }
  return results;
}

function benchNative() {
  const bin = join(root, 'build/native/bench_native');
  const out = execFileSync(bin, quick ? ['--quick', '--no-diagnostics'] : ['--no-diagnostics'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  return JSON.parse(out).results.filter((r) => r.diagnostics === false || r.diagnostics === undefined);
}

const wasm = await benchWasm();
const report = { engine: 'wasm (node ' + process.version + ')', dist, results: wasm };
if (withNative) {
  const native = benchNative();
  report.native = native;
  report.ratios = wasm.map((w) => {
    const n = native.find((r) => r.cell === w.cell && r.H === w.H && r.T === w.T && r.B === w.B);
    return { cell: w.cell, H: w.H, T: w.T, B: w.B, wasm_ms: w.ms_per_step_median,
      native_ms: n ? n.ms_per_step_median : null, ratio: n ? w.ms_per_step_median / n.ms_per_step_median : null };
  });
  console.error('\nwasm / native (medians, same run):');
  for (const r of report.ratios) {
    console.error(`  ${r.cell.padEnd(4)} H=${String(r.H).padEnd(3)} T=${String(r.T).padEnd(3)} B=${String(r.B).padEnd(3)}  ` +
      `wasm ${r.wasm_ms.toFixed(3)} ms  native ${r.native_ms == null ? '?' : r.native_ms.toFixed(3)} ms  ratio ${r.ratio == null ? '?' : r.ratio.toFixed(2)}`);
  }
}
const text = JSON.stringify(report, null, 2);
if (jsonOut) writeFileSync(jsonOut, text);
console.log(text);
