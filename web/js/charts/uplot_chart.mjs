// uplot_chart.mjs — what every uPlot chart of the page shares: sizing to its
// container (ResizeObserver; uPlot itself scales for the device pixel
// ratio), the page's axis fonts and colours, a log-10 axis formatter. New
// data is drawn at once (the lab calls in from its one animation frame);
// redraws asked for from elsewhere (a shared scale moved) wait for a frame.
// Deliberately not: any particular chart's series (see the sibling files).
import uPlot from 'uplot';
import { formatNumber, formatPow10, superscript } from '../format.mjs';
import { SERIES } from './palette.mjs';
import { createFrameScheduler } from './frame.mjs';
import { pow10 } from './scale_group.mjs';

export { uPlot };

export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
// Axis labels use the same font as tick values: switching a canvas's font
// per draw call is one of the slowest steps of a redraw.
export const LABEL_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** An axis with the page's look. */
export function axis(opts = {}) {
  return {
    stroke: SERIES.axis,
    font: FONT,
    labelFont: LABEL_FONT,
    grid: { stroke: SERIES.grid, width: 1 },
    ticks: { stroke: SERIES.grid, width: 1, size: 4 },
    ...opts,
  };
}

/** Tick spacings for an axis of whole time steps or training steps. */
export const INTEGER_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
  100000, 200000, 500000, 1000000, 2000000, 5000000, 10000000];

/** Tick labels for a log-10 axis: whole decades only, at most about six of them. */
export function logValues(u, vals) {
  const labels = vals.map((v) => formatPow10(v));
  const decades = labels.filter((l) => l !== '').length;
  const stride = Math.max(1, Math.ceil(decades / 6));
  if (stride === 1) return labels;
  return vals.map((v, i) => (labels[i] !== '' && Math.round(Math.log10(v)) % stride === 0 ? labels[i] : ''));
}

function decadesOnly(u, splits) {
  return splits.map((v) => (v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6 ? v : null));
}

/**
 * The ticks of a log-10 axis: the whole decades inside [min, max], as exact
 * doubles. Replaces uPlot's own log splits, whose loop adds 10^e in floating
 * point and never ends for ranges reaching below about 1e-20 (a gradient
 * that vanished), eating memory until "Invalid array length".
 */
export function decadeSplits(u, axisIdx, min, max) {
  const out = [];
  if (!(min > 0) || !(max >= min)) return out;
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  for (let e = lo; e <= hi; e++) out.push(pow10(e));
  return out;
}

/** A log-10 axis: grid lines and ticks at whole decades only, labels thinned by logValues. */
export function logAxis(opts = {}) {
  return axis({
    splits: decadeSplits,
    values: logValues,
    grid: { stroke: SERIES.grid, width: 1, filter: decadesOnly },
    ticks: { stroke: SERIES.grid, width: 1, size: 4, filter: decadesOnly },
    size: 52,
    ...opts,
  });
}

export function linearValues(u, vals) {
  return vals.map((v) => (v === null ? '' : formatNumber(v, 3)));
}

/**
 * Creates a uPlot chart filling `container` (its width; `height` CSS px).
 * makeOpts(width, height) returns the uPlot options. Returns
 * {plot, setData(data), request(), destroy(), canvas}.
 */
export function createChart(container, makeOpts, initialData, { height = 240, minWidth = 200 } = {}) {
  const width = () => Math.max(minWidth, Math.floor(container.clientWidth || 0) || 480);
  const plot = new uPlot(makeOpts(width(), height), initialData, container);
  let data = initialData;
  let dirty = false;
  const frame = createFrameScheduler(() => {
    if (!dirty) return;
    dirty = false;
    plot.setData(data, true);
  });
  let lastWidth = width();
  const ro = typeof ResizeObserver === 'function'
    ? new ResizeObserver(() => {
      const w = width();
      if (w !== lastWidth) {
        lastWidth = w;
        plot.setSize({ width: w, height });
      }
    })
    : null;
  if (ro) ro.observe(container);
  return {
    plot,
    /** Replaces the data and draws at once (callers run inside the lab's animation frame). */
    setData(next) {
      data = next;
      dirty = false;
      plot.setData(data, true);
    },
    /** Redraws with the same data (e.g. a shared scale moved). */
    request() {
      dirty = true;
      frame.request();
    },
    get canvas() {
      return plot.ctx.canvas;
    },
    destroy() {
      frame.stop();
      if (ro) ro.disconnect();
      plot.destroy();
    },
  };
}

/**
 * The hover read-out of a series: three significant digits whatever the
 * size (uPlot's default rounds 3×10⁻⁷ to "0"), "—" where there is no value.
 */
export function sigValue(u, v) {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return formatNumber(v);
  const a = Math.abs(v);
  if (v === 0 || (a >= 1e-3 && a < 1000)) return v.toPrecision(3);  // trailing zeros kept: 0.00100
  const [m, e] = v.toExponential(2).split('e');
  return `${m}×10${superscript(Number(e))}`;
}

/** Positive finite values as numbers, others as null (gaps on a log axis). */
export function logColumn(arr) {
  const out = new Array(arr ? arr.length : 0);
  for (let k = 0; k < out.length; k++) {
    const v = arr[k];
    out[k] = v > 0 && v < Infinity ? v : null;
  }
  return out;
}
