// sequences.test.mjs — the task "Your own labelled sequences" on the page
// (docs/page.md, "Your own labelled sequences"): the shipped example trains
// with nothing opened and stays out of the URL (the note says so); a CSV
// opened with the file button shows the engine's counts and classes,
// trains above its chance level, and its samples show tokens and labels as
// their text; pasted JSON trains too; a bad file (a missing field on line 3)
// gives the engine's message with the file's name and line, and nothing is
// lost; export then import keeps the vocab and classes; the layout at 375
// and 1400 px (screenshots in build/screenshots).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREENSHOTS, hookNumber, launch, openPage, until, waitForConfigured } from './browser_helpers.mjs';

let browser;
let dir;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-seq-'));
});
after(async () => {
  if (browser) await browser.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const hashKeys = (page) => Object.fromEntries(new URLSearchParams(new URL(page.url()).hash.slice(1)));

// 200 sequences of 2 to 5 words over {up, down, left}; the label is the
// first word in capitals (UP, DOWN, LEFT): the network must remember it.
function firstWordCsv() {
  let s = 7;
  const next = (k) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 8) % k;
  };
  const words = ['up', 'down', 'left'];
  const lines = ['sequence,label'];
  for (let i = 0; i < 200; i++) {
    const seq = Array.from({ length: 2 + next(4) }, () => words[next(3)]);
    lines.push(`${seq.join(' ')},${seq[0].toUpperCase()}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The sample sequences once they are of step >= `step`: [{tokens (text), target, prediction}]. */
async function samplesShown(page) {
  return until(async () => {
    const items = await page.getByTestId('samples').locator('li').evaluateAll((els) => els.map((el) => ({
      tokens: [...el.querySelectorAll('.rl-token')].map((t) => t.textContent),
      target: el.dataset.targetLabel, prediction: el.dataset.predictionLabel,
    })));
    return items.length ? items : null;
  }, { what: 'samples' });
}

/** Everything a bad file must leave alone. */
async function snapshot(page) {
  return {
    step: await hookNumber(page, 'step-counter'),
    hash: new URL(page.url()).hash,
    box: await page.getByTestId('sequences-input').inputValue(),
    source: await page.getByTestId('sequences-select').inputValue(),
    T: await page.getByTestId('setting-T').inputValue(),
    hidden: await page.getByTestId('setting-hidden').inputValue(),
    count: await page.getByTestId('sequences-info').getAttribute('data-sequence-count'),
    classes: await page.getByTestId('sequences-info').getAttribute('data-classes'),
  };
}

test('the shipped example trains with nothing opened, and stays out of the URL', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=sequences`);
  assert.equal(await page.getByTestId('setting-task').inputValue(), 'sequences');
  assert.equal(await page.getByTestId('sequences-select').inputValue(), 'colours');
  assert.match(await page.getByTestId('sequences-input').inputValue(), /^sequence,label\n(red|green|blue|grey)( (red|green|blue|grey))+,(same|differ)\n/);
  const info = page.getByTestId('sequences-info');
  assert.equal(await info.getAttribute('data-sequence-count'), '400');
  // Every fifth sequence of each label is held out: counted here from the box's labels.
  const boxLines = (await page.getByTestId('sequences-input').inputValue()).trim().split('\n').slice(1);
  const same = boxLines.filter((l) => l.endsWith(',same')).length;
  const heldOut = Math.floor(same / 5) + Math.floor((boxLines.length - same) / 5);
  assert.equal(await info.getAttribute('data-held-out-count'), String(heldOut));
  assert.deepEqual(JSON.parse(await info.getAttribute('data-classes')), ['differ', 'same']);
  assert.match(await info.textContent(), new RegExp(`400 sequences, ${heldOut} held out `));
  assert.match(await info.textContent(), /the longest has 8 tokens \(T = 8.*4 distinct tokens .*2 classes: “differ”, “same”/);
  assert.equal(await page.getByTestId('setting-T').inputValue(), '8');
  const keys = hashKeys(page);
  assert.equal(keys.task, 'sequences');
  assert.equal(keys.sequences, undefined, 'the data is not in the URL');
  for (const id of ['sequences-url-note', 'sequences-privacy']) assert.ok(await page.getByTestId(id).isVisible(), id);
  assert.match(await page.getByTestId('sequences-url-note').textContent(), /cannot hold your sequences/);
  assert.match(await page.getByTestId('setting-task').locator('option:checked').textContent(), /Your own labelled sequences/);
  const samples = await samplesShown(page);
  for (const s of samples) {
    assert.ok(['same', 'differ'].includes(s.target) && ['same', 'differ'].includes(s.prediction), JSON.stringify(s));
    for (const t of s.tokens) assert.ok(['red', 'green', 'blue', 'grey', '·'].includes(t), `token ${t}`);
  }
  await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 1, { what: 'a step' });
  assert.ok(Number.isFinite(await hookNumber(page, 'loss-value')));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a CSV opened: the engine\'s counts and classes, it trains above chance; pasted JSON trains too', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=sequences&hidden=24`);
  const csv = firstWordCsv();
  await page.getByTestId('sequences-file').setInputFiles({ name: 'first.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const info = page.getByTestId('sequences-info');
  await until(async () => (await info.getAttribute('data-sequence-count')) === '200', { what: 'the file in force' });
  // Every fifth sequence of each label is held out: counted here from the file's labels.
  const perLabel = {};
  for (const line of csv.trim().split('\n').slice(1)) perLabel[line.split(',')[1]] = (perLabel[line.split(',')[1]] || 0) + 1;
  const heldOut = Object.values(perLabel).reduce((sum, n) => sum + Math.floor(n / 5), 0);
  assert.equal(await info.getAttribute('data-held-out-count'), String(heldOut));
  assert.equal(await info.getAttribute('data-longest'), '5');
  assert.equal(await info.getAttribute('data-vocab-size'), '4', 'three words and the padding token');
  assert.deepEqual(JSON.parse(await info.getAttribute('data-classes')), ['DOWN', 'LEFT', 'UP']);
  assert.equal(await page.getByTestId('setting-T').inputValue(), '5', 'T is the longest sequence');
  assert.equal(await page.getByTestId('sequences-select').inputValue(), 'own');
  assert.equal(await page.getByTestId('sequences-input').inputValue(), csv);
  assert.equal(hashKeys(page).sequences, undefined);
  const chance = await hookNumber(page.locator('.rl-panel', { has: page.getByTestId('solved-status') }), 'solved-status', 'data-solved');
  assert.ok(Number.isNaN(chance), 'the reader\'s data has no "solved" threshold');
  await page.getByTestId('speed').selectOption('0');
  await page.getByTestId('train-toggle').click();
  await until(async () => (await hookNumber(page, 'accuracy-value')) >= 0.9, { timeoutMs: 60000, what: 'batch accuracy 90%' });
  await page.getByTestId('train-toggle').click();
  const chanceLevel = Number(await page.locator('.rl-summary[data-chance]').first().getAttribute('data-chance'));
  assert.ok(chanceLevel > 0.2 && chanceLevel < 0.5, `chance ${chanceLevel}`);
  assert.ok((await hookNumber(page, 'accuracy-value')) > chanceLevel + 0.3, 'well above chance');
  const samples = await samplesShown(page);
  for (const s of samples) {
    assert.ok(['UP', 'DOWN', 'LEFT'].includes(s.target), JSON.stringify(s));
    const first = s.tokens.find((t) => t !== '·');
    assert.equal(s.target, first.toUpperCase(), 'the label is the first word, shown as text');
  }

  // Pasted JSON: the box, debounced, becomes the data.
  const json = JSON.stringify([{ sequence: 'a b', label: 'x' }, { sequence: ['b', 'a', 'a'], label: 'y' }, { sequence: 'a a', label: 'x' }]);
  await page.getByTestId('sequences-input').fill(json);
  await until(async () => (await info.getAttribute('data-sequence-count')) === '3', { what: 'the pasted JSON in force' });
  assert.equal(await info.getAttribute('data-held-out-count'), '0');
  assert.match(await info.textContent(), /fewer than 10, so none held out/);
  assert.equal(await page.getByTestId('setting-T').inputValue(), '3');
  assert.equal(await hookNumber(page, 'step-counter'), 0, 'a new run');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a bad file: the engine\'s message names the file, line and field; nothing is lost', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=sequences&hidden=20&seed=3`);
  await page.getByTestId('step-button').click();
  await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 2, { what: 'step 2' });
  const before = await snapshot(page);
  const error = page.getByTestId('error-message');
  const cases = [
    ['missing.csv', 'sequence,label\nred blue,same\ngreen\nblue blue,same\n',
      /missing\.csv was not used: line 3: 1 field, expected 2: sequence,label \(quote a field that holds a comma\)\. Nothing was changed: the lab keeps its previous settings, its data and its model\./],
    ['empty-label.csv', 'a b,x\nb a,y\na a,\n', /empty-label\.csv was not used: line 3, field label: empty/],
    ['items.json', '[\n {"sequence": "a b", "label": "x"},\n {"sequence": "b a"}\n]', /items\.json was not used: line 3 \(item 2\), field label: missing/],
    ['one.csv', 'a,x\nb,x\n', /one\.csv was not used: every sequence has the label 'x': a classifier needs at least 2 classes/],
    ['latin1.csv', Buffer.from([0x61, 0x2c, 0xe9, 0x0a]), /latin1\.csv is not UTF-8 text: the character at byte 2/],
  ];
  for (const [name, content, message] of cases) {
    await page.getByTestId('sequences-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
    await until(async () => message.test((await error.textContent()) || ''), { what: `the message for ${name}` });
    assert.ok(await error.isVisible());
    assert.deepEqual(await snapshot(page), before, `${name} changed nothing`);
  }
  // The model is still there: it steps on from step 2.
  await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 3, { what: 'step 3' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('export and import keep the vocab and the classes', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=sequences&hidden=16`);
  await page.getByTestId('sequences-file').setInputFiles({ name: 'first.csv', mimeType: 'text/csv', buffer: Buffer.from(firstWordCsv(), 'utf8') });
  await until(async () => (await page.getByTestId('sequences-info').getAttribute('data-sequence-count')) === '200', { what: 'the file' });
  for (let k = 0; k < 3; k++) await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 3, { what: 'step 3' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('state-download').click()]);
  const file = join(dir, 'seq.json');
  await download.saveAs(file);
  const state = JSON.parse(await readFile(file, 'utf8'));
  assert.deepEqual(state.classes, ['DOWN', 'LEFT', 'UP']);
  assert.deepEqual(state.vocab, ['', 'down', 'left', 'up']);
  await page.getByTestId('state-upload').setInputFiles(file);
  await until(async () => (await page.getByTestId('import-status').getAttribute('data-state')) === 'done', { what: 'the import' });
  assert.equal(await hookNumber(page, 'step-counter'), 3);
  assert.deepEqual(JSON.parse(await page.getByTestId('sequences-info').getAttribute('data-classes')), ['DOWN', 'LEFT', 'UP']);
  const samples = await samplesShown(page);
  for (const s of samples) assert.ok(['UP', 'DOWN', 'LEFT'].includes(s.prediction));
  // Exported again: the same vocab and classes.
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('state-download').click()]);
  const file2 = join(dir, 'seq2.json');
  await again.saveAs(file2);
  const state2 = JSON.parse(await readFile(file2, 'utf8'));
  assert.deepEqual(state2.classes, state.classes);
  assert.deepEqual(state2.vocab, state.vocab);
  assert.equal(await page.getByTestId('error-message').isVisible(), false);
  // Into a run of other data: the engine refuses it, and the message says what the file needs.
  const other = await openPage(browser.context, `${browser.baseUrl}#task=sequences&hidden=16`);
  await other.getByTestId('state-upload').setInputFiles(file);
  await until(async () => (await other.getByTestId('import-status').getAttribute('data-state')) === 'error', { what: 'the refusal' });
  assert.match(await other.getByTestId('error-message').textContent(),
    /Could not load seq\.json: .*Nothing was changed: the lab keeps its settings and weights\. It is a classifier of labelled sequences \(classes “DOWN”, “LEFT”, “UP”\), and the sequences in force are not the ones it learnt from/);
  assert.equal(await other.getByTestId('sequences-select').inputValue(), 'colours');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
  await page.close();
  await other.close();
});

for (const [width, height] of [[375, 812], [1400, 1000]]) {
  test(`layout at ${width} px: the sequences block and the samples fit`, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${browser.baseUrl}#task=sequences`);
    await waitForConfigured(page);
    await samplesShown(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    const block = page.locator('.rl-sequences-source');
    if (!(await block.isVisible())) await page.locator('.rl-settings > summary').click();
    const fits = await block.evaluate((el) => [...el.querySelectorAll('*')].every((c) => c.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1));
    assert.ok(fits, 'the sequences controls fit the settings');
    await block.screenshot({ path: join(SCREENSHOTS, `sequences-${width}-settings.png`) });
    await page.getByTestId('samples').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, `sequences-${width}.png`), fullPage: false });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
