// samples_panel.mjs — held-out sequences with their target and the model's
// prediction (sample_view.mjs), asked of the worker when training pauses
// or steps, or on "New samples".
// Deliberately not: predicting anything (the engine's samples()).
import { createSampleView } from '../sample_view.mjs';
import { h } from '../dom.mjs';
import { formatCount } from '../format.mjs';
import { panelElement } from './panel.mjs';

const SAMPLE_COUNT = 4;

export default {
  key: 'samples',
  title: 'Sample sequences',
  explainer: 'Held-out sequences (not from the training stream) with their target and the model\'s prediction; refreshed when training pauses or steps.',
  view: 'sample sequences with the prediction',
  className: 'rl-panel--sample',
  create(ctx) {
    const box = h('div', { class: 'rl-sample-box' });
    const button = h('button', { type: 'button', class: 'rl-btn rl-btn--small', text: 'New samples' });
    const element = panelElement(this, [box, button], 'rl-panel--sample');
    const view = createSampleView(box);
    let step = 0;
    function refresh() {
      ctx.requestSamples(SAMPLE_COUNT).then(
        (list) => { if (list) view.update(list, `After ${formatCount(step)} training steps.`); },
        (e) => ctx.showError(e.message),
      );
    }
    button.addEventListener('click', refresh);
    return {
      element,
      reset(config, info) {
        step = 0;
        view.setVocab(info && info.vocab);  // a text model: its tokens shown as characters
        refresh();
      },
      render(latest, history, o = {}) {
        if (!o.past) step = latest.step;  // the samples are the current weights', not those of a step from the history
      },
      running() {
        view.setNote('Training… the samples refresh when you pause or step.');
      },
      idle(latest) {
        step = latest ? latest.step : step;
        refresh();
      },
      exports() {
        return [];
      },
      destroy() {},
    };
  },
};
