// embed_element.mjs — the <rnn-lab> custom element (bundled with its worker
// to web/dist/rnnlab-embed.js): one script tag, then
//   <rnn-lab cell="lstm" task="binary_palindrome" T="16" hidden="64" view="controls,grad" autoplay></rnn-lab>
// Attributes: the URL keys of docs/page.md (cell, task, T, hidden, embed,
// layers, batch, lr, optimizer, clip, seed; and init, gain, corpus), `view` (which panels:
// view.mjs VIEW_NAMES, comma separated, default all), `heading` (a title
// over the lab), `autoplay` (start training once the element is scrolled
// into view), `url` (take the keys, view, heading and autoplay from the
// page's own URL hash or query instead: web/embed.html).
// Each element has its own lab, worker and state, in an open shadow root
// (styles neither leak in nor out). Training starts only on a click, or on
// `autoplay` when scrolled into view. Removing the element ends its worker.
// Deliberately not: any panel (lab_view.mjs) or parsing rule (url_state.mjs).
import embedCss from '../css/embed.css';
import { adoptStyles, h } from './dom.mjs';
import { createLab } from './lab_view.mjs';
import { URL_KEYS, parseUrlState, parseValue } from './url_state.mjs';

// HTML lowercases attribute names: `T` arrives as `t`.
const KEY_OF_ATTR = Object.fromEntries(URL_KEYS.map((k) => [k.toLowerCase(), k]));
const OWN_ATTRS = ['view', 'heading', 'autoplay', 'url'];

function truthy(value) {
  return value !== null && value !== undefined && !/^(0|false|no|off)$/i.test(String(value).trim());
}

export class RnnLabElement extends HTMLElement {
  static get observedAttributes() {
    return [...Object.keys(KEY_OF_ATTR), ...OWN_ATTRS];
  }

  #lab = null;
  #observer = null;
  #visible = false;
  #ready = false;        // the lab holds a configured run
  #autoplayed = false;   // autoplay starts a widget once
  #reloadQueued = false;
  #onHashChange = () => this.#reload();

  connectedCallback() {
    if (this.#lab) return;  // moved within the page: the lab keeps running
    const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
    const wrapper = h('div', { class: 'rl-embed' });
    shadow.replaceChildren(wrapper);
    adoptStyles(wrapper, 'rnnlab-embed', embedCss);  // before lab.css: the lab's rules come later and win
    const s = this.#settings();
    this.#lab = createLab(wrapper, {
      title: s.heading,
      cellInTitle: false,
      settingsOpen: false,
      view: s.view,
      math: 'mathml',
      onRunningChange: (running) => this.toggleAttribute('data-running', running),
    });
    this.#ready = false;
    this.#load(s);
    this.#watchAutoplay(s.autoplay);
    if (this.hasAttribute('url')) window.addEventListener('hashchange', this.#onHashChange);
  }

  disconnectedCallback() {
    // A move (remove then insert in the same task) keeps the lab; a removal ends it.
    queueMicrotask(() => {
      if (!this.isConnected) this.#destroy();
    });
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.#lab || oldValue === newValue) return;
    if (name === 'view') this.#lab.setView(newValue);
    else if (name === 'heading') this.#lab.setTitle(newValue);
    else if (name === 'autoplay') this.#watchAutoplay(newValue !== null);
    else this.#reload();
  }

  /** Starts training (as the Train button does). */
  start() {
    this.#lab?.start();
  }

  pause() {
    this.#lab?.pause();
  }

  get running() {
    return !!(this.#lab && this.#lab.running);
  }

  /** The settings in force (URL keys), or null before the engine has answered. */
  get config() {
    return this.#lab ? this.#lab.config : null;
  }

  // ---- internals -------------------------------------------------------------

  /** {config, messages, view, heading, autoplay} from the attributes, or from the page URL with `url`. */
  #settings() {
    if (this.hasAttribute('url')) {
      const state = parseUrlState(window.location);
      const params = new URLSearchParams(`${window.location.search.slice(1)}&${window.location.hash.slice(1)}`);
      return {
        config: state.a,
        messages: state.messages,
        view: params.get('view') ?? this.getAttribute('view'),
        heading: params.get('heading') ?? this.getAttribute('heading'),
        autoplay: params.has('autoplay') ? truthy(params.get('autoplay')) : this.hasAttribute('autoplay'),
      };
    }
    const config = {};
    const messages = [];
    for (const [attr, key] of Object.entries(KEY_OF_ATTR)) {
      if (!this.hasAttribute(attr)) continue;
      const r = parseValue(key, this.getAttribute(attr));
      if (r.error) messages.push(`Attribute ${key}: ${r.error}; using the default instead.`);
      else config[key] = r.value;
    }
    return {
      config, messages, view: this.getAttribute('view'), heading: this.getAttribute('heading'), autoplay: this.hasAttribute('autoplay'),
    };
  }

  async #load(s) {
    const lab = this.#lab;
    const ok = await lab.load(s.config, s.messages);
    if (lab !== this.#lab) return;
    this.#ready = this.#ready || ok;
    this.#maybeAutoplay();
  }

  // Attribute changes arrive one by one; they are applied together once.
  #reload() {
    if (this.#reloadQueued) return;
    this.#reloadQueued = true;
    queueMicrotask(() => {
      this.#reloadQueued = false;
      if (!this.#lab) return;
      const s = this.#settings();
      if (this.hasAttribute('url')) {
        this.#lab.setView(s.view);
        this.#lab.setTitle(s.heading);
      }
      this.#load(s);
    });
  }

  #watchAutoplay(on) {
    this.#observer?.disconnect();
    this.#observer = null;
    if (!on || this.#autoplayed || typeof IntersectionObserver !== 'function') return;
    // In view = some part of the element inside the viewport, above its bottom 10%.
    this.#observer = new IntersectionObserver((entries) => {
      for (const e of entries) this.#visible = e.isIntersecting;
      this.#maybeAutoplay();
    }, { rootMargin: '0px 0px -10% 0px' });
    this.#observer.observe(this);
  }

  #maybeAutoplay() {
    if (!this.#observer || !this.#visible || !this.#ready || this.#autoplayed) return;
    this.#autoplayed = true;
    this.#observer.disconnect();
    this.#observer = null;
    this.#lab.start();
  }

  #destroy() {
    this.#observer?.disconnect();
    this.#observer = null;
    window.removeEventListener('hashchange', this.#onHashChange);
    if (this.#lab) this.#lab.destroy();  // terminates the worker
    this.#lab = null;
    this.#ready = false;
    this.#visible = false;
    this.removeAttribute('data-running');
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('rnn-lab')) {
  customElements.define('rnn-lab', RnnLabElement);
}
