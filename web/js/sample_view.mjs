// sample_view.mjs — held-out sample sequences: each sequence's tokens, the
// target class, the model's prediction and its probability, marked right or
// wrong in words and by a symbol (never by colour alone).
// A text model's tokens (and its target and prediction) are shown as its
// characters, from the engine's vocab (the worker's `configured`), with
// visible marks for a space, a line break and a tab; data-tokens keeps the ids.
// The reader's labelled sequences (the task sequences) show their tokens
// from the state's vocab too (the padding token "" as a faint ·) and the
// target and prediction as the class labels (the config's classes);
// data-target-label and data-prediction-label carry them.
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
  if (vocab[token] === '') return PAD;
  return MARKS[vocab[token]] || vocab[token];
}
const PAD = '·';  // the padding token of the reader's sequences (its text is "")

/** A class as shown: its label (the reader's sequences), else as a token (a text model) or its id. */
function classText(k, vocab, classes) {
  if (classes && typeof classes[k] === 'string') return classes[k];
  return tokenText(k, vocab);
}

function tokenChips(tokens, vocab) {
  const chips = [];
  const T = tokens.length;
  const show = (k) => {
    const pad = !!vocab && vocab[tokens[k]] === '';
    chips.push(h('span', { class: `rl-token${vocab ? ' rl-token--char' : ''}${pad ? ' rl-token--pad' : ''}`, text: tokenText(tokens[k], vocab),
      title: pad ? 'padding' : undefined }));
  };
  if (T <= MAX_TOKENS) for (let k = 0; k < T; k++) show(k);
  else {
    for (let k = 0; k < MAX_TOKENS / 2; k++) show(k);
    chips.push(h('span', { class: 'rl-token rl-token--gap', text: `… ${T - MAX_TOKENS} more …` }));
    for (let k = T - MAX_TOKENS / 2; k < T; k++) show(k);
  }
  return chips;
}

export function createSampleView(container) {
  /** A sequence for a screen reader: a text model's characters as one string, other tokens one by one (no padding). */
  const spoken = (tokens) => {
    const ts = Array.from(tokens);
    if (vocab && !classes) return JSON.stringify(ts.map((t) => vocab[t]).join(''));
    if (vocab) return ts.filter((t) => vocab[t] !== '').map((t) => vocab[t]).join(' ');
    return ts.join(' ');
  };
  const status = h('p', { class: 'rl-note rl-sample-status' });
  const list = h('ol', { class: 'rl-samples', 'data-testid': 'samples' });
  container.append(list, status);
  let vocab = null;
  let classes = null;

  return {
    /**
     * A text model's characters or the reader's sequences' tokens (the
     * engine's vocab), or null: tokens as ids; `nextClasses`: the class
     * labels (task sequences), or null.
     */
    setVocab(next, nextClasses = null) {
      vocab = Array.isArray(next) && next.length ? next : null;
      classes = Array.isArray(nextClasses) && nextClasses.length ? nextClasses : null;
    },
    /** samples: [{tokens, target, prediction, probs}] from the engine. */
    update(samples, note = '') {
      list.replaceChildren(...samples.map((s, i) => {
        const ok = s.prediction === s.target;
        const p = s.probs ? s.probs[s.prediction] : NaN;
        return h('li', {
          class: `rl-sample ${ok ? 'rl-sample--ok' : 'rl-sample--bad'}`,
          dataset: { tokens: Array.from(s.tokens).join(' '), target: s.target, prediction: s.prediction, probs: Array.from(s.probs || []).join(' '),
            ...(classes ? { targetLabel: classText(s.target, vocab, classes), predictionLabel: classText(s.prediction, vocab, classes) } : {}) },
        },
        h('div', { class: 'rl-tokens', 'aria-label': `sequence ${i + 1}: ${spoken(s.tokens)}` }, tokenChips(s.tokens, vocab)),
        h('div', { class: 'rl-sample-result' },
          h('span', { class: 'rl-kv' }, vocab && !classes ? 'next character ' : classes ? 'label ' : 'target ', h('b', { text: classText(s.target, vocab, classes) })),
          h('span', { class: 'rl-kv' }, 'predicted ', h('b', { text: classText(s.prediction, vocab, classes) }), ` (${formatPercent(p)})`),
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
