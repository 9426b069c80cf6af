// dom.mjs — tiny DOM helpers for the page's modules: an element builder,
// scoped queries and style injection into a lab's root (a document or a
// shadow root), so no module needs document-global queries.
// Everything here works under a strict Content-Security-Policy without
// 'unsafe-inline' styles: inline styles are set through the CSSOM
// (el.style), never as a style attribute, and stylesheets are constructed
// (adoptedStyleSheets), never <style> elements, where the browser allows.
// Deliberately not a framework: no state, no diffing; the only templates
// are fixed markup strings (fromHtml), never built from data.

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
    else if (k === 'style') el.style.cssText = v;  // CSSOM: allowed by a CSP without 'unsafe-inline'
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

/**
 * One element from a fixed markup string (used where the markup itself is
 * the contract, e.g. the data-testid hooks of docs/page.md). Never pass
 * text that came from data: use h() and `text` for that.
 */
export function fromHtml(markup) {
  const t = document.createElement('template');
  t.innerHTML = markup.trim();
  return t.content.firstElementChild;
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

// One constructed stylesheet per key, shared by every root of this document
// (a page with ten widgets parses lab.css once).
const sheets = new Map();

function constructable() {
  try {
    return typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in Document.prototype &&
      typeof new CSSStyleSheet().replaceSync === 'function';
  } catch {
    return false;
  }
}

/**
 * Gives the root a node lives in (the document, or a shadow root) the
 * stylesheet `css`, once per key. Constructed stylesheets are adopted where
 * the browser has them: a Content-Security-Policy does not block them, so
 * the widget needs no style-src 'unsafe-inline'. Older browsers get a <style>.
 */
export function adoptStyles(node, key, css) {
  const root = node.getRootNode ? node.getRootNode() : document;
  const target = root && root.host ? root : document;
  if (constructable()) {
    let sheet = sheets.get(key);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(key, sheet);
    }
    if (!target.adoptedStyleSheets.includes(sheet)) target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
    return;
  }
  const host = target === document ? document.head : target;
  if (host.querySelector(`style[data-rnnlab-style="${key}"]`)) return;
  const style = document.createElement('style');
  style.dataset.rnnlabStyle = key;
  style.textContent = css;
  if (host === document.head) host.append(style);
  else host.prepend(style);
}
