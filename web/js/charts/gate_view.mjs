// gate_view.mjs — the gated cells' gate activations over time: a heat map
// with one row per gate (i, f, g, o for the LSTMs; r, z, n for the GRU) and
// one column per time step, colour = the gate's mean activation over the
// batch and units, plus a table of how saturated each gate is (the engine's
// fractions of entries below 0.05 / above 0.95 for sigmoid gates, beyond
// ±0.95 for tanh gates, and their means over time). Which gate is a tanh is
// the cell descriptor's; every number is the engine's.
// Deliberately not: shown for the vanilla RNN, which has no gates.
import { createHeatmap } from './heatmap.mjs';
import { h, setText } from '../dom.mjs';
import { formatPercent } from '../format.mjs';
import { createFrameScheduler } from './frame.mjs';

/** Two decimals with a real minus sign, never "−0.00". */
function fixed2(x) {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s.replace('-', '−');
}

/**
 * What the gate view shows, from the engine's gate traces and the cell's
 * gate descriptors (pure: tested in Node). Rows follow the descriptor's
 * order; a tanh gate's mean (-1..1) is mapped to the colour range 0..1.
 * @returns {{T, rows: [{name, label, activation, u: number[], mean, low, high}], summary}}
 */
export function gateRows(traces, gates) {
  const rows = [];
  for (const g of gates || []) {
    const tr = traces && traces[g.name];
    if (!tr) continue;
    const tanh = g.activation === 'tanh';
    rows.push({
      name: g.name,
      label: `${g.title} ${g.name} (${g.activation})`,
      activation: g.activation,
      u: Array.from(tr.mean, (m) => (tanh ? (m + 1) / 2 : m)),
      mean: tr.timeMean,
      low: tr.timeFracLow,
      high: tr.timeFracHigh,
    });
  }
  const T = rows.length ? rows[0].u.length : 0;
  const summary = rows.length
    ? `Gate activations averaged over time — ${rows.map((r) => `${r.name}: mean ${fixed2(r.mean)}, ${formatPercent(r.low + r.high)} saturated`).join('; ')}.`
    : '';
  return { T, rows, summary };
}

export function createGateView(container, opts = {}) {
  const mapBox = h('div', { class: 'rl-gate-map' });
  const tbody = h('tbody');
  const table = h('table', { class: 'rl-table rl-gate-table' },
    h('caption', { class: 'rl-visually-hidden', text: 'Gate saturation, averaged over time steps' }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'gate' }),
      h('th', { scope: 'col', class: 'rl-num', text: 'mean' }),
      h('th', { scope: 'col', class: 'rl-num', text: 'closed / low' }),
      h('th', { scope: 'col', class: 'rl-num', text: 'open / high' }))),
    tbody);
  container.append(mapBox, table);
  const map = createHeatmap(mapBox, {
    height: opts.height || 150, margin: { left: 40, bottom: 36 },
    ariaLabel: 'Heat map of the mean gate activations per time step',
  });
  map.setLegend('mean activation: σ gates 0 → 1, tanh gates −1 → 1', [
    { u: 0, text: '0 (−1)' }, { u: 0.5, text: '0.5 (0)' }, { u: 1, text: '1 (1)' },
  ]);
  let gates = null;       // the engine's traces {name: {mean, fracLow, fracHigh, timeMean, ...}}
  let descriptors = [];   // the cell's gates [{name, title, activation}]

  function render() {
    const { T, rows, summary } = gateRows(gates, descriptors);
    if (!gates || !rows.length) {
      map.setGrid(null, { now: true });
      tbody.replaceChildren();
      return;
    }
    const u = new Float32Array(rows.length * T);
    rows.forEach((r, k) => u.set(r.u, k * T));
    const xLabels = T ? [{ pos: 0.5 / T, text: '1' }, { pos: 1 - 0.5 / T, text: String(T) }] : [];
    const yLabels = rows.map((r, k) => ({ pos: (k + 0.5) / rows.length, text: r.name }));
    map.setGrid({ cols: T, rows: rows.length, u, xLabels, yLabels, xTitle: 'time step t' }, { now: true });
    tbody.replaceChildren(...rows.map((r) => h('tr', {},
      h('th', { scope: 'row', text: r.label }),
      h('td', { class: 'rl-num', text: fixed2(r.mean) }),
      h('td', { class: 'rl-num', text: formatPercent(r.low) }),
      h('td', { class: 'rl-num', text: formatPercent(r.high) }))));
    if (opts.summaryEl) setText(opts.summaryEl, summary);
  }

  // The table is rebuilt at a calm rate (it is text, not a canvas): at once
  // if the last render is old enough, else once more a little later.
  let last = 0;
  let timer = 0;
  const frame = createFrameScheduler(() => {
    last = performance.now();
    render();
  });

  return {
    update(nextGates) {
      gates = nextGates && Object.keys(nextGates).length ? nextGates : null;
      if (performance.now() - last > 250) {
        last = performance.now();
        render();
      } else if (!timer) {
        timer = setTimeout(() => {
          timer = 0;
          frame.request();
        }, 250);
      }
    },
    /** A new run: the cell's gate descriptors (from the engine). */
    clear(nextDescriptors = descriptors) {
      gates = null;
      descriptors = nextDescriptors || [];
      frame.request();
    },
    get canvas() {
      return map.canvas;
    },
    destroy() {
      clearTimeout(timer);
      frame.stop();
      map.destroy();
    },
  };
}
