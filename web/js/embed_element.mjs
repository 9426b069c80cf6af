// embed_element.mjs — the <rnn-lab> custom element (bundled with its worker
// to web/dist/rnnlab-embed.js): one script tag, then
//   <rnn-lab cell="lstm" task="binary_palindrome" T="16" hidden="64" view="controls,grad" autoplay></rnn-lab>
// Attributes: the URL keys of docs/page.md (cell, task, T, hidden, embed,
// layers, batch, lr, optimizer, clip, seed; and init, gain, corpus), `view` (which panels:
// view.mjs VIEW_NAMES, comma separated, default all), `heading` (a title
// over the lab), `autoplay` (start training once the element is scrolled
// into view), `url` (take the keys, view, heading and autoplay from the
// page's own URL hash or query instead: web/embed.html), `lock` (URL keys
// whose controls are disabled and which nothing on the page changes: their
// values are the attributes', or with `url` the first URL's).
// An assignment (assignment.mjs, docs/assignment-format.md), read once when
// the element connects: a <script type="application/json"
// class="rnnlab-assignment"> child, else the `assignment` attribute (a URL on
// the same site), else with `url` the page URL's `assignment` key. Its config
// goes over the attributes (its locked keys on every reload), its lock is
// added to `lock`, its panel shows over the lab.
// The message API (embed_api.mjs, docs/page.md): the element dispatches
// `rnnlab:ready`, `rnnlab:configured`, `rnnlab:step`, `rnnlab:solved`,
// `rnnlab:diverged`, `rnnlab:error` (CustomEvents that bubble out of the
// shadow root) and takes start(), pause(), reset(), configure(config); with
// `url` inside a frame, embed_bridge.mjs posts the events to the parent and
// takes the same commands from it.
// Each element has its own lab, worker and state, in an open shadow root
// (styles neither leak in nor out). Training starts only on a click, or on
// `autoplay` when scrolled into view. Removing the element ends its worker.
// Deliberately not: any panel (lab_view.mjs) or parsing rule (url_state.mjs).
import embedCss from '../css/embed.css';
import { adoptStyles, h } from './dom.mjs';
import { createLab } from './lab_view.mjs';
import { URL_KEYS, parseLock, parseUrlState, parseValue } from './url_state.mjs';
import { createLabEvents, eventName } from './embed_api.mjs';
import { connectBridge } from './embed_bridge.mjs';
import { attachAssignment, inlineAssignment, readAssignment } from './assignment.mjs';

// HTML lowercases attribute names: `T` arrives as `t`.
const KEY_OF_ATTR = Object.fromEntries(URL_KEYS.map((k) => [k.toLowerCase(), k]));
const OWN_ATTRS = ['view', 'heading', 'autoplay', 'url', 'lock'];

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
  #events = null;        // the message API's events (embed_api.mjs)
  #whenReady = null;     // resolves at the first configured run: commands wait for it
  #readyResolve = null;
  #bridge = null;        // embed.html in a frame: the parent's end of the API
  #urlLock = null;       // with `url`: the lock of the first URL (a hash edit cannot lift it)
  #assignment = null;    // a promise of the assignment (the engine's normalized file, or null), read once
  #assignmentLoads = 0;  // loads since the assignment was read: the first takes all its settings
  #onHashChange = () => this.#reload();

  connectedCallback() {
    if (this.#lab) return;  // moved within the page: the lab keeps running
    const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
    const wrapper = h('div', { class: 'rl-embed' });
    shadow.replaceChildren(wrapper);
    adoptStyles(wrapper, 'rnnlab-embed', embedCss);  // before lab.css: the lab's rules come later and win
    const s = this.#settings();
    this.#whenReady = new Promise((ok) => { this.#readyResolve = ok; });
    this.#events = createLabEvents({
      emit: (type, detail) => this.dispatchEvent(new CustomEvent(eventName(type), { detail, bubbles: true, composed: true })),
      history: () => (this.#lab ? this.#lab.history() : Promise.resolve(null)),
    });
    this.#lab = createLab(wrapper, {
      title: s.heading,
      cellInTitle: false,
      settingsOpen: false,
      view: s.view,
      math: 'mathml',
      onRunningChange: (running) => this.toggleAttribute('data-running', running),
      onEvent: (type, detail) => this.#signal(type, detail),
    });
    this.#ready = false;
    if (this.hasAttribute('url') && window.parent !== window) this.#bridge = connectBridge(this, { lab: this.#lab });
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

  /** Starts training (as the Train button does); before the first run is configured, once it is. */
  start() {
    this.#command(() => this.#lab.start());
  }

  pause() {
    this.#command(() => this.#lab.pause());
  }

  /** Reset: the same settings, fresh weights, step 0. Resolves once the new run is configured. */
  reset() {
    return this.#command(() => this.#lab.reset());
  }

  /**
   * Changes settings: an object of URL keys (values as numbers or text),
   * keys left out keep their values. A malformed value, an unknown key or a
   * locked key is left out and said (error-message, `rnnlab:error`); the rest
   * applies. Resolves to true when a new run is configured with them.
   */
  configure(config) {
    return this.#command(() => this.#configure(config || {}));
  }

  /** The URL keys this widget locks. */
  get locked() {
    return this.#lab ? this.#lab.locked : [];
  }

  get running() {
    return !!(this.#lab && this.#lab.running);
  }

  /** The settings in force (URL keys), or null before the engine has answered. */
  get config() {
    return this.#lab ? this.#lab.config : null;
  }

  // ---- internals -------------------------------------------------------------

  /** A lab signal (lab_view.mjs onEvent) into the API's events. */
  #signal(type, detail) {
    const ev = this.#events;
    if (!ev) return;
    if (type === 'configured') {
      ev.configured(detail);
      this.#readyResolve?.();
      this.#readyResolve = null;
    } else if (type === 'metrics') ev.metrics(detail);
    else if (type === 'diverged') ev.diverged(detail);
    else if (type === 'error') ev.error(detail);
  }

  /** Runs a command now, or once the first run is configured; null when the element is gone. */
  async #command(fn) {
    if (!this.#lab) return null;
    const lab = this.#lab;
    if (!this.#ready && this.#whenReady) await this.#whenReady;
    if (lab !== this.#lab) return null;
    return fn();
  }

  async #configure(config) {
    const lab = this.#lab;
    const parsed = {};
    const problems = [];
    for (const [name, value] of Object.entries(config)) {
      const key = URL_KEYS.includes(name) ? name : KEY_OF_ATTR[String(name).toLowerCase()];
      if (!key) {
        problems.push(`unknown setting "${name}" (the settings are ${URL_KEYS.join(', ')})`);
        continue;
      }
      const r = parseValue(key, typeof value === 'number' || typeof value === 'string' ? String(value) : '');
      if (r.error) problems.push(r.error);
      else parsed[key] = r.value;
    }
    const conflicts = lab.lockConflicts(parsed);
    if (conflicts.length) problems.push(lab.lockText(conflicts));
    for (const c of conflicts) delete parsed[c.key];
    let ok = false;
    if (Object.keys(parsed).length) ok = await lab.configure({ ...(lab.config || {}), ...parsed });
    if (lab !== this.#lab) return false;
    if (problems.length) {
      const rest = Object.keys(parsed).length ? (ok ? ' The other settings were applied.' : '') : ' Nothing was changed.';
      lab.showError(`configure: ${problems.join('; ')}.${rest}`);
    }
    return ok;
  }

  /** {config, messages, view, heading, autoplay} from the attributes, or from the page URL with `url`. */
  #settings() {
    if (this.hasAttribute('url')) {
      const state = parseUrlState(window.location);
      const params = new URLSearchParams(`${window.location.search.slice(1)}&${window.location.hash.slice(1)}`);
      // The lock of the first URL stays: a hash edited later cannot lift it.
      if (!this.#urlLock) this.#urlLock = parseLock(params.get('lock') ?? this.getAttribute('lock'));
      return {
        config: state.a,
        messages: state.messages,
        lock: this.#urlLock,
        repin: false,
        assignment: params.get('assignment'),
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
      config, messages, lock: parseLock(this.getAttribute('lock')), repin: true, assignment: this.getAttribute('assignment'),
      view: this.getAttribute('view'), heading: this.getAttribute('heading'), autoplay: this.hasAttribute('autoplay'),
    };
  }

  async #load(s) {
    const lab = this.#lab;
    this.#assignment ??= this.#readAssignment(lab, s);
    const a = await this.#assignment;
    if (lab !== this.#lab) return;
    // The assignment's settings over the attributes: all of them first, then its locked ones (attributes repin the lock).
    const first = !!a && this.#assignmentLoads++ === 0;
    const own = a ? Object.fromEntries(Object.entries(a.config).filter(([k]) => first || a.lock.includes(k))) : {};
    const keys = a ? URL_KEYS.filter((k) => s.lock.keys.includes(k) || a.lock.includes(k)) : s.lock.keys;
    // Attributes define the locked values (repin: the next run's); a URL's lock keeps the first URL's.
    const message = s.lock.message ? s.lock.message.replace(/^lock:/, this.hasAttribute('url') ? 'URL lock:' : 'Attribute lock:') : null;
    lab.setLock(keys, { repin: s.repin, message });
    // Before the first run there is nothing stale to clear (a worker that could not start has said so meanwhile).
    const ok = await lab.load({ ...s.config, ...own }, s.messages, { clear: this.#ready });
    if (lab !== this.#lab) return;
    this.#ready = this.#ready || ok;
    this.#maybeAutoplay();
  }

  /**
   * The element's assignment (see the header), read with its own engine; its
   * messages go to error-message (source `assignment`). Null when none.
   */
  async #readAssignment(lab, s) {
    if (document.readyState === 'loading' && inlineAssignment(this) === null && !s.assignment) {
      // Upgraded as its start tag was parsed: an inlined assignment may come with its children.
      await new Promise((ok) => document.addEventListener('DOMContentLoaded', ok, { once: true }));
    }
    const text = inlineAssignment(this);
    if (text === null && !s.assignment) return null;
    const source = text !== null ? { text } : { url: s.assignment };
    let r;
    try {
      r = await readAssignment(source, { base: window.location.href, check: (t) => lab.checkAssignment(t) });
    } catch (e) {
      r = { assignment: null, messages: [`The assignment could not be read: ${e && e.message ? e.message : e}`] };
    }
    if (lab !== this.#lab) return null;
    if (!r.assignment) {
      lab.setNote('assignment', r.messages);
      return null;
    }
    attachAssignment(lab, r.assignment, { keepView: s.view !== null && s.view !== undefined });
    return r.assignment;
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
    this.#bridge?.disconnect();
    this.#bridge = null;
    this.#events?.destroy();
    this.#events = null;
    this.#urlLock = null;
    this.#assignment = null;
    this.#assignmentLoads = 0;
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
