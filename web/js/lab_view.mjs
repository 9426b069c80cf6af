// lab_view.mjs — one lab: a training worker, its settings, its run bar and
// the panels of panels/registry.mjs, rendered into a root element it is
// given. The page uses one lab, compare mode two, and the embeddable
// element (embed_element.mjs) puts one in a shadow root, so this file
// queries only inside its own root and adopts its styles into that root's
// document or shadow root. Layout, `view` (view.mjs), empty states,
// rendering, export and teardown are each one loop over the panels; hidden
// panels keep their test hooks up to date.
// Messages (data-testid="error-message") are kept per source, so each one
// disappears when what it said no longer applies.
// A worker that dies (worker_client.mjs: an uncaught error, a fatal engine
// error, or silence beyond the heartbeat bound) is replaced: the lab starts
// a new one with the settings in force and the latest snapshot of the
// weights (taken every few seconds of training, spaced by its measured
// cost), says so, and goes on counting steps from there.
// Importing a state file (one at a time; docs/page.md, "Loading weights"):
// read in pieces with its percentage in import-status, then parsed and
// loaded by the engine in the worker; any failure leaves settings and weights
// as they were, and a new run while it loads cancels it.
// The task "Your own text" (text): the engine does not echo a config's
// text, so the lab keeps it (and the shipped corpus's name) beside the
// engine's config and sends it with every configure, check and restart; a
// URL or attribute names only a shipped corpus (withText). A text model's
// state brings its task back on import (textModelPlan).
// Locks (setLock; URL key `lock`, docs/page.md): the locked keys keep the
// values of the run they were pinned on, on every route into configure (the
// controls, which are disabled, a URL or hash, attributes, commands, compare
// mode, match parameters); a state file whose settings contradict a lock is
// refused before anything changes (lockRefusal).
// "Export report" downloads the engine's run report (docs/report-format.md),
// with an assignment's normalized file and answers when one is attached
// (setAside, setReportExtras; assignment.mjs).
// Signals for the message API (opts.onEvent(type, detail), embed_api.mjs):
// configured, metrics, diverged, error (every new message of the box).
// Deliberately not: reading or writing the URL (main.mjs does, through the
// onConfigChange callback), and never computing a number the engine gives.
import uplotCss from 'uplot/dist/uPlot.min.css';
import labCss from '../css/lab.css';
import { adoptStyles, fromHtml, h, setAttr, setText, uid } from './dom.mjs';
import { formatCount, formatNumber, formatPercent } from './format.mjs';
import { createWorkerClient, HEARTBEAT_SILENCE_MS, StaleReply } from './worker_client.mjs';
import { divergedText, UPDATES_PER_SECOND } from './protocol.mjs';
import { createControls } from './controls.mjs';
import { createHistory, recordToCsv } from './history.mjs';
import { historyUpTo } from './step_history.mjs';
import { createTimeline } from './timeline.mjs';
import { chartsToPng, configSlug, download, formatBytes, IMPORT_HINT, ImportCancelled, MIB, readFileText } from './export.mjs';
import { URL_KEYS } from './url_state.mjs';
import { createFrameScheduler } from './charts/frame.mjs';
import { createScaleGroup } from './charts/scale_group.mjs';
import { texToHtml } from './tex.mjs';
import { PANELS } from './panels/registry.mjs';
import { parseView, viewMessage } from './view.mjs';
import { cellTitle } from './engine_info.mjs';
import { CORPORA, DEFAULT_CORPUS, corpusText } from './corpora.mjs';
import { DEFAULT_DATASET, datasetOf, datasetText } from './datasets.mjs';

const SUMMARY_MS = 500;  // text summaries change at most twice a second
const RENDER_MS = 66;    // while training, panels redraw at most ~15 times a second (the main thread stays free)
const OPT_NAME = { sgd: 'SGD', rmsprop: 'RMSprop', adam: 'Adam' };
const SPEEDS = [[0, 'as fast as possible'], [1000, '1000 steps/s'], [100, '100 steps/s'], [30, '30 steps/s'],
  [10, '10 steps/s'], [3, '3 steps/s'], [1, '1 step/s']];
// The pace a lab starts at: slow enough to watch the default LSTM learn
// (docs/page.md, "Pace"); 'as fast as possible' is the first choice of the menu.
export const DEFAULT_SPEED = 30;
// Keys whose values together decide whether the caches fit (the engine's cross-key check).
const SIZE_KEYS = ['T', 'batch', 'hidden', 'embed'];
// Snapshots of the weights, to restart a dead worker where it was: at most
// every SNAPSHOT_MS of training, and never more than SNAPSHOT_SHARE of the
// worker's time (the worker measures what each one cost); none for models
// above SNAPSHOT_MAX_PARAMS (the JSON text would be ~20 bytes a parameter).
const SNAPSHOT_MS = 5000;
const SNAPSHOT_SHARE = 0.01;
const SNAPSHOT_MAX_PARAMS = 2000000;
// How long a worker may be silent, on top of HEARTBEAT_SILENCE_MS: one
// chunk's training at a pessimistic ASSUMED_FLOPS (6 floating-point
// operations per parameter and token: forward and backward), or 3x the
// latest chunk's measured time if longer, plus STATE_MS_PER_PARAM for an
// export or import of the state.
const ASSUMED_FLOPS = 1e9;
const STATE_MS_PER_PARAM = 0.01;
// While the worker parses an imported file, IMPORT_MS_PER_MIB more for each
// MiB of it: the engine parses the whole text before it can see that it does
// not fit (about 120 ms per MiB measured here, so 200 MiB take ~25 s).
const IMPORT_MS_PER_MIB = 500;
// While a what-if branch (the Jacobian panel) runs, its Jacobians' cost at
// ASSUMED_FLOPS (measured here: 13 s for S = 512, T = 16 in wasm).
const WHATIF_FLOPS_PER_S3 = 10;
// More deaths than this within RESTART_WINDOW_MS: the lab stops restarting.
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60000;

/** A refused import whose state contradicts a lock (its message is complete). */
class LockRefused extends Error {}

/** The URL keys of a config (no text, no sequences): what the message API reports. */
function urlKeys(c) {
  const out = {};
  for (const k of URL_KEYS) if (c && c[k] !== undefined) out[k] = c[k];
  if (!c || c.task !== 'text') delete out.corpus;
  return out;
}

/**
 * The settings a state file is for, as URL keys, read from its top-level
 * fields without parsing the whole file (a state may be 200 MiB): cell,
 * hidden (hidden_size), embed (embedding_dim), layers (num_layers, 1 when
 * absent) and, for a classifier of labelled sequences (`classes`), its task.
 */
function stateSettings(text) {
  const out = {};
  const str = (name) => { const m = new RegExp(`"${name}"\\s*:\\s*"([^"\\\\]*)"`).exec(text); return m ? m[1] : undefined; };
  const int = (name) => { const m = new RegExp(`"${name}"\\s*:\\s*(-?\\d+)`).exec(text); return m ? Number(m[1]) : undefined; };
  if (str('format') === undefined) return out;  // not a state: the engine says what it is
  const cell = str('cell');
  if (cell !== undefined) out.cell = cell;
  const hidden = int('hidden_size');
  if (hidden !== undefined) out.hidden = hidden;
  const embed = int('embedding_dim');
  if (embed !== undefined) out.embed = embed;
  out.layers = int('num_layers') ?? 1;
  if (/"classes"\s*:\s*\[/.test(text)) out.task = 'sequences';
  return out;
}

const sameConfig = (a, b) => JSON.stringify(pickConfig(a)) === JSON.stringify(pickConfig(b));

// The URL keys, and with the task text its text (the config key `text`,
// which the URL cannot hold: the lab keeps it beside the engine's config).
function pickConfig(c) {
  const out = {};
  for (const k of URL_KEYS) if (c && c[k] !== undefined) out[k] = c[k];
  if (c && c.task === 'text' && typeof c.text === 'string') out.text = c.text;
  else delete out.corpus;
  if (c && c.task === 'sequences' && typeof c.sequences === 'string') out.sequences = c.sequences;
  return out;
}

/**
 * The distinct characters of a text in code-point order, joined by NUL: to
 * compare a text with a model's vocab (the engine's rule for a text's
 * vocabulary, config.md), when choosing the text an imported model needs.
 * The engine checks the match itself when it loads the weights.
 */
function vocabOf(text) {
  return Array.from(new Set(Array.from(text))).sort((a, b) => a.codePointAt(0) - b.codePointAt(0)).join('\u0000');
}

/** The keys of `c` the engine does not echo in its config: the text and the name of a shipped corpus. */
function textKeys(c) {
  if (c && c.task === 'sequences') return typeof c.sequences === 'string' ? { sequences: c.sequences } : {};
  if (!c || c.task !== 'text') return {};
  const out = {};
  if (typeof c.text === 'string') out.text = c.text;
  if (c.corpus !== undefined) out.corpus = c.corpus;
  return out;
}

/** One line describing a config (the settings summary, the PNG heading). */
export function describeConfig(c) {
  const input = c.embed > 0 ? `E = ${c.embed}` : 'one-hot';
  const init = c.init && (c.init !== 'pytorch' || (c.gain !== undefined && c.gain !== 1))
    ? ` · init ${c.init}${c.gain !== undefined && c.gain !== 1 ? ` × ${c.gain}` : ''}` : '';
  const layers = c.layers > 1 ? ` · L = ${c.layers} layers` : '';
  const task = c.task === 'text' ? `text (${c.corpus || 'your own'})`
    : c.task === 'sequences' ? `sequences (${datasetOf(c.sequences) || 'your own'})` : c.task;
  return `${cellTitle(c.cell)} · ${task} · T = ${c.T} · N_h = ${c.hidden}${layers} · ${input}${init} · ${OPT_NAME[c.optimizer] || c.optimizer} ${c.lr} · batch ${c.batch} · clip ${c.clip || 'off'} · seed ${c.seed}`;
}

/**
 * @param {HTMLElement} root where the lab renders (it owns the element's children)
 * @param {object} opts {title, cellInTitle (default true: "A · LSTM"), settingsOpen, scaleGroup, view (see view.mjs),
 *                       math ('html' | 'mathml', see tex.mjs), onConfigChange(config),
 *                       onRunningChange(running), onEvent(type, detail) (the message API's signals), createWorker}
 */
export function createLab(root, opts = {}) {
  adoptStyles(root, 'uplot', uplotCss);
  adoptStyles(root, 'rnnlab-lab', labCss);
  const scaleGroup = opts.scaleGroup || createScaleGroup();
  const history = createHistory();
  let config = null;        // the engine's normalized config of the current run
  let info = null;          // {cell (descriptor), paramCount} of the current run
  let running = false;
  let latest = null;        // the latest metrics message
  let lastSummary = 0;
  let destroyed = false;
  // The worker stops on every configure/reset and runs after a start; these
  // say whether a start was sent after the configure a reply answers.
  let configureSeq = 0;
  let startSeq = -1;
  // Surviving the worker: the latest snapshot {state, step, latest} of this
  // run's weights, the step count the current worker's steps are offset by
  // (after a restart from step N its step 1 is shown as N + 1), and the recovery.
  let snapshot = null;
  let snapshotPending = false;
  let lastSnapshotAt = 0;
  let snapshotCostMs = 0;
  let stepOffset = 0;
  let wanted = null;          // the config of a configure not yet answered
  let resetPending = 0;       // Reset clicks not yet answered
  let lastLoad = null;        // the arguments of the latest load()
  let recovering = false;
  let recoverSeq = 0;
  let restartTimes = [];
  let restartCount = 0;
  let restartTrained = false; // the new worker has trained since its restart message
  let runSeq = 0;             // counts `configured` replies: a new run (weights from scratch) each
  let importJob = null;       // the file being imported: {name, prior, refused}
  let importBytes = 0;        // the size of the file the worker is parsing (the heartbeat allows for it)
  let whatIfPending = 0;      // what-if requests the worker is computing (the heartbeat allows for them)
  // Locks: the keys, and their values (pinned from the first run configured after setLock).
  let lockKeys = [];
  let lockValues = null;
  const signal = (type, detail) => {
    try {
      opts.onEvent?.(type, detail);
    } catch (e) {
      setTimeout(() => { throw e; });  // a listener's bug is reported, not swallowed, and does not stop the lab
    }
  };

  // ---- layout -------------------------------------------------------------
  let title = opts.title || null;
  const titleEl = h('h2', { class: 'rl-lab-title', hidden: !title });
  function renderTitle() {
    titleEl.hidden = !title;
    if (title) setText(titleEl, config && opts.cellInTitle !== false ? `${title} · ${cellTitle(config.cell)}` : title);
  }
  const settingsSummary = h('span', { class: 'rl-settings-summary' });
  const settingsBox = h('div', { class: 'rl-settings-body' });
  const settings = h('details', { class: 'rl-settings', open: opts.settingsOpen !== false },
    h('summary', {}, h('span', { class: 'rl-settings-label', text: 'Settings' }), settingsSummary), settingsBox);

  // The contract's hooks (docs/page.md) as fixed markup.
  const toggle = fromHtml('<button type="button" class="rl-btn rl-btn--primary" data-testid="train-toggle"></button>');
  const stepBtn = h('button', { type: 'button', class: 'rl-btn', 'data-testid': 'step-button', text: 'Step' });
  const resetBtn = h('button', { type: 'button', class: 'rl-btn', 'data-testid': 'reset-button', text: 'Reset' });
  const speedId = uid('rl-speed');
  const speed = h('select', { id: speedId, class: 'rl-speed', 'data-testid': 'speed' },
    SPEEDS.map(([v, label]) => h('option', { value: String(v), text: label, selected: v === DEFAULT_SPEED })));
  const stepEl = fromHtml('<output class="rl-stat-value" data-testid="step-counter" data-value="0">0</output>');
  const lossEl = fromHtml('<output class="rl-stat-value" data-testid="loss-value" data-value="">—</output>');
  const accEl = fromHtml('<output class="rl-stat-value" data-testid="accuracy-value" data-value="">—</output>');
  const rateEl = h('output', { class: 'rl-stat-value rl-stat-value--small', text: '—' });
  const stat = (label, el) => h('div', { class: 'rl-stat' }, h('span', { class: 'rl-stat-label', text: label }), el);
  // Run to step N, and the history slider (timeline.mjs): a step picked there shows in every panel, paused.
  const timeline = createTimeline({
    onRunTo: (step) => runTo(step),
    onScrub(entry) {
      if (entry && running) pause();
      frame.request();
    },
  });
  const runbar = h('div', { class: 'rl-runbar' },
    h('div', { class: 'rl-buttons', role: 'group', 'aria-label': 'Training' },
      toggle, stepBtn, resetBtn,
      h('span', { class: 'rl-speed-field' }, h('label', { for: speedId, text: 'Speed' }), speed)),
    h('div', { class: 'rl-stats' }, stat('step', stepEl), stat('loss', lossEl), stat('accuracy', accEl), stat('speed', rateEl)),
    timeline.element);

  const errorText = h('div', { class: 'rl-error-text' });
  const errorClose = h('button', { type: 'button', class: 'rl-error-close', 'aria-label': 'Dismiss message', text: '×' });
  const errorEl = fromHtml('<div class="rl-error" data-testid="error-message" role="alert" hidden></div>');
  errorEl.append(errorText, errorClose);

  // The panels, from the registry.
  const math = opts.math === 'mathml' ? 'mathml' : 'html';
  const ctx = {
    scaleGroup,
    math,
    tex: (latex) => texToHtml(latex, math),
    // The what-if branch of the current model (W_hh times gain, nothing trained); null when a new run superseded it.
    whatIf: (gain) => {
      if (!config) return Promise.resolve(null);
      whatIfPending += 1;  // the heartbeat allows for it (silenceBound)
      return client.whatIf(gain).catch((e) => { if (e instanceof StaleReply) return null; throw e; })
        .finally(() => { whatIfPending -= 1; });
    },
    // What a text model writes now (the worker's `sample`); null when a new run superseded it.
    sample: (options) => (config
      ? client.sample(options).catch((e) => { if (e instanceof StaleReply) return null; throw e; })
      : Promise.resolve(null)),
    requestSamples: (n) => (config
      ? client.samples(n).catch((e) => { if (e instanceof StaleReply) return null; throw e; })
      : Promise.resolve(null)),
    showError: (message) => setMessage('run', message),
    // Shows a step of the history in every panel (the gradient heat map's rows); training pauses.
    showStep: (step) => timeline.showStep(step),
    // The gradient check in the worker (training waits meanwhile); null when a new run superseded it.
    gradcheck: (options, onProgress) => (config
      ? client.gradcheck(options, onProgress).catch((e) => { if (e instanceof StaleReply) return null; throw e; })
      : Promise.resolve(null)),
  };
  const panels = PANELS.map((def) => ({ def, inst: def.create(ctx) }));

  // Export.
  const fileId = uid('rl-file');
  const fileInput = h('input', { type: 'file', id: fileId, accept: '.json,application/json', class: 'rl-file-input', 'data-testid': 'state-upload' });
  const pngBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'export-png', text: 'Charts (PNG)' });
  const csvBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'export-csv', text: 'Metrics (CSV)' });
  const flowCsvBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'export-flow-csv', text: 'Gradient flow (CSV)' });
  const stateBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'state-download', text: 'Download weights (JSON)' });
  // The run report (docs/report-format.md): what `rnnlab verify` replays; with an assignment, its answers too.
  const reportBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'export-report', text: 'Export report',
    title: 'A report of this run (settings, seed, checkpoints, final numbers) that rnnlab verify can replay' });
  let reportExtras = null;  // () => ({assignment, answers}) while an assignment is loaded (setReportExtras)
  const hintId = uid('rl-import-hint');
  fileInput.setAttribute('aria-describedby', hintId);
  const uploadLabel = h('label', { for: fileId, class: 'rl-btn rl-btn--small', text: 'Load weights…',
    title: `Load weights of the same cell and sizes: ${IMPORT_HINT}` });
  const importHint = h('span', { class: 'rl-note rl-import-hint', id: hintId, text: IMPORT_HINT });
  // Import progress: reading (data-percent), loading (the engine parses), done, error, cancelled.
  const importBar = h('progress', { class: 'rl-import-progress', max: '100', 'aria-hidden': 'true' });
  const importText = h('span', { class: 'rl-import-text' });
  const importStatus = h('span', { class: 'rl-import-status', role: 'status', 'data-testid': 'import-status',
    'data-state': 'idle', 'data-percent': '', hidden: true }, importBar, importText);
  const exportStatus = h('span', { class: 'rl-note', role: 'status' });
  const exportBar = h('div', { class: 'rl-exports', role: 'group', 'aria-label': 'Export and import' },
    h('span', { class: 'rl-exports-label', text: 'Export' }), pngBtn, csvBtn, flowCsvBtn, stateBtn, reportBtn,
    h('span', { class: 'rl-import' }, fileInput, uploadLabel, importHint, importStatus), exportStatus);

  const grid = h('div', { class: 'rl-grid' }, ...panels.map((p) => p.inst.element));
  // What each `view` name shows.
  const viewEls = { settings, controls: runbar, export: exportBar };
  for (const p of panels) viewEls[p.def.key] = p.inst.element;
  const main = h('div', { class: 'rl-main' }, runbar, errorEl, grid, exportBar);
  const aside = h('div', { class: 'rl-aside', hidden: true });  // an assignment's panel (setAside)
  const lab = h('div', { class: 'rl-lab' }, titleEl, aside, h('div', { class: 'rl-lab-body' }, settings, main));
  root.replaceChildren(lab);
  lab.dataset.workerRestarts = '0';  // how often this lab's worker died and was replaced

  // ---- parts ----------------------------------------------------------------
  const controls = createControls(settingsBox, {
    onChange: (cfg, key, how) => userConfigure(cfg, key, how),
    onInvalid: (message) => setMessage('settings', `${message}. Nothing was changed: the lab keeps its previous settings.`),
    onUnchanged: () => setMessage('settings', null),  // the form shows the settings in force again
  });

  const client = createWorkerClient({
    onMetrics(msg) {
      const m = stepOffset ? { ...msg, step: msg.step + stepOffset } : msg;
      latest = m;
      history.push(m);
      timeline.push(m);
      scheduleRender();
      if (messages.has('restart') && !recovering) restartTrained = true;
      maybeSnapshot(false);
      signal('metrics', m);
    },
    onPaused(m) {
      setRunning(false);
      // The engine's rule (its numbers), at the step the page shows (after a worker restart: offset).
      const said = m.diverged && m.diverged.rule && latest ? divergedText({ step: latest.step, finite: latest.finite, diverged: m.diverged }) : m.message;
      if (m.reason === 'diverged') {
        const text = said || 'Training diverged and was paused.';
        setMessage('run', text, { silent: true });
        signal('diverged', { step: latest ? latest.step : m.step ?? null, message: text, rule: m.diverged && m.diverged.rule ? m.diverged.rule : (latest && latest.finite === false ? 'nonfinite' : null) });
      }
      if (m.reason === 'reached') {
        startSeq = -1;
        timeline.setRunToNote(`Paused at step ${formatCount(m.step + stepOffset)}, as asked.`);
      }
      frame.request();  // the last step came while running: its text summaries are drawn now
      idle();
      maybeSnapshot(true);
    },
    onError(message) {
      setRunning(false);
      setMessage('run', message);
    },
    onDeath: (reason) => recover(reason),
  }, { createWorker: opts.createWorker, heartbeat: { silenceMs: silenceBound } });
  if (client.failure) queueMicrotask(() => setMessage('worker', client.failure));

  // ---- messages: one list per source, shown together --------------------------
  // Sources: worker (could not start, or stopped too often), restart (the
  // worker died and was replaced), view, url (values that fell back),
  // settings (a refused change), run (divergence, a failed request), import,
  // lock (unknown keys in `lock`; kept like view's, not cleared by a new run).
  const messages = new Map();
  function renderMessages() {
    const all = [...messages.values()].flat();
    errorText.replaceChildren(...all.map((e) => h('p', { text: e })));
    errorEl.hidden = all.length === 0;
  }
  function setMessage(source, message, { silent = false } = {}) {
    const before = messages.get(source) || [];
    if (message === null || message === undefined || (Array.isArray(message) && !message.length)) messages.delete(source);
    else messages.set(source, Array.isArray(message) ? message : [message]);
    renderMessages();
    // The message API's `error`: each message new to its source (a divergence has its own event).
    if (!silent) for (const text of messages.get(source) || []) if (!before.includes(text)) signal('error', { source, message: text });
  }
  /** After a change that took effect: what the refused values and failed requests said no longer applies. */
  function clearStaleMessages() {
    for (const s of ['settings', 'url', 'run', 'import', 'restart']) messages.delete(s);
    restartTrained = false;
    renderMessages();
  }
  /** A click after the new worker has trained: the restart message has been seen and no longer applies. */
  function userAction() {
    if (restartTrained) {
      restartTrained = false;
      setMessage('restart', null);
    }
  }
  errorClose.addEventListener('click', () => {
    messages.clear();
    renderMessages();
  });

  // ---- view: which panels show ----------------------------------------------
  let shownViews = null;
  function setView(view) {
    const { panels: shown, unknown } = parseView(view);
    shownViews = shown;
    for (const [name, el] of Object.entries(viewEls)) el.hidden = !shown.has(name);
    layoutGrid();
    lab.classList.toggle('rl-lab--no-settings', !shown.has('settings'));
    lab.dataset.view = [...shown].join(',');
    setMessage('view', viewMessage(unknown));
    frame.request();  // panels shown now draw the latest data at once
  }
  /**
   * The panels of the view in the grid. A panel that does not apply to the
   * run (panel.mjs `applies`: the text panel for the other tasks) is taken
   * out of the page altogether, so it is in no layout and no query.
   */
  function layoutGrid() {
    const present = panels.filter((p) => !p.inst.applies || (!!config && p.inst.applies(config)));
    const els = present.map((p) => p.inst.element);
    if (els.length !== grid.children.length || els.some((el, i) => grid.children[i] !== el)) grid.replaceChildren(...els);
    for (const p of present) p.inst.element.hidden = !(shownViews && shownViews.has(p.def.key));
    const inGrid = present.filter((p) => !p.inst.element.hidden).length;
    grid.hidden = inGrid === 0;
    grid.classList.toggle('rl-grid--single', inGrid === 1);
  }

  // ---- run state ------------------------------------------------------------
  function setRunning(next) {
    running = next;
    toggle.textContent = running ? 'Pause' : 'Train';
    toggle.setAttribute('aria-label', running ? 'Pause training' : 'Start training');
    toggle.classList.toggle('rl-btn--running', running);
    stepBtn.disabled = running || recovering;
    toggle.disabled = recovering;  // while a new worker is being set up
    resetBtn.disabled = recovering;
    lab.classList.toggle('rl-lab--running', running);
    opts.onRunningChange?.(running);
  }
  setRunning(false);

  /** Starts training at the chosen speed; `untilStep` (the lab's count): pause there. */
  function start(untilStep = 0) {
    if (!config || running || recovering) return;
    startSeq = configureSeq;
    timeline.live();
    setRunning(true);
    for (const p of panels) p.inst.running?.();
    client.speed(Number(speed.value));  // a new (restarted) worker starts at its own default
    client.start(untilStep > 0 ? untilStep - stepOffset : 0);
  }
  /** "Run to step N": trains (on) until step N, then pauses. */
  function runTo(step) {
    userAction();
    if (!config || recovering) return;
    timeline.setRunToNote(`Training to step ${formatCount(step)}, then pausing…`);
    if (running) client.start(step - stepOffset);  // the loop takes the new target
    else start(step);
  }
  function pause() {
    if (!running) return;
    startSeq = -1;
    client.pause();  // `paused` comes back and the panels go idle
    setRunning(false);
  }
  function idle() {
    if (!config) return;
    for (const p of panels) p.inst.idle?.(latest);
  }

  /** The curves, panels and snapshot of a new run at step 0. */
  function freshRun() {
    latest = null;
    history.clear();
    timeline.clear();
    for (const p of panels) p.inst.reset(config, info);
    stepOffset = 0;
    setSnapshot(null);
    lastSnapshotAt = performance.now();
  }

  // A `configured` message: a new run at step 0. `seq`: which configure or
  // reset it answers; it runs if a start was sent after that request.
  // `keep`: a restarted worker with the same settings, about to get the
  // snapshot's weights: the curves stay.
  function applyConfigured(msg, seq, { keep = false } = {}) {
    config = msg.config;
    info = { cell: msg.cell, paramCount: msg.paramCount, notes: msg.notes || (info ? info.notes : {}), vocab: msg.vocab || null,
      task: (Array.isArray(msg.tasks) && msg.tasks.find((t) => t.name === msg.config.task)) || null };
    controls.setTasks(msg.tasks);
    controls.setValues(config);
    renderSummary();
    renderTitle();
    lab.dataset.cell = config.cell;
    if (!keep) freshRun();
    layoutGrid();
    controls.markInvalid(null, false);
    setText(exportStatus, '');
    runSeq += 1;
    if (!importJob) setImportStatus('idle');  // "Loaded x.json" was about the previous run
    renderStats();
    setRunning(startSeq >= seq);
    if (lockKeys.length) pinLock();
    opts.onConfigChange?.(pickConfig(config));
    if (!keep) signal('configured', { config: urlKeys(config), paramCount: info.paramCount, task: info.task, locked: lockKeys });
  }

  /** The collapsed settings' one line: the config, and what is locked. */
  function renderSummary() {
    if (!config) return;
    setText(settingsSummary, `${describeConfig(config)}${lockKeys.length ? ` · locked: ${lockKeys.join(', ')}` : ''}`);
  }

  // ---- locks -------------------------------------------------------------------
  /** Locked keys without a value yet take the run's (corpus outside the text task: the default text). */
  function pinLock() {
    if (!config) return;
    lockValues = lockValues || {};
    for (const k of lockKeys) {
      if (lockValues[k] !== undefined) continue;
      if (k === 'corpus') lockValues.corpus = config.task === 'text' && config.corpus !== undefined ? config.corpus : DEFAULT_CORPUS;
      else if (config[k] !== undefined) lockValues[k] = config[k];
    }
  }

  /** The locked keys a config asks to change: [{key, locked, asked}]. */
  function lockConflicts(cfg) {
    if (!lockValues || !cfg) return [];
    const out = [];
    for (const k of lockKeys) {
      const v = lockValues[k];
      if (v === undefined || cfg[k] === undefined) continue;
      if (k === 'corpus' && cfg.task !== 'text') continue;
      if (String(cfg[k]) !== String(v)) out.push({ key: k, locked: v, asked: cfg[k] });
    }
    return out;
  }

  /** A config with the locked keys at their locked values (a key left out too: it would fall back to its default). */
  function withLock(cfg) {
    if (!lockValues || !lockKeys.length) return cfg;
    const out = { ...cfg };
    for (const k of lockKeys) {
      const v = lockValues[k];
      if (v === undefined || k === 'corpus') continue;
      out[k] = v;
    }
    if (lockValues.corpus !== undefined && lockKeys.includes('corpus') && out.task === 'text') {
      out.corpus = lockValues.corpus;
      out.text = corpusText(lockValues.corpus);
    }
    return out;
  }

  /** The sentence for conflicts: "T is locked at 16 on this page (asked: 20)". */
  function lockText(conflicts) {
    return conflicts.map((c) => `${c.key} is locked at ${c.locked} on this page (asked: ${c.asked})`).join('; ');
  }

  /**
   * The refusal of a state file whose settings contradict a lock, or null:
   * the settings it needs (a text model's: textModelPlan) against the locked values.
   */
  function lockRefusal(name, stateText, plan) {
    if (!lockValues || !lockKeys.length) return null;
    const needs = plan ? { ...stateSettings(stateText), ...plan.config } : stateSettings(stateText);
    const bad = lockConflicts(needs);
    if (!bad.length) return null;
    const list = (parts) => (parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]);
    return `Could not load ${name}: the state is for ${list(bad.map((c) => `${c.key} = ${c.asked}`))}, `
      + `but this page locks ${list(bad.map((c) => `${c.key} at ${c.locked}`))}. `
      + 'Nothing was changed: the lab keeps its lock, its settings and its weights.';
  }

  /**
   * Locks URL keys (in URL_KEYS spelling): their controls are disabled and
   * no route changes them. Their values are those of the run in force (or,
   * before the first run, of the first one); `repin`: take them afresh from
   * the next run (an element whose attributes changed); `values`: pin
   * these instead (compare mode's lab B takes lab A's). `message`: what to
   * say about unknown names (source lock).
   */
  function setLock(keys, { repin = false, values = null, message = null } = {}) {
    lockKeys = URL_KEYS.filter((k) => (keys || []).includes(k));
    if (values) lockValues = Object.fromEntries(lockKeys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
    else if (repin || !lockKeys.length) lockValues = null;
    else if (lockValues) for (const k of Object.keys(lockValues)) if (!lockKeys.includes(k)) delete lockValues[k];
    controls.setLocked(lockKeys);
    lab.dataset.locked = lockKeys.join(',');
    if (!repin && config) pinLock();
    renderSummary();
    setMessage('lock', message);
  }

  /**
   * The config sent to the worker: the URL keys plus the diagnostics the
   * panels ask for (panel.mjs `requests`, e.g. the Jacobian panel's
   * jacobians), each only where the engine's check accepts it. `notes`: per
   * panel key, the engine's reason when it did not.
   */
  async function panelConfig(want) {
    let sent = want;
    const notes = {};
    for (const def of PANELS) {
      if (!def.requests) continue;
      const r = await def.requests(sent, (c) => client.check(c));
      sent = { ...sent, ...r.keys };
      if (r.note) notes[def.key] = r.note;
    }
    return { config: sent, notes };
  }

  /** Configures the worker; resolves to true when the run changed. */
  async function configure(cfg, { keep = false } = {}) {
    const seq = ++configureSeq;
    const want = pickConfig(withLock(cfg));
    wanted = want;
    try {
      const sent = await panelConfig(want);
      const msg = await client.configure(sent.config);
      applyConfigured({ ...msg, config: { ...msg.config, ...textKeys(want) }, notes: sent.notes }, seq, { keep });
      return true;
    } finally {
      if (wanted === want) wanted = null;
    }
  }

  // ---- surviving the worker ---------------------------------------------------
  function setSnapshot(next) {
    snapshot = next;
    lab.dataset.snapshotStep = String(next ? next.step : 0);
  }

  /** Asks for the weights now and then while training (`force`: now, e.g. on a pause). */
  function maybeSnapshot(force) {
    if (!config || !info || !latest || snapshotPending || recovering || client.dead) return;
    if (snapshot && snapshot.step === latest.step) return;
    if (info.paramCount.total > SNAPSHOT_MAX_PARAMS) return;
    const t = performance.now();
    if (!force && t - lastSnapshotAt < Math.max(SNAPSHOT_MS, snapshotCostMs / SNAPSHOT_SHARE)) return;
    snapshotPending = true;
    lastSnapshotAt = t;
    client.snapshot().then((msg) => {
      snapshotPending = false;
      snapshotCostMs = msg.ms;
      const step = msg.step + stepOffset;
      // The worker answers between chunks, in order: the latest metrics are this step's.
      setSnapshot({ state: msg.state, step, latest: latest && latest.step === step ? latest : null });
      lab.dataset.snapshotMs = String(Math.round(msg.ms * 10) / 10);
    }, () => {
      snapshotPending = false;  // a newer run or a dead worker: the previous snapshot stays (or was cleared)
    });
  }

  /** How long the worker may be silent before it counts as stopped (see the constants above). */
  function silenceBound() {
    if (!config || !info) return HEARTBEAT_SILENCE_MS;
    const P = info.paramCount.total;
    const sps = Number(speed.value);
    const steps = sps > 0 ? Math.max(1, Math.round(sps / UPDATES_PER_SECOND)) : 1;
    const estimate = ((6 * config.T * config.batch * P * steps) / ASSUMED_FLOPS) * 1000;
    const measured = latest && latest.chunkMs > 0 ? 3 * latest.chunkMs : 0;
    // A what-if branch computes the state Jacobians: about 3T singular value
    // decompositions of S x S (S = stateBlocks x N_h), WHATIF_FLOPS_PER_S3 x S^3 each.
    const S = ((info.cell && info.cell.stateBlocks) || 1) * config.hidden;
    const whatIf = whatIfPending ? ((3 * WHATIF_FLOPS_PER_S3 * config.T * S ** 3) / ASSUMED_FLOPS) * 1000 : 0;
    return HEARTBEAT_SILENCE_MS + Math.max(estimate, measured) + P * STATE_MS_PER_PARAM
      + (importBytes / MIB) * IMPORT_MS_PER_MIB + whatIf;
  }

  /**
   * The worker died (worker_client.mjs says why): a new one with the
   * settings in force and the latest snapshot's weights, paused; the steps go
   * on from the snapshot's. A configure the dead worker never answered is
   * sent again instead (its run had no weights yet).
   */
  async function recover(reason) {
    if (destroyed) return;
    const token = ++recoverSeq;
    const t = performance.now();
    restartTimes = restartTimes.filter((x) => t - x < RESTART_WINDOW_MS);
    restartTimes.push(t);
    const inFlight = wanted && !(config && sameConfig(wanted, config)) ? wanted : null;
    const snap = inFlight ? null : snapshot;
    const lostStep = latest && !resetPending ? latest.step : 0;  // after a Reset click nothing was lost
    startSeq = -1;
    snapshotPending = false;
    recovering = true;
    restartTrained = false;
    setRunning(false);
    if (restartTimes.length > MAX_RESTARTS) {
      setMessage('restart', null);
      setMessage('worker', `The training worker stopped again (${reason}). It stopped ${restartTimes.length} times within a minute, `
        + 'so the lab does not start another one: reload the page to go on (the address keeps your settings).');
      return;  // the controls stay disabled
    }
    restartCount += 1;
    lab.dataset.workerRestarts = String(restartCount);
    setMessage('restart', `The training worker stopped (${reason}). Starting a new one…`);
    client.restart();
    const done = (text) => {
      if (token !== recoverSeq) return;
      recovering = false;
      setRunning(false);
      renderStats();
      if (text) setMessage('restart', text);
    };
    if (client.failure) {
      done(null);
      setMessage('restart', null);
      setMessage('worker', client.failure);
      return;
    }
    const cfg = inFlight || (config ? pickConfig(config) : null);
    const head = `The training worker stopped (${reason}). A new one was started with your settings`;
    if (!cfg) {
      // It died before the first run was configured: ask again for what the page asked for.
      done(`${head}.`);
      if (lastLoad) await load(...lastLoad);
      return;
    }
    try {
      await configure(cfg, { keep: !!snap });
      if (token !== recoverSeq) return;
      let text;
      if (snap) {
        try {
          await client.importState(snap.state);
          if (token !== recoverSeq) return;
          stepOffset = snap.step;
          history.truncate(snap.step);
          timeline.truncate(snap.step, snap.latest);
          latest = snap.latest;
          setSnapshot(snap);
          lastSnapshotAt = performance.now();
          const lost = lostStep > snap.step ? ` (the ${formatCount(lostStep - snap.step)} steps after it were lost)` : '';
          const averages = config.optimizer !== 'sgd' || config.momentum > 0 ? " The optimizer's running averages start afresh." : '';
          text = `${head} and the weights from step ${formatCount(snap.step)}${lost}: press Train to go on.${averages}`;
        } catch (e) {
          if (e instanceof StaleReply) throw e;
          freshRun();
          text = `${head}, but the weights from step ${formatCount(snap.step)} could not be loaded (${e.message}), so the run starts again from step 0.`;
        }
      } else if (lostStep > 0 && !inFlight) {
        const why = info && info.paramCount.total > SNAPSHOT_MAX_PARAMS
          ? `no copy is kept of a model above ${formatCount(SNAPSHOT_MAX_PARAMS)} parameters`
          : 'no copy had been taken yet';
        text = `${head}; its weights could not be kept (${why}), so the run starts again from step 0.`;
      } else {
        text = `${head}.`;
      }
      done(text);
    } catch (e) {
      // StaleReply: a newer change (or another death) took over; that one has its say.
      if (e instanceof StaleReply) done(client.dead ? null : `${head}.`);
      else done(`The training worker stopped (${reason}). A new one was started, but it refused the settings: ${e.message}`);
    }
    frame.request();
    idle();
  }

  // A change made in the controls (or asked for by the page): the previous
  // valid run stays if the engine refuses the new config.
  async function userConfigure(cfg, key, { file = '' } = {}) {
    const wasRunning = running;
    const before = startSeq;
    try {
      await configure(cfg);
      clearStaleMessages();
      // Keep training if it was, unless paused meanwhile (a pause sets startSeq to -1).
      if (wasRunning && before !== -1 && startSeq === before) start();
      return true;
    } catch (e) {
      if (e instanceof StaleReply) return false;
      // Mark the fields the engine names (not just the one edited last).
      let keys = key;
      try {
        const checked = await client.check(pickConfig(cfg));
        // A text too short for a new T is the T field's fault (the text did not change).
        const named = checked.errors.map((x) => (x.key === 'text' && key === 'T' ? 'T' : x.key)).filter(Boolean);
        if (named.length) keys = named;
      } catch {
        // the message below still says what is wrong
      }
      controls.markInvalid(keys, true);
      const what = file ? `${file} was not used: ${e.message}` : e.message;
      const data = cfg.task === 'sequences' ? 'its data' : 'its text';
      setMessage('settings', `${what}. Nothing was changed: the lab keeps its previous settings${file ? `, ${data} and its model` : ''}.`);
      // The worker keeps the previous run going; its replies now carry the new run id.
      return false;
    }
  }

  /**
   * A partial config (from a URL or attributes) with the text its task
   * needs: the shipped corpus it names, or the text of the current run
   * (a pasted text is not in the URL: a link or an edited hash keeps it
   * while the page is open), else the default corpus.
   */
  function withText(partial) {
    if (partial && partial.task === 'sequences' && typeof partial.sequences !== 'string') {
      // The URL cannot hold the reader's sequences: the current run's while the page is open, else the shipped example.
      if (config && config.task === 'sequences' && typeof config.sequences === 'string') return { ...partial, sequences: config.sequences };
      return { ...partial, sequences: datasetText(DEFAULT_DATASET) };
    }
    if (!partial || partial.task !== 'text' || typeof partial.text === 'string') return partial;
    if (partial.corpus !== undefined) return { ...partial, text: corpusText(partial.corpus) };
    if (config && config.task === 'text' && typeof config.text === 'string') return { ...partial, ...textKeys(config) };
    return { ...partial, corpus: DEFAULT_CORPUS, text: corpusText(DEFAULT_CORPUS) };
  }

  /**
   * Loads a partial config (from a URL: keys left out take their defaults).
   * The engine checks every key at once; each refused key falls back to its
   * default with a message, and the lab configures once.
   */
  async function load(partial, urlMessages = [], { clear = true } = {}) {
    lastLoad = [partial, urlMessages, { clear }];
    const wasRunning = running;
    const before = startSeq;
    if (clear) clearStaleMessages();
    const notes = [...urlMessages];
    if (client.failure) {
      setMessage('worker', client.failure);
      return false;
    }
    try {
      // A locked key keeps its value whatever the URL (or the attributes) say.
      for (const c of lockConflicts(partial)) notes.push(`URL ${c.key}=${c.asked}: ${c.key} is locked at ${c.locked} on this page; keeping ${c.locked}.`);
      let cfg = pickConfig(withText(withLock(partial || {})));
      let checked = await client.check(cfg);
      // The text comes with the task (a shipped corpus, or the run's own): a
      // text too short for the URL's T is T's fault, so T falls back.
      const keyed = checked.errors.filter((e) => e.key)
        .map((e) => (e.key === 'text' && cfg.T !== undefined ? { ...e, key: 'T' } : e));
      for (const e of keyed) notes.push(`URL ${e.key}${e.key === 'text' ? '' : `=${partial[e.key]}`}: ${e.message}; using the default instead.`);
      for (const e of keyed) delete cfg[e.key];
      if (!keyed.length && checked.errors.length) {
        // Only the sizes together are refused (the caches would not fit): their defaults instead.
        for (const e of checked.errors) notes.push(`URL: ${e.message}; using the default sizes instead.`);
        cfg = Object.fromEntries(Object.entries(cfg).filter(([k]) => !SIZE_KEYS.includes(k)));
      } else if (keyed.length) {
        checked = await client.check(cfg);
        if (checked.errors.length) {
          for (const e of checked.errors) notes.push(`URL: ${e.message}; using the default sizes instead.`);
          cfg = Object.fromEntries(Object.entries(cfg).filter(([k]) => !SIZE_KEYS.includes(k)));
        }
      }
      setMessage('url', notes);
      await configure(cfg);
      if (wasRunning && before !== -1 && startSeq === before) start();
      return true;
    } catch (e) {
      if (!(e instanceof StaleReply)) setMessage('run', e.message);
      setMessage('url', notes);
      return false;
    }
  }

  // ---- rendering, once per frame -------------------------------------------
  function renderStats(m = latest) {
    setText(stepEl, m ? formatCount(m.step) : '0');
    setAttr(stepEl, 'data-value', m ? m.step : 0);
    setText(lossEl, m ? formatNumber(m.loss, 4) : '—');
    setAttr(lossEl, 'data-value', m ? m.loss : '');
    setText(accEl, m ? formatPercent(m.accuracy) : '—');
    setAttr(accEl, 'data-value', m ? m.accuracy : '');
    // The worker measures a chunk's own rate; at a chosen pace the loop waits between chunks, so the pace caps it.
    const pace = Number(speed.value);
    const rate = m && m.stepsPerSecond && pace > 0 ? Math.min(m.stepsPerSecond, pace) : m && m.stepsPerSecond;
    setText(rateEl, m && running && rate ? `${formatCount(rate)} steps/s` : '—');
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
    // A step picked in the history (timeline.mjs): every panel shows that
    // step's message and the curves up to it; `past` says so (past.history: all of it).
    const shown = timeline.shown;
    const m = shown ? shown.msg : latest;
    const hist = shown ? historyUpTo(history, shown.step) : history;
    const past = shown ? { step: shown.step, history } : null;
    renderStats(m);
    const now = performance.now();
    const calm = now - lastSummary > SUMMARY_MS || !running;
    if (calm) lastSummary = now;
    // Hidden panels are not drawn (several widgets on a page stay cheap),
    // except those whose hooks must stay true in every view.
    for (const p of panels) {
      if (!p.inst.element.hidden || p.inst.alwaysRender) p.inst.render(m, hist, { calm: calm || !!past, past });
    }
  });

  setView(opts.view);

  // ---- events ----------------------------------------------------------------
  toggle.addEventListener('click', () => {
    userAction();
    if (running) pause();
    else start();
  });
  stepBtn.addEventListener('click', () => {
    userAction();
    if (!config || running || recovering) return;
    timeline.live();
    client.step(1);
    idle();
  });
  /** Reset: the same settings, fresh weights, step 0 (resolves once the new run is configured). */
  async function reset() {
    setSnapshot(null);  // the weights are being discarded: a worker dying now restarts fresh
    resetPending += 1;
    try {
      const seq = ++configureSeq;
      const keys = textKeys(config);
      const msg = await client.reset();
      applyConfigured({ ...msg, config: { ...msg.config, ...keys } }, seq);
      clearStaleMessages();
    } catch (e) {
      if (!(e instanceof StaleReply)) setMessage('run', e.message);
    } finally {
      resetPending -= 1;
    }
  }
  resetBtn.addEventListener('click', () => reset());
  speed.addEventListener('change', () => {
    userAction();
    client.speed(Number(speed.value));
  });

  const slug = () => (config ? configSlug(config) : 'run');
  pngBtn.addEventListener('click', async () => {
    userAction();
    const items = panels.flatMap((p) => p.inst.exports());
    try {
      const blob = await chartsToPng(items, { heading: config ? `rnnlab · ${describeConfig(config)} · step ${latest ? latest.step : 0}` : 'rnnlab' });
      download(`rnnlab-${config ? configSlug(config) : 'charts'}.png`, blob);
    } catch (e) {
      setMessage('run', e.message);
    }
  });
  csvBtn.addEventListener('click', async () => {
    userAction();
    try {
      // After a restart the worker's record starts at the snapshot's step.
      const record = await client.history();
      download(`rnnlab-${slug()}-metrics.csv`, recordToCsv({ ...record, firstStep: record.firstStep + stepOffset }), 'text/csv');
    } catch (e) {
      if (!(e instanceof StaleReply)) setMessage('run', e.message);
    }
  });
  flowCsvBtn.addEventListener('click', () => {
    userAction();
    const flow = panels.map((p) => p.inst.csv?.()).find(Boolean);
    if (flow) download(`rnnlab-${slug()}-${flow.name}.csv`, flow.text, 'text/csv');
  });
  stateBtn.addEventListener('click', async () => {
    userAction();
    try {
      const text = await client.exportState();
      download(`rnnlab-${configSlug(config)}-step${latest ? latest.step : 0}.json`, text, 'application/json');
      setText(exportStatus, 'Weights downloaded.');
    } catch (e) {
      if (!(e instanceof StaleReply)) setMessage('run', e.message);
    }
  });
  reportBtn.addEventListener('click', async () => {
    userAction();
    if (!config || reportBtn.disabled) return;
    const step = latest ? latest.step : 0;
    const { task, cell } = config;
    reportBtn.disabled = true;
    setText(exportStatus, `Writing the report of step ${formatCount(step)}…`);
    try {
      const text = await client.report(reportExtras ? reportExtras() : {});
      // Named by the step it reports (the worker's, at the moment it wrote it: training may go on meanwhile).
      const name = `rnnlab-report-${task}-${cell}-step${JSON.parse(text).steps}.json`;
      download(name, text, 'application/json');
      setText(exportStatus, `Report downloaded: ${name}.`);
    } catch (e) {
      setText(exportStatus, '');
      if (!(e instanceof StaleReply)) setMessage('run', `Could not export the report: ${String(e.message).replace(/\.$/, '')}. Nothing was changed.`);
    } finally {
      reportBtn.disabled = false;
    }
  });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = '';
    if (file) importFile(file);
  });

  // ---- importing a state file -------------------------------------------------
  function setImportStatus(state, text = '', percent = null) {
    importStatus.hidden = state === 'idle';
    setAttr(importStatus, 'data-state', state);
    setAttr(importStatus, 'data-percent', percent === null ? '' : percent);
    importBar.hidden = state !== 'reading' && state !== 'loading';
    if (state === 'reading') importBar.value = percent;
    else importBar.removeAttribute('value');  // loading: indeterminate (the engine does not report progress)
    setText(importText, text);
  }

  /** The import messages of a job: what was there when it began, and the files refused while it ran. */
  function importMessages(job, first = []) {
    return [...first, ...job.refused];
  }

  /**
   * After a stale import reply (a configure or Reset was sent after the
   * file): waits until the worker has answered everything sent so far, then
   * says whether the file's weights are in force. 'run': a new run replaced
   * the one the file went into; 'kept': the new settings were refused, so
   * the worker kept that run, with the file's weights; 'worker': it died.
   */
  async function settleStale(seq, restarts) {
    for (let i = 0; i < 20; i++) {
      if (destroyed) return 'destroyed';
      if (recovering || client.dead || restartCount !== restarts) return 'worker';
      try {
        await client.check(config ? pickConfig(config) : {});
        break;
      } catch (e) {
        if (!(e instanceof StaleReply)) return 'run';
      }
    }
    if (recovering || client.dead || restartCount !== restarts) return 'worker';
    return runSeq === seq ? 'kept' : 'run';
  }

  /**
   * A text model's state (one with a `vocab`) loads only into a run of the
   * text task with its cell and sizes and the same characters (the engine
   * checks). Returns null when the current run takes it as it is (or it is
   * no text model: then the engine says what it thinks of it), else
   * {config, placeholder, vocabSize, title}: the run to set up first, on the
   * current text if its characters are the model's, else a shipped text
   * with these characters, else the vocabulary itself as the text (repeated
   * to T + 1 characters), so that a model imported without its text can
   * still write.
   */
  /**
   * For a refused state of the task sequences (one with `classes`): its data
   * is not in the file, so the lab cannot set its run up; say how to.
   */
  function sequencesModelHint(stateText) {
    if (typeof stateText !== 'string' || !stateText.includes('"classes"')) return '';
    let s;
    try {
      s = JSON.parse(stateText);
    } catch {
      return '';
    }
    if (!s || !Array.isArray(s.classes) || !s.classes.every((c) => typeof c === 'string')) return '';
    const shown = s.classes.slice(0, 8).map((c) => `“${c}”`).join(', ') + (s.classes.length > 8 ? ', …' : '');
    const now = config && config.task === 'sequences' ? 'the sequences in force are not the ones it learnt from' : 'the lab is on another task';
    return ` It is a classifier of labelled sequences (classes ${shown}), and ${now}: its sequences are not in the file. Choose the task “Your own labelled sequences” with its cell and sizes, open the file it learnt from, then load the weights.`;
  }

  function textModelPlan(stateText) {
    if (!stateText.includes('"vocab"')) return null;
    let s;
    try {
      s = JSON.parse(stateText);
    } catch {
      return null;  // the engine's parser says where
    }
    if (!s || typeof s !== 'object' || !Array.isArray(s.vocab) || !s.vocab.length || !s.vocab.every((v) => typeof v === 'string')) return null;
    if (s.classes !== undefined || s.vocab_size !== s.num_classes) return null;  // a classifier with named tokens, not a text model
    const vocab = s.vocab.join('\u0000');
    const sameChars = (text) => typeof text === 'string' && vocabOf(text) === vocab;
    const sizes = { cell: s.cell, hidden: s.hidden_size, embed: s.embedding_dim, layers: s.num_layers ?? 1 };
    const isText = config && config.task === 'text';
    const sizesMatch = config && Object.entries(sizes).every(([k, v]) => config[k] === v);
    if (isText && sizesMatch && sameChars(config.text)) return null;
    const base = { ...(config ? pickConfig(config) : {}), ...sizes, task: 'text' };
    delete base.corpus;
    delete base.text;
    if (!isText) delete base.T;  // the text task's default T
    const plan = (keys, extra = {}) => ({ config: { ...base, ...keys }, vocabSize: s.vocab.length, placeholder: false, title: '', ...extra });
    if (isText && sameChars(config.text)) return plan(textKeys(config));
    const corpus = CORPORA.find((c) => sameChars(corpusText(c.name)));
    if (corpus) return plan({ corpus: corpus.name, text: corpusText(corpus.name) }, { title: corpus.title });
    // At least T + 1 characters (and enough for the engine's default T when the lab had another task).
    const need = Math.max(Number.isInteger(base.T) ? base.T + 1 : 0, 1024);
    let text = s.vocab.join('');
    while (Array.from(text).length < need) text += s.vocab.join('');
    return plan({ text }, { placeholder: true });
  }

  /**
   * Loads a chosen state file. Over the page's limit it is refused unread;
   * else it is read in pieces (import-status shows the percentage), then the
   * worker's engine parses it and loads it into the current run. The engine
   * changes nothing unless the whole state fits, so any failure leaves the
   * settings and the weights as they were. One file at a time: a file chosen
   * while another is loading is refused with a message (choose it again
   * afterwards). A new run (settings, Reset, URL) or a replaced worker while
   * the file loads cancels the import.
   */
  async function importFile(file) {
    const name = file.name;
    if (importJob) {
      importJob.refused.push(`${name} was not loaded: ${importJob.name} is still loading, and the lab loads one file at a time. `
        + `Choose ${name} again once ${importJob.name} is done.`);
      setMessage('import', importMessages(importJob, importJob.prior));
      return;
    }
    const job = { name, prior: messages.get('import') || [], refused: [], runSeq };
    importJob = job;
    setText(exportStatus, '');
    let seq = runSeq;
    const restarts = restartCount;
    const t0 = performance.now();
    let textPlan = null;
    const cancelledBy = () => {
      if (destroyed) return 'destroyed';
      if (recovering || client.dead || restartCount !== restarts) return 'worker';
      return runSeq !== seq ? 'run' : null;
    };
    let text = null;
    let outcome;
    let timer = 0;
    try {
      text = await readFileText(file, {
        cancelled: () => cancelledBy() !== null,
        onProgress: (n, total) => {
          const pct = total > 0 ? Math.floor((100 * n) / total) : 100;
          setImportStatus('reading', `Reading ${name}: ${pct} % of ${formatBytes(total)}`, pct);
        },
      });
      const t1 = performance.now();
      const loading = () => {
        const s = Math.floor((performance.now() - t1) / 1000);
        setImportStatus('loading', `Parsing ${name} and loading it into the engine…${s >= 1 ? ` ${s} s` : ''}`, 100);
      };
      loading();
      timer = setInterval(loading, 1000);
      importBytes = file.size;
      try {
        // A text model (a state with a vocab) needs a run of the text task with its sizes and characters.
        textPlan = textModelPlan(text);
        // A state that contradicts a lock is refused before anything changes.
        const refusal = lockRefusal(name, text, textPlan);
        if (refusal) {
          textPlan = null;
          throw new LockRefused(refusal);
        }
        if (textPlan) {
          await configure(textPlan.config);
          seq = runSeq;  // the run made for the file is not a cancelling change
        }
        await client.importState(text);
        outcome = 'done';
      } catch (e) {
        if (!(e instanceof StaleReply)) throw e;
        outcome = await settleStale(seq, restarts);
      }
    } catch (e) {
      outcome = e instanceof ImportCancelled ? cancelledBy() || 'run' : e;
    } finally {
      clearInterval(timer);
      importBytes = 0;
      importJob = null;
    }
    if (destroyed || outcome === 'destroyed') return;
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (outcome === 'done' || outcome === 'kept') {
      // New weights: what was said about the previous ones (a divergence, a
      // refused file) no longer applies. ('kept': a refused settings change
      // came after the file; its message stays.)
      if (outcome === 'done') clearStaleMessages();
      else for (const source of ['run', 'import']) setMessage(source, null);
      setMessage('import', importMessages(job));
      const textNote = !textPlan ? '' : textPlan.placeholder
        ? ` Its text is not in the file: the text box holds its ${formatCount(textPlan.vocabSize)} characters, so that it can write; open or paste the text it learnt from to train it further.`
        : textPlan.config.corpus ? ` It is a text model of the shipped text “${textPlan.title}”, now in the text box.` : '';
      setImportStatus('done', `Loaded ${name} (${formatBytes(file.size)}) in ${secs} s.${textNote}`, 100);
      // Kept to restart a dead worker with these weights, like any snapshot (none for a very large model).
      const small = info && info.paramCount.total <= SNAPSHOT_MAX_PARAMS;
      setSnapshot(small ? { state: text, step: latest ? latest.step : 0, latest } : null);
      idle();
    } else if (outcome === 'run') {
      setMessage('import', importMessages(job));
      setImportStatus('cancelled', `${name} was not loaded: the settings changed (or the lab was reset) while it was loading. `
        + 'Load it again if it is for the new settings.');
    } else if (outcome === 'worker') {
      setMessage('import', importMessages(job, [`Could not load ${name}: the training worker stopped while the file was loading.`]));
      setImportStatus('error', `${name} was not loaded.`);
    } else if (outcome instanceof LockRefused) {
      setMessage('import', importMessages(job, [outcome.message]));
      setImportStatus('error', `${name} was not loaded (see the message above).`);
    } else {
      const why = String(outcome && outcome.message ? outcome.message : outcome).replace(/\.$/, '');
      // A text model's run was set up for it and then refused its weights: the settings are the file's, the weights fresh.
      const after = textPlan && runSeq !== job.runSeq
        ? 'The lab took the settings the file needs (the text task, its cell and sizes), with fresh weights.'
        : 'Nothing was changed: the lab keeps its settings and weights.';
      setMessage('import', importMessages(job, [`Could not load ${name}: ${why}. ${after}${sequencesModelHint(text)}`]));
      setImportStatus('error', `${name} was not loaded (see the message above).`);
    }
  }

  return {
    element: lab,
    /** Loads a partial config (URL keys); see load() above. */
    load,
    /** Applies a full or partial config as a user change (errors keep the previous run); locked keys keep their values. */
    configure: (cfg) => userConfigure(cfg, null),
    start,
    pause,
    /** Reset: same settings, fresh weights (as the Reset button). */
    reset,
    /** Locks keys (see setLock above). */
    setLock,
    /** The locked keys. */
    get locked() {
      return [...lockKeys];
    },
    /** The locked values ({key: value}), or null before they were pinned. */
    get lockValues() {
      return lockValues ? { ...lockValues } : null;
    },
    /** The locked keys a config asks to change: [{key, locked, asked}] (before the values are pinned: none). */
    lockConflicts,
    lockText,
    /** The run's per-step record (the worker's `history`), with the steps as the page counts them. */
    async history() {
      const record = await client.history();
      return { ...record, firstStep: record.firstStep + stepOffset };
    },
    get running() {
      return running;
    },
    get config() {
      return config ? pickConfig(config) : null;
    },
    get paramCount() {
      return info ? info.paramCount : null;
    },
    /** The engine's hidden size for `cfg` whose parameter count is closest to `target`: {hidden, paramCount}. */
    matchHidden: (cfg, target) => client.matchHidden(pickConfig(cfg), target),
    /** Shows a message from the page (it stays until the next change that takes effect). */
    showError: (message) => setMessage('run', message),
    /** Sets (or, with null, clears) the messages of a source of the page's own that no new run clears (e.g. 'origin'). */
    setNote: (source, message) => setMessage(source, message),
    /** An element shown over the lab's body (an assignment's panel, assignment.mjs); null removes it. */
    setAside(el) {
      aside.replaceChildren(...(el ? [el] : []));
      aside.hidden = !el;
    },
    /** What the exported report carries beside the run: fn() => {assignment, answers}, or null. */
    setReportExtras(fn) {
      reportExtras = fn || null;
    },
    /** Reads an assignment file with the engine (the worker's checkAssignment): {assignment | null, errors}. */
    checkAssignment: (text) => client.checkAssignment(text),
    /** Fills in the "Run to step" field (a guided experiment's step). */
    setRunTo: (step) => timeline.setRunTo(step),
    /** A heading over the lab (compare mode: "A", "B"); null for none. */
    setTitle(next) {
      title = next || null;
      renderTitle();
    },
    setSettingsOpen(open) {
      settings.open = !!open;
    },
    /** Shows only the panels a view names (see view.mjs); hooks of hidden panels stay up to date. */
    setView,
    destroy() {
      destroyed = true;
      clearTimeout(renderTimer);
      frame.stop();
      client.terminate();
      controls.destroy();
      for (const p of panels) p.inst.destroy();
      root.replaceChildren();
    },
  };
}
