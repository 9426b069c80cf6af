// loss_panel.mjs — loss and accuracy curves over training, with the
// engine's chance level (config.chance: the accuracy of always answering
// the most frequent class on the held-out stream) dotted.
// Deliberately not: computing chance or smoothing curves.
import { createLossChart } from '../charts/loss_chart.mjs';
import { h, setText } from '../dom.mjs';
import { formatCount, formatNumber, formatPercent } from '../format.mjs';
import { panelElement, setEmpty } from './panel.mjs';

/** The panel's summary sentence (pure: tested in Node). */
export function lossSummary(latest, config) {
  if (!latest) return 'Not trained yet.';
  const chance = config && Number.isFinite(config.chance) ? formatPercent(config.chance) : '—';
  return `Step ${formatCount(latest.step)}: loss ${formatNumber(latest.loss, 4)}, accuracy ${formatPercent(latest.accuracy)} on the latest batch (chance ${chance}).`;
}

export default {
  key: 'loss',
  title: 'Loss and accuracy',
  explainer: 'Softmax cross-entropy of each training batch (mean over the batch) and the fraction of its sequences predicted right; the dotted line is chance: the accuracy of always answering the most frequent class.',
  view: 'loss and accuracy curves',
  create() {
    const box = h('div', { class: 'rl-chart' });
    const summary = h('p', { class: 'rl-summary' });
    const element = panelElement(this, [box, summary]);
    const chart = createLossChart(box);
    let config = null;
    return {
      element,
      reset(next) {
        config = next;
        chart.clear();
        setEmpty([box], true);
        setText(summary, lossSummary(null, config));
      },
      render(latest, history, o = {}) {
        setEmpty([box], false);
        chart.update(history.columns, config ? config.chance : null);
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
