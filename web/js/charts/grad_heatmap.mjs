// grad_heatmap.mjs — the gradient heat map: one row per (thinned) training
// update, one column per time step t, colour = log10 ||dL/dh(t)||. The
// vanishing gradient shows as a dark region at small t that stays dark as
// training goes on. Colour range from a scale group (shared in compare mode).
// Deliberately not: storing the profiles (history.mjs does).
import { createHeatmap } from './heatmap.mjs';
import { createScaleGroup } from './scale_group.mjs';
import { formatPow10 } from '../format.mjs';
import { createFrameScheduler } from './frame.mjs';

let ids = 0;

export function createGradHeatmap(container, opts = {}) {
  const group = opts.scaleGroup || createScaleGroup();
  const id = `heat${++ids}`;
  const map = createHeatmap(container, {
    height: opts.height || 220,
    ariaLabel: 'Heat map of log10 of the gradient norm over training steps and time steps',
  });
  let profiles = [];
  let markStep = null;  // the step shown from the history: its row is outlined
  let legendTitle = '‖∂L/∂h(t)‖, log scale';
  map.setNoDataLabel('exactly 0 (h(t) has no path to the loss)');

  /** The row of the latest profile at or before `step` (-1 for none). */
  function rowOf(step) {
    let r = -1;
    for (let k = 0; k < profiles.length && profiles[k].step <= step; k++) r = k;
    return r;
  }

  function ownRange() {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of profiles) {
      for (let k = 0; k < p.dh.length; k++) {
        const v = p.dh[k];
        if (v > 0 && v < Infinity) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    return Number.isFinite(lo) ? [lo, hi] : null;
  }

  function render(now) {
    const rows = profiles.length;
    const T = rows ? profiles[rows - 1].dh.length : 0;
    const dec = group.decades() || [-3, 0];
    const span = dec[1] - dec[0];
    const u = new Float32Array(rows * T);
    for (let r = 0; r < rows; r++) {
      const dh = profiles[r].dh;
      for (let t = 0; t < T; t++) {
        const v = t < dh.length ? dh[t] : NaN;
        u[r * T + t] = v > 0 && v < Infinity ? (Math.log10(v) - dec[0]) / span : NaN;
      }
    }
    const xLabels = [];
    if (T > 0) {
      const ticks = new Set([1, T]);
      const every = T <= 12 ? 1 : T <= 30 ? 5 : T <= 80 ? 10 : Math.ceil(T / 8 / 10) * 10;
      for (let t = every; t < T; t += every) if (T - t >= every / 2) ticks.add(t);
      for (const t of ticks) xLabels.push({ pos: (t - 0.5) / T, text: String(t) });
    }
    const yLabels = rows
      ? [{ pos: 0.5 / rows, text: String(profiles[0].step) }, { pos: 1 - 0.5 / rows, text: String(profiles[rows - 1].step) }]
      : [];
    map.setMarkerRow(markStep === null ? -1 : rowOf(markStep));
    map.setGrid({ cols: T, rows, u, xLabels, yLabels, xTitle: 'time step t', yTitle: 'training step ↓' }, { now });
    const ticks = [];
    const stepEvery = span > 12 ? 3 : span > 6 ? 2 : 1;
    for (let e = dec[0]; e <= dec[1]; e += stepEvery) ticks.push({ u: (e - dec[0]) / span, text: formatPow10(10 ** e) });
    map.setLegend(legendTitle, ticks);
  }

  // Redraws asked for by the shared scale wait for a frame; new data draws at once.
  const frame = createFrameScheduler(() => render(false));
  let reporting = false;  // our own report needs no second draw
  const unsubscribe = group.subscribe(() => {
    if (!reporting) frame.request();
  });
  render(false);

  function report() {
    const r = ownRange();
    reporting = true;
    group.report(id, r ? r[0] : null, r ? r[1] : null);
    reporting = false;
  }

  return {
    /** The thinned profiles [{step, dh}] of the run so far; drawn at once. `mark`: a step whose row is outlined. */
    update(nextProfiles, mark = null) {
      profiles = nextProfiles;
      markStep = mark;
      report();
      render(true);
    },
    /** The training step of the row under a viewport y coordinate (a click), or null. */
    stepAt(clientY) {
      const r = map.rowAt(clientY);
      return r >= 0 && r < profiles.length ? profiles[r].step : null;
    },
    /** The legend's title (e.g. naming the top layer of a stack); drawn with the next update. */
    setLegendTitle(text) {
      legendTitle = text;
    },
    clear() {
      profiles = [];
      markStep = null;
      report();
      render(true);
    },
    get canvas() {
      return map.canvas;
    },
    destroy() {
      frame.stop();
      unsubscribe();
      group.remove(id);
      map.destroy();
    },
  };
}
