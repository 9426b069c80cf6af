// params_panel.mjs — the parameter count: the engine's total (the
// `param-count` hook), the cell's formula and the same with the current
// sizes substituted (formula.mjs), the per-tensor breakdown and the
// PyTorch count. Changes only when the configuration does.
// Deliberately not: counting anything (every number is the engine's).
import { createFormulaView } from '../formula.mjs';
import { h } from '../dom.mjs';
import { panelElement } from './panel.mjs';

export default {
  key: 'params',
  title: 'Parameter count',
  explainer: 'Counted from the engine\'s own tensors, one bias per gate as in the course notes; the formula below is the cell\'s, with the current sizes substituted.',
  view: 'the parameter count and its formula',
  create(ctx) {
    const box = h('div', { class: 'rl-params' });
    const element = panelElement(this, box);
    const formula = createFormulaView(box, { math: ctx.math });
    return {
      element,
      alwaysRender: true,  // its hooks (param-count, param-formula) stay true in every view
      reset(config, info) {
        formula.update(info.paramCount, config, info.cell);
      },
      render() {},
      exports() {
        return [];
      },
      destroy() {},
    };
  },
};
