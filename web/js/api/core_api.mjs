// core_api.mjs — the rnnlab JavaScript API over the embind module
// (src/wasm/bindings.cpp). Translation only: it throws the engine's
// {__error} results as Error, accepts JSON text or objects, and owns the
// lifetime of the C++ trainer objects. No model logic lives here.
// Works unchanged in a page, a Web Worker and Node (ESM, and as CommonJS
// through the generated core_api.cjs).

/** Throws the engine's message as an Error; passes results through. */
function unwrap(result) {
  if (result && typeof result === 'object' && typeof result.__error === 'string') {
    throw new Error(result.__error);
  }
  return result;
}

function asJsonText(value, what) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return JSON.stringify(value);
  throw new Error(`${what} must be a JSON string or an object (got ${value === null ? 'null' : typeof value})`);
}

function asCount(n, what) {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new Error(`${what} must be an integer (got ${String(n)})`);
  return n;
}

/**
 * Wraps an instantiated core module.
 * @param {object} core the object returned by createRnnlabCore()
 */
export function makeApi(core) {
  /**
   * A training run: model, optimizer and data stream for one config.
   * Config keys (all optional): cell, task, T, hidden, embed, batch, lr,
   * optimizer, clip, seed (docs/page.md) and momentum, nesterov, init,
   * forgetBias, bpttTerms, gates, jacobians, precision ("float32"|"float64").
   */
  class Trainer {
    #t;

    constructor(config = {}) {
      const t = new core.Trainer();
      try {
        unwrap(t.configure(config));
      } catch (e) {
        t.delete();
        throw e;
      }
      this.#t = t;
    }

    #live() {
      if (!this.#t) throw new Error('this trainer has been disposed');
      return this.#t;
    }

    /**
     * Runs n training steps; returns the metrics and diagnostics of the last
     * one, and `history` {loss, accuracy, gradNorm, gradNormClipped}: a
     * Float64Array of every step run, for a per-step record.
     */
    step(n = 1) {
      return unwrap(this.#live().step(asCount(n, 'step(n)')));
    }

    /** Parameter counts: engine total, formula, PyTorch convention, per tensor, LaTeX. */
    paramCount() {
      return unwrap(this.#live().paramCount());
    }

    /** n held-out sequences with target, prediction and class probabilities. */
    samples(n = 4) {
      return unwrap(this.#live().samples(asCount(n, 'samples(n)')));
    }

    /** Accuracy on n held-out sequences (the same sequences on every call). */
    evaluate(n = 512) {
      return unwrap(this.#live().evaluate(asCount(n, 'evaluate(n)')));
    }

    /** The model state (docs/state-format.md) as an object. */
    stateDict() {
      return JSON.parse(unwrap(this.#live().stateDict()));
    }

    /** Loads a state (object or JSON text) made for the same cell and sizes; resets the optimizer. */
    loadStateDict(state) {
      unwrap(this.#live().loadStateDict(asJsonText(state, 'state')));
    }

    /** Finite differences (float64) on the current parameters: max relative error per tensor. */
    gradcheck(options = {}) {
      return unwrap(this.#live().gradcheck(options));
    }

    /** The config in force, every default filled in. */
    config() {
      return unwrap(this.#live().config());
    }

    /** Frees the engine's memory; the trainer cannot be used afterwards. */
    dispose() {
      if (this.#t) {
        this.#t.delete();
        this.#t = null;
      }
    }

    get disposed() {
      return !this.#t;
    }
  }

  /**
   * A sequence-length sweep (the engine's Sweep): one model per next() call,
   * so a caller can report progress and stop between models.
   */
  class Sweep {
    #s;
    #total = 0;
    #done = 0;

    constructor(config = {}, spec = {}) {
      const s = new core.Sweep();
      try {
        unwrap(s.start(config, spec));
      } catch (e) {
        s.delete();
        throw e;
      }
      this.#s = s;
      this.#total = this.result().total;
    }

    #live() {
      if (!this.#s) throw new Error('this sweep has been disposed');
      return this.#s;
    }

    get total() { return this.#total; }
    get done() { return this.#done; }
    get finished() { return this.#done >= this.#total; }

    /** Trains the next model: {cell, T, seed, accuracy, finalLoss, finite, done, total}. */
    next() {
      const run = unwrap(this.#live().next());
      this.#done = run.done;
      return run;
    }

    /** Per (cell, T) over the models done so far: mean, std, min, max of accuracy, and every run; chance. */
    result() {
      return unwrap(this.#live().result());
    }

    dispose() {
      if (this.#s) {
        this.#s.delete();
        this.#s = null;
      }
    }
  }

  // Typed arrays (copied out of wasm memory) to plain arrays, at any depth.
  function plainArrays(value) {
    if (ArrayBuffer.isView(value)) return Array.from(value);
    if (Array.isArray(value)) return value.map(plainArrays);
    if (value && typeof value === 'object') {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = plainArrays(v);
      return out;
    }
    return value;
  }

  return {
    Trainer,
    /** Same as new Trainer(config). */
    createTrainer(config = {}) {
      return new Trainer(config);
    },
    /**
     * docs/cli.md in float64: {loss, grads, dh_norms, dc_norms, bptt_terms}
     * with plain arrays, exactly as `rnnlab grad` prints it.
     */
    grad(state, batch, options = {}) {
      return plainArrays(unwrap(core.grad(asJsonText(state, 'state'), asJsonText(batch, 'batch'), options)));
    },
    /** The task registry: name, title, description, encoding, defaultT, sizes. */
    tasks() {
      return unwrap(core.tasks());
    },
    /** The parameter count a config implies, without building a trainer. */
    paramCount(config = {}) {
      return unwrap(core.paramCount(config));
    },
    /**
     * The cells and what they are: name, title, gates with their activation,
     * cell state, state size, tensors, PyTorch module, formula, BPTT equation.
     */
    cells() {
      return unwrap(core.cells());
    },
    /** The config with every default filled in; throws on a bad value (every bad key in one message). */
    normalizeConfig(config = {}) {
      return unwrap(core.normalizeConfig(config));
    },
    /**
     * Every bad key at once, without throwing: {config, errors: [{key, message}]};
     * config holds the default for each bad key and the given value for the rest.
     */
    checkConfig(config = {}) {
      return unwrap(core.checkConfig(config));
    },
    /** The sweep's defaults (cells, lengths, seeds, steps, eval) and limits (maxSeeds, ...). */
    sweepDefaults() {
      return unwrap(core.sweepDefaults());
    },
    Sweep,
    /** Same as new Sweep(config, spec): spec keys cells, lengths, seeds, steps, eval. */
    createSweep(config = {}, spec = {}) {
      return new Sweep(config, spec);
    },
    /**
     * One batch of a task drawn from a seed, as batch JSON (docs/batch-format.md):
     * the same as `rnnlab batch --task --T --batch --seed` natively.
     */
    generateBatch({ task = 'binary_palindrome', T = 20, batch = 8, seed = 1 } = {}) {
      const b = unwrap(core.generateBatch(String(task), asCount(T, 'T'), asCount(batch, 'batch'), Number(seed)));
      const tokens = [];
      for (let i = 0; i < b.B; i++) tokens.push(Array.from(b.tokens.subarray(i * b.T, (i + 1) * b.T)));
      return { tokens, targets: Array.from(b.targets) };
    },
    /**
     * One point of the sequence-length sweep: a fresh model trained for
     * `steps` steps on `config`, then held-out accuracy on `evalN` sequences.
     * Returns {accuracy, finalLoss, finite, steps}.
     */
    sweepPoint(config, steps = 500, evalN = 1000) {
      return unwrap(core.sweepPoint(config, asCount(steps, 'steps'), asCount(evalN, 'evalN')));
    },
    /** Current size of the wasm heap in bytes (it only grows). */
    heapBytes() {
      return core.HEAP8.length;
    },
  };
}
