// gradcheck_panel.mjs — the gradient check: on "Check gradients" the worker
// compares the engine's backward pass (BPTT, the analytic gradient) with
// central finite differences of the loss, in float64 on a copy of the
// current weights, one tensor at a time (worker_host.mjs; training waits
// meanwhile and goes on afterwards). Shown: the progress
// (data-testid="gradcheck-progress"), one bar per tensor with its largest
// relative error on a log scale and the tolerance line, a verdict per
// tensor, and the sentence saying why the tolerance is where it is
// (data-testid="gradcheck-result", data-max-rel-error).
// Deliberately not: differentiating anything (the numbers are the
// engine's trainer.gradcheck()); the only judgement is "below the stated
// tolerance or not".
import { h, setAttr, setText } from '../dom.mjs';
import { formatCount, formatExp, formatNumber } from '../format.mjs';
import { panelElement } from './panel.mjs';

/** A tensor passes when its largest relative error is below this. */
export const GRADCHECK_TOLERANCE = 1e-5;
/** Entries checked per tensor, spread evenly over it (0 would be all). */
export const GRADCHECK_MAX_PER_TENSOR = 200;
/** The engine's defaults (src/core/gradcheck.hpp), if a result does not say. */
const DEFAULT_EPS = 1e-5;
const DEFAULT_FLOOR = 1e-2;

/** The verdict on one tensor of a gradcheck result: {pass, text}. Pure. */
export function tensorVerdict(t, tolerance = GRADCHECK_TOLERANCE) {
  if (!t || !(t.checked > 0)) return { pass: false, text: 'no entries checked' };
  const e = t.maxRelError;
  if (!Number.isFinite(e)) return { pass: false, text: 'not finite: fails' };
  if (e < tolerance) return { pass: true, text: 'passes' };
  return { pass: false, text: `fails: ${formatNumber(e / tolerance, 2)} × the tolerance` };
}

/**
 * The powers of ten the bars span: from below the smallest error (at most
 * 10⁻¹², so the tolerance sits well inside) up to 1 (or the largest error). Pure.
 * @returns {{lo: number, hi: number}} exponents
 */
export function logDomain(errors, tolerance = GRADCHECK_TOLERANCE) {
  const logs = errors.filter((e) => Number.isFinite(e) && e > 0).map(Math.log10);
  const lo = Math.max(-18, Math.min(-12, Math.floor(Math.log10(tolerance)) - 7, ...logs.map((l) => Math.floor(l) - 1)));
  const hi = Math.min(6, Math.max(0, ...logs.map((l) => Math.ceil(l))));
  return { lo, hi };
}

/** Where x sits on the log axis of domain {lo, hi}, 0…1 (0 for zero, 1 for not finite). Pure. */
export function logPosition(x, { lo, hi }) {
  if (Number.isNaN(x) || x === Infinity) return 1;
  if (!(x > 0)) return 0;
  return Math.min(1, Math.max(0, (Math.log10(x) - lo) / (hi - lo)));
}

/** The sentence under the bars: what the tolerance is and why (eps and floor as the engine used them). Pure. */
export function toleranceText(eps = DEFAULT_EPS, floor = DEFAULT_FLOOR, tolerance = GRADCHECK_TOLERANCE) {
  const e = formatExp(eps, 1);
  return `Each checked entry k compares the engine's gradient a_k with the central difference n_k = (L(θ + ε e_k) − L(θ − ε e_k)) / 2ε, `
    + `ε = ${e}, computed in float64 on a copy of the weights (training runs in float32); its relative error is `
    + `|a_k − n_k| / max(|a_k|, |n_k|, ${formatExp(floor, 1)}). A correct backward pass leaves only the difference's own error: `
    + `truncation of order ε² ≈ ${formatExp(eps * eps, 1)} and rounding of order 10⁻¹⁶/ε ≈ ${formatExp(1e-16 / eps, 1)}, `
    + `in all about 10⁻⁹…10⁻⁷ of the gradient. The tolerance ${formatExp(tolerance, 1)} is a hundred times above that, while a wrong `
    + `term in the backward pass gives errors of 10⁻³ or more. The floor ${formatExp(floor, 1)} keeps an entry whose gradient is itself `
    + 'near zero (where the rounding is all there is) from counting as a large relative error.';
}

/** The one-sentence result. Pure. */
export function resultSummary(result, tolerance = GRADCHECK_TOLERANCE) {
  const n = result.tensors.length;
  const failed = result.tensors.filter((t) => !tensorVerdict(t, tolerance).pass);
  const worst = result.tensors.reduce((a, t) => (!a || !(t.maxRelError <= a.maxRelError) ? t : a), null);
  const checked = result.tensors.reduce((a, t) => a + t.checked, 0);
  const head = `Weights of step ${formatCount(result.step || 0)}, ${formatCount(checked)} entries in ${n} tensors: `;
  const where = worst ? ` (${worst.name})` : '';
  if (!failed.length) {
    return `${head}every tensor passes; the largest relative error is ${formatExp(result.maxRelError, 1)}${where}, below the tolerance ${formatExp(tolerance, 1)}.`;
  }
  return `${head}${failed.length} of ${n} fail${failed.length === 1 ? 's' : ''} (${failed.map((t) => t.name).join(', ')}); `
    + `the largest relative error is ${formatNumber(result.maxRelError, 2)}${where}, at or above the tolerance ${formatExp(tolerance, 1)}.`;
}

export default {
  key: 'gradcheck',
  title: 'Gradient check',
  explainer: 'Is the backward pass right? "Check gradients" compares the engine\'s gradient with central finite differences of the loss, '
    + 'tensor by tensor, on the current weights and one batch of the task; training waits while it runs.',
  view: 'the gradient check: backward pass against finite differences',
  create(ctx) {
    const button = h('button', { type: 'button', class: 'rl-btn rl-btn--small', text: 'Check gradients' });
    const bar = h('progress', { class: 'rl-gc-progress-bar', max: '1', value: '0', 'aria-hidden': 'true' });
    const progressText = h('span', { class: 'rl-gc-progress-text' });
    const progress = h('div', { class: 'rl-gc-progress', role: 'status', 'data-testid': 'gradcheck-progress',
      'data-state': 'idle', 'data-done': '0', 'data-total': '0', hidden: true }, bar, progressText);
    const summary = h('p', { class: 'rl-summary rl-gc-summary' });
    const rows = h('div', { class: 'rl-gc-rows', role: 'list' });
    const axis = h('div', { class: 'rl-gc-axis', 'aria-hidden': 'true' });
    const tolText = h('p', { class: 'rl-note rl-gc-tolerance' });
    const result = h('div', { class: 'rl-gc-result', 'data-testid': 'gradcheck-result', 'data-max-rel-error': '',
      'data-tolerance': String(GRADCHECK_TOLERANCE), 'data-passed': '', hidden: true }, summary, rows, axis, tolText);
    const element = panelElement(this, [h('div', { class: 'rl-gc-bar' }, button, progress), result]);
    let step = 0;
    let seq = 0;          // a new run or a new check makes older answers stale
    let busy = false;

    function setProgress(state, done, total, text) {
      progress.hidden = state === 'idle';
      setAttr(progress, 'data-state', state);
      setAttr(progress, 'data-done', done);
      setAttr(progress, 'data-total', total);
      bar.max = Math.max(1, total);
      bar.value = done;
      bar.hidden = state !== 'running';
      setText(progressText, text);
    }

    function showResult(r) {
      const tol = GRADCHECK_TOLERANCE;
      const domain = logDomain(r.tensors.map((t) => t.maxRelError), tol);
      const tolAt = `${(100 * logPosition(tol, domain)).toFixed(2)}%`;
      rows.replaceChildren(...r.tensors.map((t) => {
        const v = tensorVerdict(t, tol);
        const fill = h('span', { class: `rl-gc-fill ${v.pass ? 'rl-gc-fill--ok' : 'rl-gc-fill--bad'}` });
        fill.style.width = `${(100 * logPosition(t.maxRelError, domain)).toFixed(2)}%`;
        const line = h('span', { class: 'rl-gc-tol' });
        line.style.left = tolAt;
        const value = Number.isFinite(t.maxRelError) ? formatExp(t.maxRelError, 1) : formatNumber(t.maxRelError);
        return h('div', { class: 'rl-gc-row', role: 'listitem', 'data-tensor': t.name, 'data-max-rel-error': String(t.maxRelError),
          'data-passed': String(v.pass) },
        h('code', { class: 'rl-gc-name', text: t.name }),
        h('span', { class: 'rl-gc-value', text: value }),
        h('span', { class: `rl-gc-verdict ${v.pass ? 'rl-check--ok' : 'rl-check--bad'}`, text: v.text }),
        h('span', { class: 'rl-gc-track', title: `${t.name}: ${formatCount(t.checked)} entries checked, max relative error ${value}, `
          + `max |a − n| ${formatExp(t.maxAbsError, 1)}` }, fill, line));
      }));
      // Decade labels every few powers of ten, and the tolerance's.
      const ticks = [];
      const stride = domain.hi - domain.lo > 10 ? 3 : 2;
      for (let e = domain.hi; e >= domain.lo; e -= stride) ticks.unshift(e);
      axis.replaceChildren(...ticks.map((e, i) => {
        const edge = e === domain.lo ? ' rl-gc-tick--first' : i === ticks.length - 1 ? ' rl-gc-tick--last' : '';
        const s = h('span', { class: `rl-gc-tick${edge}`, text: e === 0 ? '1' : formatExp(10 ** e, 0) });
        s.style.left = `${(100 * (e - domain.lo)) / (domain.hi - domain.lo)}%`;
        return s;
      }), (() => {
        const s = h('span', { class: 'rl-gc-axis-tol', text: `tolerance ${formatExp(tol, 0)}` });
        s.style.left = tolAt;
        return s;
      })());
      const passed = r.tensors.every((t) => tensorVerdict(t, tol).pass);
      setAttr(result, 'data-max-rel-error', r.maxRelError);
      setAttr(result, 'data-passed', passed);
      setText(summary, resultSummary(r, tol));
      setText(tolText, toleranceText(Number.isFinite(r.eps) ? r.eps : DEFAULT_EPS, Number.isFinite(r.floor) ? r.floor : DEFAULT_FLOOR, tol));
      result.hidden = false;
    }

    async function run() {
      if (busy) return;
      busy = true;
      button.disabled = true;
      const mine = ++seq;
      setProgress('running', 0, 0, 'Starting the check…');
      try {
        const r = await ctx.gradcheck({ maxPerTensor: GRADCHECK_MAX_PER_TENSOR }, (p) => {
          if (mine !== seq) return;
          setProgress('running', p.done, p.total, p.done < p.total
            ? `Checking ${p.tensor} (tensor ${p.done + 1} of ${p.total})…`
            : `Checked ${p.total} of ${p.total} tensors.`);
        });
        if (mine !== seq) return;
        if (!r) {
          setProgress('idle', 0, 0, '');
          return;
        }
        const n = r.tensors.length;
        setProgress('done', n, n, `Checked ${n} of ${n} tensors in ${formatNumber(r.ms / 1000, 2)} s.`);
        showResult(r);
      } catch (e) {
        if (mine !== seq) return;
        setProgress('error', Number(progress.dataset.done) || 0, Number(progress.dataset.total) || 0, e.message);
      } finally {
        if (mine === seq) {
          busy = false;
          button.disabled = false;
        }
      }
    }
    button.addEventListener('click', run);

    return {
      element,
      reset() {
        // A new run: the previous check was about other weights.
        seq += 1;
        busy = false;
        button.disabled = false;
        step = 0;
        setProgress('idle', 0, 0, '');
        result.hidden = true;
        setAttr(result, 'data-max-rel-error', '');
        setAttr(result, 'data-passed', '');
        rows.replaceChildren();
      },
      render(latest) {
        step = latest.step;
        button.title = `Check the gradient of the weights after step ${formatCount(step)}`;
      },
      exports() {
        return [];
      },
      destroy() {
        seq += 1;
      },
    };
  },
};
