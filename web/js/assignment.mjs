// assignment.mjs — a teacher's assignment file on the page and in the
// element (docs/assignment-format.md, docs/teachers.md): where it comes from
// (the URL key `assignment=URL`, the element's `assignment` attribute, or a
// <script type="application/json" class="rnnlab-assignment"> inside
// <rnn-lab>), fetching it from the same site only, reading it with the
// engine (the worker's `assignment` message: checkAssignment, line-numbered
// messages), and the panel beside the lab: its title, its prompts, one
// answer box each (kept while the page is open and in localStorage under
// the title), whose answers go into the exported report.
// Deliberately not: checking the file (the engine does), applying the
// config or the lock (the lab's load and setLock do), or writing the report
// (the engine's Trainer.report()).
import assignmentCss from '../css/assignment.css';
import { adoptStyles, h, setText } from './dom.mjs';

const STORAGE_PREFIX = 'rnnlab-answers:';
const INLINE_SELECTOR = 'script.rnnlab-assignment';

/** What to say when a page opened from disk cannot read a file beside it. */
export const FILE_HINT = 'A page opened from disk (file://) cannot read other files: serve the folder over http '
  + '(for example `python3 -m http.server 8000` in it, then open http://localhost:8000/…), or inline the assignment in the page: '
  + '<rnn-lab><script type="application/json" class="rnnlab-assignment">{…}</script></rnn-lab>.';

/**
 * Resolves an assignment URL against the page: {url} when it is on the
 * page's own site (same origin; a page from disk may name a file: URL), or
 * {error} saying why not.
 */
export function resolveAssignmentUrl(value, base) {
  let url;
  try {
    url = new URL(String(value), base);
  } catch {
    return { error: `assignment: "${value}" is not a URL.` };
  }
  const page = new URL(base);
  if (page.protocol === 'file:' && url.protocol === 'file:') return { url };
  if (url.origin !== page.origin || !/^https?:$/.test(url.protocol)) {
    return { error: `assignment: ${url.href} is not on this site (${page.protocol === 'file:' ? 'a file on disk' : page.origin}): `
      + 'an assignment is loaded from the same site as the page only. Put the file beside the page and name it by its path, '
      + 'e.g. assignment=assignments/week3.json.' };
  }
  return { url };
}

/** The assignment inlined in an element (<script type="application/json" class="rnnlab-assignment">), or null. */
export function inlineAssignment(el) {
  const script = el.querySelector(INLINE_SELECTOR);
  return script ? script.textContent : null;
}

/** The name an assignment file goes by in messages: its file name. */
function sourceName(url) {
  return new URL(url).pathname.split('/').pop() || url;
}

/**
 * Reads an assignment: source {text} (inlined) or {url} (a value to
 * resolve against `base`). `check(text)` is the engine's checkAssignment
 * (the worker's). Resolves to {assignment, messages}: assignment = the
 * engine's normalized file, or null with messages (each a sentence, with
 * the file's line numbers).
 */
export async function readAssignment(source, { base, check, fetchText = defaultFetch }) {
  let text = source.text;
  let name = 'inlined';
  if (text === undefined) {
    const r = resolveAssignmentUrl(source.url, base);
    if (r.error) return { assignment: null, messages: [r.error] };
    name = sourceName(r.url.href);
    try {
      text = await fetchText(r.url.href);
    } catch (e) {
      const fromDisk = r.url.protocol === 'file:';
      return { assignment: null, messages: [`Could not load the assignment ${name}: ${fromDisk ? FILE_HINT : String(e && e.message ? e.message : e)}`] };
    }
  }
  const checked = await check(String(text));
  if (checked.assignment && !checked.errors.length) return { assignment: checked.assignment, messages: [] };
  const label = source.text !== undefined ? 'Inlined assignment' : `Assignment ${name}`;
  return {
    assignment: null,
    messages: checked.errors.map((e) => `${label}${e.line > 0 ? `, line ${e.line}` : ''}: ${String(e.message).replace(/\.$/, '')}. `
      + 'The lab runs without it: nothing is locked.'),
  };
}

async function defaultFetch(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`the server answered ${res.status} ${res.statusText || ''}`.trim() + ` for ${url}`);
  return res.text();
}

function loadAnswers(title, n) {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(STORAGE_PREFIX + title) || 'null');
    if (Array.isArray(saved)) return Array.from({ length: n }, (_, i) => (typeof saved[i] === 'string' ? saved[i] : ''));
  } catch {
    // no storage here (a sandboxed frame, a private window): the answers live while the page is open
  }
  return Array.from({ length: n }, () => '');
}

function saveAnswers(title, answers) {
  try {
    globalThis.localStorage?.setItem(STORAGE_PREFIX + title, JSON.stringify(answers));
  } catch {
    // as above
  }
}

/**
 * The panel of an assignment (data-testid="assignment-panel"): its title,
 * what it locks and the step to run to, and each prompt with an answer box
 * (answer-1 … answer-N). Put into the lab with lab.setAside(); the lab's
 * report asks `answers()`.
 */
export function createAssignmentPanel(assignment) {
  const answers = loadAnswers(assignment.title, assignment.prompts.length);
  const items = assignment.prompts.map((prompt, i) => {
    const id = `rl-answer-${Math.random().toString(36).slice(2)}-${i + 1}`;
    const box = h('textarea', { id, class: 'rl-answer', rows: '3', 'data-testid': `answer-${i + 1}`,
      placeholder: 'Your answer' });
    box.value = answers[i];
    box.addEventListener('input', () => {
      answers[i] = box.value;
      saveAnswers(assignment.title, answers);
    });
    return h('li', { class: 'rl-prompt' }, h('label', { for: id, class: 'rl-prompt-text', text: prompt }), box);
  });
  const facts = [];
  if (assignment.lock.length) facts.push(`Locked: ${assignment.lock.join(', ')}.`);
  if (assignment.steps > 0) facts.push(`Train to step ${assignment.steps} (“Run to step” is set).`);
  facts.push('Your answers stay in this browser; “Export report” below the charts saves them with your run.');
  const element = h('section', { class: 'rl-assignment', 'data-testid': 'assignment-panel', 'aria-label': 'Assignment' },
    h('p', { class: 'rl-assignment-kicker', text: 'Assignment' }),
    h('h3', { class: 'rl-assignment-title', text: assignment.title }),
    h('p', { class: 'rl-assignment-facts', text: facts.join(' ') }),
    h('ol', { class: 'rl-prompts' }, ...items));
  return {
    element,
    /** The answers, one string per prompt (as typed). */
    answers: () => [...answers],
    /** Puts the panel into a lab (lab_view.mjs setAside) with its styles. */
    mount(lab) {
      lab.setAside(element);
      adoptStyles(element, 'rnnlab-assignment', assignmentCss);
    },
    setNote(text) {
      setText(element.querySelector('.rl-assignment-facts'), text);
    },
  };
}

/**
 * Everything a lab does with a read assignment: the panel, the run-to
 * target, the view (unless `view` was given), and the report's extras.
 * The caller applies the config and the lock before the lab's first load.
 */
export function attachAssignment(lab, assignment, { keepView = false } = {}) {
  const panel = createAssignmentPanel(assignment);
  panel.mount(lab);
  // The export bar stays in the view: "Export report" is how the student hands the run in.
  if (assignment.view && !keepView) lab.setView(/\b(export|all)\b/.test(assignment.view) ? assignment.view : `${assignment.view},export`);
  if (assignment.steps > 0) lab.setRunTo(assignment.steps);
  lab.setReportExtras(() => ({ assignment, answers: panel.answers() }));
  return panel;
}

/** The page's `assignment` URL key (the hash wins over the query, as for the settings), or null. */
export function assignmentParam(loc = globalThis.location) {
  const inHash = new URLSearchParams(loc.hash.slice(1)).get('assignment');
  return inHash ?? new URLSearchParams(loc.search.slice(1)).get('assignment');
}

/**
 * index.html's assignment (`assignment=URL`): read with lab A's engine and
 * attached to it (attachAssignment), or its messages in lab A's
 * error-message (source `assignment`). The page rewrites its hash from the
 * settings, so a key given in the hash moves to the query, where it stays
 * (a reload reads the assignment again). Resolves to the normalized
 * assignment or null.
 */
export async function loadPageAssignment(lab, loc = globalThis.location, { keepView = false } = {}) {
  const value = assignmentParam(loc);
  if (value === null) return null;
  const hash = new URLSearchParams(loc.hash.slice(1));
  if (hash.has('assignment')) {
    const query = new URLSearchParams(loc.search.slice(1));
    query.set('assignment', value);
    hash.delete('assignment');
    try {
      globalThis.history.replaceState(null, '', `${loc.pathname}?${query.toString().replace(/%2F/gi, '/')}#${hash.toString()}`);
    } catch {
      // a sandboxed frame may refuse: the hash then loses the key at the next rewrite
    }
  }
  const r = await readAssignment({ url: value }, { base: loc.href, check: (text) => lab.checkAssignment(text) });
  if (!r.assignment) {
    lab.setNote('assignment', r.messages);
    return null;
  }
  attachAssignment(lab, r.assignment, { keepView });
  return r.assignment;
}
