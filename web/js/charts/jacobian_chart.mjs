// jacobian_chart.mjs — the state Jacobians of backpropagation through time
// on one log scale, against the time step: ||ds(t)/ds(t-1)|| (one step,
// at t = 1..T), ||ds(T)/ds(i)|| (the product inside the notes' term(i), at
// i = 0..T-1), ||dL/dh(t)|| (at t = 1..T), sigma_max(W_hh) and 1 as
// horizontal lines, and, for the vanilla RNN, the bound
// max_k(1 - h_k(t)^2) sigma_max(W_hh) on each step's norm. Every number is
// the engine's (diagnostics.jacobianNorms, jacobianToTNorms, dhNorms,
// recurrentSigmaMax, jacobianBounds); the chart only places them.
// Hovering or tapping a step reports it (onStep), for the term-factor box.
// Deliberately not: sharing a scale with other labs (its range is its own).
import { INTEGER_INCRS, axis, createChart, logAxis, logColumn, sigValue } from './uplot_chart.mjs';
import { OKABE_ITO, SERIES } from './palette.mjs';
import { clampDecades, positiveRange, pow10 } from './scale_group.mjs';

export const JACOBIAN_COLORS = Object.freeze({
  step: OKABE_ITO.orange,
  bound: OKABE_ITO.orange,
  toT: OKABE_ITO.vermillion,
  dh: SERIES.dh,
  sigma: OKABE_ITO.green,
  one: '#222831',
});

/**
 * The chart's columns from a diagnostics object (pure: tested in Node).
 * x = 0..T; each series sits at the steps it is defined for, null elsewhere.
 * @returns {{x: number[], step, bound, toT, dh, sigma, one, T}} or T = 0 without Jacobians
 */
export function jacobianColumns(d) {
  const J = d && d.jacobianNorms;
  const T = J ? J.length : 0;
  const x = T ? Array.from({ length: T + 1 }, (_, k) => k) : [];
  const at = (arr, shift) => x.map((k) => {
    const j = k - shift;
    return arr && j >= 0 && j < arr.length ? arr[j] : null;
  });
  const sigma = d && Number.isFinite(d.recurrentSigmaMax) ? d.recurrentSigmaMax : null;
  return {
    T,
    x,
    step: at(J, 1),                          // entry t-1 = ||ds(t)/ds(t-1)||, t = 1..T
    bound: d && d.jacobianBounds ? at(d.jacobianBounds, 1) : null,
    toT: at(d && d.jacobianToTNorms, 0),     // entry i = ||ds(T)/ds(i)||, i = 0..T-1
    dh: at(d && d.dhNorms, 1),               // entry t-1 = ||dL/dh(t)||
    sigma: x.map(() => sigma),
    one: x.map(() => 1),
  };
}

/**
 * @param {HTMLElement} container where the chart goes
 * @param {object} opts {height, onStep(step)}: onStep gets the step under the pointer (hover or tap)
 */
export function createJacobianChart(container, opts = {}) {
  const height = opts.height || 280;
  let chart = null;
  let hasBound = false;
  let cols = jacobianColumns(null);
  let range = null;

  function yRange() {
    if (!range) return [1e-3, 10];
    const [lo, hi] = clampDecades(Math.floor(Math.log10(range[0])), Math.ceil(Math.log10(range[1])));
    return [pow10(lo), pow10(hi)];
  }

  function data() {
    const out = [cols.x, logColumn(cols.step)];
    if (hasBound) out.push(cols.bound ? logColumn(cols.bound) : cols.x.map(() => null));
    out.push(logColumn(cols.toT), logColumn(cols.dh), logColumn(cols.sigma), cols.one);
    return out;
  }

  function build() {
    if (chart) chart.destroy();
    const C = JACOBIAN_COLORS;
    const series = [
      { label: 't' },
      { label: '‖∂s(t)/∂s(t−1)‖', value: sigValue, stroke: C.step, width: 2, points: { show: true, size: 5, fill: C.step } },
    ];
    if (hasBound) {
      series.push({ label: 'bound max(1−h²)·σ_max', value: sigValue, stroke: C.bound, width: 1.5, dash: [3, 3], points: { show: false } });
    }
    series.push(
      { label: '‖∂s(T)/∂s(i)‖', value: sigValue, stroke: C.toT, width: 2.5, points: { show: true, size: 5, fill: C.toT } },
      { label: '‖∂L/∂h(t)‖', value: sigValue, stroke: C.dh, width: 2, points: { show: true, size: 4, fill: C.dh } },
      { label: 'σ_max(W_hh)', value: sigValue, stroke: C.sigma, width: 1.5, dash: [8, 4], points: { show: false } },
      { label: '1', value: () => '1', stroke: C.one, width: 1, dash: [2, 3], points: { show: false } },
    );
    chart = createChart(container, (width, h) => ({
      width, height: h,
      scales: { x: { time: false }, y: { distr: 3, log: 10, range: () => yRange() } },
      axes: [
        axis({ label: 'time step t (or i)', labelSize: 22, incrs: INTEGER_INCRS }),
        logAxis({ label: 'norm (log scale)', labelSize: 22 }),
      ],
      series,
      legend: { live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      hooks: {
        setCursor: [(u) => {
          if (u.cursor.idx !== null && u.cursor.idx !== undefined) opts.onStep?.(cols.x[u.cursor.idx] ?? null);
        }],
      },
    }), data(), { height });
    // A tap (touch or pen) picks the step under the finger; a mouse already moved the cursor there.
    const over = chart.plot.over;
    if (over) {
      over.addEventListener('pointerdown', (e) => {
        const idx = chart.plot.posToIdx(e.offsetX);
        if (idx >= 0 && idx < cols.x.length) opts.onStep?.(cols.x[idx]);
      });
    }
  }
  build();

  return {
    /** A diagnostics object (the model's or a what-if branch's). */
    update(d) {
      cols = jacobianColumns(d);
      const nextBound = !!cols.bound;
      if (cols.T && nextBound !== hasBound) {  // no data: keep the series the run expects
        hasBound = nextBound;
        build();
      }
      range = positiveRange(cols.step, cols.bound, cols.toT, cols.dh, cols.sigma, [1]);
      chart.setData(data());
      return cols.T;
    },
    clear(withBound = hasBound) {
      cols = jacobianColumns(null);
      range = null;
      if (withBound !== hasBound) {
        hasBound = withBound;
        build();
      }
      chart.setData(data());
    },
    get canvas() {
      return chart.canvas;
    },
    destroy() {
      chart.destroy();
    },
  };
}
