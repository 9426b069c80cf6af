// state_panel.mjs — "Inside the state": heat maps over time x units of the
// hidden state h(t), the cell state c(t) (cells that have one) and every
// gate, unit by unit, from the engine's per-unit traces
// (diagnostics.units: `first` = the batch's first sequence, `mean` = the
// mean over the batch; the lab asks for them with `units: true`). One map
// per quantity, rows = time steps t (top: t = 1), columns = hidden units,
// all maps in the same column order: the unit index, or sorted by a
// quantity's mean over t in the maps shown (a presentation order only).
// Which quantities exist, their names and activations come from the cell's
// descriptor; when the engine leaves the traces out (T x H too large) its
// message is shown instead.
// Deliberately not: any number the engine does not give, besides the sort
// keys and the colour range of c(t), which are read off what is drawn.
import { createHeatmap } from '../charts/heatmap.mjs';
import { h, setAttr, setText, uid } from '../dom.mjs';
import { formatCount, formatNumber } from '../format.mjs';
import { unitGrid } from '../step_history.mjs';
import { panelElement, setEmpty, stackNote } from './panel.mjs';

export const SOURCES = Object.freeze([
  ['first', 'first sequence of the batch'],
  ['mean', 'mean over the batch'],
]);

/** A round upper bound for a colour range: 1, 1.5, 2, 3, 5, 7, 10, 15, … (at least 1). */
export function niceCeil(x) {
  if (!(x > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.5, 2, 3, 5, 7, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/**
 * The maps to draw for one step (pure: tested in Node): h, then c if the
 * engine sent it, then the cell's gates in descriptor order.
 * @param {object} units the engine's diagnostics.units
 * @param {'first'|'mean'} source
 * @param {object} cell the cell's descriptor {gates: [{name, title, activation}], stateSymbol?}
 * @returns {[{key, symbol, label, kind: 'tanh'|'sigmoid'|'free', lo, hi, grid}]}
 */
export function stateMaps(units, source, cell) {
  const side = units && units[source];
  if (!side || !side.h) return [];
  const maps = [];
  const add = (key, symbol, label, kind, trace) => {
    const grid = unitGrid(trace);
    let lo = kind === 'sigmoid' ? 0 : -1;
    let hi = 1;
    if (kind === 'free') {
      let m = 0;
      for (const v of grid.values) if (Math.abs(v) > m && Number.isFinite(v)) m = Math.abs(v);
      hi = niceCeil(m);
      lo = -hi;
    }
    maps.push({ key, symbol, label, kind, lo, hi, grid });
  };
  add('h', 'h', 'h(t), the hidden state', 'tanh', side.h);
  if (side.c) add('c', 'c', 'c(t), the cell state', 'free', side.c);
  for (const g of (cell && cell.gates) || []) {
    const tr = side.gates && side.gates[g.name];
    if (tr) add(g.name, g.name, `${g.name}(t), ${g.title} (${g.activation === 'tanh' ? 'tanh' : 'σ'})`, g.activation === 'tanh' ? 'tanh' : 'sigmoid', tr);
  }
  return maps;
}

/** The sort choices for a set of maps: [value, label]; 'index' first. */
export function sortChoices(maps) {
  return [['index', 'unit index'], ...maps.map((m) => [m.key, m.kind === 'sigmoid'
    ? `mean ${m.symbol}(t) over t, highest first` : `mean |${m.symbol}(t)| over t, highest first`])];
}

/**
 * The column order (unit indices, 0-based) for a sort choice: 'index', or a
 * map's key (sigmoid gates by their mean over t, signed quantities by their
 * mean absolute value over t; highest first, ties by index). Pure.
 */
export function unitOrder(maps, sortKey) {
  const H = maps.length ? maps[0].grid.cols : 0;
  const order = Array.from({ length: H }, (_, k) => k);
  const m = maps.find((x) => x.key === sortKey);
  if (!m || sortKey === 'index') return order;
  const { rows, cols, values } = m.grid;
  const score = new Float64Array(cols);
  for (let t = 0; t < rows; t++) {
    for (let k = 0; k < cols; k++) {
      const v = values[t * cols + k];
      score[k] += m.kind === 'sigmoid' ? v : Math.abs(v);
    }
  }
  return order.sort((a, b) => (score[b] - score[a]) || (a - b));
}

/** The sentence under the maps: what is shown, at which step, in which order (pure). */
export function stateCaption({ step, source, sortLabel, T, H, cellTitle, symbols = ['h'] }) {
  const what = source === 'mean' ? 'the mean over the batch' : 'the batch\'s first sequence (a new batch every step)';
  const order = sortLabel ? `sorted by ${sortLabel} (every map in the same order; the ticks name the units)` : 'in index order';
  const states = symbols.filter((x) => x === 'h' || x === 'c').map((x) => `${x}(t)`);
  const gates = symbols.filter((x) => x !== 'h' && x !== 'c');
  const shown = gates.length ? `${states.join(', ')} and the gates ${gates.join(', ')}` : `${states.join(' and ')} (no gates in this cell)`;
  return `Step ${formatCount(step)}: ${cellTitle ? `the ${cellTitle}'s ` : ''}${shown} for ${what}; ${T} rows (t = 1 at the top to t = ${T}), ${H} columns: the units ${order}.`;
}

function tickPositions(n) {
  if (n <= 0) return [];
  const set = new Set([0, n - 1]);
  if (n > 4) set.add(Math.floor((n - 1) / 2));
  return [...set].sort((a, b) => a - b);
}

const LEGEND = {
  tanh: (m) => [`${m.symbol}: −1 → 1`, [{ u: 0, text: '−1' }, { u: 0.5, text: '0' }, { u: 1, text: '1' }]],
  sigmoid: (m) => [`${m.symbol}: 0 (closed) → 1 (open)`, [{ u: 0, text: '0' }, { u: 0.5, text: '0.5' }, { u: 1, text: '1' }]],
  free: (m) => [`${m.symbol}: −${m.hi} → ${m.hi} (range fits the values shown)`, [{ u: 0, text: `−${m.hi}` }, { u: 0.5, text: '0' }, { u: 1, text: String(m.hi) }]],
};

const MARGIN = { left: 34, right: 8, top: 4, bottom: 34 };

export default {
  key: 'state',
  title: 'Inside the state',
  explainer: 'One heat map per quantity: h(t), the LSTM\'s cell state c(t), and every gate, unit by unit (not only their mean). Rows are time steps t (t = 1 at the top), columns are hidden units, all maps in the same column order. Colour is the value: tanh quantities run −1 … 1, sigmoid gates 0 (closed) … 1 (open); the cell state c(t) is unbounded, its range is in its legend. Look for units whose forget gate f is near 1 (yellow) down their column: their c(t) can keep a value over many steps, and that is the path the gradient takes back through time. Sorting the units is only a presentation order; the ticks under each map name the units shown there.',
  view: 'heat maps over time × units of h(t), c(t) and every gate',
  // The per-unit traces, asked for in every run the engine accepts them for
  // (it leaves them out itself above T x H = 65536, saying so in unitsOmitted).
  async requests(config, check) {
    const r = await check({ ...config, units: true });
    const refused = r.errors.find((e) => e.key === 'units');
    return refused ? { keys: {}, note: refused.message } : { keys: { units: true } };
  },
  create() {
    const sourceId = uid('rl-state-src');
    const sortId = uid('rl-state-sort');
    const source = h('select', { id: sourceId, class: 'rl-state-select', 'data-testid': 'state-source' },
      SOURCES.map(([v, label]) => h('option', { value: v, text: label })));
    const sort = h('select', { id: sortId, class: 'rl-state-select', 'data-testid': 'state-sort' },
      h('option', { value: 'index', text: 'unit index' }));
    const form = h('div', { class: 'rl-state-form' },
      h('span', { class: 'rl-state-field' }, h('label', { for: sourceId, text: 'Show' }), source),
      h('span', { class: 'rl-state-field' }, h('label', { for: sortId, text: 'Order units by' }), sort));
    const mapsBox = h('div', { class: 'rl-state-maps' });
    const box = h('div', { class: 'rl-chart rl-state', 'data-testid': 'state-heatmap', 'data-rows': '0', 'data-cols': '0',
      'data-source': 'first', 'data-sort': 'index', 'data-step': '' }, mapsBox);
    const readout = h('p', { class: 'rl-note rl-state-readout', 'aria-live': 'off' });
    const caption = h('p', { class: 'rl-summary rl-state-caption' });
    const omitted = h('p', { class: 'rl-note rl-state-omitted', 'data-testid': 'state-omitted', hidden: true });
    const stack = stackNote((L) => `With ${L} layers stacked, these maps are the top layer's (layer ${L - 1}).`);
    const element = panelElement(this, [stack.element, form, box, readout, caption, omitted], 'rl-panel--wide');

    let cell = null;
    let figures = new Map();   // key -> {fig, map (heatmap), title}
    let shown = null;          // {maps, order, step}
    let last = null;           // the latest message rendered (re-drawn when a choice changes)
    let choicesKey = '';
    let refusedNote = null;    // the engine's reason when it refused units: true

    function figureFor(m, T) {
      let f = figures.get(m.key);
      if (!f) {
        const title = h('h4', { class: 'rl-state-title' });
        const chart = h('div', { class: 'rl-state-chart' });
        const fig = h('figure', { class: 'rl-state-fig', 'data-map': m.key }, title, chart);
        const plotHeight = Math.max(84, Math.min(220, T * 7));
        const map = createHeatmap(chart, { height: plotHeight + MARGIN.top + MARGIN.bottom, margin: MARGIN,
          ariaLabel: `Heat map of ${m.label} over time steps and units` });
        f = { fig, map, title, key: m.key };
        map.canvas.addEventListener('mousemove', (ev) => hover(f, ev));
        map.canvas.addEventListener('mouseleave', () => setText(readout, ''));
        figures.set(m.key, f);
        mapsBox.append(fig);
      }
      return f;
    }

    function hover(f, ev) {
      if (!shown) return;
      const m = shown.maps.find((x) => x.key === f.key);
      if (!m) return;
      const r = f.map.canvas.getBoundingClientRect();
      const pw = r.width - MARGIN.left - MARGIN.right;
      const ph = r.height - MARGIN.top - MARGIN.bottom;
      const x = (ev.clientX - r.left - MARGIN.left) / pw;
      const y = (ev.clientY - r.top - MARGIN.top) / ph;
      if (x < 0 || x >= 1 || y < 0 || y >= 1) {
        setText(readout, '');
        return;
      }
      const col = Math.floor(x * m.grid.cols);
      const t = Math.floor(y * m.grid.rows);
      const unit = shown.order[col];
      setText(readout, `${m.symbol}(t) at t = ${t + 1}, unit ${unit + 1}: ${formatNumber(m.grid.values[t * m.grid.cols + unit], 3)}`);
    }

    function clearMaps() {
      for (const f of figures.values()) {
        f.map.destroy();
        f.fig.remove();
      }
      figures = new Map();
      shown = null;
    }

    function draw(latest) {
      const d = latest && latest.diagnostics;
      const units = d && d.units;
      const maps = stateMaps(units, source.value, cell);
      omitted.hidden = maps.length > 0;
      mapsBox.hidden = maps.length === 0;
      if (!maps.length) {
        let why = 'No per-unit traces in this step\'s diagnostics.';
        if (d && d.unitsOmitted) why = `The engine left out the per-unit traces at this size: ${d.unitsOmitted}. Choose a smaller T or N_h to see them.`;
        else if (refusedNote) why = `The engine did not accept units: true for these settings: ${refusedNote}`;
        setText(omitted, why);
        setAttr(box, 'data-rows', 0);
        setAttr(box, 'data-cols', 0);
        setText(caption, '');
        shown = null;
        return;
      }
      // The sort menu follows the maps there are (one choice per quantity).
      const choices = sortChoices(maps);
      const key = choices.map((c) => c[0]).join(',');
      if (key !== choicesKey) {
        const keep = sort.value;
        sort.replaceChildren(...choices.map(([v, label]) => h('option', { value: v, text: label })));
        sort.value = choices.some((c) => c[0] === keep) ? keep : 'index';
        choicesKey = key;
      }
      const order = unitOrder(maps, sort.value);
      const T = maps[0].grid.rows;
      const H = maps[0].grid.cols;
      for (const m of maps) {
        const f = figureFor(m, T);
        setText(f.title, m.label);
        const { rows, cols, values } = m.grid;
        const u = new Float32Array(rows * cols);
        const span = m.hi - m.lo;
        for (let t = 0; t < rows; t++) {
          for (let c = 0; c < cols; c++) {
            const v = values[t * cols + order[c]];
            u[t * cols + c] = Number.isFinite(v) ? Math.max(0, Math.min(1, (v - m.lo) / span)) : NaN;
          }
        }
        const xLabels = tickPositions(cols).map((c) => ({ pos: (c + 0.5) / cols, text: String(order[c] + 1) }));
        const yLabels = [{ pos: 0.5 / rows, text: '1' }, { pos: 1 - 0.5 / rows, text: String(rows) }];
        f.map.setGrid({ cols, rows, u, xLabels, yLabels, xTitle: sort.value === 'index' ? 'unit' : 'unit (sorted)', yTitle: 't ↓' }, { now: true });
        const [title, ticks] = LEGEND[m.kind](m);
        f.map.setLegend(title, ticks);
      }
      for (const [k, f] of figures) f.fig.hidden = !maps.some((m) => m.key === k);
      shown = { maps, order, step: latest.step };
      setAttr(box, 'data-rows', T);
      setAttr(box, 'data-cols', H);
      setAttr(box, 'data-source', source.value);
      setAttr(box, 'data-sort', sort.value);
      setAttr(box, 'data-step', latest.step);
      const sortLabel = sort.value === 'index' ? null : choices.find((c) => c[0] === sort.value)[1];
      setText(caption, stateCaption({ step: latest.step, source: source.value, sortLabel, T, H, cellTitle: cell && cell.title, symbols: maps.map((m) => m.symbol) }));
    }

    source.addEventListener('change', () => draw(last));
    sort.addEventListener('change', () => draw(last));

    return {
      element,
      reset(config, info) {
        cell = info.cell;
        stack.reset(config);
        refusedNote = info.notes && info.notes.state ? info.notes.state : null;
        last = null;
        clearMaps();
        choicesKey = '';
        sort.replaceChildren(h('option', { value: 'index', text: 'unit index' }));
        mapsBox.hidden = false;
        omitted.hidden = true;
        setAttr(box, 'data-rows', 0);
        setAttr(box, 'data-cols', 0);
        setAttr(box, 'data-step', '');
        setText(caption, '');
        setText(readout, '');
        setEmpty([box], true);
      },
      render(latest) {
        last = latest;
        setEmpty([box], false);
        draw(latest);
      },
      exports() {
        return shown ? shown.maps.map((m) => ({ title: `Inside the state: ${m.label}`, canvas: figures.get(m.key).map.canvas })) : [];
      },
      destroy() {
        clearMaps();
      },
    };
  },
};
