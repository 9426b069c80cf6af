// protocol.mjs — the messages between the page (or an embed) and its training
// worker. Shared by worker_host.mjs (the worker side), the page, the embed
// element and the tests, so names and shapes live in one place.
//
// Every message carries `runId`. The page bumps it on each configure/reset
// and drops any reply whose runId is not current, so results of a stale run
// never reach the charts.
//
// page -> worker
//   engine    {wasm}         the engine's wasm bytes (an ArrayBuffer, engine_bytes.mjs): the
//                            page's worker compiles them (every other request waits for it)
//   configure {config}       build a new trainer (disposes the old one)
//   start / pause            run / stop the training loop; start {untilStep}: pause at that
//                            step (the worker's count), reply `paused {reason: 'reached', step}`
//   step      {n}            n steps now (single-stepping while paused)
//   reset                    a fresh trainer with the same config (step 0)
//   speed     {stepsPerSecond}  0 = as fast as possible
//   export                   reply `state` with the state JSON text
//   import    {state}        load a state JSON text (same cell and sizes)
//   samples   {n}            reply `samples`
//   sample    {prime, length, temperature, seed}  reply `sample`: the text a text model
//                            (task 'text') writes after the prime, from its current weights
//   check     {config}       reply `checked`: every bad key at once, nothing changes
//   whatIf    {gain}         reply `whatIf`: forward + backward of the current model with its
//                            recurrent weight matrix times `gain`, on a copy (nothing trained)
//   history                  reply `history`: every step's loss, accuracy, gradient norms
//   sweep     {sweepId, config, spec: {cells, lengths, seeds, steps, eval}}
//             (or, as before, cells, lengths, seeds, steps, evalN beside config)
//                            the sequence-length sweep (pauses training); one
//                            fresh model per (cell, T, seed), trained for `steps`
//                            (the engine's Sweep: defaults, limits, statistics)
//             with `pooled: true` the worker trains nothing: it adds the runs
//             that sweepAdd brings (trained by other workers' sweepRun), in order
//   sweepCancel {sweepId}    stop the sweep after the current point (pooled: at once)
//   sweepRun  {sweepId, config, spec, index}  reply `sweepRunDone`: run `index` of that
//                            sweep (the engine's Sweep.run), for a pool of workers
//   sweepAdd  {sweepId, run}  a pooled sweep's run (as sweepRunDone carried it), any order
//   snapshot                 reply `snapshot`: the weights now, for a restart (cheap, measured)
//   ping      {seq}          reply `pong`: the heartbeat (answered between chunks)
//   gradcheck {maxPerTensor}  finite differences against the backward pass, one
//                            tensor per tick (training waits meanwhile, then goes on)
//   matchHidden {config, target}  reply `matched`: the hidden size whose count is closest
//   report    {assignment?, answers?}  reply `report`: the run report (docs/report-format.md)
//   assignment {text}        reply `assignment`: a teacher's assignment file read by the engine
//                            (checkAssignment, docs/assignment-format.md); nothing changes
// worker -> page
//   ready                    the engine is loaded
//   configured {config, paramCount, tasks, cell, vocab?}  (cell: the engine's descriptor of config.cell;
//                            vocab: a text model's characters)
//   checked   {config, errors: [{key, message}]}  (config: each bad key at its default)
//   history   {firstStep, loss, accuracy, gradNorm, gradNormClipped}  (Float64Array columns)
//   metrics   {step, loss, accuracy, finite, diagnostics, stepsPerSecond, chunkMs, running}
//   state     {state}        reply to export
//   imported                 reply to import
//   samples   {samples}
//   sample    {text, prime, length, temperature, seed, step, ms}  reply to sample (text: the engine's)
//   whatIf    {gain, loss, diagnostics, step, ms}  reply to whatIf (the branch: jacobians on, batch of the last step;
//                            ms: the engine call's cost in the worker, queueing excluded)
//   paused    {reason}       the loop stopped ('user', 'diverged' with {message, diverged}: divergedText(),
//                            'reached' with {step}: the target of start {untilStep})
//   sweepStarted {sweepId, total, result}  the engine accepted every (cell, T); nothing trained yet
//   sweepProgress {sweepId, done, total, point: {cell, T, seed, accuracy, finalLoss, finite}, result}
//   sweepDone {sweepId, cancelled, points: [{cell, T, accuracies, mean, std, min, max}], result}
//   sweepRunDone {sweepId, index, run}  reply to sweepRun: {cell, T, seed, accuracy, finalLoss,
//                            finite, test?, index, steps}
//             result: the engine's {points: [{cell, T, meanAccuracy, stdAccuracy, minAccuracy,
//             maxAccuracy, runs}], chance, done, total, ...} (docs/worker-protocol.md)
//   snapshot  {state, step, ms}  the state JSON text at `step`; ms = what it cost the worker
//   pong      {seq}          the heartbeat's answer (also before the engine has loaded)
//   gradcheckProgress {done, total, tensor}  before each tensor of a gradcheck
//   gradcheck {result}       {tensors: [{name, checked, maxRelError, maxAbsError}], maxRelError, loss, eps, floor, step, ms}
//   matched   {hidden, paramCount}  reply to matchHidden
//   report    {report, step}  the run report as JSON text (the engine's Trainer.report())
//   assignment {assignment, errors: [{line, message}]}  reply to assignment (assignment: the normalized
//                            file, or null when errors is not empty)
//   error     {message, request, fatal?}  a request failed; the previous run is intact,
//             unless `fatal`: the engine itself broke (a WebAssembly trap), the page restarts the worker
export const ToWorker = Object.freeze({
  engine: 'engine',
  configure: 'configure',
  start: 'start',
  pause: 'pause',
  step: 'step',
  whatIf: 'whatIf',
  reset: 'reset',
  speed: 'speed',
  export: 'export',
  import: 'import',
  samples: 'samples',
  sample: 'sample',
  check: 'check',
  history: 'history',
  sweep: 'sweep',
  sweepCancel: 'sweepCancel',
  sweepRun: 'sweepRun',
  sweepAdd: 'sweepAdd',
  snapshot: 'snapshot',
  ping: 'ping',
  gradcheck: 'gradcheck',
  matchHidden: 'matchHidden',
  report: 'report',
  assignment: 'assignment',
});

export const FromWorker = Object.freeze({
  ready: 'ready',
  configured: 'configured',
  checked: 'checked',
  history: 'history',
  metrics: 'metrics',
  whatIf: 'whatIf',
  state: 'state',
  imported: 'imported',
  samples: 'samples',
  sample: 'sample',
  paused: 'paused',
  sweepStarted: 'sweepStarted',
  sweepProgress: 'sweepProgress',
  sweepDone: 'sweepDone',
  sweepRunDone: 'sweepRunDone',
  snapshot: 'snapshot',
  pong: 'pong',
  gradcheckProgress: 'gradcheckProgress',
  gradcheck: 'gradcheck',
  matched: 'matched',
  report: 'report',
  assignment: 'assignment',
  error: 'error',
});

// The worker aims at this many metric updates per second while training.
export const UPDATES_PER_SECOND = 30;

export const DIVERGED_MESSAGE =
  'Training diverged: the loss or a gradient became NaN or infinite, so training was paused. ' +
  'Try a lower learning rate, or turn on gradient clipping (for example clip = 1).';

/**
 * What the page says when a step diverged. The engine's rules (divergence.hpp:
 * the loss stayed above 3x its start, or the gradient norm above 1000x, for
 * the last 50 steps) come with its own sentence, numbers and advice, to which
 * the page adds what it did; a NaN or an infinity is DIVERGED_MESSAGE (the
 * engine's sentence for it is the same).
 * @param {object} m a step result (`step`, `finite`, `diverged`: null or {rule, message, ...})
 */
export function divergedText(m) {
  const d = m && m.diverged;
  const said = d && typeof d.message === 'string' ? d.message.trim() : '';
  if (m && m.finite !== false && d && d.rule && d.rule !== 'nonfinite' && said) {
    const at = Number.isFinite(m.step) ? ` at step ${m.step}` : '';
    return `${said} Training was paused${at}; the settings and the weights stay as they are (press Train to go on anyway).`;
  }
  return DIVERGED_MESSAGE;
}
