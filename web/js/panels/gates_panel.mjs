// gates_panel.mjs — the gated cells' gate activations over time
// (charts/gate_view.mjs): which gates there are and which are tanh comes
// from the cell's descriptor; a cell without gates gets a sentence instead.
// Deliberately not: knowing any cell by name.
import { createGateView } from '../charts/gate_view.mjs';
import { h, setText } from '../dom.mjs';
import { panelElement, setEmpty, stackNote } from './panel.mjs';

/** The sentence shown instead of the map for a cell without gates (pure). */
export function noGatesText(cell) {
  if (!cell) return '';
  const eq = cell.equations ? ` ${cell.equations.split('\n').join('; ')}.` : '';
  return `The ${cell.longTitle} has no gates:${eq} Choose a gated cell to see them.`;
}

export default {
  key: 'gates',
  title: 'Gate activations',
  explainer: 'Mean activation of each gate per time step (its activation, sigmoid or tanh, in brackets). A gate that stays open along the path back through time — the LSTM\'s forget gate f near 1, the GRU\'s update gate z near 1 — keeps the gradient\'s path open; a saturated gate (near 0 or 1) passes almost no gradient to its own inputs.',
  view: 'the gate activations (gated cells)',
  create() {
    const box = h('div', { class: 'rl-gates' });
    const summary = h('p', { class: 'rl-summary' });
    const none = h('p', { class: 'rl-note' });
    const stack = stackNote((L) => `With ${L} layers stacked, these are the top layer's gates (layer ${L - 1}).`);
    const element = panelElement(this, [stack.element, box, summary, none]);
    const view = createGateView(box, { summaryEl: summary });
    let gated = false;
    return {
      element,
      reset(config, info) {
        const gates = info.cell ? info.cell.gates : [];
        stack.reset(gates.length ? config : null);
        gated = gates.length > 0;
        box.hidden = !gated;
        summary.hidden = !gated;
        none.hidden = gated;
        setText(none, gated ? '' : noGatesText(info.cell));
        setText(summary, '');
        view.clear(gates);
        setEmpty([box], true);
        box.querySelector('.rl-gate-map')?.setAttribute('data-empty-text', 'Press Train or Step');
      },
      render(latest) {
        const d = latest.diagnostics;
        if (!gated || !d.gates) return;
        setEmpty([box], false);
        view.update(d.gates);
      },
      exports() {
        return gated ? [{ title: 'Gate activations', canvas: view.canvas }] : [];
      },
      destroy() {
        view.destroy();
      },
    };
  },
};
