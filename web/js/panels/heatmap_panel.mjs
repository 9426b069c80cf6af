// heatmap_panel.mjs — the gradient over training: one row per (thinned)
// training update, one column per time step, colour = log10 ||dL/dh(t)||
// (charts/grad_heatmap.mjs), from the lab's history of profiles.
// Deliberately not: storing profiles (history.mjs does).
import { createGradHeatmap } from '../charts/grad_heatmap.mjs';
import { h } from '../dom.mjs';
import { panelElement, setEmpty } from './panel.mjs';

export default {
  key: 'heatmap',
  title: 'Gradient over training',
  explainer: 'One row per training update (top: first, bottom: latest), one column per time step t, colour = ‖∂L/∂h(t)‖ on a log scale. A dark band at small t that stays dark is the vanishing gradient: the early tokens barely change the weights. Grey cells are exactly 0 (no path from h(t) to the loss). Click a row to see every panel as it was at that step (training pauses; Live goes back).',
  view: 'the gradient over training, as a heat map',
  create(ctx) {
    const box = h('div', { class: 'rl-chart rl-chart--heat' });
    const element = panelElement(this, box);
    const heat = createGradHeatmap(box, { scaleGroup: ctx.scaleGroup });
    // A click on a row shows that training step in every panel (the lab's history).
    heat.canvas.classList.add('rl-heatmap-canvas--pick');
    heat.canvas.addEventListener('click', (ev) => {
      const step = heat.stepAt(ev.clientY);
      if (step !== null && ctx.showStep) ctx.showStep(step);
    });
    return {
      element,
      reset(config) {
        // With a stack, the profiles are the top layer's (dhNorms); every layer's is in the grad panel.
        heat.setLegendTitle(config && config.layers > 1
          ? `‖∂L/∂h(t)‖ of the top layer (layer ${config.layers - 1}), log scale` : '‖∂L/∂h(t)‖, log scale');
        heat.clear();
        setEmpty([box], true);
      },
      render(latest, history, o = {}) {
        setEmpty([box], false);
        // A step from the history: every row stays (they are the way to pick steps), its row outlined.
        heat.update(o.past ? o.past.history.profiles : history.profiles, o.past ? o.past.step : null);
      },
      exports() {
        return [{ title: 'Gradient over training (log10 ‖∂L/∂h(t)‖)', canvas: heat.canvas }];
      },
      destroy() {
        heat.destroy();
      },
    };
  },
};
