// sweep.test.mjs — the sequence-length sweep panel: a tiny sweep (2 cells x
// 2 lengths x 1 seed x 30 steps) runs to completion in its own worker (the
// lab's step-counter stays 0), with progress and one plotted point per
// (cell, T); a longer one stops when cancelled; bad input is explained.
// Saves build/screenshots/sweep.png (the default sweep, run to the end).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOTS, hookNumber, launch, openPage, until } from './browser_helpers.mjs';

let browser;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1440, height: 1000 } });
});
after(async () => browser?.close());

async function setSweep(panel, { cells, lengths, seeds, steps }) {
  for (const c of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
    await panel.locator(`input[name="cells"][value="${c}"]`).setChecked(cells.includes(c));
  }
  await panel.locator('input[name="lengths"]').fill(lengths);
  await panel.locator('input[name="seeds"]').fill(String(seeds));
  await panel.locator('input[name="steps"]').fill(String(steps));
}

const progressOf = async (page) => ({
  done: await hookNumber(page, 'sweep-progress', 'data-done'),
  total: await hookNumber(page, 'sweep-progress', 'data-total'),
});

test('a tiny sweep runs to completion with progress, in its own worker', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=binary_palindrome&hidden=8`);
  const panel = page.getByTestId('sweep-panel');
  await setSweep(panel, { cells: ['rnn', 'lstm'], lengths: '4, 8', seeds: 1, steps: 30 });
  // Every value data-done takes, recorded in the page as it changes.
  await page.getByTestId('sweep-progress').evaluate((el) => {
    window.__done = [];
    new MutationObserver(() => window.__done.push(Number(el.dataset.done))).observe(el, { attributes: true, attributeFilter: ['data-done'] });
  });
  await page.getByTestId('sweep-start').click();
  await until(async () => {
    const p = await progressOf(page);
    return p.total === 4 && p.done === 4 && (await panel.getAttribute('data-state')) === 'done';
  }, { timeoutMs: 60000, what: 'the sweep to finish' });
  const seen = new Set(await page.evaluate(() => window.__done));
  assert.equal(await hookNumber(page, 'sweep-chart', 'data-points'), 4, 'one point per (cell, T)');
  // The engine's chance and "solved" threshold beside the chart (tasks(): 0.5 and 0.99 for binary_palindrome).
  assert.equal(await hookNumber(page, 'sweep-levels', 'data-chance'), 0.5);
  assert.equal(await hookNumber(page, 'sweep-levels', 'data-solved'), 0.99);
  assert.match(await page.getByTestId('sweep-levels').textContent(), /^Chance 50% at the lab's T \(dotted\); solved at held-out accuracy ≥ 99% \(dashed\)\.$/);
  assert.match(await panel.locator('.sw-progress-text').textContent(), /Done: 4 models/);
  assert.match(await panel.locator('.sw-latest').textContent(), /T = 8, seed 1 → \d+%/);
  assert.deepEqual([...seen].filter((d) => d > 0), [1, 2, 3, 4], 'progress after every model');
  const rows = await panel.locator('.sw-table tbody tr').count();
  assert.equal(rows, 2, 'a table row per cell');
  assert.equal(await page.getByTestId('sweep-cancel').isDisabled(), true);
  assert.equal(await hookNumber(page, 'step-counter'), 0, 'the lab did not train');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('cancel stops a longer sweep; bad input is explained', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  const panel = page.getByTestId('sweep-panel');
  await setSweep(panel, { cells: ['rnn'], lengths: '5, x', seeds: 1, steps: 30 });
  await page.getByTestId('sweep-start').click();
  await until(async () => /whole number/.test(await panel.getByTestId('sweep-error').textContent()), { what: 'the lengths message' });
  await setSweep(panel, { cells: ['rnn', 'lstm', 'gru'], lengths: '5, 10, 15, 20', seeds: 4, steps: 400 });
  await page.getByTestId('sweep-start').click();
  assert.equal(await panel.getByTestId('sweep-error').isVisible(), false, 'the message is gone');
  await until(async () => (await progressOf(page)).done >= 1, { timeoutMs: 60000, what: 'a first point' });
  await page.getByTestId('sweep-cancel').click();
  await until(async () => (await panel.getAttribute('data-state')) === 'cancelled', { timeoutMs: 30000, what: 'the sweep to stop' });
  const p = await progressOf(page);
  assert.equal(p.total, 48);
  assert.ok(p.done < p.total, `stopped early (${p.done} of ${p.total})`);
  await page.waitForTimeout(800);
  assert.equal((await progressOf(page)).done, p.done, 'and stays stopped');
  assert.match(await panel.locator('.sw-progress-text').textContent(), /Cancelled after \d+ of 48/);
  assert.equal(await page.getByTestId('sweep-start').isDisabled(), false, 'a new sweep can start');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('screenshot: the default sweep (RNN and LSTM, T = 5..30, 3 seeds)', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=lstm&task=binary_palindrome&T=16&seed=1`);
  const panel = page.getByTestId('sweep-panel');
  await page.getByTestId('sweep-start').click();
  await until(async () => (await panel.getAttribute('data-state')) === 'done', { timeoutMs: 180000, intervalMs: 250, what: 'the default sweep' });
  await panel.locator('.sw-table-box > summary').click();
  await panel.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await panel.screenshot({ path: join(SCREENSHOTS, 'sweep.png') });
  assert.equal(await hookNumber(page, 'sweep-chart', 'data-points'), 10);
  assert.deepEqual(page.errors, []);
  await page.close();
});
