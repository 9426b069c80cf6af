// url_state.test.mjs — the page's URL state (web/js/url_state.mjs), without a browser.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { URL_KEYS, parseLock, parsePageOptions, parseUrlState, parseValue, serializeUrlState } from '../../../web/js/url_state.mjs';
import { useEngineInfo } from './engine.mjs';

let info;
before(async () => ({ info } = await useEngineInfo()));

const loc = (hash, search = '') => ({ hash, search });

test('every key of the contract is read from the hash, with numbers as numbers', () => {
  const s = parseUrlState(loc('#cell=gru&task=parity&T=12&hidden=20&embed=4&batch=8&lr=0.003&optimizer=sgd&clip=0&seed=7'));
  assert.deepEqual(s.a, { cell: 'gru', task: 'parity', T: 12, hidden: 20, embed: 4, batch: 8, lr: 0.003, optimizer: 'sgd', clip: 0, seed: 7 });
  assert.equal(s.compare, false);
  assert.deepEqual(s.messages, []);
});

test('the hash wins over the query; keys left out stay out', () => {
  const s = parseUrlState(loc('#T=9', '?T=5&hidden=7'));
  assert.deepEqual(s.a, { T: 9, hidden: 7 });
});

test('a malformed value is dropped with one message naming the key', () => {
  const s = parseUrlState(loc('#T=abc&lr=x&cell=cnn&hidden=12'));
  assert.deepEqual(s.a, { hidden: 12 });
  assert.equal(s.messages.length, 3);
  assert.match(s.messages[0], /^URL cell: cell must be one of rnn, lstm, gru, peephole_lstm \(got "cnn"\)/);
  assert.match(s.messages[1], /^URL T: T must be a whole number \(got "abc"\)/);
  assert.match(s.messages[2], /^URL lr: learning rate must be a number \(got "x"\)/);
});

test('the cells accepted are exactly the engine\'s', () => {
  for (const c of info.cells) assert.deepEqual(parseValue('cell', c.name), { value: c.name });
  assert.ok(parseValue('cell', 'transformer').error);
});

test('compare mode: vs. keys are lab B\'s differences, and serialize back', () => {
  const s = parseUrlState(loc('#cell=rnn&T=16&compare=1&vs.cell=lstm'));
  assert.equal(s.compare, true);
  assert.deepEqual(s.b, { cell: 'lstm', T: 16 });
  const hash = serializeUrlState({ a: s.a, b: s.b });
  assert.equal(hash, '#cell=rnn&T=16&compare=1&vs.cell=lstm');
  assert.deepEqual(parseUrlState(loc(hash)).b, s.b);
});

test('serialize writes the keys in the contract\'s order', () => {
  const a = Object.fromEntries(URL_KEYS.map((k, i) => [k, k === 'cell' ? 'lstm' : i]));
  const keys = [...new URLSearchParams(serializeUrlState({ a }).slice(1)).keys()];
  assert.deepEqual(keys, URL_KEYS);
});

test('lock: URL keys in their order (t is T), unknown names explained, the rest still locked', () => {
  assert.deepEqual(parseLock('T, cell,hidden'), { keys: ['cell', 'T', 'hidden'], unknown: [], message: null });
  assert.deepEqual(parseLock('t').keys, ['T']);
  assert.deepEqual(parseLock(null).keys, []);
  const r = parseLock('cell,bogus,,seed');
  assert.deepEqual(r.keys, ['cell', 'seed']);
  assert.deepEqual(r.unknown, ['bogus']);
  assert.equal(r.message, `lock: unknown setting "bogus" (the settings are ${URL_KEYS.join(', ')}); cell, seed are locked.`);
  assert.match(parseLock('nope').message, /; nothing is locked\.$/);
});

test('page options: lock, view and origin, the hash winning', () => {
  const o = parsePageOptions(loc('#lock=T,cell&view=controls,grad&origin=https://course.example', '?view=all&lock=seed'));
  assert.deepEqual(o.lock.keys, ['cell', 'T']);
  assert.equal(o.view, 'controls,grad');
  assert.equal(o.origin, 'https://course.example');
  assert.deepEqual(parsePageOptions(loc('')), { lock: { keys: [], unknown: [], message: null }, view: null, origin: null });
});

test('the written URL keeps lock and view, and reads back the same', () => {
  const a = { cell: 'rnn', T: 8 };
  const hash = serializeUrlState({ a, lock: ['cell', 'T'], view: 'controls,grad' });
  assert.equal(hash, '#cell=rnn&T=8&lock=cell,T&view=controls,grad');
  assert.deepEqual(parseUrlState(loc(hash)).a, a);
  assert.deepEqual(parsePageOptions(loc(hash)).lock.keys, ['cell', 'T']);
  assert.equal(serializeUrlState({ a, lock: [], view: null }), '#cell=rnn&T=8', 'nothing extra without them');
});
