// gate_view.mjs — the gated cells' gate activations over time: a heat map
// with one row per gate (i, f, g, o for the LSTMs; r, z, n for the GRU) and
// one column per time step, colour = the gate's mean activation over the
// batch and units, plus a table of how saturated each gate is (the engine's
// fractions of entries below 0.05 / above 0.95 for sigmoid gates, beyond
// ±0.95 for tanh gates), averaged over time.
// Deliberately not: shown for the vanilla RNN, which has no gates.
import { createHeatmap } from './heatmap.mjs';
import { h, setText } from '../dom.mjs';
import { formatPercent } from '../format.mjs';
import { createFrameScheduler } from './frame.mjs';

// The tanh gates (range -1..1), as documented in src/core/diagnostics.hpp.
const TANH_GATES = new Set(['g', 'n']);
const GATE_NAMES = {
  i: 'input gate i', f: 'forget gate f', g: 'input modulation g (tanh)', o: 'output gate o',
  r: 'reset gate r', z: 'update gate z', n: 'candidate n (tanh)',
};
const ORDER = ['i', 'f', 'g', 'o', 'r', 'z', 'n'];

/** Two decimals, never "-0.00". */
function fixed2(x) {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

function mean(arr) {
  if (!arr || !arr.length) return NaN;
  let s = 0;
  for (let k = 0; k < arr.length; k++) s += arr[k];
  return s / arr.length;
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
  let gates = null;

  function render() {
    if (!gates) {
      map.setGrid(null, { now: true });
      tbody.replaceChildren();
      return;
    }
    const names = ORDER.filter((g) => gates[g]);
    const T = names.length ? gates[names[0]].mean.length : 0;
    const u = new Float32Array(names.length * T);
    names.forEach((g, r) => {
      const m = gates[g].mean;
      const tanh = TANH_GATES.has(g);
      for (let t = 0; t < T; t++) u[r * T + t] = tanh ? (m[t] + 1) / 2 : m[t];
    });
    const xLabels = T ? [{ pos: 0.5 / T, text: '1' }, { pos: 1 - 0.5 / T, text: String(T) }] : [];
    const yLabels = names.map((g, r) => ({ pos: (r + 0.5) / names.length, text: g }));
    map.setGrid({ cols: T, rows: names.length, u, xLabels, yLabels, xTitle: 'time step t' }, { now: true });
    const rows = names.map((g) => h('tr', {},
      h('th', { scope: 'row', text: GATE_NAMES[g] || g }),
      h('td', { class: 'rl-num', text: fixed2(mean(gates[g].mean)) }),
      h('td', { class: 'rl-num', text: formatPercent(mean(gates[g].fracLow)) }),
      h('td', { class: 'rl-num', text: formatPercent(mean(gates[g].fracHigh)) })));
    tbody.replaceChildren(...rows);
    if (opts.summaryEl) {
      const parts = names.map((g) => `${g}: mean ${fixed2(mean(gates[g].mean))}, ${formatPercent(mean(gates[g].fracLow) + mean(gates[g].fracHigh))} saturated`);
      setText(opts.summaryEl, `Gate activations averaged over time — ${parts.join('; ')}.`);
    }
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
    clear() {
      gates = null;
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
