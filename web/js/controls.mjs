// controls.mjs — the settings form of one lab: task, cell, T, hidden size,
// embedding size, layers, initialisation and recurrent gain, batch,
// optimizer, learning rate, clipping, seed. Every
// control is a labelled native form element (keyboard reachable, read by
// screen readers) with the hook data-testid="setting-KEY" (for the cell:
// on its group of radio buttons). Each edit is checked for form (a whole number, a number)
// before anything is sent; a bad value is marked on its field and reported,
// and nothing changes, so the previous valid settings stay in force.
// Deliberately not: range checks (the engine's validate() says what is
// allowed, through the lab's configure), nor a list of tasks (the engine's
// registry arrives with the worker's `configured` message).
import { h, setText, uid } from './dom.mjs';
import { INITS, OPTIMIZERS, URL_KEYS, parseValue } from './url_state.mjs';
import { cells } from './engine_info.mjs';
const OPT_LABEL = { sgd: 'SGD (momentum)', rmsprop: 'RMSprop', adam: 'Adam' };
const INIT_LABEL = { pytorch: 'PyTorch', xavier: 'Xavier', orthogonal: 'Orthogonal' };
// Keys beyond the contract's ten: a field left empty is simply not sent.
const OPTIONAL_KEYS = new Set(['init', 'gain']);

// Field layout: [group title, [{key, label, hint, kind}]].
const GROUPS = [
  ['Data', [
    { key: 'task', label: 'Task', kind: 'task' },
    { key: 'T', label: 'Length T', hint: 'time steps unrolled', kind: 'int', min: 1 },
    { key: 'seed', label: 'Seed', hint: 'same seed, same data', kind: 'int', min: 0 },
  ]],
  ['Model', [
    { key: 'cell', label: 'Cell', kind: 'cell' },
    { key: 'hidden', label: 'Hidden N_h', kind: 'int', min: 1 },
    { key: 'embed', label: 'Embedding E', hint: '0 = one-hot', kind: 'int', min: 0 },
    { key: 'layers', label: 'Layers L', hint: 'recurrent layers stacked', kind: 'int', min: 1 },
    { key: 'init', label: 'Initialisation', kind: 'init' },
    { key: 'gain', label: 'Recurrent gain', hint: '× W_hh after init', kind: 'number' },
  ]],
  ['Training', [
    { key: 'optimizer', label: 'Optimizer', kind: 'optimizer' },
    { key: 'lr', label: 'Learning rate', kind: 'number' },
    { key: 'batch', label: 'Batch size', kind: 'int', min: 1 },
    { key: 'clip', label: 'Clip norm', hint: '0 = off', kind: 'number' },
  ]],
];

const DEBOUNCE_MS = 350;

/**
 * @param {HTMLElement} container
 * @param {object} opts {onChange(config, key), onInvalid(message, key)}
 */
export function createControls(container, opts = {}) {
  const prefix = uid('rl-ctl');
  const inputs = {};      // key -> element (for cell: the fieldset)
  const radios = {};      // cell -> radio input
  let tasks = [];
  let timer = 0;
  let pendingKey = null;
  let applied = null;     // the config in force (the last setValues)

  const taskSelect = h('select', { id: `${prefix}-task`, name: 'task' });
  const taskInfo = h('p', { class: 'rl-hint rl-task-info', id: `${prefix}-task-info` });
  taskSelect.setAttribute('aria-describedby', taskInfo.id);

  function field(f) {
    const id = `${prefix}-${f.key}`;
    const hintEl = f.hint ? h('span', { class: 'rl-hint', id: `${id}-hint`, text: f.hint }) : null;
    if (f.kind === 'task') {
      inputs.task = taskSelect;
      taskSelect.setAttribute('data-testid', 'setting-task');
      return h('div', { class: 'rl-field rl-field--wide' }, h('label', { for: id, text: f.label }), taskSelect, taskInfo);
    }
    if (f.kind === 'cell') {
      const group = h('fieldset', { class: 'rl-field rl-field--wide rl-segmented', 'data-testid': 'setting-cell' }, h('legend', { text: f.label }));
      const row = h('div', { class: 'rl-segments' });
      for (const c of cells()) {  // the engine's cells, with its titles
        const rid = `${id}-${c.name}`;
        const input = h('input', { type: 'radio', name: `${prefix}-cell`, id: rid, value: c.name });
        radios[c.name] = input;
        row.append(h('span', { class: 'rl-segment' }, input, h('label', { for: rid, title: c.longTitle, text: c.shortTitle })));
      }
      group.append(row);
      inputs.cell = group;
      return group;
    }
    if (f.kind === 'optimizer' || f.kind === 'init') {
      const [names, labels] = f.kind === 'init' ? [INITS, INIT_LABEL] : [OPTIMIZERS, OPT_LABEL];
      const sel = h('select', { id, name: f.key, 'data-testid': `setting-${f.key}` }, names.map((o) => h('option', { value: o, text: labels[o] || o })));
      inputs[f.key] = sel;
      return h('div', { class: 'rl-field' }, h('label', { for: id, text: f.label }), sel);
    }
    const attrs = f.kind === 'int'
      ? { type: 'number', step: '1', min: f.min, inputmode: 'numeric' }
      : { type: 'text', inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off' };
    const input = h('input', { id, name: f.key, 'data-testid': `setting-${f.key}`, ...attrs, 'aria-describedby': hintEl ? hintEl.id : undefined });
    inputs[f.key] = input;
    return h('div', { class: 'rl-field' }, h('label', { for: id, text: f.label }), input, hintEl);
  }

  const form = h('form', { class: 'rl-controls', novalidate: true, 'aria-label': 'Settings' },
    GROUPS.map(([title, fields]) => h('fieldset', { class: 'rl-group' }, h('legend', { class: 'rl-group-title', text: title }), fields.map(field))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    flush();
  });
  container.append(form);

  function rawValue(key) {
    if (key === 'cell') {
      const c = Object.keys(radios).find((k) => radios[k].checked);
      return c || '';
    }
    return inputs[key].value;
  }

  function describeTask(name) {
    const t = tasks.find((x) => x.name === name);
    setText(taskInfo, t ? `${t.description} ${t.encoding}` : '');
  }

  /** Reads every field; returns {config} or {error, key}. */
  function read() {
    const config = {};
    for (const key of URL_KEYS) {
      if (OPTIONAL_KEYS.has(key) && String(rawValue(key)).trim() === '') continue;
      const r = parseValue(key, rawValue(key));
      if (r.error) return { error: r.error, key };
      config[key] = r.value;
    }
    return { config };
  }

  function markInvalid(key, bad) {
    for (const k of URL_KEYS) {
      const el = inputs[k];
      if (!el) continue;
      if (bad && (Array.isArray(key) ? key.includes(k) : k === key)) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
  }

  function flush() {
    clearTimeout(timer);
    timer = 0;
    const key = pendingKey;
    pendingKey = null;
    if (!key) return;
    const r = read();
    if (r.error) {
      markInvalid(r.key, true);
      opts.onInvalid?.(r.error, r.key);
      return;
    }
    markInvalid(null, false);
    // Leaving a field fires `change` after its debounced edit was applied:
    // the same values again are no new run (that would throw away the training done).
    if (applied && Object.keys(r.config).every((k) => r.config[k] === applied[k])) {
      opts.onUnchanged?.();
      return;
    }
    opts.onChange?.(r.config, key);
  }

  function keyOf(target) {
    if (target.type === 'radio') return 'cell';
    return target.name;
  }

  form.addEventListener('input', (e) => {
    const key = keyOf(e.target);
    if (!URL_KEYS.includes(key)) return;
    pendingKey = key;
    if (e.target.tagName === 'SELECT' || e.target.type === 'radio') return;  // `change` follows at once
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  form.addEventListener('change', (e) => {
    const key = keyOf(e.target);
    if (!URL_KEYS.includes(key)) return;
    if (key === 'task') {
      // A new task starts at its own default length.
      const t = tasks.find((x) => x.name === taskSelect.value);
      if (t) inputs.T.value = String(t.defaultT);
      describeTask(taskSelect.value);
    }
    pendingKey = key;
    flush();
  });

  return {
    element: form,
    /** The engine's task registry (from the `configured` message). */
    setTasks(list) {
      if (!Array.isArray(list) || !list.length) return;
      const same = tasks.length === list.length && tasks.every((t, i) => t.name === list[i].name);
      tasks = list;
      if (same) return;
      const current = taskSelect.value;
      taskSelect.replaceChildren(...list.map((t) => h('option', { value: t.name, text: t.title || t.name })));
      if (current) taskSelect.value = current;
      describeTask(taskSelect.value);
    },
    /** Shows a config (the engine's normalized one); the field being edited is left alone. */
    setValues(config) {
      applied = { ...config };
      const active = form.getRootNode().activeElement;
      for (const key of URL_KEYS) {
        if (config[key] === undefined) continue;
        if (key === 'cell') {
          for (const c of Object.keys(radios)) radios[c].checked = c === config.cell;
          continue;
        }
        const el = inputs[key];
        if (el === active && pendingKey === key) continue;
        if (key === 'task' && !Array.from(taskSelect.options).some((o) => o.value === config.task)) {
          taskSelect.append(h('option', { value: config.task, text: config.task }));
        }
        el.value = String(config[key]);
      }
      describeTask(taskSelect.value);
    },
    markInvalid,
    /** Applies any edit still waiting for its debounce. */
    flush,
    destroy() {
      clearTimeout(timer);
      form.remove();
    },
  };
}
