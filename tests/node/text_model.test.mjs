// text_model.test.mjs — the text task end to end: the native CLI trains an
// LSTM language model on a generated text of about 6000 characters, and its
// samples at a low temperature follow the text's grammar, checked by a
// parser written from the grammar's definition (not from the generator);
// the per-character loss falls far below the text's unigram entropy. The JS
// API samples the same text from the same state, trains on a text given as
// a string, and refuses bad texts and options with the engine's messages.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApi, cli, cliJson } from './helpers.mjs';

const api = await loadApi();
const dir = mkdtempSync(join(tmpdir(), 'rnnlab-text-'));

// The generator: "the <animal> <verb> <2..9> <animal>s." sentences, seeded.
function grammarText(chars, seed) {
  let s = seed >>> 0;
  const next = (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const animals = ['heron', 'otter', 'fox', 'crow', 'newt'];
  const verbs = ['sees', 'likes', 'follows'];
  const out = [];
  let length = 0;
  while (length < chars) {
    const sentence = `the ${animals[next(5)]} ${verbs[next(3)]} ${2 + next(8)} ${animals[next(5)]}s.`;
    out.push(sentence);
    length += sentence.length + 1;
  }
  return out.join(' ') + '\n';
}

// The checker, from the grammar's definition: a sentence is
//   "the" NOUN VERB DIGIT NOUN "s."  with NOUN one of five animals, VERB one
//   of three verbs, DIGIT 2..9 (one character).
const NOUNS = new Set(['heron', 'otter', 'fox', 'crow', 'newt']);
const VERBS = new Set(['sees', 'likes', 'follows']);
function isSentence(s) {
  const w = s.split(' ');
  return w.length === 5 && w[0] === 'the' && NOUNS.has(w[1]) && VERBS.has(w[2]) && /^[2-9]$/.test(w[3]) &&
    w[4].endsWith('s.') && NOUNS.has(w[4].slice(0, -2));
}

const textPath = join(dir, 'grammar.txt');
writeFileSync(textPath, grammarText(6000, 7));
const statePath = join(dir, 'lm.json');

test('the checker accepts the grammar and rejects near misses', () => {
  assert.ok(isSentence('the heron sees 3 otters.'));
  for (const bad of ['the heron sees 3 otter.', 'the heron sees 10 otters.', 'a heron sees 3 otters.',
    'the heron eats 3 otters.', 'the heron sees 3 otters', 'the herons sees 3 otters.'])
    assert.ok(!isSentence(bad), bad);
  const sentences = readFileSync(textPath, 'utf8').trim().split(' the ').map((s, i) => (i ? 'the ' + s : s));
  assert.ok(sentences.length > 200 && sentences.every(isSentence));
});

test('a native LSTM language model learns the grammar', () => {
  const config = cliJson(['config', '--task', 'text', '--text', textPath]);
  assert.equal(config.task, 'text');
  assert.equal(config.vocab_size, config.num_classes);
  const r = cli(['train', '--task', 'text', '--text', textPath, '--cell', 'lstm', '--hidden', '64', '-T', '32',
    '--batch', '32', '--steps', '600', '--every', '600', '--eval', '64', '--no-terms', '-q', '--save', statePath]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const last = lines.find((l) => l.type === 'step' && l.step === 600);
  // The unigram entropy (about 2.6 nats) is what a model that ignores the
  // past can reach; the grammar's own entropy rate is about 0.25 nats/char.
  assert.ok(config.text_entropy > 2, `entropy ${config.text_entropy}`);
  assert.ok(last.loss < 0.25 * config.text_entropy, `loss ${last.loss} vs unigram entropy ${config.text_entropy}`);
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  assert.equal(state.vocab.length, state.vocab_size);
  assert.deepEqual(state.vocab, [...new Set(readFileSync(textPath, 'utf8'))].sort());

  const sample = cli(['sample', '--state', statePath, '--prime', 'the ', '--length', '600', '--temperature', '0.3', '--seed', '5']);
  assert.equal(sample.status, 0, sample.stderr);
  assert.ok(sample.stdout.endsWith('\n'));
  const generated = sample.stdout.slice(0, -1);
  assert.equal([...generated].length, 600);
  // Complete sentences: the prime's "the " starts the first; the last may be cut off.
  const sentences = ('the ' + generated).split('. ').slice(0, -1).map((s) => s + '.');
  const good = sentences.filter(isSentence);
  assert.ok(sentences.length >= 15, `only ${sentences.length} sentences in ${generated}`);
  assert.ok(good.length >= 0.9 * sentences.length, `${good.length} of ${sentences.length} follow the grammar:\n${generated}`);
});

test('the JS API samples the CLI\'s text from the same state', () => {
  const state = readFileSync(statePath, 'utf8');
  const args = { prime: 'the fox ', length: 120, temperature: 0, seed: 3 };
  const native = cli(['sample', '--state', statePath, '--prime', args.prime, '--length', '120', '--temperature', '0', '--seed', '3']);
  assert.equal(api.sample(state, args) + '\n', native.stdout);
  const warm = api.sample(JSON.parse(state), { length: 50, temperature: 1, seed: 9 });
  assert.equal([...warm].length, 50);
  assert.equal(api.sample(state, { length: 50, temperature: 1, seed: 9 }), warm);
  assert.throws(() => api.sample(state, { prime: 'thé', length: 3 }), /the prime's character 2 \('é'\) is not in the model's vocabulary/);
  assert.throws(() => api.sample(state, { length: -1 }), /length must be between 0 and 100000 \(got -1\)/);
  assert.throws(() => api.sample(state, { temperature: 'hot' }), /temperature must be a number/);
  const noVocab = JSON.stringify(api.createTrainer({ hidden: 4 }).stateDict());
  assert.throws(() => api.sample(noVocab, { length: 3 }), /state: the state has no vocab/);
});

test('a trainer on a text given as a string; bad texts are refused', () => {
  const text = 'abcabcabd '.repeat(20);
  const t = api.createTrainer({ task: 'text', text, T: 8, hidden: 8, batch: 4 });
  const r = t.step(3);
  assert.ok(Number.isFinite(r.loss));
  const state = t.stateDict();
  assert.deepEqual(state.vocab, [' ', 'a', 'b', 'c', 'd']);
  assert.equal(api.normalizeConfig({ task: 'text', text, T: 8 }).textChars, 200);
  assert.throws(() => api.createTrainer({ task: 'text', T: 8 }), /the task 'text' needs a text: the key text \(a string\)/);
  assert.throws(() => api.createTrainer({ task: 'text', text: '', T: 8 }), /the text is empty/);
  assert.throws(() => api.createTrainer({ task: 'text', text: 'abc', T: 8 }), /the text has 3 characters; T = 8 needs at least 9/);
  // A JS string cannot hold invalid UTF-8, but it can hold a lone surrogate.
  assert.throws(() => api.createTrainer({ task: 'text', text: 'ab\uD800cd', T: 2 }),
    /the text is not valid Unicode: a lone surrogate \(\\ud800\) at character 2/);
  assert.throws(() => api.sample(readFileSync(statePath, 'utf8'), { prime: 'the \uDC00', length: 1 }), /the prime is not valid Unicode/);
  assert.deepEqual(api.createTrainer({ task: 'text', text: 'a\u{1F426}b', T: 2 }).stateDict().vocab, ['a', 'b', '\u{1F426}']);
  // The CLI names the file.
  const bad = join(dir, 'bad.txt');
  writeFileSync(bad, Buffer.from([0x61, 0x62, 0xff, 0x63]));
  const c = cli(['train', '--task', 'text', '--text', bad, '--steps', '1', '-q']);
  assert.equal(c.status, 2);
  assert.match(c.stderr, /bad\.txt: the text is not valid UTF-8: a byte that cannot start a character at byte 2/);
});
