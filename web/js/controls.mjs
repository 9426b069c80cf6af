// controls.mjs — the settings form of one lab: task, cell, T, hidden size,
// embedding size, layers, initialisation and recurrent gain, batch,
// optimizer, learning rate, clipping, seed. Every
// control is a labelled native form element (keyboard reachable, read by
// screen readers) with the hook data-testid="setting-KEY" (for the cell:
// on its group of radio buttons). Each edit is checked for form (a whole number, a number)
// before anything is sent; a bad value is marked on its field and reported,
// and nothing changes, so the previous valid settings stay in force.
// With the task "Your own text" (text) the Data group also shows the text:
// a shipped corpus (corpus-select), the text itself (text-input: paste or
// edit it) and "Open a .txt file" (text-file); the config then carries the
// key `text` (the text, never in the URL) and, for a shipped corpus, the
// URL key `corpus`. A file is put in the box only once the engine accepted
// it, so a bad one leaves the box and the run as they were.
// Deliberately not: range checks (the engine's validate() says what is
// allowed, through the lab's configure), nor a list of tasks (the engine's
// registry arrives with the worker's `configured` message; the text task,
// which needs the page's own input, is added to it here).
import { h, setAttr, setText, uid } from './dom.mjs';
import { INITS, OPTIMIZERS, URL_KEYS, parseValue } from './url_state.mjs';
import { cells } from './engine_info.mjs';
import { CORPORA, DEFAULT_CORPUS, corpusText } from './corpora.mjs';
import { readTextFile } from './text_file.mjs';
import { formatCount } from './format.mjs';
const OPT_LABEL = { sgd: 'SGD (momentum)', rmsprop: 'RMSprop', adam: 'Adam' };
const INIT_LABEL = { pytorch: 'PyTorch', xavier: 'Xavier', orthogonal: 'Orthogonal' };
// Keys beyond the contract's ten: a field left empty is simply not sent.
const OPTIONAL_KEYS = new Set(['init', 'gain']);
// The form's keys: the URL keys and the text (task text only; not a URL key).
const FORM_KEYS = [...URL_KEYS, 'text'];
// The task that trains on the page's text: the engine knows it (config key
// `text`) but lists only its generator tasks, so the page adds its entry.
export const TEXT_TASK = Object.freeze({
  name: 'text',
  title: 'Your own text',
  description: 'A character-level language model: it reads T characters of the text and predicts, at every step, the next one.',
  encoding: 'Its tokens are the text\'s distinct characters (the state\'s vocab).',
  needsText: true,
});
const OWN = 'own';  // the corpus select's value for a pasted or opened text

// Field layout: [group title, [{key, label, hint, kind}]].
const GROUPS = [
  ['Data', [
    { key: 'task', label: 'Task', kind: 'task' },
    { key: 'corpus', label: 'Text', kind: 'text' },
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
  let defaultT = false;   // the task just became text: T is left to the engine's default

  // The text (task text): a shipped corpus or the reader's own, the box, a file.
  const corpusSelect = h('select', { id: `${prefix}-corpus`, name: 'corpus', 'data-testid': 'corpus-select' },
    CORPORA.map((c) => h('option', { value: c.name, text: c.title, title: `${c.title}, such as “${c.example}”` })),
    h('option', { value: OWN, text: 'Your own text' }));
  const textBox = h('textarea', { id: `${prefix}-text`, name: 'text', 'data-testid': 'text-input', rows: '5',
    spellcheck: 'false', autocomplete: 'off', placeholder: 'Paste a text here, or open a .txt file' });
  const textFile = h('input', { type: 'file', id: `${prefix}-text-file`, accept: '.txt,text/plain', class: 'rl-file-input',
    'data-testid': 'text-file' });
  const textInfo = h('span', { class: 'rl-hint rl-text-info', 'data-testid': 'text-info', 'aria-live': 'polite' });
  const textPrivacy = h('p', { class: 'rl-hint rl-text-privacy', 'data-testid': 'text-privacy',
    text: 'Your text stays in this page: the engine runs in your browser, and the text is uploaded nowhere and sent to no one.' });
  const textBlock = h('div', { class: 'rl-field rl-field--wide rl-text-source', hidden: true },
    h('label', { for: corpusSelect.id, text: 'Text' }), corpusSelect,
    h('label', { for: textBox.id, class: 'rl-visually-hidden', text: 'The text to learn' }), textBox,
    h('div', { class: 'rl-text-file-row' }, textFile,
      h('label', { for: textFile.id, class: 'rl-btn rl-btn--small', text: 'Open a .txt file…' }), textInfo),
    textPrivacy);
  let fileText = null;    // a file's text waiting for the engine's verdict (not in the box yet)
  let fileName = '';
  let textSeq = 0;        // file reads: only the latest one counts
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
    if (f.kind === 'text') {
      inputs.corpus = corpusSelect;
      inputs.text = textBox;
      return textBlock;
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
    textBlock.hidden = name !== TEXT_TASK.name;
  }

  /** Reads every field; returns {config} or {error, key}. */
  function read() {
    const config = {};
    const text = taskSelect.value === TEXT_TASK.name;
    for (const key of URL_KEYS) {
      if (OPTIONAL_KEYS.has(key) && String(rawValue(key)).trim() === '') continue;
      if (key === 'corpus') continue;  // below
      if (key === 'T' && text && defaultT && rawValue('T').trim() === '') continue;  // the engine's default T
      const r = parseValue(key, rawValue(key));
      if (r.error) return { error: r.error, key };
      config[key] = r.value;
    }
    if (text) {
      // A file waiting for the engine's verdict, else the box (or a shipped corpus).
      if (fileText !== null) config.text = fileText;
      else if (corpusSelect.value !== OWN) {
        config.corpus = corpusSelect.value;
        config.text = corpusText(corpusSelect.value);
      } else if (textBox.value === '' && applied && applied.task === TEXT_TASK.name && typeof applied.text === 'string') {
        // "Your own text" chosen, nothing pasted yet: another setting changes the run with the text in force.
        config.text = applied.text;
        if (applied.corpus !== undefined) config.corpus = applied.corpus;
      } else config.text = textBox.value;
    }
    return { config };
  }

  function markInvalid(key, bad) {
    for (const k of FORM_KEYS) {
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
    if (applied && Object.keys(r.config).every((k) => r.config[k] === applied[k]) && (r.config.text === undefined) === (applied.text === undefined)) {
      fileText = null;
      opts.onUnchanged?.();
      return;
    }
    const fromFile = fileText !== null;
    fileText = null;
    const result = opts.onChange?.(r.config, key, fromFile ? { file: fileName } : {});
    // A refused file leaves the box as it was (it never went in); an accepted one is shown by setValues.
    if (fromFile && result && typeof result.then === 'function') result.then((ok) => { if (!ok) markInvalid(null, false); });
  }

  /** A .txt file: decoded here (UTF-8, or a message), judged by the engine through onChange. */
  async function openTextFile(file) {
    const seq = ++textSeq;
    const r = await readTextFile(file);
    if (seq !== textSeq) return;
    if (r.error) {
      opts.onInvalid?.(r.error, 'text');
      return;
    }
    clearTimeout(timer);
    fileText = r.text;
    fileName = file.name;
    pendingKey = 'text';
    flush();
  }
  textFile.addEventListener('change', () => {
    const file = textFile.files && textFile.files[0];
    textFile.value = '';
    if (file) openTextFile(file);
  });

  function keyOf(target) {
    if (target.type === 'radio') return 'cell';
    return target.name;
  }

  form.addEventListener('input', (e) => {
    const key = keyOf(e.target);
    if (!FORM_KEYS.includes(key)) return;
    // Editing the text box makes it the reader's own text.
    if (key === 'text' && corpusSelect.value !== OWN) corpusSelect.value = OWN;
    pendingKey = key;
    if (e.target.tagName === 'SELECT' || e.target.type === 'radio') return;  // `change` follows at once
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  form.addEventListener('change', (e) => {
    const key = keyOf(e.target);
    if (!FORM_KEYS.includes(key) || e.target === textFile) return;
    if (key === 'text') return;  // the box applies through its debounced input
    if (key === 'task') {
      // A new task starts at its own default length (the text task: the engine's default).
      const t = tasks.find((x) => x.name === taskSelect.value);
      defaultT = taskSelect.value === TEXT_TASK.name;
      if (defaultT) inputs.T.value = '';
      else if (t) inputs.T.value = String(t.defaultT);
      if (defaultT && corpusSelect.value === OWN && !textBox.value) corpusSelect.value = DEFAULT_CORPUS;
      describeTask(taskSelect.value);
    }
    if (key === 'corpus') {
      if (corpusSelect.value === OWN) {
        // Waits for the reader's text (typed, pasted or opened); the run stays meanwhile.
        textBox.value = '';
        textBox.focus();
        return;
      }
      textBox.value = corpusText(corpusSelect.value);
    }
    pendingKey = key;
    flush();
  });

  return {
    element: form,
    /** The engine's task registry (from the `configured` message). */
    setTasks(engineList) {
      if (!Array.isArray(engineList) || !engineList.length) return;
      const list = engineList.some((t) => t.name === TEXT_TASK.name) ? engineList : [...engineList, TEXT_TASK];
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
      defaultT = false;
      const active = form.getRootNode().activeElement;
      if (config.task === TEXT_TASK.name) {
        corpusSelect.value = config.corpus || OWN;
        if (typeof config.text === 'string' && textBox.value !== config.text && !(textBox === active && pendingKey === 'text')) {
          textBox.value = config.text;
        }
        const n = config.textChars;
        setText(textInfo, Number.isFinite(n) ? `${formatCount(n)} characters, ${formatCount(config.vocabSize)} distinct: the model's vocabulary` : '');
        setAttr(textInfo, 'data-chars', Number.isFinite(n) ? n : '');
        setAttr(textInfo, 'data-vocab-size', Number.isFinite(n) ? config.vocabSize : '');
      }
      for (const key of URL_KEYS) {
        if (config[key] === undefined || key === 'corpus') continue;
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
