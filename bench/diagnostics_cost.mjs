// diagnostics_cost.mjs — what the derivation panels' on-demand diagnostics
// cost per reported training step, in the WebAssembly build the page runs
// (Node, single thread): the step Jacobians with their products and norms
// (jacobians: the SVDs of T + T products of S x S matrices), sigma_max of
// W_hh (warm power iteration, always on for a reported step) and the
// per-unit traces (units), against a step with neither.
//
//   node bench/diagnostics_cost.mjs            # the page's default sizes and two larger ones
//   node bench/diagnostics_cost.mjs --quick    # fewer repeats: a smoke test
//
// Each row: median ms per step(1) over 9 repeats of enough steps for about
// 0.3 s, for "plain" (jacobians and units off), "+ jacobians", "+ units" and
// "+ both", with the ratio to plain. The page asks for both on the reported
// step of each chunk only (the engine skips them on the other steps), at
// most ~30 reported steps a second, so the cost per second of training is
// (ms of "+ both" - ms of plain) x reported steps per second.
// Timing decides no test.
import { loadRnnlab } from '../web/dist/rnnlab.mjs';

const quick = process.argv.includes('--quick');
const REPEATS = quick ? 3 : 9;
const api = await loadRnnlab();

const CONFIGS = [
  { label: 'page default (lstm H32 T16 B32)', cell: 'lstm' },
  { label: 'page default, rnn', cell: 'rnn' },
  { label: 'gru H32 T16 B32', cell: 'gru' },
  { label: 'lstm H64 T50 B32', cell: 'lstm', hidden: 64, T: 50 },
  { label: 'rnn H128 T50 B32', cell: 'rnn', hidden: 128, T: 50 },
];
const VARIANTS = [
  ['plain', {}],
  ['+ jacobians', { jacobians: true }],
  ['+ units', { units: true }],
  ['+ both', { jacobians: true, units: true }],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(config) {
  const t = api.createTrainer(config);
  t.step(5);
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let k = 0; k < n; k++) t.step(1);
    if (performance.now() - t0 > 300 || n > 1e5) break;
    n *= 2;
  }
  const runs = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    for (let k = 0; k < n; k++) t.step(1);
    runs.push((performance.now() - t0) / n);
  }
  t.dispose();
  return median(runs);
}

console.log(`diagnostics cost per reported step, wasm in Node ${process.version}, median of ${REPEATS} repeats`);
console.log('| config | plain ms | + jacobians | + units | + both |');
console.log('|---|---|---|---|---|');
for (const { label, ...config } of CONFIGS) {
  const ms = VARIANTS.map(([, extra]) => measure({ ...config, ...extra }));
  const cells = ms.slice(1).map((m) => `${m.toFixed(3)} (${(m / ms[0]).toFixed(2)}x)`);
  console.log(`| ${label} | ${ms[0].toFixed(3)} | ${cells.join(' | ')} |`);
}
