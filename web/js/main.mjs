// main.mjs — the page's entry (bundled to web/dist/app.js): reads the URL,
// creates the lab (two in compare mode, sharing one gradient scale), keeps
// the URL in step with the settings, and wires the page-level buttons
// (one-click "Compare RNN vs LSTM", back to one lab, train/pause both), the
// guided experiments (presets_view.mjs) and the sequence-length sweep
// (sweep_panel.mjs), which takes its task and training settings from lab A.
// The page options of the URL (url_state.mjs parsePageOptions): `view` (which
// panels each lab shows; a later hash without view keeps it) and `lock`
// (settings no route changes; read from the first URL only, so a hash edit
// cannot lift it, and written back with every URL). Both labs share the
// lock and its values (lab A's); with cell, task, T or seed locked the
// one-click comparison is disabled, with hidden locked "match parameters".
// An assignment (`assignment=URL`, same site; assignment.mjs) is read by
// lab A's engine before its first run: its config over the URL's keys, its
// lock added to the URL's, its panel over lab A, its answers in the report.
// Deliberately not: any panel or chart (lab_view.mjs), any parsing rule
// (url_state.mjs), anything touching the engine (the worker).
import { createLab } from './lab_view.mjs';
import { URL_KEYS, parsePageOptions, parseUrlState, writeUrlState } from './url_state.mjs';
import { createScaleGroup } from './charts/scale_group.mjs';
import { matchPreset } from './presets.mjs';
import { createPresetsView } from './presets_view.mjs';
import { createSweepPanel } from './sweep_panel.mjs';
import { createParamMatch } from './match_params.mjs';
import { assignmentParam, loadPageAssignment } from './assignment.mjs';

// The one-click comparison: a vanilla RNN and an LSTM on the same data stream
// (same task, T and seed), at a length where the RNN's gradient has vanished
// from the first steps and the LSTM still learns within seconds.
const COMPARE_PRESET = { task: 'binary_palindrome', T: 16, seed: 1 };
// The keys the one-click comparison sets (besides the cells).
const COMPARE_KEYS = ['cell', ...Object.keys(COMPARE_PRESET)];

function byId(id) {
  return document.getElementById(id);
}

async function boot() {
  const slotA = byId('lab-a');
  const slotB = byId('lab-b');
  const labs = byId('labs');
  const compareBtn = byId('compare-button');
  const singleBtn = byId('single-button');
  const compareBar = byId('compare-bar');
  const bothBtn = byId('train-both');
  const scaleGroup = createScaleGroup();
  let labA = null;
  let labB = null;
  let syncing = false;  // true while the page itself is loading configs
  // Page options: the lock of the first URL (for the page's lifetime) and the view.
  const first = parsePageOptions(location);
  const lock = first.lock;
  let view = first.view;
  let assignmentConfig = null;  // an assignment's settings, for the first run (its lock keeps them after)
  // Snippets point at the embed script beside this page, as a course page would reach it.
  const presets = createPresetsView(byId('experiments'), { scriptSrc: () => new URL('rnnlab-embed.js', location.href).href });
  const sweep = createSweepPanel(byId('sweep'), { getBase: () => (labA ? labA.config : null) });
  // Compare mode's "match parameters": B's N_h from the engine, so both counts are as equal as they can be.
  const match = createParamMatch({ checkbox: byId('match-params'), status: byId('match-status'), labs: () => ({ a: labA, b: labB }) });

  function writeUrl() {
    if (syncing || !labA || !labA.config) return;
    writeUrlState({ a: labA.config, b: labB && labB.config ? labB.config : null, lock: lock.keys, view });
  }

  function updateBothButton() {
    const anyRunning = (labA && labA.running) || (labB && labB.running);
    bothBtn.textContent = anyRunning ? 'Pause both' : 'Train both';
  }

  function makeLab(slot, title) {
    return createLab(slot, {
      title,
      view,
      // Open beside the charts on wide screens; a one-line summary on phones and in compare mode.
      settingsOpen: !title && !(window.matchMedia && window.matchMedia('(max-width: 700px)').matches),
      scaleGroup,
      onConfigChange: () => {
        sweep.refreshBase();  // the next sweep uses lab A's task and training settings
        writeUrl();
        match.refresh(slot === slotA ? 'a' : 'b');
      },
      onRunningChange: updateBothButton,
    });
  }

  function setCompareLayout(on) {
    labs.classList.toggle('labs--compare', on);
    slotB.hidden = !on;
    compareBar.hidden = !on;
    singleBtn.hidden = !on;
    compareBtn.hidden = on;
    document.body.classList.toggle('mode-compare', on);
  }

  /** Enters compare mode with lab B on `configB`; lab A is re-titled in place. */
  function enterCompare() {
    if (labB) return;
    setCompareLayout(true);
    labA.setTitle('A');
    labA.setSettingsOpen(false);
    labB = makeLab(slotB, 'B');
    // B is locked like A, at A's values (before A's first run: B's own first run's).
    if (lock.keys.length) labB.setLock(lock.keys, { values: labA.lockValues });
  }

  function exitCompare() {
    if (labB) {
      labB.destroy();
      labB = null;
    }
    setCompareLayout(false);
    labA.setTitle(null);
    labA.setSettingsOpen(!(window.matchMedia && window.matchMedia('(max-width: 700px)').matches));
    writeUrl();
    updateBothButton();
  }

  async function applyUrl() {
    const state = parseUrlState(location);
    if (assignmentConfig) state.a = { ...state.a, ...assignmentConfig };  // the assignment's settings win
    assignmentConfig = null;
    const options = parsePageOptions(location);
    if (options.view !== null && options.view !== view) {
      view = options.view;
      labA.setView(view);
      labB?.setView(view);
    }
    const preset = matchPreset(state);
    if (preset) presets.show(preset);
    if (preset && preset.runTo) labA.setRunTo(preset.runTo);  // its "Run to step" target
    syncing = true;
    try {
      if (state.compare) {
        const pinned = !!labA.lockValues;
        enterCompare();
        if (lock.keys.length && !pinned) {
          // The lock's values come from lab A's first run: B waits for them.
          await labA.load(state.a, state.messages);
          labB.setLock(lock.keys, { values: labA.lockValues });
          await labB.load(state.b, []);
        } else {
          await Promise.all([labA.load(state.a, state.messages), labB.load(state.b, [])]);
        }
      } else {
        if (labB) exitCompare();
        await labA.load(state.a, state.messages);
      }
    } finally {
      syncing = false;
    }
    writeUrl();
  }

  compareBtn.addEventListener('click', async () => {
    const base = { ...(labA.config || {}), ...COMPARE_PRESET };
    enterCompare();
    syncing = true;
    try {
      await Promise.all([labA.load({ ...base, cell: 'rnn' }), labB.load({ ...base, cell: 'lstm' })]);
    } finally {
      syncing = false;
    }
    writeUrl();
    labA.start();
    labB.start();
    byId('labs').scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  singleBtn.addEventListener('click', exitCompare);
  bothBtn.addEventListener('click', () => {
    const anyRunning = labA.running || (labB && labB.running);
    for (const lab of [labA, labB]) {
      if (!lab) continue;
      if (anyRunning) lab.pause();
      else lab.start();
    }
  });
  window.addEventListener('hashchange', applyUrl);

  labA = makeLab(slotA, null);
  if (assignmentParam(location) !== null) {
    const assignment = await loadPageAssignment(labA, location, { keepView: view !== null });
    if (assignment) {
      assignmentConfig = assignment.config;
      lock.keys = URL_KEYS.filter((k) => lock.keys.includes(k) || assignment.lock.includes(k));
      if (assignment.view && view === null) view = labA.element.dataset.view;  // the assignment's (the URL's view, if any, wins)
    }
  }
  if (lock.keys.length || lock.message) labA.setLock(lock.keys, { message: lock.message ? `URL ${lock.message}` : null });
  const blocked = COMPARE_KEYS.filter((k) => lock.keys.includes(k));
  if (blocked.length) {
    compareBtn.disabled = true;
    compareBtn.title = `Not on this page: it would change ${blocked.join(', ')}, which ${blocked.length === 1 ? 'is' : 'are'} locked.`;
  }
  if (lock.keys.includes('hidden')) {
    const box = byId('match-params');
    box.disabled = true;
    box.title = 'Not on this page: the hidden size is locked.';
  }
  applyUrl();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
