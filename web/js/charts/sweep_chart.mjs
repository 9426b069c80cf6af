// sweep_chart.mjs — the sequence-length sweep's result: held-out accuracy
// against T, one colour (Okabe-Ito, with its own dash pattern) per cell; a
// line through the mean over seeds and a band from the lowest to the
// highest seed, plus a dotted line at the engine's chance level and a
// dashed one at the task's "solved" threshold (both per T, the engine's
// numbers; a task without a threshold, the text task, has no dashed line);
// with test lengths, per cell and test length a thin dashed line with
// hollow points: the same models evaluated at that length. Points are plotted as they
// arrive; lengths not trained yet are gaps. Its legend is HTML (uPlot's own
// would list min and max as series of their own).
// Deliberately not: running or summarizing the sweep (the engine's Sweep,
// through sweep_panel.mjs); every accuracy and statistic is the engine's.
import { axis, createChart } from './uplot_chart.mjs';
import { OKABE_ITO } from './palette.mjs';
import { h, setAttr } from '../dom.mjs';
import { cells as engineCells } from '../engine_info.mjs';

// Colour and dash by the cell's place in the engine's list; titles are the engine's.
const STYLES = [
  { color: OKABE_ITO.vermillion, dash: [] },
  { color: OKABE_ITO.blue, dash: [] },
  { color: OKABE_ITO.green, dash: [7, 4] },
  { color: OKABE_ITO.purple, dash: [2, 3] },
  { color: OKABE_ITO.orange, dash: [10, 3, 2, 3] },
  { color: OKABE_ITO.skyBlue, dash: [1, 2] },
];

/** {label, short, color, dash} of a cell. */
export function cellStyle(name) {
  const i = engineCells().findIndex((c) => c.name === name);
  const c = i >= 0 ? engineCells()[i] : null;
  const st = i >= 0 ? STYLES[i % STYLES.length] : { color: OKABE_ITO.black, dash: [] };
  return { label: c ? c.title : String(name), short: c ? c.shortTitle : String(name), ...st };
}

function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/**
 * @param {HTMLElement} container (carries data-points = number of (cell, T) points plotted)
 * @param {object} [opts] {height}
 */
export function createSweepChart(container, opts = {}) {
  const height = opts.height || 300;
  const plotBox = h('div', { class: 'sw-plot' });
  const legend = h('ul', { class: 'sw-legend', 'aria-label': 'Legend' });
  container.replaceChildren(plotBox, legend);
  let chart = null;
  let key = '';

  function build(cells, lengths, tests) {
    if (chart) chart.destroy();
    const series = [{ label: 'T' }];
    const bands = [];
    for (const cell of cells) {
      const st = cellStyle(cell);
      const base = series.length;
      series.push(
        { label: `${st.label} mean`, stroke: st.color, width: 2.5, dash: st.dash, points: { show: true, size: 7, fill: st.color } },
        { label: `${st.label} min`, stroke: alpha(st.color, 0.45), width: 1, points: { show: false } },
        { label: `${st.label} max`, stroke: alpha(st.color, 0.45), width: 1, points: { show: false } },
      );
      bands.push({ series: [base + 2, base + 1], fill: alpha(st.color, 0.14) });
    }
    // With test lengths: per cell and test length, the mean accuracy of the models trained at each T, tested at that length.
    for (const cell of cells) {
      const st = cellStyle(cell);
      for (const Tt of tests) {
        series.push({ label: `${st.label} tested at T = ${Tt}`, stroke: alpha(st.color, 0.8), width: 1.25, dash: [3, 3],
          points: { show: true, size: 6, fill: '#fff', stroke: st.color, width: 1.5 } });
      }
    }
    series.push({ label: 'chance', stroke: '#8a94a3', width: 1.5, dash: [2, 4], points: { show: false } });
    series.push({ label: 'solved', stroke: '#3d4450', width: 1.5, dash: [8, 4], points: { show: false } });
    const lo = Math.min(...lengths);
    const hi = Math.max(...lengths);
    const pad = Math.max(0.5, (hi - lo) * 0.04);
    chart = createChart(plotBox, (width, hgt) => ({
      width, height: hgt,
      scales: { x: { time: false, range: () => [lo - pad, hi + pad] }, y: { range: [0, 1.02] } },
      axes: [
        axis({ label: 'sequence length T', labelSize: 22, splits: () => lengths }),
        axis({ label: 'held-out accuracy', labelSize: 22, size: 52, splits: () => [0, 0.25, 0.5, 0.75, 1],
          values: (u, vals) => vals.map((v) => `${Math.round(v * 100)}%`) }),
      ],
      series,
      bands,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 8 } },
    }), [lengths, ...series.slice(1).map(() => lengths.map(() => null))], { height });
    legend.replaceChildren(
      ...cells.map((cell) => {
        const st = cellStyle(cell);
        const swatch = h('span', { class: 'sw-swatch', 'aria-hidden': 'true' });
        swatch.style.setProperty('--sw-color', st.color);
        swatch.style.setProperty('--sw-band', alpha(st.color, 0.18));
        if (st.dash && st.dash.length) swatch.classList.add('sw-swatch--dashed');
        return h('li', {}, swatch, st.label);
      }),
      h('li', { class: 'sw-legend-note' }, h('span', { class: 'sw-swatch sw-swatch--chance', 'aria-hidden': 'true' }), 'chance'),
      h('li', { class: 'sw-legend-note' }, h('span', { class: 'sw-swatch sw-swatch--solved', 'aria-hidden': 'true' }), 'solved (the task\'s threshold)'),
      ...(tests.length ? [h('li', { class: 'sw-legend-note', 'data-testid': 'sweep-test-legend',
        text: `hollow points, thin dashes: the same models tested at T = ${tests.join(', ')} (mean over seeds)` })] : []),
      h('li', { class: 'sw-legend-note', text: 'line: mean over seeds · band: lowest to highest seed' }),
    );
  }

  return {
    /**
     * Plots the points so far. cells and lengths: the sweep's grid (the axes);
     * points: the engine's [{cell, T, meanAccuracy, minAccuracy, maxAccuracy}];
     * chance: the engine's chance level or null.
     */
    update(cells, lengths, points, chance, solved = null, testLengths = []) {
      const xs = [...lengths].sort((x, y) => x - y);
      const tests = Array.from(testLengths || []);
      const k = `${cells.join(',')}|${xs.join(',')}|${tests.join(',')}`;
      if (k !== key) {
        key = k;
        build(cells, xs, tests);
      }
      const at = new Map(points.map((p) => [`${p.cell}|${p.T}`, p]));
      const cols = [xs];
      for (const cell of cells) {
        const pick = (f) => xs.map((T) => (at.has(`${cell}|${T}`) ? at.get(`${cell}|${T}`)[f] : null));
        cols.push(pick('meanAccuracy'), pick('minAccuracy'), pick('maxAccuracy'));
      }
      for (const cell of cells) {
        for (const Tt of tests) {
          cols.push(xs.map((T) => {
            const p = at.get(`${cell}|${T}`);
            const e = p && Array.isArray(p.test) ? p.test.find((x) => x.T === Tt) : null;
            return e ? e.meanAccuracy : null;
          }));
        }
      }
      // Per length: a point's own chance and threshold (the engine's, at its T), else the sweep's.
      const atT = (f, fallback) => xs.map((T) => {
        const p = points.find((q) => q.T === T && Number.isFinite(q[f]));
        return p ? p[f] : (Number.isFinite(fallback) ? fallback : null);
      });
      cols.push(atT('chance', chance), atT('solved', solved));
      chart.setData(cols);
      setAttr(container, 'data-points', points.filter((p) => cells.includes(p.cell) && xs.includes(p.T)).length);
    },
    get canvas() {
      return chart ? chart.canvas : null;
    },
    destroy() {
      if (chart) chart.destroy();
    },
  };
}
