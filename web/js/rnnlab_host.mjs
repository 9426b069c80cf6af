// rnnlab_host.mjs — built to web/dist/rnnlab-host.js: the script a course
// page includes beside its <iframe src="…/embed.html#…"> embeds (docs/page.md,
// "An iframe that sizes itself"). With it:
//   - every iframe of embed.html takes the height its content posts
//     (`resize`), so opening Settings never clips the charts; an iframe with
//     the attribute data-rnnlab-fixed-height keeps its own height;
//   - every message the lab posts is dispatched on its <iframe> element as
//     the same CustomEvent an <rnn-lab> element dispatches ('rnnlab:solved',
//     detail as posted), so one listener works for both;
//   - window.rnnlab.send(iframe, command, config?) posts a command
//     ({target: 'rnnlab', command, config}) to the iframe's origin.
// Only messages from an iframe of this document are taken (event.source).
// Deliberately not: anything the lab does (it runs inside the frame).
import { commandMessage, eventName, parseEvent } from './embed_api.mjs';

function frameOf(source) {
  if (!source) return null;
  for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === source) return f;
  return null;
}

/** The frame's height for a content height: with box-sizing border-box, its borders and padding too. */
function frameHeight(frame, height) {
  const cs = getComputedStyle(frame);
  if (cs.boxSizing !== 'border-box') return height;
  const extra = ['borderTopWidth', 'borderBottomWidth', 'paddingTop', 'paddingBottom'].reduce((s, k) => s + (parseFloat(cs[k]) || 0), 0);
  return height + extra;
}

window.addEventListener('message', (e) => {
  const ev = parseEvent(e.data);
  if (!ev) return;
  const frame = frameOf(e.source);
  if (!frame) return;
  if (ev.type === 'resize' && Number.isFinite(ev.detail.height) && ev.detail.height > 0 && !frame.hasAttribute('data-rnnlab-fixed-height')) {
    frame.style.height = `${Math.ceil(frameHeight(frame, ev.detail.height))}px`;
  }
  frame.dispatchEvent(new CustomEvent(eventName(ev.type), { detail: ev.detail, bubbles: true }));
});

/** The origin to post to: the frame's (a file:// frame has none: '*'). */
function originOf(frame) {
  try {
    const o = new URL(frame.src, location.href).origin;
    return o && o !== 'null' ? o : '*';
  } catch {
    return '*';
  }
}

window.rnnlab = Object.freeze({
  /** Posts a command to an iframe of embed.html: 'start', 'pause', 'reset', or 'configure' with a config of URL keys. */
  send(frame, command, config) {
    if (!frame || !frame.contentWindow) return false;
    frame.contentWindow.postMessage(commandMessage(command, config), originOf(frame));
    return true;
  },
});
