// view.mjs — which parts of a lab a `view` shows (the URL key, the embed's
// attribute): the settings form, the run bar, every panel of the registry
// (panels/registry.mjs) and the export bar. Pure: parsed the same way by
// the page, the embeds and the Node tests.
import { PANELS as PANEL_DEFS } from './panels/registry.mjs';

/** View name -> what it shows, in the order on screen. `all` names every one. */
export const VIEW_NAMES = Object.freeze({
  settings: 'the settings form (task, T, cell, sizes, optimizer, …)',
  controls: 'the run bar: Train/Pause, Step, Reset, speed; step, loss and accuracy; run to step N and the history slider',
  ...Object.fromEntries(PANEL_DEFS.map((p) => [p.key, p.view])),
  export: 'export (PNG, CSV, weights) and import of weights',
});

/**
 * Parses a view: a comma or space separated list of VIEW_NAMES, or 'all'
 * (also for an empty or missing view). Returns {panels: Set, unknown: [names]}.
 */
export function parseView(view) {
  const names = Array.isArray(view) ? view : String(view ?? '').split(/[\s,]+/);
  const panels = new Set();
  const unknown = [];
  for (const raw of names) {
    const name = String(raw).trim().toLowerCase();
    if (!name) continue;
    if (name === 'all') Object.keys(VIEW_NAMES).forEach((k) => panels.add(k));
    else if (VIEW_NAMES[name]) panels.add(name);
    else unknown.push(name);
  }
  if (!panels.size) Object.keys(VIEW_NAMES).forEach((k) => panels.add(k));
  return { panels, unknown };
}

/** The message for unknown names, or null. */
export function viewMessage(unknown) {
  return unknown.length
    ? `view: unknown panel ${unknown.map((n) => `"${n}"`).join(', ')}; the panels are ${Object.keys(VIEW_NAMES).join(', ')} (or all).`
    : null;
}
