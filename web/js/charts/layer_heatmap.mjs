// layer_heatmap.mjs — the gradient through the layers of a stack and through
// time at one training step: one row per recurrent layer k (the top layer,
// the one the output reads, at the top; layer 0, which reads x(t), at the
// bottom), one column per time step t, colour = log10 ||dL/dh_k(t)|| from
// the engine's diagnostics.dhNormsByLayer (layer 0 first).
// The colour range is the map's own, whole decades, and only widens during
// a run (so colours keep their meaning from step to step); it is not shared
// with the gradient-flow chart's scale group (that axis shows the top layer only).
// Deliberately not: computing any gradient (the engine's diagnostics do).
import { createHeatmap } from './heatmap.mjs';
import { formatPow10 } from '../format.mjs';

const ROW_PX = 26;
const MARGIN = { left: 90, right: 12, top: 6, bottom: 36 };

/**
 * @param {HTMLElement} container where the map goes
 * @returns {{update(byLayer), clear(), canvas, destroy()}}
 */
export function createLayerHeatmap(container) {
  let map = null;
  let layers = 0;     // rows the map was built for
  let dec = null;     // [lo, hi] whole decades of the colour axis in this run

  function build(L) {
    if (map) map.destroy();
    layers = L;
    map = createHeatmap(container, {
      height: MARGIN.top + MARGIN.bottom + ROW_PX * Math.max(L, 1),
      margin: MARGIN,
      ariaLabel: 'Heat map of log10 of the gradient norm for each layer (rows) and time step (columns)',
    });
    map.setNoDataLabel('exactly 0 (no path to the loss)');
  }

  function widen(byLayer) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of byLayer) {
      for (let t = 0; t < row.length; t++) {
        const v = row[t];
        if (v > 0 && v < Infinity) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    if (!Number.isFinite(lo)) return;
    let a = Math.floor(Math.log10(lo));
    let b = Math.ceil(Math.log10(hi));
    if (b <= a) b = a + 1;
    if (dec) {
      a = Math.min(a, dec[0]);
      b = Math.max(b, dec[1]);
    }
    dec = [a, b];
  }

  function draw(byLayer) {
    const L = byLayer.length;
    const T = L ? byLayer[0].length : 0;
    const [lo, hi] = dec || [-3, 0];
    const span = hi - lo;
    const u = new Float32Array(L * T);
    for (let r = 0; r < L; r++) {
      const row = byLayer[L - 1 - r];  // the top layer in the first row
      for (let t = 0; t < T; t++) {
        const v = row[t];
        u[r * T + t] = v > 0 && v < Infinity ? (Math.log10(v) - lo) / span : NaN;
      }
    }
    const xLabels = [];
    if (T > 0) {
      const ticks = new Set([1, T]);
      const every = T <= 12 ? 1 : T <= 30 ? 5 : T <= 80 ? 10 : Math.ceil(T / 8 / 10) * 10;
      for (let t = every; t < T; t += every) if (T - t >= every / 2) ticks.add(t);
      for (const t of ticks) xLabels.push({ pos: (t - 0.5) / T, text: String(t) });
    }
    const yLabels = [];
    for (let r = 0; r < L; r++) {
      const k = L - 1 - r;
      yLabels.push({ pos: (r + 0.5) / L, text: k === L - 1 ? `layer ${k} (top)` : `layer ${k}` });
    }
    map.setGrid({ cols: T, rows: L, u, xLabels, yLabels, xTitle: 'time step t', yTitle: '' }, { now: true });
    const ticks = [];
    const every = span > 12 ? 3 : span > 6 ? 2 : 1;
    for (let e = lo; e <= hi; e += every) ticks.push({ u: (e - lo) / span, text: formatPow10(10 ** e) });
    map.setLegend('‖∂L/∂h(t)‖ of each layer, log scale', ticks);
  }

  build(2);
  draw([]);

  return {
    /** byLayer: L arrays of T norms, layer 0 first (diagnostics.dhNormsByLayer). Drawn at once. */
    update(byLayer) {
      if (byLayer.length !== layers) build(byLayer.length);
      widen(byLayer);
      draw(byLayer);
    },
    /** Forgets the run; L: the layers to expect (the map's height). */
    clear(L = layers) {
      dec = null;
      if (L !== layers) build(L);
      draw([]);
    },
    get canvas() {
      return map.canvas;
    },
    destroy() {
      map.destroy();
    },
  };
}
