// datasets.mjs — the labelled sequences the page ships for the task "Your
// own labelled sequences" (sequences), so that it trains offline with
// nothing opened: "same colour?" — sequences of 3 to 8 colour words, the
// label saying whether the first and the last word are the same ("same") or
// not ("differ"), half of each by construction. A classifier must carry the
// first word across the whole sequence. Generated deterministically (a
// fixed seed, corpora.mjs's PRNG), the same file on every load, as CSV: the
// text the reader could have opened themselves (docs/sequences-format.md).
// Deliberately not: reading the file (the engine's: tokens, classes, T,
// the held-out fifth) nor any check of it.
import { prng } from './corpora.mjs';

const COUNT = 400;
const WORDS = ['red', 'green', 'blue', 'grey'];

function example() {
  const rand = prng(21);
  const lines = ['sequence,label'];
  for (let i = 0; i < COUNT; i++) {
    const len = 3 + Math.floor(rand() * 6);
    const seq = Array.from({ length: len }, () => WORDS[Math.floor(rand() * WORDS.length)]);
    if (rand() < 0.5) seq[len - 1] = seq[0];
    lines.push(`${seq.join(' ')},${seq[0] === seq[len - 1] ? 'same' : 'differ'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The shipped datasets, in the order the page offers them. */
export const DATASETS = Object.freeze([
  Object.freeze({ name: 'colours', title: 'Same colour? (example)', example: 'red blue green red,same', make: example }),
]);

export const DEFAULT_DATASET = 'colours';

const cache = new Map();

/** The CSV text of a shipped dataset by name (generated once), or null. */
export function datasetText(name) {
  const d = DATASETS.find((x) => x.name === name);
  if (!d) return null;
  if (!cache.has(name)) cache.set(name, d.make());
  return cache.get(name);
}

/** The name of the shipped dataset whose text this is, or null (the reader's own). */
export function datasetOf(text) {
  if (typeof text !== 'string') return null;
  const d = DATASETS.find((x) => datasetText(x.name) === text);
  return d ? d.name : null;
}

/** A shipped dataset's entry by name, or null. */
export function datasetInfo(name) {
  return DATASETS.find((x) => x.name === name) || null;
}
