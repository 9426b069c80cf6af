// panel.mjs — what every panel of a lab shares. A panel is a module whose
// default export describes it and creates its instances:
//
//   export default {
//     key,        the name `view` uses ('grad', 'loss', ...)
//     title,      the heading
//     explainer,  one paragraph under the heading: what the panel shows and why
//     view,       one line for the list of view names (docs, messages)
//     requests?(config, check) -> Promise<{keys, note?}>
//                 config keys the panel's diagnostics need beyond the URL keys
//                 (e.g. {jacobians: true}); check(config) is the engine's checkConfig
//                 in the worker, so a key goes only where the engine accepts it;
//                 note: why not (shown by the panel, from info.notes[key])
//     create(ctx) -> {
//       element,                     the panel's <section>
//       reset(config, info),         a new run at step 0: the engine's config and
//                                    info {cell (descriptor), paramCount, notes}
//       render(latest, history, o),  the latest metrics message and the lab's
//                                    history; o.calm: also refresh text summaries;
//                                    o.past: {step, history} while the lab shows a step
//                                    of its history (latest = that step's message,
//                                    history = the curves up to it, past.history = all)
//       exports(),                   [{title, canvas}] for the PNG export
//       idle?(latest),               training paused or stepped
//       running?(),                  training started
//       csv?() -> {name, text},      the panel's data as CSV (the gradient-flow export)
//       destroy(),
//       alwaysRender?,               drawn even while hidden (its hooks must stay true)
//       applies?(config) -> boolean, false: the panel does not apply to this run and
//                                    is hidden whatever the view (the text panel, for
//                                    tasks other than text)
//     }
//   }
//
// ctx: {scaleGroup, tex(latex) -> html, math, requestSamples(n) -> Promise, showError(message),
//       whatIf(gain) -> Promise<{gain, loss, diagnostics, step} | null>,
//       showStep(step): show that step of the lab's history in every panel (training pauses),
//       gradcheck(options, onProgress) -> Promise<result | null> (the worker's gradient check)}.
// panels/registry.mjs lists the panels in their order on screen; the lab
// (lab_view.mjs) is their composition. Adding a panel = one file here and
// one line in the registry.
// Deliberately not: any number the engine can give; panels only show them.
import { h, setText, uid } from '../dom.mjs';

/** The <section> of a panel: heading, explainer, body. */
export function panelElement(def, body, extraClass = '') {
  const id = uid('rl-panel');
  return h('section', { class: `rl-panel rl-panel--${def.key} ${extraClass}`.trim(), 'aria-labelledby': id },
    h('h3', { class: 'rl-panel-title', id, text: def.title }),
    def.explainer ? h('p', { class: 'rl-explain', text: def.explainer }) : null,
    body);
}

export const EMPTY_TEXT = 'Press Train or Step';

/** Marks chart boxes as empty (a CSS placeholder says what will appear) or not. */
export function setEmpty(boxes, on) {
  for (const box of boxes) {
    if (on) box.setAttribute('data-empty', EMPTY_TEXT);
    else box.removeAttribute('data-empty');
  }
}

/**
 * A note shown only with a stack of layers (config.layers > 1), saying which
 * layer a panel shows: textOf(L) -> text. reset(config) at each new run.
 */
export function stackNote(textOf) {
  const element = h('p', { class: 'rl-stack-note', hidden: true });
  return {
    element,
    reset(config) {
      const L = config && config.layers > 1 ? config.layers : 1;
      element.hidden = L < 2;
      setText(element, L > 1 ? textOf(L) : '');
    },
  };
}
