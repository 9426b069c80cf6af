// text.test.mjs — the page's pieces for the task "Your own text" that need
// no browser: the shipped corpora (web/js/corpora.mjs: deterministic, a few
// thousand characters, each what its name says, accepted by the engine),
// where a file stops being UTF-8 (web/js/text_file.mjs), the text panel's
// sentences and the gradient panel's per-step caption (shown for the text
// task only), and the URL key `corpus` (web/js/url_state.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CORPORA, DEFAULT_CORPUS, corpusText } from '../../../web/js/corpora.mjs';
import { firstBadUtf8Byte } from '../../../web/js/text_file.mjs';
import { textLossSummary, textSourceSummary } from '../../../web/js/panels/text_panel.mjs';
import { perStepCaption } from '../../../web/js/panels/grad_panel.mjs';
import { parseUrlState, serializeUrlState } from '../../../web/js/url_state.mjs';
import { loadApi } from '../helpers.mjs';

test('the corpora: deterministic, a few thousand characters, each of its kind, and the engine takes them', async () => {
  const api = await loadApi();
  assert.deepEqual(CORPORA.map((c) => c.name), ['grammar', 'brackets', 'arithmetic']);
  assert.ok(CORPORA.some((c) => c.name === DEFAULT_CORPUS));
  for (const c of CORPORA) {
    const text = corpusText(c.name);
    assert.equal(text, c.make(), `${c.name} is the same every time`);
    assert.ok(text.length >= 3000 && text.length <= 6000, `${c.name}: ${text.length} characters`);
    const { config, errors } = api.checkConfig({ task: 'text', text });
    assert.deepEqual(errors, [], c.name);
    assert.equal(config.textChars, text.length);
  }
  for (const s of corpusText('grammar').trim().split(/(?<=\.) /)) {
    const m = s.match(/^(the|an?) ([a-z]+) (sees|follows|hears|meets) (\d) ([a-z]+)\.$/);
    assert.ok(m, s);
    assert.equal(m[1] === 'an', /^[aeiou]/.test(m[2]) && m[1] !== 'the', `article: ${s}`);
    assert.equal(m[4] === '1', !m[5].endsWith('s'), `number agrees: ${s}`);
  }
  for (const line of corpusText('brackets').trim().split('\n')) {
    const stack = [];
    for (const ch of line) {
      if (ch === '(' || ch === '[') stack.push(ch);
      else assert.equal(stack.pop(), ch === ')' ? '(' : '[', line);
    }
    assert.equal(stack.length, 0, line);
  }
  for (const line of corpusText('arithmetic').trim().split('\n')) {
    const [, a, b, c] = line.match(/^(\d+)\+(\d+)=(\d+)$/);
    assert.equal(Number(a) + Number(b), Number(c), line);
  }
  assert.equal(corpusText('nope'), null);
});

test('where a file stops being UTF-8: the first byte of the character that cannot be read', () => {
  const at = (bytes) => firstBadUtf8Byte(new Uint8Array(bytes));
  assert.equal(at([]), -1);
  assert.equal(at([0x61, 0xc3, 0xa9, 0x62]), -1, 'é is UTF-8');
  assert.equal(at([0x61, 0x62, 0xff]), 2, 'a byte that starts no character');
  assert.equal(at([0x61, 0x62, 0x80]), 2, 'a stray continuation byte');
  assert.equal(at([0x61, 0x62, 0xe9, 0x74]), 2, 'Latin-1 é: a lead byte broken off');
  assert.equal(at([0xc3, 0xa9, 0xff]), 2, 'after a whole character');
  assert.equal(at([0x61, 0xe2, 0x82]), 1, 'the file ends inside a character');
  assert.equal(at([0xc0, 0x80]), 0, 'an overlong form');
  assert.equal(at([0xed, 0xa0, 0x80]), 0, 'a surrogate');
});

test('the text panel\'s sentences and the per-step caption, for the text task only', () => {
  const config = { task: 'text', corpus: 'grammar', T: 32, textChars: 4009, vocabSize: 26, textEntropy: 2.658141688400457 };
  assert.equal(textSourceSummary(config), 'Trained on the shipped text “Tiny grammar” (corpus=grammar): 4\u2009009 characters, 26 distinct, in windows of T = 32 characters.');
  assert.match(textSourceSummary({ ...config, corpus: undefined }), /^Trained on your own text: /);
  assert.match(textLossSummary(null, config), /not trained yet; the text's unigram entropy is 2\.66 nats/);
  assert.match(textLossSummary({ step: 300, loss: 0.4 }, config), /^Loss per character at step 300: 0\.4 nats/);
  assert.equal(textLossSummary(null, { task: 'parity' }), '');
  assert.match(perStepCaption(config), /L = Σ_t L\(t\).*every later loss.*does not vanish toward t = 1 the way ∂L\(T\)\/∂h\(1\) does/);
  for (const task of ['parity', 'binary_palindrome', 'recall_first']) assert.equal(perStepCaption({ task }), '', task);
});

test('the per-step caption follows the engine\'s perStep flag: a weaker sentence for targets at some steps', async () => {
  const api = await loadApi();
  for (const t of api.tasks()) {
    const caption = perStepCaption({ task: t.name }, t);
    if (t.perStep) {
      assert.match(caption, /loss at several steps.*long before every loss gets its gradient only through the product of Jacobians/, t.name);
      assert.doesNotMatch(caption, /does not vanish/, `${t.name}: no claim that would be false before its first target`);
    } else assert.equal(caption, '', t.name);
  }
});

test('the URL key corpus: a shipped name, written when set', () => {
  const ok = parseUrlState({ search: '', hash: '#task=text&corpus=brackets' });
  assert.equal(ok.a.corpus, 'brackets');
  assert.deepEqual(ok.messages, []);
  const bad = parseUrlState({ search: '', hash: '#task=text&corpus=mine' });
  assert.equal(bad.a.corpus, undefined);
  assert.match(bad.messages[0], /^URL corpus: corpus must be one of the shipped texts grammar, brackets, arithmetic \(got "mine"\); using the default instead\.$/);
  assert.match(serializeUrlState({ a: { task: 'text', corpus: 'grammar' } }), /task=text&corpus=grammar$/);
  assert.doesNotMatch(serializeUrlState({ a: { task: 'text' } }), /corpus/);
});
