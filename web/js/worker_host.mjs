// worker_host.mjs — the training loop behind the worker protocol
// (protocol.mjs), independent of where it runs: worker.mjs wires it to a
// browser Web Worker, the Node tests to worker_threads. Trains in chunks of
// steps sized to keep about UPDATES_PER_SECOND updates flowing back, and
// yields between chunks so pause/step/configure messages get through.
// It is the only code that calls the engine; it computes nothing itself
// (the sweep's loop and statistics are the engine's Sweep), and it keeps
// the per-step record of the run (createStepRecord) for the CSV export.
import { divergedText, FromWorker, ToWorker, UPDATES_PER_SECOND } from './protocol.mjs';

/**
 * Every step's loss, accuracy and gradient norm (before / after clipping),
 * in growing Float64Array columns: 32 bytes a step, so a million steps
 * take 32 MB. The page's curves are thinned; this record is not (the CSV).
 */
export function createStepRecord() {
  const keys = ['loss', 'accuracy', 'gradNorm', 'gradNormClipped'];
  let cols = Object.fromEntries(keys.map((k) => [k, new Float64Array(1024)]));
  let n = 0;
  let first = 1;
  return {
    /** Columns of consecutive steps starting at step `from`. */
    append(from, history) {
      if (n === 0) first = from;
      const m = history.loss.length;
      if (n + m > cols.loss.length) {
        const size = Math.max(2 * cols.loss.length, n + m);
        for (const k of keys) {
          const next = new Float64Array(size);
          next.set(cols[k].subarray(0, n));
          cols[k] = next;
        }
      }
      for (const k of keys) cols[k].set(history[k], n);
      n += m;
    },
    get length() {
      return n;
    },
    /** Copies: {firstStep, loss, accuracy, gradNorm, gradNormClipped}. */
    columns() {
      const out = { firstStep: first };
      for (const k of keys) out[k] = cols[k].slice(0, n);
      return out;
    },
  };
}

/**
 * The engine's sweep statistics in the protocol's short form (sweepDone.points):
 * {cell, T, accuracies, mean, min, max} per (cell, T). Renames only.
 */
function pointsOf(result) {
  return result.points.map((p) => ({
    cell: p.cell, T: p.T, accuracies: p.runs.map((r) => r.accuracy),
    mean: p.meanAccuracy, std: p.stdAccuracy, min: p.minAccuracy, max: p.maxAccuracy,
  }));
}

/**
 * A WebAssembly trap (out-of-bounds access, `unreachable`, an abort) leaves
 * the engine's memory in an unknown state: every later call may be wrong.
 * Such errors are sent with `fatal: true` and the page replaces the worker.
 * (Errors the engine reports itself, bad_alloc included, are not fatal.)
 */
function fatal(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError ? { fatal: true } : {};
}

/**
 * @param {object} api the object from makeApi(core)
 * @param {(msg: object) => void} post sends a message to the page
 * @param {object} [timers] {now, schedule(fn)} (for tests)
 */
export function createWorkerHost(api, post, timers = {}) {
  const now = timers.now || (() => performance.now());
  const schedule = timers.schedule || ((fn) => setTimeout(fn, 0));
  let trainer = null;
  let config = null;
  let runId = 0;
  let running = false;
  let chunk = 1;               // steps per chunk, adapted to the target rate
  let stepsPerSecond = 0;      // 0 = as fast as possible
  let measuredRate = 0;        // steps per second, measured
  let loopToken = 0;
  let sweep = null;            // {id, engine: the engine's Sweep, cancelled, pooled, waiting: index -> run}
  let share = null;            // {id, engine}: the Sweep whose runs sweepRun trains (a pool's worker)
  let record = createStepRecord();  // every step's loss, accuracy and gradient norms
  let lastStep = 0;            // the trainer's step count (for `snapshot`)
  let chunkMs = 0;             // how long the latest chunk took (the page's heartbeat bound uses it)
  let untilStep = 0;           // `start {untilStep}`: the loop pauses at that step (0: no target)
  let check = null;            // the gradient check in progress (startCheck)

  const send = (type, payload = {}) => post({ type, runId, ...payload });

  function metricsMessage(m) {
    const { history, ...rest } = m;  // the per-step columns stay here, in the record
    return { ...rest, stepsPerSecond: measuredRate, chunkMs, running };
  }

  function runChunk(n) {
    const t0 = now();
    const m = trainer.step(n);
    record.append(m.step - m.history.loss.length + 1, m.history);
    const dt = Math.max(now() - t0, 1e-3);
    measuredRate = (n / dt) * 1000;
    chunkMs = dt;
    lastStep = m.step;
    // A NaN/infinity, or the engine's divergence rules (loss or gradient
    // growing over its window): the engine stopped the chunk at that step.
    if (!m.finite || (m.diverged && m.diverged.rule)) {
      running = false;
      send(FromWorker.metrics, metricsMessage(m));
      send(FromWorker.paused, { reason: 'diverged', message: divergedText(m), diverged: m.diverged || null });
      return false;
    }
    send(FromWorker.metrics, metricsMessage(m));
    return true;
  }

  function loop(token) {
    if (!running || token !== loopToken || !trainer) return;
    const budgetMs = 1000 / UPDATES_PER_SECOND;
    let n = chunk;
    if (stepsPerSecond > 0) n = Math.max(1, Math.round(stepsPerSecond / UPDATES_PER_SECOND));
    if (untilStep > 0) n = Math.max(1, Math.min(n, untilStep - lastStep));  // the last chunk ends at the target
    const t0 = now();
    let ok;
    try {
      ok = runChunk(n);
    } catch (e) {
      running = false;
      send(FromWorker.error, { message: e.message, request: 'start', ...fatal(e) });
      return;
    }
    const dt = now() - t0;
    if (stepsPerSecond === 0) {
      // Grow or shrink the chunk towards the frame budget.
      const ideal = Math.max(1, Math.floor((n * budgetMs * 0.8) / Math.max(dt, 0.5)));
      chunk = Math.max(1, Math.min(ideal, chunk * 2, 100000));
    }
    if (!ok) return;
    if (untilStep > 0 && lastStep >= untilStep) {
      running = false;
      untilStep = 0;
      send(FromWorker.paused, { reason: 'reached', step: lastStep });
      return;
    }
    if (stepsPerSecond > 0) {
      const wait = Math.max(0, (n * 1000) / stepsPerSecond - dt);  // n steps take n/s seconds, also below UPDATES_PER_SECOND steps/s
      setTimeout(() => loop(token), wait);
    } else {
      schedule(() => loop(token));
    }
  }

  function build(cfg) {
    const next = api.createTrainer(cfg);  // throws on a bad config: the old run stays
    if (trainer) trainer.dispose();
    trainer = next;
    config = trainer.config();
    record = createStepRecord();
    chunk = 1;
    lastStep = 0;
    untilStep = 0;
  }

  function configuredMessage() {
    const cell = api.cells().find((c) => c.name === config.cell) || null;
    // A text model's characters, or the reader's sequences' tokens (the state's
    // vocab), so the page can show its tokens as text; the sequences' labels
    // are the config's `classes`.
    const vocab = config.textChars !== undefined || config.task === 'sequences' ? trainer.stateDict().vocab || null : undefined;
    return { config, paramCount: trainer.paramCount(), tasks: api.tasks(), cell, ...(vocab ? { vocab } : {}) };
  }

  // ---- the gradient check ------------------------------------------------------
  // One engine call per tensor (trainer.gradcheck({tensor})), one tensor per
  // tick, so pings, pause and configure get through and the page sees the
  // progress. Training waits meanwhile (the weights stay those of the step
  // the check began at): a `start` or `step` that arrives is held and done
  // after the last tensor; the loop, if it was running, goes on then.
  // A new run (configure, reset), loaded weights or a sweep end the check
  // (an error for request 'gradcheck', tagged with the run it was for).

  function startCheck(msg) {
    if (check) endCheck('a new gradient check was asked for');
    const names = trainer.paramCount().tensors.map((t) => t.name);
    const options = {};
    if (msg.maxPerTensor !== undefined) options.maxPerTensor = msg.maxPerTensor;
    if (msg.batch !== undefined) options.batch = msg.batch;
    check = { runId, trainer, names, options, tensors: [], loss: NaN, eps: NaN, floor: NaN,
      resume: running, steps: 0, step: lastStep, t0: now() };
    running = false;  // the loop stops at its next tick; check.resume says whether it goes on afterwards
    loopToken++;
    const job = check;
    send(FromWorker.gradcheckProgress, { done: 0, total: names.length, tensor: names[0] || '' });
    schedule(() => checkNext(job));
  }

  /** Ends the check in progress without a result: its request fails with `why`. */
  function endCheck(why) {
    const job = check;
    check = null;
    post({ type: FromWorker.error, runId: job.runId, message: `The gradient check was stopped: ${why}.`, request: ToWorker.gradcheck });
  }

  /** After the check: what was asked for meanwhile (held steps, training). */
  function afterCheck(job) {
    if (job.steps > 0) {
      try {
        if (!runChunk(job.steps)) return;  // it diverged: paused
      } catch (e) {
        send(FromWorker.error, { message: e.message, request: ToWorker.step, ...fatal(e) });
        return;
      }
    }
    if (job.resume && !running) {
      running = true;
      const token = ++loopToken;
      schedule(() => loop(token));
    }
  }

  function checkNext(job) {
    if (check !== job) return;
    const name = job.names[job.tensors.length];
    let r;
    try {
      r = trainer.gradcheck({ ...job.options, tensor: name });
    } catch (e) {
      check = null;
      send(FromWorker.error, { message: e.message, request: ToWorker.gradcheck, ...fatal(e) });
      if (!fatal(e).fatal) afterCheck(job);
      return;
    }
    job.tensors.push(...r.tensors);
    job.loss = r.loss;
    if (r.eps !== undefined) job.eps = r.eps;
    if (r.floor !== undefined) job.floor = r.floor;
    const done = job.tensors.length;
    if (done < job.names.length) {
      send(FromWorker.gradcheckProgress, { done, total: job.names.length, tensor: job.names[done] });
      schedule(() => checkNext(job));
      return;
    }
    check = null;
    const maxRelError = job.tensors.reduce((a, t) => (t.maxRelError > a || Number.isNaN(t.maxRelError) ? t.maxRelError : a), 0);
    send(FromWorker.gradcheckProgress, { done, total: job.names.length, tensor: '' });
    send(FromWorker.gradcheck, { result: { tensors: job.tensors, maxRelError, loss: job.loss, eps: job.eps,
      floor: job.floor, step: job.step, ms: now() - job.t0 } });
    afterCheck(job);
  }

  function sweepNext(id) {
    if (!sweep || sweep.id !== id) return;
    const { engine } = sweep;
    if (sweep.cancelled || engine.finished) {
      const result = engine.result();
      send(FromWorker.sweepDone, { sweepId: id, cancelled: sweep.cancelled, points: pointsOf(result), result });
      engine.dispose();
      sweep = null;
      return;
    }
    try {
      const point = engine.next();
      send(FromWorker.sweepProgress, { sweepId: id, done: engine.done, total: engine.total, point, result: engine.result() });
    } catch (e) {
      send(FromWorker.error, { message: e.message, request: 'sweep', ...fatal(e) });
      engine.dispose();
      sweep = null;
      return;
    }
    schedule(() => sweepNext(id));
  }

  const handlers = {
    [ToWorker.sweep](msg) {
      // The engine checks every (cell, T) before any training and owns the loop's statistics.
      const spec = msg.spec || { cells: msg.cells, lengths: msg.lengths, seeds: msg.seeds, steps: msg.steps, eval: msg.evalN };
      const engine = api.createSweep({ ...(msg.config || {}), bpttTerms: false, gates: false }, spec);
      if (sweep) {  // a new sweep replaces the one running: that one ends, cancelled
        send(FromWorker.sweepDone, { sweepId: sweep.id, cancelled: true, points: pointsOf(sweep.engine.result()), result: sweep.engine.result() });
        sweep.engine.dispose();
      }
      if (check) endCheck('a sweep started');
      running = false;
      loopToken++;
      sweep = { id: msg.sweepId, engine, cancelled: false, pooled: !!msg.pooled, waiting: new Map() };
      const id = msg.sweepId;
      send(FromWorker.sweepStarted, { sweepId: id, total: engine.total, result: engine.result() });
      // Pooled: other workers train the runs (sweepRun); this one adds them (sweepAdd).
      if (!sweep.pooled) schedule(() => sweepNext(id));
    },
    [ToWorker.sweepCancel](msg) {
      if (sweep && (msg.sweepId === undefined || msg.sweepId === sweep.id)) {
        sweep.cancelled = true;
        if (sweep.pooled) sweepNext(sweep.id);  // nothing trains here: done at once, with the runs added so far
      }
    },
    // A pool's worker: run `index` of the sweep (config, spec), by the engine's
    // Sweep.run, which leaves that Sweep as it was; kept for the next index.
    [ToWorker.sweepRun](msg) {
      if (!share || share.id !== msg.sweepId) {
        const engine = api.createSweep({ ...(msg.config || {}), bpttTerms: false, gates: false }, msg.spec || {});
        if (share) share.engine.dispose();
        share = { id: msg.sweepId, engine };
      }
      if (check) endCheck('a sweep started');
      running = false;
      loopToken++;
      send(FromWorker.sweepRunDone, { sweepId: msg.sweepId, index: msg.index, run: share.engine.run(msg.index) });
    },
    // A pooled sweep's run, from any worker, in any order: the engine adds
    // them in its order (Sweep.add), each followed by a sweepProgress.
    [ToWorker.sweepAdd](msg) {
      if (!sweep || !sweep.pooled || sweep.id !== msg.sweepId || !msg.run) return;
      const { engine, waiting, id } = sweep;
      waiting.set(msg.run.index, msg.run);
      try {
        while (waiting.has(engine.done) && !engine.finished) {
          const run = waiting.get(engine.done);
          waiting.delete(engine.done);
          engine.add(run);
          const { index, steps, ...point } = run;
          send(FromWorker.sweepProgress, { sweepId: id, done: engine.done, total: engine.total, point: { ...point, done: engine.done, total: engine.total }, result: engine.result() });
        }
      } catch (e) {
        send(FromWorker.error, { message: e.message, request: 'sweep', ...fatal(e) });
        engine.dispose();
        sweep = null;
        return;
      }
      if (engine.finished) sweepNext(id);
    },
    [ToWorker.configure](msg) {
      build(msg.config || {});
      if (check) endCheck('the settings changed');
      running = false;
      loopToken++;
      send(FromWorker.configured, configuredMessage());
    },
    [ToWorker.reset]() {
      if (!config) throw new Error('reset before configure');
      build(config);
      if (check) endCheck('the lab was reset');
      running = false;
      loopToken++;
      send(FromWorker.configured, configuredMessage());
    },
    [ToWorker.check](msg) {
      send(FromWorker.checked, api.checkConfig(msg.config || {}));
    },
    [ToWorker.history]() {
      send(FromWorker.history, record.columns());
    },
    [ToWorker.start](msg) {
      if (!trainer) throw new Error('start before configure');
      // A target step: train up to it and pause there ('reached'); without one, train on.
      untilStep = Number.isInteger(msg.untilStep) && msg.untilStep > 0 ? msg.untilStep : 0;
      if (untilStep > 0 && lastStep >= untilStep && !check) {
        untilStep = 0;
        running = false;
        loopToken++;
        send(FromWorker.paused, { reason: 'reached', step: lastStep });
        return;
      }
      if (check) {
        check.resume = true;  // after the check
        return;
      }
      if (running) return;
      running = true;
      const token = ++loopToken;
      schedule(() => loop(token));
    },
    [ToWorker.pause]() {
      untilStep = 0;
      if (check) {
        check.resume = false;
        check.steps = 0;
      }
      running = false;
      loopToken++;
      send(FromWorker.paused, { reason: 'user' });
    },
    [ToWorker.step](msg) {
      if (!trainer) throw new Error('step before configure');
      if (check) {
        check.steps += msg.n || 1;  // after the check, on the weights it checked
        return;
      }
      runChunk(msg.n || 1);
    },
    [ToWorker.speed](msg) {
      const s = Number(msg.stepsPerSecond);
      if (!Number.isFinite(s) || s < 0) throw new Error('speed must be a non-negative number of steps per second');
      stepsPerSecond = s;
    },
    // The what-if branch (the Jacobian panel's gain slider): the engine scales
    // W_hh by `gain` on a copy and runs forward + backward on the last step's
    // batch; the trained model, its optimizer and its data stream are untouched.
    [ToWorker.whatIf](msg) {
      if (!trainer) throw new Error('whatIf before configure');
      const t0 = now();
      const r = trainer.whatIf({ gain: msg.gain });
      send(FromWorker.whatIf, { gain: r.gain, loss: r.loss, diagnostics: r.diagnostics, step: lastStep, ms: now() - t0 });
    },
    [ToWorker.export]() {
      if (!trainer) throw new Error('export before configure');
      send(FromWorker.state, { state: JSON.stringify(trainer.stateDict()) });
    },
    // The run report (docs/report-format.md): the engine's record of this run,
    // with the page's assignment and answers copied in.
    [ToWorker.report](msg) {
      if (!trainer) throw new Error('report before configure');
      const extras = {};
      if (msg.assignment !== undefined) extras.assignment = msg.assignment;
      if (msg.answers !== undefined) extras.answers = msg.answers;
      send(FromWorker.report, { report: JSON.stringify(trainer.report(extras)), step: lastStep });
    },
    // A teacher's assignment file, read by the engine (no trainer needed; nothing changes).
    [ToWorker.assignment](msg) {
      const r = api.checkAssignment(String(msg.text ?? ''));
      send(FromWorker.assignment, { assignment: r.assignment, errors: r.errors });
    },
    [ToWorker.import](msg) {
      if (!trainer) throw new Error('import before configure');
      trainer.loadStateDict(msg.state);
      if (check) endCheck('new weights were loaded');
      send(FromWorker.imported, {});
    },
    [ToWorker.samples](msg) {
      if (!trainer) throw new Error('samples before configure');
      send(FromWorker.samples, { samples: trainer.samples(msg.n || 4) });
    },
    // What a text model writes after `prime` with its current weights: the
    // engine's sample() on the trainer's state (the state carries the vocab).
    [ToWorker.sample](msg) {
      if (!trainer) throw new Error('sample before configure');
      const t0 = now();
      const options = {};
      for (const k of ['prime', 'length', 'temperature', 'seed']) if (msg[k] !== undefined) options[k] = msg[k];
      const text = api.sample(trainer.stateDict(), options);
      send(FromWorker.sample, { text, prime: options.prime ?? '', length: options.length, temperature: options.temperature,
        seed: options.seed, step: lastStep, ms: now() - t0 });
    },
    // The page keeps the latest of these to restart a worker that died
    // with the weights it had; `ms` is the cost, so the page can space them.
    [ToWorker.snapshot]() {
      if (!trainer) throw new Error('snapshot before configure');
      const t0 = now();
      const state = JSON.stringify(trainer.stateDict());
      send(FromWorker.snapshot, { state, step: lastStep, ms: now() - t0 });
    },
    [ToWorker.gradcheck](msg) {
      if (!trainer) throw new Error('gradcheck before configure');
      startCheck(msg);
    },
    // The engine's hidden size for `config` whose parameter count is closest to `target` (compare mode).
    [ToWorker.matchHidden](msg) {
      const r = api.matchHidden(msg.config || {}, msg.target);
      send(FromWorker.matched, { hidden: r.hidden, paramCount: r.paramCount });
    },
    // The heartbeat: answered between chunks, so a worker that stops answering has stopped.
    [ToWorker.ping](msg) {
      send(FromWorker.pong, { seq: msg.seq });
    },
  };

  return {
    handle(msg) {
      if (!msg || typeof msg !== 'object') return;
      if (typeof msg.runId === 'number') runId = msg.runId;
      const h = handlers[msg.type];
      if (!h) {
        send(FromWorker.error, { message: `unknown message type '${msg && msg.type}'`, request: msg.type });
        return;
      }
      try {
        h(msg);
      } catch (e) {
        send(FromWorker.error, { message: e.message, request: msg.type, ...fatal(e) });
      }
    },
    ready() {
      send(FromWorker.ready);
    },
  };
}
