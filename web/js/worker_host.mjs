// worker_host.mjs — the training loop behind the worker protocol
// (protocol.mjs), independent of where it runs: worker.mjs wires it to a
// browser Web Worker, the Node tests to worker_threads. Trains in chunks of
// steps sized to keep about UPDATES_PER_SECOND updates flowing back, and
// yields between chunks so pause/step/configure messages get through.
// It is the only code that calls the engine; it computes nothing itself.
import { DIVERGED_MESSAGE, FromWorker, ToWorker, UPDATES_PER_SECOND } from './protocol.mjs';
import { summarizeSweep } from './sweep_summary.mjs';

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
  let sweep = null;            // {id, queue, done, total, results, cancelled}

  const send = (type, payload = {}) => post({ type, runId, ...payload });

  function metricsMessage(m) {
    return { ...m, stepsPerSecond: measuredRate, running };
  }

  function runChunk(n) {
    const t0 = now();
    const m = trainer.step(n);
    const dt = Math.max(now() - t0, 1e-3);
    measuredRate = (n / dt) * 1000;
    if (!m.finite) {
      running = false;
      send(FromWorker.metrics, metricsMessage(m));
      send(FromWorker.paused, { reason: 'diverged', message: DIVERGED_MESSAGE });
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
    const t0 = now();
    let ok;
    try {
      ok = runChunk(n);
    } catch (e) {
      running = false;
      send(FromWorker.error, { message: e.message, request: 'start' });
      return;
    }
    const dt = now() - t0;
    if (stepsPerSecond === 0) {
      // Grow or shrink the chunk towards the frame budget.
      const ideal = Math.max(1, Math.floor((n * budgetMs * 0.8) / Math.max(dt, 0.5)));
      chunk = Math.max(1, Math.min(ideal, chunk * 2, 100000));
    }
    if (!ok) return;
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
    chunk = 1;
  }

  function sweepNext(id) {
    if (!sweep || sweep.id !== id) return;
    if (sweep.cancelled || sweep.queue.length === 0) {
      send(FromWorker.sweepDone, { sweepId: id, cancelled: sweep.cancelled, points: summarizeSweep(sweep.results) });
      sweep = null;
      return;
    }
    const job = sweep.queue.shift();
    try {
      const p = api.sweepPoint(job.config, job.steps, job.evalN);
      const point = { cell: job.config.cell, T: job.config.T, seed: job.config.seed, ...p };
      sweep.results.push(point);
      sweep.done++;
      send(FromWorker.sweepProgress, { sweepId: id, done: sweep.done, total: sweep.total, point });
    } catch (e) {
      send(FromWorker.error, { message: e.message, request: 'sweep' });
      sweep = null;
      return;
    }
    schedule(() => sweepNext(id));
  }

  const handlers = {
    [ToWorker.sweep](msg) {
      const cells = Array.isArray(msg.cells) ? msg.cells : [];
      const lengths = Array.isArray(msg.lengths) ? msg.lengths : [];
      const seeds = Number(msg.seeds || 1);
      const steps = Number(msg.steps || 300);
      const evalN = Number(msg.evalN || 500);
      if (!cells.length || !lengths.length) throw new Error('a sweep needs at least one cell and one length T');
      if (!Number.isInteger(seeds) || seeds < 1 || seeds > 20) throw new Error('seeds must be an integer from 1 to 20');
      const base = { ...(msg.config || {}) };
      const firstSeed = Number.isInteger(base.seed) ? base.seed : 1;
      const queue = [];
      for (const cell of cells) {
        for (const T of lengths) {
          for (let k = 0; k < seeds; k++) {
            const config = { ...base, cell, T, seed: firstSeed + k, bpttTerms: false, gates: false };
            api.normalizeConfig(config);  // every point is checked before any training
            queue.push({ config, steps, evalN });
          }
        }
      }
      running = false;
      loopToken++;
      sweep = { id: msg.sweepId, queue, done: 0, total: queue.length, results: [], cancelled: false };
      const id = msg.sweepId;
      schedule(() => sweepNext(id));
    },
    [ToWorker.sweepCancel](msg) {
      if (sweep && (msg.sweepId === undefined || msg.sweepId === sweep.id)) sweep.cancelled = true;
    },
    [ToWorker.configure](msg) {
      build(msg.config || {});
      running = false;
      loopToken++;
      send(FromWorker.configured, { config, paramCount: trainer.paramCount(), tasks: api.tasks() });
    },
    [ToWorker.reset]() {
      if (!config) throw new Error('reset before configure');
      build(config);
      running = false;
      loopToken++;
      send(FromWorker.configured, { config, paramCount: trainer.paramCount(), tasks: api.tasks() });
    },
    [ToWorker.start]() {
      if (!trainer) throw new Error('start before configure');
      if (running) return;
      running = true;
      const token = ++loopToken;
      schedule(() => loop(token));
    },
    [ToWorker.pause]() {
      running = false;
      loopToken++;
      send(FromWorker.paused, { reason: 'user' });
    },
    [ToWorker.step](msg) {
      if (!trainer) throw new Error('step before configure');
      runChunk(msg.n || 1);
    },
    [ToWorker.speed](msg) {
      const s = Number(msg.stepsPerSecond);
      if (!Number.isFinite(s) || s < 0) throw new Error('speed must be a non-negative number of steps per second');
      stepsPerSecond = s;
    },
    [ToWorker.export]() {
      if (!trainer) throw new Error('export before configure');
      send(FromWorker.state, { state: JSON.stringify(trainer.stateDict()) });
    },
    [ToWorker.import](msg) {
      if (!trainer) throw new Error('import before configure');
      trainer.loadStateDict(msg.state);
      send(FromWorker.imported, {});
    },
    [ToWorker.samples](msg) {
      if (!trainer) throw new Error('samples before configure');
      send(FromWorker.samples, { samples: trainer.samples(msg.n || 4) });
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
        send(FromWorker.error, { message: e.message, request: msg.type });
      }
    },
    ready() {
      send(FromWorker.ready);
    },
  };
}
