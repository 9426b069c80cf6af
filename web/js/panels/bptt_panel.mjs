// bptt_panel.mjs — the terms of the course notes' BPTT sum for the
// recurrent weights: the cell's equation (the engine's LaTeX, from its
// descriptor), one bar per term ||term(t)|| (diagnostics.bpttTerms), the
// norm of their sum (the engine's per-tensor gradient norm of the cell's
// recurrent tensor) and a note on terms that are exactly zero.
// Deliberately not: finding tensors by name patterns (the descriptor names it).
import { createBpttChart } from '../charts/bptt_chart.mjs';
import { h, setText } from '../dom.mjs';
import { formatCount, formatExp } from '../format.mjs';
import { panelElement, setEmpty, stackNote } from './panel.mjs';
import { focusOf } from './focus.mjs';

/**
 * The sentences under the chart (pure: tested in Node).
 * @param {object} latest a metrics message
 * @param {object} cell the cell's descriptor {recurrentTensor, recurrentSymbol, recurrentSource}
 * @returns {{sum: string, zeros: string}}
 */
export function bpttNotes(latest, cell) {
  const d = latest && latest.diagnostics;
  if (!d || !cell) return { sum: '', zeros: '' };
  const W = cell.recurrentSymbol.replace(/[{}]/g, '');
  // The engine's recurrentTensor: with a stack, the top layer's (whose terms bpttTerms are).
  const tensor = d.recurrentTensor || cell.recurrentTensor;
  const value = d.gradNorms ? d.gradNorms[tensor] : undefined;
  const clipped = d.gradNormClipped < d.gradNorm ? `, clipped to ${formatExp(d.gradNormClipped, 3)}` : '';
  const sum = value === undefined ? '' : `Their sum: ‖∂L/∂${W}‖ = ${formatExp(value, 3)} (${tensor}), at step ${formatCount(latest.step)}. Whole gradient: ‖∇‖ = ${formatExp(d.gradNorm, 3)}${clipped}.`;
  const zeros = [];
  const terms = d.bpttTerms || [];
  for (let t = 0; t < terms.length; t++) if (terms[t] === 0) zeros.push(t + 1);
  let zerosText = '';
  if (zeros.length) {
    const s = cell.recurrentSource;
    const first = zeros[0] === 1 ? `term(1) is exactly 0: it is the product with ${s}(0), and ${s}(0) = 0 is the zero initial state` : '';
    const rest = zeros.filter((t) => t !== 1);
    const others = rest.length ? `${first ? '; ' : ''}term(${rest.join('), term(')}) ${rest.length === 1 ? 'is' : 'are'} exactly 0 at this step` : '';
    zerosText = `${first}${others}. A log scale has no place for 0, so ${zeros.length === 1 ? 'it has' : 'they have'} no bar.`;
  }
  return { sum, zeros: zerosText };
}

export default {
  key: 'bptt',
  title: 'The terms of the BPTT sum',
  explainer: 'The gradient of the recurrent weights is a sum over time steps (course notes). Each bar is the size of one term; terms far from T carry long products of Jacobians, so for a vanilla RNN the sum is dominated by the last few steps.',
  view: 'the terms of the BPTT sum for ∂L/∂W_hh',
  create(ctx) {
    const eq = h('div', { class: 'rl-equation' });
    const box = h('div', { class: 'rl-chart' });
    const sumNote = h('p', { class: 'rl-note' });
    const zeroNote = h('p', { class: 'rl-note rl-note--zeros' });
    const stack = stackNote((L) => `With ${L} layers stacked, the bars are the terms of the top layer's recurrent weights (layer ${L - 1}).`);
    const element = panelElement(this, [stack.element, eq, box, sumNote, zeroNote]);
    const chart = createBpttChart(box, { onStep: (t) => focusOf(ctx).set(t, 'bptt') });  // term(t)'s factors: jacobian_panel.mjs
    let cell = null;
    return {
      element,
      reset(config, info) {
        cell = info.cell;
        stack.reset(config);
        eq.innerHTML = cell ? ctx.tex(cell.bpttLatex) : '';
        chart.clear();
        setEmpty([box], true);
        setText(sumNote, '');
        setText(zeroNote, '');
      },
      render(latest, history, o = {}) {
        const d = latest.diagnostics;
        if (!d.bpttTerms) return;
        setEmpty([box], false);
        chart.update(d.bpttTerms);
        if (o.calm) {
          const notes = bpttNotes(latest, cell);
          setText(sumNote, notes.sum);
          setText(zeroNote, notes.zeros);
        }
      },
      exports() {
        return [{ title: 'BPTT terms ‖term(t)‖', canvas: chart.canvas }];
      },
      destroy() {
        chart.destroy();
      },
    };
  },
};
