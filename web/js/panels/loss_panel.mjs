// loss_panel.mjs — loss and accuracy curves over training, with the
// engine's chance level (config.chance: the accuracy of always answering
// the most frequent class on the held-out stream) dotted, and the task's
// "solved" threshold (info.task.solved, from tasks(); the engine defines it
// on held-out accuracy) dashed. Under them, one sentence (solved-status)
// says whether a training batch has reached the threshold yet, and at
// which step the page first saw it; that is the batch's accuracy, the one
// plotted, not a held-out one (the sweep measures held-out accuracy).
// Deliberately not: computing chance, the threshold or smoothing curves.
import { createLossChart } from '../charts/loss_chart.mjs';
import { h, setAttr, setText } from '../dom.mjs';
import { formatCount, formatNumber, formatPercent } from '../format.mjs';
import { panelElement, setEmpty } from './panel.mjs';

/** The panel's summary sentence (pure: tested in Node). */
export function lossSummary(latest, config) {
  if (!latest) return 'Not trained yet.';
  const chance = config && Number.isFinite(config.chance) ? formatPercent(config.chance) : '—';
  return `Step ${formatCount(latest.step)}: loss ${formatNumber(latest.loss, 4)}, accuracy ${formatPercent(latest.accuracy)} on the latest batch (chance ${chance}).`;
}

/**
 * The sentence on the task's "solved" threshold (pure): `solved` from
 * tasks(), `reachedStep` the first step whose batch the page saw at or
 * above it (null: not yet). '' for a task without a threshold.
 */
export function solvedSummary(solved, reachedStep) {
  if (!Number.isFinite(solved)) return '';
  const level = `${formatPercent(solved)} (${solved})`;
  if (reachedStep === null || reachedStep === undefined) {
    return `Solved: not yet. The engine counts this task as solved at held-out accuracy ≥ ${level} (the dashed line); no training batch has reached it yet.`;
  }
  return `Solved on a training batch: at step ${formatCount(reachedStep)} the batch accuracy was ≥ ${level}, the engine's threshold for this task, which it defines on held-out sequences, not on a training batch.`;
}

export default {
  key: 'loss',
  title: 'Loss and accuracy',
  explainer: 'Softmax cross-entropy of each training batch (mean over the batch) and the fraction of its sequences predicted right (for a task with targets at some steps, of those steps); the dotted line is chance: the accuracy of always answering the most frequent class; the dashed line, where the task has one, is the engine\'s "solved" threshold.',
  view: 'loss and accuracy curves',
  create() {
    const box = h('div', { class: 'rl-chart' });
    const summary = h('p', { class: 'rl-summary' });
    const solvedEl = h('p', { class: 'rl-note rl-solved', 'data-testid': 'solved-status', 'data-solved': '', 'data-reached-step': '', hidden: true });
    const element = panelElement(this, [box, summary, solvedEl]);
    const chart = createLossChart(box);
    let config = null;
    let solved = null;
    let reached = null;
    const showSolved = () => {
      solvedEl.hidden = !Number.isFinite(solved);
      setText(solvedEl, solvedSummary(solved, reached));
      setAttr(solvedEl, 'data-solved', Number.isFinite(solved) ? solved : '');
      setAttr(solvedEl, 'data-reached-step', reached ?? '');
    };
    return {
      element,
      reset(next, info) {
        config = next;
        solved = info && info.task && Number.isFinite(info.task.solved) ? info.task.solved : null;
        reached = null;
        chart.clear();
        setEmpty([box], true);
        setText(summary, lossSummary(null, config));
        setAttr(summary, 'data-chance', config && Number.isFinite(config.chance) ? config.chance : '');
        showSolved();
      },
      render(latest, history, o = {}) {
        setEmpty([box], false);
        chart.update(history.columns, config ? config.chance : null, solved);
        if (!o.past && solved !== null && reached === null && latest && latest.accuracy >= solved) {
          reached = latest.step;
          showSolved();
        }
        if (o.calm) setText(summary, lossSummary(latest, config));
      },
      exports() {
        return [{ title: 'Loss and accuracy', canvas: chart.canvas }];
      },
      destroy() {
        chart.destroy();
      },
    };
  },
};
