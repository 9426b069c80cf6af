// presets.mjs — the guided experiments: named settings that make one idea of
// the course notes visible, each with a two-sentence explanation of what to
// look at, a page URL (hash keys, docs/page.md; compare mode for the
// two-lab ones) and an embed snippet of <rnn-lab> elements (with `view`
// and `heading`).
// The sentences state what this engine shows with these exact settings
// (seeded, so every student sees the same run), in words that stay true
// while the widget runs: no figure that training changes a moment later
// (the live numbers are in the panels' own sentences, from the engine).
// The parameter counts they quote are checked against the engine by
// tests/node/presets.test.mjs.
// Deliberately not: any rendering (presets_view.mjs) or URL parsing (url_state.mjs).
import { URL_KEYS, serializeUrlState } from './url_state.mjs';

// Where learning matters: binary palindromes of length T = 16, seed 1. The
// LSTM and the GRU learn it within a few hundred steps; the vanilla RNN stays at chance.
const PALINDROME_16 = { task: 'binary_palindrome', T: 16, seed: 1 };

export const PRESETS = Object.freeze([
  {
    id: 'vanishing',
    label: 'Vanishing gradient (RNN)',
    title: 'Vanishing gradients in a vanilla RNN',
    a: { cell: 'rnn', ...PALINDROME_16 },
    view: 'controls,grad,loss',
    text: 'Press Train and read the gradient-flow chart and the sentence under it, which quotes the engine: ‖∂L/∂h(t)‖ is largest at t = T and orders of magnitude smaller at t = 1, because each step back multiplies it by the Jacobian ∂h(j)/∂h(j−1) = diag(1 − h(j)²) W_hh, the product inside every term of the notes\' sum for ∂L(T)/∂W_hh. The first bit, which decides the answer, gets almost no gradient, so at T = 16 the accuracy stays near chance (50%); set T = 5 and the same RNN learns in a few hundred steps.',
  },
  {
    id: 'cell-state',
    label: 'LSTM cell state',
    title: 'The LSTM\'s cell state carries the gradient',
    a: { cell: 'lstm', ...PALINDROME_16 },
    view: 'controls,grad,gates,loss',
    text: 'The same task and length for an LSTM. Its cell state adds a path back through time, ∂c(t)/∂c(t−1) = f(t), with no weight matrix and no tanh′ in it. At first the gradient reaching t = 1 is small here too; within a few hundred steps the LSTM learns to use that path and the accuracy jumps from 50% to 100%, where the vanilla RNN stays near chance. Once the task is learnt, the loss and with it every gradient shrink: read the verdict under the chart as it changes.',
  },
  {
    // The moment an LSTM learns, watched at the page's pace (30 steps/s), paused
    // in the middle of the rise (runTo: the page fills in "Run to step"), then
    // looked back at with the history. Seed 10: every figure below is that
    // seeded run's (tests/node/web/presets.test.mjs checks them with the engine).
    id: 'lstm-learns',
    label: 'The moment an LSTM learns',
    title: 'The moment an LSTM learns: pause at the rise, then look back',
    a: { cell: 'lstm', task: 'binary_palindrome', T: 16, seed: 10 },
    runTo: 140,
    view: 'controls,grad,heatmap,state,loss',
    text: 'An LSTM with seed 10 on binary palindromes of length 16. Press Run beside "Run to step" (140 is filled in) and watch at 30 steps per second: for its first 110 steps the accuracy stays near chance (50%) and the verdict under the gradient chart is "vanishes" at every step, with ‖∂L/∂h(1)‖ below 10⁻⁴, so the first bit, which decides the answer, hardly moves the weights. From step 115 the gradient reaching t = 1 grows by four orders of magnitude and the accuracy climbs; the lab pauses at step 140, in the middle of the rise, where 88% of the batch is right and the verdict is "grows". Now drag the history slider back to step 100 (or click an early row of the gradient heat map): every panel shows that step, and in "Inside the state" (batch mean) no unit\'s c(t) averages more than 0.2 in size over t, where at step 140 a few average about 1. Press Live, then Train: from step 147 on every batch is right, and the loss and the gradients shrink.',
  },
  {
    id: 'exploding',
    label: 'Exploding gradient & clipping',
    title: 'Exploding gradients, and what clipping does',
    // lr 1.5: lab A's loss leaves chance at once and the engine's divergence
    // rule pauses it (step 79 with seed 1); lab B, clipped at 0.1, trains on
    // near chance (tests/node/web/exploding_preset.test.mjs runs both).
    a: { cell: 'rnn', ...PALINDROME_16, init: 'orthogonal', gain: 3, optimizer: 'sgd', lr: 1.5, clip: 0 },
    b: { clip: 0.1 },
    headings: ['A: no clipping (clip 0)', 'B: clipping (clip 0.1)'],
    view: 'controls,grad,loss',
    text: 'Both RNNs start from an orthogonal W_hh times 3, so each step back can multiply the gradient by up to 3: at step 1 ‖∂L/∂h(1)‖ is more than a hundred times ‖∂L/∂h(T)‖ and the whole gradient is large, which the engine calls exploding. Lab A takes plain SGD steps of lr 1.5 times that gradient (clip 0): they are so large that its loss climbs far above chance (0.69) and stays there, and before step 100 the engine pauses it with a message naming the numbers (the loss stayed above 3 times its start for 50 steps in a row). Lab B rescales every gradient to norm ≤ 0.1 (clip 0.1) before the same step, keeping its direction: its steps stay small, its loss stays near chance or below, and it trains on.',
  },
  {
    id: 'gru-vs-lstm',
    label: 'GRU vs LSTM',
    title: 'GRU vs LSTM',
    a: { cell: 'gru', ...PALINDROME_16 },
    b: { cell: 'lstm' },
    headings: ['GRU', 'LSTM'],
    view: 'controls,grad,loss,params',
    text: 'The GRU has no separate cell state: its update gate z mixes h(t) = (1 − z) n + z h(t−1), so ∂h(t)/∂h(t−1) contains z itself, a path like the LSTM\'s forget gate, with three blocks of weights where the LSTM has four (compare the two parameter counts). On this task both leave chance within a few hundred steps, and the two gradient-flow charts share one log scale so their heights compare directly.',
  },
  {
    id: 'jacobian-gain',
    label: 'Drag the gain through 1',
    title: 'The product of Jacobians: drag the gain through 1',
    a: { cell: 'rnn', task: 'binary_palindrome', T: 20, seed: 1 },
    view: 'controls,jacobian,grad',
    text: 'Press Step once, then drag the what-if gain under the Jacobian chart: it multiplies W_hh of the current RNN by the gain on a copy (gain 1 is the model itself, which the slider never changes), and the branch\'s σ_max(W_hh) is shown beside the slider as it passes through 1. With σ_max below 1 every factor ∂h(t)/∂h(t−1) = diag(1 − h(t)²) W_hh stays under its dashed bound, below the line at 1, so the red product ‖∂h(T)/∂h(i)‖ falls toward early i and the gradient vanishes, whatever the weights. Above 1 the bound no longer forces that: near the start of training, drag σ_max to 3 or more and the red curve tilts the other way, climbing toward early i (exploding); tanh′ = 1 − h² ≤ 1 can pull the factors back down, and after some training it does so over a wide range of gains. Hover over a step to see term(i)\'s three factors, their product and the true norm below it.',
  },
  {
    // The task "Your own text" on the shipped tiny grammar (corpora.mjs); the
    // page and the embed take the text from the URL key / attribute corpus.
    id: 'language-model',
    label: 'A language model',
    title: 'A character-level language model learns a tiny grammar',
    a: { cell: 'lstm', task: 'text', corpus: 'grammar', hidden: 64, seed: 1 },
    view: 'settings,controls,text,grad,loss',
    text: 'An LSTM with N_h = 64 learns to predict the next character of a tiny grammar the page ships ("the heron sees 3 otters."). Press Train and read "The model writes", where the engine samples from the current model: at step 0 it strings random characters of the text together, and within a few hundred steps it writes whole sentences, mostly with "an" before a vowel and the noun singular after 1 and plural after 2 to 9, rules it was never told. The caption over the gradient chart says why its gradient does not vanish toward t = 1: every step has a loss of its own. Set the temperature to 0 for its single most likely text (which often repeats itself) or above 1 to watch it guess, or paste your own text under Settings, Data.',
  },
  {
    id: 'param-count',
    label: 'Parameter count',
    title: 'The parameter-count formula as sizes change',
    a: { cell: 'lstm', task: 'palindrome', hidden: 16, embed: 4 },
    view: 'settings,params',
    text: 'The count is read off the engine\'s own tensors and checked against the formula 4 (N_h N_in + N_h² + N_h) + N_out N_h + N_out, with one bias per gate and the output layer outside the factor 4, plus the V·E embedding table; here N_in = E = 4 and N_out = 10 digits, 1 554 parameters. Double N_h to 32 and the count grows to 5 106 (× 3.3, tending to × 4 as the N_h² recurrent terms take over); switch the cell to see the factor 1 (RNN), 3 (GRU, plus its extra N_h bias) and the peephole LSTM\'s 3 N_h².',
  },
]);

/** The two labs' settings of a preset: {a, b} (b null for one lab; b inherits a's keys). */
export function presetConfigs(preset) {
  return { a: { ...preset.a }, b: preset.b ? { ...preset.a, ...preset.b } : null };
}

/** The page hash of a preset, e.g. "#cell=rnn&task=binary_palindrome&T=16&seed=1". */
export function presetHash(preset) {
  return serializeUrlState(presetConfigs(preset));
}

/** The full-page URL of a preset, relative to `base` (the page's own URL by default). */
export function presetUrl(preset, base = globalThis.location ? globalThis.location.href : 'index.html') {
  const u = new URL('index.html', base);
  u.hash = presetHash(preset).slice(1);
  return u.href;
}

function attrs(config) {
  return URL_KEYS.filter((k) => config[k] !== undefined).map((k) => `${k}="${config[k]}"`).join(' ');
}

/**
 * The embed snippet: the script tag and one <rnn-lab> per lab.
 * scriptSrc: where rnnlab-embed.js lives, as the host page will reach it.
 */
export function embedSnippet(preset, scriptSrc = 'rnnlab-embed.js') {
  const { a, b } = presetConfigs(preset);
  const lines = [`<script src="${scriptSrc}"></script>`];
  (b ? [a, b] : [a]).forEach((c, i) => {
    const heading = preset.headings ? preset.headings[i] : preset.title;
    lines.push(`<rnn-lab ${attrs(c)} view="${preset.view}" heading="${heading.replace(/"/g, '&quot;')}"></rnn-lab>`);
  });
  return lines.join('\n');
}

/**
 * The preset a parsed URL state (url_state.mjs parseUrlState) shows: every
 * key the preset sets has its value in the URL (the page writes every key
 * back, so the URL holds more than the preset). Null if none.
 */
export function matchPreset(state) {
  const within = (want, have) => !!have && Object.keys(want).every((k) => String(want[k]) === String(have[k]));
  return PRESETS.find((p) => {
    const c = presetConfigs(p);
    return within(c.a, state.a) && (c.b ? state.compare && within(c.b, state.b) : !state.compare);
  }) || null;
}
