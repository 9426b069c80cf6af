// engine_info.mjs — what the engine says about its cells, tasks and sweep
// defaults (names, titles, gates and their activations, formulas), read
// once at build time from the wasm module by scripts/build_web.mjs and
// inlined as __RNNLAB_ENGINE__. The page takes every cell label and cell
// property from here (or from the worker's `configured` message, which
// carries the same objects): no front-end list of cells exists.
// Outside a bundle (Node unit tests) it is empty until setEngineInfo().
/* global __RNNLAB_ENGINE__ */

let info = typeof __RNNLAB_ENGINE__ === 'object' && __RNNLAB_ENGINE__ ? __RNNLAB_ENGINE__ : { cells: [], tasks: [], sweep: null };

/** Replaces the info (tests; or an engine loaded at run time). */
export function setEngineInfo(next) {
  info = { cells: [], tasks: [], sweep: null, ...next };
}

/** The cells' descriptors, in the engine's order. */
export function cells() {
  return info.cells;
}

/** A cell's descriptor by name, or null. */
export function cellInfo(name) {
  return info.cells.find((c) => c.name === name) || null;
}

/** The engine's title of a cell ("LSTM"), or its name when unknown. */
export function cellTitle(name) {
  const c = cellInfo(name);
  return c ? c.title : String(name);
}

/** The task registry. */
export function tasks() {
  return info.tasks;
}

/** The sweep's defaults and limits. */
export function sweepDefaults() {
  return info.sweep;
}
