// grad_flow.mjs — the gradient-flow chart: ||dL/dh(t)|| against the time
// step t on a log scale (and ||dL/dc(t)|| for cells with a cell state), with
// the profile of the run's first step kept as a faint reference (the text
// summary is the panel's: panels/grad_panel.mjs).
// The y range comes from a scale group, so two labs can share one scale.
// Deliberately not: computing any gradient (the engine's diagnostics do).
import { INTEGER_INCRS, axis, createChart, logAxis, logColumn, sigValue } from './uplot_chart.mjs';
import { SERIES } from './palette.mjs';
import { createScaleGroup, positiveRange, pow10 } from './scale_group.mjs';
import { setAttr } from '../dom.mjs';

let ids = 0;

/**
 * @param {HTMLElement} container where the chart goes (carries data-points)
 * @param {object} opts {scaleGroup, height}
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
      { label: '‖∂L/∂h(t)‖', value: sigValue, stroke: SERIES.dh, width: 2.5, points: { show: true, size: 5, fill: SERIES.dh } },
      { label: 'at step 1', value: sigValue, stroke: SERIES.initial, width: 1.5, dash: [4, 4], points: { show: false } },
    ];
    if (hasC) {
      series.splice(2, 0, {
        label: '‖∂L/∂c(t)‖', value: sigValue, stroke: SERIES.dc, width: 2, dash: [8, 4], points: { show: true, size: 4, fill: SERIES.dc },
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
