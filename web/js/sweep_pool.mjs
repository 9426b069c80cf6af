// sweep_pool.mjs — the page's sequence-length sweep on several workers.
// One worker (the panel's own) holds the engine's Sweep in pooled mode
// (protocol.mjs `sweep {pooled: true}`): it trains nothing and adds the runs
// in the engine's order (Sweep.add), sending the usual sweepProgress and
// sweepDone. The pool's workers train the runs (`sweepRun`: the engine's
// Sweep.run(k), one whole model each), k = 0, 1, 2, ... handed to whichever
// worker is free. Sweep.run(k) is what next() trains at k, so the result is
// the sequential sweep's, number for number, whatever the pool's size.
//
// Cancel ends the aggregator's sweep at once (the runs added so far) and
// restarts the busy workers (their models are dropped). A pool worker that
// dies is restarted and its run given again, once; a run that kills two
// workers ends the sweep with the reason.
// Deliberately not: any statistic of its own (every number is the engine's).
import { FromWorker } from './protocol.mjs';
import { StaleReply } from './worker_client.mjs';

/** At most this many pool workers (memory: each holds its own engine). */
export const MAX_SWEEP_WORKERS = 8;

/** navigator.hardwareConcurrency − 1 (one core for the page and the lab), at least 1, at most MAX_SWEEP_WORKERS. */
export function defaultPoolSize(cores = globalThis.navigator && globalThis.navigator.hardwareConcurrency) {
  const n = Number.isInteger(cores) && cores > 0 ? cores : 2;
  return Math.max(1, Math.min(MAX_SWEEP_WORKERS, n - 1));
}

/**
 * @param {number} size the number of workers that train
 * @param {(handlers: object) => object} createClient makes a worker client (createWorkerClient)
 */
export function createSweepPool(size, createClient) {
  const workers = [];      // {client, busy, death}: created when first needed
  let seq = 0;             // a fresh sweepId for every pooled sweep (the workers cache its Sweep)
  let failCurrent = null;  // ends the sweep in progress with a message (a worker's engine failed to load)

  function worker(i) {
    if (!workers[i]) {
      const w = { client: null, busy: false, death: null };
      w.client = createClient({
        onDeath: (reason) => { w.death = reason; },
        onError: (message) => failCurrent?.(message),
      });
      workers[i] = w;
    }
    return workers[i];
  }

  /**
   * Runs one sweep. aggregator: the worker client that adds the runs;
   * params {config, spec}; onProgress as worker_client's sweep(). Returns
   * {done, cancel()}: done resolves to {cancelled, result} (the engine's).
   */
  function sweep(aggregator, params, onProgress) {
    const sweepId = `pool-${++seq}`;
    let active = true;
    let stopping = false;        // cancelled: the workers' answers no longer count
    let handle = null;
    let settle = null;
    const attempts = new Map();  // run index -> workers it was given to
    const retry = [];            // runs to give again (their worker died)
    let next = 0;
    let total = 0;

    function stopWorkers() {
      for (const w of workers) if (w && w.busy) {
        w.busy = false;
        w.client.restart();  // drops the model in training; a fresh worker, idle
      }
    }
    function finish(outcome) {
      if (!active) return;
      active = false;
      if (failCurrent === fail) failCurrent = null;
      stopWorkers();
      settle(outcome);
    }
    function fail(message) {
      if (!active) return;
      handle.cancel();
      finish({ error: new Error(message) });
    }

    async function feed(i) {
      const w = worker(i);
      while (active && !stopping) {
        const k = retry.length ? retry.shift() : next < total ? next++ : -1;
        if (k < 0) return;
        attempts.set(k, (attempts.get(k) || 0) + 1);
        if (w.client.dead) w.client.restart();
        w.death = null;
        w.busy = true;
        let run;
        try {
          run = await w.client.sweepRun({ sweepId, config: params.config, spec: params.spec, index: k });
        } catch (e) {
          w.busy = false;
          if (!active || stopping) return;
          if (e instanceof StaleReply && w.death !== null) {
            if (attempts.get(k) >= 2) {
              fail(`The training worker stopped (${w.death}).`);
              return;
            }
            retry.push(k);  // once more, on this worker restarted
            continue;
          }
          fail(e.message);
          return;
        }
        w.busy = false;
        if (!active || stopping) return;
        handle.add(run);
      }
    }

    const done = new Promise((resolve, reject) => {
      settle = (o) => (o.error ? reject(o.error) : resolve(o.value));
    });
    handle = aggregator.sweep({ ...params, pooled: true }, (msg) => {
      if (!active) return;
      if (msg.type === FromWorker.sweepStarted) {
        // The engine accepted the spec: hand out its runs.
        total = msg.total;
        for (let i = 0; i < Math.min(size, total); i++) feed(i);
      }
      onProgress?.(msg);
    });
    handle.done.then((value) => finish({ value }), (error) => finish({ error }));
    failCurrent = fail;
    return {
      done,
      cancel() {
        if (!active || stopping) return;
        stopping = true;
        stopWorkers();
        handle.cancel();  // the aggregator answers with sweepDone {cancelled: true}
      },
    };
  }

  return {
    size,
    sweep,
    /** How many workers exist now (they are made when a sweep first needs them). */
    get started() {
      return workers.filter(Boolean).length;
    },
    destroy() {
      for (const w of workers) if (w) w.client.terminate();
      workers.length = 0;
    },
  };
}
