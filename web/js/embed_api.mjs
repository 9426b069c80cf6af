// embed_api.mjs — the message API of the embeds (docs/page.md, "Talking to
// the course page"): the names and shapes of the events a lab reports and of
// the commands it takes, shared by the <rnn-lab> element (DOM events),
// embed.html (postMessage to its parent: embed_bridge.mjs) and the host
// script rnnlab-host.js (rnnlab_host.mjs). One place, so the three agree.
//   element event:   new CustomEvent('rnnlab:step', {detail, bubbles: true, composed: true})
//   posted message:  {source: 'rnnlab', version: 1, type: 'step', detail}
//   command:         {target: 'rnnlab', command: 'configure', config: {T: 20}}
// Also the two watchers behind `step` (throttled) and `solved` (accuracy at
// or above the task's threshold for SOLVED_STEPS steps in a row), which read
// the lab's signals and its per-step record.
// Deliberately not: the DOM, the worker or any transport (the element and
// the bridge do that), nor a second list of tasks or thresholds (the
// engine's tasks() carry `solved`).

export const API_VERSION = 1;
export const SOURCE = 'rnnlab';   // `source` of every message a lab posts
export const TARGET = 'rnnlab';   // `target` of every command a host posts
export const EVENT_PREFIX = 'rnnlab:';

/** What a lab reports, in the order a run meets them (resize: embed.html only). */
export const EVENTS = Object.freeze(['ready', 'configured', 'step', 'solved', 'diverged', 'error', 'resize']);
/** What a lab takes. */
export const COMMANDS = Object.freeze(['start', 'pause', 'reset', 'configure']);

// `step` at most STEP_EVENTS_PER_SECOND times a second (the last step of a
// burst always arrives, at most 1/STEP_EVENTS_PER_SECOND s late).
export const STEP_EVENTS_PER_SECOND = 4;
// `solved`: the training accuracy at or above the task's `solved` threshold
// at each of SOLVED_STEPS consecutive training steps (the worker's per-step
// record, so no step in a chunk is skipped); once per run.
export const SOLVED_STEPS = 50;

/** The DOM event name of an event type: 'rnnlab:ready'. */
export function eventName(type) {
  return `${EVENT_PREFIX}${type}`;
}

/** The message embed.html posts for an event. */
export function eventMessage(type, detail) {
  return { source: SOURCE, version: API_VERSION, type, detail };
}

/** The message a host posts to give a command (config only for configure). */
export function commandMessage(command, config) {
  return command === 'configure' ? { target: TARGET, command, config } : { target: TARGET, command };
}

function plainObject(x) {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * A command from a message's data, or null for anything else (which is
 * ignored silently): {command, config} where config is a plain object
 * (configure only; {} when absent elsewhere).
 */
export function parseCommand(data) {
  if (!plainObject(data) || data.target !== TARGET || typeof data.command !== 'string') return null;
  if (!COMMANDS.includes(data.command)) return null;
  if (data.command === 'configure') {
    if (!plainObject(data.config)) return null;
    return { command: 'configure', config: data.config };
  }
  return { command: data.command, config: {} };
}

/** An event from a message's data (the host side), or null. */
export function parseEvent(data) {
  if (!plainObject(data) || data.source !== SOURCE || typeof data.type !== 'string' || !EVENTS.includes(data.type)) return null;
  return { type: data.type, detail: plainObject(data.detail) ? data.detail : {} };
}

/**
 * The origin a host named (URL key `origin`), normalised: {origin} for
 * 'https://course.example' (a path is dropped), {origin: null} when none was
 * named, {error} for something that is no http(s) origin.
 */
export function parseTrustedOrigin(text) {
  if (text === null || text === undefined || String(text).trim() === '') return { origin: null };
  const raw = String(text).trim();
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return { origin: u.origin };
  } catch {
    return { error: `origin: "${raw}" is not an origin such as https://course.example, so this lab takes no commands and posts no messages.` };
  }
}

/**
 * Turns a lab's signals into the API's events. `emit(type, detail)` sends
 * one; `history()` resolves to the run's per-step record {firstStep,
 * accuracy} (lab.history). Signals: configured({config, paramCount, task,
 * locked}), metrics(m), diverged({step, message, rule}),
 * error({source, message}). `ready` is sent once, before the first
 * `configured`.
 */
export function createLabEvents({ emit, history, now = () => performance.now(), setTimer = setTimeout, clearTimer = clearTimeout }) {
  const minGap = 1000 / STEP_EVENTS_PER_SECOND;
  let ready = false;
  let run = 0;           // counts runs: a reply for an older run is dropped
  let threshold = null;  // the task's solved threshold, or null (the text task has none)
  let solved = false;
  let checking = false;
  let lastBadStep = 0;   // the latest step known to be below the threshold: no streak started before it
  let lastCheckAt = -Infinity;
  let lastStepAt = -Infinity;
  let pendingStep = null;
  let timer = 0;

  function sendStep() {
    // Sent directly while a late timer is still queued (the main thread was
    // busy past its time): cancel it, or it would send the next step at once.
    clearTimer(timer);
    timer = 0;
    if (!pendingStep) return;
    lastStepAt = now();
    const d = pendingStep;
    pendingStep = null;
    emit('step', d);
  }

  /**
   * The first step at which the record's accuracy was >= threshold for
   * SOLVED_STEPS steps in a row ({step, accuracy}), else {bad}: the latest
   * step below it.
   */
  function firstSolvedStep(record) {
    const acc = record.accuracy;
    let streak = 0;
    let bad = 0;
    for (let i = 0; i < acc.length; i++) {
      if (acc[i] >= threshold) streak += 1;
      else {
        streak = 0;
        bad = record.firstStep + i;
      }
      if (streak >= SOLVED_STEPS) return { step: record.firstStep + i, accuracy: acc[i] };
    }
    return { bad };
  }

  async function checkSolved(step) {
    checking = true;
    lastCheckAt = now();
    const mine = run;
    try {
      const record = await history();
      if (mine !== run || solved || !record) return;
      const hit = firstSolvedStep(record);
      if (hit.step) {
        solved = true;
        emit('solved', { step: hit.step, accuracy: hit.accuracy, threshold, steps: SOLVED_STEPS });
      } else {
        // No streak before the latest bad step: the next look waits until one
        // could be complete (and at least 10 steps, should the record be short).
        lastBadStep = Math.max(lastBadStep, hit.bad, step - SOLVED_STEPS + 10);
      }
    } catch {
      // a newer run (or a dead worker) answered instead: the next metrics ask again
    } finally {
      if (mine === run) checking = false;
    }
  }

  return {
    configured({ config, paramCount, task, locked = [] }) {
      run += 1;
      solved = false;
      checking = false;
      lastBadStep = 0;
      lastCheckAt = -Infinity;
      pendingStep = null;
      clearTimer(timer);
      timer = 0;
      threshold = task && Number.isFinite(task.solved) ? task.solved : null;
      if (!ready) {
        ready = true;
        emit('ready', { version: API_VERSION, commands: [...COMMANDS], events: [...EVENTS] });
      }
      emit('configured', {
        config, paramCount: paramCount ? paramCount.total : null, paramCounts: paramCount || null,
        solvedThreshold: threshold, solvedSteps: SOLVED_STEPS, locked: [...locked],
      });
    },
    metrics(m) {
      pendingStep = { step: m.step, loss: m.loss, accuracy: m.accuracy };
      const wait = minGap - (now() - lastStepAt);
      if (wait <= 0) sendStep();
      else if (!timer) timer = setTimer(sendStep, wait);
      // Solved: the metrics show one step per chunk; a step below the
      // threshold ends any streak. Once SOLVED_STEPS steps could have passed
      // since the latest such step, the per-step record (the whole run's,
      // so at most every 250 ms) says whether every one of them qualified.
      if (threshold === null || solved) return;
      if (!(m.accuracy >= threshold)) lastBadStep = Math.max(lastBadStep, m.step);
      else if (!checking && m.step - lastBadStep >= SOLVED_STEPS && now() - lastCheckAt >= 250) checkSolved(m.step);
    },
    diverged(detail) {
      emit('diverged', detail);
    },
    error(detail) {
      emit('error', detail);
    },
    destroy() {
      clearTimer(timer);
      timer = 0;
      run += 1;
    },
  };
}
