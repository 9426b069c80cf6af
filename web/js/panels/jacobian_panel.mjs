// jacobian_panel.mjs — the product of Jacobians inside every term of the
// notes' BPTT sum, step by step (charts/jacobian_chart.mjs):
// ||ds(t)/ds(t-1)||, ||ds(T)/ds(i)|| and ||dL/dh(t)|| on one log scale with
// a line at 1, sigma_max(W_hh) and, for the vanilla RNN, the bound
// max_k(1 - h_k^2) sigma_max on each step. Beside it:
// - a what-if gain slider: the worker's engine scales W_hh of the current
//   model by the gain on a copy (protocol.mjs `whatIf`) and the chart shows
//   that branch on the same batch, with its sigma_max;
// - Q1.1 (a) beside (b): dL/dW_ph is one term, from h(T); dL/dW_hh the sum
//   over i (both norms are the engine's gradNorms);
// - term(i)'s factors for the step under the pointer (this chart or the
//   BPTT-terms chart, panels/focus.mjs), from the engine's termFactors.
// Where the numbers come from: every chart and sentence shows one engine
// call, the worker's `whatIf` branch at the slider's gain (at gain 1 the
// model itself: the same weights, the latest step's batch), which computes
// the Jacobians. The training config does NOT carry `jacobians: true`: the
// engine's Jacobians (3T singular value decompositions of S x S per
// reported step) would slow training 25-30x (LSTM N_h = 32: 140 ms instead of
// 5 ms a chunk). Instead the panel asks for a branch after every step while
// paused or stepping, and at most once a second while training (not at all
// while training when one costs 400 ms or more). `requests` asks the engine's
// check whether it computes Jacobians for the config (a state of at most 512
// numbers) and keeps its reason when not.
// Deliberately not: any number the engine gives (norms, bounds, sigma_max,
// products); this file only quotes and places them.
import { createJacobianChart } from '../charts/jacobian_chart.mjs';
import { h, setAttr, setText, uid } from '../dom.mjs';
import { formatExp, formatNumber } from '../format.mjs';
import { focusOf } from './focus.mjs';
import { panelElement, setEmpty, stackNote } from './panel.mjs';

// Where the text calls the forget gate's time average "close to 1".
const FORGET_NEAR_ONE = 0.9;

// The head's weight (the notes' W_ph): its name in every cell's state (state-format.md).
export const HEAD_TENSOR = 'head.weight';

// The slider: gain = 2^v, v from -GAIN_OCTAVES to +GAIN_OCTAVES in steps of GAIN_STEP.
export const GAIN_OCTAVES = 4;
export const GAIN_STEP = 0.05;

// While training the panel follows the model with a new branch at most every
// LIVE_MS, and not at all when one takes LIVE_MAX_MS or more (then on pause).
const LIVE_MS = 1000;
const LIVE_MAX_MS = 400;

/** The gain a slider position means: 2^v (exactly 1 at 0). */
export function gainOf(v) {
  const x = Number(v);
  return x === 0 ? 1 : 2 ** x;
}

const num = (x) => formatNumber(x, 3);
const big = (x) => (Number.isFinite(x) && (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3)) ? formatExp(x, 2) : num(x));

/**
 * The panel's `requests` (panel.mjs): no config keys (the Jacobians come from
 * what-if branches, see the header), but the engine's reason when it would
 * not compute Jacobians for this config (then the panel says so).
 * @param {object} config the URL keys to be sent
 * @param {(c: object) => Promise<{errors: {key, message}[]}>} check the engine's checkConfig
 */
export async function jacobianRequests(config, check) {
  const withJ = await check({ ...config, jacobians: true });
  if (!withJ.errors.length) return { keys: {}, note: null };
  const without = await check(config);
  const known = new Set(without.errors.map((e) => e.message));
  const why = withJ.errors.map((e) => e.message).filter((m) => !known.has(m));
  return { keys: {}, note: why.length ? `No Jacobians for these settings: ${why.join(' ')}.`.replace(/\.\.$/, '.') : null };
}

/**
 * The sentence under the chart (pure: tested in Node).
 * @param {object} d diagnostics (the model's or a branch's)
 * @param {object} o {step, gain, cell}
 */
export function jacobianSummary(d, { step, gain = 1, cell } = {}) {
  if (!d || !d.jacobianToTNorms || !d.jacobianToTNorms.length) return '';
  const T = d.jacobianToTNorms.length;
  const s = cell ? cell.stateSymbol : 's';
  const W = cell ? cell.recurrentSymbol.replace(/[{}]/g, '') : 'W_hh';
  const who = gain === 1 ? `Step ${step}` : `What if ${W} were ${num(gain)} × the model's (step ${step})`;
  const full = d.jacobianToTNorms[0];
  const last = d.jacobianNorms[T - 1];
  const side = full < 1 ? 'below 1: a gradient entering at T shrinks on its way back to t = 0'
    : full > 1 ? 'above 1: a gradient entering at T grows on its way back to t = 0' : 'exactly 1';
  let text = `${who}: σ_max(${W}) = ${num(d.recurrentSigmaMax)}. One step back, ‖∂s(T)/∂s(T−1)‖ = ${big(last)}; `
    + `all ${T} steps, ‖∂s(T)/∂s(0)‖ = ${big(full)}, ${side} (s = ${s}).`;
  if (d.jacobianBounds) {
    text += ` Each step's norm is at most its dashed bound max_k(1 − h_k(t)²) · σ_max(${W}) ≤ σ_max(${W}): `
      + (d.recurrentSigmaMax < 1 ? 'with σ_max below 1 every factor is below 1, so the product must vanish.'
        : 'with σ_max above 1 a factor can exceed 1, so the product can grow; tanh′ ≤ 1 can still pull it down.');
  }
  return text;
}

/**
 * Why the LSTM's c path keeps the product near 1 when f ≈ 1 (cells with a
 * cell state; pure). Quotes the engine's forget-gate time average and product.
 */
export function cellStateText(d, cell) {
  if (!cell || !cell.hasCellState || !d) return '';
  const f = d.gates && d.gates.f;
  const full = d.jacobianToTNorms && d.jacobianToTNorms.length
    ? ` The whole state's product, ‖∂s(T)/∂s(0)‖ = ${big(d.jacobianToTNorms[0])}, also counts the paths through h and the gates.` : '';
  let here = '';
  if (f && Number.isFinite(f.timeMean)) {
    here = ` Here the forget gate averages f̄ = ${num(f.timeMean)} over the batch and the T steps: `
      + (f.timeMean >= FORGET_NEAR_ONE
        ? `close to 1, so the c path can carry the product back.${full}`
        : `well below 1, so along the c path alone the product shrinks by a factor f(t) at every step; training raises f where the task needs a memory.${full}`);
  }
  return `Along the cell state, ∂c(t)/∂c(t−1) = diag(f(t)) + (terms through the gates): no ${cell.recurrentSymbol.replace(/[{}]/g, '')} and no tanh′ multiply it directly. `
    + `With f ≈ 1 that block is close to the identity, so the product over T − i steps stays near 1 however far back i is, where each step of a vanilla RNN's product multiplies it by at most σ_max·max(1 − h²).${here}`;
}

/**
 * Q1.1 (a) beside (b) in words with the engine's two gradient norms (pure).
 * @returns {{a: string, b: string}}
 */
export function headVsRecurrent(d, cell) {
  if (!d || !d.gradNorms || !cell) return { a: '', b: '' };
  const W = cell.recurrentSymbol.replace(/[{}]/g, '');
  const head = d.gradNorms[HEAD_TENSOR];
  const tensor = d.recurrentTensor || cell.recurrentTensor;  // with a stack, the top layer's
  const rec = d.gradNorms[tensor];
  const T = d.dhNorms ? d.dhNorms.length : 0;
  return {
    a: head === undefined ? '' : `(a) ∂L/∂W_ph is one term, from h(T) alone: W_ph is used only in p(T) = W_ph h(T), so no sum over earlier steps appears. ‖∂L/∂W_ph‖ = ${big(head)} (${HEAD_TENSOR}).`,
    b: rec === undefined ? '' : `(b) ∂L/∂${W} is the sum over i of term(i) (the BPTT-terms bars): ${W} is used at every step, so ${T} terms, each carrying the product ∂s(T)/∂s(i) charted here. ‖∂L/∂${W}‖ = ${big(rec)} (${tensor}).`,
  };
}

/**
 * term(i)'s factors (vanilla RNN; pure): the engine's termFactors at step i
 * (1..T) and ‖∂h(T)/∂h(i)‖ (jacobianToTNorms[i]; the empty product at i = T is 1).
 * @returns {null | {i, T, dLdhT, product, partial, bound, norm}}
 */
export function termFactorsAt(d, i) {
  const f = d && d.termFactors;
  if (!f || !Number.isInteger(i)) return null;
  const T = f.bounds.length;
  if (i < 1 || i > T) return null;
  return {
    i, T,
    dLdhT: f.dLdhT,
    product: i === T ? 1 : d.jacobianToTNorms[i],
    partial: f.partialNorms[i - 1],
    bound: f.bounds[i - 1],
    norm: f.norms[i - 1],
  };
}

// The notes' Q1.1 (a) and term(i), typeset once.
const LATEX_A = String.raw`\frac{\partial \mathcal{L}^{(T)}}{\partial W_{ph}} = \frac{\partial \mathcal{L}^{(T)}}{\partial p^{(T)}}\,\frac{\partial p^{(T)}}{\partial W_{ph}}`;
const latexB = (sym) => String.raw`\frac{\partial \mathcal{L}^{(T)}}{\partial ${sym}} = \sum_{i=1}^{T} \mathrm{term}(i)`;
const LATEX_TERM = String.raw`\lVert \mathrm{term}(i) \rVert \le \Big\lVert \frac{\partial \mathcal{L}}{\partial h^{(T)}} \Big\rVert \, \Big\lVert \prod_{j=i+1}^{T} \frac{\partial h^{(j)}}{\partial h^{(j-1)}} \Big\rVert \, \Big\lVert \frac{\partial^{+} h^{(i)}}{\partial W_{hh}} \Big\rVert`;

export default {
  key: 'jacobian',
  title: 'The product of Jacobians: vanishing or exploding',
  explainer: 'Every term of the BPTT sum carries the product ∂s(T)/∂s(i) of one Jacobian ∂s(t)/∂s(t−1) per step back (s is the cell\'s recurrent state). Its norm (red) falls toward early i when the steps\' norms (orange) sit below the line at 1 and rises when they sit above; ‖∂L/∂h(t)‖ (blue) follows it. For the vanilla RNN, σ_max(W_hh) < 1 forces every step below 1. Drag the gain to rescale W_hh of the current model on a copy and watch the curve tilt.',
  view: 'the product of Jacobians ‖∂s(T)/∂s(i)‖, σ_max(W_hh), a what-if gain slider and term(i)\'s factors',
  requests: jacobianRequests,
  create(ctx) {
    const focus = focusOf(ctx);
    const box = h('div', { class: 'rl-chart', 'data-testid': 'jacobian-chart', 'data-points': '0',
      'data-product-first': '', 'data-product-last': '', 'data-sigma': '', 'data-gain': '1', 'data-source': 'model', 'data-step': '' });
    const chart = createJacobianChart(box, { onStep: (i) => focus.set(i, 'jacobian') });
    const summary = h('p', { class: 'rl-summary' });
    const cellNote = h('p', { class: 'rl-note' });
    const emptyNote = h('p', { class: 'rl-note rl-note--why', hidden: true });
    const pastNote = h('p', { class: 'rl-note', hidden: true });

    // The what-if gain slider.
    const sliderId = uid('rl-gain');
    const slider = h('input', { type: 'range', id: sliderId, class: 'rl-gain-slider', 'data-testid': 'gain-slider',
      min: String(-GAIN_OCTAVES), max: String(GAIN_OCTAVES), step: String(GAIN_STEP), value: '0',
      'aria-describedby': `${sliderId}-help` });
    const gainOut = h('output', { class: 'rl-gain-value', for: sliderId, text: '× 1' });
    const sigmaOut = h('output', { class: 'rl-gain-sigma', 'data-testid': 'gain-sigma', 'data-value': '', 'data-gain': '1', text: '—' });
    const lossOut = h('span', { class: 'rl-note rl-gain-loss' });
    const back = h('button', { type: 'button', class: 'rl-btn rl-btn--small', text: 'Back to the model (× 1)' });
    const whatIfNote = h('p', { class: 'rl-note', id: `${sliderId}-help`,
      text: 'Gain 1 is the trained model itself. Any other gain is a branch: W_hh × gain on a copy, forward and backward on the batch of the latest step; nothing is trained.' });
    const whatIf = h('div', { class: 'rl-whatif', role: 'group', 'aria-label': 'What if the recurrent weights were scaled' },
      h('div', { class: 'rl-whatif-row' },
        h('label', { for: sliderId, class: 'rl-whatif-label', text: 'What-if gain on W_hh' }), slider, gainOut),
      h('div', { class: 'rl-whatif-row' },
        h('span', { class: 'rl-note', text: 'branch σ_max:' }), sigmaOut, lossOut, back),
      whatIfNote);

    // Q1.1 (a) beside (b).
    const eqA = h('div', { class: 'rl-equation' });
    const textA = h('p', { class: 'rl-note' });
    const textB = h('p', { class: 'rl-note' });
    const eqB = h('div', { class: 'rl-equation' });
    const q11 = h('div', { class: 'rl-q11' },
      h('div', { class: 'rl-q11-part' }, eqA, textA),
      h('div', { class: 'rl-q11-part' }, eqB, textB));

    // term(i)'s factors.
    const eqTerm = h('div', { class: 'rl-equation' });
    const stepId = uid('rl-term-step');
    const stepInput = h('input', { type: 'range', id: stepId, class: 'rl-term-step', min: '1', max: '1', step: '1', value: '1' });
    const stepOut = h('output', { for: stepId, text: '' });
    const factors = h('dl', { class: 'rl-factors' });
    const why = h('p', { class: 'rl-note',
      text: 'Why an upper bound: the operator norm is submultiplicative, ‖AB‖ ≤ ‖A‖ ‖B‖, so the norm of a product is at most the product of the norms; the gap is how far the factors\' directions are from lining up.' });
    const termBox = h('div', { class: 'rl-terms', 'data-testid': 'term-factors', 'data-step': '', 'data-bound': '',
      'data-norm': '', 'data-dldht': '', 'data-product': '', 'data-partial': '' },
      h('p', { class: 'rl-note', text: 'Hover over or tap a step on this chart or on the BPTT-terms chart (or move this slider) for that term\'s factors.' }),
      h('div', { class: 'rl-whatif-row' }, h('label', { for: stepId, text: 'term(i), i =' }), stepInput, stepOut),
      eqTerm, factors, why);
    const otherCell = h('p', { class: 'rl-note', hidden: true,
      text: 'The factor breakdown of term(i) is given for the notes\' vanilla RNN (cell rnn): its state is h alone and ∂⁺h(i)/∂W_hh = diag(1 − h(i)²) ⊗ h(i−1)ᵀ. The chart above holds for this cell too.' });

    const stack = stackNote((L) => `With ${L} layers stacked, s(t) is every layer's state stacked (layer 0 first), so ∂s(t)/∂s(t−1) and the product are the whole stack's; σ_max(W_hh), ‖∂L/∂h(t)‖ and the forget gate are the top layer's (layer ${L - 1}), and the what-if gain scales every layer's recurrent weights.`);
    const element = panelElement(this, [stack.element, box, pastNote, summary, cellNote, emptyNote, whatIf, q11, termBox, otherCell]);
    eqA.innerHTML = ctx.tex(LATEX_A);
    eqTerm.innerHTML = ctx.tex(LATEX_TERM);

    let cell = null;
    let latest = null;       // the model's latest metrics
    let branch = null;       // the latest what-if reply {gain, loss, diagnostics} and `at`: the model's step it branched from
    let wanted = 1;          // the slider's gain
    let inFlight = false;
    let runToken = 0;
    let available = true;    // the engine computes Jacobians for this run

    let idleNow = true;      // paused or stepping (not training)
    let lastMs = 0;          // what the latest branch cost the engine (the worker's `ms`; request to reply without it)
    let lastDone = 0;
    // The latest branch: at gain 1 the model itself, through the same engine call (see whatIfDue).
    const shown = () => branch;
    const due = () => !!latest && (!branch || branch.gain !== wanted || branch.at !== latest.step);

    function factorRow(label, value, key) {
      return [h('dt', { text: label }), h('dd', { text: value, 'data-key': key })];
    }

    function renderTerm() {
      const src = shown();
      const d = src ? src.diagnostics : null;
      const T = d && d.dhNorms ? d.dhNorms.length : 0;
      if (T) {
        setAttr(stepInput, 'max', T);
        if (focus.step === null) stepInput.value = String(T);
      }
      const i = focus.step === null ? T : Math.min(Math.max(focus.step, 1), T || 1);
      const f = termFactorsAt(d, i);
      setText(stepOut, T ? String(i) : '');
      for (const [k, v] of [['step', f ? i : ''], ['bound', f ? f.bound : ''], ['norm', f ? f.norm : ''],
        ['dldht', f ? f.dLdhT : ''], ['product', f ? f.product : ''], ['partial', f ? f.partial : '']]) setAttr(termBox, `data-${k}`, v);
      if (!f) {
        factors.replaceChildren();
        return;
      }
      factors.replaceChildren(
        ...factorRow('‖∂L/∂h(T)‖', big(f.dLdhT), 'dldht'),
        ...factorRow(i === f.T ? '‖∏J‖ (empty product at i = T)' : `‖∏J‖ = ‖∂h(T)/∂h(${i})‖`, big(f.product), 'product'),
        ...factorRow(`‖∂⁺h(${i})/∂W_hh‖`, big(f.partial), 'partial'),
        ...factorRow('their product (the bound)', big(f.bound), 'bound'),
        ...factorRow(`the true ‖term(${i})‖`, big(f.norm), 'norm'),
      );
    }

    function draw(calm) {
      const src = shown();
      const d = src ? src.diagnostics : null;
      const hasJ = !!(d && d.jacobianNorms && d.jacobianNorms.length);
      setEmpty([box], !hasJ);
      if (!available) setAttr(box, 'data-empty', emptyNote.textContent);
      const T = chart.update(hasJ ? d : null);
      setAttr(box, 'data-points', T);
      setAttr(box, 'data-product-first', hasJ ? d.jacobianToTNorms[0] : '');
      setAttr(box, 'data-product-last', hasJ ? d.jacobianToTNorms[T - 1] : '');
      const gain = src ? src.gain : 1;
      // Before the first branch: the model's own sigma_max and gradient norms from its latest step.
      const own = latest && latest.diagnostics;
      const sigmaOf = (x) => (x && Number.isFinite(x.recurrentSigmaMax) ? x.recurrentSigmaMax : null);
      const sigma = src ? sigmaOf(d) : sigmaOf(own);
      setAttr(box, 'data-sigma', sigma === null ? '' : sigma);
      setAttr(box, 'data-gain', gain);
      setAttr(box, 'data-source', gain === 1 ? 'model' : 'whatif');
      setAttr(box, 'data-step', src ? src.at : '');
      setAttr(sigmaOut, 'data-value', sigma === null ? '' : sigma);
      setAttr(sigmaOut, 'data-gain', gain);
      setText(sigmaOut, sigma === null ? '—' : num(sigma));
      setText(lossOut, src && gain !== 1 ? `branch loss ${formatNumber(src.loss, 4)} (the model's: ${formatNumber(src.modelLoss, 4)})` : '');
      if (calm) {
        const step = src ? src.at : latest ? latest.step : 0;
        setText(summary, hasJ ? jacobianSummary(d, { step, gain, cell }) : '');
        setText(cellNote, hasJ ? cellStateText(d, cell) : '');
        const hv = headVsRecurrent(d || own, cell);
        setText(textA, hv.a);
        setText(textB, hv.b);
      }
      renderTerm();
    }

    // While training, a new branch at most every LIVE_MS (and 20 x its cost), and only for cheap ones.
    const liveOk = () => lastMs < LIVE_MAX_MS && performance.now() - lastDone >= Math.max(LIVE_MS, 20 * lastMs);

    async function ask() {
      if (inFlight || !available || !due()) return;
      inFlight = true;
      const token = runToken;
      const gain = wanted;
      const at = latest.step;
      const modelLoss = latest.loss;
      const t0 = performance.now();
      let r = null;
      try {
        r = await ctx.whatIf(gain);
        if (token !== runToken) return;
        if (r) branch = { ...r, at, modelLoss };
        setText(whatIfNote, whatIfNote.dataset.help);
      } catch (e) {
        if (token === runToken) setText(whatIfNote, `The what-if branch failed: ${e.message}`);
      } finally {
        if (token === runToken) {
          inFlight = false;
          lastDone = performance.now();
          // The engine's cost, not the wait: while training, a reply also queues behind
          // training chunks and step messages, which a loaded machine stretches past LIVE_MAX_MS.
          lastMs = r && Number.isFinite(r.ms) ? r.ms : lastDone - t0;
        }
      }
      if (token !== runToken) return;
      draw(true);
      if (due() && (idleNow || gain !== wanted)) ask();  // the slider moved, or a step came, meanwhile
    }

    function setGain(g) {
      wanted = g;
      setText(gainOut, `× ${num(g)}`);
      back.disabled = g === 1;
      ask();
    }

    whatIfNote.dataset.help = whatIfNote.textContent;
    slider.addEventListener('input', () => setGain(gainOf(slider.value)));
    back.addEventListener('click', () => {
      slider.value = '0';
      setGain(1);
    });
    back.disabled = true;
    stepInput.addEventListener('input', () => focus.set(Number(stepInput.value), 'input'));
    const unsubscribe = focus.subscribe((i, source) => {
      if (source !== 'input' && Number.isInteger(i) && i >= 1) stepInput.value = String(i);
      renderTerm();
    });

    return {
      element,
      alwaysRender: true,  // its data-points hook stays true in every view
      reset(config, info) {
        runToken += 1;
        inFlight = false;
        cell = info.cell;
        stack.reset(config);
        eqB.innerHTML = cell ? ctx.tex(latexB(cell.recurrentSymbol)) : '';
        latest = null;
        branch = null;
        wanted = 1;
        lastMs = 0;
        lastDone = 0;
        slider.value = '0';
        setText(gainOut, '× 1');
        back.disabled = true;
        const note = info.notes && info.notes.jacobian;
        available = !note;
        emptyNote.hidden = available;
        setText(emptyNote, available ? '' : (note || 'No Jacobians for these settings.'));
        slider.disabled = !available;
        whatIf.classList.toggle('rl-whatif--off', !available);
        const rnn = !!(cell && cell.name === 'rnn');
        termBox.hidden = !rnn;
        otherCell.hidden = rnn;
        focus.set(null);
        chart.clear(rnn);
        setEmpty([box], true);
        if (!available) setAttr(box, 'data-empty', emptyNote.textContent);
        setAttr(box, 'data-points', 0);
        for (const k of ['product-first', 'product-last', 'sigma']) setAttr(box, `data-${k}`, '');
        setAttr(box, 'data-gain', 1);
        setAttr(box, 'data-source', 'model');
        setAttr(box, 'data-step', '');
        setAttr(sigmaOut, 'data-value', '');
        setText(sigmaOut, '—');
        for (const el of [summary, cellNote, textA, textB, lossOut]) setText(el, '');
        pastNote.hidden = true;
        renderTerm();
      },
      render(next, history, o = {}) {
        // A step picked in the history: the engine keeps no earlier weights, so the branch stays the latest model's.
        pastNote.hidden = !o.past;
        if (o.past) {
          setText(pastNote, `The other panels show step ${o.past.step} from the history; these Jacobians are the model's at step ${branch ? branch.at : '—'} (the engine keeps no earlier weights to branch from).`);
          draw(!!o.calm);
          return;
        }
        latest = next;
        // Hidden by the view: its hooks stay true after each pause, but it costs the worker nothing while training.
        if (due() && (idleNow || (liveOk() && !element.hidden))) ask();
        draw(!!o.calm);
      },
      idle() {
        idleNow = true;
        ask();
      },
      running() {
        idleNow = false;
      },
      exports() {
        return [{ title: 'Jacobians ‖∂s(T)/∂s(i)‖, ‖∂s(t)/∂s(t−1)‖, ‖∂L/∂h(t)‖', canvas: chart.canvas }];
      },
      destroy() {
        runToken += 1;
        unsubscribe();
        chart.destroy();
      },
    };
  },
};
