// heatmap.mjs — a canvas heat map: a grid of cells coloured with viridis,
// with axis labels and a colour legend. Used for the gradient heat map
// (training steps x time steps of log10 ||dL/dh(t)||) and the gate
// activations (gates x time steps). Scaled for the device pixel ratio;
// draws when told to (from the lab's animation frame) or on the next frame
// (resizes); wide grids are sampled down to the canvas's pixel width.
// Deliberately not: deciding what the values mean (callers pass u in [0, 1]).
import { h, setText } from '../dom.mjs';
import { createFrameScheduler } from './frame.mjs';
import { viridisGradientCss, viridisTable } from './palette.mjs';
import { FONT } from './uplot_chart.mjs';

const LUT = viridisTable();
const NO_DATA = (255 << 24) | (0xe6 << 16) | (0xe2 << 8) | 0xde;  // a warm light grey (ABGR)

/**
 * @param {HTMLElement} container
 * @param {object} opts {height, ariaLabel, margin: {left, bottom, top, right}}
 */
export function createHeatmap(container, opts = {}) {
  const margin = { left: 56, right: 12, top: 8, bottom: 36, ...(opts.margin || {}) };
  const canvas = h('canvas', { role: 'img', 'aria-label': opts.ariaLabel || 'heat map', class: 'rl-heatmap-canvas' });
  const legendBar = h('div', { class: 'rl-legend-bar', style: `background: ${viridisGradientCss()}` });
  const legendTicks = h('div', { class: 'rl-legend-ticks' });
  const legendTitle = h('div', { class: 'rl-legend-title' });
  const noDataText = h('span');
  const noData = h('div', { class: 'rl-legend-nodata', hidden: true }, h('span', { class: 'rl-legend-swatch' }), noDataText);
  const legend = h('div', { class: 'rl-legend', 'aria-hidden': 'true' }, legendTitle, legendBar, legendTicks, noData);
  container.append(canvas, legend);

  const height = opts.height || 220;
  let grid = null;  // {cols, rows, u: Float32Array (row-major), xLabels, yLabels, xTitle, yTitle}
  let markRow = -1; // a row outlined (the step shown from the history), -1 for none
  let cssWidth = 0;
  const offscreen = document.createElement('canvas');

  // The width comes from the ResizeObserver (reading clientWidth while
  // drawing would force a synchronous layout on every frame).
  let observedWidth = 0;
  function resize() {
    const dpr = globalThis.devicePixelRatio || 1;
    if (!observedWidth) observedWidth = container.clientWidth || 480;
    cssWidth = Math.max(160, Math.floor(observedWidth));
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${height}px`;
    const w = Math.round(cssWidth * dpr);
    const hh = Math.round(height * dpr);
    if (canvas.width !== w || canvas.height !== hh) {
      canvas.width = w;
      canvas.height = hh;
    }
  }

  function draw() {
    resize();
    const dpr = globalThis.devicePixelRatio || 1;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssWidth, height);
    const pw = cssWidth - margin.left - margin.right;
    const ph = height - margin.top - margin.bottom;
    ctx.fillStyle = '#f1efec';
    ctx.fillRect(margin.left, margin.top, pw, ph);
    if (grid && grid.cols > 0 && grid.rows > 0) {
      // Sample the grid down to at most the plot's device-pixel size.
      const cols = Math.min(grid.cols, Math.max(1, Math.round(pw * dpr)));
      const rows = Math.min(grid.rows, Math.max(1, Math.round(ph * dpr)));
      if (offscreen.width !== cols || offscreen.height !== rows) {
        offscreen.width = cols;
        offscreen.height = rows;
      }
      const octx = offscreen.getContext('2d');
      const img = octx.createImageData(cols, rows);
      const px = new Uint32Array(img.data.buffer);
      for (let r = 0; r < rows; r++) {
        const gr = Math.floor((r * grid.rows) / rows);
        for (let c = 0; c < cols; c++) {
          const gc = Math.floor((c * grid.cols) / cols);
          const u = grid.u[gr * grid.cols + gc];
          px[r * cols + c] = Number.isNaN(u) ? NO_DATA : LUT[Math.max(0, Math.min(255, Math.round(u * 255)))];
        }
      }
      octx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(offscreen, margin.left, margin.top, pw, ph);
      if (markRow >= 0 && markRow < grid.rows) {
        const rh = ph / grid.rows;
        const y = margin.top + markRow * rh;
        const hh = Math.max(rh, 3);
        ctx.lineWidth = 3;
        ctx.strokeStyle = '#ffffff';
        ctx.strokeRect(margin.left + 1, y - (hh - rh) / 2, pw - 2, hh);
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = '#d55e00';
        ctx.strokeRect(margin.left + 1, y - (hh - rh) / 2, pw - 2, hh);
      }
    }
    // Axes: labels at fractional positions (0..1 across the plot).
    ctx.fillStyle = '#4a5361';
    ctx.font = FONT;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    for (const l of (grid && grid.xLabels) || []) {
      const x = margin.left + l.pos * pw;
      ctx.fillText(l.text, Math.min(Math.max(x, margin.left + 8), margin.left + pw - 8), margin.top + ph + 5);
    }
    if (grid && grid.xTitle) {
      ctx.font = `600 ${FONT}`;
      ctx.fillText(grid.xTitle, margin.left + pw / 2, margin.top + ph + 20);
      ctx.font = FONT;
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const l of (grid && grid.yLabels) || []) {
      const y = margin.top + l.pos * ph;
      ctx.fillText(l.text, margin.left - 6, Math.min(Math.max(y, margin.top + 6), margin.top + ph - 6));
    }
    if (grid && grid.yTitle) {
      ctx.save();
      ctx.translate(12, margin.top + ph / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.font = `600 ${FONT}`;
      ctx.fillText(grid.yTitle, 0, 0);
      ctx.restore();
    }
  }

  const frame = createFrameScheduler(draw);
  const ro = typeof ResizeObserver === 'function'
    ? new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1].contentRect.width);
      if (w > 0 && w !== observedWidth) {
        observedWidth = w;
        frame.request();
      }
    })
    : null;
  if (ro) ro.observe(container);
  frame.request();

  return {
    /** The grid to show; drawn at once with {now: true}, else on the next animation frame. */
    setGrid(next, { now = false } = {}) {
      grid = next;
      if (now) draw();
      else frame.request();
    },
    /** The legend: a title and ticks [{u, text}] along the colour bar. */
    setLegend(title, ticks) {
      setText(legendTitle, title);
      legendTicks.replaceChildren(...ticks.map((t) => h('span', { style: `left: ${(t.u * 100).toFixed(2)}%`, text: t.text })));
    },
    /** What grey cells mean (e.g. "exactly 0"); null hides that legend entry. */
    setNoDataLabel(text) {
      noData.hidden = !text;
      setText(noDataText, text || '');
    },
    setAriaLabel(text) {
      canvas.setAttribute('aria-label', text);
    },
    /** Outlines one row (-1: none); drawn with the next grid. */
    setMarkerRow(r) {
      markRow = Number.isInteger(r) ? r : -1;
    },
    /** The grid row under a viewport y coordinate (a click), or -1 outside the plot. */
    rowAt(clientY) {
      if (!grid || !grid.rows) return -1;
      const r = canvas.getBoundingClientRect();
      const ph = r.height - margin.top - margin.bottom;
      const y = (clientY - r.top - margin.top) / ph;
      return y >= 0 && y < 1 ? Math.floor(y * grid.rows) : -1;
    },
    canvas,
    destroy() {
      frame.stop();
      if (ro) ro.disconnect();
      canvas.remove();
      legend.remove();
    },
  };
}
