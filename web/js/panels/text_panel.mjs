// text_panel.mjs — "The model writes": for the task "Your own text" (a
// character-level language model), a text the current model generates,
// refreshed while it trains, at a temperature and after a prime the reader
// chooses. Every generated character is the engine's: the worker's `sample`
// request runs the JS API's sample() on the trainer's current state
// (worker-protocol.md). Beside it, the per-character loss against the
// engine's unigram entropy of the text, what the text is, and that the
// URL cannot hold a pasted text.
// Refreshes: after each step while paused, on every change of temperature
// or prime, on "New sample" (the next seed), and while training at most
// once a second (and no more than 1/20 of the time: 20 x what the last one
// cost). The same seed is kept between refreshes, so a change in the text
// is a change in the model.
// Deliberately not: generating or judging text (the engine's sample(); the
// loss is the engine's), nor the text input (controls.mjs).
import { h, setAttr, setText } from '../dom.mjs';
import { formatCount, formatNumber } from '../format.mjs';
import { corpusInfo } from '../corpora.mjs';
import { panelElement } from './panel.mjs';

export const SAMPLE_LENGTH = 240;      // characters generated per sample
export const DEFAULT_TEMPERATURE = 0.7;
const LIVE_MS = 1000;                  // while training: at most one sample a second …
const LIVE_SHARE = 20;                 // … and at most 1/20 of the time
const INPUT_MS = 250;                  // temperature and prime apply this long after the last keystroke

/** The sentence on the loss (pure: tested in Node). */
export function textLossSummary(latest, config) {
  if (!config || config.task !== 'text') return '';
  const H = Number.isFinite(config.textEntropy) ? formatNumber(config.textEntropy, 3) : '—';
  const entropy = `the text's unigram entropy is ${H} nats: the best a model can do that ignores every earlier character`;
  if (!latest) return `Loss per character: not trained yet; ${entropy}.`;
  return `Loss per character at step ${formatCount(latest.step)}: ${formatNumber(latest.loss, 3)} nats (mean over the batch's T steps); ${entropy}.`;
}

/** What the model is trained on (pure). */
export function textSourceSummary(config) {
  if (!config || config.task !== 'text') return '';
  const c = config.corpus ? corpusInfo(config.corpus) : null;
  const what = c ? `the shipped text “${c.title}” (corpus=${c.name})` : 'your own text';
  const n = Number.isFinite(config.textChars) ? `: ${formatCount(config.textChars)} characters, ${formatCount(config.vocabSize)} distinct` : '';
  return `Trained on ${what}${n}, in windows of T = ${config.T} characters.`;
}

export default {
  key: 'text',
  title: 'The model writes',
  explainer: 'A character-level language model (the task “Your own text”) reads T characters and predicts the next one at every step. Here it writes: the engine feeds it the prime, then draws each next character from softmax(logits / temperature) and feeds it back. Temperature 0 takes the most likely character every time; higher is bolder. Refreshed while it trains, with the same random draws, so what changes is the model.',
  view: 'for the text task: a text the model writes, at a chosen temperature and prime, refreshed while training',
  create(ctx) {
    const offNote = h('p', { class: 'rl-note rl-text-off',
      text: 'Choose the task “Your own text” (Settings, Data) to train a language model on a text and watch it write.' });
    const source = h('p', { class: 'rl-note rl-text-source-line', 'data-testid': 'text-source' });
    const urlNote = h('p', { class: 'rl-note rl-text-url-note', 'data-testid': 'text-url-note',
      text: 'An address cannot hold a long text: a link (or an embed) keeps every setting and can name a shipped text (corpus=…), but never a pasted or opened text. Yours stays only in this page.' });
    const tempInput = h('input', { type: 'number', min: '0', max: '100', step: '0.1', value: String(DEFAULT_TEMPERATURE),
      inputmode: 'decimal', class: 'rl-sample-temperature', 'data-testid': 'sample-temperature', 'aria-label': 'Temperature' });
    const primeInput = h('input', { type: 'text', class: 'rl-sample-prime', 'data-testid': 'sample-prime', spellcheck: 'false',
      autocomplete: 'off', placeholder: '(none)', 'aria-label': 'Prime: text fed to the model before it writes' });
    const newBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'sample-new', text: 'New sample' });
    const tempLabel = h('label', { class: 'rl-sample-field' }, h('span', { text: 'Temperature' }), tempInput);
    const primeLabel = h('label', { class: 'rl-sample-field rl-sample-field--prime' }, h('span', { text: 'Prime' }), primeInput);
    const bar = h('div', { class: 'rl-sample-bar' }, tempLabel, primeLabel, newBtn);
    const primeEl = h('span', { class: 'rl-sample-prime-text' });
    const genEl = h('span', { class: 'rl-sample-generated', 'data-testid': 'text-sample-generated' });
    const out = h('pre', { class: 'rl-text-sample', 'data-testid': 'text-sample', 'data-state': 'idle', 'data-step': '',
      'data-temperature': '', 'data-prime': '', 'data-seed': '', 'data-length': '', 'aria-live': 'off' }, primeEl, genEl);
    const status = h('p', { class: 'rl-note rl-text-sample-status', 'data-testid': 'text-sample-status' });
    const error = h('p', { class: 'rl-text-sample-error', 'data-testid': 'sample-error', role: 'alert', hidden: true });
    const loss = h('p', { class: 'rl-summary rl-text-loss', 'data-testid': 'text-loss' });
    const on = h('div', { class: 'rl-text-on', hidden: true }, source, bar, out, status, error, loss, urlNote);
    const element = panelElement(this, [offNote, on]);

    let config = null;
    let seed = 1;
    let pending = false;     // a request is out
    let again = false;       // asked for another while one was out
    let lastAt = -Infinity;  // when the latest request was sent
    let lastMs = 0;          // what the latest one cost the worker
    let inputTimer = 0;
    let latestStep = 0;
    let runningNow = false;
    let gen = 0;             // a new run drops the replies of the previous one

    const isText = () => !!config && config.task === 'text';

    function showError(message) {
      error.hidden = !message;
      setText(error, message || '');
    }

    /** Asks the worker for a sample with the current options (one at a time; the latest wish wins). */
    function refresh() {
      if (!isText()) return;
      if (pending) {
        again = true;
        return;
      }
      const temperature = tempInput.value.trim() === '' ? NaN : Number(tempInput.value);
      if (!Number.isFinite(temperature)) {
        tempInput.setAttribute('aria-invalid', 'true');
        showError(`temperature must be a number (got "${tempInput.value}")`);
        return;
      }
      const options = { prime: primeInput.value, length: SAMPLE_LENGTH, temperature, seed };
      const mine = gen;
      pending = true;
      lastAt = performance.now();
      setAttr(out, 'data-state', 'waiting');
      ctx.sample(options).then((r) => {
        if (mine !== gen || !r) return;
        lastMs = r.ms || 0;
        tempInput.removeAttribute('aria-invalid');
        primeInput.removeAttribute('aria-invalid');
        showError(null);
        setText(primeEl, r.prime);
        setText(genEl, r.text);
        setAttr(out, 'data-state', 'done');
        setAttr(out, 'data-step', r.step);
        setAttr(out, 'data-temperature', r.temperature);
        setAttr(out, 'data-prime', r.prime);
        setAttr(out, 'data-seed', r.seed);
        setAttr(out, 'data-length', r.text.length);
        const prime = r.prime ? `after the prime “${r.prime}” (shown grey) ` : '';
        setText(status, `Written by the model at step ${formatCount(r.step)}, ${prime}at temperature ${r.temperature} (seed ${r.seed}): `
          + `${formatCount(r.text.length)} characters, each drawn by the engine from softmax(logits / ${r.temperature}).`);
      }, (e) => {
        if (mine !== gen) return;
        // The engine's message (a prime character outside the vocab, a temperature out of range): the last sample stays.
        setAttr(out, 'data-state', 'error');
        showError(e.message);
        if (/prime/.test(e.message)) primeInput.setAttribute('aria-invalid', 'true');
        if (/temperature/.test(e.message)) tempInput.setAttribute('aria-invalid', 'true');
      }).finally(() => {
        if (mine !== gen) return;
        pending = false;
        if (again) {
          again = false;
          refresh();
        }
      });
    }

    function soon() {
      clearTimeout(inputTimer);
      inputTimer = setTimeout(refresh, INPUT_MS);
    }
    tempInput.addEventListener('input', soon);
    primeInput.addEventListener('input', soon);
    newBtn.addEventListener('click', () => {
      seed += 1;
      refresh();
    });

    return {
      element,
      // Shown only for a text model (lab_view.mjs hides it for the other tasks).
      applies: (c) => c.task === 'text',
      reset(next) {
        config = next;
        gen += 1;
        pending = false;
        again = false;
        lastAt = -Infinity;
        latestStep = 0;
        clearTimeout(inputTimer);
        const text = isText();
        offNote.hidden = text;
        on.hidden = !text;
        setText(primeEl, '');
        setText(genEl, '');
        for (const a of ['data-step', 'data-temperature', 'data-prime', 'data-seed', 'data-length']) setAttr(out, a, '');
        setAttr(out, 'data-state', 'idle');
        setText(status, text ? 'The untrained model writes first; press Train and watch it learn.' : '');
        showError(null);
        setText(source, textSourceSummary(config));
        setText(loss, textLossSummary(null, config));
        setAttr(loss, 'data-entropy', text && Number.isFinite(config.textEntropy) ? config.textEntropy : '');
        setAttr(loss, 'data-loss', '');
        if (text) refresh();  // step 0: what the untrained model writes
      },
      render(latest, history, o = {}) {
        if (!isText()) return;
        if (o.calm) {
          setText(loss, textLossSummary(latest, config));
          setAttr(loss, 'data-loss', latest.loss);
        }
        if (o.past) return;  // the samples are the current weights', not a past step's
        latestStep = latest.step;
        const wait = Math.max(LIVE_MS, LIVE_SHARE * lastMs);
        if (runningNow && performance.now() - lastAt >= wait) refresh();
      },
      running() {
        runningNow = true;
      },
      idle(latest) {
        runningNow = false;
        if (latest && latest.step !== latestStep) latestStep = latest.step;
        refresh();
      },
      exports() {
        return [];
      },
      destroy() {
        clearTimeout(inputTimer);
        gen += 1;
      },
    };
  },
};
