// history.mjs — what a lab remembers of its run, as column arrays: one row
// per metrics update (step, loss, accuracy, gradient norm before and after
// clipping) for the curves, and a thinned list of ||dL/dh(t)||
// profiles over training for the heat map. Long runs are thinned by keeping
// every other row, so memory and drawing cost stay bounded however long
// the run.
// (The CSV holds every step: the worker's per-step record, recordToCsv.)
// Deliberately not: any rendering, any arithmetic on the engine's numbers.

const MAX_ROWS = 20000;      // metrics rows kept (then every other one is dropped)
const MAX_PROFILES = 160;    // heat-map rows kept

export function createHistory() {
  let cols;
  let profiles;
  let profileStride;
  let profileCountdown;

  function clear() {
    cols = { step: [], loss: [], accuracy: [], gradNorm: [], gradNormClipped: [] };
    profiles = [];           // [{step, dh}]
    profileStride = 1;       // take one profile every `stride` updates
    profileCountdown = 0;
  }
  clear();

  function thinColumns() {
    for (const k of Object.keys(cols)) cols[k] = cols[k].filter((_, i) => i % 2 === 1 || i === cols[k].length - 1);
  }

  return {
    clear,
    /** Records one metrics message. */
    push(m) {
      cols.step.push(m.step);
      cols.loss.push(m.loss);
      cols.accuracy.push(m.accuracy);
      cols.gradNorm.push(m.diagnostics ? m.diagnostics.gradNorm : NaN);
      cols.gradNormClipped.push(m.diagnostics ? m.diagnostics.gradNormClipped : NaN);
      if (cols.step.length > MAX_ROWS) thinColumns();
      if (m.diagnostics && m.diagnostics.dhNorms) {
        if (profileCountdown <= 0) {
          profiles.push({ step: m.step, dh: m.diagnostics.dhNorms });
          profileCountdown = profileStride;
          if (profiles.length > MAX_PROFILES) {
            profiles = profiles.filter((_, i) => i % 2 === 0 || i === profiles.length - 1);
            profileStride *= 2;
          }
        }
        profileCountdown -= 1;
      }
    },
    /** Drops what came after `step` (a restarted worker goes on from the weights of that step). */
    truncate(step) {
      let n = cols.step.length;
      while (n > 0 && cols.step[n - 1] > step) n -= 1;
      for (const k of Object.keys(cols)) cols[k].length = n;
      profiles = profiles.filter((p) => p.step <= step);
    },
    get columns() {
      return cols;
    },
    get profiles() {
      return profiles;
    },
    get length() {
      return cols.step.length;
    },
  };
}

/**
 * The worker's per-step record ({firstStep, loss, accuracy, gradNorm,
 * gradNormClipped}, see worker_host.mjs) as CSV text: one row per step.
 */
export function recordToCsv(record) {
  const lines = ['step,loss,accuracy,grad_norm,grad_norm_clipped'];
  const n = record && record.loss ? record.loss.length : 0;
  for (let i = 0; i < n; i++) {
    lines.push([record.firstStep + i, record.loss[i], record.accuracy[i], record.gradNorm[i], record.gradNormClipped[i]].join(','));
  }
  return `${lines.join('\n')}\n`;
}
