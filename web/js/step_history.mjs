// step_history.mjs — the lab's memory of what it showed: the metrics
// messages the worker reported (each one step's loss, accuracy and full
// diagnostics, per-unit traces included), so that every panel can be shown
// again as it was at that step (the history slider, a click on the gradient
// heat map). Bounded: every message is kept until MAX_ENTRIES messages or
// MAX_BYTES (estimated: 8 bytes a number, 4 for the per-unit traces, stored
// as Float32Array, plus each array's overhead), whichever comes first; then every other
// entry is dropped and from then on one message in `stride` is kept (the
// stride doubles at each thinning), so the entries always span the whole
// run at an even spacing. The latest message is always the live one (the
// lab's own `latest`), so the newest step can always be shown.
// Also: historyUpTo(), the lab's curve history (history.mjs) as it was at
// a step, and packUnits()/unitGrid(), the per-unit traces in one layout.
// Deliberately not: any rendering, any number the engine did not report.

export const MAX_ENTRIES = 2000;
export const MAX_BYTES = 48 * 1024 * 1024;

/**
 * One per-unit trace ([T][H] arrays from the engine, or an already packed
 * grid) as {rows: T, cols: H, values: Float32Array (row t-1, column k)}.
 */
export function unitGrid(trace) {
  if (!trace) return null;
  if (trace.values && Number.isInteger(trace.rows)) return trace;
  const rows = trace.length;
  const cols = rows ? trace[0].length : 0;
  const values = new Float32Array(rows * cols);
  for (let t = 0; t < rows; t++) values.set(trace[t], t * cols);
  return { rows, cols, values };
}

/** The engine's `units` ({first, mean}: {h, c?, gates: {name: [T][H]}}) with every trace a unitGrid. */
export function packUnits(units) {
  if (!units) return units;
  const side = (s) => (s ? {
    h: unitGrid(s.h),
    ...(s.c ? { c: unitGrid(s.c) } : {}),
    gates: Object.fromEntries(Object.entries(s.gates || {}).map(([k, v]) => [k, unitGrid(v)])),
  } : s);
  return { first: side(units.first), mean: side(units.mean) };
}

// What a JS engine spends besides the numbers: a typed array's object and
// buffer, an array's or object's header (V8, roughly: for the default LSTM's
// messages, 34 KB estimated against 37 KB measured in Node's heap, docs/page.md).
const VIEW_OVERHEAD = 160;
const OBJECT_OVERHEAD = 32;

/** Estimated bytes of a value: 8 a number, 4 a Float32Array entry, plus each object's overhead. */
export function estimateBytes(v) {
  if (typeof v === 'number') return 8;
  if (v === null || typeof v !== 'object') return 0;
  if (ArrayBuffer.isView(v)) return v.byteLength + VIEW_OVERHEAD;
  let n = OBJECT_OVERHEAD;
  if (Array.isArray(v)) for (const x of v) n += estimateBytes(x);
  else for (const k of Object.keys(v)) n += 8 + estimateBytes(v[k]);
  return n;
}

/** A metrics message as kept: its per-unit traces packed (the rest as the worker sent it). */
function compact(msg) {
  const d = msg.diagnostics;
  if (!d || !d.units) return msg;
  return { ...msg, diagnostics: { ...d, units: packUnits(d.units) } };
}

export function createStepHistory({ maxEntries = MAX_ENTRIES, maxBytes = MAX_BYTES } = {}) {
  let entries;      // [{step, msg, bytes}] in step order
  let bytes;
  let stride;       // keep one message in `stride`
  let countdown;

  function clear() {
    entries = [];
    bytes = 0;
    stride = 1;
    countdown = 0;
  }
  clear();

  function thin() {
    const last = entries.length - 1;
    entries = entries.filter((_, i) => i % 2 === 1 || i === last);
    bytes = entries.reduce((s, e) => s + e.bytes, 0);
    stride *= 2;
  }

  return {
    clear,
    /** Records one metrics message (the lab's, its step already offset after a restart). */
    push(msg) {
      if (countdown > 0) {
        countdown -= 1;
        return;
      }
      countdown = stride - 1;
      const kept = compact(msg);
      const size = estimateBytes(kept.diagnostics) + 64;
      entries.push({ step: kept.step, msg: kept, bytes: size });
      bytes += size;
      while (entries.length > 2 && (entries.length > maxEntries || bytes > maxBytes)) thin();
    },
    /** Drops what came after `step` (a restarted worker goes on from the weights of that step). */
    truncate(step) {
      entries = entries.filter((e) => e.step <= step);
      bytes = entries.reduce((s, e) => s + e.bytes, 0);
    },
    /** The entry kept for the latest step at or before `step` (null if none). */
    at(step) {
      let lo = 0;
      let hi = entries.length - 1;
      let found = null;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (entries[mid].step <= step) {
          found = entries[mid];
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    },
    /** The index of the entry at or before `step` (-1 if none). */
    indexOf(step) {
      const e = this.at(step);
      return e ? entries.indexOf(e) : -1;
    },
    entry(i) {
      return entries[i] || null;
    },
    get length() {
      return entries.length;
    },
    get bytes() {
      return bytes;
    },
    get stride() {
      return stride;
    },
    get steps() {
      return entries.map((e) => e.step);
    },
  };
}

/**
 * The lab's curve history (history.mjs: columns and heat-map profiles) as it
 * was at `step`: the rows up to and including it. Copies; the history is untouched.
 */
export function historyUpTo(history, step) {
  const cols = history.columns;
  let n = cols.step.length;
  while (n > 0 && cols.step[n - 1] > step) n -= 1;
  const columns = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(0, n)]));
  const profiles = history.profiles.filter((p) => p.step <= step);
  return { columns, profiles, length: n };
}
