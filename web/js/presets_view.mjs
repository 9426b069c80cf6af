// presets_view.mjs — the page's "Guided experiments" bar: one button per
// preset (presets.mjs); choosing one loads it (through the URL hash, so
// the page's usual URL handling applies) and shows its two-sentence
// explanation with a copyable link and embed snippet.
// Deliberately not: loading settings into a lab itself (main.mjs does, on
// hashchange), nor any text of the presets (presets.mjs).
import { h, setText } from './dom.mjs';
import { PRESETS, embedSnippet, presetHash, presetUrl } from './presets.mjs';

/** Copies text to the clipboard; falls back to selecting it in `el` and execCommand. */
async function copyText(text, el) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* fall through to the selection */ }
  try {
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * @param {HTMLElement} container
 * @param {object} opts {scriptSrc(): string (URL of rnnlab-embed.js for snippets)}
 */
export function createPresetsView(container, opts = {}) {
  const buttons = new Map();
  const list = h('div', { class: 'xp-list', role: 'group', 'aria-label': 'Guided experiments' });
  for (const p of PRESETS) {
    const b = h('button', {
      type: 'button', class: 'xp-chip', 'data-testid': `preset-${p.id}`, 'aria-pressed': 'false',
      'aria-controls': 'xp-detail', text: p.label,
    });
    b.addEventListener('click', () => choose(p, { load: true }));
    buttons.set(p.id, b);
    list.append(b);
  }

  const title = h('h3', { class: 'xp-title' });
  const text = h('p', { class: 'xp-text', 'data-testid': 'preset-text' });
  const link = h('a', { class: 'xp-link', 'data-testid': 'preset-link' });
  const code = h('code', {});
  const pre = h('pre', { class: 'xp-code', 'data-testid': 'preset-embed', tabindex: '0' }, code);
  const status = h('span', { class: 'xp-status', role: 'status' });
  const copyLink = h('button', { type: 'button', class: 'page-btn page-btn--small', 'data-testid': 'preset-copy-link', text: 'Copy link' });
  const copyEmbed = h('button', { type: 'button', class: 'page-btn page-btn--small', 'data-testid': 'preset-copy-embed', text: 'Copy embed code' });
  const detail = h('div', { class: 'xp-detail', id: 'xp-detail', 'data-testid': 'preset-detail', hidden: true },
    h('div', { class: 'xp-explain' }, title, text),
    h('div', { class: 'xp-share' },
      h('div', { class: 'xp-share-row' }, h('span', { class: 'xp-share-label', text: 'Link' }), link, copyLink),
      h('div', { class: 'xp-share-row xp-share-row--code' },
        h('span', { class: 'xp-share-label', text: 'Embed' }), pre,
        h('div', { class: 'xp-share-actions' }, copyEmbed, status))));

  container.replaceChildren(
    h('div', { class: 'xp-head' },
      h('h2', { class: 'xp-heading', text: 'Guided experiments' }),
      h('p', { class: 'xp-sub', text: 'Each sets up one idea from the course notes; share it as a link or embed it in your own course page.' })),
    list, detail);

  let current = null;
  let statusTimer = 0;
  function flash(message) {
    setText(status, message);
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => setText(status, ''), 2500);
  }

  function choose(preset, { load = false } = {}) {
    current = preset;
    for (const [id, b] of buttons) b.setAttribute('aria-pressed', String(!!preset && id === preset.id));
    detail.hidden = !preset;
    if (!preset) return;
    detail.dataset.preset = preset.id;
    setText(title, preset.title);
    setText(text, preset.text);
    const url = presetUrl(preset);
    link.href = url;
    setText(link, url);
    setText(code, embedSnippet(preset, opts.scriptSrc ? opts.scriptSrc() : 'rnnlab-embed.js'));
    if (load) {
      const hash = presetHash(preset);
      if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = hash;
    }
  }

  copyLink.addEventListener('click', async () => {
    if (current) flash((await copyText(presetUrl(current), link)) ? 'Link copied.' : 'Select the link and copy it.');
  });
  copyEmbed.addEventListener('click', async () => {
    if (current) flash((await copyText(code.textContent, code)) ? 'Embed code copied.' : 'Select the code and copy it.');
  });

  return {
    /** Shows a preset's explanation without loading it (the page arrived with its URL). */
    show: (preset) => choose(preset),
    get current() {
      return current;
    },
  };
}
