// timeline.mjs — a lab's second run-bar row: "Run to step N" (train to
// step N at the chosen speed, then pause) and the history of the run (a
// slider over the steps the lab kept, step_history.mjs): dragging it, or
// asking for a step (a click on the gradient heat map), shows that step
// in every panel; "Live" goes back to the latest step. Scrubbing pauses
// training (the lab does, through onScrub), so what is shown holds still.
// Deliberately not: rendering panels or talking to the worker (lab_view.mjs
// does both, through the callbacks).
import { fromHtml, h, setAttr, setText, uid } from './dom.mjs';
import { formatCount } from './format.mjs';
import { createStepHistory } from './step_history.mjs';

/** The sentence beside the slider (pure). */
export function timelineText(shown, latestStep, kept) {
  if (latestStep <= 0) return 'History: nothing trained yet.';
  if (!shown) return `Live: step ${formatCount(latestStep)} (${formatCount(kept)} steps kept to look back at).`;
  return `Viewing step ${formatCount(shown.step)} of ${formatCount(latestStep)}: every panel as it was then.`;
}

/**
 * The run-to target the page can ask for, or a message (pure).
 * @returns {{step}|{error}}
 */
export function parseRunTo(text, current) {
  const raw = String(text ?? '').trim();
  if (!/^\+?\d+$/.test(raw)) return { error: `Run to step: a whole number of steps, please (got "${raw}").` };
  const step = Number(raw);
  if (step <= current) return { error: `Run to step: the run is already at step ${formatCount(current)}; choose a later step (or Reset to start over).` };
  return { step };
}

/**
 * @param {object} opts {onRunTo(step), onScrub(entry | null)}: onRunTo gets
 *   a target after the current step; onScrub a kept entry {step, msg} when
 *   the reader picks a step, null for live.
 */
export function createTimeline(opts = {}) {
  const store = createStepHistory();
  let shown = null;       // null = live, else a kept entry {step, msg}
  let latestStep = 0;

  const runId = uid('rl-runto');
  const runInput = h('input', { id: runId, type: 'number', min: '1', step: '1', inputmode: 'numeric',
    class: 'rl-runto-input', 'data-testid': 'run-to-step', value: '200' });
  const runBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small', 'data-testid': 'run-to-step-button', text: 'Run' });
  const runNote = h('span', { class: 'rl-note rl-runto-note', role: 'status' });
  const sliderId = uid('rl-history');
  const slider = h('input', { id: sliderId, type: 'range', min: '0', max: '0', step: '1', value: '0', disabled: true,
    class: 'rl-history-slider', 'data-testid': 'history-slider', 'aria-label': 'Training step to show' });
  const stepOut = fromHtml('<output class="rl-history-step" data-testid="history-step" data-value="0" data-live="true"></output>');
  const liveBtn = h('button', { type: 'button', class: 'rl-btn rl-btn--small rl-history-live', 'data-testid': 'history-live',
    'aria-pressed': 'true', text: 'Live' });
  const element = h('div', { class: 'rl-timeline' },
    h('span', { class: 'rl-runto', role: 'group', 'aria-label': 'Run to a step and pause' },
      h('label', { for: runId, text: 'Run to step' }), runInput, runBtn, runNote),
    h('span', { class: 'rl-history', role: 'group', 'aria-label': 'History of the run' },
      h('label', { for: sliderId, text: 'History' }), slider, liveBtn, stepOut));

  function renderBar() {
    const live = !shown;
    setAttr(stepOut, 'data-value', live ? latestStep : shown.step);
    setAttr(stepOut, 'data-live', String(live));
    setText(stepOut, timelineText(shown, latestStep, store.length));
    setAttr(liveBtn, 'aria-pressed', String(live));
    setText(liveBtn, live ? 'Live' : 'Back to live');
    element.classList.toggle('rl-timeline--past', !live);
    const first = store.length ? store.entry(0).step : 0;
    slider.disabled = latestStep <= 0;
    setAttr(slider, 'min', first);
    setAttr(slider, 'max', latestStep);
    const v = String(live ? latestStep : shown.step);
    if (slider.value !== v) slider.value = v;
    setAttr(slider, 'aria-valuetext', live ? `live, step ${latestStep}` : `step ${shown.step}`);
  }

  /** Shows the kept step at or before `step` (the latest step itself: live). Returns what is shown. */
  function showStep(step) {
    if (latestStep <= 0) return null;
    if (step >= latestStep) {
      goLive();
      return null;
    }
    const e = store.at(step) || store.entry(0);
    if (!e || e.step >= latestStep) {
      goLive();
      return null;
    }
    shown = e;
    renderBar();
    opts.onScrub?.(shown);
    return shown;
  }

  function goLive() {
    const was = shown;
    shown = null;
    renderBar();
    if (was) opts.onScrub?.(null);
  }

  slider.addEventListener('input', () => showStep(Number(slider.value)));
  liveBtn.addEventListener('click', goLive);
  function runTo() {
    const r = parseRunTo(runInput.value, latestStep);
    setText(runNote, r.error || '');
    runInput.setAttribute('aria-invalid', r.error ? 'true' : 'false');
    if (!r.error) opts.onRunTo?.(r.step);
  }
  runBtn.addEventListener('click', runTo);
  runInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') runTo();
  });
  renderBar();

  return {
    element,
    /** Records a metrics message (the lab's, step offset applied); the bar follows when live. */
    push(msg) {
      store.push(msg);
      latestStep = msg.step;
      renderBar();
    },
    /** A new run: nothing kept, live. */
    clear() {
      store.clear();
      shown = null;
      latestStep = 0;
      setText(runNote, '');
      renderBar();
    },
    /** A restarted worker goes on from `step`: later entries go; a step shown past it goes live. */
    truncate(step, latest) {
      store.truncate(step);
      latestStep = latest ? latest.step : Math.min(latestStep, step);
      if (shown && shown.step > step) shown = null;
      renderBar();
    },
    showStep,
    live: goLive,
    /** Null when live, else the entry {step, msg} shown. */
    get shown() {
      return shown;
    },
    /** Prefills the run-to field (a guided experiment's step). */
    setRunTo(step) {
      runInput.value = String(step);
    },
    setRunToNote(text) {
      setText(runNote, text || '');
    },
    setDisabled(on) {
      runBtn.disabled = on;
    },
    get store() {
      return store;
    },
  };
}
