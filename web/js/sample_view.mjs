// sample_view.mjs — held-out sample sequences: each sequence's tokens, the
// target class, the model's prediction and its probability, marked right or
// wrong in words and by a symbol (never by colour alone).
// Deliberately not: asking for samples (lab_view decides when) nor decoding
// tokens beyond their integer ids (the task's encoding text explains them).
import { h, setText } from './dom.mjs';
import { formatPercent } from './format.mjs';

const MAX_TOKENS = 64;  // longer sequences show their first and last tokens

function tokenChips(tokens) {
  const chips = [];
  const T = tokens.length;
  const show = (k) => chips.push(h('span', { class: 'rl-token', text: String(tokens[k]) }));
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

  return {
    /** samples: [{tokens, target, prediction, probs}] from the engine. */
    update(samples, note = '') {
      list.replaceChildren(...samples.map((s, i) => {
        const ok = s.prediction === s.target;
        const p = s.probs ? s.probs[s.prediction] : NaN;
        return h('li', {
          class: `rl-sample ${ok ? 'rl-sample--ok' : 'rl-sample--bad'}`,
          dataset: { tokens: Array.from(s.tokens).join(' '), target: s.target, prediction: s.prediction, probs: Array.from(s.probs || []).join(' ') },
        },
        h('div', { class: 'rl-tokens', 'aria-label': `sequence ${i + 1}: ${Array.from(s.tokens).join(' ')}` }, tokenChips(s.tokens)),
        h('div', { class: 'rl-sample-result' },
          h('span', { class: 'rl-kv' }, 'target ', h('b', { text: String(s.target) })),
          h('span', { class: 'rl-kv' }, 'predicted ', h('b', { text: String(s.prediction) }), ` (${formatPercent(p)})`),
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
