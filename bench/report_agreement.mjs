// report_agreement.mjs — how closely the native replay of `rnnlab verify`
// follows a run made in the wasm build: trains runs in wasm (Node), exports
// each one's report, verifies it natively, and prints the largest deviation
// the replay saw over the reported metrics (loss, gradient norms, parameter
// norm; relative) and over the state at each checkpoint (parameters and
// optimizer moments; the largest entry difference over the largest entry),
// next to the tolerance `rnnlab verify` applies.
//
//   node bench/report_agreement.mjs [steps]      (default 2000)
//
// A measurement, not a test (tests/node/report.test.mjs tests the verdicts).
// Needs build/native and web/dist.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, loadApi } from '../tests/node/helpers.mjs';

const api = await loadApi();
const STEPS = Number(process.argv[2] || 2000);
const dir = mkdtempSync(join(tmpdir(), 'rnnlab-report-'));
const RUNS = [
  { task: 'binary_palindrome', T: 12, hidden: 32, seed: 3 },
  { task: 'binary_palindrome', T: 20, hidden: 64, seed: 1, lr: 0.003 },
  { task: 'parity', T: 8, hidden: 32, seed: 2 },
];
console.log(`| run | precision | cell | checkpoints | verdict | metrics | state | drift (segment) |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const precision of ['float32', 'float64']) {
  for (const cell of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
    for (const [i, run] of RUNS.entries()) {
      const t = api.createTrainer({ ...run, cell, precision, bpttTerms: false });
      for (let done = 0; done < STEPS; done += 100) t.step(Math.min(100, STEPS - done));
      const report = t.report();
      t.dispose();
      const file = join(dir, `${precision}-${cell}-${i}.json`);
      writeFileSync(file, JSON.stringify(report));
      const r = cli(['verify', file]);
      const line = r.stdout.trim().split('\n')[0];
      const dev = /largest deviation (\S+) \(metrics\), (\S+) \(state\); largest drift (\S+) \(steps (\d+) to (\d+)\)/.exec(line);
      const verdict = r.status === 0 ? 'genuine' : r.status === 1 ? `differs: ${line.split(': ').slice(2).join(': ')}` : `exit ${r.status}: ${line}`;
      const desc = `${run.task} T${run.T} H${run.hidden} seed ${run.seed}${run.lr ? ` lr ${run.lr}` : ''}`;
      console.log(`| ${desc} | ${precision} | ${cell} | ${report.checkpoints.length} | ${verdict} | ${dev ? dev[1] : '—'} | ${dev ? dev[2] : '—'} | ${dev ? `${dev[3]} (${dev[4]}–${dev[5]})` : '—'} |`);
    }
  }
}
rmSync(dir, { recursive: true, force: true });
