// lock.test.mjs — locked settings (contracts.md §5 `lock`, docs/page.md
// "Locked settings") and `view` on index.html: every settings control has
// its setting-KEY hook; a locked key's control is disabled and its value
// stays whatever the reader tries — a control forced from script, a hash
// edit, a guided experiment, compare mode's lab B; the URL keeps `lock=`;
// an unknown key in `lock` is explained and the rest still locks. The same
// on embed.html and on the <rnn-lab lock> element (its configure() too).
// Importing a state that contradicts a lock is refused with a message that
// names the key, the locked value and the state's, and the lock, the
// settings and the weights stay. Saves build/screenshots/lock-1400.png and
// lock-375.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SCREENSHOTS, analyticCount, hookNumber, launch, openPage, openRaw, serveSite, until, waitForCounts,
} from './browser_helpers.mjs';

const URL_KEYS = ['cell', 'task', 'T', 'hidden', 'embed', 'layers', 'batch', 'lr', 'optimizer', 'clip', 'seed', 'init', 'gain', 'corpus'];

let browser;
let site;
let dir;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-lock-'));
  site = await serveSite({
    'element.html': `<!doctype html><html><head><meta charset="utf-8"><title>locked element</title>
<link rel="icon" href="data:,"><script src="rnnlab-embed.js"></script></head>
<body><rnn-lab id="w" cell="rnn" task="binary_palindrome" T="5" hidden="8" lock="T, cell, nope" view="settings,controls,grad"></rnn-lab></body></html>`,
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function errorText(root) {
  const el = root.getByTestId('error-message').first();
  return (await el.isVisible()) ? (await el.textContent()).trim() : '';
}

/** Forces a change on a control from script, as a reader with the developer tools could: enabled, set, events. */
async function forceControl(root, key, value) {
  await root.getByTestId(`setting-${key}`).first().evaluate((el, v) => {
    if (el.tagName === 'FIELDSET') {
      el.disabled = false;
      const radio = el.querySelector(`input[value="${v}"]`);
      radio.click();  // checks it and fires input and change
      return;
    }
    el.disabled = false;
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** The cell's radio group is disabled, and so is every radio in it (Playwright's isDisabled does not apply to a fieldset). */
async function cellDisabled(root) {
  const group = root.getByTestId('setting-cell').first();
  if (!(await group.evaluate((el) => el.disabled))) return false;
  const radios = group.locator('input[type="radio"]');
  const n = await radios.count();
  for (let i = 0; i < n; i++) if (!(await radios.nth(i).isDisabled())) return false;
  return n > 0;
}

async function downloadState(page, scope = page) {
  const [download] = await Promise.all([page.waitForEvent('download'), scope.getByTestId('state-download').first().click()]);
  return readFile(await download.path(), 'utf8');
}

async function gradPointsAfterStep(root) {
  const before = await hookNumber(root, 'step-counter');
  await root.getByTestId('step-button').first().click();
  await until(async () => (await hookNumber(root, 'step-counter')) === before + 1, { what: 'one step' });
  return hookNumber(root, 'grad-flow-chart', 'data-points');
}

describe('index.html', () => {
  test('lock disables its controls, survives every route and the URL rewrite; view applies', async () => {
    const page = await openRaw(browser.context,
      `${browser.baseUrl}#cell=rnn&task=binary_palindrome&T=8&hidden=12&lock=cell,T,hidden,bogus&view=settings,controls,grad,loss`);
    const RNN_12 = analyticCount('rnn', 3, 12, 2);
    await waitForCounts(page, 1);
    assert.equal(await hookNumber(page, 'param-count'), RNN_12);
    // Every URL key has its control with its hook (corpus: the text block, shown with the task text).
    for (const k of URL_KEYS) assert.equal(await page.getByTestId(`setting-${k}`).count(), 1, `setting-${k}`);
    assert.ok(await page.getByTestId('setting-T').isDisabled(), 'T is disabled');
    assert.ok(await page.getByTestId('setting-hidden').isDisabled(), 'hidden is disabled');
    assert.ok(await cellDisabled(page), 'every cell radio is disabled');
    for (const k of ['task', 'lr', 'batch', 'seed', 'optimizer']) assert.equal(await page.getByTestId(`setting-${k}`).isDisabled(), false, `${k} stays free`);
    assert.match(await page.getByTestId('lock-note').textContent(), /Locked on this page: cell, T, hidden\./);
    // The unknown name is explained; the rest locks.
    assert.match(await errorText(page), /URL lock: unknown setting "bogus" \(the settings are cell, task, T,.*\); cell, T, hidden are locked\./);
    // view on index.html: the named panels only (the hooks of hidden ones stay).
    assert.ok(await page.getByTestId('grad-flow-chart').isVisible());
    assert.equal(await page.getByTestId('param-count').isVisible(), false, 'the params panel is hidden by view');
    assert.equal(await page.locator('.rl-lab').first().getAttribute('data-view'), 'settings,controls,grad,loss');
    // The URL is rewritten with every key, and keeps lock and view.
    await until(async () => /lock=cell,T,hidden(&|$)/.test(await page.evaluate(() => location.hash)), { what: 'lock= in the rewritten hash' });
    const hash0 = await page.evaluate(() => location.hash);
    assert.match(hash0, /[#&]init=/, 'the rewritten hash has every key');
    assert.match(hash0, /view=settings,controls,grad,loss/);

    // 1. The controls, forced from script: nothing changes.
    await forceControl(page, 'T', '20');
    await forceControl(page, 'cell', 'gru');
    await forceControl(page, 'hidden', '40');
    await page.waitForTimeout(800);
    assert.equal(await hookNumber(page, 'param-count'), RNN_12, 'cell and hidden stay');
    assert.equal(await gradPointsAfterStep(page), 8, 'T stays 8');
    assert.equal(await page.getByTestId('setting-T').inputValue(), '8', 'the field shows the locked value again');
    // A free setting still applies (and the URL keeps the lock).
    await page.getByTestId('setting-lr').fill('0.005');
    await until(async () => /lr=0\.005/.test(await page.evaluate(() => location.hash)), { what: 'lr in the URL' });
    assert.match(await page.evaluate(() => location.hash), /lock=cell,T,hidden/);

    // 2. A hash edit that changes the locked keys (and drops lock=): only the free key changes.
    await page.evaluate(() => { location.hash = '#cell=gru&T=20&hidden=64&lr=0.02'; });
    await until(async () => /lr=0\.02/.test(await page.evaluate(() => location.hash)), { what: 'the hash edit to apply' });
    assert.equal(await hookNumber(page, 'param-count'), RNN_12, 'the hash edit did not change cell or hidden');
    assert.equal(await gradPointsAfterStep(page), 8, 'nor T');
    const said = await errorText(page);
    assert.match(said, /URL cell=gru: cell is locked at rnn on this page; keeping rnn\./);
    assert.match(said, /URL T=20: T is locked at 8 on this page; keeping 8\./);
    assert.match(said, /URL hidden=64: hidden is locked at 12 on this page; keeping 12\./);
    assert.match(await page.evaluate(() => location.hash), /lock=cell,T,hidden/, 'the lock is written back');
    assert.ok(await page.getByTestId('setting-T').isDisabled());

    // 3. A guided experiment (an LSTM at T = 16): the locked keys stay.
    await page.getByTestId('preset-cell-state').click();
    await until(async () => /seed=1/.test(await page.evaluate(() => location.hash)) && /T=8/.test(await page.evaluate(() => location.hash)),
      { what: 'the preset to load' });
    await until(async () => /cell is locked at rnn/.test(await errorText(page)), { what: 'the preset lock message' });
    assert.equal(await hookNumber(page, 'param-count'), RNN_12);
    assert.equal(await gradPointsAfterStep(page), 8);

    // 4. Compare mode: the one-click comparison is disabled; a URL's lab B is locked too, at A's values.
    assert.ok(await page.getByTestId('compare-button').isDisabled(), 'Compare RNN vs LSTM would change locked keys');
    await page.evaluate(() => { location.hash = '#cell=rnn&T=8&hidden=12&compare=1&vs.cell=lstm&vs.T=30&vs.lr=0.03'; });
    const labB = page.getByTestId('lab-b');
    await labB.waitFor({ state: 'visible' });
    await waitForCounts(page, 2);
    await until(async () => /vs\.lr=0\.03/.test(await page.evaluate(() => location.hash)), { what: "lab B's free key" });
    assert.equal(await hookNumber(labB, 'param-count'), RNN_12, "lab B's cell and hidden are A's locked ones");
    assert.ok(await labB.getByTestId('setting-T').isDisabled(), "lab B's T is locked");
    assert.equal(await gradPointsAfterStep(labB), 8);
    assert.ok(await page.getByTestId('match-params').isDisabled(), 'match parameters would change the locked hidden size');
    assert.match(await page.evaluate(() => location.hash), /lock=cell,T,hidden/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('screenshots of a locked page at 1400 px and 375 px', async () => {
    const url = `${browser.baseUrl}#cell=lstm&task=binary_palindrome&T=12&hidden=16&lock=cell,task,T,hidden`;
    const page = await openPage(browser.context, url);
    await page.getByTestId('lock-note').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'lock-1400.png') });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.locator('.rl-settings').first().evaluate((d) => { d.open = true; });
    await page.getByTestId('lock-note').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'lock-375.png') });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('importing against a lock', () => {
  test('a state for another hidden size, or a text model under a locked task, is refused; the lock stays', async () => {
    // A state of N_h = 16, and a text model, downloaded from unlocked pages.
    const maker = await openPage(browser.context, `${browser.baseUrl}#cell=lstm&task=binary_palindrome&T=8&hidden=16`);
    const state16 = join(dir, 'lstm16.json');
    await writeFile(state16, await downloadState(maker));
    await maker.evaluate(() => { location.hash = '#cell=lstm&task=text&corpus=grammar&T=8&hidden=8'; });
    await until(async () => (await hookNumber(maker, 'param-count')) > 0 && /task=text/.test(await maker.evaluate(() => location.hash)),
      { what: 'the text model' });
    await until(async () => (await maker.getByTestId('setting-task').inputValue()) === 'text', { what: 'task text' });
    const textModel = join(dir, 'text-model.json');
    await writeFile(textModel, await downloadState(maker));
    await maker.close();

    const page = await openPage(browser.context, `${browser.baseUrl}#cell=lstm&task=binary_palindrome&T=8&hidden=12&lock=hidden,task`);
    const LSTM_12 = analyticCount('lstm', 3, 12, 2);
    assert.equal(await hookNumber(page, 'param-count'), LSTM_12);
    await page.getByTestId('step-button').first().click();
    await until(async () => (await hookNumber(page, 'step-counter')) === 1, { what: 'one step' });
    const weights = await downloadState(page);

    await page.getByTestId('state-upload').first().setInputFiles(state16);
    await until(async () => (await page.getByTestId('import-status').getAttribute('data-state')) === 'error', { what: 'the import to be refused' });
    assert.match(await errorText(page),
      /Could not load lstm16\.json: the state is for hidden = 16, but this page locks hidden at 12\. Nothing was changed: the lab keeps its lock, its settings and its weights\./);

    // Without the lock the page would switch to the text task for a text model (docs/page.md); locked, it refuses.
    await page.getByTestId('state-upload').first().setInputFiles(textModel);
    await until(async () => /text-model\.json/.test(await errorText(page)), { what: 'the text model to be refused' });
    const said = await errorText(page);
    assert.match(said, /Could not load text-model\.json: the state is for task = text and hidden = 8, but this page locks task at binary_palindrome and hidden at 12\./);
    assert.equal(await page.getByTestId('setting-task').inputValue(), 'binary_palindrome');
    // The lock, the settings and the weights are as they were.
    assert.ok(await page.getByTestId('setting-hidden').isDisabled());
    assert.ok(await page.getByTestId('setting-task').isDisabled());
    assert.match(await page.evaluate(() => location.hash), /lock=task,hidden/);
    assert.equal(await hookNumber(page, 'param-count'), LSTM_12);
    assert.equal(await hookNumber(page, 'step-counter'), 1);
    assert.equal(await downloadState(page), weights, 'the weights did not change');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('embed.html and the element', () => {
  test('embed.html: lock from its URL; a hash edit cannot change a locked key', async () => {
    const page = await openRaw(browser.context, `${site.url}embed.html#cell=gru&task=binary_palindrome&T=6&hidden=8&lock=cell,T&view=settings,controls,grad`);
    const GRU_8 = analyticCount('gru', 3, 8, 2);
    assert.deepEqual(await waitForCounts(page, 1), [GRU_8]);
    for (const k of URL_KEYS) assert.equal(await page.getByTestId(`setting-${k}`).count(), 1, `setting-${k}`);
    assert.ok(await page.getByTestId('setting-T').isDisabled());
    assert.ok(await cellDisabled(page));
    assert.equal(await page.getByTestId('setting-hidden').isDisabled(), false);
    await forceControl(page, 'T', '11');
    await page.waitForTimeout(700);
    assert.equal(await gradPointsAfterStep(page), 6);
    await page.evaluate(() => { location.hash = '#cell=lstm&T=14&hidden=10'; });
    await until(async () => (await hookNumber(page, 'param-count')) === analyticCount('gru', 3, 10, 2), { what: 'the free hidden size to apply' });
    assert.equal(await gradPointsAfterStep(page), 6, 'T stays');
    assert.match(await errorText(page), /URL T=14: T is locked at 6 on this page; keeping 6\./);
    assert.match(await errorText(page), /URL cell=lstm: cell is locked at gru/);
    assert.ok(await page.getByTestId('setting-T').isDisabled(), 'the lock of the first URL stays');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('<rnn-lab lock>: disabled controls, configure() cannot change a locked key, an unknown key is explained', async () => {
    const page = await openRaw(browser.context, `${site.url}element.html`);
    const w = page.locator('#w');
    const RNN_8 = analyticCount('rnn', 3, 8, 2);
    assert.deepEqual(await waitForCounts(w, 1), [RNN_8]);
    assert.ok(await w.getByTestId('setting-T').isDisabled());
    assert.ok(await cellDisabled(w));
    assert.equal(await w.getByTestId('setting-lr').isDisabled(), false);
    assert.match(await errorText(w), /Attribute lock: unknown setting "nope".*; cell, T are locked\./);
    assert.deepEqual(await w.evaluate((el) => el.locked), ['cell', 'T']);
    const errors = await page.evaluate(async () => {
      const el = document.getElementById('w');
      const seen = [];
      el.addEventListener('rnnlab:error', (e) => seen.push(e.detail.message));
      const ok = await el.configure({ T: 9, cell: 'lstm', lr: 0.02 });
      return { ok, seen, config: el.config };
    });
    assert.equal(errors.ok, true, 'the free key applied');
    assert.equal(errors.config.T, 5);
    assert.equal(errors.config.cell, 'rnn');
    assert.equal(errors.config.lr, 0.02);
    assert.ok(errors.seen.some((m) => /configure: cell is locked at rnn on this page \(asked: lstm\); T is locked at 5 on this page \(asked: 9\)\. The other settings were applied\./.test(m)),
      JSON.stringify(errors.seen));
    assert.match(await errorText(w), /T is locked at 5/);
    await forceControl(w, 'T', '12');
    await page.waitForTimeout(700);
    assert.equal(await gradPointsAfterStep(w), 5);
    // The attributes are the host's: they define the locked values.
    await w.evaluate((el) => el.setAttribute('t', '7'));
    await until(async () => (await w.evaluate((el) => el.config && el.config.T)) === 7, { what: 'the host to change T' });
    assert.ok(await w.getByTestId('setting-T').isDisabled(), 'still locked, now at 7');
    assert.equal((await w.evaluate((el) => el.configure({ T: 4 }).then(() => el.config.T))), 7);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
