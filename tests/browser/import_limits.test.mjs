// import_limits.test.mjs — the page's weights import within its limits
// (docs/page.md, "Loading weights"): a file over the page's 200 MiB is
// refused unread, naming the file, its size and the limit; a file nested
// deeper than the engine's 64 levels is refused with the engine's message;
// in both cases the settings and the weights stay exactly as they were. A
// valid state of a larger model (hidden 256, 5.4 MiB) shows its progress in
// import-status (reading with a percentage, then loading, then done) and
// loads; a second file chosen while one is loading is refused with a message.
// Progress is recorded by a MutationObserver with the old value of every
// attribute change, so no state is missed however fast the import runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREENSHOTS, hookNumber, launch, openPage, until } from './browser_helpers.mjs';

const MIB = 1024 * 1024;
const T = '\u2009';  // the page's thousands separator

let browser;
let dir;
before(async () => {
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-import-'));
  await mkdir(SCREENSHOTS, { recursive: true });
});
after(async () => {
  if (browser) await browser.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function errorText(page) {
  const el = page.getByTestId('error-message').first();
  return (await el.isVisible()) ? (await el.textContent()).trim() : '';
}

/** The lab's current weights, as the page downloads them. */
async function downloadState(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('state-download').first().click()]);
  return readFile(await download.path(), 'utf8');
}

/** Settings, step count and weights: what a failed import must leave as it was. */
async function labState(page) {
  return {
    hash: await page.evaluate(() => location.hash),
    params: await hookNumber(page, 'param-count'),
    steps: await hookNumber(page, 'step-counter'),
    weights: await downloadState(page),
  };
}

/** Starts recording every value import-status's data-state and data-percent take. */
async function watchImportStatus(page) {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="import-status"]');
    window.importLog = { state: [], percent: [] };
    window.importObserver?.disconnect();
    window.importObserver = new MutationObserver((records) => {
      for (const r of records) window.importLog[r.attributeName.slice(5)].push(r.oldValue);
    });
    window.importObserver.observe(el, { attributes: true, attributeOldValue: true, attributeFilter: ['data-state', 'data-percent'] });
  });
}

/** Every value each attribute had since watchImportStatus (consecutive repeats merged), the current one last. */
async function importHistory(page) {
  return page.evaluate(() => {
    window.importObserver.takeRecords().forEach((r) => window.importLog[r.attributeName.slice(5)].push(r.oldValue));
    const el = document.querySelector('[data-testid="import-status"]');
    const merge = (xs) => xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
    return {
      state: merge([...window.importLog.state, el.dataset.state]),
      percent: merge([...window.importLog.percent, el.dataset.percent]),
      text: el.textContent,
    };
  });
}

async function waitForImportState(page, states) {
  return until(async () => {
    const s = await page.getByTestId('import-status').first().getAttribute('data-state');
    return states.includes(s) ? s : null;
  }, { timeoutMs: 60000, what: `import-status ${states.join(' or ')}` });
}

/** A lab with non-default settings and weights that are not its initial ones. */
async function openTrainedLab(hash) {
  const page = await openPage(browser.context, `${browser.baseUrl}${hash}`);
  for (let k = 0; k < 3; k++) await page.getByTestId('step-button').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 3, { what: '3 steps' });
  return page;
}

test('the page states its limit where the file is chosen', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  const input = page.getByTestId('state-upload').first();
  const hintId = await input.getAttribute('aria-describedby');
  assert.ok(hintId, 'the file input is described by the hint');
  assert.equal((await page.locator(`[id="${hintId}"]`).textContent()).trim(), 'model state JSON, up to 200 MiB');
  assert.ok(await page.locator(`[id="${hintId}"]`).isVisible(), 'the hint is visible beside the button');
  assert.match(await page.locator('label', { hasText: 'Load weights' }).first().getAttribute('title'), /up to 200 MiB/);
  assert.equal(await page.getByTestId('import-status').first().getAttribute('data-state'), 'idle');
  await page.close();
});

test('a file over 200 MiB is refused unread, with its size and the limit; nothing changes', async () => {
  const page = await openTrainedLab('#cell=gru&hidden=24&lr=0.02&seed=4');
  const before = await labState(page);
  // Playwright refuses buffers above 50 MB in setInputFiles, so the Buffer goes to a file first.
  const big = join(dir, 'big.json');
  await writeFile(big, Buffer.alloc(201 * MIB, 0x20));
  await watchImportStatus(page);
  await page.getByTestId('state-upload').first().setInputFiles(big);
  const message = await until(async () => {
    const t = await errorText(page);
    return t.includes('big.json') ? t : '';
  }, { what: 'the refusal' });
  assert.match(message, new RegExp(`Could not load big\\.json: the file is 201 MiB \\(210${T}763${T}776 bytes\\), `
    + `over the page's limit of 200 MiB \\(209${T}715${T}200 bytes\\) for a model state file\\. `
    + 'Nothing was changed: the lab keeps its settings and weights\\.'));
  const history = await importHistory(page);
  assert.deepEqual(history.state, ['idle', 'error'], 'refused before any of it was read');
  assert.deepEqual(history.percent, [''], 'no progress: nothing was read');
  assert.match(history.text, /big\.json was not loaded/);
  assert.deepEqual(await labState(page), before, 'settings, steps and weights as before');
  assert.deepEqual(page.errors, []);
  await page.close();
  await rm(big);
});

test('JSON nested 100000 levels deep is refused with the engine\'s message; nothing changes', async () => {
  const page = await openTrainedLab('#cell=rnn&hidden=12&T=9&seed=2');
  const before = await labState(page);
  const deep = join(dir, 'deep.json');
  await writeFile(deep, '['.repeat(100000));
  await watchImportStatus(page);
  await page.getByTestId('state-upload').first().setInputFiles(deep);
  await waitForImportState(page, ['error', 'done']);
  assert.match(await errorText(page),
    /Could not load deep\.json: state: JSON nested deeper than 64 levels \(at '\[0\]\[0\].*'\)\. Nothing was changed: the lab keeps its settings and weights\./);
  const history = await importHistory(page);
  assert.deepEqual(history.state, ['idle', 'reading', 'loading', 'error']);
  assert.deepEqual(await labState(page), before, 'settings, steps and weights as before');
  // The lab still works: a valid import afterwards loads.
  const good = join(dir, 'own.json');
  await writeFile(good, before.weights);
  await page.getByTestId('state-upload').first().setInputFiles(good);
  await waitForImportState(page, ['done']);
  assert.equal(await errorText(page), '', 'the refusal is cleared by the weights that loaded');
  assert.deepEqual(page.errors, []);
  await page.close();
});

const HASH = '#cell=lstm&hidden=256&seed=5';
let trained = null;
/** The state of an LSTM of hidden 256 after 3 steps (5.4 MiB), as {text, file}. */
async function largerState() {
  if (trained) return trained;
  const a = await openTrainedLab(HASH);
  const text = await downloadState(a);
  await a.close();
  assert.ok(text.length > 5 * MIB, `a state of several MiB (${text.length} bytes)`);
  const file = join(dir, 'h256.json');
  await writeFile(file, text);
  trained = { text, file };
  return trained;
}

/**
 * As soon as import-status turns `loading` (the file's text has just been
 * posted to the worker), `action` in the page: 'reset' clicks Reset,
 * 'bad-hidden' types hidden = -3 (refused by the engine).
 */
async function whenLoading(page, action) {
  await page.evaluate((what) => {
    const el = document.querySelector('[data-testid="import-status"]');
    const obs = new MutationObserver(() => {
      if (el.dataset.state !== 'loading') return;
      obs.disconnect();
      if (what === 'reset') {
        document.querySelector('[data-testid="reset-button"]').click();
      } else {
        const field = document.querySelector('[data-testid="lab-a"] input[name="hidden"]');
        field.value = '-3';
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    obs.observe(el, { attributes: true, attributeFilter: ['data-state'] });
  }, action);
}

test('a larger model\'s state shows its progress and loads; a second file meanwhile is refused', async () => {
  const { text, file } = await largerState();

  // A fresh page with the same settings has other (initial) weights.
  const b = await openPage(browser.context, `${browser.baseUrl}${HASH}`);
  assert.notEqual(await downloadState(b), text);
  await watchImportStatus(b);
  await b.getByTestId('state-upload').first().setInputFiles(file);
  await waitForImportState(b, ['done', 'error']);
  const history = await importHistory(b);
  assert.deepEqual(history.state, ['idle', 'reading', 'loading', 'done'], history.text);
  const pcts = history.percent.filter((p) => p !== '').map(Number);
  assert.ok(pcts.some((p) => p > 0 && p < 100), `a percentage between 0 and 100 was shown (${pcts.join(', ')})`);
  assert.deepEqual(pcts, [...pcts].sort((x, y) => x - y), 'the percentage only grows');
  assert.equal(pcts[pcts.length - 1], 100);
  assert.match(history.text, /^Loaded h256\.json \(5\.\d MiB\) in \d+\.\d s\.$/);
  assert.equal(await b.locator('.rl-exports [role="status"]').first().getAttribute('data-testid'), 'import-status');
  assert.equal(await downloadState(b), text, 'the lab has the file\'s weights');
  assert.equal(await errorText(b), '');
  await b.getByTestId('import-status').first().scrollIntoViewIfNeeded();
  await b.screenshot({ path: join(SCREENSHOTS, 'import-done.png') });

  // Two files chosen at once (one task, so the first is certainly still loading): the second is refused.
  await b.goto(`${browser.baseUrl}#cell=lstm&hidden=256&seed=6`);
  await until(async () => (await b.getByTestId('param-count').first().getAttribute('data-value')) && (await downloadState(b)) !== text,
    { what: 'a fresh lab with other weights' });
  await b.evaluate((stateText) => {
    const input = document.querySelector('[data-testid="state-upload"]');
    const choose = (f) => {
      const dt = new DataTransfer();
      dt.items.add(f);
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    choose(new File([stateText], 'first.json', { type: 'application/json' }));
    choose(new File(['{}'], 'second.json', { type: 'application/json' }));
  }, text);
  await waitForImportState(b, ['done', 'error']);
  assert.equal(await b.getByTestId('import-status').first().getAttribute('data-state'), 'done');
  assert.match(await b.getByTestId('import-status').first().textContent(), /^Loaded first\.json/);
  assert.match(await errorText(b),
    /second\.json was not loaded: first\.json is still loading, and the lab loads one file at a time\. Choose second\.json again once first\.json is done\./);
  assert.equal(await downloadState(b), text, 'the first file\'s weights, not the second');
  assert.deepEqual(b.errors, []);
  await b.close();
});

test('Reset while the file is in the worker cancels the import; the reset run keeps its fresh weights', async () => {
  const { text, file } = await largerState();
  const page = await openPage(browser.context, `${browser.baseUrl}${HASH}`);
  const fresh = await downloadState(page);
  await whenLoading(page, 'reset');
  await page.getByTestId('state-upload').first().setInputFiles(file);
  await waitForImportState(page, ['cancelled', 'done', 'error']);
  assert.equal(await page.getByTestId('import-status').first().getAttribute('data-state'), 'cancelled');
  assert.match(await page.getByTestId('import-status').first().textContent(),
    /^h256\.json was not loaded: the settings changed \(or the lab was reset\) while it was loading\./);
  const after = await downloadState(page);
  assert.notEqual(after, text, 'not the file\'s weights');
  assert.equal(after, fresh, 'the reset run\'s initial weights');
  assert.equal(await errorText(page), '');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a refused settings change while the file loads leaves the file\'s weights in force, and says so', async () => {
  const { text, file } = await largerState();
  const page = await openPage(browser.context, `${browser.baseUrl}${HASH}`);
  const params = await hookNumber(page, 'param-count');
  await whenLoading(page, 'bad-hidden');
  await page.getByTestId('state-upload').first().setInputFiles(file);
  await waitForImportState(page, ['cancelled', 'done', 'error']);
  await until(async () => /hidden size must be between 1 and \d+ \(got -3\)/.test(await errorText(page)),
    { what: 'the refused hidden size' });
  assert.equal(await page.getByTestId('import-status').first().getAttribute('data-state'), 'done');
  assert.equal(await hookNumber(page, 'param-count'), params, 'the previous settings');
  assert.equal(await downloadState(page), text, 'the file\'s weights');
  assert.deepEqual(page.errors, []);
  await page.close();
});
