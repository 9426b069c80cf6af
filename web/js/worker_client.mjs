// worker_client.mjs — the page side of the worker protocol (protocol.mjs):
// starts the training worker from a Blob of the bundled worker source (so it
// also works from file://) and hands it the engine's wasm bytes
// (engine_bytes.mjs, message `engine`), tags every message with the current run id,
// drops replies of stale runs, and turns request/reply pairs (configure,
// reset, export, import, samples) into promises; runs sequence-length
// sweeps (sweep -> sweepProgress ... sweepDone) as a promise with progress.
// A worker that cannot start (a Content-Security-Policy without
// worker-src blob:) leaves a client whose `failure` says why; its requests
// reject with that message instead of waiting forever.
// A worker that dies once running — an uncaught error, a message that
// cannot be read, a fatal engine error, or (with `heartbeat`) silence for
// longer than the bound — is ended and reported once to onDeath(reason);
// restart() then starts a fresh one behind the same client (the caller
// configures it again: docs/worker-protocol.md, "A worker that dies").
// Deliberately not: any rendering, any knowledge of the config's meaning.
/* global __RNNLAB_WORKER_SOURCE__ */
import { loadEngineBytes } from './engine_bytes.mjs';
import { FromWorker, ToWorker } from './protocol.mjs';

/** Rejection reason of a request whose run was superseded; callers ignore it. */
export class StaleReply extends Error {
  constructor() {
    super('stale reply');
    this.name = 'StaleReply';
  }
}

// Which reply answers which request (the worker answers in order).
const REPLY = {
  [ToWorker.configure]: FromWorker.configured,
  [ToWorker.reset]: FromWorker.configured,
  [ToWorker.export]: FromWorker.state,
  [ToWorker.whatIf]: FromWorker.whatIf,
  [ToWorker.import]: FromWorker.imported,
  [ToWorker.samples]: FromWorker.samples,
  [ToWorker.sample]: FromWorker.sample,
  [ToWorker.check]: FromWorker.checked,
  [ToWorker.history]: FromWorker.history,
  [ToWorker.snapshot]: FromWorker.snapshot,
  [ToWorker.gradcheck]: FromWorker.gradcheck,
  [ToWorker.matchHidden]: FromWorker.matched,
  [ToWorker.sweepRun]: FromWorker.sweepRunDone,
  [ToWorker.report]: FromWorker.report,
  [ToWorker.assignment]: FromWorker.assignment,
};

/** The heartbeat: a ping this often (ms) ... */
export const HEARTBEAT_INTERVAL_MS = 1000;
/**
 * ... and a worker silent for longer than this (ms; nothing at all received,
 * no pong, no metrics) has stopped, unless the caller's silenceMs() allows
 * more for the work it has asked for. The worker answers between chunks of
 * about 30 ms, so only one long engine call (one step of a huge model, an
 * export) keeps it silent.
 */
export const HEARTBEAT_SILENCE_MS = 10000;

// The engine's own load failure (a CSP without 'wasm-unsafe-eval') is explained by worker.mjs.
export const CSP_HINT = 'If this page sends a Content-Security-Policy, it must allow worker-src blob: ' +
  '(see the README, section Embedding).';

function defaultWorker() {
  const source = typeof __RNNLAB_WORKER_SOURCE__ === 'string' ? __RNNLAB_WORKER_SOURCE__ : null;
  if (!source) throw new Error('the worker source is missing from this build (run node scripts/build_web.mjs)');
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    return { worker: new Worker(url), url };
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
}

// Stands in for a worker that could not be created: swallows messages.
function deadWorker() {
  return { postMessage() {}, terminate() {}, onmessage: null, onerror: null };
}

/**
 * @param {object} handlers {onMetrics(msg), onPaused(msg), onError(message), onReady(),
 *                  onDeath(reason) (without it a death goes to onError)}
 * @param {object} [options] {createWorker: () => Worker} (tests, other hosts; such a worker loads
 *                  its engine itself unless `engine` is given too), engine: () => Promise<ArrayBuffer>
 *                  (the wasm bytes; default: engine_bytes.mjs's loadEngineBytes for the bundled worker),
 *                  heartbeat: {intervalMs, silenceMs: () => ms} (or true: the defaults)
 */
export function createWorkerClient(handlers = {}, options = {}) {
  let made;
  let worker;
  let failure = null;
  let runId = 1;
  let sweepSeq = 0;
  const sweeps = new Map();  // sweepId -> {resolve, reject, onProgress}
  let ready = false;
  let closed = false;
  let dead = false;          // this worker died (onDeath was called); restart() replaces it
  let heard = false;         // anything received from this worker: its script runs
  let lastHeard = 0;         // performance.now() of the latest message
  let lastTick = 0;
  let pingSeq = 0;
  let timer = 0;
  const beat = options.heartbeat ? { intervalMs: HEARTBEAT_INTERVAL_MS, ...(options.heartbeat === true ? {} : options.heartbeat) } : null;
  // One FIFO of pending requests per reply type: [{resolve, reject, runId, request}].
  const pending = new Map();
  let checkProgress = null;  // onProgress of the latest gradcheck()

  function post(type, payload = {}) {
    if (closed || dead) return;
    worker.postMessage({ type, runId, ...payload });
  }

  function silenceBound() {
    const extra = beat && beat.silenceMs ? Number(beat.silenceMs()) : HEARTBEAT_SILENCE_MS;
    return Number.isFinite(extra) && extra > 0 ? extra : HEARTBEAT_SILENCE_MS;
  }

  function tick() {
    const t = performance.now();
    // The page itself slept (a background tab's throttled timers, a frozen
    // page, a long task): that silence is not the worker's, so it gets a fresh bound.
    if (t - lastTick > 3 * beat.intervalMs) lastHeard = Math.max(lastHeard, t);
    lastTick = t;
    if (heard && t - lastHeard > silenceBound()) {
      die(`it did not answer for ${Math.round((t - lastHeard) / 1000)} s`);
      return;
    }
    post(ToWorker.ping, { seq: ++pingSeq });
  }

  function stopHeartbeat() {
    if (timer) clearInterval(timer);
    timer = 0;
  }

  /** Ends a worker that stopped working; pending requests are dropped, sweeps fail, onDeath hears why. */
  function die(reason) {
    if (dead || closed) return;
    dead = true;
    stopHeartbeat();
    try {
      worker.terminate();
    } catch {
      // already gone
    }
    const message = `The training worker stopped (${reason}).`;
    for (const [id, s] of sweeps) {
      sweeps.delete(id);
      s.reject(new Error(message));
    }
    for (const queue of pending.values()) for (const p of queue) p.reject(new StaleReply());
    pending.clear();
    if (handlers.onDeath) handlers.onDeath(reason);
    else handlers.onError?.(message);
  }

  function request(type, payload = {}) {
    return new Promise((resolve, reject) => {
      if (failure) {
        reject(new Error(failure));
        return;
      }
      if (dead || closed) {
        reject(new StaleReply());  // no worker to answer until restart()
        return;
      }
      const replyType = REPLY[type];
      if (!pending.has(replyType)) pending.set(replyType, []);
      pending.get(replyType).push({ resolve, reject, runId, request: type });
      post(type, payload);
    });
  }

  // Errors name the request that failed: settle the oldest pending one of that kind.
  function settleError(msg) {
    const replyType = REPLY[msg.request];
    const queue = replyType && pending.get(replyType);
    const i = queue ? queue.findIndex((p) => p.request === msg.request) : -1;
    if (i < 0) return false;
    const [p] = queue.splice(i, 1);
    p.reject(msg.runId === runId ? new Error(msg.message) : new StaleReply());
    return true;
  }

  function onMessage(e) {
    heard = true;
    lastHeard = performance.now();
    const msg = e.data || {};
    if (msg.type === FromWorker.pong) return;
    if (msg.type === FromWorker.gradcheckProgress) {
      if (msg.runId === runId) checkProgress?.(msg);
      return;
    }
    if (msg.type === FromWorker.error && msg.fatal) {
      die(`its engine failed: ${msg.message}`);
      return;
    }
    if (msg.type === FromWorker.ready) {
      ready = true;
      if (handlers.onReady) handlers.onReady();
      return;
    }
    if (msg.type === FromWorker.sweepStarted || msg.type === FromWorker.sweepProgress || msg.type === FromWorker.sweepDone) {
      const s = sweeps.get(msg.sweepId);
      if (!s) return;
      if (msg.type !== FromWorker.sweepDone) s.onProgress?.(msg);
      else {
        sweeps.delete(msg.sweepId);
        s.resolve({ cancelled: !!msg.cancelled, result: msg.result });
      }
      return;
    }
    if (msg.type === FromWorker.error) {
      if (msg.request === ToWorker.sweep && sweeps.size) {
        // The worker runs one sweep at a time: the failure is the latest one's.
        const [id, s] = [...sweeps.entries()].pop();
        sweeps.delete(id);
        s.reject(new Error(msg.message));
        return;
      }
      if (settleError(msg)) return;
      // The engine failed to load: every sweep waiting on it fails too.
      if (msg.runId === 0) for (const [id, s] of sweeps) {
        sweeps.delete(id);
        s.reject(new Error(msg.message));
      }
      // An error outside any request (the engine failed to load, the training loop threw).
      if (msg.runId === runId || msg.runId === 0) handlers.onError?.(msg.message, msg);
      return;
    }
    const queue = pending.get(msg.type);
    if (queue && queue.length) {
      const p = queue.shift();
      if (msg.runId === runId) p.resolve(msg);
      else p.reject(new StaleReply());
      return;
    }
    if (msg.runId !== runId) return;  // a stale run: never reaches the charts
    if (msg.type === FromWorker.metrics) handlers.onMetrics?.(msg);
    else if (msg.type === FromWorker.paused) handlers.onPaused?.(msg);
  }

  function onError(e) {
    if (heard) {
      // The worker's script was running: an uncaught error leaves it in an unknown state.
      if (e && typeof e.preventDefault === 'function') e.preventDefault();  // handled here
      die(`it failed: ${String((e && e.message) || 'unknown error').replace(/^Uncaught\s+/, '')}`);
      return;
    }
    const message = `The training worker could not start${e && e.message ? ` (${e.message})` : ''}. ${CSP_HINT}`;
    for (const [id, s] of sweeps) {
      sweeps.delete(id);
      s.reject(new Error(message));
    }
    handlers.onError?.(message);
  }

  /** Creates the worker (at first, and on restart) and wires its events. */
  function attach() {
    failure = null;
    try {
      made = options.createWorker ? { worker: options.createWorker(), url: null } : defaultWorker();
    } catch (e) {
      failure = `The training worker could not start: ${e && e.message ? e.message : e}. ${CSP_HINT}`;
      made = { worker: deadWorker(), url: null };
    }
    worker = made.worker;
    ready = false;
    dead = false;
    heard = false;
    lastHeard = performance.now();
    const w = worker;  // a replaced worker's late events are ignored
    w.onmessage = (e) => { if (w === worker) onMessage(e); };
    w.onerror = (e) => { if (w === worker) onError(e); };
    w.onmessageerror = () => { if (w === worker) die('a message from it could not be read'); };
    if (beat && !failure) {
      lastTick = performance.now();
      timer = setInterval(tick, beat.intervalMs);
      post(ToWorker.ping, { seq: ++pingSeq });  // answered as soon as the worker's script runs
    }
    const engine = options.engine || (options.createWorker ? null : loadEngineBytes);
    if (engine && !failure) sendEngine(w, engine);
  }

  // The engine's bytes, a copy per worker (the page keeps its own for restarts and pools);
  // if they cannot be loaded the worker never will: said as its load failure would be.
  function sendEngine(w, engine) {
    Promise.resolve().then(engine).then(
      (wasm) => {
        if (w !== worker || dead || closed) return;
        const copy = wasm.slice(0);
        w.postMessage({ type: ToWorker.engine, runId: 0, wasm: copy }, [copy]);
      },
      (e) => {
        if (w === worker && !dead && !closed) onMessage({ data: { type: FromWorker.error, runId: 0, message: String((e && e.message) || e) } });
      },
    );
  }
  attach();

  return {
    /** Why the worker could not start (null when it did). */
    get failure() {
      return failure;
    },
    get ready() {
      return ready;
    },
    /** True once the worker died (onDeath was called), until restart(). */
    get dead() {
      return dead;
    },
    /**
     * Replaces the worker with a fresh one (after a death, or to abandon a
     * live one): pending requests and sweeps of the old one are dropped; the
     * new one has no trainer until configure(). The runId goes on.
     */
    restart() {
      if (closed) return;
      if (!dead) {
        dead = true;  // silently: the caller asked for it
        stopHeartbeat();
        worker.terminate();
        for (const s of sweeps.values()) s.reject(new StaleReply());
        sweeps.clear();
        for (const queue of pending.values()) for (const p of queue) p.reject(new StaleReply());
        pending.clear();
      }
      if (made.url) URL.revokeObjectURL(made.url);
      attach();
    },
    get runId() {
      return runId;
    },
    /** A new run: replies of the previous one are dropped from now on. */
    configure(config) {
      runId += 1;
      return request(ToWorker.configure, { config });
    },
    reset() {
      runId += 1;
      return request(ToWorker.reset);
    },
    /** Starts the training loop; with `untilStep` (the worker's step count) it pauses there ('reached'). */
    start(untilStep = 0) {
      post(ToWorker.start, untilStep > 0 ? { untilStep } : {});
    },
    pause() {
      post(ToWorker.pause);
    },
    step(n = 1) {
      post(ToWorker.step, { n });
    },
    speed(stepsPerSecond) {
      post(ToWorker.speed, { stepsPerSecond });
    },
    exportState() {
      return request(ToWorker.export).then((m) => m.state);
    },
    /** The run report as JSON text (docs/report-format.md); extras: {assignment?, answers?}. */
    report(extras = {}) {
      return request(ToWorker.report, { assignment: extras.assignment, answers: extras.answers }).then((m) => m.report);
    },
    /** A teacher's assignment file read by the engine: {assignment (normalized) | null, errors: [{line, message}]}. */
    checkAssignment(text) {
      return request(ToWorker.assignment, { text }).then((m) => ({ assignment: m.assignment, errors: m.errors }));
    },
    importState(text) {
      return request(ToWorker.import, { state: text });
    },
    samples(n = 4) {
      return request(ToWorker.samples, { n }).then((m) => m.samples);
    },
    /**
     * What a text model writes now (protocol.mjs `sample`): options {prime,
     * length, temperature, seed}; resolves to {text, prime, length, temperature, seed, step, ms}.
     */
    sample(options = {}) {
      return request(ToWorker.sample, options);
    },
    /**
     * The what-if branch (protocol.mjs `whatIf`): the current model with its
     * recurrent weights times `gain`, forward + backward on the last step's
     * batch, on a copy. Resolves to {gain, loss, diagnostics, step, ms}.
     */
    whatIf(gain) {
      return request(ToWorker.whatIf, { gain });
    },
    /** The weights now, for restarting a worker that died: {state (JSON text), step, ms (the worker's cost)}. */
    snapshot() {
      return request(ToWorker.snapshot);
    },
    /** Every bad key of a config at once, without changing the run: {config, errors: [{key, message}]}. */
    check(config) {
      return request(ToWorker.check, { config }).then((m) => ({ config: m.config, errors: m.errors }));
    },
    /** Every step of the run so far: {firstStep, loss, accuracy, gradNorm, gradNormClipped}. */
    history() {
      return request(ToWorker.history).then((m) => m);
    },
    /**
     * The gradient check of the current weights (protocol.mjs `gradcheck`):
     * resolves to the engine's result {tensors, maxRelError, loss, eps, floor, step, ms};
     * onProgress({done, total, tensor}) before each tensor. Training waits meanwhile.
     */
    gradcheck(options = {}, onProgress = null) {
      checkProgress = onProgress;
      return request(ToWorker.gradcheck, options).then((m) => m.result);
    },
    /** The hidden size for `config` whose engine parameter count is closest to `target`: {hidden, paramCount}. */
    matchHidden(config, target) {
      return request(ToWorker.matchHidden, { config, target }).then((m) => ({ hidden: m.hidden, paramCount: m.paramCount }));
    },
    /**
     * Runs a sequence-length sweep (protocol.mjs `sweep`): one fresh model per
     * (cell, T, seed) of params {config, spec: {cells, lengths, seeds, steps, eval}}.
     * Returns {id, done, cancel()}: `done` resolves to {cancelled, result}
     * (the engine's statistics); onProgress gets the sweepStarted message
     * {total, result} and then each sweepProgress message {done, total, point, result}.
     */
    sweep(params, onProgress) {
      const id = ++sweepSeq;
      const done = new Promise((resolve, reject) => {
        if (failure) {
          reject(new Error(failure));
          return;
        }
        if (dead || closed) {
          reject(new Error('The training worker stopped.'));
          return;
        }
        sweeps.set(id, { resolve, reject, onProgress });
      });
      post(ToWorker.sweep, { sweepId: id, ...params });
      return {
        id,
        done,
        /** Stops the sweep after the point being trained; `done` then resolves with cancelled: true. */
        cancel: () => post(ToWorker.sweepCancel, { sweepId: id }),
        /** A pooled sweep ({pooled: true}): hands it a run that sweepRun() returned (any order). */
        add: (run) => post(ToWorker.sweepAdd, { sweepId: id, run }),
      };
    },
    /**
     * One run of a sweep, for a pool of workers (protocol.mjs `sweepRun`):
     * params {sweepId, config, spec, index}; resolves to the engine's run
     * {cell, T, seed, accuracy, finalLoss, finite, test?, index, steps}.
     */
    sweepRun(params) {
      return request(ToWorker.sweepRun, params).then((m) => m.run);
    },
    terminate() {
      closed = true;
      stopHeartbeat();
      for (const s of sweeps.values()) s.reject(new StaleReply());
      sweeps.clear();
      worker.terminate();
      if (made.url) URL.revokeObjectURL(made.url);
      for (const queue of pending.values()) for (const p of queue) p.reject(new StaleReply());
      pending.clear();
    },
  };
}
