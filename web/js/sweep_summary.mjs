// sweep_summary.mjs — groups the points of a sequence-length sweep by
// (cell, T): the accuracies of its seeds, their mean, min and max. Shared by
// the worker (its sweepDone message) and the sweep panel (which plots the
// points as they arrive), so both say the same thing.
// Deliberately not: any accuracy itself (each one is the engine's held-out
// evaluation of one trained model).

/**
 * @param {Array<{cell, T, accuracy}>} results one entry per trained model
 * @returns {Array<{cell, T, accuracies, mean, min, max}>} in order of first appearance
 */
export function summarizeSweep(results) {
  const groups = new Map();
  for (const r of results) {
    const key = `${r.cell}|${r.T}`;
    if (!groups.has(key)) groups.set(key, { cell: r.cell, T: r.T, accuracies: [] });
    groups.get(key).accuracies.push(r.accuracy);
  }
  return [...groups.values()].map((g) => ({
    ...g,
    mean: g.accuracies.reduce((a, b) => a + b, 0) / g.accuracies.length,
    min: Math.min(...g.accuracies),
    max: Math.max(...g.accuracies),
  }));
}
