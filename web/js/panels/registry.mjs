// registry.mjs — the panels of a lab, in their order on screen (one line
// each). The lab (lab_view.mjs) builds, shows (`view`), renders, exports and
// tears down exactly these. A new panel: one file beside this one (see
// panel.mjs for the interface) and one line here.
import grad from './grad_panel.mjs';
import heatmap from './heatmap_panel.mjs';
import loss from './loss_panel.mjs';
import bptt from './bptt_panel.mjs';
import jacobian from './jacobian_panel.mjs';
import params from './params_panel.mjs';
import gates from './gates_panel.mjs';
import state from './state_panel.mjs';
import samples from './samples_panel.mjs';
import text from './text_panel.mjs';
import gradcheck from './gradcheck_panel.mjs';

export const PANELS = Object.freeze([
  grad,
  text,
  heatmap,
  loss,
  bptt,
  jacobian,
  params,
  gates,
  state,
  samples,
  gradcheck,
]);
