// grad_panel.mjs — the gradient-flow panel: ||dL/dh(t)|| (and ||dL/dc(t)||)
// against t on a log scale (charts/grad_flow.mjs) and one sentence saying
// what the engine's verdict is (diagnostics.verdict, by the one rule of
// src/core/diagnostics.hpp, documented in docs/diagnostics.md). It also
// offers the latest profile as CSV. With a stack of layers (layers > 1) the
// chart is the top layer's (dhNorms) and a small heat map below it shows
// every layer's ||dL/dh_k(t)|| at the same step (charts/layer_heatmap.mjs,
// from dhNormsByLayer; hidden with one layer).
// Deliberately not: judging the gradient itself. The verdict is the engine's.
import { createGradFlowChart } from '../charts/grad_flow.mjs';
import { createLayerHeatmap } from '../charts/layer_heatmap.mjs';
import { fromHtml, h, setAttr, setText } from '../dom.mjs';
import { formatExp, formatNumber } from '../format.mjs';
import { panelElement, setEmpty } from './panel.mjs';

// How each verdict of the engine reads (the rule itself is in the explainer).
const VERDICT_TEXT = {
  vanishes: (f) => `${f} times smaller at t = 1: it vanishes on its way back through time.`,
  fades: (f) => `${f} times smaller at t = 1: it fades on its way back, but by less than a factor of 100.`,
  flows: () => 'about the same size at t = 1: it flows through time.',
  grows: (f, g) => `${f} times larger at t = 1 (whole gradient ‖∇‖ = ${g}): it grows toward the early steps, short of exploding (100 times larger with ‖∇‖ above 1).`,
  explodes: (f, g) => `${f} times larger at t = 1 and the whole gradient is large (‖∇‖ = ${g}, above 1): it explodes on its way back through time.`,
};

/** A factor of 10^|decades| in words: "23", "1.4×10⁶". */
function factorText(decades) {
  const f = 10 ** Math.abs(decades);
  return f < 1e4 ? formatNumber(f, 2) : formatExp(f, 1);
}

/**
 * The panel's one-sentence summary of a metrics message (pure: tested in Node).
 * @param {object|null} latest {step, diagnostics: {dhNorms, dcNorms, verdict, verdictDecades, gradNorm}}
 */
export function gradSummary(latest) {
  const d = latest && latest.diagnostics;
  if (!d || !d.dhNorms || !d.dhNorms.length) return 'No gradient yet: press Train or Step.';
  const T = d.dhNorms.length;
  const stacked = !!(d.dhNormsByLayer && d.dhNormsByLayer.length > 1);
  let text = `Step ${latest.step}: ${stacked ? 'the top layer\'s ' : ''}‖∂L/∂h(t)‖ is ${formatExp(d.dhNorms[0])} at t = 1 and ${formatExp(d.dhNorms[T - 1])} at t = ${T}.`;
  const say = VERDICT_TEXT[d.verdict];
  // Time steps whose h(t) gets exactly no gradient (no path to the loss, or underflow): not drawn on a log scale.
  const zeros = [];
  for (let t = 0; t < T; t++) if (d.dhNorms[t] === 0) zeros.push(t + 1);
  if (T > 1 && say) {
    if (!Number.isFinite(d.gradNorm)) text += ' The gradient is not finite: it explodes.';
    else if (d.dhNorms[0] === 0) text += ' No gradient at all reaches t = 1: it vanishes on its way back through time.';
    else text += ` The gradient is ${say(factorText(d.verdictDecades), formatNumber(d.gradNorm, 3))}`;
  }
  if (zeros.length) {
    const span = zeros.length > 2 && zeros[zeros.length - 1] - zeros[0] === zeros.length - 1
      ? `t = ${zeros[0]}…${zeros[zeros.length - 1]}` : `t = ${zeros.join(', ')}`;
    text += ` ‖∂L/∂h(t)‖ is exactly 0 at ${span} (not drawn: a log scale has no 0).`;
  }
  if (d.dcNorms && d.dcNorms.length) text += ` ‖∂L/∂c(t)‖ is ${formatExp(d.dcNorms[0])} at t = 1.`;
  return text;
}

/** The caption over the chart: empty for one layer, else which layer the chart shows (pure). */
export function flowCaption(layers) {
  if (!(layers > 1)) return '';
  return `With ${layers} layers stacked, the chart shows the top layer (layer ${layers - 1}, the one the output reads); the map below it shows every layer.`;
}

/**
 * The caption for a model with losses at several steps (pure): the text
 * task has one at every step (the next character); a task the engine marks
 * `perStep` (targets at some steps, none at the others: copy, distracted
 * recall) gets a weaker sentence, true whatever steps carry its targets.
 * Empty for a loss at the last step only. The chart then is not the notes'
 * single L(T): it is L = sum over t of L(t), and dL/dh(t) collects the
 * gradient of every loss from L(t) on.
 * @param {object} config the run's config; @param {object} [task] its entry of the engine's tasks()
 */
export function perStepCaption(config, task = null) {
  if (!config) return '';
  if (config.task !== 'text') {
    if (!task || !task.perStep || task.name !== config.task) return '';
    return 'This task has a loss at several steps (the steps that have a target): L = Σ_t L(t) over them, not the notes\' single L(T). '
      + 'So ∂L/∂h(t) collects gradient from every loss at step t or later: a step with a loss of its own gets gradient through no Jacobian, '
      + 'while a step long before every loss gets its gradient only through the product of Jacobians, as in the notes.';
  }
  return 'This model has a loss at every step (the next character): L = Σ_t L(t) (the engine takes the mean over the steps: the same up to a factor 1/T), not the notes\' single L(T). '
    + 'So ∂L/∂h(t) collects gradient from every later loss L(t), L(t+1), …, L(T), and the loss L(t) at step t itself reaches h(t) '
    + 'through no Jacobian at all: ∂L/∂h(t) does not vanish toward t = 1 the way ∂L(T)/∂h(1) does. '
    + 'What can still vanish is the part that comes from far-away losses: the model\'s memory of distant characters.';
}

/**
 * The sentence under the layer heat map for one metrics message (pure):
 * the step and ||dL/dh_k(1)|| of each layer, from the engine's dhNormsByLayer.
 */
export function layerSummary(latest) {
  const d = latest && latest.diagnostics;
  const by = d && d.dhNormsByLayer;
  if (!by || by.length < 2 || !by[0].length) return 'No gradient yet: press Train or Step.';
  const L = by.length;
  const T = by[0].length;
  const at1 = by.map((row, k) => `${formatExp(row[0])} in layer ${k}`).join(', ');
  return `Step ${latest.step}: rows are the ${L} layers (top: layer ${L - 1}, read by the output; bottom: layer 0, which reads x(t)), columns t = 1…${T}. ‖∂L/∂h(1)‖ is ${at1}.`;
}

/** The latest profile as CSV text: t, dh_norm, dc_norm, bptt_term (pure). */
export function gradFlowCsv(latest) {
  const d = latest && latest.diagnostics;
  const lines = ['t,dh_norm,dc_norm,bptt_term'];
  if (d) {
    for (let t = 0; t < d.dhNorms.length; t++) {
      lines.push([t + 1, d.dhNorms[t], d.dcNorms ? d.dcNorms[t] : '', d.bpttTerms ? d.bpttTerms[t] : ''].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export default {
  key: 'grad',
  title: 'Gradient flow through time',
  explainer: 'How much the final loss L(T) still depends on the hidden state h(t). Backpropagation through time multiplies one Jacobian ∂h(j)/∂h(j−1) per step, so for a vanilla RNN the norm shrinks (vanishes) or grows (explodes) geometrically as t moves away from T. An LSTM\'s cell state c(t) adds a path that the forget gate can keep open. The verdict below is the engine\'s one rule: comparing ‖∂L/∂h(1)‖ with ‖∂L/∂h(T)‖, 100× smaller or less vanishes, smaller fades, within 3× flows, larger grows, and 100× larger with a whole gradient ‖∇‖ above 1 explodes.',
  view: 'gradient flow ‖∂L/∂h(t)‖ (and ‖∂L/∂c(t)‖) against t',
  create(ctx) {
    const box = fromHtml('<div class="rl-chart" data-testid="grad-flow-chart" data-points="0"></div>');
    const summary = h('p', { class: 'rl-summary' });
    const caption = h('p', { class: 'rl-flow-caption', hidden: true });
    const perStep = h('p', { class: 'rl-flow-caption rl-per-step-caption', 'data-testid': 'grad-per-step-note', hidden: true });
    const layerBox = fromHtml('<div class="rl-chart rl-chart--layers" data-testid="layer-grad-heatmap" data-layers="0" data-points="0" hidden></div>');
    const layerTitle = h('h4', { class: 'rl-subtitle', text: 'Through the layers and through time' });
    const layerSum = h('p', { class: 'rl-layer-summary' });
    const layerFig = h('div', { class: 'rl-layer-grad', hidden: true }, layerTitle, layerBox, layerSum);
    const element = panelElement(this, [perStep, caption, box, summary, layerFig]);
    const chart = createGradFlowChart(box, { scaleGroup: ctx.scaleGroup });
    const layerMap = createLayerHeatmap(layerBox);
    let latest = null;
    let layers = 1;
    setText(summary, gradSummary(null));

    function renderLayers(next) {
      const by = next.diagnostics && next.diagnostics.dhNormsByLayer;
      if (layers < 2 || !by || by.length < 2) {
        setAttr(layerBox, 'data-layers', 0);
        setAttr(layerBox, 'data-points', 0);
        return;
      }
      setEmpty([layerBox], false);
      layerMap.update(by);
      setAttr(layerBox, 'data-layers', by.length);
      setAttr(layerBox, 'data-points', by[0].length);
      setAttr(layerBox, 'data-step', next.step);
      setText(layerSum, layerSummary(next));
    }
    return {
      element,
      alwaysRender: true,  // its data-points hook stays true in every view
      reset(config, info) {
        latest = null;
        chart.clear(!!(info.cell && info.cell.hasCellState));
        setEmpty([box], true);
        setText(summary, gradSummary(null));
        layers = config && config.layers > 1 ? config.layers : 1;
        const stacked = layers > 1;
        setText(caption, flowCaption(layers));
        caption.hidden = !stacked;
        const perStepText = perStepCaption(config, info && info.task);
        setText(perStep, perStepText);
        perStep.hidden = !perStepText;
        layerFig.hidden = !stacked;
        layerBox.hidden = !stacked;
        layerMap.clear(stacked ? layers : 2);
        setEmpty([layerBox], true);
        setAttr(layerBox, 'data-layers', 0);
        setAttr(layerBox, 'data-points', 0);
        setAttr(layerBox, 'data-step', '');
        setText(layerSum, layerSummary(null));
      },
      render(next, history, o = {}) {
        latest = next;
        setEmpty([box], false);
        chart.update(next.diagnostics, next.step);
        if (o.calm) setText(summary, gradSummary(next));
        renderLayers(next);
      },
      exports() {
        const items = [{ title: layers > 1 ? 'Gradient flow ‖∂L/∂h(t)‖, top layer' : 'Gradient flow ‖∂L/∂h(t)‖', canvas: chart.canvas }];
        if (layers > 1) items.push({ title: 'Gradient through the layers (log10 ‖∂L/∂h(t)‖ of each layer)', canvas: layerMap.canvas });
        return items;
      },
      csv() {
        return { name: `gradient-flow-step${latest ? latest.step : 0}`, text: gradFlowCsv(latest) };
      },
      destroy() {
        chart.destroy();
        layerMap.destroy();
      },
    };
  },
};
