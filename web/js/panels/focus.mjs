// focus.mjs — the time step a reader points at, shared by the panels of one
// lab: hovering or tapping step i on the BPTT-terms chart or on the Jacobian
// chart shows term(i)'s factors in the Jacobian panel. One focus per lab:
// the panels of a lab share their ctx object, so it is the key (a WeakMap,
// nothing to tear down, nothing in lab_view.mjs).
// Deliberately not: any drawing or any number; it only passes a step on.

const focuses = new WeakMap();

/** A focus: {step (null or an integer), set(step, source), subscribe(fn) -> unsubscribe}. */
export function createFocus() {
  let step = null;
  const listeners = new Set();
  return {
    get step() {
      return step;
    },
    /** Points at step `next` (null: nowhere); `source` says which chart, for the listeners. */
    set(next, source = '') {
      const s = Number.isInteger(next) ? next : null;
      if (s === step) return;
      step = s;
      for (const fn of listeners) fn(step, source);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** The focus of the lab whose panel context is `ctx` (made on first use). */
export function focusOf(ctx) {
  let f = focuses.get(ctx);
  if (!f) {
    f = createFocus();
    focuses.set(ctx, f);
  }
  return f;
}
