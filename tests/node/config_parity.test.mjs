// config_parity.test.mjs — the CLI (`rnnlab config [options]`: JSON with
// snake_case keys; bad options exit 2 with `rnnlab: msg1; msg2` on stderr)
// and the JS API (normalizeConfig: camelCase, throws Error("msg1; msg2");
// checkConfig: {config, errors: [{key, message}]}) normalise the same inputs
// to the same configuration, every field and every default included, and
// refuse the same bad inputs with the same messages in the same order.
//
// Messages may differ only in how each face spells a key (CLI `--forget-bias`,
// JS `forgetBias`) and quotes a value (CLI 'x', JS "x"): both are mapped to the
// JS spelling and to " before comparing, and each face is checked to use its
// own spelling and quotes. Each input is given to the JS API twice: as the
// very text typed on the command line, and as typed JS values (numbers,
// booleans).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cli, loadApi } from './helpers.mjs';

let api;
before(async () => {
  api = await loadApi();
});

// Every key `rnnlab config` takes, JS spelling -> CLI option.
const OPTION = {
  task: '--task', cell: '--cell', T: '--T', hidden: '--hidden', embed: '--embed', layers: '--layers', batch: '--batch',
  optimizer: '--optimizer', lr: '--lr', momentum: '--momentum', nesterov: '--nesterov', clip: '--clip',
  seed: '--seed', init: '--init', forgetBias: '--forget-bias', gain: '--gain',
};
const STRING_KEYS = new Set(['task', 'cell', 'optimizer', 'init']);
const KEY_OF_OPTION = Object.fromEntries(Object.entries(OPTION).map(([k, o]) => [o, k]));

// {key: text} (nesterov: true, a flag) -> argv; `-T` for T when shortT.
function argv(text, { shortT = false } = {}) {
  const a = [];
  for (const [k, v] of Object.entries(text)) {
    if (k === 'nesterov') {
      assert.equal(v, true);
      a.push('--nesterov');
    } else {
      a.push(k === 'T' && shortT ? '-T' : OPTION[k], v);
    }
  }
  return a;
}
// The same input as typed JS values: numbers for the numeric keys.
function typed(text) {
  return Object.fromEntries(
    Object.entries(text).map(([k, v]) => [k, STRING_KEYS.has(k) || typeof v !== 'string' ? v : Number(v)]),
  );
}
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

function cliConfig(args) {
  const r = cli(['config', ...args]);
  assert.equal(r.status, 0, `rnnlab config ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const snake = JSON.parse(r.stdout);
  const out = {};
  for (const [k, v] of Object.entries(snake)) {
    const c = camel(k);
    assert.ok(!(c in out), `two CLI keys map to ${c}`);
    out[c] = v;
  }
  return out;
}
// The CLI's message: exit 2, nothing on stdout, one line `rnnlab: <message>`.
function cliError(args) {
  const r = cli(['config', ...args]);
  assert.equal(r.status, 2, `rnnlab config ${args.join(' ')}: exit ${r.status}, want 2\n${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  const m = /^rnnlab: (.*)\n$/.exec(r.stderr);
  assert.ok(m, `stderr is not one line 'rnnlab: ...': ${JSON.stringify(r.stderr)}`);
  return m[1];
}
function jsError(obj) {
  let message;
  assert.throws(
    () => api.normalizeConfig(obj),
    (e) => e instanceof Error && typeof (message = e.message) === 'string',
    `normalizeConfig(${JSON.stringify(obj)}) must throw`,
  );
  return message;
}

// To one spelling: keys as JS spells them, " for quotes.
const normCli = (m) => m.replace(/--[A-Za-z][A-Za-z-]*/g, (o) => KEY_OF_OPTION[o] ?? o).replaceAll("'", '"');
const normJs = (m) => m.replaceAll("'", '"');
// Each face's own spelling of a value it echoes and of a key.
function assertFaces(cliMsg, jsMsg, what) {
  assert.doesNotMatch(cliMsg, /\(got "/, `${what}: the CLI quotes values with ' (${cliMsg})`);
  assert.doesNotMatch(jsMsg, /\(got '/, `${what}: the JS API quotes values with " (${jsMsg})`);
  assert.doesNotMatch(jsMsg, /--[A-Za-z]/, `${what}: the JS API spells keys as JS keys (${jsMsg})`);
  assert.doesNotMatch(normCli(cliMsg), /--[A-Za-z]/, `${what}: an unknown CLI option in ${cliMsg}`);
}

// Valid inputs, as the text typed after each option.
const GOOD = [
  ['empty', {}],
  ['cell gru with T and hidden', { cell: 'gru', T: '12', hidden: '24' }],
  ['sgd with momentum and nesterov', { optimizer: 'sgd', lr: '0.05', momentum: '0.9', nesterov: true }],
  ['rmsprop with momentum, clip off, batch', { optimizer: 'rmsprop', momentum: '0.5', clip: '0', batch: '7' }],
  ['embed', { task: 'palindrome', cell: 'rnn', embed: '8' }],
  ['seed 0', { seed: '0' }],
  ['seed 2^53-1', { seed: '9007199254740991' }],
  ['init, gain, forgetBias', { cell: 'peephole_lstm', init: 'orthogonal', gain: '0.9', forgetBias: '-1.5' }],
  ['init xavier, limits', { init: 'xavier', gain: '100', forgetBias: '100', lr: '100' }],
  ['numbers as other texts', { hidden: '0x10', lr: '1e-3', forgetBias: '-0', T: '7.0' }],
  ['layers', { cell: 'gru', layers: '3', hidden: '12' }],
  ['recall_first, long T, batch 1', { task: 'recall_first', T: '30', batch: '1', momentum: '0.25' }],
];

test('the CLI takes every key the parity test names', () => {
  const r = cli(['config', '--help']);
  assert.equal(r.status, 0);
  for (const o of Object.values(OPTION)) assert.match(r.stdout, new RegExp(`(^|[\\s,])${o}\\b`), o);
});

test('every task: the CLI and the JS API give the same configuration', () => {
  const tasks = api.tasks().map((t) => t.name);
  assert.ok(tasks.length >= 6);
  const cliTasks = JSON.parse(cli(['tasks']).stdout).map((t) => t.name);
  assert.deepEqual(cliTasks, tasks);
  for (const task of tasks) {
    const want = cliConfig(['--task', task]);
    assert.equal(want.task, task);
    assert.equal(want.T, api.tasks().find((t) => t.name === task).defaultT, `${task}: default T`);
    assert.deepEqual(api.normalizeConfig({ task }), want, task);
    assert.deepEqual(api.checkConfig({ task }), { config: want, errors: [] }, task);
  }
});

for (const [name, text] of GOOD) {
  test(`same configuration: ${name}`, () => {
    const want = cliConfig(argv(text));
    if ('T' in text) assert.deepEqual(cliConfig(argv(text, { shortT: true })), want, '-T and --T');
    // Every field the CLI prints, and no other.
    assert.equal(Object.keys(want).length, 23);
    for (const obj of [text, typed(text)]) {
      const got = api.normalizeConfig(obj);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${name}: the same fields`);
      for (const k of Object.keys(want)) assert.deepEqual(got[k], want[k], `${name} ${JSON.stringify(obj)}: ${k}`);
      assert.deepEqual(api.checkConfig(obj), { config: want, errors: [] }, `${name}: checkConfig`);
    }
    // The values given are the values used (the defaults are checked by 'empty').
    for (const [k, v] of Object.entries(typed(text))) assert.ok(Object.is(want[k], v), `${name}: ${k} = ${want[k]}, given ${v}`);
  });
}

test('the defaults', () => {
  assert.deepEqual(cliConfig([]), {
    cell: 'lstm', task: 'binary_palindrome', T: 16, hidden: 32, embed: 0, layers: 1, batch: 32, lr: 0.01, optimizer: 'adam',
    momentum: 0, nesterov: false, clip: 1, seed: 1, init: 'pytorch', forgetBias: 0, gain: 1, bpttTerms: true,
    gates: true, jacobians: false, units: false, precision: 'float32', vocabSize: 3, numClasses: 2,
  });
});

// Bad inputs: `text` goes to the CLI and, as the same text, to the JS API;
// `js` is the same input as typed JS values (only where the message shows
// the value the same way for both: numbers the engine formats itself).
// `keys`: the bad keys, one error each, in the order of the messages;
// `good`: the rest, whose configuration checkConfig must still give.
const BAD = [
  {
    name: 'cell, lr, forgetBias',
    text: { cell: 'foo', lr: '0', forgetBias: 'x', hidden: '24' },
    js: { cell: 'foo', lr: 0, forgetBias: 'x', hidden: 24 },
    keys: ['cell', 'lr', 'forgetBias'],
    good: { hidden: '24' },
  },
  {
    name: 'layers above the maximum',
    text: { layers: '5', hidden: '24' },
    js: { layers: 5, hidden: 24 },
    keys: ['layers'],
    good: { hidden: '24' },
  },
  {
    name: 'unknown task, T below the minimum',
    text: { task: 'sorting', T: '0' },
    js: { task: 'sorting', T: 0 },
    keys: ['task', 'T'],
    good: {},
  },
  {
    name: 'optimizer, momentum, clip, seed',
    text: { optimizer: 'lbfgs', momentum: '1', clip: '-1', seed: '-5', batch: '3' },
    js: { optimizer: 'lbfgs', momentum: 1, clip: -1, seed: '-5', batch: 3 },
    keys: ['optimizer', 'momentum', 'clip', 'seed'],
    good: { batch: '3' },
  },
  {
    name: 'nesterov without momentum',
    text: { optimizer: 'sgd', nesterov: true },
    js: { optimizer: 'sgd', nesterov: true },
    keys: ['nesterov'],
    good: { optimizer: 'sgd' },
  },
  {
    name: 'init, gain, embed, batch',
    text: { init: 'he', gain: '0', embed: '-1', batch: '0', cell: 'gru' },
    js: { init: 'he', gain: 0, embed: -1, batch: 0, cell: 'gru' },
    keys: ['embed', 'batch', 'init', 'gain'],
    good: { cell: 'gru' },
  },
  {
    name: 'T, hidden, lr, seed, forgetBias',
    text: { T: 'x', hidden: '5000', lr: 'abc', forgetBias: '200', seed: '1.5' },
    js: { T: 'x', hidden: 5000, lr: 'abc', forgetBias: 200, seed: '1.5' },
    keys: ['T', 'hidden', 'lr', 'seed', 'forgetBias'],
    good: {},
  },
  {
    name: 'lr inf, hidden 1.5, T above the task maximum',
    text: { lr: 'inf', hidden: '1.5', task: 'baum_sweet', T: '63' },
    js: { lr: 'inf', hidden: '1.5', task: 'baum_sweet', T: 63 },
    keys: ['T', 'hidden', 'lr'],
    good: { task: 'baum_sweet' },
  },
  {
    name: 'empty texts',
    text: { hidden: '', momentum: '', init: '' },
    js: { hidden: '', momentum: '', init: '' },
    keys: ['hidden', 'momentum', 'init'],
    good: {},
  },
];

for (const c of BAD) {
  test(`same messages: ${c.name}`, () => {
    const cliMsg = cliError(argv(c.text));
    if ('T' in c.text) assert.equal(cliError(argv(c.text, { shortT: true })), cliMsg, '-T and --T');
    const want = normCli(cliMsg);
    const goodConfig = cliConfig(argv(c.good));
    for (const obj of [c.text, c.js]) {
      const what = `${c.name} ${JSON.stringify(obj)}`;
      const jsMsg = jsError(obj);
      assertFaces(cliMsg, jsMsg, what);
      assert.equal(normJs(jsMsg), want, `${what}: normalizeConfig's message`);

      const { config, errors } = api.checkConfig(obj);
      // One error per bad key, in the CLI's order, with the same messages.
      assert.deepEqual(errors.map((e) => e.key), c.keys, `${what}: the keys of checkConfig's errors`);
      let rest = want;
      errors.forEach((e, i) => {
        const m = normJs(e.message);
        assert.ok(rest.startsWith(m), `${what}: error ${i} (${e.key}) is not next in the CLI's message:\n  ${m}\n  ${rest}`);
        rest = rest.slice(m.length);
        if (i + 1 < errors.length) {
          assert.ok(rest.startsWith('; '), `${what}: after error ${i}: ${rest}`);
          rest = rest.slice(2);
        }
      });
      assert.equal(rest, '', `${what}: the CLI reports more than checkConfig`);
      assert.equal(errors.map((e) => e.message).join('; '), jsMsg, `${what}: checkConfig and normalizeConfig`);
      // Bad keys at their defaults, the rest as given.
      assert.deepEqual(config, goodConfig, `${what}: checkConfig's config`);
    }
  });
}

// The training caches' limit concerns T, batch and hidden together: one
// error, key ''. The needs are T x batch x (N + 4GH + 6H) doubles:
//   2150 MiB (T 100, batch 1000, lstm H 128),
//   8596038 MiB (T 100000, batch 1000, lstm H 512),
//   exactly 4096 MiB = 2^32 bytes (parity, rnn H 100, E 24: 1024 per step, T 512, batch 1024).
// Both faces must count them the same way (a byte count that overflows 32 bits
// in wasm32 would not).
const LIMITS = [
  { T: '100', batch: '1000', hidden: '128' },
  { T: '100000', batch: '1000', hidden: '512' },
  { task: 'parity', cell: 'rnn', hidden: '100', embed: '24', T: '512', batch: '1024' },
];
for (const text of LIMITS) {
  test(`same message for the limit on several keys at once: ${JSON.stringify(text)}`, () => {
    const cliMsg = cliError(argv(text));
    assert.match(cliMsg, /^T x batch x hidden too large: the training caches would need \d+ MiB \(limit 1024 MiB\)/);
    for (const obj of [text, typed(text)]) {
      const what = JSON.stringify(obj);
      const { errors } = api.checkConfig(obj);
      assert.deepEqual(errors.map((e) => e.key), [''], `${what}: checkConfig's errors ${JSON.stringify(errors)}`);
      const jsMsg = jsError(obj);
      assertFaces(cliMsg, jsMsg, what);
      assert.equal(normJs(jsMsg), normCli(cliMsg), `${what}: normalizeConfig's message`);
      assert.equal(errors[0].message, jsMsg, `${what}: checkConfig and normalizeConfig`);
    }
  });
}
