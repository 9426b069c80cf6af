// sweep_panel.mjs — the page's sequence-length sweep: for each chosen cell,
// each length T and each seed, a fresh model trained for a fixed number of
// steps and evaluated on held-out sequences (the engine's Sweep: its
// defaults, limits, loop and statistics), in workers of its own so the lab
// keeps training: with more than one core, a pool of
// navigator.hardwareConcurrency − 1 workers trains the models and the
// panel's worker adds them in the engine's order (sweep_pool.mjs), with
// exactly the results of one worker. Shows progress (done/total
// and the latest point), can be cancelled (after the model in training),
// and plots accuracy against T with the spread across seeds, as the points
// arrive. Task and training settings come from the lab (getBase()).
// An optional "Test lengths" field (the engine's testLengths): every model
// is also tested at those T, drawn as extra series and rows of the table.
// Hooks: sweep-panel, sweep-start, sweep-cancel, sweep-progress (data-done,
// data-total, data-workers: how many trained the sweep), sweep-chart
// (data-points), sweep-levels, sweep-test-lengths, sweep-table (each number
// cell with the engine's data-mean, data-sd, data-min, data-max and
// data-runs, the accuracies of its seeds). Tests and benchmarks set
// data-workers on sweep-panel to choose the pool's size (1: one worker).
// Deliberately not: any accuracy of its own (every number is the engine's).
import { h, setAttr, setText, uid } from './dom.mjs';
import { formatPercent } from './format.mjs';
import { createWorkerClient } from './worker_client.mjs';
import { createSweepPool, defaultPoolSize, MAX_SWEEP_WORKERS } from './sweep_pool.mjs';
import { cellStyle, createSweepChart } from './charts/sweep_chart.mjs';
import { cells as engineCells, sweepDefaults } from './engine_info.mjs';

const OPT_NAME = { sgd: 'SGD', rmsprop: 'RMSprop', adam: 'Adam' };

/** The engine's defaults, or (outside a bundle) a minimal stand-in for the form's first paint. */
function defaults() {
  return sweepDefaults() || { cells: [], lengths: [], seeds: 1, steps: 1, eval: 1, maxSeeds: 1 };
}

/**
 * @param {HTMLElement} container
 * @param {object} opts {getBase(): the lab's config (URL keys) or null}
 */
export function createSweepPanel(container, opts = {}) {
  const id = uid('sw');
  const DEFAULTS = defaults();
  const cellBoxes = {};
  const cellRow = h('div', { class: 'sw-cells' }, engineCells().map(({ name }) => {
    const input = h('input', { type: 'checkbox', id: `${id}-${name}`, name: 'cells', value: name, checked: DEFAULTS.cells.includes(name) });
    cellBoxes[name] = input;
    const st = cellStyle(name);
    const swatch = h('span', { class: 'sw-dot', 'aria-hidden': 'true' });
    swatch.style.setProperty('--sw-color', st.color);
    return h('span', { class: 'sw-check' }, input, h('label', { for: `${id}-${name}` }, swatch, st.short));
  }));
  const lengths = h('input', { type: 'text', id: `${id}-lengths`, name: 'lengths', value: DEFAULTS.lengths.join(', '), spellcheck: 'false', autocomplete: 'off', inputmode: 'numeric' });
  const seeds = h('input', { type: 'number', id: `${id}-seeds`, name: 'seeds', value: String(DEFAULTS.seeds), min: '1', max: String(DEFAULTS.maxSeeds), step: '1' });
  const steps = h('input', { type: 'number', id: `${id}-steps`, name: 'steps', value: String(DEFAULTS.steps), min: '1', step: '50' });
  const testLengths = h('input', { type: 'text', id: `${id}-test-lengths`, name: 'testLengths', value: (DEFAULTS.testLengths || []).join(', '),
    spellcheck: 'false', autocomplete: 'off', inputmode: 'numeric', placeholder: 'none', 'data-testid': 'sweep-test-lengths' });
  const field = (label, input, hint, wide = false) => h('div', { class: wide ? 'sw-field sw-field--wide' : 'sw-field' },
    h('label', { for: input.id, text: label }), input, hint ? h('span', { class: 'sw-hint', text: hint }) : null);

  const startBtn = h('button', { type: 'submit', class: 'page-btn page-btn--primary', 'data-testid': 'sweep-start', text: 'Run sweep' });
  const cancelBtn = h('button', { type: 'button', class: 'page-btn', 'data-testid': 'sweep-cancel', text: 'Cancel', disabled: true });
  const base = h('p', { class: 'sw-base' });
  const form = h('form', { class: 'sw-form', novalidate: true, 'aria-label': 'Sweep settings' },
    h('fieldset', { class: 'sw-field sw-field--wide' }, h('legend', { text: 'Cells' }), cellRow),
    field('Lengths T', lengths, 'comma separated', true),
    field('Seeds', seeds, 'models per cell and T'),
    field('Steps per model', steps, 'the training budget'),
    field('Test lengths', testLengths, 'optional: test every model at these T too (generalisation to longer sequences)', true),
    h('div', { class: 'sw-actions' }, startBtn, cancelBtn),
    base);

  const bar = h('progress', { class: 'sw-bar', max: '1', value: '0' });
  const progressText = h('span', { class: 'sw-progress-text', text: 'Not run yet.' });
  const latest = h('span', { class: 'sw-latest' });
  const progress = h('div', { class: 'sw-progress', 'data-testid': 'sweep-progress', 'data-done': '0', 'data-total': '0', role: 'status', 'aria-live': 'polite' },
    bar, h('div', { class: 'sw-progress-line' }, progressText, latest));
  const error = h('p', { class: 'sw-error', role: 'alert', 'data-testid': 'sweep-error', hidden: true });
  const chartBox = h('div', { class: 'sw-chart', 'data-testid': 'sweep-chart', 'data-points': '0' });
  const table = h('table', { class: 'sw-table' });
  const levels = h('p', { class: 'sw-levels', 'data-testid': 'sweep-levels', 'data-chance': '', 'data-solved': '' });
  const tableBox = h('details', { class: 'sw-table-box' }, h('summary', { text: 'The numbers (mean, lowest–highest seed)' }), table);

  container.replaceChildren(
    h('div', { class: 'sw-head' },
      h('h2', { class: 'sw-heading', text: 'Sequence-length sweep' }),
      h('p', { class: 'sw-sub', text: `The course's central experiment: for each cell and each length T, fresh models (one per seed) are trained for the same number of steps and then tested on ${DEFAULTS.eval} held-out sequences. Where a line falls to chance (dotted), the models did not learn, within the budget, to carry the first tokens across T steps; a mean at or above the dashed line (the task's "solved" threshold, held-out accuracy) is solved on average over the seeds.` })),
    h('div', { class: 'sw-body' },
      h('div', { class: 'sw-side' }, form),
      h('div', { class: 'sw-main' }, progress, error, chartBox, levels, tableBox)));
  const chart = createSweepChart(chartBox);
  // Before the first run the empty axes of the default sweep say what will appear.
  if (DEFAULTS.lengths.length) chart.update(DEFAULTS.cells, DEFAULTS.lengths, [], null);
  chartBox.setAttribute('data-empty', 'Press Run sweep: the points appear as the models finish');

  let client = null;
  let pool = null;         // the workers that train a pooled sweep (more than one core)
  let run = null;          // {handle, cells, lengths, done, total, t0, workers}

  /** The pool's size: data-workers on the panel (tests, benchmarks), else hardwareConcurrency − 1. */
  function poolSize() {
    const asked = Number(container.dataset.workers);
    return Number.isInteger(asked) && asked >= 1 ? Math.min(asked, MAX_SWEEP_WORKERS) : defaultPoolSize();
  }

  function describeBase(c) {
    if (!c) return 'Task and training settings: the lab\'s (not configured yet).';
    const input = c.embed > 0 ? `E = ${c.embed}` : 'one-hot';
    const init = c.init && c.init !== 'pytorch' ? ` · init ${c.init}` : '';
    const gain = c.gain !== undefined && c.gain !== 1 ? ` × ${c.gain}` : '';
    return `From the lab above: ${c.task} · N_h = ${c.hidden} · ${input}${init}${gain} · ${OPT_NAME[c.optimizer] || c.optimizer} ${c.lr} · batch ${c.batch} · clip ${c.clip || 'off'} · seeds from ${c.seed}.`;
  }
  function refreshBase() {
    if (!run) setText(base, describeBase(opts.getBase ? opts.getBase() : null));
  }

  /** The sweep's chance level and threshold, in words (the engine's numbers: at the base T, per point in the table). */
  function showLevels(result) {
    const parts = [];
    if (Number.isFinite(result.chance)) parts.push(`chance ${formatPercent(result.chance)} at the lab's T (dotted)`);
    if (Number.isFinite(result.solved)) parts.push(`solved at held-out accuracy ≥ ${formatPercent(result.solved)} (dashed)`);
    setText(levels, parts.length ? `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) : '');
    setAttr(levels, 'data-chance', Number.isFinite(result.chance) ? result.chance : '');
    setAttr(levels, 'data-solved', Number.isFinite(result.solved) ? result.solved : '');
  }

  function showError(message) {
    setText(error, message || '');
    error.hidden = !message;
  }

  function setBusy(busy) {
    startBtn.disabled = busy;
    cancelBtn.disabled = !busy;
    for (const el of form.querySelectorAll('input')) el.disabled = busy;
    container.classList.toggle('sw--running', busy);
  }

  function setProgress(done, total) {
    setAttr(progress, 'data-done', done);
    setAttr(progress, 'data-total', total);
    bar.max = Math.max(1, total);
    bar.value = done;
  }

  function renderTable(cells, xs, points, tests = []) {
    const at = new Map(points.map((p) => [`${p.cell}|${p.T}`, p]));
    const stats = (s) => (s ? `${formatPercent(s.meanAccuracy)} (${formatPercent(s.minAccuracy)}–${formatPercent(s.maxAccuracy)}), sd ${formatPercent(s.stdAccuracy)}` : '—');
    // Each cell also carries the engine's numbers in full (data-mean, data-sd, data-min, data-max, data-runs).
    const cell = (s, runs) => h('td', s ? { class: 'sw-num', text: stats(s), 'data-mean': s.meanAccuracy, 'data-sd': s.stdAccuracy,
      'data-min': s.minAccuracy, 'data-max': s.maxAccuracy, 'data-runs': runs.join(' ') } : { class: 'sw-num', text: stats(null) });
    // One row per cell (tested at its training T), then, with test lengths, one per cell and test length.
    const rows = cells.flatMap((c) => [
      h('tr', {}, h('th', { scope: 'row', text: cellStyle(c).label }), xs.map((T) => {
        const p = at.get(`${c}|${T}`);
        return cell(p, p ? p.runs.map((r) => r.accuracy) : []);
      })),
      ...tests.map((Tt) => h('tr', { class: 'sw-test-row' }, h('th', { scope: 'row', text: `${cellStyle(c).label}, tested at T = ${Tt}` }),
        xs.map((T) => {
          const p = at.get(`${c}|${T}`);
          const runs = p ? p.runs.map((r) => (r.test || []).find((x) => x.T === Tt)).filter(Boolean).map((x) => x.accuracy) : [];
          return cell(p && Array.isArray(p.test) ? p.test.find((x) => x.T === Tt) : null, runs);
        }))),
    ]);
    setAttr(table, 'data-testid', 'sweep-table');
    table.replaceChildren(
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'cell' }), xs.map((T) => h('th', { scope: 'col', class: 'sw-num', text: tests.length ? `trained at T = ${T}` : `T = ${T}` })))),
      h('tbody', {}, rows));
  }

  // The engine's result so far: its (cell, T) grid and statistics, and the chance level.
  function plot(result) {
    const xs = [...new Set(run.lengths)].sort((x, y) => x - y);
    chart.update(run.cells, xs, result.points, result.chance, result.solved, result.testLengths || []);
    showLevels(result);
    renderTable(run.cells, xs, result.points, Array.from(result.testLengths || []));
  }

  // Only what the form itself can tell; the engine checks every value (and its limits) when the sweep starts.
  function read() {
    const cells = Object.keys(cellBoxes).filter((c) => cellBoxes[c].checked);
    if (!cells.length) return { error: 'Choose at least one cell.' };
    const spec = { cells, lengths: lengths.value, seeds: seeds.value, steps: steps.value };
    if (testLengths.value.trim() !== '') spec.testLengths = testLengths.value;
    return { spec };
  }

  async function start() {
    if (run) return;
    showError('');
    const r = read();
    if (r.error) {
      showError(r.error);
      return;
    }
    const cfg = opts.getBase ? opts.getBase() : null;
    const baseConfig = { ...(cfg || {}) };
    delete baseConfig.cell;
    delete baseConfig.T;
    // A worker that died (the previous sweep then failed with its reason) is replaced.
    if (client && client.dead) client.restart();
    if (!client) client = createWorkerClient({ onError: (message) => fail(message) });
    const workers = poolSize();
    if (workers > 1 && (!pool || pool.size !== workers)) {
      if (pool) pool.destroy();
      pool = createSweepPool(workers, (handlers) => createWorkerClient(handlers));
    }
    run = { handle: null, cells: r.spec.cells, lengths: [], done: 0, total: 0, t0: performance.now(), workers };
    setAttr(progress, 'data-workers', workers);
    const mine = run;
    setBusy(true);
    setText(base, describeBase(cfg));
    setProgress(0, 0);
    setText(progressText, 'loading the engine…');
    setText(latest, '');
    const onProgress = (msg) => {
      if (run !== mine) return;
      if (!mine.total) {
        // The first message (sweepStarted): the engine accepted the spec; its grid is the axes.
        mine.lengths = Array.from(msg.result.lengths);
        chartBox.removeAttribute('data-empty');
      }
      mine.done = msg.done || 0;
      mine.total = msg.total;
      setProgress(mine.done, msg.total);
      setText(progressText, `${mine.done} / ${msg.total} models`);
      const p = msg.point;
      if (p) setText(latest, `latest: ${cellStyle(p.cell).label}, T = ${p.T}, seed ${p.seed} → ${formatPercent(p.accuracy)}${p.finite ? '' : ' (diverged)'}`);
      plot(msg.result);
    };
    const params = { config: baseConfig, spec: r.spec };
    mine.handle = workers > 1 ? pool.sweep(client, params, onProgress) : client.sweep(params, onProgress);
    try {
      const { cancelled, result } = await mine.handle.done;
      if (run !== mine) return;
      plot(result);
      const secs = ((performance.now() - mine.t0) / 1000).toFixed(1);
      setText(progressText, cancelled
        ? `Cancelled after ${result.done} of ${result.total} models (${secs} s).`
        : `Done: ${result.total} models in ${secs} s (${mine.workers === 1 ? 'one worker' : `${mine.workers} workers`}).`);
      container.dataset.state = cancelled ? 'cancelled' : 'done';
    } catch (e) {
      if (run === mine) fail(e.message);
      return;
    }
    run = null;
    setBusy(false);
  }

  function fail(message) {
    showError(`The sweep stopped: ${message}`);
    container.dataset.state = 'error';
    run = null;
    setBusy(false);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    container.dataset.state = 'running';
    start();
  });
  cancelBtn.addEventListener('click', () => {
    if (!run) return;
    if (run.handle) {
      run.handle.cancel();
      cancelBtn.disabled = true;
      setText(progressText, `${run.done} / ${run.total} models · cancelling after the model in training…`);
    } else {
      run = null;  // still loading the engine: nothing has started
      setBusy(false);
      setText(progressText, 'Cancelled.');
      container.dataset.state = 'cancelled';
    }
  });

  refreshBase();
  return {
    /** The lab's settings changed: the next sweep uses them. */
    refreshBase,
    destroy() {
      chart.destroy();
      if (pool) pool.destroy();
      if (client) client.terminate();
    },
  };
}
