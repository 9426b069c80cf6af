// url_state.mjs — the page's state in the URL (docs/page.md): parses the
// keys cell, task, T, hidden, embed, layers, batch, lr, optimizer, clip, seed
// from the hash or the query (the hash wins), and writes them back to the hash.
// Optional keys extend the contract: `init` (pytorch|xavier|orthogonal),
// `gain` (multiplies the recurrent weights after initialisation) and
// `corpus` (with task=text: the name of a shipped text, corpora.mjs; a
// pasted or opened text is never in the URL, which cannot hold a long text).
// Compare mode (an extension of the contract) adds `compare=1` and the second
// lab's differing keys prefixed with `vs.` (e.g. #cell=rnn&compare=1&vs.cell=lstm).
// Beside the settings: `lock=KEY,KEY` (settings the reader cannot change),
// `view` (which panels) and, for embed.html, `origin` (parsePageOptions);
// the writer keeps lock and view.
//
// It checks only the form of each value (an integer, a number, a known cell
// or optimizer name); a bad one is dropped with a message, so the lab falls
// back to the default. Whether a value is in range (T >= 1, a known task, a
// size that fits in memory) is the engine's call, made when the lab
// configures its worker. It never touches the DOM besides `location`.

import { cells } from './engine_info.mjs';
import { CORPORA } from './corpora.mjs';

export const URL_KEYS = Object.freeze(['cell', 'task', 'T', 'hidden', 'embed', 'layers', 'batch', 'lr', 'optimizer', 'clip', 'seed',
  'init', 'gain', 'corpus']);

// The enumerations of the contract (docs/page.md and the engine's config
// parser). Cells and tasks are deliberately absent: the engine's registries
// (engine_info.mjs) are the only lists.
export const OPTIMIZERS = Object.freeze(['sgd', 'rmsprop', 'adam']);
export const INITS = Object.freeze(['pytorch', 'xavier', 'orthogonal']);

const KIND = {
  cell: 'cell', task: 'name', T: 'int', hidden: 'int', embed: 'int', layers: 'int', batch: 'int',
  lr: 'number', optimizer: 'optimizer', clip: 'number', seed: 'int', init: 'init', gain: 'number', corpus: 'corpus',
};

const LABEL = {
  cell: 'cell', task: 'task', T: 'T', hidden: 'hidden size', embed: 'embedding size', layers: 'layers',
  batch: 'batch size', lr: 'learning rate', optimizer: 'optimizer', clip: 'clip', seed: 'seed',
  init: 'initialisation', gain: 'recurrent gain', corpus: 'corpus',
};

/**
 * Parses one value given as text. Returns {value} or {error}.
 * Used by the URL parser and by the controls, so both say the same thing.
 */
export function parseValue(key, text) {
  const raw = String(text ?? '').trim();
  const what = LABEL[key] || key;
  switch (KIND[key]) {
    case 'cell': {
      const names = cells().map((c) => c.name);
      if (names.includes(raw)) return { value: raw };
      return { error: `${what} must be one of ${names.join(', ')} (got "${raw}")` };
    }
    case 'optimizer':
      if (OPTIMIZERS.includes(raw)) return { value: raw };
      return { error: `${what} must be one of ${OPTIMIZERS.join(', ')} (got "${raw}")` };
    case 'init':
      if (INITS.includes(raw)) return { value: raw };
      return { error: `${what} must be one of ${INITS.join(', ')} (got "${raw}")` };
    case 'corpus': {
      const names = CORPORA.map((c) => c.name);
      if (names.includes(raw)) return { value: raw };
      return { error: `${what} must be one of the shipped texts ${names.join(', ')} (got "${raw}")` };
    }
    case 'name':
      if (/^[A-Za-z0-9_]+$/.test(raw)) return { value: raw };
      return { error: `${what} must be a task name such as binary_palindrome (got "${raw}")` };
    case 'int': {
      if (/^[+-]?\d+$/.test(raw)) return { value: Number(raw) };
      return { error: `${what} must be a whole number (got "${raw}")` };
    }
    case 'number': {
      const x = raw === '' ? NaN : Number(raw);
      if (Number.isFinite(x)) return { value: x };
      return { error: `${what} must be a number (got "${raw}")` };
    }
    default:
      return { error: `unknown setting "${key}"` };
  }
}

function paramsOf(loc) {
  const merged = new URLSearchParams(loc.search || '');
  const hash = (loc.hash || '').replace(/^#/, '');
  for (const [k, v] of new URLSearchParams(hash)) merged.set(k, v);
  return merged;
}

function readKeys(params, prefix, messages, where) {
  const config = {};
  for (const key of URL_KEYS) {
    if (!params.has(prefix + key)) continue;
    const r = parseValue(key, params.get(prefix + key));
    if (r.error) messages.push(`URL ${where}${prefix}${key}: ${r.error}; using the default instead.`);
    else config[key] = r.value;
  }
  return config;
}

/**
 * Parses `lock` (the URL key, the element's attribute): a comma or space
 * separated list of URL_KEYS, case as in URL_KEYS (`t` is T). Returns
 * {keys: [in URL_KEYS order], unknown: [names], message: text or null}.
 */
export function parseLock(text) {
  const byLower = Object.fromEntries(URL_KEYS.map((k) => [k.toLowerCase(), k]));
  const keys = new Set();
  const unknown = [];
  for (const raw of String(text ?? '').split(/[\s,]+/)) {
    const name = raw.trim();
    if (!name) continue;
    const key = URL_KEYS.includes(name) ? name : byLower[name.toLowerCase()];
    if (key) keys.add(key);
    else unknown.push(name);
  }
  const ordered = URL_KEYS.filter((k) => keys.has(k));
  const message = unknown.length
    ? `lock: unknown setting ${unknown.map((n) => `"${n}"`).join(', ')} (the settings are ${URL_KEYS.join(', ')}); `
      + (ordered.length ? `${ordered.join(', ')} ${ordered.length === 1 ? 'is' : 'are'} locked.` : 'nothing is locked.')
    : null;
  return { keys: ordered, unknown, message };
}

/**
 * The page options beside the settings: `lock` (parseLock), `view` (text
 * or null) and `origin` (text or null: embed.html's trusted origin).
 * For view and origin, as for the settings, the hash wins.
 */
export function parsePageOptions(loc = globalThis.location) {
  const params = paramsOf(loc);
  return { lock: parseLock(params.get('lock')), view: params.get('view'), origin: params.get('origin') };
}

/**
 * Reads the URL. Returns {a, b, compare, messages}: `a` and `b` hold only the
 * keys present and well formed (b is merged over a), `messages` one line per
 * dropped value.
 */
export function parseUrlState(loc = globalThis.location) {
  const params = paramsOf(loc);
  const messages = [];
  const a = readKeys(params, '', messages, '');
  const bOwn = readKeys(params, 'vs.', messages, '');
  const compare = params.get('compare') === '1' || Object.keys(bOwn).length > 0;
  return { a, b: compare ? { ...a, ...bOwn } : null, compare, messages };
}

function valueText(v) {
  return typeof v === 'number' ? String(v) : v;
}

/**
 * The hash for a state: every key of lab a, and for b only the keys that
 * differ; then `lock` (an array of keys, written as lock=cell,T) and
 * `view` when given, so a page that rewrites its URL keeps them.
 */
export function serializeUrlState({ a, b = null, lock = null, view = null }) {
  const params = new URLSearchParams();
  for (const key of URL_KEYS) if (a && a[key] !== undefined) params.set(key, valueText(a[key]));
  if (b) {
    params.set('compare', '1');
    for (const key of URL_KEYS) {
      if (b[key] !== undefined && (!a || b[key] !== a[key])) params.set(`vs.${key}`, valueText(b[key]));
    }
  }
  let hash = params.toString();
  const extra = [];
  if (Array.isArray(lock) && lock.length) extra.push(`lock=${lock.map(encodeURIComponent).join(',')}`);
  if (view !== null && view !== undefined && String(view) !== '') extra.push(`view=${encodeURIComponent(String(view)).replace(/%2C/gi, ',')}`);
  if (extra.length) hash += `${hash ? '&' : ''}${extra.join('&')}`;
  return `#${hash}`;
}

/** Writes the state to the hash without adding a history entry or reloading. */
export function writeUrlState(state, win = globalThis) {
  const hash = serializeUrlState(state);
  if (win.location.hash === hash) return;
  try {
    win.history.replaceState(null, '', hash);
  } catch {
    // Some sandboxed frames refuse replaceState; the page still works without it.
  }
}
