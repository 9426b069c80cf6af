// grad_flow.mjs — the gradient-flow chart: ||dL/dh(t)|| against the time
// step t on a log scale (and ||dL/dc(t)|| for cells with a cell state), with
// the profile of the run's first step kept as a faint reference, plus a
// one-sentence text summary for readers who cannot see the chart.
// The y range comes from a scale group, so two labs can share one scale.
// Deliberately not: computing any gradient (the engine's diagnostics do).
import { INTEGER_INCRS, axis, createChart, logAxis, logColumn } from './uplot_chart.mjs';
import { SERIES } from './palette.mjs';
import { createScaleGroup, positiveRange, pow10 } from './scale_group.mjs';
import { formatExp, formatNumber } from '../format.mjs';
import { setAttr, setText } from '../dom.mjs';

let ids = 0;

/**
 * @param {HTMLElement} container where the chart goes (carries data-points)
 * @param {object} opts {scaleGroup, summaryEl, height}
 */
export function createGradFlowChart(container, opts = {}) {
  const group = opts.scaleGroup || createScaleGroup();
  const id = `gradflow${++ids}`;
  const height = opts.height || 260;
  let chart = null;
  let hasC = false;
  let dh = null;
  let dc = null;
  let first = null;
  let step = 0;

  function range() {
    const d = group.decades();
    return d ? [pow10(d[0]), pow10(d[1])] : [1e-3, 1];
  }

  function build() {
    if (chart) chart.destroy();
    const series = [
      { label: 't' },
      { label: '‖∂L/∂h(t)‖', stroke: SERIES.dh, width: 2.5, points: { show: true, size: 5, fill: SERIES.dh } },
      { label: 'at step 1', stroke: SERIES.initial, width: 1.5, dash: [4, 4], points: { show: false } },
    ];
    if (hasC) {
      series.splice(2, 0, {
        label: '‖∂L/∂c(t)‖', stroke: SERIES.dc, width: 2, dash: [8, 4], points: { show: true, size: 4, fill: SERIES.dc },
      });
    }
    chart = createChart(container, (width, h) => ({
      width, height: h,
      scales: { x: { time: false }, y: { distr: 3, log: 10, range: () => range() } },
      axes: [
        axis({ label: 'time step t', labelSize: 22, incrs: INTEGER_INCRS }),
        logAxis({ label: 'gradient norm (log scale)', labelSize: 22 }),
      ],
      series,
      legend: { live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
    }), emptyData(), { height });
  }

  function emptyData() {
    return hasC ? [[], [], [], []] : [[], [], []];
  }

  function data() {
    const T = dh ? dh.length : 0;
    const x = Array.from({ length: T }, (_, k) => k + 1);
    const cols = [x, logColumn(dh)];
    if (hasC) cols.push(logColumn(dc));
    cols.push(first && first.length === T ? logColumn(first) : new Array(T).fill(null));
    return cols;
  }

  // The decades in force are exposed as data-decades="lo,hi" (tests check the shared scale).
  function exposeScale() {
    const d = group.decades();
    setAttr(container, 'data-decades', d ? d.join(',') : '');
  }
  let reporting = false;  // our own report is drawn by update() itself
  const unsubscribe = group.subscribe(() => {
    exposeScale();
    if (chart && !reporting) chart.request();
  });
  function report(r) {
    reporting = true;
    group.report(id, r ? r[0] : null, r ? r[1] : null);
    reporting = false;
  }
  build();

  function summarize() {
    if (!opts.summaryEl) return;
    if (!dh || !dh.length) {
      setText(opts.summaryEl, 'No gradient yet: press Train or Step.');
      return;
    }
    const T = dh.length;
    const a = dh[0];
    const b = dh[T - 1];
    let text = `Step ${step}: ‖∂L/∂h(t)‖ is ${formatExp(a)} at t = 1 and ${formatExp(b)} at t = ${T}.`;
    if (a > 0 && b > 0 && T > 1) {
      // Three bands: orders of magnitude (vanishes / explodes), a factor (fades / grows), about the same.
      const decades = Math.log10(b / a);
      const factor = (x) => formatNumber(10 ** Math.abs(x), 2);
      if (decades >= 2) text += ` The gradient reaching the first step is ${decades.toFixed(1)} orders of magnitude smaller: it vanishes on its way back through time.`;
      else if (decades <= -2) text += ` The gradient grows ${(-decades).toFixed(1)} orders of magnitude on its way back: it explodes.`;
      else if (decades >= 0.5) text += ` The gradient reaching the first step is ${factor(decades)} times smaller: it fades on its way back through time.`;
      else if (decades <= -0.5) text += ` The gradient reaching the first step is ${factor(decades)} times larger: it grows on its way back through time.`;
      else text += ' The gradient reaches the first step with about the same size: it flows through time.';
    }
    if (dc && dc.length) text += ` ‖∂L/∂c(t)‖ is ${formatExp(dc[0])} at t = 1.`;
    setText(opts.summaryEl, text);
  }

  return {
    /** New diagnostics of one training step. */
    update(diagnostics, stepNumber) {
      const nextHasC = !!(diagnostics.dcNorms && diagnostics.dcNorms.length);
      dh = diagnostics.dhNorms;
      dc = nextHasC ? diagnostics.dcNorms : null;
      step = stepNumber;
      if (!first || first.length !== dh.length) first = dh;
      if (nextHasC !== hasC) {
        hasC = nextHasC;
        build();
      }
      report(positiveRange(dh, dc, first));
      chart.setData(data());
      setAttr(container, 'data-points', dh.length);
      exposeScale();
    },
    /** Renders the text summary (called by the lab at a calm rate). */
    summarize,
    /**
     * Forgets the run (a new configuration or a reset). withCellState: whether
     * to expect a dL/dc(t) series, so the chart is built before training.
     */
    clear(withCellState = hasC) {
      if (withCellState !== hasC) {
        hasC = withCellState;
        build();
      }
      dh = null;
      dc = null;
      first = null;
      step = 0;
      report(null);
      chart.setData(data());
      setAttr(container, 'data-points', 0);
      summarize();
    },
    get canvas() {
      return chart.canvas;
    },
    /** The latest profile, for the CSV export. */
    get latest() {
      return { dh, dc, step };
    },
    destroy() {
      unsubscribe();
      group.remove(id);
      chart.destroy();
    },
  };
}
