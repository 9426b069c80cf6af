// text_model.test.mjs — the task "Your own text" on the page (docs/page.md,
// "Your own text"): a shipped corpus trains a character-level language
// model whose per-character loss falls and whose samples (the worker's
// `sample`, the engine's sample()) use only the text's characters; a pasted
// text trains too and stays out of the URL (the note says so); bad files
// (not UTF-8, too short for T, too many distinct characters, empty) give a
// message and change nothing; export then import keeps the vocab, restores
// the task from another task, and a model imported without its text still
// writes; the layout at 375 px and 1400 px (screenshots in build/screenshots).
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
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-text-'));
});
after(async () => {
  if (browser) await browser.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const distinct = (text) => new Set(Array.from(text));

/** The hash as a map. */
function hashKeys(page) {
  return Object.fromEntries(new URLSearchParams(new URL(page.url()).hash.slice(1)));
}

/** Waits for a sample of the model at step >= `step` (data-state done) and returns {text, step}. */
/** The step counter once it has kept its value for three reads 300 ms apart (after a pause). */
async function settledStep(page) {
  let last = await hookNumber(page, 'step-counter');
  let same = 0;
  return until(async () => {
    const now = await hookNumber(page, 'step-counter');
    same = now === last ? same + 1 : 0;
    last = now;
    return same >= 3 ? now : null;
  }, { intervalMs: 300, what: 'the step counter to settle after the pause' });
}

async function sampleAt(page, step = 0) {
  // One read of the element: the text and the attributes of the same reply (separate reads
  // could pair one sample's text with the next one's temperature).
  return until(async () => {
    const s = await page.getByTestId('text-sample').evaluate((out) => ({
      state: out.getAttribute('data-state'),
      step: Number(out.getAttribute('data-step')),
      prime: out.getAttribute('data-prime'),
      temperature: out.getAttribute('data-temperature'),
      text: out.querySelector('[data-testid="text-sample-generated"]').textContent,
    }));
    if (s.state !== 'done' || !(s.step >= step)) return null;
    return { text: s.text, step: s.step, prime: s.prime, temperature: s.temperature };
  }, { timeoutMs: 30000, what: `a sample at step >= ${step}` });
}

/** Everything a bad input must leave alone. */
async function snapshot(page) {
  return {
    step: await hookNumber(page, 'step-counter'),
    hash: new URL(page.url()).hash,
    text: await page.getByTestId('text-input').inputValue(),
    corpus: await page.getByTestId('corpus-select').inputValue(),
    T: await page.getByTestId('setting-T').inputValue(),
    chars: await page.getByTestId('text-info').getAttribute('data-chars'),
  };
}

test('a shipped corpus: train, the loss per character falls, the samples use only its characters', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=text&corpus=grammar&hidden=48`);
  const corpus = await page.getByTestId('text-input').inputValue();
  assert.match(corpus, /^(the|an?) [a-z]+ [a-z]+ \d [a-z]+\. /, 'the grammar is in the text box');
  assert.equal(await page.getByTestId('corpus-select').inputValue(), 'grammar');
  assert.equal(await page.getByTestId('setting-task').inputValue(), 'text');
  const vocab = distinct(corpus);
  assert.equal(await hookNumber(page, 'text-info', 'data-vocab-size'), vocab.size, 'the engine counts the same characters');
  assert.equal(await hookNumber(page, 'text-info', 'data-chars'), Array.from(corpus).length);
  const keys = hashKeys(page);
  assert.equal(keys.task, 'text');
  assert.equal(keys.corpus, 'grammar');
  assert.equal(keys.text, undefined, 'the text itself is not in the URL');
  for (const id of ['text-url-note', 'text-privacy', 'grad-per-step-note']) assert.ok(await page.getByTestId(id).isVisible(), `${id} is shown`);
  assert.match(await page.getByTestId('text-url-note').textContent(), /cannot hold a long text/);
  assert.match(await page.getByTestId('text-privacy').textContent(), /stays in this page/);
  assert.match(await page.getByTestId('grad-per-step-note').textContent(), /L = Σ_t L\(t\).*does not vanish toward t = 1/);

  // The untrained model writes first (step 0).
  const first = await sampleAt(page, 0);
  assert.equal(first.step, 0);
  assert.equal(Array.from(first.text).length, 240);

  await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 1, { what: 'step 1' });
  const loss1 = await hookNumber(page, 'loss-value');
  await page.getByTestId('speed').selectOption('0');
  await page.getByTestId('train-toggle').click();
  // While training the sample refreshes (at most once a second) with the model's step.
  const live = await sampleAt(page, 20);
  assert.ok(live.step >= 20);
  await until(async () => (await hookNumber(page, 'step-counter')) >= 400, { timeoutMs: 90000, what: '400 steps' });
  await page.getByTestId('train-toggle').click();
  const steps = await hookNumber(page, 'step-counter');
  const loss = await hookNumber(page, 'loss-value');
  const entropy = await hookNumber(page, 'text-loss', 'data-entropy');
  assert.ok(loss < loss1, `the loss per character fell: ${loss1} at step 1, ${loss} at step ${steps}`);
  assert.ok(loss < entropy, `below the unigram entropy ${entropy} (the model uses the past)`);
  const trained = await sampleAt(page, steps);
  for (const ch of trained.text) assert.ok(vocab.has(ch), `sampled character ${JSON.stringify(ch)} is one of the text's`);
  assert.notEqual(trained.text, first.text, 'the same draws, another model: another text');
  // The held-out windows in "Sample sequences" read as text: the engine's vocab, token by token.
  const windows = await until(async () => {
    const rows = await page.getByTestId('samples').locator('li').evaluateAll((els) => els.map((el) => ({
      ids: el.dataset.tokens.split(' ').map(Number),
      chars: [...el.querySelectorAll('.rl-token')].map((t) => t.textContent),
    })));
    return rows.length ? rows : null;
  }, { what: 'the sample sequences' });
  const sorted = [...vocab].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
  for (const w of windows) {
    assert.equal(w.ids.length, 32);
    assert.deepEqual(w.chars, w.ids.map((id) => (sorted[id] === ' ' ? '␣' : sorted[id])));
  }

  // A prime and a temperature: temperature 0 writes the most likely text, the same twice.
  await page.getByTestId('sample-prime').fill('the heron ');
  await page.getByTestId('sample-temperature').fill('0');
  const greedy = await until(async () => {
    const s = await sampleAt(page, steps);
    return s.prime === 'the heron ' && s.temperature === '0' ? s : null;
  }, { what: 'the primed sample at temperature 0' });
  await page.getByTestId('sample-new').click();
  await until(async () => (await page.getByTestId('text-sample').getAttribute('data-seed')) === '2', { what: 'the next seed' });
  assert.equal((await sampleAt(page, steps)).text, greedy.text, 'temperature 0 does not depend on the seed');
  // A prime character outside the vocab: the engine's message, the sample stays.
  await page.getByTestId('sample-prime').fill('Q');
  await until(async () => (await page.getByTestId('text-sample').getAttribute('data-state')) === 'error', { what: 'the refused prime' });
  assert.match(await page.getByTestId('sample-error').textContent(), /the prime's character 0 \('Q'\) is not in the model's vocabulary of \d+ characters/);
  assert.equal(await page.getByTestId('text-sample-generated').textContent(), greedy.text);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a pasted text trains; the URL keeps the settings but not the text, and says so', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=text&corpus=arithmetic&T=16`);
  const own = 'abba baab abab '.repeat(20);
  await page.getByTestId('text-input').fill(own);
  await until(async () => (await hookNumber(page, 'text-info', 'data-vocab-size')) === 3, { what: 'the pasted text in force' });
  assert.equal(await page.getByTestId('corpus-select').inputValue(), 'own');
  const keys = hashKeys(page);
  assert.equal(keys.task, 'text');
  assert.equal(keys.T, '16', 'the other settings stay in the URL');
  assert.equal(keys.corpus, undefined, 'a pasted text has no name in the URL');
  assert.ok(await page.getByTestId('text-url-note').isVisible());
  assert.match(await page.getByTestId('text-source').textContent(), /your own text: 300 characters, 3 distinct/);
  const first = await sampleAt(page, 0);
  await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 1, { what: 'step 1' });
  const loss1 = await hookNumber(page, 'loss-value');
  await page.getByTestId('train-toggle').click();
  await until(async () => (await hookNumber(page, 'step-counter')) >= 60, { timeoutMs: 60000, what: '60 steps' });
  await page.getByTestId('train-toggle').click();
  assert.ok((await hookNumber(page, 'loss-value')) < loss1, 'the loss per character fell');
  const s = await sampleAt(page, await hookNumber(page, 'step-counter'));
  assert.notEqual(s.text, first.text, 'the sample changed with the model');
  for (const ch of s.text) assert.ok('ab '.includes(ch), `sampled ${JSON.stringify(ch)}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the guided experiment "A language model" opens the text task on the shipped grammar', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  assert.equal(await page.getByTestId('text-sample').count(), 0, 'no text panel for the default task');
  assert.equal(await page.getByTestId('grad-per-step-note').isVisible(), false, 'no per-step caption for the default task');
  await page.getByTestId('preset-language-model').click();
  await until(async () => hashKeys(page).task === 'text' && hashKeys(page).hidden === '64', { what: 'the preset loaded' });
  assert.equal(hashKeys(page).corpus, 'grammar');
  assert.equal(await page.getByTestId('corpus-select').inputValue(), 'grammar');
  assert.match(await page.getByTestId('preset-embed').textContent(), /<rnn-lab cell="lstm" task="text" hidden="64" seed="1" corpus="grammar"/);
  await sampleAt(page, 0);
  assert.ok(await page.getByTestId('grad-per-step-note').isVisible());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the per-step caption is shown only for losses at several steps: the text task, and tasks the engine marks perStep', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=copy`);
  const note = page.getByTestId('grad-per-step-note');
  assert.ok(await note.isVisible());
  assert.match(await note.textContent(), /loss at several steps/);
  assert.doesNotMatch(await note.textContent(), /does not vanish/);
  await page.evaluate(() => { location.hash = 'task=parity'; });
  await until(async () => hashKeys(page).task === 'parity' && !(await note.isVisible()), { what: 'no caption for parity' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('URL keys of the text task: a T too long for the text and an unknown corpus fall back with a message', async () => {
  let page = await openPage(browser.context, `${browser.baseUrl}#task=text&corpus=brackets&T=5000`);
  const error = page.getByTestId('error-message');
  await until(async () => /URL T=5000: the text has 4\u2009?002 characters; T = 5000 needs at least 5001/.test((await error.textContent()) || ''),
    { what: 'the message for T=5000' });
  assert.equal(await page.getByTestId('setting-T').inputValue(), '32', 'the text task\'s default T');
  await until(async () => hashKeys(page).T === '32', { what: 'the URL rewritten' });
  assert.equal(hashKeys(page).corpus, 'brackets', `the corpus stays (${page.url()})`);
  // The same T typed in the settings: the engine's message, the T field marked, the run kept.
  await page.getByTestId('setting-T').fill('5000');
  await until(async () => /the text has 4\u2009?002 characters; T = 5000 needs at least 5001.*Nothing was changed/.test((await error.textContent()) || ''),
    { what: 'the message for T = 5000 in the settings' });
  await until(async () => (await page.getByTestId('setting-T').getAttribute('aria-invalid')) === 'true', { what: 'T marked' });
  assert.equal(await page.getByTestId('text-input').getAttribute('aria-invalid'), null, 'the text is not to blame');
  assert.equal(hashKeys(page).T, '32');
  await page.getByTestId('setting-T').fill('32');
  await until(async () => (await page.getByTestId('setting-T').getAttribute('aria-invalid')) === null, { what: 'T back' });
  // An edited hash without a (valid) corpus keeps the text in force …
  await page.evaluate(() => { location.hash = 'task=text&seed=2'; });
  await until(async () => hashKeys(page).seed === '2' && hashKeys(page).T === '32', { what: 'the edited hash applied' });
  assert.equal(hashKeys(page).corpus, 'brackets', `the text stays (${page.url()})`);
  await page.close();
  // … and a fresh page takes the default corpus.
  page = await openPage(browser.context, `${browser.baseUrl}#task=text&corpus=mine`);
  const error2 = page.getByTestId('error-message');
  await until(async () => /URL corpus: corpus must be one of the shipped texts grammar, brackets, arithmetic \(got "mine"\); using the default instead\./
    .test((await error2.textContent()) || ''), { what: 'the message for corpus=mine' });
  await until(async () => hashKeys(page).corpus === 'grammar', { what: 'the default corpus' });
  assert.equal(await page.getByTestId('corpus-select').inputValue(), 'grammar');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('bad files: a message, and nothing lost (settings, text, model and step count stay)', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=text&corpus=brackets`);
  await page.getByTestId('step-button').click();
  await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 2, { what: 'step 2' });
  const before = await snapshot(page);
  const error = page.getByTestId('error-message');
  const many = Array.from({ length: 1100 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
  const cases = [
    ['latin1.txt', Buffer.from([0x61, 0x62, 0xe9, 0x74, 0xe9, 0x0a]), /latin1\.txt is not UTF-8 text: the character at byte 2 \(counting from 0\) cannot be read as UTF-8/],
    ['short.txt', Buffer.from('abcde', 'utf8'), /short\.txt was not used: the text has 5 characters; T = 32 needs at least 33/],
    ['empty.txt', Buffer.alloc(0), /empty\.txt was not used: the text is empty/],
    ['han.txt', Buffer.from(many + many, 'utf8'), /han\.txt was not used: the text has 1100 distinct characters, more than the limit of 1024/],
  ];
  for (const [name, buffer, message] of cases) {
    await page.getByTestId('text-file').setInputFiles({ name, mimeType: 'text/plain', buffer });
    await until(async () => message.test((await error.textContent()) || ''), { what: `the message for ${name}` });
    assert.ok(await error.isVisible());
    assert.match(await error.textContent(), /Nothing was changed/);
    assert.deepEqual(await snapshot(page), before, `${name} changed nothing`);
  }
  // The model is still there: it steps on from step 2 and still writes.
  await page.getByTestId('step-button').click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 3, { what: 'step 3' });
  const s = await sampleAt(page, 3);
  for (const ch of s.text) assert.ok('()[]\n'.includes(ch));
  // A good file then replaces the text (and is not in the URL).
  await page.getByTestId('text-file').setInputFiles({ name: 'good.txt', mimeType: 'text/plain', buffer: Buffer.from('hello world. '.repeat(10), 'utf8') });
  await until(async () => (await page.getByTestId('text-input').inputValue()).startsWith('hello world.'), { what: 'the good file in the box' });
  assert.equal(await page.getByTestId('corpus-select').inputValue(), 'own');
  assert.equal(await hookNumber(page, 'text-info', 'data-chars'), 130);
  assert.equal(await error.isVisible(), false, 'the accepted file clears the messages');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('export and import keep the vocab; a text model restores the task and writes without its text', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=text&corpus=arithmetic&hidden=24&cell=gru`);
  const corpus = await page.getByTestId('text-input').inputValue();
  await page.getByTestId('speed').selectOption('0');
  await page.getByTestId('train-toggle').click();
  await until(async () => (await hookNumber(page, 'step-counter')) >= 150, { timeoutMs: 60000, what: '150 steps' });
  await page.getByTestId('train-toggle').click();
  // The worker's last chunk may still arrive after the click: the model's final step is
  // the one the counter keeps (else the greedy sample below could be an earlier model's).
  const steps = await settledStep(page);
  await page.getByTestId('sample-temperature').fill('0');
  const before = await until(async () => {
    const s = await sampleAt(page, steps);
    return s.temperature === '0' ? s : null;
  }, { what: 'a greedy sample' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('state-download').click()]);
  const file = join(dir, 'lm.json');
  await download.saveAs(file);
  const state = JSON.parse(await readFile(file, 'utf8'));
  const vocab = [...distinct(corpus)].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
  assert.deepEqual(state.vocab, vocab, 'the state carries the vocab: the text\'s characters in code-point order');
  assert.equal(state.vocab_size, vocab.length);

  // Into the run it came from: loaded as it is (the same text, cell and sizes), the step count goes on.
  const stepsNow = await hookNumber(page, 'step-counter');
  await page.getByTestId('state-upload').setInputFiles(file);
  await until(async () => (await page.getByTestId('import-status').getAttribute('data-state')) === 'done', { what: 'the import into its own run' });
  assert.doesNotMatch(await page.getByTestId('import-status').textContent(), /text model|not in the file/);
  assert.equal(await hookNumber(page, 'step-counter'), stepsNow);

  // Another page on another task: the file brings back the task, its cell and sizes and the shipped text.
  const other = await openPage(browser.context, `${browser.baseUrl}#task=parity&cell=lstm`);
  await other.getByTestId('state-upload').setInputFiles(file);
  await until(async () => (await other.getByTestId('import-status').getAttribute('data-state')) === 'done', { what: 'the import' });
  assert.match(await other.getByTestId('import-status').textContent(), /shipped text “Arithmetic”/);
  await until(async () => hashKeys(other).task === 'text', { what: 'the task text in the URL' });
  const keys = hashKeys(other);
  assert.equal(keys.corpus, 'arithmetic');
  assert.equal(keys.cell, 'gru');
  assert.equal(keys.hidden, '24');
  assert.equal(await other.getByTestId('text-input').inputValue(), corpus);
  await other.getByTestId('sample-temperature').fill('0');
  const after = await until(async () => {
    const s = await sampleAt(other, 0);
    return s.temperature === '0' ? s : null;
  }, { what: 'the imported model\'s greedy sample' });
  assert.equal(after.text, before.text, 'the imported model writes what the exported one wrote');

  // A text model whose text the page does not have: its vocab becomes the text, and it still writes.
  const foreign = { ...state, vocab: state.vocab.map((c) => (c === '=' ? '~' : c)).sort((a, b) => a.codePointAt(0) - b.codePointAt(0)) };
  const foreignFile = join(dir, 'foreign.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(foreignFile, JSON.stringify(foreign)));
  await other.getByTestId('state-upload').setInputFiles(foreignFile);
  await until(async () => /Loaded foreign\.json/.test(await other.getByTestId('import-status').textContent()), { what: 'the foreign import' });
  assert.match(await other.getByTestId('import-status').textContent(), /Its text is not in the file/);
  assert.equal(await other.getByTestId('corpus-select').inputValue(), 'own');
  const s = await until(async () => {
    const x = await sampleAt(other, 0);
    return x.text.includes('~') || x.text.length === 240 ? x : null;
  }, { what: 'a sample of the foreign model' });
  for (const ch of s.text) assert.ok(foreign.vocab.includes(ch), `sampled ${JSON.stringify(ch)} is in its vocab`);
  assert.equal(await other.getByTestId('error-message').isVisible(), false);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
  await page.close();
  await other.close();
});

for (const [width, height] of [[375, 812], [1400, 1000]]) {
  test(`layout at ${width} px: nothing overflows, the sample and its notes are shown`, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${browser.baseUrl}#task=text&corpus=grammar`);
    await waitForConfigured(page);
    await page.getByTestId('speed').selectOption('0');
    await page.getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(page, 'step-counter')) >= 200, { timeoutMs: 60000, what: '200 steps' });
    await page.getByTestId('train-toggle').click();
    await sampleAt(page, await hookNumber(page, 'step-counter'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    for (const id of ['text-sample', 'text-url-note', 'grad-per-step-note']) assert.ok(await page.getByTestId(id).isVisible(), id);
    // The sample's box lies inside its panel, and the panel inside the page.
    const box = await page.getByTestId('text-sample').evaluate((el) => {
      const p = el.closest('.rl-panel').getBoundingClientRect();
      const b = el.getBoundingClientRect();
      return { inside: b.left >= p.left - 1 && b.right <= p.right + 1, right: p.right };
    });
    assert.ok(box.inside && box.right <= width, 'the sample fits its panel');
    // The text's controls in the settings (opened on a phone, where they start collapsed).
    const block = page.locator('.rl-text-source');
    if (!(await block.isVisible())) await page.locator('.rl-settings > summary').click();
    const fits = await block.evaluate((el) => [...el.querySelectorAll('*')].every((c) => c.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1));
    assert.ok(fits, 'the text controls fit the settings');
    await block.screenshot({ path: join(SCREENSHOTS, `text-${width}-settings.png`) });
    await page.getByTestId('text-sample').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, `text-${width}.png`), fullPage: false });
    await page.screenshot({ path: join(SCREENSHOTS, `text-${width}-full.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
