// corpora.mjs — the texts the page ships for the task "Your own text", so
// that a language model can be trained offline with nothing pasted: a tiny
// grammar ("the heron sees 3 otters."), balanced brackets and sums
// ("12+34=46"). Each is generated deterministically (its own fixed seed,
// a small PRNG written here: the same text on every load, in every
// browser), a few thousand characters long, so the URL can name it
// (`corpus=grammar`) and a link restores it.
// Deliberately not: the engine's data stream (the engine cuts the windows
// of T + 1 characters and draws them with the run's seed) nor any check of
// a text (the engine's).

const LENGTH = 4000;  // characters of each corpus, about (whole lines or sentences)

/** mulberry32: a tiny seeded PRNG, for these texts (and datasets.mjs's example) only. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** Lines (or sentences) from make(rand) joined by `sep` until the text holds about LENGTH characters. */
function collect(seed, make, sep) {
  const rand = prng(seed);
  const parts = [];
  let n = 0;
  while (n < LENGTH) {
    const s = make(rand);
    parts.push(s);
    n += s.length + sep.length;
  }
  return parts.join(sep) + sep;
}

// The tiny grammar: "the|a|an <animal> <verb> <n> <animal>s." with the
// article before a vowel "an" and the number agreeing: 1 takes the singular
// noun, 2…9 the plural.
const ANIMALS = ['heron', 'otter', 'fox', 'crane', 'seal', 'crab'];
const PLURAL = { fox: 'foxes' };
const VERBS = ['sees', 'follows', 'hears', 'meets'];
function sentence(rand) {
  const n = 1 + Math.floor(rand() * 9);
  const object = pick(rand, ANIMALS);
  const noun = n === 1 ? object : PLURAL[object] || `${object}s`;
  const subject = pick(rand, ANIMALS);
  const article = rand() < 0.5 ? 'the' : /^[aeiou]/.test(subject) ? 'an' : 'a';
  return `${article} ${subject} ${pick(rand, VERBS)} ${n} ${noun}.`;
}

// Balanced brackets of two kinds, one string a line, nested up to depth 4.
function balanced(rand, depth) {
  let s = '';
  const groups = 1 + Math.floor(rand() * (depth > 2 ? 2 : 3));
  for (let g = 0; g < groups; g++) {
    const [open, close] = rand() < 0.5 ? ['(', ')'] : ['[', ']'];
    const inner = depth < 4 && rand() < 0.6 ? balanced(rand, depth + 1) : '';
    s += open + inner + close;
  }
  return s;
}

// Sums of two numbers below 100, written out with their result.
function sum(rand) {
  const a = Math.floor(rand() * 100);
  const b = Math.floor(rand() * 100);
  return `${a}+${b}=${a + b}`;
}

/** The shipped corpora, in the order the page offers them. */
export const CORPORA = Object.freeze([
  Object.freeze({ name: 'grammar', title: 'Tiny grammar', example: 'the heron sees 3 otters.', make: () => collect(11, sentence, ' ') }),
  Object.freeze({ name: 'brackets', title: 'Balanced brackets', example: '([()])[]', make: () => collect(12, (r) => balanced(r, 1), '\n') }),
  Object.freeze({ name: 'arithmetic', title: 'Arithmetic', example: '12+34=46', make: () => collect(13, sum, '\n') }),
]);

export const DEFAULT_CORPUS = 'grammar';

const cache = new Map();

/** The text of a shipped corpus by name (generated once), or null for an unknown name. */
export function corpusText(name) {
  const c = CORPORA.find((x) => x.name === name);
  if (!c) return null;
  if (!cache.has(name)) cache.set(name, c.make());
  return cache.get(name);
}

/** A shipped corpus's entry by name, or null. */
export function corpusInfo(name) {
  return CORPORA.find((x) => x.name === name) || null;
}
