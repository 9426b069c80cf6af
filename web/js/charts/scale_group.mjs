// scale_group.mjs — a shared value range for several charts. In compare mode
// both labs' gradient-flow charts and heat maps join one group, so the two
// runs are read on the same log scale; alone, each chart has its own group.
// Each member reports its data's [min, max]; the group's range is the union,
// and members are told to redraw when it changes.
// Deliberately not: any drawing, any rounding policy besides powers of ten.

// The decades a log axis can show: uPlot's log-axis ticks exist from 1e-32
// to 1e32 only (beyond, its tick loop never ends), and a gradient that has
// vanished below 1e-30 reads the same at the chart's floor.
export const MIN_DECADE = -30;
export const MAX_DECADE = 30;

/** [lo, hi] decades clamped to what the charts can draw, with lo < hi. */
export function clampDecades(lo, hi) {
  const a = Math.min(MAX_DECADE - 1, Math.max(MIN_DECADE, lo));
  const b = Math.max(a + 1, Math.min(MAX_DECADE, hi));
  return [a + 0, b + 0];  // never -0 (Math.ceil(-0.5) is -0): it shows in data-decades as "0" but compares oddly
}

/**
 * 10^e as the double nearest to it (Number('1e-23')): 10 ** -23 is
 * 1.0000000000000001e-23, and uPlot's log-axis tick loop never ends from
 * such an inexact power.
 */
export function pow10(e) {
  return Number(`1e${e}`);
}

export function createScaleGroup() {
  const ranges = new Map();   // member id -> [min, max]
  const listeners = new Set();
  let current = null;

  function recompute() {
    let lo = Infinity;
    let hi = -Infinity;
    for (const [a, b] of ranges.values()) {
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
    const next = Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
    const changed = !current !== !next || (next && (next[0] !== current[0] || next[1] !== current[1]));
    current = next;
    if (changed) for (const fn of listeners) fn();
  }

  return {
    /** Reports a member's positive data range (null to withdraw). */
    report(id, min, max) {
      if (min === null || !(max >= min)) ranges.delete(id);
      else ranges.set(id, [min, max]);
      recompute();
    },
    remove(id) {
      ranges.delete(id);
      recompute();
    },
    /** The union of the members' ranges, or null when nobody has data. */
    range() {
      return current;
    },
    /** The union widened to whole powers of ten: [a, b] for [10^a, 10^b], a < b, within MIN/MAX_DECADE. */
    decades() {
      if (!current) return null;
      return clampDecades(Math.floor(Math.log10(current[0])), Math.ceil(Math.log10(current[1])));
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** [min, max] of the positive finite entries of the arrays, or null. */
export function positiveRange(...arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of arrays) {
    if (!arr) continue;
    for (let k = 0; k < arr.length; k++) {
      const v = arr[k];
      if (v > 0 && v < Infinity) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return Number.isFinite(lo) ? [lo, hi] : null;
}
