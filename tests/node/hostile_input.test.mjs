// hostile_input.test.mjs — hand-written hostile inputs to every function of
// the JavaScript API (docs/js-api.md "Errors"): throwing getters, Proxies,
// objects whose toString/valueOf/Symbol.toPrimitive throw, symbols, BigInts,
// functions, huge numbers, control characters, 1 MB strings, deep nesting,
// cycles, holes, frozen and null-prototype objects. Each refusal is an Error
// with the exact message naming the field; none of the caller's conversion
// methods runs; each field is read once; the same trainer keeps working.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DIST, loadApi } from './helpers.mjs';

let api;
let t;  // one trainer for the whole file: every refusal leaves it usable
before(async () => {
  api = await loadApi();
  t = api.createTrainer({ cell: 'lstm', T: 4, hidden: 4, batch: 4 });
});

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** fn throws an Error whose message is exactly `message` (a string) or matches it (a RegExp); the trainer still steps. */
function refuses(fn, message) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `expected a throw with ${message}`);
  assert.ok(err instanceof Error, `threw a non-Error: ${typeof err} ${String(err)}`);
  assert.equal(Object.getPrototypeOf(err), Error.prototype, `a plain Error, not a ${err.constructor.name}`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0 && !CONTROL.test(err.message), `one printable line: ${JSON.stringify(err.message)}`);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  const m = t.step(1);
  assert.ok(Number.isFinite(m.loss), 'the trainer still steps');
  return err;
}

// Throws x from a getter of `key`.
const throwingGetter = (key, x) => Object.defineProperty({}, key, { get() { throw x; }, enumerable: true });
// A Proxy each of whose traps throws.
const TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty',
  'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'];
function allTrapsThrow(what = 'trap') {
  const handler = {};
  for (const trap of TRAPS) handler[trap] = () => { throw new Error(`${what} ${trap}`); };
  return new Proxy({}, handler);
}
// An object whose conversions count their calls and throw (or return objects).
function convertsBadly(calls, mode = 'throw') {
  const act = (name) => () => {
    calls.push(name);
    if (mode === 'throw') throw new Error(`${name} ran`);
    return {};
  };
  return { toString: act('toString'), valueOf: act('valueOf'), [Symbol.toPrimitive]: act('toPrimitive'), toJSON: act('toJSON') };
}

test('throwing getters: a thrown number, string, object, Error or undefined, named by field', () => {
  const thrown = [
    [42, '42'],
    [0, '0'],
    ['boom', 'boom'],
    [{ code: 1 }, 'an object without a message'],
    [new Error('bad hidden'), 'bad hidden'],
    [new TypeError('typed'), 'typed'],
    [new Error(''), '(an empty message)'],
    [undefined, 'undefined'],
    [null, 'null'],
    [Symbol('s'), 'Symbol(s)'],
    [12n, '12'],
    [new Error('two\nlines\u0007'), 'two\\nlines\\x07'],
    [allTrapsThrow(), 'an object without a message'],
  ];
  for (const [x, text] of thrown) {
    refuses(() => api.createTrainer(throwingGetter('hidden', x)), `config.hidden: reading it threw: ${text}`);
  }
  const x = new Error('nope');
  const e = refuses(() => api.normalizeConfig(throwingGetter('lr', x)), 'config.lr: reading it threw: nope');
  assert.equal(e.cause, x, 'what was thrown is the cause');
  refuses(() => api.checkConfig(throwingGetter('cell', 7)), 'config.cell: reading it threw: 7');
  refuses(() => api.paramCount(throwingGetter('embed', 7)), 'config.embed: reading it threw: 7');
  refuses(() => api.createSweep(throwingGetter('T', 7), {}), 'config.T: reading it threw: 7');
  refuses(() => api.createSweep({}, throwingGetter('cells', 'no')), 'spec.cells: reading it threw: no');
  refuses(() => api.sweepPoint(throwingGetter('seed', 7)), 'config.seed: reading it threw: 7');
  refuses(() => api.generateBatch(throwingGetter('T', 7)), 'options.T: reading it threw: 7');
  refuses(() => t.gradcheck(throwingGetter('eps', 7)), 'options.eps: reading it threw: 7');
  refuses(() => api.grad('{}', '{}', throwingGetter('jacobians', 7)), 'options.jacobians: reading it threw: 7');
  // A getter under an unknown key is read too (every own enumerable key is).
  refuses(() => api.createTrainer(throwingGetter('myExtra', 'x')), 'config.myExtra: reading it threw: x');
  // A getter that throws a long message: capped, one line.
  refuses(() => api.createTrainer(throwingGetter('hidden', 'y\n'.repeat(500000))),
    `config.hidden: reading it threw: ${'y\\n'.repeat(100)}...`);
  // Throwing inside JSON conversion of a state or batch.
  refuses(() => t.loadStateDict(throwingGetter('cell', 3)), 'state: it cannot be written as JSON: 3');
  refuses(() => api.grad(throwingGetter('cell', 'x'), '{}'), 'state: it cannot be written as JSON: x');
  refuses(() => api.grad('{}', { get tokens() { throw new RangeError('r'); } }), 'batch: it cannot be written as JSON: r');
  // An array element's getter.
  const lengths = [5];
  Object.defineProperty(lengths, 1, { get() { throw 9; }, enumerable: true });
  refuses(() => api.createSweep({}, { lengths }), 'spec.lengths[1]: reading it threw: 9');
});

test('Proxies whose traps throw', () => {
  refuses(() => api.createTrainer(allTrapsThrow('cfg')), 'config: listing its keys threw: cfg ownKeys');
  refuses(() => api.checkConfig(allTrapsThrow()), 'config: listing its keys threw: trap ownKeys');
  refuses(() => api.createSweep({}, allTrapsThrow('spec')), 'spec: listing its keys threw: spec ownKeys');
  refuses(() => t.gradcheck(allTrapsThrow('o')), 'options: listing its keys threw: o ownKeys');
  refuses(() => api.generateBatch(allTrapsThrow('o')), 'options: listing its keys threw: o ownKeys');
  refuses(() => api.grad('{}', '{}', allTrapsThrow('o')), 'options: listing its keys threw: o ownKeys');
  // ownKeys works, the key's descriptor throws (Object.keys asks it).
  const descriptorThrows = new Proxy({ hidden: 8 }, { getOwnPropertyDescriptor() { throw 'gopd'; } });
  refuses(() => api.createTrainer(descriptorThrows), 'config: listing its keys threw: gopd');
  // Keys listed, reading one throws.
  const getThrows = new Proxy({ hidden: 8, T: 4 }, { get(_, k) { if (k === 'T') throw new Error('no T'); return 8; } });
  refuses(() => api.normalizeConfig(getThrows), 'config.T: reading it threw: no T');
  // A revoked Proxy as the config, as a value, as an array, as a count.
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  refuses(() => api.createTrainer(proxy), /^config: listing its keys threw: .*revoked/);
  refuses(() => api.createTrainer({ hidden: proxy }), /^config\.hidden: inspecting it threw: .*revoked/);
  refuses(() => api.createSweep({}, { cells: ['rnn', proxy] }), /^spec\.cells\[1\]: inspecting it threw: .*revoked/);
  refuses(() => t.step(proxy), 'step(n) must be an integer (got an object)');
  refuses(() => t.loadStateDict(proxy), /^state: it cannot be written as JSON: .*revoked/);
  // A thrown Proxy whose every trap throws: its message cannot be read.
  refuses(() => api.createTrainer(throwingGetter('T', allTrapsThrow())), 'config.T: reading it threw: an object without a message');
  // A Proxy of an array whose length is a lie.
  const liar = new Proxy(['rnn'], { get(target, k) { return k === 'length' ? 2 ** 40 : target[k]; } });
  refuses(() => api.createSweep({}, { cells: liar }), 'spec.cells: an array of 1099511627776 elements is too long (at most 1000000)');
  const objLength = new Proxy(['rnn'], { get(target, k) { return k === 'length' ? convertsBadly([]) : target[k]; } });
  refuses(() => api.createSweep({}, { cells: objLength }), 'spec.cells.length must be a non-negative integer (got an object)');
  // A well-behaved Proxy is read like the object it wraps.
  const reads = [];
  const logged = new Proxy({ cell: 'gru', hidden: 6 }, { get(target, k) { reads.push(k); return target[k]; } });
  assert.equal(api.normalizeConfig(logged).hidden, 6);
  assert.deepEqual(reads.sort(), ['cell', 'hidden'], 'each key read once');
});

test('toString, valueOf and Symbol.toPrimitive are never called', () => {
  for (const mode of ['throw', 'object']) {
    const calls = [];
    const bad = () => convertsBadly(calls, mode);
    refuses(() => api.createTrainer({ hidden: bad() }), 'hidden must be an integer (got an object)');
    refuses(() => api.normalizeConfig({ cell: bad() }), 'cell must be a string (got an object)');
    refuses(() => api.createTrainer({ lr: bad() }), 'lr must be a number (got an object)');
    const check = api.checkConfig({ T: bad(), optimizer: 'sgd' });
    assert.deepEqual(check.errors, [{ key: 'T', message: 'T must be an integer (got an object)' }]);
    assert.equal(check.config.optimizer, 'sgd');
    refuses(() => t.step(bad()), 'step(n) must be an integer (got an object)');
    refuses(() => t.samples(bad()), 'samples(n) must be an integer (got an object)');
    refuses(() => t.evaluate(bad()), 'evaluate(n) must be an integer (got an object)');
    refuses(() => t.gradcheck({ eps: bad() }), 'eps must be a finite number');
    refuses(() => api.grad('{}', '{}', { jacobians: bad() }), 'jacobians must be true or false');
    refuses(() => api.generateBatch({ T: bad() }), 'T must be an integer (got an object)');
    refuses(() => api.generateBatch({ seed: bad() }), 'seed must be a non-negative integer (got an object)');
    refuses(() => api.generateBatch({ task: bad() }), 'task must be a string (got an object)');
    refuses(() => api.sweepPoint({}, bad()), 'steps must be an integer (got an object)');
    refuses(() => api.sweepPoint({}, 5, bad()), 'evalN must be an integer (got an object)');
    refuses(() => api.createSweep({}, { lengths: [5, bad()] }), 'spec.lengths[1] must be a number, a string or a boolean (got an object)');
    refuses(() => api.createSweep({}, { steps: bad() }), /^steps must be a whole number between 1 and 10000000 \(got /);
    // An unknown key holding such an object is ignored, as every unknown key is.
    assert.equal(api.normalizeConfig({ hidden: 5, extra: bad() }).hidden, 5);
    assert.deepEqual(calls, [], `${mode}: no conversion ran`);
  }
  // A state's toJSON runs (JSON.stringify's own protocol), guarded.
  const calls = [];
  refuses(() => t.loadStateDict(convertsBadly(calls)), 'state: it cannot be written as JSON: toJSON ran');
  refuses(() => t.loadStateDict({ toJSON: () => undefined }), 'state: it cannot be written as JSON (JSON.stringify gave undefined)');
  assert.deepEqual(calls, ['toJSON']);
});

test('symbols, BigInts and functions as values', () => {
  refuses(() => api.createTrainer({ hidden: Symbol('h') }), 'hidden must be an integer (got a symbol)');
  refuses(() => api.createTrainer({ hidden: 16n }), 'hidden must be an integer (got 16n)');
  refuses(() => api.createTrainer({ hidden: () => 16 }), 'hidden must be an integer (got a function)');
  refuses(() => api.createTrainer({ cell: Symbol.iterator }), 'cell must be a string (got a symbol)');
  refuses(() => api.createTrainer({ nesterov: 1n }), 'nesterov must be true or false (got 1n)');
  refuses(() => api.createTrainer({ T: 10n ** 200n }), `T must be an integer (got ${'1' + '0'.repeat(79)}...)`);
  // checkConfig reports them as bad keys instead of throwing.
  assert.deepEqual(api.checkConfig({ hidden: Symbol(), lr: 1n, cell: 'gru' }).errors, [
    { key: 'hidden', message: 'hidden must be an integer (got a symbol)' },
    { key: 'lr', message: 'lr must be a number (got 1n)' },
  ]);
  // Under an unknown key they are ignored.
  assert.equal(api.normalizeConfig({ onDone() {}, tag: Symbol('t'), big: 1n }).hidden, 32);
  refuses(() => t.step(3n), 'step(n) must be an integer (got 3n)');
  refuses(() => t.step(Symbol('n')), 'step(n) must be an integer (got a symbol)');
  refuses(() => t.samples(() => 1), 'samples(n) must be an integer (got a function)');
  refuses(() => api.generateBatch({ task: Symbol('t') }), 'task must be a string (got a symbol)');
  refuses(() => api.generateBatch({ seed: 1n }), 'seed must be a non-negative integer (got 1n)');
  refuses(() => api.createSweep({}, { cells: ['rnn', Symbol('c')] }), 'spec.cells[1] must be a number, a string or a boolean (got a symbol)');
  refuses(() => api.createSweep({}, { lengths: [5, 10n] }), 'spec.lengths[1] must be a number, a string or a boolean (got 10n)');
  refuses(() => t.loadStateDict(Symbol('s')), 'state must be a JSON string or an object (got symbol)');
  refuses(() => t.loadStateDict(() => ({})), 'state must be a JSON string or an object (got function)');
  refuses(() => api.grad({ cell: 1n }, '{}'), 'state: it cannot be written as JSON: Do not know how to serialize a BigInt');
  refuses(() => api.createTrainer(() => ({})), 'the config must be an object');
  refuses(() => api.createTrainer(Symbol('c')), 'the config must be an object');
  refuses(() => api.createSweep({}, 5n), 'the sweep must be an object');
  refuses(() => t.gradcheck('eps'), 'the options must be an object');
  refuses(() => api.generateBatch(5), 'the options must be an object');
});

test('counts: huge numbers, NaN, -0, 2^32 + 3, 2^53, and text', () => {
  // [name, call, the range sentence, kind]: kind 'option' = a field of an
  // options object (null is the default), 'number' = gradcheck's (NaN, text
  // and null are the engine's: "must be a finite number" or the default).
  const counts = [
    ['step(n)', (n) => t.step(n), 'step(n) needs 1 <= n <= 1000000', 'argument'],
    ['samples(n)', (n) => t.samples(n), 'samples(n) must be an integer between 1 and 1000', 'argument'],
    ['evaluate(n)', (n) => t.evaluate(n), 'evaluate(n) must be an integer between 1 and 100000', 'argument'],
    ['steps', (n) => api.sweepPoint({ T: 4, hidden: 4 }, n, 5), 'steps must be an integer between 1 and 10000000', 'argument'],
    ['evalN', (n) => api.sweepPoint({ T: 4, hidden: 4 }, 5, n), 'evalN must be an integer between 1 and 100000', 'argument'],
    ['T', (n) => api.generateBatch({ T: n }), 'T must be an integer between -2147483647 and 2147483647', 'option'],
    ['batch', (n) => api.generateBatch({ batch: n }), 'batch must be an integer between -2147483647 and 2147483647', 'option'],
    ['maxPerTensor', (n) => t.gradcheck({ maxPerTensor: n }), 'maxPerTensor must be an integer between 0 and 2147483647', 'number'],
    ['batch', (n) => t.gradcheck({ batch: n }), 'batch must be between 1 and 1024', 'number'],
  ];
  for (const [what, call, range, kind] of counts) {
    for (const [n, text] of [[2 ** 32 + 3, '4294967299'], [2 ** 31, '2147483648'], [2 ** 53, '9007199254740992'],
      [-(2 ** 32) + 5, '-4294967291'], [1e300, '1e+300']]) {
      refuses(() => call(n), `${range} (got ${text})`);
    }
    refuses(() => call(2.5), `${what} must be an integer (got 2.5)`);
    refuses(() => call(-1e-9), `${what} must be an integer (got -1e-9)`);
    if (kind === 'number') {
      refuses(() => call(NaN), `${what} must be a finite number`);
      refuses(() => call('3'), `${what} must be a finite number`);
      continue;
    }
    refuses(() => call(NaN), `${what} must be an integer (got NaN)`);
    refuses(() => call(-Infinity), `${what} must be an integer (got -Infinity)`);
    refuses(() => call('3'), `${what} must be an integer (got "3")`);
    refuses(() => call(true), `${what} must be an integer (got true)`);
    if (kind === 'argument') refuses(() => call(null), `${what} must be an integer (got null)`);
  }
  // -0 is an integer: the engine's range message.
  refuses(() => t.step(-0), 'step(n) needs 1 <= n <= 1000000 (got -0)');
  refuses(() => t.samples(-0), 'samples(n) must be an integer between 1 and 1000 (got -0)');
  refuses(() => t.step(0), 'step(n) needs 1 <= n <= 1000000 (got 0)');
  refuses(() => t.step('x'.repeat(1 << 20)), `step(n) must be an integer (got "${'x'.repeat(80)}...")`);
  // The seed of generateBatch: any integer 0 .. 2^53 - 1, or its text.
  assert.deepEqual(api.generateBatch({ T: 4, batch: 2, seed: 2 ** 53 - 1 }).targets.length, 2);
  assert.deepEqual(api.generateBatch({ T: 4, batch: 2, seed: '7' }), api.generateBatch({ T: 4, batch: 2, seed: 7 }));
  refuses(() => api.generateBatch({ seed: 2 ** 53 }), 'seed must be a non-negative integer (got 9007199254740992)');
  refuses(() => api.generateBatch({ seed: -1 }), 'seed must be a non-negative integer (got -1)');
  refuses(() => api.generateBatch({ seed: 0.5 }), 'seed must be a non-negative integer (got 0.5)');
  refuses(() => api.generateBatch({ seed: NaN }), 'seed must be a non-negative integer (got NaN)');
  // The sweep's counts, in the engine's words, every bad count at once.
  refuses(() => api.createSweep({}, { seeds: 1.5, steps: 2 ** 32 + 3, eval: 2 ** 53 }),
    'seeds must be a whole number between 1 and 100 (got 1.5); steps must be a whole number between 1 and 10000000 (got 4294967299); ' +
    'eval must be a whole number between 1 and 100000 (got 9007199254740992)');
  refuses(() => api.createSweep({}, { seeds: NaN }), 'seeds must be a whole number between 1 and 100 (got NaN)');
  // Config integers are the engine's (it refuses past 2e9 itself).
  refuses(() => api.createTrainer({ hidden: 2 ** 32 + 3 }), 'hidden must be an integer (got 4294967299)');
  refuses(() => api.createTrainer({ seed: 2 ** 53 }), /^seed must be /);
  refuses(() => api.createTrainer({ T: -0 }), /^T must be at least 1 .*\(got 0\)$/);
});

test('the messages of counts refused here read like the bindings\' own', () => {
  // Just inside 2^31 - 1 the bindings refuse; past it this file does: the same sentence.
  const pairs = [
    [(n) => t.step(n), /^step\(n\) needs 1 <= n <= 1000000 \(got /],
    [(n) => t.samples(n), /^samples\(n\) must be an integer between 1 and 1000 \(got /],
    [(n) => t.evaluate(n), /^evaluate\(n\) must be an integer between 1 and 100000 \(got /],
    [(n) => api.sweepPoint({}, n, 5), /^steps must be an integer between 1 and 10000000 \(got /],
    [(n) => api.createSweep({}, { seeds: n }), /^seeds must be a whole number between 1 and 100 \(got /],
    [(n) => api.createSweep({}, { steps: n }), /^steps must be a whole number between 1 and 10000000 \(got /],
    [(n) => api.createSweep({}, { eval: n }), /^eval must be a whole number between 1 and 100000 \(got /],
    [(n) => t.gradcheck({ batch: n }), /^batch must be between 1 and 1024/],
  ];
  for (const [call, sentence] of pairs) {
    refuses(() => call(2 ** 31 - 1), sentence);
    refuses(() => call(2 ** 31), sentence);
  }
  // sweepPoint's second count: the bindings call it eval, this file evalN.
  refuses(() => api.sweepPoint({}, 5, 2 ** 31 - 1), /^eval must be an integer between 1 and 100000 \(got 2147483647\)$/);
  refuses(() => api.sweepPoint({}, 5, 2 ** 31), /^evalN must be an integer between 1 and 100000 \(got 2147483648\)$/);
});

test('control characters and 1 MB strings', () => {
  refuses(() => api.createTrainer({ cell: 'a\nb\u0000c\u0085d\u001b[31m' }),
    'cell must be rnn, lstm, gru or peephole_lstm (got "a\\nb\\x00c\\xc2\\x85d\\x1b[31m")');
  const mb = 'z'.repeat(1 << 20);
  refuses(() => api.createTrainer({ task: mb }), new RegExp(`^unknown task .${'z'.repeat(80)}\\.\\.\\.`));
  refuses(() => api.createTrainer({ hidden: mb }), `hidden must be an integer (got "${'z'.repeat(80)}...")`);
  assert.equal(api.normalizeConfig({ [mb]: 1 }).hidden, 32, 'a 1 MB unknown key is ignored');
  refuses(() => api.createTrainer(throwingGetter(`k\n${mb}`, 1)), `config.k\\n${'z'.repeat(78)}...: reading it threw: 1`);
  refuses(() => api.createTrainer(throwingGetter('T', '\u2028\u2029\r\t')), 'config.T: reading it threw: \\u2028\\u2029\\r\\t');
  refuses(() => t.loadStateDict(mb), /^state: /);
  refuses(() => api.grad(`{"x": "${'\\n'.repeat(1000)}`, '{}'), /^state: /);
  // (The sweep's cells and lengths quote the text whole, cut only by the
  // bindings' cap on a whole message: 2000 characters and '...'.)
  const long = refuses(() => api.createSweep({}, { cells: `rnn,${mb}` }), /^cell must be rnn, lstm, gru or peephole_lstm \(got "z{80}/);
  assert.ok(long.message.length <= 2003, `${long.message.length} characters`);
  refuses(() => api.createSweep({}, { lengths: '5\n,10' }), /^lengths must be a comma-separated list of whole numbers \(got "5\\n,10"\)$/);
  refuses(() => api.generateBatch({ task: '\u0007bell' }), /^unknown task .\\x07bell/);
  const lone = '\ud800x';
  refuses(() => api.createTrainer({ cell: lone }), /^cell must be rnn, lstm, gru or peephole_lstm \(got "/);
});

test('deep nesting and cycles', () => {
  let deep = {};
  for (let i = 0; i < 100000; i++) deep = { d: deep };
  refuses(() => api.createTrainer({ hidden: deep }), 'hidden must be an integer (got an object)');
  assert.equal(api.normalizeConfig({ hidden: 4, nested: deep }).hidden, 4, 'a deep unknown key is ignored');
  refuses(() => t.loadStateDict(deep), 'state: it cannot be written as JSON: Maximum call stack size exceeded');
  let shallow = {};
  for (let i = 0; i < 100; i++) shallow = { d: shallow };
  refuses(() => t.loadStateDict(shallow), /^state: JSON nested deeper than 64 levels/);
  let deepArray = [5];
  for (let i = 0; i < 40; i++) deepArray = [deepArray];
  refuses(() => api.createSweep({}, { lengths: deepArray }), /^spec\.lengths(\[0\]){32}: arrays nested deeper than 32 levels$/);
  // Cycles: an object key is never descended into; an array cycle is '' as join() writes it.
  const cyclic = { hidden: 4 };
  cyclic.self = cyclic;
  const c = api.createTrainer(cyclic);
  assert.equal(c.config().hidden, 4);
  c.dispose();
  refuses(() => api.createTrainer({ hidden: cyclic }), 'hidden must be an integer (got an object)');
  const lengths = [4];
  lengths.push(lengths);
  const s = api.createSweep({ hidden: 4 }, { cells: ['rnn'], lengths, seeds: 1, steps: 2, eval: 5 });
  assert.equal(s.total, 1, 'lengths [4, <cycle>] = "4," = [4]');
  s.dispose();
  refuses(() => t.loadStateDict(cyclic), /^state: it cannot be written as JSON: Converting circular structure to JSON/);
  refuses(() => api.grad(t.stateDict(), cyclic), /^batch: it cannot be written as JSON: /);
});

test('arrays with holes, frozen and null-prototype objects, class instances', () => {
  // Holes read as empty entries, as join() writes them.
  // eslint-disable-next-line no-sparse-arrays
  const s = api.createSweep({ hidden: 4 }, { cells: ['rnn', , 'gru'], lengths: [4, , 5], seeds: 1, steps: 2, eval: 5 });
  assert.deepEqual(s.result().cells, ['rnn', 'gru']);
  assert.deepEqual(s.result().lengths, [4, 5]);
  s.dispose();
  const huge = [];
  huge.length = 2 ** 32 - 1;
  refuses(() => api.createSweep({}, { lengths: huge }), 'spec.lengths: an array of 4294967295 elements is too long (at most 1000000)');
  refuses(() => api.createTrainer({ hidden: [1, , 2] }), 'hidden must be an integer (got "1,,2")');
  // Frozen and null-prototype configs, states, options.
  const frozen = Object.freeze({ cell: 'gru', T: 4, hidden: 5 });
  assert.equal(api.createTrainer(frozen).config().hidden, 5);
  const bare = Object.assign(Object.create(null), { cell: 'rnn', T: 4, hidden: 3, __proto__: 9 });
  assert.equal(api.normalizeConfig(bare).cell, 'rnn');
  const state = Object.freeze(Object.assign(Object.create(null), t.stateDict()));
  t.loadStateDict(state);
  assert.equal(api.generateBatch(Object.freeze(Object.assign(Object.create(null), { T: 4, batch: 3 }))).targets.length, 3);
  assert.equal(t.gradcheck(Object.freeze({ maxPerTensor: 1, batch: 2 })).tensors.length > 0, true);
  refuses(() => api.normalizeConfig(Object.freeze({ hidden: Object.freeze(Object.create(null)) })), 'hidden must be an integer (got an object)');
  // Class instances: own enumerable fields and accessors are read once; prototype getters are not read.
  let reads = 0;
  class Cfg {
    cell = 'gru';
    constructor() {
      Object.defineProperty(this, 'hidden', { get() { reads++; return 7; }, enumerable: true });
    }
    get T() { throw new Error('a prototype getter is not read'); }
  }
  const tr = api.createTrainer(new Cfg());
  assert.equal(tr.config().hidden, 7);
  assert.equal(tr.config().cell, 'gru');
  tr.dispose();
  assert.equal(reads, 1, 'read exactly once');
  // A getter returning something new on every read is read once.
  let n = 0;
  const flaky = { get hidden() { n++; return n === 1 ? 6 : 'changed'; } };
  assert.equal(api.normalizeConfig(flaky).hidden, 6);
  assert.equal(n, 1);
  // Boxed primitives, Dates, Maps, typed arrays are objects, refused under a known key.
  for (const v of [new Number(5), new String('gru'), new Date(0), new Map(), new Float64Array(2)]) {
    refuses(() => api.createTrainer({ hidden: v }), 'hidden must be an integer (got an object)');
  }
});

test('after dispose, misuse of this, and the engine failing: still plain Errors', async () => {
  const d = api.createTrainer({ T: 4, hidden: 4 });
  d.dispose();
  d.dispose();
  for (const call of [() => d.step(1), () => d.step(allTrapsThrow()), () => d.samples(), () => d.evaluate(),
    () => d.stateDict(), () => d.loadStateDict('{}'), () => d.gradcheck(), () => d.config(), () => d.paramCount()]) {
    refuses(call, 'this trainer has been disposed');
  }
  const s = api.createSweep({ hidden: 4 }, { cells: ['rnn'], lengths: [4], seeds: 1, steps: 2, eval: 5 });
  s.next();
  refuses(() => s.next(), 'this sweep is finished');
  assert.equal(s.result().done, 1, 'the sweep is still usable after an error');
  s.dispose();
  refuses(() => s.next(), 'this sweep has been disposed');
  refuses(() => s.result(), 'this sweep has been disposed');
  // A method called on something that is not a trainer: a TypeError (an Error).
  assert.throws(() => api.Trainer.prototype.step.call({}, 1), (e) => e instanceof TypeError && !CONTROL.test(e.message));
  // A failure inside the engine itself (a wasm trap, an embind error, a thrown
  // non-Error) comes out as a plain Error: here a fake engine.
  const { makeApi } = await import(join(DIST, 'core_api.mjs'));
  const thrower = (x) => () => { throw x; };
  const fake = makeApi({
    tasks: thrower(new WebAssembly.RuntimeError('unreachable')),
    cells: thrower(17),
    sweepDefaults: thrower({ message: 'an object' }),
    normalizeConfig: () => ({ __error: '' }),
  });
  const plain = (fn, message) => assert.throws(fn, (e) => Object.getPrototypeOf(e) === Error.prototype && e.message === message);
  plain(() => fake.tasks(), 'internal error in the engine: unreachable');
  plain(() => fake.cells(), 'internal error in the engine: 17');
  plain(() => fake.sweepDefaults(), 'internal error in the engine: an object');
  plain(() => fake.normalizeConfig({}), 'the engine failed without a message');
});
