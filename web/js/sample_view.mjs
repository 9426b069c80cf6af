// sample_view.mjs — held-out sample sequences: each sequence's tokens, the
// target class, the model's prediction and its probability, marked right or
// wrong in words and by a symbol (never by colour alone).
// A text model's tokens (and its target and prediction) are shown as its
// characters, from the engine's vocab (the worker's `configured`), with
// visible marks for a space, a line break and a tab; data-tokens keeps the ids.
// Deliberately not: asking for samples (lab_view decides when) nor decoding
// the tokens of other tasks beyond their integer ids (the task's encoding
// text explains them).
import { h, setText } from './dom.mjs';
import { formatPercent } from './format.mjs';

const MAX_TOKENS = 64;  // longer sequences show their first and last tokens

const MARKS = { ' ': '␣', '\n': '↵', '\t': '⇥' };

/** A token as shown: its id, or a text model's character (a visible mark for white space). */
function tokenText(token, vocab) {
  if (!vocab || typeof vocab[token] !== 'string') return String(token);
  return MARKS[vocab[token]] || vocab[token];
}

function tokenChips(tokens, vocab) {
  const chips = [];
  const T = tokens.length;
  const show = (k) => chips.push(h('span', { class: `rl-token${vocab ? ' rl-token--char' : ''}`, text: tokenText(tokens[k], vocab) }));
  if (T <= MAX_TOKENS) for (let k = 0; k < T; k++) show(k);
  else {
    for (let k = 0; k < MAX_TOKENS / 2; k++) show(k);
    chips.push(h('span', { class: 'rl-token rl-token--gap', text: `… ${T - MAX_TOKENS} more …` }));
    for (let k = T - MAX_TOKENS / 2; k < T; k++) show(k);
  }
  return chips;
}

export function createSampleView(container) {
  const status = h('p', { class: 'rl-note rl-sample-status' });
  const list = h('ol', { class: 'rl-samples', 'data-testid': 'samples' });
  container.append(list, status);
  let vocab = null;

  return {
    /** A text model's characters (the engine's vocab), or null: tokens as ids. */
    setVocab(next) {
      vocab = Array.isArray(next) && next.length ? next : null;
    },
    /** samples: [{tokens, target, prediction, probs}] from the engine. */
    update(samples, note = '') {
      list.replaceChildren(...samples.map((s, i) => {
        const ok = s.prediction === s.target;
        const p = s.probs ? s.probs[s.prediction] : NaN;
        return h('li', {
          class: `rl-sample ${ok ? 'rl-sample--ok' : 'rl-sample--bad'}`,
          dataset: { tokens: Array.from(s.tokens).join(' '), target: s.target, prediction: s.prediction, probs: Array.from(s.probs || []).join(' ') },
        },
        h('div', { class: 'rl-tokens', 'aria-label': `sequence ${i + 1}: ${vocab ? JSON.stringify(Array.from(s.tokens).map((t) => vocab[t]).join('')) : Array.from(s.tokens).join(' ')}` }, tokenChips(s.tokens, vocab)),
        h('div', { class: 'rl-sample-result' },
          h('span', { class: 'rl-kv' }, vocab ? 'next character ' : 'target ', h('b', { text: tokenText(s.target, vocab) })),
          h('span', { class: 'rl-kv' }, 'predicted ', h('b', { text: tokenText(s.prediction, vocab) }), ` (${formatPercent(p)})`),
          h('span', { class: 'rl-verdict', text: ok ? '✓ right' : '✗ wrong' })));
      }));
      setText(status, note);
    },
    setNote(note) {
      setText(status, note);
    },
    clear(note = '') {
      list.replaceChildren();
      setText(status, note);
    },
  };
}
