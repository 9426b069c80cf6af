// sweep_pool.test.mjs — the page's sweep on a pool of workers
// (web/js/sweep_pool.mjs): the same sweep (3 cells x 3 lengths x 2 seeds,
// with a test length) run with one worker (data-workers="1" on the panel:
// the engine's own sequential loop) and with a pool of 3 gives the same
// table, number for number (each cell's data-mean, data-sd, data-min,
// data-max and data-runs are the engine's values in full), the same chart
// and the same "latest" point, with progress after every model; a pooled
// sweep cancels. The pool size is set by the hook, so the test does not
// depend on the machine's cores; timing decides nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hookNumber, launch, openPage, until } from './browser_helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

async function setSweep(panel, { cells, lengths, seeds, steps, testLengths = '' }) {
  for (const c of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
    await panel.locator(`input[name="cells"][value="${c}"]`).setChecked(cells.includes(c));
  }
  await panel.locator('input[name="lengths"]').fill(lengths);
  await panel.locator('input[name="seeds"]').fill(String(seeds));
  await panel.locator('input[name="steps"]').fill(String(steps));
  await panel.getByTestId('sweep-test-lengths').fill(testLengths);
}

/** Runs the panel's sweep with `workers` workers to the end; what it shows. */
async function runSweep(page, workers) {
  const panel = page.getByTestId('sweep-panel');
  await panel.evaluate((el, n) => { el.dataset.workers = String(n); }, workers);
  await page.getByTestId('sweep-progress').evaluate((el) => {
    window.__done = [];
    window.__doneObserver?.disconnect();
    window.__doneObserver = new MutationObserver(() => window.__done.push(Number(el.dataset.done)));
    window.__doneObserver.observe(el, { attributes: true, attributeFilter: ['data-done'] });
  });
  await page.getByTestId('sweep-start').click();
  await until(async () => (await panel.getAttribute('data-state')) === 'done', { timeoutMs: 120000, what: `the sweep on ${workers} worker(s)` });
  return {
    workers: await hookNumber(page, 'sweep-progress', 'data-workers'),
    done: [...new Set(await page.evaluate(() => window.__done))].filter((d) => d > 0),
    table: await page.getByTestId('sweep-table').evaluate((t) => t.outerHTML),
    cells: await page.getByTestId('sweep-table').locator('td').evaluateAll((tds) => tds.map((td) => ({ ...td.dataset }))),
    points: await hookNumber(page, 'sweep-chart', 'data-points'),
    levels: await page.getByTestId('sweep-levels').textContent(),
    latest: await panel.locator('.sw-latest').textContent(),
    progressText: await panel.locator('.sw-progress-text').textContent(),
  };
}

test('a pool of 3 workers gives exactly the table of one worker', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=binary_palindrome&hidden=8&seed=3`);
  const panel = page.getByTestId('sweep-panel');
  await setSweep(panel, { cells: ['rnn', 'lstm', 'gru'], lengths: '4, 6, 8', seeds: 2, steps: 40, testLengths: '10' });
  const one = await runSweep(page, 1);
  const pool = await runSweep(page, 3);
  assert.equal(one.workers, 1);
  assert.equal(pool.workers, 3);
  // 3 cells x 3 lengths, a row per cell and one per cell tested at T = 10: 18 number cells, each with 2 runs.
  assert.equal(one.cells.length, 18);
  for (const c of one.cells) {
    assert.equal(c.runs.split(' ').length, 2, 'two seeds per cell');
    assert.ok(Number.isFinite(Number(c.mean)));
  }
  assert.deepEqual(pool.cells, one.cells, "every number of the table is the one worker's");
  assert.equal(pool.table, one.table, 'the same table, to the markup');
  assert.equal(pool.points, one.points);
  assert.equal(pool.points, 9);
  assert.equal(pool.levels, one.levels);
  assert.equal(pool.latest, one.latest, 'the same last point (the engine adds the runs in its order)');
  assert.deepEqual(pool.done, [...Array(18).keys()].map((k) => k + 1), 'progress after every model');
  assert.match(one.progressText, /^Done: 18 models in [\d.]+ s \(one worker\)\.$/);
  assert.match(pool.progressText, /^Done: 18 models in [\d.]+ s \(3 workers\)\.$/);
  assert.equal(await hookNumber(page, 'step-counter'), 0, 'the lab did not train');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a pooled sweep cancels, stays stopped, and a new one can start', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#task=binary_palindrome&hidden=16`);
  const panel = page.getByTestId('sweep-panel');
  await panel.evaluate((el) => { el.dataset.workers = '3'; });
  await setSweep(panel, { cells: ['rnn', 'lstm', 'gru'], lengths: '5, 10, 15, 20', seeds: 4, steps: 400 });
  await page.getByTestId('sweep-start').click();
  await until(async () => (await hookNumber(page, 'sweep-progress', 'data-done')) >= 1, { timeoutMs: 60000, what: 'a first point' });
  await page.getByTestId('sweep-cancel').click();
  await until(async () => (await panel.getAttribute('data-state')) === 'cancelled', { timeoutMs: 30000, what: 'the sweep to stop' });
  const done = await hookNumber(page, 'sweep-progress', 'data-done');
  assert.ok(done >= 1 && done < 48, `stopped early (${done} of 48)`);
  await page.waitForTimeout(800);
  assert.equal(await hookNumber(page, 'sweep-progress', 'data-done'), done, 'and stays stopped');
  assert.match(await panel.locator('.sw-progress-text').textContent(), /^Cancelled after \d+ of 48/);
  assert.equal(await page.getByTestId('sweep-start').isDisabled(), false, 'a new sweep can start');
  // The restarted workers take the next sweep.
  await setSweep(panel, { cells: ['rnn', 'lstm'], lengths: '4, 6', seeds: 2, steps: 20 });
  await page.getByTestId('sweep-start').click();
  await until(async () => (await panel.getAttribute('data-state')) === 'done', { timeoutMs: 60000, what: 'the next sweep' });
  assert.equal(await hookNumber(page, 'sweep-progress', 'data-done'), 8);
  assert.deepEqual(page.errors, []);
  await page.close();
});
