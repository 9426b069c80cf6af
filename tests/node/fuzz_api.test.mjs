// fuzz_api.test.mjs — throws seeded random hostile inputs at every function
// of the JavaScript API (core_api.mjs, rnnlab.d.ts): throwing getters
// (numbers, strings, objects, Errors, undefined), Proxies whose every trap
// throws, revoked Proxies, objects whose toString/valueOf/Symbol.toPrimitive
// throw or return objects, symbols, BigInts, functions, huge numbers, NaN,
// -0, 2^32 + 3, 2^53, strings with control characters and of 1 MB, deep
// nesting, cycles, arrays with holes, frozen and null-prototype objects.
//
// Every call must return normally or throw a plain Error with a non-empty
// one-line message (no control characters); after every throw the same
// trainer (and the sweep, for sweep calls) keeps working: step(1) gives a
// finite loss.
//
// Reproducible: case i draws from its own PRNG, seeded from FUZZ_SEED and i, so
//   FUZZ_SEED=<seed> FUZZ_CASE=<i> node --test tests/node/fuzz_api.test.mjs
// reruns one failing case alone (FUZZ_CASES=<n> changes how many run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './helpers.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CASES = Number(process.env.FUZZ_CASES ?? 5000);
const ONLY = process.env.FUZZ_CASE === undefined ? null : Number(process.env.FUZZ_CASE);

// mulberry32: a small seeded PRNG.
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

// ------------------------------------------------------------ hostile values

const MB = 'q'.repeat(1 << 20);
const NUMBERS = [0, -0, 1, 2, 3, 4, -1, 0.5, 1.5, -2.5, NaN, Infinity, -Infinity, 2 ** 31 - 1, 2 ** 31, -(2 ** 31),
  2 ** 32, 2 ** 32 + 3, -(2 ** 32) + 5, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e300, -1e300, 5e-324, Number.EPSILON, 1e-7, 1e21];
const STRINGS = ['', 'rnn', 'lstm', 'gru', 'peephole_lstm', 'parity', 'recall_first', 'adam', 'sgd', 'float64', 'orthogonal',
  'true', 'false', '3', ' 4 ', '0x4', '1e1', '-1', '1.5', 'NaN', 'Infinity', 'inf', 'a\nb', '\u0000', '\u001b[2J',
  '\u0085\u009f', '\u2028', '\ud800', '\u{1f4a5}', '{}', '[', '"', '\\', MB, `${MB}\n`, '5,10', 'rnn,lstm', 'rnn,,', '\t5\t',
  '{"format": "rnnlab-state/1"}', '['.repeat(100000)];
const KEYS = ['cell', 'task', 'T', 'hidden', 'embed', 'batch', 'lr', 'optimizer', 'clip', 'seed', 'momentum', 'nesterov',
  'init', 'gain', 'forgetBias', 'bpttTerms', 'gates', 'jacobians', 'precision', 'cells', 'lengths', 'seeds', 'steps', 'eval',
  'eps', 'maxPerTensor', 'jacobians', 'extra', '__proto__', 'constructor', 'toString', '', 'a\nb', MB, '0', 'length'];
const THROWN = () => [42, 0, -0, NaN, 'boom', '', 'line\nbreak\u0007', MB, undefined, null, true, Symbol('thrown'), 7n,
  new Error('an Error'), new Error(''), new Error(MB), new TypeError('a TypeError'), new RangeError('x\ny'),
  { message: 'not an Error' }, { message: 42 }, {}, [], () => 1, allTrapsThrow(), Object.create(null),
  Object.defineProperty({}, 'message', { get() { throw new Error('message getter'); } })];

const TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty',
  'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'];
function allTrapsThrow(x = new Error('trap')) {
  const handler = {};
  for (const trap of TRAPS) handler[trap] = () => { throw x; };
  return new Proxy({}, handler);
}
function revoked() {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  return proxy;
}

let DEEP;  // {d: {d: ...}} 100000 levels, built once
let DEEP_ARRAY;  // [[[...]]] 1000 levels
const HUGE_SPARSE = [];
HUGE_SPARSE.length = 2 ** 32 - 1;

/** A hostile non-primitive value. */
function hostileObject(r, depth) {
  switch (r.int(22)) {
    case 0: return allTrapsThrow(r.pick(THROWN()));
    case 1: return revoked();
    case 2: { // conversions that throw
      const x = r.pick(THROWN());
      const f = () => { throw x; };
      return { toString: f, valueOf: f, [Symbol.toPrimitive]: f, toJSON: r.chance(0.5) ? f : undefined };
    }
    case 3: { // conversions that return objects
      const f = () => ({});
      return { toString: f, valueOf: f, [Symbol.toPrimitive]: r.chance(0.5) ? f : undefined };
    }
    case 4: return DEEP;
    case 5: { const o = { a: 1 }; o.self = o; o.arr = [o]; return o; }
    case 6: { const a = [1, 2]; a.push(a); return a; }
    // eslint-disable-next-line no-sparse-arrays
    case 7: return r.pick([[, , 3], [4, , 5], [, 'rnn', , 'lstm'], new Array(5), HUGE_SPARSE]);
    case 8: return DEEP_ARRAY;
    case 9: return Object.freeze({ hidden: 4, cell: 'gru', nested: Object.freeze({}) });
    case 10: return Object.assign(Object.create(null), { hidden: 3, T: 4 });
    case 11: {
      class Weird { get hidden() { throw new Error('proto getter'); } }
      const w = new Weird();
      Object.defineProperty(w, 'T', { get: () => { throw r.pick(THROWN()); }, enumerable: true });
      return w;
    }
    case 12: return r.pick([new Number(4), new String('gru'), new Boolean(false), new Date(NaN), new Map([[1, 2]]),
      new Set(), new Float64Array(3), new Int32Array([1, 2]), /re/g, new ArrayBuffer(8), new WeakMap(), Promise.resolve()]);
    case 13: return [hostile(r, depth + 1), hostile(r, depth + 1)];
    case 14: return { [r.pick(KEYS)]: hostile(r, depth + 1), [r.pick(KEYS)]: hostile(r, depth + 1) };
    case 15: { // a Proxy that works but whose get throws for one key
      const bad = r.pick(KEYS);
      const x = r.pick(THROWN());
      return new Proxy({ hidden: 4, [bad]: 1 }, { get(target, k) { if (k === bad) throw x; return target[k]; } });
    }
    case 16: // a Proxy of an array whose length lies
      return new Proxy(['rnn', 5], { get(target, k) { return k === 'length' ? r.pick([2 ** 40, -1, 1.5, NaN, '2', {}, 3]) : target[k]; } });
    case 17: return Object.defineProperty([5, 10], 1, { get() { throw r.pick(THROWN()); }, enumerable: true });
    case 18: return function hostileFunction() { throw new Error('called'); };
    case 19: return new Proxy(() => 1, { get() { throw new Error('fn proxy'); } });
    case 20: return { get length() { throw 'length'; }, 0: 1 };
    default: return [r.pick(STRINGS), r.pick(NUMBERS), null, undefined];
  }
}

/** Any hostile value: primitives of every type, or a hostile object. */
function hostile(r, depth = 0) {
  if (depth > 3) return r.pick(NUMBERS);
  switch (r.int(10)) {
    case 0: case 1: return r.pick(NUMBERS);
    case 2: case 3: return r.pick(STRINGS);
    case 4: return r.pick([true, false, null, undefined]);
    case 5: return r.pick([Symbol('s'), Symbol.iterator, 0n, 5n, -1n, 2n ** 64n, 10n ** 100n]);
    default: return hostileObject(r, depth);
  }
}

// Values each key accepts (small sizes: a call that succeeds stays cheap).
const PLAUSIBLE = {
  cell: ['rnn', 'lstm', 'gru', 'peephole_lstm', null, undefined], task: ['parity', 'recall_first', 'binary_palindrome', 'palindrome'],
  T: [3, 4, '5', null], hidden: [2, 3, '4', 5], embed: [0, 2, '3'], batch: [1, 2, 4, '3'], lr: [0.01, '0.05', 1e-3],
  optimizer: ['sgd', 'rmsprop', 'adam'], clip: [0, 1, '2', 1e300], seed: [0, 1, 2 ** 53 - 1, '7'], momentum: [0, 0.5, '0.9'],
  nesterov: [false, 'false', null], init: ['pytorch', 'xavier', 'orthogonal'], gain: [1, 0.5, '2'], forgetBias: [0, 1, '-1'],
  bpttTerms: [true, false, 'true', '0'], gates: [true, false, '1'], jacobians: [true, false], precision: ['float32', 'float64'],
  cells: [['rnn'], 'gru', ['rnn', 'lstm'], 'rnn, gru', ['lstm', , 'rnn']], lengths: [[4], '3,4', [[4], [5]], 4, ' 4 '],
  seeds: [1, 2, '1'], steps: [1, 2, '3'], eval: [1, 5, '10'], eps: [1e-5, 1e-4, 0.5], maxPerTensor: [0, 1, 3, 2 ** 31 - 1],
  extra: [{}, [], 'x', () => 1, Symbol('extra'), 1n],
};

/** An object with `key` whose getter throws one of THROWN. */
function throwingGetter(r, key) {
  const x = r.pick(THROWN());
  return Object.defineProperty({}, key, { get() { throw x; }, enumerable: true });
}

/** A config, spec or options object: mostly plausible with some fields hostile, or hostile as a whole. */
function hostileFields(r, base, keys) {
  const kind = r.int(8);
  if (kind === 0) return hostile(r);
  if (kind === 1) return throwingGetter(r, r.pick(keys));
  const o = { ...base };
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const key = r.chance(0.8) ? r.pick(keys) : r.pick(KEYS);
    // Half the time a value the key accepts, so that calls also succeed.
    const value = r.chance(0.5) && key in PLAUSIBLE ? r.pick(PLAUSIBLE[key]) : hostile(r);
    if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true });
    else o[key] = value;
  }
  switch (kind) {
    case 2: return Object.freeze(o);
    case 3: return Object.assign(Object.create(null), o);
    case 4: return new Proxy(o, {});
    case 5: { // every field a getter, counting reads
      const g = {};
      for (const [k, v] of Object.entries(o)) Object.defineProperty(g, k, { get: () => v, enumerable: true });
      return g;
    }
    default: return o;
  }
}

const CONFIG_KEYS = KEYS.slice(0, 19);
const smallConfig = (r) => ({ cell: r.pick(['rnn', 'lstm', 'gru', 'peephole_lstm']), T: 4, hidden: 4, batch: 4 });
const hostileConfig = (r) => hostileFields(r, smallConfig(r), CONFIG_KEYS);
const hostileCount = (r) => (r.chance(0.15) ? r.int(4) + 1 : hostile(r));

// ------------------------------------------------------------ the API under test

let api;
let t;        // the one trainer every throw must leave usable
let goodState;
let goodStateText;
let goodBatch;
let sweep;    // a shared sweep (2 models)

before(async () => {
  api = await loadApi();
  DEEP = {};
  for (let i = 0; i < 100000; i++) DEEP = { d: DEEP };
  DEEP_ARRAY = [];
  for (let i = 0; i < 1000; i++) DEEP_ARRAY = [DEEP_ARRAY];
  t = api.createTrainer({ cell: 'lstm', T: 4, hidden: 4, batch: 4 });
  goodState = t.stateDict();
  goodStateText = JSON.stringify(goodState);
  goodBatch = api.generateBatch({ T: 4, batch: 2, seed: 3 });
  sweep = api.createSweep({ T: 4, hidden: 4, batch: 4 }, { cells: ['rnn', 'gru'], lengths: [4], seeds: 1, steps: 3, eval: 5 });
});
after(() => {
  t?.dispose();
  sweep?.dispose();
});

/** A state: the good one, one with a hostile field, a hostile value, or broken text. */
function hostileState(r) {
  switch (r.int(6)) {
    case 0: return r.chance(0.5) ? goodState : goodStateText;
    case 1: {
      const s = structuredClone(goodState);
      const where = r.pick(['format', 'cell', 'vocab_size', 'hidden_size', 'tensors', 'num_classes', 'embedding_dim']);
      s[where] = hostile(r);
      return s;
    }
    case 2: {
      const s = structuredClone(goodState);
      const name = r.pick(Object.keys(s.tensors));
      if (r.chance(0.5)) s.tensors[name].data[r.int(s.tensors[name].data.length)] = r.pick(NUMBERS);
      else s.tensors[name] = hostile(r);
      return s;
    }
    case 3: return goodStateText.slice(0, r.int(goodStateText.length)) + r.pick(STRINGS);
    case 4: return hostileFields(r, goodState, ['format', 'cell', 'tensors']);
    default: return hostile(r);
  }
}
function hostileBatch(r) {
  switch (r.int(4)) {
    case 0: return goodBatch;
    case 1: return { tokens: [[0, 1, r.pick(NUMBERS), 1]], targets: [r.pick(NUMBERS)] };
    case 2: return hostileFields(r, goodBatch, ['tokens', 'targets']);
    default: return hostile(r);
  }
}

// Each operation: [name, run(r)]; run returns undefined or throws.
const OPS = [
  ['createTrainer', (r) => {
    const x = api.createTrainer(hostileConfig(r));
    try {
      assert.ok(Number.isFinite(x.step(1).step));
    } finally {
      x.dispose();
    }
  }],
  ['new Trainer', (r) => new api.Trainer(hostileConfig(r)).dispose()],
  ['step', (r) => t.step(hostileCount(r))],
  ['samples', (r) => t.samples(hostileCount(r))],
  ['evaluate', (r) => t.evaluate(hostileCount(r))],
  ['stateDict', (r) => t.stateDict(hostile(r))],
  ['loadStateDict', (r) => {
    try {
      t.loadStateDict(hostileState(r));
    } finally {
      t.loadStateDict(goodStateText);  // a load that worked may hold any finite weights
    }
  }],
  ['gradcheck', (r) => t.gradcheck(hostileFields(r, { eps: 1e-5, maxPerTensor: 2, batch: 2 }, ['eps', 'maxPerTensor', 'batch']))],
  ['trainer.paramCount', (r) => t.paramCount(hostile(r))],
  ['trainer.config', (r) => t.config(hostile(r))],
  ['grad', (r) => api.grad(hostileState(r), hostileBatch(r), r.chance(0.5) ? undefined : hostileFields(r, { jacobians: false }, ['jacobians']))],
  ['paramCount', (r) => api.paramCount(hostileConfig(r))],
  ['normalizeConfig', (r) => api.normalizeConfig(hostileConfig(r))],
  ['checkConfig', (r) => api.checkConfig(hostileConfig(r))],
  ['generateBatch', (r) => api.generateBatch(hostileFields(r, { task: 'parity', T: 4, batch: 2, seed: 1 }, ['task', 'T', 'batch', 'seed']))],
  ['cells/tasks/sweepDefaults', (r) => {
    api.cells(hostile(r));
    api.tasks(hostile(r));
    api.sweepDefaults(hostile(r));
    api.heapBytes(hostile(r));
  }],
  ['sweepPoint', (r) => api.sweepPoint(hostileConfig(r), hostileCount(r), r.chance(0.3) ? 5 : hostileCount(r))],
  ['createSweep', (r) => {
    const spec = hostileFields(r, { cells: ['rnn'], lengths: [4], seeds: 1, steps: 2, eval: 5 }, ['cells', 'lengths', 'seeds', 'steps', 'eval']);
    const s = api.createSweep(hostileConfig(r), spec);
    try {
      const res = s.result();
      assert.equal(res.done, 0);
      // Train one model when that is cheap.
      if (res.steps * Math.max(...res.lengths) <= 2000 && res.hidden <= 32) assert.equal(s.next().done, 1);
    } finally {
      s.dispose();
    }
  }],
  ['new Sweep', (r) => new api.Sweep(hostileConfig(r), hostile(r)).dispose()],
  ['sweep next/result', (r) => {
    if (!sweep.finished) sweep.next(hostile(r));
    sweep.result(hostile(r));
    if (sweep.finished) sweep.next();  // throws 'this sweep is finished'
  }],
  ['disposed trainer', (r) => {
    const x = api.createTrainer({ T: 4, hidden: 4 });
    x.dispose();
    x.dispose();
    assert.equal(x.disposed, true);
    const method = r.pick(['step', 'samples', 'evaluate', 'stateDict', 'loadStateDict', 'gradcheck', 'config', 'paramCount']);
    x[method](hostile(r));
  }],
];

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function describe(v) {
  try {
    if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...(${v.length})` : v);
    return typeof v;
  } catch {
    return '?';
  }
}

test(`fuzz: ${CASES} seeded cases of hostile input (seed ${SEED})`, () => {
  const started = performance.now();
  const tally = { ok: 0, threw: 0 };
  const perOp = {};
  for (let i = 0; i < CASES; i++) {
    if (ONLY !== null && i !== ONLY) continue;
    const r = prng(Math.imul(SEED, 0x9e3779b1) + i);
    const [name, run] = OPS[r.int(OPS.length)];
    const where = `FUZZ_SEED=${SEED} FUZZ_CASE=${i} (${name})`;
    let thrown;
    let threw = false;
    try {
      run(r);
    } catch (e) {
      threw = true;
      thrown = e;
    }
    perOp[name] = perOp[name] || { ok: 0, threw: 0 };
    if (!threw) {
      tally.ok++;
      perOp[name].ok++;
      continue;
    }
    tally.threw++;
    perOp[name].threw++;
    if (thrown instanceof assert.AssertionError) assert.fail(`${where}: ${thrown.message}`);
    assert.ok(thrown instanceof Error, `${where}: threw a non-Error ${describe(thrown)}`);
    assert.equal(Object.getPrototypeOf(thrown), Error.prototype, `${where}: threw a ${thrown.constructor?.name}, not a plain Error: ${thrown.message}`);
    const m = thrown.message;
    assert.equal(typeof m, 'string', `${where}: message`);
    assert.ok(m.length > 0, `${where}: empty message`);
    assert.ok(!m.includes('\n') && !CONTROL.test(m), `${where}: not one printable line: ${JSON.stringify(m.slice(0, 300))}`);
    assert.ok(m.length <= 2100, `${where}: a message of ${m.length} characters`);
    // The same trainer still trains, the shared sweep still answers.
    const step = t.step(1);
    assert.ok(Number.isFinite(step.loss), `${where}: after the throw, step(1) gave loss ${step.loss}`);
    assert.ok(sweep.result().total === 2, `${where}: the sweep still answers`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz: ${ONLY !== null ? 1 : CASES} cases in ${seconds.toFixed(1)} s: ${tally.ok} returned, ${tally.threw} threw an Error`);
  console.log(`fuzz: per operation ${JSON.stringify(perOp)}`);
  if (ONLY === null) {
    // Both outcomes occur, for most operations.
    assert.ok(tally.ok > CASES / 20 && tally.threw > CASES / 4, JSON.stringify(tally));
    if (process.env.FUZZ_CASES === undefined) assert.ok(seconds < 30, `${seconds} s`);
  }
});
