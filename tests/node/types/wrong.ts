// wrong.ts — deliberately wrong uses of the API. tests/node/types.test.mjs
// asserts that `tsc --strict` rejects this file with exactly the errors
// marked `// expect TSnnnn` (code and line), and no others.
import { loadRnnlab, Trainer } from '../../../web/js/api/rnnlab.js';

const rnnlab = await loadRnnlab();
const trainer = rnnlab.createTrainer({ cell: 'lstm' });
trainer.step('x'); // expect TS2345
rnnlab.createTrainer({ cell: 'lstn' }); // expect TS2322
rnnlab.createTrainer({ hidden: '32' }); // expect TS2322
new Trainer(); // expect TS1362
const m = trainer.step(10);
const mean = m.diagnostics.gates.f.mean; // expect TS18048
const dc: Float64Array = m.diagnostics.dcNorms; // expect TS2322
const acc: number = trainer.evaluate(10).accuracy; // expect TS2339
trainer.disposed = true; // expect TS2540
rnnlab.grad(trainer.stateDict(), { tokens: [[0, 1]] }); // expect TS2345
const rows: Int32Array = rnnlab.generateBatch({ task: 'parity' }).tokens; // expect TS2740
const verdict: 'vanishes' | 'flows' = m.diagnostics.verdict; // expect TS2322
rnnlab.createSweep({}, { cells: ['rnn', 'transformer'] }); // expect TS2322
const gateNames: string[] = rnnlab.cells().map((c) => c.gates); // expect TS2322
console.log(mean, dc, acc, rows, verdict, gateNames);
