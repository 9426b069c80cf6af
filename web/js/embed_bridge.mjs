// embed_bridge.mjs — embed.html's end of the message API (embed_api.mjs,
// docs/page.md "Talking to the course page"): inside an <iframe>, the
// <rnn-lab url> element's events are posted to window.parent as
// {source: 'rnnlab', version: 1, type, detail}, its content height too
// (type 'resize', from a ResizeObserver, so a host can size the frame), and
// commands {target: 'rnnlab', command, config?} are taken from the parent
// only: event.source must be window.parent, and when the URL names a
// trusted origin (`origin=https://course.example`), event.origin must be
// that origin, which is then also the targetOrigin of every post. Anything
// else is ignored without a word (no console output).
// Deliberately not: the shapes (embed_api.mjs) or what a command does (the
// element's methods).
import { COMMANDS, EVENTS, eventMessage, eventName, parseCommand, parseTrustedOrigin } from './embed_api.mjs';

/**
 * Connects an <rnn-lab url> element to its frame's parent.
 * opts: {lab (createLab: for the origin message), win (window)}.
 * Returns {disconnect(), origin} (origin: the trusted one, or null).
 */
export function connectBridge(el, { lab, win = window } = {}) {
  const params = new URLSearchParams(`${win.location.search.slice(1)}&${win.location.hash.slice(1)}`);
  const trusted = parseTrustedOrigin(params.get('origin'));
  if (trusted.error) {
    // A bad origin: no commands, no posts (a targetOrigin that is no origin would throw).
    lab.setNote('origin', `URL ${trusted.error}`);
    return { origin: null, disconnect() {} };
  }
  const target = trusted.origin || '*';
  const post = (type, detail) => {
    try {
      win.parent.postMessage(eventMessage(type, detail), target);
    } catch {
      // the parent went away, or a detail could not be cloned: nothing to tell
    }
  };

  const listeners = EVENTS.filter((t) => t !== 'resize').map((type) => {
    const fn = (e) => post(type, e.detail);
    el.addEventListener(eventName(type), fn);
    return [eventName(type), fn];
  });

  const onMessage = (e) => {
    if (e.source !== win.parent) return;
    if (trusted.origin && e.origin !== trusted.origin) return;
    const c = parseCommand(e.data);
    if (!c || !COMMANDS.includes(c.command)) return;
    if (c.command === 'start') el.start();
    else if (c.command === 'pause') el.pause();
    else if (c.command === 'reset') el.reset();
    else if (c.command === 'configure') el.configure(c.config);
  };
  win.addEventListener('message', onMessage);

  // The content's height (the body's box; embed_page.css gives it no margin), once per change.
  const doc = win.document;
  let lastHeight = -1;
  const sendHeight = () => {
    const height = Math.ceil(doc.body.getBoundingClientRect().height);
    if (height === lastHeight || height <= 0) return;
    lastHeight = height;
    post('resize', { height });
  };
  let observer = null;
  if (typeof win.ResizeObserver === 'function') {
    observer = new win.ResizeObserver(sendHeight);
    observer.observe(doc.body);
    observer.observe(el);
  }
  sendHeight();

  return {
    origin: trusted.origin,
    disconnect() {
      for (const [name, fn] of listeners) el.removeEventListener(name, fn);
      win.removeEventListener('message', onMessage);
      observer?.disconnect();
    },
  };
}
