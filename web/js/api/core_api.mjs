// core_api.mjs — the rnnlab JavaScript API over the embind module
// (src/wasm/bindings.cpp). Translation only: it throws the engine's
// {__error} results as Error, accepts JSON text or objects, and owns the
// lifetime of the C++ trainer objects. No model logic lives here.
// Works unchanged in a page, a Web Worker and Node (ESM, and as CommonJS
// through the generated core_api.cjs).
//
// Nothing of the caller's runs inside wasm: every config, spec and options
// object is read here first, each own enumerable key exactly once, into a
// null-prototype object of primitives (readFields), and only that copy
// crosses the boundary. Whatever the caller's getters, Proxy traps or
// toJSON methods throw comes back as an Error naming the field
// (`config.hidden: reading it threw: ...`); a count argument that is not an
// integer or lies beyond 2^31 - 1 is refused here (the bindings refuse it
// too). Every function throws only Error instances with one-line messages,
// and refusing an input never touches a trainer or sweep (docs/js-api.md
// "Errors").

const INT32_MAX = 2147483647;
const MAX_SAFE = 9007199254740991;  // 2^53 - 1, the largest seed
const MAX_ECHO = 80;                // characters of an input quoted back (the engine's kMaxEcho)
const MAX_THROWN = 200;             // characters of a caller's thrown message quoted back
const MAX_ARRAY_ELEMENTS = 1000000; // elements of one array value
const MAX_ARRAY_TEXT = 1 << 24;     // characters of an array value as comma-separated text
const MAX_ARRAY_DEPTH = 32;         // arrays inside arrays

// The count limits the bindings apply, for the message of a count refused
// here (beyond 2^31 - 1); tests/node/hostile_input.test.mjs checks that
// these messages read like the bindings' own.
const STEP_MAX = 1000000;
const SAMPLES_MAX = 1000;
const EVALUATE_MAX = 100000;
const GRADCHECK_BATCH_MAX = 1024;

// ------------------------------------------------------------ messages

const hex2 = (c) => c.toString(16).padStart(2, '0');

/** s with control characters (C0, DEL, C1) and line/paragraph separators escaped: one printable line. */
function escapeControls(s) {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    if (c < 0x80) return `\\x${hex2(c)}`;
    if (c <= 0x9f) return `\\xc2\\x${hex2(c)}`;  // as the engine's echo() writes C1 (its UTF-8 bytes)
    return `\\u${c.toString(16)}`;
  });
}

/** What a message quotes of the caller's text: at most `max` characters, then escaped. */
function echo(s, max = MAX_ECHO) {
  if (s.length <= max) return escapeControls(s);
  let cut = max;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;  // not inside a surrogate pair
  return escapeControls(s.slice(0, cut)) + '...';
}

/** Any value as a message shows it, without running any of the caller's code. */
function shown(v) {
  switch (typeof v) {
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'string': return `"${echo(v)}"`;
    case 'boolean':
    case 'undefined': return String(v);
    case 'bigint': return echo(`${v}n`);
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    default:
      if (v === null) return 'null';
      if (standIns.has(v)) return standIns.get(v);  // a value readFields replaced
      try {
        return Array.isArray(v) ? 'an array' : 'an object';
      } catch {
        return 'an object';  // a revoked Proxy
      }
  }
}

/** The text of something the caller's code threw: its message if it has a string one, else the value itself. */
function thrownText(e) {
  let text;
  if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
    try {
      const m = e.message;  // one read; a Proxy or getter may throw again
      if (typeof m === 'string') text = m;
    } catch {
      // fall through to the description
    }
    if (text === undefined) text = typeof e === 'function' ? 'a function' : 'an object without a message';
  } else if (typeof e === 'symbol') {
    text = Symbol.prototype.toString.call(e);
  } else {
    text = String(e);  // a primitive: no caller code runs
  }
  return text === '' ? '(an empty message)' : echo(text, MAX_THROWN);
}

/** An Error with a one-line message, keeping what was thrown as its cause. */
function failure(message, cause) {
  return cause === undefined ? new Error(message) : new Error(message, { cause });
}

// ------------------------------------------------------------ reading input

/**
 * A value for the engine's config parser to report: it turns anything that
 * is not a number, string, boolean or array into its own "(got ...)" text
 * by calling String() on it. This frozen, null-prototype object answers
 * that call with a description written here, so the engine ignores it under
 * an unknown key and refuses it under a known one (`hidden must be an
 * integer (got a symbol)`), and no caller code runs inside wasm.
 */
const standIns = new WeakMap();  // stand-in -> its description
function standIn(description) {
  const o = Object.create(null);
  o.toString = () => description;
  Object.freeze(o);
  standIns.set(o, description);
  return o;
}

/** Array.isArray, which throws for a revoked Proxy. */
function isArrayAt(v, name) {
  try {
    return Array.isArray(v);
  } catch (e) {
    throw failure(`${name}: inspecting it threw: ${thrownText(e)}`, e);
  }
}

/**
 * An array value as the comma-separated text the engine reads (what
 * Array.prototype.join would give: null, undefined and holes as '', nested
 * arrays joined, a cycle as ''), each element read once; an element that
 * is not a number, string, boolean, null or array is refused by name.
 */
function joinArray(arr, name, stack, budget) {
  if (stack.includes(arr)) return '';  // a cycle, as join() writes it
  if (stack.length >= MAX_ARRAY_DEPTH) throw new Error(`${name}: arrays nested deeper than ${MAX_ARRAY_DEPTH} levels`);
  let n;
  try {
    n = arr.length;
  } catch (e) {
    throw failure(`${name}.length: reading it threw: ${thrownText(e)}`, e);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`${name}.length must be a non-negative integer (got ${shown(n)})`);
  if (n > MAX_ARRAY_ELEMENTS) throw new Error(`${name}: an array of ${n} elements is too long (at most ${MAX_ARRAY_ELEMENTS})`);
  stack.push(arr);
  const parts = [];
  for (let i = 0; i < n; i++) {
    const at = `${name}[${i}]`;
    let el;
    try {
      el = arr[i];
    } catch (e) {
      throw failure(`${at}: reading it threw: ${thrownText(e)}`, e);
    }
    let s;
    if (el === undefined || el === null) s = '';
    else if (typeof el === 'string') s = el;
    else if (typeof el === 'number' || typeof el === 'boolean') s = String(el);
    else if (typeof el === 'object' && isArrayAt(el, at)) s = joinArray(el, at, stack, budget);
    else throw new Error(`${at} must be a number, a string or a boolean (got ${shown(el)})`);
    budget.left -= s.length + 1;
    if (budget.left < 0) throw new Error(`${name}: too long as comma-separated text (more than ${MAX_ARRAY_TEXT} characters)`);
    parts.push(s);
  }
  stack.pop();
  return parts.join(',');
}

/** One field's value as the engine takes it: a primitive, array text, a stand-in, or undefined (absent). */
function fieldValue(v, name) {
  switch (typeof v) {
    case 'undefined': return undefined;
    case 'number':
    case 'string':
    case 'boolean': return v;
    case 'object':
      if (v === null) return undefined;
      if (isArrayAt(v, name)) return joinArray(v, name, [], { left: MAX_ARRAY_TEXT });
      return standIn(shown(v));
    default: return standIn(shown(v));  // symbol, bigint, function
  }
}

/**
 * The caller's object (config, spec, options) read once: each own
 * enumerable string key (as Object.keys and {...obj} see them) read exactly
 * once, inside try/catch, into a null-prototype object of values the
 * bindings accept. null and undefined are {} (every default). `what` names
 * the object in the engine's words ("the config"), `label` in field names
 * ("config" -> "config.hidden").
 */
function readFields(obj, what, label) {
  const out = Object.create(null);
  if (obj === undefined || obj === null) return out;
  if (typeof obj !== 'object') throw new Error(`${what} must be an object`);
  let keys;
  try {
    keys = Object.keys(obj);
  } catch (e) {
    throw failure(`${label}: listing its keys threw: ${thrownText(e)}`, e);
  }
  for (const key of keys) {
    const name = `${label}.${echo(key)}`;
    let v;
    try {
      v = obj[key];
    } catch (e) {
      throw failure(`${name}: reading it threw: ${thrownText(e)}`, e);
    }
    const value = fieldValue(v, name);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * A count argument: a number that is an integer of magnitude at most
 * 2^31 - 1; else an Error naming it. `beyond(shownValue)` is the message
 * for a value past 2^31 - 1 (the binding's own range message). The range
 * itself is the engine's to check.
 */
function asCount(n, what, beyond) {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new Error(`${what} must be an integer (got ${shown(n)})`);
  if (Math.abs(n) > INT32_MAX) throw new Error(beyond(shown(n)));
  return n;
}

/** A state or batch: JSON text as it is, an object through JSON.stringify (its getters, toJSON and traps guarded). */
function asJsonText(value, what) {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    let text;
    try {
      text = JSON.stringify(value);
    } catch (e) {
      throw failure(`${what}: it cannot be written as JSON: ${thrownText(e)}`, e);
    }
    if (typeof text !== 'string') throw new Error(`${what}: it cannot be written as JSON (JSON.stringify gave ${shown(text)})`);
    return text;
  }
  throw new Error(`${what} must be a JSON string or an object (got ${value === null ? 'null' : typeof value})`);
}

// ------------------------------------------------------------ the engine

/** Throws the engine's message as an Error; passes results through. */
function unwrap(result) {
  if (result && typeof result === 'object' && typeof result.__error === 'string') {
    throw new Error(result.__error || 'the engine failed without a message');
  }
  return result;
}

/**
 * Calls into wasm: the bindings return {__error} rather than throw, so
 * anything thrown here (a wasm trap, an embind error) is the engine's
 * fault; it still comes out as an Error with a one-line message.
 */
function engine(call) {
  let result;
  try {
    result = call();
  } catch (e) {
    throw failure(`internal error in the engine: ${thrownText(e)}`, e);
  }
  return unwrap(result);
}

/**
 * Wraps an instantiated core module.
 * @param {object} core the object returned by createRnnlabCore()
 */
export function makeApi(core) {
  let sweepLimits = null;  // the engine's sweep limits, for messages (sweepDefaults())
  const limits = () => (sweepLimits ??= engine(() => core.sweepDefaults()));

  // A JS string holds UTF-16; a lone surrogate has no UTF-8 form, and the
  // engine's string conversion would mangle it into another character.
  function checkWellFormed(text, what) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      }
      if (c >= 0xd800 && c <= 0xdfff)
        throw new Error(`${what} is not valid Unicode: a lone surrogate (\\u${c.toString(16)}) at character ${i} (counting UTF-16 units from 0)`);
    }
  }
  const readConfig = (config) => {
    const input = readFields(config, 'the config', 'config');
    if (typeof input.text === 'string') checkWellFormed(input.text, 'the text');
    if (typeof input.sequences === 'string') checkWellFormed(input.sequences, 'the text of the sequences');
    return input;
  };

  /**
   * A training run: model, optimizer and data stream for one config.
   * Config keys (all optional): cell, task, T, hidden, embed, batch, lr,
   * optimizer, clip, seed (docs/page.md) and momentum, nesterov, init,
   * forgetBias, bpttTerms, gates, jacobians, precision ("float32"|"float64").
   */
  class Trainer {
    #t;

    constructor(config = {}) {
      const input = readConfig(config);
      const t = engine(() => new core.Trainer());
      try {
        engine(() => t.configure(input));
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
      const t = this.#live();
      const count = asCount(n, 'step(n)', (s) => `step(n) needs 1 <= n <= ${STEP_MAX} (got ${s})`);
      return engine(() => t.step(count));
    }

    /** Parameter counts: engine total, formula, PyTorch convention, per tensor, LaTeX. */
    paramCount() {
      const t = this.#live();
      return engine(() => t.paramCount());
    }

    /** n held-out sequences with target, prediction and class probabilities. */
    samples(n = 4) {
      const t = this.#live();
      const count = asCount(n, 'samples(n)', (s) => `samples(n) must be an integer between 1 and ${SAMPLES_MAX} (got ${s})`);
      return engine(() => t.samples(count));
    }

    /** Accuracy on n held-out sequences (the same sequences on every call). */
    evaluate(n = 512) {
      const t = this.#live();
      const count = asCount(n, 'evaluate(n)', (s) => `evaluate(n) must be an integer between 1 and ${EVALUATE_MAX} (got ${s})`);
      return engine(() => t.evaluate(count));
    }

    /** The model state (docs/state-format.md) as an object. */
    stateDict() {
      const t = this.#live();
      return JSON.parse(engine(() => t.stateDict()));
    }

    /** Loads a state (object or JSON text) made for the same cell and sizes; resets the optimizer. */
    loadStateDict(state) {
      const t = this.#live();
      const text = asJsonText(state, 'state');
      engine(() => t.loadStateDict(text));
    }

    /**
     * What if W_hh were `gain` times larger? The latest training batch through
     * a branch of the model with its recurrent weight matrix scaled (the model
     * and the optimizer are untouched): {gain, loss, diagnostics} with the
     * Jacobians when the state size allows (docs/js-api.md).
     */
    whatIf(options = {}) {
      const t = this.#live();
      const o = readFields(options, 'the options', 'options');
      return engine(() => t.whatIf(o));
    }

    /** Finite differences (float64) on the current parameters: max relative error per tensor. */
    gradcheck(options = {}) {
      const t = this.#live();
      const o = readFields(options, 'the options', 'options');
      // The counts (a finite non-number or non-finite value is the engine's to refuse).
      const counts = [
        ['maxPerTensor', (s) => `maxPerTensor must be an integer between 0 and ${INT32_MAX} (got ${s})`],
        ['batch', (s) => `batch must be between 1 and ${GRADCHECK_BATCH_MAX} (got ${s})`],
      ];
      for (const [key, beyond] of counts) {
        if (typeof o[key] === 'number' && Number.isFinite(o[key])) asCount(o[key], key, beyond);
      }
      return engine(() => t.gradcheck(o));
    }

    /**
     * The run report (docs/report-format.md) of this trainer's run so far:
     * config, seed, precision, steps, final metrics and the checkpoints a
     * replay (`rnnlab verify`) starts from, as an object. `extras` may hold
     * `assignment` and `answers`, copied in. Throws if the run started from
     * loaded weights or has no step yet.
     */
    report(extras = {}) {
      const t = this.#live();
      const text = extras === undefined || extras === null ? '' : asJsonText(extras, 'the report extras');
      return JSON.parse(engine(() => t.report(text)));
    }

    /** The config in force, every default filled in. */
    config() {
      const t = this.#live();
      return engine(() => t.config());
    }

    /** Frees the engine's memory; the trainer cannot be used afterwards. */
    dispose() {
      if (this.#t) {
        const t = this.#t;
        this.#t = null;
        t.delete();
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
      const input = readConfig(config);
      const sp = readFields(spec, 'the sweep', 'spec');
      // Counts given as numbers: integers up to 2^31 - 1 here, the range in
      // the engine (numeric text is the engine's to parse); the engine's words.
      const d = limits();
      const bad = [];
      for (const [key, hi] of [['seeds', d.maxSeeds], ['steps', d.maxSteps], ['eval', d.maxEval]]) {
        const v = sp[key];
        if (typeof v === 'number' && (!Number.isInteger(v) || Math.abs(v) > INT32_MAX)) {
          bad.push(`${key} must be a whole number between 1 and ${hi} (got ${shown(v)})`);
        }
      }
      if (bad.length) throw new Error(bad.join('; '));
      const s = engine(() => new core.Sweep());
      try {
        engine(() => s.start(input, sp));
        this.#total = engine(() => s.result()).total;
      } catch (e) {
        s.delete();
        throw e;
      }
      this.#s = s;
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
      const s = this.#live();
      const run = engine(() => s.next());
      this.#done = run.done;
      return run;
    }

    /** Per (cell, T) over the models done so far: mean, std, min, max of accuracy, and every run; chance. */
    result() {
      const s = this.#live();
      return engine(() => s.result());
    }

    /**
     * For a pool of workers, each with a Sweep of the same config and spec:
     * trains run k of the grid order (0..total-1: cell, then T, then seed)
     * without changing this sweep; {cell, T, seed, accuracy, finalLoss, finite, test?, index, steps}.
     */
    run(k) {
      const s = this.#live();
      return engine(() => s.run(k));
    }

    /**
     * Appends a run as run(k) returned it (from any worker's Sweep of the
     * same config and spec), in order: k must be `done`. add(run(done)) is next().
     */
    add(run) {
      const s = this.#live();
      engine(() => s.add(run));
      this.#done += 1;
    }

    dispose() {
      if (this.#s) {
        const s = this.#s;
        this.#s = null;
        s.delete();
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
      const stateText = asJsonText(state, 'state');
      const batchText = asJsonText(batch, 'batch');
      const o = readFields(options, 'the options', 'options');
      return plainArrays(engine(() => core.grad(stateText, batchText, o)));
    },
    /**
     * docs/cli.md `rnnlab sample`: the `length` characters a text model (a
     * state with a vocab) generates after `prime`, drawn from
     * softmax(logits / temperature) (0 = the most likely), seeded by `seed`.
     */
    sample(state, options = {}) {
      const stateText = asJsonText(state, 'state');
      const o = readFields(options, 'the options', 'options');
      if (typeof o.prime === 'string') checkWellFormed(o.prime, 'the prime');
      return engine(() => core.sample(stateText, o));
    },
    /** The task registry: name, title, description, encoding, defaultT, sizes. */
    tasks() {
      return engine(() => core.tasks());
    },
    /** The parameter count a config implies, without building a trainer. */
    paramCount(config = {}) {
      const input = readConfig(config);
      return engine(() => core.paramCount(input));
    },
    /**
     * "Match parameters": the hidden size for config (its cell, task, embed)
     * whose parameter count is closest to targetCount: {hidden, paramCount}.
     */
    matchHidden(config, targetCount) {
      const input = readConfig(config);
      if (typeof targetCount !== 'number') throw new Error(`matchHidden: the target count must be a positive integer (got ${shown(targetCount)})`);
      return engine(() => core.matchHidden(input, targetCount));
    },
    /**
     * The cells and what they are: name, title, gates with their activation,
     * cell state, state size, tensors, PyTorch module, formula, BPTT equation.
     */
    cells() {
      return engine(() => core.cells());
    },
    /** The config with every default filled in; throws on a bad value (every bad key in one message). */
    normalizeConfig(config = {}) {
      const input = readConfig(config);
      return engine(() => core.normalizeConfig(input));
    },
    /**
     * Every bad key at once, without throwing: {config, errors: [{key, message}]};
     * config holds the default for each bad key and the given value for the rest.
     */
    checkConfig(config = {}) {
      const input = readConfig(config);
      return engine(() => core.checkConfig(input));
    },
    /**
     * Reads a teacher's assignment file (docs/assignment-format.md) without
     * throwing: {assignment, errors: [{line, message}]}; assignment is the
     * normalized file (lock and every field filled in) or null.
     */
    checkAssignment(text) {
      if (typeof text !== 'string') throw new Error(`checkAssignment(text) needs the file's text (a string; got ${text === null ? 'null' : typeof text})`);
      return JSON.parse(engine(() => core.checkAssignment(text)));
    },
    /** The sweep's defaults (cells, lengths, seeds, steps, eval) and limits (maxSeeds, ...). */
    sweepDefaults() {
      return engine(() => core.sweepDefaults());
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
    generateBatch(options = {}) {
      const o = readFields(options, 'the options', 'options');
      const task = o.task ?? 'binary_palindrome';
      if (typeof task === 'object') throw new Error(`task must be a string (got ${shown(task)})`);
      const int32 = (key) => (s) => `${key} must be an integer between -${INT32_MAX} and ${INT32_MAX} (got ${s})`;
      const T = asCount(o.T ?? 20, 'T', int32('T'));
      const batch = asCount(o.batch ?? 8, 'batch', int32('batch'));
      const seedGiven = o.seed ?? 1;
      const seed = typeof seedGiven === 'string' ? Number(seedGiven) : seedGiven;
      if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SAFE) {
        throw new Error(`seed must be a non-negative integer (got ${shown(seedGiven)})`);
      }
      const b = engine(() => core.generateBatch(String(task), T, batch, seed));
      const tokens = [];
      for (let i = 0; i < b.B; i++) tokens.push(Array.from(b.tokens.subarray(i * b.T, (i + 1) * b.T)));
      // Per-step targets (B*T of them, the tasks with perStep): rows of T, as tokens.
      if (b.targets.length !== b.B) {
        const targets = [];
        for (let i = 0; i < b.B; i++) targets.push(Array.from(b.targets.subarray(i * b.T, (i + 1) * b.T)));
        return { tokens, targets };
      }
      return { tokens, targets: Array.from(b.targets) };
    },
    /**
     * One point of the sequence-length sweep: a fresh model trained for
     * `steps` steps on `config`, then held-out accuracy on `evalN` sequences.
     * Returns {accuracy, finalLoss, finite, steps}.
     */
    sweepPoint(config, steps = 500, evalN = 1000) {
      const input = readConfig(config);
      const d = limits();
      const s = asCount(steps, 'steps', (v) => `steps must be an integer between 1 and ${d.maxSteps} (got ${v})`);
      const e = asCount(evalN, 'evalN', (v) => `evalN must be an integer between 1 and ${d.maxEval} (got ${v})`);
      return engine(() => core.sweepPoint(input, s, e));
    },
    /** Current size of the wasm heap in bytes (it only grows). */
    heapBytes() {
      return core.HEAP8.length;
    },
  };
}
