// usage.ts — a type-correct use of every part of the JavaScript API, checked
// (never run) by tests/node/types.test.mjs with `tsc --noEmit --strict`
// against web/js/api/rnnlab.d.ts. A package consumer writes
// `from 'rnnlab'`; here the declarations are imported from the source tree
// (TypeScript maps the .js specifier to rnnlab.d.ts).
import loadDefault, {
  loadRnnlab,
  type Batch,
  type CellInfo,
  type ConfigCheck,
  type Diagnostics,
  type GradientVerdict,
  type GradResult,
  type NormalizedConfig,
  type ParamCount,
  type RnnlabApi,
  type Sample,
  type StateDict,
  type StepMetrics,
  type Sweep,
  type SweepPointResult,
  type SweepProgress,
  type SweepResult,
  type TaskInfo,
  type TrainConfig,
  type Trainer,
  type TrainerConfig,
} from '../../../web/js/api/rnnlab.js';

const load: typeof loadRnnlab = loadDefault;
const rnnlab: RnnlabApi = await load({ printErr: (line: string) => console.error(line) });

const config: TrainConfig = {
  cell: 'lstm', task: 'binary_palindrome', T: 20, hidden: 32, embed: 0, batch: 16, lr: 0.01,
  optimizer: 'adam', clip: 1, seed: 1, momentum: 0, nesterov: false, init: 'orthogonal', gain: 1,
  forgetBias: 1, bpttTerms: true, gates: true, jacobians: false, precision: 'float64',
};
const trainer: Trainer = rnnlab.createTrainer(config);
const other: Trainer = new rnnlab.Trainer({ cell: 'gru' });

const m: StepMetrics = trainer.step(100);
const once: StepMetrics = other.step();
const d: Diagnostics = m.diagnostics;
const line: string = `${m.step} ${m.loss.toFixed(3)} ${m.accuracy} ${m.finite ? 'finite' : 'diverged'} ${once.step}`;
const dh: Float64Array = d.dhNorms;
const dc: number | undefined = d.dcNorms?.[0];
const terms: number = d.bpttTerms ? d.bpttTerms.length : 0;
const forget: number | undefined = d.gates.f?.mean[0];
const gateLine: string[] = Object.entries(d.gates).map(([name, g]) =>
  `${name} ${g.activation} ${g.timeMean} ${g.fracLow[0]} ${g.fracHigh[0]}`);
const verdict: GradientVerdict = d.verdict;
const decades: number = d.verdictDecades;
const perTensor: number = Object.values(d.gradNorms).reduce((a, b) => a + b, 0);
const clipped: boolean = d.gradNormClipped < d.gradNorm;
const jac: Float64Array | undefined = d.jacobianNorms ?? d.jacobianProductNorms ?? d.cellNorms;

const pc: ParamCount = trainer.paramCount();
const formula: string = `${pc.formulaLatex} ${pc.substitutedLatex} ${pc.formulaText}`;
const sizes: number[] = [pc.total, pc.formulaTotal, pc.pytorchTotal, pc.inputSize, pc.hiddenSize, pc.outputSize, pc.embedding];
const shapes: number[][] = pc.tensors.map((t) => [...t.shape, t.count]);
const names: string[] = pc.tensors.map((t) => t.name);

const samples: Sample[] = trainer.samples(3);
const s0: { tokens: Int32Array; target: number; prediction: number; probs: Float64Array } = samples[0];
const accuracy: number = trainer.evaluate(1000);

const state: StateDict = trainer.stateDict();
const hh: number[] = state.tensors['rnn.weight_hh_l0'].data;
const sizesOfState: number[] = [state.vocab_size, state.embedding_dim, state.hidden_size, state.num_classes];
trainer.loadStateDict(state);
trainer.loadStateDict(JSON.stringify(state));

const check = trainer.gradcheck({ maxPerTensor: 20, eps: 1e-6, batch: 2 });
const worst: number = Math.max(check.maxRelError, ...check.tensors.map((t) => t.maxRelError + t.maxAbsError + t.checked));

const cfg: TrainerConfig = trainer.config();
const precision: 'float32' | 'float64' = cfg.precision;
const vc: number = cfg.vocabSize + cfg.numClasses + cfg.chance + cfg.forgetBias + cfg.momentum;
const flags: boolean[] = [cfg.nesterov, cfg.bpttTerms, cfg.gates, cfg.jacobians];
const again: Trainer = rnnlab.createTrainer(cfg); // a config read back is a valid config
again.dispose();
const checkEps: number = check.eps + check.floor + check.loss;

const batch: Batch = rnnlab.generateBatch({ task: 'parity', T: 5, batch: 4, seed: 3 });
const defaultBatch: Batch = rnnlab.generateBatch();
const g: GradResult = rnnlab.grad(state, batch, { jacobians: true });
const g2: GradResult = rnnlab.grad(JSON.stringify(state), '{"tokens": [[0, 1, 0]], "targets": [1]}');
const gradLoss: number = g.loss + g2.loss + g.grad_norm + g.grad_norm_clipped + g.verdict_decades;
const gradNormsByTensor: Record<string, number> = g.grad_norms;
const gradVerdict: GradientVerdict = g2.verdict;
const dhPlain: number[] = g.dh_norms.concat(g.bptt_terms, g.dc_norms ?? [], g.jacobian_norms ?? [], g.jacobian_product_norms ?? []);
const gradShape: number[] = g.grads['head.weight'].shape;

const tasks: TaskInfo[] = rnnlab.tasks();
const taskNames: string[] = tasks.map((t) => `${t.name}: ${t.title} (${t.description}; ${t.encoding}) T=${t.defaultT}>=${t.minT} V=${t.vocabSize} C=${t.numClasses}`);
const standalone: number = rnnlab.paramCount({ cell: 'rnn', hidden: 8 }).total;
const normalized: NormalizedConfig = rnnlab.normalizeConfig({ cell: 'peephole_lstm' });
const normalizedLine: string = `${normalized.cell} ${normalized.task} ${normalized.optimizer} ${normalized.init} ${normalized.seed}`;
const point: SweepPointResult = rnnlab.sweepPoint({ cell: 'rnn', T: 5 }, 50, 100);
const pointLine: string = `${point.accuracy} ${point.finalLoss} ${point.finite} ${point.steps}`;
const heap: number = rnnlab.heapBytes();

const cells: CellInfo[] = rnnlab.cells();
const cellLine: string[] = cells.map((c) => `${c.name} ${c.title} ${c.longTitle} ${c.pytorchModule} G=${c.gateBlocks} ` +
  `${c.gates.map((gi) => `${gi.name}:${gi.title}:${gi.activation}:${gi.saturatedBelow}..${gi.saturatedAbove}`).join(',')} ` +
  `${c.hasCellState} ${c.stateBlocks} ${c.stateSymbol} ${c.recurrentTensor} ${c.recurrentSymbol} ${c.recurrentSource} ` +
  `${c.tensors.map((t) => `${t.name}[${t.shape.join('x')}]`).join(' ')} ${c.formulaLatex} ${c.bpttLatex} ${c.equations}`);
const fromUrl: ConfigCheck = rnnlab.checkConfig({ cell: 'not-a-cell', hidden: '32', extra: [1, 2] });
const checked: ConfigCheck = rnnlab.checkConfig(config);
const issues: string[] = fromUrl.errors.map((e) => `${e.key}: ${e.message}`).concat(checked.config.cell);

const sweep: Sweep = rnnlab.createSweep({ hidden: 8 }, { cells: ['rnn', 'lstm'], lengths: [5, 10], seeds: 2, steps: 50, eval: 100 });
const sweep2: Sweep = new rnnlab.Sweep({ task: 'parity' }, { cells: 'rnn,gru', lengths: '4,8' });
const progress: SweepProgress[] = [];
while (!sweep.finished) progress.push(sweep.next());
const sweepResult: SweepResult = sweep.result();
const sweepLine: string = `${sweep.done}/${sweep.total} ${sweepResult.task} ${sweepResult.chance} ` +
  sweepResult.points.map((pt) => `${pt.cell} T=${pt.T} ${pt.meanAccuracy}±${pt.stdAccuracy} [${pt.minAccuracy}, ${pt.maxAccuracy}] ` +
    pt.runs.map((r) => `${r.seed}:${r.accuracy}:${r.finalLoss}:${r.finite}`).join(' ')).join('; ') +
  progress.map((p) => `${p.cell} ${p.T} ${p.seed} ${p.done}/${p.total}`).join(' ');
sweep.dispose();
sweep2.dispose();
const sweepDefaults = rnnlab.sweepDefaults();
const defaultsLine: string = `${sweepDefaults.cells.join(',')} ${sweepDefaults.lengths.join(',')} ${sweepDefaults.maxModels} ` +
  `${sweepResult.cells.join(',')} ${sweepResult.lengths.join(',')}`;

trainer.dispose();
other.dispose();
const gone: boolean = trainer.disposed && other.disposed;

console.log(defaultsLine, line, dh, dc, terms, forget, perTensor, clipped, jac, formula, sizes, shapes, names, s0, accuracy, hh,
  sizesOfState, worst, precision, vc, defaultBatch, gradLoss, dhPlain, gradShape, taskNames, standalone,
  normalizedLine, pointLine, heap, gone, gateLine, verdict, decades, flags, checkEps, gradNormsByTensor, gradVerdict,
  cellLine, issues, sweepLine);
