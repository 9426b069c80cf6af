// rnnlab.d.ts — TypeScript declarations of the rnnlab JavaScript API
// (rnnlab.mjs, rnnlab.cjs, core_api.mjs over src/wasm/bindings.cpp and the
// result schema src/core/schema.hpp).
// The same text serves both module formats: scripts/build_web.mjs copies it
// to web/dist as rnnlab.d.mts (for `import`) and rnnlab.d.cts (for
// `require`), which the package's "exports" point at. The module's only
// values are loadRnnlab (named and default export); everything else here is
// a type. Field names are exactly those bindings.cpp and core_api.mjs
// produce: camelCase everywhere except the state JSON and grad(), which keep
// the snake_case of docs/state-format.md, docs/cli.md. Inputs are typed strictly (the
// engine also accepts numeric text for numbers, but a typo should not
// compile); checkConfig() takes anything, being made for unchecked input.

// ---------------------------------------------------------------- configs

/** The recurrent cells. */
export type CellName = 'rnn' | 'lstm' | 'gru' | 'peephole_lstm';

/** The tasks of the registry (`tasks()` lists them); any other name is refused at run time. */
export type KnownTaskName =
  | 'binary_palindrome'
  | 'palindrome'
  | 'recall_first'
  | 'parity'
  | 'baum_sweet'
  | 'random_combination'
  | 'embedded_reber'
  | 'distracted_recall'
  | 'copy'
  | 'dyck';

/** A task name: one of the known ones, or another registered name (checked by the engine). */
export type TaskName = KnownTaskName | (string & {});

export type OptimizerName = 'sgd' | 'rmsprop' | 'adam';
export type InitName = 'pytorch' | 'xavier' | 'orthogonal';
export type Precision = 'float32' | 'float64';

/**
 * A training config: every key optional (defaults in brackets). The URL keys
 * of the page (docs/page.md) and the API's extras. A bad value makes the
 * call throw an Error with the engine's message.
 */
export interface TrainConfig {
  /** ['lstm'] */
  cell?: CellName;
  /** ['binary_palindrome'] */
  task?: TaskName;
  /** Time steps the network reads [the task's defaultT]. */
  T?: number;
  /** Hidden size H [32]. */
  hidden?: number;
  /** Embedding size E; 0 = one-hot input [0]. */
  embed?: number;
  /** Recurrent layers L in the stack, 1..4 [1]. */
  layers?: number;
  /** The task 'text': the text to model (its distinct characters are the vocabulary). */
  text?: string;
  /** The task 'sequences': the text of a CSV or JSON file of labelled sequences (docs/sequences-format.md); without T, T is the longest sequence's length. */
  sequences?: string;
  /** Batch size [32]. */
  batch?: number;
  /** Learning rate [0.01]. */
  lr?: number;
  /** ['adam'] */
  optimizer?: OptimizerName;
  /** Max global gradient norm; 0 = no clipping [1]. */
  clip?: number;
  /** Non-negative integer seed of the initialisation and the data [1]. */
  seed?: number;
  /** Momentum (sgd, rmsprop) [0]. */
  momentum?: number;
  /** Nesterov momentum (sgd, needs momentum > 0) [false]. */
  nesterov?: boolean;
  /** Weight initialisation ['pytorch']. */
  init?: InitName;
  /** Multiplies the recurrent weights after initialisation [1]. */
  gain?: number;
  /** Initial forget-gate bias (LSTMs) [0]. */
  forgetBias?: number;
  /** Report the terms of the BPTT sum per step [true]. */
  bpttTerms?: boolean;
  /** Report the gate activations and cell norms per step [true]. */
  gates?: boolean;
  /** Report the spectral norms of the step Jacobians per step [false]. */
  jacobians?: boolean;
  /** Report per-unit traces of h, c and every gate (Diagnostics.units) [false]. */
  units?: boolean;
  /** Arithmetic of training ['float32']. */
  precision?: Precision;
}

/** normalizeConfig(): every key of TrainConfig with its default filled in, plus the model's sizes. */
export interface NormalizedConfig {
  cell: CellName;
  task: TaskName;
  T: number;
  hidden: number;
  embed: number;
  batch: number;
  lr: number;
  optimizer: OptimizerName;
  momentum: number;
  nesterov: boolean;
  clip: number;
  seed: number;
  init: InitName;
  forgetBias: number;
  gain: number;
  bpttTerms: boolean;
  gates: boolean;
  jacobians: boolean;
  units: boolean;
  precision: Precision;
  /** V: the number of distinct tokens. */
  vocabSize: number;
  /** C: the number of classes. */
  numClasses: number;
  /** The task 'text': its characters and unigram entropy (nats). */
  textChars?: number;
  textEntropy?: number;
  /** The task 'sequences': the items, those held out for evaluation, the longest one's tokens, the labels in class order. */
  sequenceCount?: number;
  heldOutCount?: number;
  longestSequence?: number;
  classes?: string[];
}

/** Trainer.config(): the normalized config in force, plus the chance accuracy of its task. */
export interface TrainerConfig extends NormalizedConfig {
  /** Accuracy of guessing (the best constant answer). */
  chance: number;
}

/** What checkConfig() accepts: a TrainConfig, or any object of unchecked values (e.g. from a URL). */
export type UncheckedConfig = TrainConfig | { readonly [key: string]: unknown };

/** One problem checkConfig() found. */
export interface ConfigIssue {
  /** The key it concerns ('' when it concerns several). */
  key: string;
  /** One sentence, the key spelled as in JS. */
  message: string;
}

/** checkConfig(): every bad key at once, without throwing. */
export interface ConfigCheck {
  /** The config with the default for each bad key and the given value for the rest. */
  config: NormalizedConfig;
  /** Empty when the config is good. */
  errors: ConfigIssue[];
}

// --------------------------------------------------------------- results

/** The letters of the gates: i, f, g, o (lstm, peephole_lstm), r, z, n (gru). */
export type GateName = 'i' | 'f' | 'g' | 'o' | 'r' | 'z' | 'n';

/** A gate's activation function. */
export type GateActivation = 'sigmoid' | 'tanh';

/** One gate over time; entry t-1 is for step t = 1..T. */
export interface GateStats {
  activation: GateActivation;
  /** Mean activation over batch and units. */
  mean: Float64Array;
  /** Fraction of saturated-low entries (sigmoid < 0.05, tanh < -0.95). */
  fracLow: Float64Array;
  /** Fraction of saturated-high entries (> 0.95). */
  fracHigh: Float64Array;
  /** The mean over t of `mean`. */
  timeMean: number;
  /** The mean over t of `fracLow`. */
  timeFracLow: number;
  /** The mean over t of `fracHigh`. */
  timeFracHigh: number;
}

/**
 * The gradient's verdict from decades = log10(||dL/dh(1)|| / ||dL/dh(T)||)
 * (docs/diagnostics.md): vanishes (<= -2), fades (-2..-0.5], flows
 * (-0.5..0.5), grows (>= 0.5 and bounded), explodes (>= 2 with a whole
 * gradient norm above 1, or not finite).
 */
export type GradientVerdict = 'vanishes' | 'fades' | 'flows' | 'grows' | 'explodes';

/** What one training step reports besides loss and accuracy. Arrays indexed by time have T entries. */
export interface Diagnostics {
  /** ||dL/dh(t)||_F, t = 1..T (total derivative). */
  dhNorms: Float64Array;
  /** ||dL/dc(t)||_F: lstm and peephole_lstm only. */
  dcNorms?: Float64Array;
  /** ||term(t)||_F of the BPTT sum for dL/dW_hh: present unless bpttTerms is false. */
  bpttTerms?: Float64Array;
  /** With layers > 1: dhNorms, dcNorms, bpttTerms of every layer, layer 0 first (the three above are the top layer's). */
  dhNormsByLayer?: Float64Array[];
  dcNormsByLayer?: Float64Array[];
  bpttTermsByLayer?: Float64Array[];
  /** Gradient norm per engine tensor ('rnn.weight_hh_l0', 'head.bias', ...). */
  gradNorms: Record<string, number>;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Global gradient norm after clipping. */
  gradNormClipped: number;
  /** Per gate, for the gated cells with gates on; empty for rnn or with gates: false. */
  gates: Partial<Record<GateName, GateStats>>;
  /** RMS over the batch of ||c(t)|| (||h(t)|| for rnn and gru); absent with gates: false. */
  cellNorms?: Float64Array;
  /** Spectral norm of ds(t)/ds(t-1), first sequence: only with jacobians: true. */
  jacobianNorms?: Float64Array;
  /** Spectral norm of the product ds(t)/ds(1): only with jacobians: true. */
  jacobianProductNorms?: Float64Array;
  /** Entry i: spectral norm of ds(T)/ds(i), i = 0..T-1 (the product inside term(i)): only with jacobians: true. */
  jacobianToTNorms?: Float64Array;
  /** rnn only, with jacobians: max_k (1 - h_k(t)^2) sigma_max(W_hh), the bound on jacobianNorms[t-1]. */
  jacobianBounds?: Float64Array;
  /** rnn only, with jacobians: the factors of term(i) for the first sequence (entry i-1 for i = 1..T). */
  termFactors?: {
    /** ||dL/dh(T)|| of the first sequence. */
    dLdhT: number;
    /** ||d+h(i)/dW_hh||, the operator norm of the immediate partial. */
    partialNorms: Float64Array;
    /** dLdhT * ||ds(T)/ds(i)|| * partialNorms[i-1]: an upper bound of norms[i-1]. */
    bounds: Float64Array;
    /** The true ||term(i)||_F of the first sequence. */
    norms: Float64Array;
  };
  /** sigma_max of the recurrent weight matrix (power iteration); absent on unreported steps of a chunk. */
  recurrentSigmaMax?: number;
  /** Its state name: 'rnn.weight_hh_l0'. */
  recurrentTensor?: string;
  /** With units: true and T*H <= 65536: per unit, T arrays of H numbers each. */
  units?: {
    first: UnitTraces;
    mean: UnitTraces;
  };
  /** With units: true and T*H above 65536: why the traces are left out. */
  unitsOmitted?: string;
  verdict: GradientVerdict;
  verdictDecades: number;
}

/** Per-unit traces over time: row t-1 for step t, H numbers per row. */
export interface UnitTraces {
  h: Float64Array[];
  /** lstm and peephole_lstm only. */
  c?: Float64Array[];
  gates: Partial<Record<GateName, Float64Array[]>>;
}

/** The divergence rule's verdict (docs/diagnostics.md, "Divergence"). */
export interface Divergence {
  rule: 'loss' | 'gradient' | 'nonfinite';
  /** One paragraph with the numbers and advice. */
  message: string;
  /** Steps the rule looked at (0 for nonfinite). */
  window: number;
  lossStart: number;
  lossNow: number;
  gradStart: number;
  gradNow: number;
}

/** Trainer.whatIf(): the latest batch through the model with W_hh scaled by gain. */
export interface WhatIfResult {
  gain: number;
  loss: number;
  diagnostics: Diagnostics;
}

/** Trainer.step(): the metrics and diagnostics of the last step run. */
export interface StepMetrics {
  /** Steps done so far. */
  step: number;
  /** Loss of the step's batch, before the update. */
  loss: number;
  /** Accuracy (0..1) of the step's batch, before the update. */
  accuracy: number;
  /** False if the loss or the gradient turned NaN/Inf (step(n) stops there). */
  finite: boolean;
  /** null, or why training diverged at this step (step(n) stops there). */
  diverged: Divergence | null;
  diagnostics: Diagnostics;
  /** Every step of this call, in order (for a per-step record of the run). */
  history: {
    loss: Float64Array;
    accuracy: Float64Array;
    gradNorm: Float64Array;
    gradNormClipped: Float64Array;
  };
}

/** One tensor of the engine in a parameter count. */
export interface ParamTensorCount {
  name: string;
  shape: number[];
  count: number;
}

/** Parameter counts of a model. */
export interface ParamCount {
  /** The engine's own count, embedding table included. */
  total: number;
  /** The course formula's count. */
  formulaTotal: number;
  /** PyTorch's convention (two bias vectors per gate). */
  pytorchTotal: number;
  /** N_in (V one-hot, or E). */
  inputSize: number;
  /** N_h. */
  hiddenSize: number;
  /** N_out. */
  outputSize: number;
  /** V·E of the embedding table (0 for one-hot). */
  embedding: number;
  tensors: ParamTensorCount[];
  formulaLatex: string;
  substitutedLatex: string;
  formulaText: string;
}

/** Trainer.samples(): one held-out sequence with the model's answer. */
export interface Sample {
  tokens: Int32Array;
  target: number;
  prediction: number;
  /** Class probabilities (numClasses entries). */
  probs: Float64Array;
}

/** Options of Trainer.gradcheck(). */
export interface GradcheckOptions {
  /** Finite-difference step, in (0, 1) [1e-5]. */
  eps?: number;
  /** Entries checked per tensor, >= 0 [20]. */
  maxPerTensor?: number;
  /** Batch size of the check, 1..1024 [4]. */
  batch?: number;
  /** Check only this tensor (its engine name, e.g. 'rnn.weight_hh_l0') [every tensor]. */
  tensor?: string;
}

export interface GradcheckTensor {
  name: string;
  checked: number;
  maxRelError: number;
  maxAbsError: number;
}

/** Trainer.gradcheck(): finite differences in float64 on the current parameters. */
export interface GradcheckResult {
  loss: number;
  maxRelError: number;
  /** The step used. */
  eps: number;
  /** The floor of the relative error's denominator (1e-2). */
  floor: number;
  /** Engine tensor names. */
  tensors: GradcheckTensor[];
}

/** A tensor of the state or of grad(): shape and row-major flat data. */
export interface StateTensor {
  shape: number[];
  data: number[];
}

/** The model state (docs/state-format.md, "format": "rnnlab-state/1"), PyTorch state_dict names. */
/** sample(): the prime fed first, characters to generate [200], softmax temperature (0 = argmax) [1], seed [1]. */
export interface SampleOptions {
  prime?: string;
  length?: number;
  temperature?: number;
  seed?: number;
}

export interface StateDict {
  format: 'rnnlab-state/1';
  cell: CellName;
  vocab_size: number;
  /** 0 = one-hot input. */
  embedding_dim: number;
  hidden_size: number;
  num_classes: number;
  /** Stacked layers L (1..4); absent means 1. Layer k's tensors end in _l{k}. */
  num_layers?: number;
  /** A text model's characters: V strings, token k's text. */
  vocab?: string[];
  /** A sequences model's labels: C strings, class k's label. */
  classes?: string[];
  /** 'embedding.weight' (E > 0), 'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'head.weight', 'head.bias', ... */
  tensors: Record<string, StateTensor>;
}

/** A batch (docs/batch-format.md): B rows of T tokens and B target classes. */
export interface Batch {
  tokens: number[][];
  targets: number[];
}

/** Options of grad(). */
export interface GradOptions {
  /** Add jacobian_norms, jacobian_product_norms, jacobian_to_T_norms (and for rnn the bounds) [false]. */
  jacobians?: boolean;
}

/**
 * grad() (docs/cli.md), float64, plain arrays: the same keys as
 * `rnnlab grad` prints, the step diagnostics in snake_case (no gates).
 */
export interface GradResult {
  loss: number;
  /** One entry per tensor of the state, same names and shapes. */
  grads: Record<string, StateTensor>;
  dh_norms: number[];
  /** lstm and peephole_lstm only. */
  dc_norms?: number[];
  bptt_terms: number[];
  /** With num_layers > 1: L arrays of T numbers, layer 0 first (dh_norms etc. are the top layer's). */
  dh_norms_by_layer?: number[][];
  dc_norms_by_layer?: number[][];
  bptt_terms_by_layer?: number[][];
  /** Gradient norm per engine tensor. */
  grad_norms: Record<string, number>;
  grad_norm: number;
  /** The same as grad_norm (grad() does not clip). */
  grad_norm_clipped: number;
  /** Always empty: grad() computes no gate statistics. */
  gates: Record<string, never>;
  /** Only with jacobians: true. */
  jacobian_norms?: number[];
  /** Only with jacobians: true. */
  jacobian_product_norms?: number[];
  /** Only with jacobians: true (contracts §4). */
  jacobian_to_T_norms?: number[];
  /** rnn only, with jacobians: true. */
  jacobian_bounds?: number[];
  /** rnn only, with jacobians: true. */
  term_factors?: { dl_dh_T: number; partial_norms: number[]; bounds: number[]; norms: number[] };
  recurrent_sigma_max?: number;
  recurrent_tensor?: string;
  verdict: GradientVerdict;
  verdict_decades: number;
}

/** tasks(): one entry of the task registry. */
export interface TaskInfo {
  name: TaskName;
  title: string;
  description: string;
  encoding: string;
  defaultT: number;
  minT: number;
  /** V at defaultT. */
  vocabSize: number;
  /** C at defaultT. */
  numClasses: number;
  /** Accuracy of the best input-blind answer (the most frequent class's share) at defaultT. */
  chance: number;
  /** Held-out accuracy above which the task counts as solved. */
  solved: number;
  /** Present (true) for the tasks with targets at some steps (-1 elsewhere). */
  perStep?: true;
}

/** Arguments of generateBatch() (defaults in brackets). */
export interface GenerateBatchOptions {
  /** ['binary_palindrome'] */
  task?: TaskName;
  /** [20] */
  T?: number;
  /** [8] */
  batch?: number;
  /** [1] */
  seed?: number;
}

/** sweepPoint(): a fresh model trained for `steps` steps, then held-out accuracy. */
export interface SweepPointResult {
  accuracy: number;
  finalLoss: number;
  finite: boolean;
  steps: number;
}

/** A gate as cells() describes it. */
export interface CellGateInfo {
  name: GateName;
  title: string;
  activation: GateActivation;
  /** Below this an activation counts as saturated low. */
  saturatedBelow: number;
  /** Above this an activation counts as saturated high. */
  saturatedAbove: number;
}

/** cells(): one recurrent cell and what it is. */
export interface CellInfo {
  name: CellName;
  title: string;
  /** Where space is tight: 'Peephole'. */
  shortTitle: string;
  longTitle: string;
  /** 'torch.nn.LSTM', ... */
  pytorchModule: string;
  /** G: row blocks of the input and recurrent weights. */
  gateBlocks: number;
  /** Empty for rnn. */
  gates: CellGateInfo[];
  hasCellState: boolean;
  /** Blocks of H in the recurrent state s ([h; c] for the lstm: 2). */
  stateBlocks: number;
  stateSymbol: string;
  /** The tensor of the BPTT sum ('rnn.weight_hh_l0', ...). */
  recurrentTensor: string;
  recurrentSymbol: string;
  recurrentSource: string;
  /** The cell's tensors, shapes symbolic (['4H', 'N_in']). */
  tensors: { name: string; shape: string[] }[];
  formulaLatex: string;
  bpttLatex: string;
  equations: string;
}

/** What a Sweep trains (defaults in brackets); arrays may also be comma-separated text. */
export interface SweepSpec {
  /** [['rnn', 'lstm']] */
  cells?: readonly CellName[] | string;
  /** T values [[5, 10, 15, 20, 30]]. */
  lengths?: readonly number[] | string;
  /** Seeds per (cell, T): seed, seed+1, ... (1..100) [3]. */
  seeds?: number;
  /** Training steps per model (1..10^7) [500]. */
  steps?: number;
  /** Held-out sequences per model (1..100000) [500]. */
  eval?: number;
  /** Also evaluate every model at each of these T (at most 32) [none]. */
  testLengths?: readonly number[] | string;
}

/** sweepDefaults(): the defaults of a SweepSpec and the engine's limits. */
export interface SweepDefaults {
  cells: CellName[];
  lengths: number[];
  seeds: number;
  steps: number;
  eval: number;
  testLengths: number[];
  maxSeeds: number;
  maxSteps: number;
  maxEval: number;
  maxModels: number;
  maxTestLengths: number;
}

/** One trained model of a sweep. */
export interface SweepRun {
  cell: CellName;
  T: number;
  seed: number;
  accuracy: number;
  finalLoss: number;
  finite: boolean;
  /** With testLengths: the model's held-out accuracy at each test length. */
  test?: { T: number; accuracy: number }[];
}

/** Sweep.next(): the model just trained, and the progress. */
export interface SweepProgress extends SweepRun {
  done: number;
  total: number;
}

/** One (cell, T) of a sweep, over the seeds done so far. */
export interface SweepPointStats {
  cell: CellName;
  T: number;
  meanAccuracy: number;
  /** Sample standard deviation (n - 1). */
  stdAccuracy: number;
  minAccuracy: number;
  maxAccuracy: number;
  /** The chance level at this T. */
  chance: number;
  /** The task's threshold of "solved" (absent for the text task). */
  solved?: number;
  /** With testLengths: over the same runs, evaluated at each test length. */
  test?: SweepTestStats[];
  runs: SweepRun[];
}

/** One test length of a sweep point: models trained at the point's T, evaluated at this T. */
export interface SweepTestStats {
  T: number;
  meanAccuracy: number;
  stdAccuracy: number;
  minAccuracy: number;
  maxAccuracy: number;
  chance: number;
}

/** Sweep.result(). */
export interface SweepResult {
  task: TaskName;
  /** The grid: every cell and length of the spec, in order. */
  cells: CellName[];
  lengths: number[];
  steps: number;
  seeds: number;
  hidden: number;
  batch: number;
  lr: number;
  eval: number;
  done: number;
  total: number;
  /** The chance level at the base config's T (not each point's: see chances). */
  chance: number;
  /** The chance level at each of `lengths`. */
  chances: Float64Array;
  /** The task's threshold of "solved" (absent for the text task). */
  solved?: number;
  /** With testLengths: the lengths and the chance level at each. */
  testLengths?: number[];
  testChances?: Float64Array;
  points: SweepPointStats[];
}

// ----------------------------------------------------------- the classes

/**
 * A training run: model, optimizer and data stream for one config. Reached
 * as `api.Trainer` (or `api.createTrainer()`); the module exports no
 * Trainer value, so this class is exported as a type only. After dispose()
 * every method but dispose() throws.
 */
/** A teacher's assignment (docs/assignment-format.md), normalized. */
interface Assignment {
  format: 'rnnlab-assignment/1';
  title: string;
  config: Record<string, number | string | boolean>;
  lock: string[];
  view: string;
  steps: number;
  prompts: string[];
}

/** A run report (docs/report-format.md), checked by `rnnlab verify`. */
interface RunReport {
  format: 'rnnlab-report/1';
  engine: { version: string; build: 'wasm' | 'native' };
  config: TrainerConfig & { text?: string; sequences?: string };
  precision: 'float32' | 'float64';
  seed: number;
  steps: number;
  final: { step: number; loss: number | null; accuracy: number | null; paramNorm: number | null; heldOutSequences: number; heldOutAccuracy: number | null };
  checkpoints: Array<{ step: number; loss: number | null; accuracy: number | null; gradNorm: number | null; gradNormClipped: number | null; paramNorm: number | null; finite: boolean; state: string }>;
  assignment?: unknown;
  answers?: unknown;
}

declare class Trainer {
  /** Throws an Error on a bad config. */
  constructor(config?: TrainConfig);
  /** Runs n (1..1000000) training steps [1]; returns the metrics and diagnostics of the last one. */
  step(n?: number): StepMetrics;
  /** Parameter counts: engine total, formula, PyTorch convention, per tensor, LaTeX. */
  paramCount(): ParamCount;
  /** n (1..1000) held-out sequences [4] with target, prediction and class probabilities. */
  samples(n?: number): Sample[];
  /** Accuracy (0..1) on n (1..100000) held-out sequences [512], the same sequences on every call. */
  evaluate(n?: number): number;
  /** The model state (docs/state-format.md). */
  stateDict(): StateDict;
  /** Loads a state (object or JSON text) for the same cell and sizes; resets the optimizer. */
  loadStateDict(state: StateDict | string): void;
  /** Finite differences (float64) on the current parameters. */
  gradcheck(options?: GradcheckOptions): GradcheckResult;
  /** What if W_hh were gain (0..100] times larger? The model is untouched. */
  whatIf(options?: { gain?: number }): WhatIfResult;
  /** The run report (docs/report-format.md) of the run so far; extras: `assignment`, `answers`. */
  report(extras?: { assignment?: unknown; answers?: unknown }): RunReport;
  /** The config in force, every default filled in. */
  config(): TrainerConfig;
  /** Frees the engine's memory; the trainer cannot be used afterwards. Idempotent. */
  dispose(): void;
  readonly disposed: boolean;
}

/**
 * A sequence-length sweep: for each cell, length and seed a fresh model,
 * trained for `steps` steps and evaluated; one model per next() call, so a
 * caller can report progress and stop between models. Reached as
 * `api.Sweep` (or `api.createSweep()`), a type-only export like Trainer.
 */
declare class Sweep {
  /** Throws an Error on a bad config or spec. */
  constructor(config?: TrainConfig, spec?: SweepSpec);
  /** Models in the sweep. */
  readonly total: number;
  /** Models trained so far. */
  readonly done: number;
  readonly finished: boolean;
  /** Trains the next model; throws when the sweep is finished. */
  next(): SweepProgress;
  /** Statistics per (cell, T) over the models done so far. */
  result(): SweepResult;
  /** Trains run k (0..total-1, grid order) without changing this sweep: for a pool of workers. */
  run(k: number): SweepRun & { index: number; steps: number };
  /** Appends run `done` as run(done) returned it (from any Sweep of the same config and spec). */
  add(run: SweepRun & { steps: number }): void;
  /** Frees the engine's memory; next() and result() throw afterwards. Idempotent. */
  dispose(): void;
}

export type { Trainer, Sweep };

// -------------------------------------------------------------- the API

/** One independent engine instance, as loadRnnlab() resolves it. */
export interface RnnlabApi {
  /** The trainer class of this engine instance. */
  readonly Trainer: typeof Trainer;
  /** Same as new api.Trainer(config). */
  createTrainer(config?: TrainConfig): Trainer;
  /** docs/cli.md in float64; state and batch as objects or JSON text. */
  grad(state: StateDict | string, batch: Batch | string, options?: GradOptions): GradResult;
  /** The `length` characters a text model (a state with `vocab`) generates after `prime` (docs/cli.md `rnnlab sample`). */
  sample(state: StateDict | string, options?: SampleOptions): string;
  /** The task registry. */
  tasks(): TaskInfo[];
  /** The parameter count a config implies, without building a trainer. */
  paramCount(config?: TrainConfig): ParamCount;
  /** The hidden size whose parameter count for config is closest to targetCount. */
  matchHidden(config: TrainConfig, targetCount: number): { hidden: number; paramCount: number };
  /** The cells and what they are, registry order. */
  cells(): CellInfo[];
  /** The config with every default filled in; throws on a bad value (every bad key in one message). */
  normalizeConfig(config?: TrainConfig): NormalizedConfig;
  /** Every bad key at once, without throwing. */
  checkConfig(config?: UncheckedConfig): ConfigCheck;
  /** Reads an assignment file (docs/assignment-format.md); never throws for a bad file. */
  checkAssignment(text: string): { assignment: Assignment | null; errors: Array<{ line: number; message: string }> };
  /** The sweep class of this engine instance. */
  readonly Sweep: typeof Sweep;
  /** Same as new api.Sweep(config, spec). */
  createSweep(config?: TrainConfig, spec?: SweepSpec): Sweep;
  /** The sweep's defaults and limits. */
  sweepDefaults(): SweepDefaults;
  /** One batch of a task drawn from a seed (batch JSON, docs/batch-format.md). */
  generateBatch(options?: GenerateBatchOptions): Batch;
  /** One point of the sequence-length sweep: train `steps` [500] steps, evaluate on `evalN` [1000] sequences. */
  sweepPoint(config: TrainConfig, steps?: number, evalN?: number): SweepPointResult;
  /** Current size of the wasm heap in bytes (it only grows). */
  heapBytes(): number;
}

/** Options passed to the Emscripten module factory (all optional). */
export interface LoadOptions {
  /** Receives the engine's stdout lines. */
  print?: (text: string) => void;
  /** Receives the engine's stderr lines. */
  printErr?: (text: string) => void;
  [option: string]: unknown;
}

/** Instantiates a fresh, independent engine and returns its API. */
export declare function loadRnnlab(options?: LoadOptions): Promise<RnnlabApi>;
export default loadRnnlab;
