// frame.mjs — redraw scheduling for everything on the page. Each redraw
// job (a lab's panels, a chart whose shared scale moved) asks for a frame;
// a job asked for several times before its frame runs once. All jobs of
// the page share one queue: an animation frame runs jobs in the order they
// asked until a small time budget is spent and leaves the rest for the next
// frame, so two labs (or several embedded widgets) take turns instead of
// piling their redraws into one long main-thread task.
// Deliberately not a loop: nothing runs while no job is waiting.

const BUDGET_MS = 8;
const queue = new Set();   // jobs waiting, in the order they asked
let handle = 0;

const raf = (fn) => (globalThis.requestAnimationFrame ? globalThis.requestAnimationFrame(fn) : setTimeout(fn, 16));

function tick() {
  handle = 0;
  const t0 = performance.now();
  for (const job of queue) {
    queue.delete(job);
    job();
    if (performance.now() - t0 > BUDGET_MS) break;
  }
  if (queue.size && !handle) handle = raf(tick);
}

export function createFrameScheduler(render) {
  let stopped = false;
  const job = () => {
    if (!stopped) render();
  };
  return {
    request() {
      if (stopped) return;
      queue.add(job);
      if (!handle) handle = raf(tick);
    },
    stop() {
      stopped = true;
      queue.delete(job);
    },
  };
}
