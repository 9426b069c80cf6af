// loss_chart.mjs — the training curves: loss (left axis) and accuracy
// (right axis, 0..1) against the training step, from the lab's history
// columns, with a dotted line at the engine's chance level (the accuracy of
// always answering the most frequent class) and a dashed one at the task's
// "solved" threshold (tasks()' solved, when the task has one). Long histories are
// drawn every k-th row (at most 1500 points), so a redraw stays cheap.
// Deliberately not: smoothing or any other transformation of the engine's numbers.
import { INTEGER_INCRS, axis, createChart, linearValues, sigValue } from './uplot_chart.mjs';
import { SERIES } from './palette.mjs';

const MAX_POINTS = 1500;

export function createLossChart(container, opts = {}) {
  let chance = null;
  let solved = null;
  const chart = createChart(container, (width, height) => ({
    width, height,
    scales: {
      x: { time: false },
      loss: { range: (u, min, max) => [0, Math.max(max || 0, 0.1) * 1.05] },
      acc: { range: [0, 1] },
    },
    axes: [
      axis({ label: 'training step', labelSize: 22, incrs: INTEGER_INCRS }),
      axis({ scale: 'loss', label: 'loss', labelSize: 22, values: linearValues, size: 48 }),
      axis({ scale: 'acc', side: 1, label: 'accuracy', labelSize: 22, grid: { show: false }, size: 48,
        values: (u, vals) => vals.map((v) => `${Math.round(v * 100)}%`) }),
    ],
    series: [
      { label: 'step' },
      { label: 'loss', scale: 'loss', stroke: SERIES.loss, width: 2, value: sigValue },
      { label: 'accuracy', scale: 'acc', stroke: SERIES.accuracy, width: 2, value: (u, v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`) },
      { label: 'chance', scale: 'acc', stroke: '#8a94a3', width: 1, dash: [2, 4], points: { show: false },
        value: (u, v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`) },
      { label: 'solved', scale: 'acc', stroke: '#3d4450', width: 1, dash: [6, 4], points: { show: false },
        value: (u, v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`) },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  }), [[], [], [], [], []], { height: opts.height || 220 });

  return {
    /** The history's columns (step, loss, accuracy), the engine's chance level and solved threshold (null: no line). */
    update(columns, chanceLevel, solvedLevel = null) {
      chance = Number.isFinite(chanceLevel) ? chanceLevel : null;
      solved = Number.isFinite(solvedLevel) ? solvedLevel : null;
      const n = columns.step.length;
      // At most ~MAX_POINTS points are drawn (every k-th row, always the last).
      const k = Math.max(1, Math.ceil(n / MAX_POINTS));
      if (k === 1) {
        chart.setData([columns.step, columns.loss, columns.accuracy, new Array(n).fill(chance), new Array(n).fill(solved)]);
        return;
      }
      const pick = (col) => {
        const out = [];
        for (let i = (n - 1) % k; i < n; i += k) out.push(col[i]);
        return out;
      };
      const steps = pick(columns.step);
      chart.setData([steps, pick(columns.loss), pick(columns.accuracy), new Array(steps.length).fill(chance), new Array(steps.length).fill(solved)]);
    },
    clear() {
      chart.setData([[], [], [], [], []]);
    },
    get canvas() {
      return chart.canvas;
    },
    destroy() {
      chart.destroy();
    },
  };
}
