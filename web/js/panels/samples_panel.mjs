// samples_panel.mjs — held-out sequences with their target and the model's
// prediction (sample_view.mjs), asked of the worker when training pauses
// or steps, or on "New samples".
// Deliberately not: predicting anything (the engine's samples()).
import { createSampleView } from '../sample_view.mjs';
import { h } from '../dom.mjs';
import { formatCount } from '../format.mjs';
import { panelElement } from './panel.mjs';

const SAMPLE_COUNT = 4;

/**
 * For a task with targets at some steps only (the engine's perStep: copy,
 * distracted_recall), which step the sample shows (pure: tested in Node).
 * The engine's samples() gives the target and prediction at the last step,
 * T, which carries a target in both.
 */
export function perStepNote(config, info) {
  if (!info || !info.task || !info.task.perStep || !config) return '';
  return ` This task has targets at a few steps only; shown are the target and prediction at the last step, t = ${config.T}, one of them (the accuracy counts all of them).`;
}

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
    let stepNote = '';
    function refresh() {
      ctx.requestSamples(SAMPLE_COUNT).then(
        (list) => { if (list) view.update(list, `After ${formatCount(step)} training steps.${stepNote}`); },
        (e) => ctx.showError(e.message),
      );
    }
    button.addEventListener('click', refresh);
    return {
      element,
      reset(config, info) {
        step = 0;
        // A text model: its tokens as characters; the reader's sequences: tokens and labels as their text.
        view.setVocab(info && info.vocab, config && Array.isArray(config.classes) ? config.classes : null);
        stepNote = perStepNote(config, info);
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
