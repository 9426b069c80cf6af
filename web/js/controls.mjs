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
// With the task "Your own labelled sequences" (sequences) the same kind of
// block holds a CSV or JSON file of sequence,label pairs: a shipped example
// (datasets.mjs, sequences-select), the box (sequences-input) and "Open a
// .csv or .json file" (sequences-file); the config carries the key
// `sequences` (never in the URL: no key names it), and sequences-info says
// what the engine made of it. One helper (sourceBlock) builds both blocks.
// Locked keys (URL key `lock`, setLocked) keep their controls, disabled,
// with a line saying which; the lab enforces the lock on every other route.
// Deliberately not: range checks (the engine's validate() says what is
// allowed, through the lab's configure), nor a list of tasks (the engine's
// registry arrives with the worker's `configured` message; the text task,
// which needs the page's own input, is added to it here).
import { h, setAttr, setText, uid } from './dom.mjs';
import { INITS, OPTIMIZERS, URL_KEYS, parseValue } from './url_state.mjs';
import { cells } from './engine_info.mjs';
import { CORPORA, DEFAULT_CORPUS, corpusText } from './corpora.mjs';
import { DATASETS, DEFAULT_DATASET, datasetOf, datasetText } from './datasets.mjs';
import { readTextFile } from './text_file.mjs';
import { formatCount, formatPercent } from './format.mjs';
const OPT_LABEL = { sgd: 'SGD (momentum)', rmsprop: 'RMSprop', adam: 'Adam' };
const INIT_LABEL = { pytorch: 'PyTorch', xavier: 'Xavier', orthogonal: 'Orthogonal' };
// Keys beyond the contract's ten: a field left empty is simply not sent.
const OPTIONAL_KEYS = new Set(['init', 'gain']);
// The form's keys: the URL keys, the text (task text only) and the
// sequences (task sequences only): neither is a URL key.
const FORM_KEYS = [...URL_KEYS, 'text', 'sequences', 'dataset'];
// The task that trains on the page's text: the engine knows it (config key
// `text`) but lists only its generator tasks, so the page adds its entry.
export const TEXT_TASK = Object.freeze({
  name: 'text',
  title: 'Your own text',
  description: 'A character-level language model: it reads T characters of the text and predicts, at every step, the next one.',
  encoding: 'Its tokens are the text\'s distinct characters (the state\'s vocab).',
  needsText: true,
});
// The task that trains on the reader's labelled sequences (config key
// `sequences`): known to the engine, not in its list of generator tasks.
export const SEQUENCES_TASK = Object.freeze({
  name: 'sequences',
  title: 'Your own labelled sequences',
  description: 'A classifier of your own data: a CSV or JSON file of sequence,label pairs; it reads each sequence (left-padded to T, the longest) and predicts its label. Every fifth sequence of each label is held out (from 10 on).',
  encoding: 'Its tokens are the file\'s distinct tokens after the padding token 0, its classes the distinct labels (the state keeps both as vocab and classes).',
  needsSequences: true,
});
// The tasks whose data the page supplies (config key), beside the engine's list.
const PAGE_TASKS = [TEXT_TASK, SEQUENCES_TASK];
const OWN = 'own';  // a source select's value for a pasted or opened text

/**
 * The sentence on a task's chance level and "solved" threshold, as the
 * engine's tasks() gives them (at the task's default T); '' when it gives
 * neither (the text task, the reader's sequences: chance depends on the data).
 */
export function taskLevels(t) {
  if (!t) return '';
  const parts = [];
  if (Number.isFinite(t.chance)) parts.push(`chance ${formatPercent(t.chance)}${Number.isFinite(t.defaultT) ? ` at T = ${t.defaultT}` : ''} (the best answer that ignores the input)`);
  if (Number.isFinite(t.solved)) parts.push(`solved at held-out accuracy ≥ ${formatPercent(t.solved)}`);
  if (!parts.length) return '';
  const steps = t.perStep ? ' Targets at some steps only: accuracy counts those steps.' : '';
  return `${parts.join('; ')}.${steps}`.replace(/^./, (c) => c.toUpperCase());
}

/** What the engine made of the reader's sequences (its config's counts), one sentence (pure). */
export function sequencesSummary(c) {
  if (!c || !Number.isFinite(c.sequenceCount)) return '';
  const held = c.heldOutCount > 0
    ? `${formatCount(c.heldOutCount)} held out (every fifth of each label) for the samples, the held-out accuracy and chance`
    : 'fewer than 10, so none held out: every sequence both trains and tests';
  const classes = Array.isArray(c.classes) ? c.classes.map((x) => `“${x}”`).join(', ') : '';
  return `${formatCount(c.sequenceCount)} sequences, ${held}; the longest has ${formatCount(c.longestSequence)} tokens (T = ${c.T}, shorter ones left-padded); `
    + `${formatCount(c.vocabSize - 1)} distinct tokens and the padding token; ${c.numClasses} classes: ${classes}.`;
}

/**
 * One block of the Data group for a task whose data the page supplies: a
 * select of shipped sources (and "your own"), a box to paste into, a file
 * button, a line on what the engine made of it, and notes. Used for the
 * text (task text) and the sequences (task sequences).
 */
function sourceBlock(prefix, o) {
  const select = h('select', { id: `${prefix}-${o.key}-source`, name: o.selectName, 'data-testid': o.selectTestid },
    o.shipped.map((c) => h('option', { value: c.name, text: c.title, title: `${c.title}, such as “${c.example}”` })),
    h('option', { value: OWN, text: o.ownTitle }));
  const box = h('textarea', { id: `${prefix}-${o.key}`, name: o.key, 'data-testid': `${o.testid}-input`, rows: '5',
    spellcheck: 'false', autocomplete: 'off', placeholder: o.placeholder });
  const file = h('input', { type: 'file', id: `${prefix}-${o.key}-file`, accept: o.accept, class: 'rl-file-input',
    'data-testid': `${o.testid}-file` });
  const info = h('span', { class: `rl-hint rl-text-info`, 'data-testid': `${o.testid}-info`, 'aria-live': 'polite' });
  const notes = o.notes.map(([testid, text]) => h('p', { class: 'rl-hint rl-text-privacy', 'data-testid': testid, text }));
  // A fieldset, so that locking its URL key (o.blockTestid: setting-corpus) disables all of it at once.
  const block = h('fieldset', { class: `rl-field rl-field--wide rl-source ${o.blockClass}`, 'data-testid': o.blockTestid, hidden: true },
    h('label', { for: select.id, text: o.label }), select,
    h('label', { for: box.id, class: 'rl-visually-hidden', text: o.boxLabel }), box,
    h('div', { class: 'rl-text-file-row' }, file,
      h('label', { for: file.id, class: 'rl-btn rl-btn--small', text: o.fileLabel }), info),
    ...notes);
  return { select, box, file, info, block };
}

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
  const textSrc = sourceBlock(prefix, { key: 'text', blockClass: 'rl-text-source', blockTestid: 'setting-corpus', selectName: 'corpus', selectTestid: 'corpus-select', testid: 'text',
    shipped: CORPORA, ownTitle: 'Your own text', label: 'Text', boxLabel: 'The text to learn', accept: '.txt,text/plain',
    placeholder: 'Paste a text here, or open a .txt file', fileLabel: 'Open a .txt file…',
    notes: [['text-privacy', 'Your text stays in this page: the engine runs in your browser, and the text is uploaded nowhere and sent to no one.']] });
  const { select: corpusSelect, box: textBox, file: textFile, info: textInfo, block: textBlock } = textSrc;
  // The sequences (task sequences): the shipped example or the reader's own file.
  const seqSrc = sourceBlock(prefix, { key: 'sequences', blockClass: 'rl-sequences-source', selectName: 'dataset', selectTestid: 'sequences-select', testid: 'sequences',
    shipped: DATASETS, ownTitle: 'Your own sequences', label: 'Sequences', boxLabel: 'The labelled sequences (CSV or JSON)',
    accept: '.csv,.json,text/csv,application/json,text/plain',
    placeholder: 'Paste CSV (sequence,label one a line) or JSON ([{"sequence": …, "label": …}]), or open a file', fileLabel: 'Open a .csv or .json file…',
    notes: [['sequences-privacy', 'Your data stays in this page: the engine runs in your browser, and the file is uploaded nowhere and sent to no one.'],
      ['sequences-url-note', 'An address cannot hold your sequences: a link (or an embed) keeps every other setting, and opens with the shipped example.']] });
  const { select: datasetSelect, box: seqBox, file: seqFile, info: seqInfo, block: seqBlock } = seqSrc;
  let fileText = null;    // a file's text waiting for the engine's verdict (not in the box yet)
  let fileKey = '';       // the config key it is for: text or sequences
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
      inputs.dataset = datasetSelect;
      inputs.sequences = seqBox;
      return [textBlock, seqBlock];
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

  // Which settings this page locks (URL key `lock`): shown, disabled, and said in one line.
  const lockNote = h('p', { class: 'rl-hint rl-lock-note', 'data-testid': 'lock-note', hidden: true });
  const form = h('form', { class: 'rl-controls', novalidate: true, 'aria-label': 'Settings' }, lockNote,
    GROUPS.map(([title, fields]) => h('fieldset', { class: 'rl-group' }, h('legend', { class: 'rl-group-title', text: title }), fields.flatMap(field))));
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
    const levels = taskLevels(t);
    setText(taskInfo, t ? `${t.description} ${t.encoding}${levels ? ` ${levels}` : ''}` : '');
    setAttr(taskInfo, 'data-chance', t && Number.isFinite(t.chance) ? t.chance : '');
    setAttr(taskInfo, 'data-solved', t && Number.isFinite(t.solved) ? t.solved : '');
    textBlock.hidden = name !== TEXT_TASK.name;
    seqBlock.hidden = name !== SEQUENCES_TASK.name;
  }

  /** Reads every field (`changed`: the key just edited); returns {config} or {error, key}. */
  function read(changed = null) {
    const config = {};
    const text = taskSelect.value === TEXT_TASK.name;
    const seqs = taskSelect.value === SEQUENCES_TASK.name;
    for (const key of URL_KEYS) {
      if (OPTIONAL_KEYS.has(key) && String(rawValue(key)).trim() === '') continue;
      if (key === 'corpus') continue;  // below
      if (key === 'T' && (text || seqs) && defaultT && rawValue('T').trim() === '') continue;  // the engine's default T
      const r = parseValue(key, rawValue(key));
      if (r.error) return { error: r.error, key };
      config[key] = r.value;
    }
    if (seqs) {
      // A file waiting for the engine's verdict, else the box (or the shipped example).
      if (fileText !== null && fileKey === 'sequences') config.sequences = fileText;
      else if (datasetSelect.value !== OWN) config.sequences = datasetText(datasetSelect.value);
      else if (seqBox.value === '' && applied && applied.task === SEQUENCES_TASK.name && typeof applied.sequences === 'string') {
        config.sequences = applied.sequences;  // "your own" chosen, nothing pasted yet: the data in force stays
      } else config.sequences = seqBox.value;
      // New data starts at its own T (the longest sequence): the previous data's T may be too short for it.
      if (changed === 'sequences' || changed === 'dataset') delete config.T;
    }
    if (text) {
      // A file waiting for the engine's verdict, else the box (or a shipped corpus).
      if (fileText !== null && fileKey === 'text') config.text = fileText;
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
    const r = read(key);
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

  /**
   * A file for the config key `key` (text: a .txt; sequences: a .csv or
   * .json): decoded here (UTF-8, or a message), judged by the engine
   * through onChange.
   */
  async function openFile(file, key) {
    const seq = ++textSeq;
    const r = await readTextFile(file);
    if (seq !== textSeq) return;
    if (r.error) {
      opts.onInvalid?.(r.error, key);
      return;
    }
    clearTimeout(timer);
    fileText = r.text;
    fileKey = key;
    fileName = file.name;
    pendingKey = key;
    flush();
  }
  for (const [input, key] of [[textFile, 'text'], [seqFile, 'sequences']]) {
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      input.value = '';
      if (file) openFile(file, key);
    });
  }

  function keyOf(target) {
    if (target.type === 'radio') return 'cell';
    return target.name;
  }

  form.addEventListener('input', (e) => {
    const key = keyOf(e.target);
    if (!FORM_KEYS.includes(key)) return;
    // Editing the text box makes it the reader's own text.
    if (key === 'text' && corpusSelect.value !== OWN) corpusSelect.value = OWN;
    if (key === 'sequences' && datasetSelect.value !== OWN) datasetSelect.value = OWN;
    pendingKey = key;
    if (e.target.tagName === 'SELECT' || e.target.type === 'radio') return;  // `change` follows at once
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  form.addEventListener('change', (e) => {
    const key = keyOf(e.target);
    if (!FORM_KEYS.includes(key) || e.target === textFile || e.target === seqFile) return;
    if (key === 'text' || key === 'sequences') return;  // the box applies through its debounced input
    if (key === 'task') {
      // A new task starts at its own default length (the text and sequences tasks: the engine's default).
      const t = tasks.find((x) => x.name === taskSelect.value);
      defaultT = taskSelect.value === TEXT_TASK.name || taskSelect.value === SEQUENCES_TASK.name;
      if (defaultT) inputs.T.value = '';
      else if (t) inputs.T.value = String(t.defaultT);
      if (taskSelect.value === TEXT_TASK.name && corpusSelect.value === OWN && !textBox.value) corpusSelect.value = DEFAULT_CORPUS;
      if (taskSelect.value === SEQUENCES_TASK.name && datasetSelect.value === OWN && !seqBox.value) datasetSelect.value = DEFAULT_DATASET;
      describeTask(taskSelect.value);
    }
    if (key === 'dataset') {
      if (datasetSelect.value === OWN) {
        // Waits for the reader's sequences (typed, pasted or opened); the run stays meanwhile.
        seqBox.value = '';
        seqBox.focus();
        return;
      }
      seqBox.value = datasetText(datasetSelect.value);
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

  let lockedKeys = [];
  const api = {
    element: form,
    /** The engine's task registry (from the `configured` message). */
    setTasks(engineList) {
      if (!Array.isArray(engineList) || !engineList.length) return;
      const list = [...engineList, ...PAGE_TASKS.filter((p) => !engineList.some((t) => t.name === p.name))];
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
      if (config.task === SEQUENCES_TASK.name) {
        datasetSelect.value = datasetOf(config.sequences) || OWN;
        if (typeof config.sequences === 'string' && seqBox.value !== config.sequences && !(seqBox === active && pendingKey === 'sequences')) {
          seqBox.value = config.sequences;
        }
        setText(seqInfo, sequencesSummary(config));
        setAttr(seqInfo, 'data-sequence-count', config.sequenceCount ?? '');
        setAttr(seqInfo, 'data-held-out-count', config.heldOutCount ?? '');
        setAttr(seqInfo, 'data-longest', config.longestSequence ?? '');
        setAttr(seqInfo, 'data-classes', Array.isArray(config.classes) ? JSON.stringify(config.classes) : '');
        setAttr(seqInfo, 'data-vocab-size', config.vocabSize ?? '');
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
      if (lockedKeys.length) api.setLocked(lockedKeys);  // disabled again, should a script have enabled one
    },
    markInvalid,
    /**
     * Disables the controls of the locked URL keys (the cell: its radio
     * group; corpus: the whole text block) and says which they are.
     */
    setLocked(keys) {
      lockedKeys = [...(keys || [])];
      const locked = new Set(lockedKeys);
      for (const key of URL_KEYS) {
        const el = key === 'corpus' ? textBlock : inputs[key];
        if (!el) continue;
        const on = locked.has(key);
        el.disabled = on;
        if (on) {
          el.setAttribute('data-locked', 'true');
          el.setAttribute('title', 'Locked on this page: the exercise fixes this setting');
        } else {
          el.removeAttribute('data-locked');
          el.removeAttribute('title');
        }
        const fieldEl = el.closest('.rl-field');
        if (fieldEl) fieldEl.classList.toggle('rl-field--locked', on);
      }
      if (locked.has('corpus') || locked.has('task')) clearTimeout(timer);
      const names = URL_KEYS.filter((k) => locked.has(k));
      lockNote.hidden = names.length === 0;
      setText(lockNote, names.length ? `Locked on this page: ${names.join(', ')}. The other settings are yours to change.` : '');
    },
    /** Applies any edit still waiting for its debounce. */
    flush,
    destroy() {
      clearTimeout(timer);
      form.remove();
    },
  };
  return api;
}
