// dom.mjs — tiny DOM helpers for the page's modules: an element builder,
// scoped queries and style injection into a lab's root (a document or a
// shadow root), so no module needs document-global queries.
// Deliberately not a framework: no state, no diffing, no templates.

/**
 * Builds an element. attrs: plain attributes, plus `class`, `text`,
 * `dataset` {k: v}, `style` (string) and `on` {event: handler}.
 * Children may be nodes, strings or falsy (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'html') el.innerHTML = v;
    else if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = dv;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Sets the text of an element only if it changed (cheap DOM updates per frame). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets an attribute only if it changed. */
export function setAttr(el, name, value) {
  const v = String(value);
  if (el.getAttribute(name) !== v) el.setAttribute(name, v);
}

/** A unique id prefix per lab, so labels and ids never collide when two labs share a page. */
let counter = 0;
export function uid(prefix = 'rl') {
  counter += 1;
  return `${prefix}${counter}`;
}

/**
 * Adds a <style> with `css` to the root a node lives in (the document's head,
 * or the shadow root), once per key.
 */
export function adoptStyles(node, key, css) {
  const root = node.getRootNode ? node.getRootNode() : document;
  const host = root === document || !root.host ? document.head : root;
  if (host.querySelector(`style[data-rnnlab-style="${key}"]`)) return;
  const style = document.createElement('style');
  style.dataset.rnnlabStyle = key;
  style.textContent = css;
  if (host === document.head) host.append(style);
  else host.prepend(style);
}
