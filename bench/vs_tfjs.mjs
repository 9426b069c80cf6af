// vs_tfjs.mjs — rnnlab's WebAssembly engine against TensorFlow.js 4.x's
// wasm backend, side by side in one run, both in Node, single-threaded: the
// nine rows of vs_pytorch.py (rnn, lstm, gru x (H 128, T 20, B 128),
// (H 256, T 40, B 128), (H 128, T 200, B 32)), medians of ms per training
// step, and the ratios.
//
//   npm ci --prefix bench/tfjs          # once: TensorFlow.js for this benchmark only
//   node bench/vs_tfjs.mjs [--quick] [--json-out FILE] [--cells rnn,lstm] [--rows 0,2]
//
// The workload is bench_native.cpp's and vs_pytorch.py's: a batch of B
// one-hot sequences of T tokens out of 3, 2 classes read at the last step,
// softmax cross-entropy (mean over the batch), global-norm clipping at 1.0,
// Adam (lr 0.01), float32.
// - TensorFlow.js (bench/tfjs/package.json, its lockfile pins the versions):
//   @tensorflow/tfjs with @tensorflow/tfjs-backend-wasm, backend 'wasm',
//   setThreadsCount(1) and WASM_HAS_MULTITHREAD_SUPPORT false (its SIMD
//   build, tfjs-backend-wasm-simd.wasm). The model: tf.layers.simpleRNN /
//   lstm / gru (units H, inputShape [T, 3], recurrentActivation 'sigmoid'
//   for lstm and gru, TF.js's default being hardSigmoid; otherwise the
//   layers' defaults) + tf.layers.dense (2 units, the logits). One step, in
//   tf.tidy: a batch drawn with tf.randomUniformInt and tf.oneHot,
//   tf.variableGrads of tf.losses.softmaxCrossEntropy, the gradients scaled
//   by min(1, 1 / global norm), tf.train.adam(0.01).applyGradients, and
//   the loss read back (dataSync) so the step has finished when it is timed.
// - rnnlab wasm: node bench/bench_wasm.mjs --no-native (web/dist), in a
//   child process after TF.js, the same measurement as vs_pytorch.py's.
// Per measurement: 3 warm-up steps, a calibration to about 0.3 s a repeat
// (at least 1 step), then 7 repeats (3 with --quick), the median. A TF.js
// row whose step takes over 2 s gets 3 repeats of 1 step instead (said in
// the table). Timing only: nothing here is a test.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TFJS_DIR = join(ROOT, 'bench/tfjs');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : null);
const jsonOut = opt('--json-out');
const ROWS = [{ H: 128, T: 20, B: 128 }, { H: 256, T: 40, B: 128 }, { H: 128, T: 200, B: 32 }];
const CELLS = ['rnn', 'lstm', 'gru'];
const rowsWanted = opt('--rows') ? opt('--rows').split(',').map(Number) : ROWS.map((_, i) => i);
const cellsWanted = opt('--cells') ? opt('--cells').split(',') : CELLS;
const REPEATS = quick ? 3 : 7;
const TARGET_MS = quick ? 100 : 300;
const SLOW_MS = 2000;   // a TF.js step longer than this: 3 repeats of 1 step
const WARMUP = 3;

if (!existsSync(join(TFJS_DIR, 'node_modules/@tensorflow/tfjs-backend-wasm'))) {
  console.error('TensorFlow.js is not installed for the benchmark: run  npm ci --prefix bench/tfjs');
  process.exit(2);
}
const require = createRequire(join(TFJS_DIR, 'package.json'));
const tf = require('@tensorflow/tfjs');
const tfwasm = require('@tensorflow/tfjs-backend-wasm');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function setUpTfjs() {
  tfwasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  tfwasm.setThreadsCount(1);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js: the wasm backend did not start');
  await tf.ready();
  return {
    tfjs: tf.version.tfjs,
    backendWasm: require('@tensorflow/tfjs-backend-wasm/package.json').version,
    backend: tf.getBackend(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    threads: tfwasm.getThreadsCount(),
  };
}

function tfjsModel(cell, H, T) {
  const common = { units: H, inputShape: [T, 3] };
  const rnn = cell === 'rnn' ? tf.layers.simpleRNN({ ...common, activation: 'tanh' })
    : cell === 'lstm' ? tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' })
      : tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  return tf.sequential({ layers: [rnn, tf.layers.dense({ units: 2 })] });
}

function benchTfjs(cell, H, T, B) {
  const model = tfjsModel(cell, H, T);
  const optimizer = tf.train.adam(0.01);
  let loss = 0;
  const step = () => tf.tidy(() => {
    const x = tf.oneHot(tf.randomUniformInt([B, T], 0, 3), 3).toFloat();
    const y = tf.oneHot(tf.randomUniformInt([B], 0, 2), 2);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })));
    const names = Object.keys(grads);
    const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n])))));
    const scale = tf.minimum(1, tf.div(1, tf.maximum(norm, 1e-12)));
    const clipped = {};
    for (const n of names) clipped[n] = tf.mul(grads[n], scale);
    optimizer.applyGradients(clipped);
    loss = value.dataSync()[0];
  });
  for (let i = 0; i < WARMUP; i++) step();
  let t0 = performance.now();
  step();
  step();
  const per = (performance.now() - t0) / 2;
  const slow = per > SLOW_MS;
  const steps = slow ? 1 : Math.max(1, Math.round(TARGET_MS / Math.max(per, 1e-3)));
  const repeats = slow ? 3 : REPEATS;
  const times = [];
  for (let r = 0; r < repeats; r++) {
    t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    times.push((performance.now() - t0) / steps);
  }
  const params = model.countParams();
  model.dispose();
  optimizer.dispose();
  return { ms_per_step_median: median(times), ms_min: Math.min(...times), ms_max: Math.max(...times), repeats,
    steps_per_repeat: steps, reduced: slow, params, last_loss: loss, tensors_left: tf.memory().numTensors };
}

const info = await setUpTfjs();
console.error(`TensorFlow.js ${info.tfjs}, backend ${info.backend} (tfjs-backend-wasm ${info.backendWasm}), ` +
  `SIMD ${info.simd}, multithread ${info.multithread}, ${info.threads} thread; Node ${process.version}`);
const rows = [];
for (const i of rowsWanted) {
  const { H, T, B } = ROWS[i];
  for (const cell of cellsWanted) {
    const r = benchTfjs(cell, H, T, B);
    console.error(`tfjs ${cell} H=${H} T=${T} B=${B}: ${r.ms_per_step_median.toFixed(1)} ms/step` +
      ` (${r.repeats} x ${r.steps_per_repeat} steps${r.reduced ? ', reduced' : ''}; loss ${r.last_loss.toFixed(3)})`);
    rows.push({ cell, H, T, B, tfjs: r });
  }
}

// rnnlab's engine in a child process: bench_wasm.mjs, as vs_pytorch.py runs it.
const wasm = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench/bench_wasm.mjs'), '--no-native', ...(quick ? ['--quick'] : [])],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 }));
for (const row of rows) {
  const w = wasm.results.find((r) => r.cell === row.cell && r.H === row.H && r.T === row.T && r.B === row.B);
  row.rnnlab_ms = w ? w.ms_per_step_median : null;
  row.tfjs_ms = row.tfjs.ms_per_step_median;
  row.ratio = w ? row.tfjs_ms / w.ms_per_step_median : null;
}

const lines = ['| cell | H | T | B | TF.js wasm | rnnlab wasm | TF.js / rnnlab |', '|---|---:|---:|---:|---:|---:|---:|'];
for (const r of rows) {
  const note = r.tfjs.reduced ? ` (${r.tfjs.repeats} x 1 step)` : '';
  lines.push(`| ${r.cell} | ${r.H} | ${r.T} | ${r.B} | ${r.tfjs_ms.toFixed(1)}${note} | ${r.rnnlab_ms == null ? '-' : r.rnnlab_ms.toFixed(1)} | ` +
    `${r.ratio == null ? '-' : r.ratio.toFixed(1)} |`);
}
const table = lines.join('\n');
console.log(table);
console.log(`\nms per step, medians; TF.js ${info.tfjs} wasm backend (SIMD ${info.simd}, ${info.threads} thread), rnnlab ${wasm.engine}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), node: process.version, tfjs: info, quick, rows, table, rnnlab: wasm }, null, 2));
