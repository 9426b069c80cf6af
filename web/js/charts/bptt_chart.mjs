// bptt_chart.mjs — the terms of the course notes' BPTT sum for the
// recurrent weights, dL/dW_hh = sum_t term(t): one bar per time step t with
// ||term(t)|| (the engine's diagnostics.bpttTerms), on a log scale. Terms
// far from T carry long products of Jacobians dh(j)/dh(j-1) and shrink for
// a vanilla RNN: the sum is then dominated by the last few steps.
// Hovering or tapping a bar reports its step (opts.onStep).
// Deliberately not: the equation above the chart (lab_view renders it).
import { INTEGER_INCRS, axis, createChart, logAxis, logColumn, sigValue, uPlot } from './uplot_chart.mjs';
import { SERIES } from './palette.mjs';
import { clampDecades, positiveRange, pow10 } from './scale_group.mjs';

export function createBpttChart(container, opts = {}) {
  let range = null;
  const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, 40], align: 0 }) : undefined;
  const chart = createChart(container, (width, height) => ({
    width, height,
    scales: {
      x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] },
      y: {
        distr: 3, log: 10,
        range: () => {
          if (!range) return [1e-4, 1];
          const [lo, hi] = clampDecades(Math.floor(Math.log10(range[0])), Math.ceil(Math.log10(range[1])));
          return [pow10(lo), pow10(hi)];
        },
      },
    },
    axes: [
      axis({ label: 'time step t', labelSize: 22, incrs: INTEGER_INCRS }),
      logAxis({ label: '‖term(t)‖ (log)', labelSize: 22 }),
    ],
    series: [
      { label: 't' },
      { label: '‖term(t)‖', value: sigValue, stroke: SERIES.bptt, fill: 'rgba(204, 121, 167, 0.55)', width: 1, paths: bars, points: { show: false } },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    // The step under the pointer (opts.onStep: the Jacobian panel's term(i) factors).
    hooks: { setCursor: [(u) => { if (u.cursor.idx !== null && u.cursor.idx !== undefined) opts.onStep?.(u.data[0][u.cursor.idx]); }] },
  }), [[], []], { height: opts.height || 200 });
  // A tap (touch or pen) picks the step under the finger.
  chart.plot.over?.addEventListener('pointerdown', (e) => {
    const idx = chart.plot.posToIdx(e.offsetX);
    const x = chart.plot.data[0];
    if (idx >= 0 && idx < x.length) opts.onStep?.(x[idx]);
  });

  return {
    update(terms) {
      const T = terms ? terms.length : 0;
      range = positiveRange(terms);
      chart.setData([Array.from({ length: T }, (_, k) => k + 1), logColumn(terms)]);
    },
    clear() {
      range = null;
      chart.setData([[], []]);
    },
    get canvas() {
      return chart.canvas;
    },
    destroy() {
      chart.destroy();
    },
  };
}
