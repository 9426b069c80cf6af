// lab_view.mjs — one lab: a training worker and every panel of its run
// (settings, run controls, gradient flow, heat map, BPTT terms, loss and
// accuracy, parameter formula, gates, samples, export), rendered into a root
// element it is given. The page uses one lab, compare mode two, and the
// embeddable element (embed_element.mjs) puts one in a shadow root, so this
// file queries only inside its own root and adopts its styles into that
// root's document or shadow root. The `view` option picks which panels show
// (PANELS below); hidden panels keep their test hooks up to date.
// Deliberately not: reading or writing the URL (main.mjs does, through the
// onConfigChange callback), and never computing a number the engine gives.
import uplotCss from 'uplot/dist/uPlot.min.css';
import labCss from '../css/lab.css';
import { adoptStyles, fromHtml, h, setAttr, setText, uid } from './dom.mjs';
import { formatCount, formatExp, formatNumber, formatPercent } from './format.mjs';
import { createWorkerClient, StaleReply } from './worker_client.mjs';
import { createControls } from './controls.mjs';
import { createHistory } from './history.mjs';
import { createFormulaView } from './formula.mjs';
import { createSampleView } from './sample_view.mjs';
import { chartsToPng, configSlug, download, readFileText } from './export.mjs';
import { URL_KEYS } from './url_state.mjs';
import { createFrameScheduler } from './charts/frame.mjs';
import { createGradFlowChart } from './charts/grad_flow.mjs';
import { createGradHeatmap } from './charts/grad_heatmap.mjs';
import { createBpttChart } from './charts/bptt_chart.mjs';
import { createLossChart } from './charts/loss_chart.mjs';
import { createGateView } from './charts/gate_view.mjs';
import { createScaleGroup } from './charts/scale_group.mjs';
import { texToHtml } from './tex.mjs';

const SAMPLE_COUNT = 4;
const SUMMARY_MS = 500;  // text summaries change at most twice a second
const RENDER_MS = 66;    // while training, panels redraw at most ~15 times a second (the main thread stays free)
const CELL_NAME = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU', peephole_lstm: 'Peephole LSTM' };
const OPT_NAME = { sgd: 'SGD', rmsprop: 'RMSprop', adam: 'Adam' };
const SPEEDS = [[0, 'as fast as possible'], [1000, '1000 steps/s'], [100, '100 steps/s'], [30, '30 steps/s'],
  [10, '10 steps/s'], [3, '3 steps/s'], [1, '1 step/s']];

/**
 * The panels a `view` can name, in their order on screen. `all` names every
 * one. The error message is not a panel: it shows whenever there is
 * something to say.
 */
export const PANELS = Object.freeze({
  settings: 'the settings form (task, T, cell, sizes, optimizer, …)',
  controls: 'the run bar: Train/Pause, Step, Reset, speed; step, loss and accuracy',
  grad: 'gradient flow ‖∂L/∂h(t)‖ (and ‖∂L/∂c(t)‖) against t',
  heatmap: 'the gradient over training, as a heat map',
  loss: 'loss and accuracy curves',
  bptt: 'the terms of the BPTT sum for ∂L/∂W_hh',
  params: 'the parameter count and its formula',
  gates: 'the gate activations (gated cells)',
  samples: 'sample sequences with the prediction',
  export: 'export (PNG, CSV, weights) and import of weights',
});

/**
 * Parses a view: a comma or space separated list of PANELS names, or 'all'
 * (also for an empty or missing view). Returns {panels: Set, unknown: [names]}.
 */
export function parseView(view) {
  const names = Array.isArray(view) ? view : String(view ?? '').split(/[\s,]+/);
  const panels = new Set();
  const unknown = [];
  for (const raw of names) {
    const name = String(raw).trim().toLowerCase();
    if (!name) continue;
    if (name === 'all') Object.keys(PANELS).forEach((k) => panels.add(k));
    else if (PANELS[name]) panels.add(name);
    else unknown.push(name);
  }
  if (!panels.size) Object.keys(PANELS).forEach((k) => panels.add(k));
  return { panels, unknown };
}

function bpttLatex(cell) {
  const W = cell === 'peephole_lstm' ? 'W_{ch}' : 'W_{hh}';
  const s = cell === 'peephole_lstm' ? 'c' : 'h';
  return `\\frac{\\partial L(T)}{\\partial ${W}} = \\sum_{i=1}^{T} \\underbrace{\\frac{\\partial L(T)}{\\partial ${s}(T)} \\Big(\\prod_{j=i+1}^{T} \\frac{\\partial ${s}(j)}{\\partial ${s}(j-1)}\\Big) \\frac{\\partial^{+} ${s}(i)}{\\partial ${W}}}_{\\text{term}(i)}`;
}

function panel(title, explainer, body, cls = '') {
  const id = uid('rl-panel');
  return h('section', { class: `rl-panel ${cls}`, 'aria-labelledby': id },
    h('h3', { class: 'rl-panel-title', id, text: title }),
    explainer ? h('p', { class: 'rl-explain', text: explainer }) : null,
    body);
}

function pickConfig(c) {
  const out = {};
  for (const k of URL_KEYS) if (c && c[k] !== undefined) out[k] = c[k];
  return out;
}

/**
 * @param {HTMLElement} root where the lab renders (it owns the element's children)
 * @param {object} opts {title, cellInTitle (default true: "A · LSTM"), settingsOpen, scaleGroup, view (see parseView),
 *                       math ('html' | 'mathml', see tex.mjs), onConfigChange(config),
 *                       onRunningChange(running), createWorker}
 */
export function createLab(root, opts = {}) {
  adoptStyles(root, 'uplot', uplotCss);
  adoptStyles(root, 'rnnlab-lab', labCss);
  const scaleGroup = opts.scaleGroup || createScaleGroup();
  const history = createHistory();
  let config = null;        // the engine's normalized config of the current run
  let paramCount = null;
  let running = false;
  let latest = null;        // the latest metrics message
  let lastSummary = 0;
  let destroyed = false;

  // ---- layout -------------------------------------------------------------
  let title = opts.title || null;
  const titleEl = h('h2', { class: 'rl-lab-title', hidden: !title });
  function renderTitle() {
    titleEl.hidden = !title;
    if (title) setText(titleEl, config && opts.cellInTitle !== false ? `${title} · ${CELL_NAME[config.cell] || config.cell}` : title);
  }
  const settingsSummary = h('span', { class: 'rl-settings-summary' });
  const settingsBox = h('div', { class: 'rl-settings-body' });
  const settings = h('details', { class: 'rl-settings', open: opts.settingsOpen !== false },
    h('summary', {}, h('span', { class: 'rl-settings-label', text: 'Settings' }), settingsSummary), settingsBox);

  // The contract's hooks (contracts.md §5) as fixed markup.
  const toggle = fromHtml('<button type="button" class="rl-btn rl-btn--primary" data-testid="train-toggle"></button>');
  const stepBtn = h('button', { type: 'button', class: 'rl-btn', 'data-testid': 'step-button', text: 'Step' });
  const resetBtn = h('button', { type: 'button', class: 'rl-btn', 'data-testid': 'reset-button', text: 'Reset' });
  const speedId = uid('rl-speed');
  const speed = h('select', { id: speedId, class: 'rl-speed', 'data-testid': 'speed' },
    SPEEDS.map(([v, label]) => h('option', { value: String(v), text: label })));
  const stepEl = fromHtml('<output class="rl-stat-value" data-testid="step-counter" data-value="0">0</output>');
  const lossEl = fromHtml('<output class="rl-stat-value" data-testid="loss-value" data-value="">—</output>');
  const accEl = fromHtml('<output class="rl-stat-value" data-testid="accuracy-value" data-value="">—</output>');
  const rateEl = h('output', { class: 'rl-stat-value rl-stat-value--small', text: '—' });
  const stat = (label, el) => h('div', { class: 'rl-stat' }, h('span', { class: 'rl-stat-label', text: label }), el);
  const runbar = h('div', { class: 'rl-runbar' },
    h('div', { class: 'rl-buttons', role: 'group', 'aria-label': 'Training' },
      toggle, stepBtn, resetBtn,
      h('span', { class: 'rl-speed-field' }, h('label', { for: speedId, text: 'Speed' }), speed)),
    h('div', { class: 'rl-stats' }, stat('step', stepEl), stat('loss', lossEl), stat('accuracy', accEl), stat('speed', rateEl)));

  const errorText = h('div', { class: 'rl-error-text' });
  const errorClose = h('button', { type: 'button', class: 'rl-error-close', 'aria-label': 'Dismiss message', text: '×' });
  const errorEl = fromHtml('<div class="rl-error" data-testid="error-message" role="alert" hidden></div>');
  errorEl.append(errorText, errorClose);

  // Gradient flow.
  const gradBox = fromHtml('<div class="rl-chart" data-testid="grad-flow-chart" data-points="0"></div>');
  const gradSummary = h('p', { class: 'rl-summary' });
  const gradPanel = panel('Gradient flow through time',
    'How much the final loss L(T) still depends on the hidden state h(t). Backpropagation through time multiplies one Jacobian ∂h(j)/∂h(j−1) per step, so for a vanilla RNN the norm shrinks (vanishes) or grows (explodes) geometrically as t moves away from T. An LSTM\'s cell state c(t) adds a path that the forget gate can keep open.',
    [gradBox, gradSummary], 'rl-panel--grad');
  // Heat map.
  const heatBox = h('div', { class: 'rl-chart rl-chart--heat' });
  const heatPanel = panel('Gradient over training',
    'One row per training update (top: first, bottom: latest), one column per time step t, colour = ‖∂L/∂h(t)‖ on a log scale. A dark band at small t that stays dark is the vanishing gradient: the early tokens barely change the weights.',
    heatBox, 'rl-panel--heat');
  // BPTT terms.
  const bpttEq = h('div', { class: 'rl-equation' });
  const bpttNorm = h('p', { class: 'rl-note' });
  const bpttBox = h('div', { class: 'rl-chart' });
  const bpttPanel = panel('The terms of the BPTT sum',
    'The gradient of the recurrent weights is a sum over time steps (course notes). Each bar is the size of one term; terms far from T carry long products of Jacobians, so for a vanilla RNN the sum is dominated by the last few steps.',
    [bpttEq, bpttBox, bpttNorm], 'rl-panel--bptt');
  // Loss and accuracy.
  const lossBox = h('div', { class: 'rl-chart' });
  const lossSummary = h('p', { class: 'rl-summary' });
  const lossPanel = panel('Loss and accuracy',
    'Softmax cross-entropy of each training batch (mean over the batch) and the fraction of its sequences predicted right; the dotted line is chance, 1/N_out.',
    [lossBox, lossSummary], 'rl-panel--loss');
  // Parameters.
  const formulaBox = h('div', { class: 'rl-params' });
  const paramPanel = panel('Parameter count',
    'Counted from the engine\'s own tensors, one bias per gate as in the course notes; the formula below is the cell\'s, with the current sizes substituted.',
    formulaBox, 'rl-panel--params');
  // Gates.
  const gateBox = h('div', { class: 'rl-gates' });
  const gateSummary = h('p', { class: 'rl-summary' });
  const gateNone = h('p', { class: 'rl-note', text: 'The vanilla RNN has no gates: h(t) = tanh(W_hh h(t−1) + W_xh x(t) + b). Choose LSTM, GRU or Peephole to see them.' });
  const gatePanel = panel('Gate activations',
    'Mean activation of each gate per time step. A forget gate f near 1 keeps the cell state\'s gradient path open; a saturated gate (near 0 or 1) passes almost no gradient to its own inputs.',
    [gateBox, gateSummary, gateNone], 'rl-panel--gates');
  // Samples.
  const sampleBox = h('div', { class: 'rl-sample-box' });
  const samplesBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', text: 'New samples' });
  const samplePanel = panel('Sample sequences',
    'Held-out sequences (not from the training stream) with their target and the model\'s prediction; refreshed when training pauses or steps.',
    [sampleBox, samplesBtn], 'rl-panel--sample');

  // Export.
  const fileId = uid('rl-file');
  const fileInput = h('input', { type: 'file', id: fileId, accept: '.json,application/json', class: 'rl-file-input', 'data-testid': 'state-upload' });
  const pngBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'export-png', text: 'Charts (PNG)' });
  const csvBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'export-csv', text: 'Metrics (CSV)' });
  const flowCsvBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'export-flow-csv', text: 'Gradient flow (CSV)' });
  const stateBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'state-download', text: 'Download weights (JSON)' });
  const uploadLabel = h('label', { for: fileId, class: 'rl-btn rl-btn--small', text: 'Load weights…' });
  const exportStatus = h('span', { class: 'rl-note', role: 'status' });
  const exportBar = h('div', { class: 'rl-exports', role: 'group', 'aria-label': 'Export and import' },
    h('span', { class: 'rl-exports-label', text: 'Export' }), pngBtn, csvBtn, flowCsvBtn, stateBtn, fileInput, uploadLabel, exportStatus);

  const grid = h('div', { class: 'rl-grid' }, gradPanel, heatPanel, lossPanel, bpttPanel, paramPanel, gatePanel, samplePanel);
  // What each `view` name shows.
  const panelEls = {
    settings: settings, controls: runbar, grad: gradPanel, heatmap: heatPanel, loss: lossPanel,
    bptt: bpttPanel, params: paramPanel, gates: gatePanel, samples: samplePanel, export: exportBar,
  };
  const main = h('div', { class: 'rl-main' }, runbar, errorEl, grid, exportBar);
  const lab = h('div', { class: 'rl-lab' }, titleEl, h('div', { class: 'rl-lab-body' }, settings, main));
  root.replaceChildren(lab);

  // ---- parts ----------------------------------------------------------------
  const controls = createControls(settingsBox, {
    onChange: (cfg, key) => userConfigure(cfg, key),
    onInvalid: (message) => showError(`${message}. Nothing was changed: the lab keeps its previous settings.`),
  });
  const math = opts.math === 'mathml' ? 'mathml' : 'html';
  const tex = (latex) => texToHtml(latex, math);
  const formula = createFormulaView(formulaBox, { math });
  const samples = createSampleView(sampleBox);
  const gradChart = createGradFlowChart(gradBox, { scaleGroup, summaryEl: gradSummary });
  const heat = createGradHeatmap(heatBox, { scaleGroup });
  const bptt = createBpttChart(bpttBox);
  const loss = createLossChart(lossBox);
  const gates = createGateView(gateBox, { summaryEl: gateSummary });
  gradChart.summarize();

  const client = createWorkerClient({
    onMetrics(m) {
      latest = m;
      history.push(m);
      scheduleRender();
    },
    onPaused(m) {
      setRunning(false);
      if (m.reason === 'diverged') showError(m.message || 'Training diverged and was paused.');
      refreshSamples();
    },
    onError(message) {
      setRunning(false);
      showError(message);
    },
  }, { createWorker: opts.createWorker });
  if (client.failure) queueMicrotask(() => showError(client.failure));

  // ---- messages -------------------------------------------------------------
  let errors = [];
  function renderErrors() {
    errorText.replaceChildren(...errors.map((e) => h('p', { text: e })));
    errorEl.hidden = errors.length === 0;
  }
  function showError(message) {
    if (!errors.includes(message)) errors = [...errors, message];
    renderErrors();
  }
  function clearErrors() {
    errors = [];
    renderErrors();
  }
  errorClose.addEventListener('click', clearErrors);

  // Before the first step the charts say what will appear in them.
  const emptyBoxes = [gradBox, heatBox, lossBox, bpttBox, gateBox];
  let empty = null;
  function setEmpty(on) {
    if (on === empty) return;
    empty = on;
    for (const box of emptyBoxes) {
      if (on) box.setAttribute('data-empty', 'Press Train or Step');
      else box.removeAttribute('data-empty');
    }
    gateBox.querySelector('.rl-gate-map')?.setAttribute('data-empty-text', 'Press Train or Step');
  }
  setEmpty(true);

  // ---- view: which panels show ----------------------------------------------
  let viewMessage = null;
  function setView(view) {
    const { panels, unknown } = parseView(view);
    for (const [name, el] of Object.entries(panelEls)) el.hidden = !panels.has(name);
    const inGrid = [gradPanel, heatPanel, lossPanel, bpttPanel, paramPanel, gatePanel, samplePanel].filter((el) => !el.hidden).length;
    grid.hidden = inGrid === 0;
    grid.classList.toggle('rl-grid--single', inGrid === 1);
    lab.classList.toggle('rl-lab--no-settings', !panels.has('settings'));
    lab.dataset.view = [...panels].join(',');
    viewMessage = unknown.length
      ? `view: unknown panel ${unknown.map((n) => `"${n}"`).join(', ')}; the panels are ${Object.keys(PANELS).join(', ')} (or all).`
      : null;
    if (viewMessage) showError(viewMessage);
    frame.request();  // panels shown now draw the latest data at once
  }

  // ---- run state ------------------------------------------------------------
  function setRunning(next) {
    running = next;
    toggle.textContent = running ? 'Pause' : 'Train';
    toggle.setAttribute('aria-label', running ? 'Pause training' : 'Start training');
    toggle.classList.toggle('rl-btn--running', running);
    stepBtn.disabled = running;
    lab.classList.toggle('rl-lab--running', running);
    opts.onRunningChange?.(running);
  }
  setRunning(false);

  function start() {
    if (!config || running) return;
    setRunning(true);
    samples.setNote('Training… the samples refresh when you pause or step.');
    client.start();
  }
  function pause() {
    if (!running) return;
    client.pause();  // `paused` comes back and refreshes the samples
    setRunning(false);
  }

  function refreshSamples() {
    if (!config) return;
    client.samples(SAMPLE_COUNT).then(
      (list) => samples.update(list, `After ${formatCount(latest ? latest.step : 0)} training steps.`),
      (e) => { if (!(e instanceof StaleReply)) showError(e.message); },
    );
  }

  function describe(c) {
    const input = c.embed > 0 ? `E = ${c.embed}` : 'one-hot';
    const init = c.init && (c.init !== 'pytorch' || (c.gain !== undefined && c.gain !== 1))
      ? ` · init ${c.init}${c.gain !== undefined && c.gain !== 1 ? ` × ${c.gain}` : ''}` : '';
    return `${CELL_NAME[c.cell] || c.cell} · ${c.task} · T = ${c.T} · N_h = ${c.hidden} · ${input}${init} · ${OPT_NAME[c.optimizer] || c.optimizer} ${c.lr} · batch ${c.batch} · clip ${c.clip || 'off'} · seed ${c.seed}`;
  }

  // A `configured` message: a new run at step 0.
  function applyConfigured(msg) {
    config = msg.config;
    paramCount = msg.paramCount;
    latest = null;
    history.clear();
    controls.setTasks(msg.tasks);
    controls.setValues(config);
    formula.update(paramCount, config);
    setText(settingsSummary, describe(config));
    renderTitle();
    lab.dataset.cell = config.cell;
    const gated = config.cell !== 'rnn';
    gateBox.hidden = !gated;
    gateSummary.hidden = !gated;
    gateNone.hidden = gated;
    bpttEq.innerHTML = tex(bpttLatex(config.cell));
    gradChart.clear(config.cell === 'lstm' || config.cell === 'peephole_lstm');  // the cells with a cell state c(t)
    heat.clear();
    bptt.clear();
    loss.clear();
    gates.clear();
    setText(bpttNorm, '');
    setText(lossSummary, 'Not trained yet.');
    setEmpty(true);
    renderStats();
    setRunning(false);
    refreshSamples();
    opts.onConfigChange?.(pickConfig(config));
  }

  /** Configures the worker; resolves to true when the run changed. */
  async function configure(cfg) {
    const msg = await client.configure(pickConfig(cfg));
    applyConfigured(msg);
    return true;
  }

  // A change made in the controls (or asked for by the page): the previous
  // valid run stays if the engine refuses the new config.
  async function userConfigure(cfg, key) {
    const wasRunning = running;
    try {
      await configure(cfg);
      clearErrors();
      controls.markInvalid(null, false);
      if (wasRunning) start();
      return true;
    } catch (e) {
      if (e instanceof StaleReply) return false;
      controls.markInvalid(key, true);
      showError(`${e.message}. Nothing was changed: the lab keeps its previous settings.`);
      // The worker keeps the previous run going; its replies now carry the new run id.
      return false;
    }
  }

  /**
   * Loads a partial config (from a URL: keys left out take their defaults).
   * If the engine refuses it, each key is tried in turn and the refused ones
   * fall back to their defaults, each with a message.
   */
  async function load(partial, messages = [], { clear = true } = {}) {
    const wasRunning = running;
    if (clear) clearErrors();
    if (viewMessage) showError(viewMessage);
    for (const m of messages) showError(m);
    if (client.failure) {
      showError(client.failure);
      return false;
    }
    try {
      await configure(partial);
      if (wasRunning) start();
      return true;
    } catch (e) {
      if (e instanceof StaleReply) return false;
    }
    const good = {};
    for (const key of URL_KEYS) {
      if (partial[key] === undefined) continue;
      try {
        await client.configure({ ...good, [key]: partial[key] });
        good[key] = partial[key];
      } catch (e) {
        if (e instanceof StaleReply) return false;
        showError(`URL ${key}=${partial[key]}: ${e.message}; using the default instead.`);
      }
    }
    try {
      await configure(good);
      if (wasRunning) start();
      return true;
    } catch (e) {
      if (!(e instanceof StaleReply)) showError(e.message);
      return false;
    }
  }

  // ---- rendering, once per frame -------------------------------------------
  function renderStats() {
    const m = latest;
    setText(stepEl, m ? formatCount(m.step) : '0');
    setAttr(stepEl, 'data-value', m ? m.step : 0);
    setText(lossEl, m ? formatNumber(m.loss, 4) : '—');
    setAttr(lossEl, 'data-value', m ? m.loss : '');
    setText(accEl, m ? formatPercent(m.accuracy) : '—');
    setAttr(accEl, 'data-value', m ? m.accuracy : '');
    setText(rateEl, m && running && m.stepsPerSecond ? `${formatCount(m.stepsPerSecond)} steps/s` : '—');
  }

  function recurrentNorm(d) {
    const norms = d.gradNorms || {};
    const key = Object.keys(norms).find((k) => /weight_(hh|ch)/.test(k));
    return key ? { key, value: norms[key] } : null;
  }

  // One render per animation frame, and while training at most one per RENDER_MS.
  let lastRender = 0;
  let renderTimer = 0;
  function scheduleRender() {
    const wait = running ? RENDER_MS - (performance.now() - lastRender) : 0;
    if (wait <= 0) frame.request();
    else if (!renderTimer) {
      renderTimer = setTimeout(() => {
        renderTimer = 0;
        frame.request();
      }, wait);
    }
  }

  const frame = createFrameScheduler(() => {
    lastRender = performance.now();
    if (!latest || destroyed) return;
    const d = latest.diagnostics;
    setEmpty(false);
    renderStats();
    gradChart.update(d, latest.step);
    // Hidden panels are not drawn (several widgets on a page stay cheap); the
    // gradient-flow chart always is, so its data-points hook stays true.
    if (!heatPanel.hidden) heat.update(history.profiles);
    if (!lossPanel.hidden) loss.update(history.columns, config ? config.numClasses : 0);
    if (d.bpttTerms && !bpttPanel.hidden) bptt.update(d.bpttTerms);
    if (d.gates && !gatePanel.hidden) gates.update(d.gates);
    const now = performance.now();
    if (now - lastSummary > SUMMARY_MS || !running) {
      lastSummary = now;
      gradChart.summarize();
      const rn = recurrentNorm(d);
      setText(bpttNorm, rn
        ? `Their sum: ‖∂L/∂${rn.key.includes('_ch') ? 'W_ch' : 'W_hh'}‖ = ${formatExp(rn.value, 3)} (${rn.key}), at step ${formatCount(latest.step)}. Whole gradient: ‖∇‖ = ${formatExp(d.gradNorm, 3)}${d.gradNormClipped < d.gradNorm ? `, clipped to ${formatExp(d.gradNormClipped, 3)}` : ''}.`
        : '');
      setText(lossSummary, `Step ${formatCount(latest.step)}: loss ${formatNumber(latest.loss, 4)}, accuracy ${formatPercent(latest.accuracy)} on the latest batch (chance ${config ? formatPercent(1 / config.numClasses) : '—'}).`);
    }
  });

  setView(opts.view);

  // ---- events ----------------------------------------------------------------
  toggle.addEventListener('click', () => (running ? pause() : start()));
  stepBtn.addEventListener('click', () => {
    if (!config || running) return;
    client.step(1);
    refreshSamples();
  });
  resetBtn.addEventListener('click', async () => {
    try {
      applyConfigured(await client.reset());
    } catch (e) {
      if (!(e instanceof StaleReply)) showError(e.message);
    }
  });
  speed.addEventListener('change', () => client.speed(Number(speed.value)));
  samplesBtn.addEventListener('click', refreshSamples);

  pngBtn.addEventListener('click', async () => {
    const items = [
      { title: 'Gradient flow ‖∂L/∂h(t)‖', canvas: gradChart.canvas },
      { title: 'Gradient over training (log10 ‖∂L/∂h(t)‖)', canvas: heat.canvas },
      { title: 'Loss and accuracy', canvas: loss.canvas },
      { title: 'BPTT terms ‖term(t)‖', canvas: bptt.canvas },
    ];
    if (config && config.cell !== 'rnn') items.push({ title: 'Gate activations', canvas: gates.canvas });
    try {
      const blob = await chartsToPng(items, { heading: config ? `rnnlab · ${describe(config)} · step ${latest ? latest.step : 0}` : 'rnnlab' });
      download(`rnnlab-${config ? configSlug(config) : 'charts'}.png`, blob);
    } catch (e) {
      showError(e.message);
    }
  });
  csvBtn.addEventListener('click', () => {
    download(`rnnlab-${config ? configSlug(config) : 'run'}-metrics.csv`, history.toCsv(), 'text/csv');
  });
  flowCsvBtn.addEventListener('click', () => {
    const d = latest && latest.diagnostics;
    const lines = ['t,dh_norm,dc_norm,bptt_term'];
    if (d) {
      for (let t = 0; t < d.dhNorms.length; t++) {
        lines.push([t + 1, d.dhNorms[t], d.dcNorms ? d.dcNorms[t] : '', d.bpttTerms ? d.bpttTerms[t] : ''].join(','));
      }
    }
    download(`rnnlab-${config ? configSlug(config) : 'run'}-gradient-flow-step${latest ? latest.step : 0}.csv`, `${lines.join('\n')}\n`, 'text/csv');
  });
  stateBtn.addEventListener('click', async () => {
    try {
      const text = await client.exportState();
      download(`rnnlab-${configSlug(config)}-step${latest ? latest.step : 0}.json`, text, 'application/json');
      setText(exportStatus, 'Weights downloaded.');
    } catch (e) {
      if (!(e instanceof StaleReply)) showError(e.message);
    }
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    try {
      const text = await readFileText(file);
      await client.importState(text);
      clearErrors();
      setText(exportStatus, `Loaded ${file.name}.`);
      refreshSamples();
    } catch (e) {
      if (!(e instanceof StaleReply)) showError(`Could not load ${file.name}: ${e.message}. The lab keeps its current weights.`);
    }
  });

  return {
    element: lab,
    /** Loads a partial config (URL keys); see load() above. */
    load,
    /** Applies a full or partial config as a user change (errors keep the previous run). */
    configure: (cfg) => userConfigure(cfg, null),
    start,
    pause,
    get running() {
      return running;
    },
    get config() {
      return config ? pickConfig(config) : null;
    },
    get paramCount() {
      return paramCount;
    },
    showError,
    /** A heading over the lab (compare mode: "A", "B"); null for none. */
    setTitle(next) {
      title = next || null;
      renderTitle();
    },
    setSettingsOpen(open) {
      settings.open = !!open;
    },
    /** Shows only the panels a view names (see parseView); hooks of hidden panels stay up to date. */
    setView,
    destroy() {
      destroyed = true;
      clearTimeout(renderTimer);
      frame.stop();
      client.terminate();
      controls.destroy();
      gradChart.destroy();
      heat.destroy();
      bptt.destroy();
      loss.destroy();
      gates.destroy();
      root.replaceChildren();
    },
  };
}
