// compare.test.mjs — compare mode: the one-click "Compare RNN vs LSTM" and a
// compare URL both show two labs, each with its own hooks inside its panel
// and its own gradient-flow chart, on one shared log scale; "Back to one
// lab" returns to a single chart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hookNumber, launch, openPage, until, waitForConfigured } from './browser_helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && browser.close());

async function chartPoints(lab) {
  return hookNumber(lab, 'grad-flow-chart', 'data-points');
}

test('one click compares an RNN with an LSTM, side by side on one scale', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  assert.equal(await page.getByTestId('grad-flow-chart').count(), 1, 'one chart before');
  await page.getByTestId('compare-button').click();
  const a = page.getByTestId('lab-a');
  const b = page.getByTestId('lab-b');
  await b.getByTestId('grad-flow-chart').waitFor();
  await waitForConfigured(page, '[data-testid="lab-b"]');
  assert.equal(await page.getByTestId('grad-flow-chart').count(), 2, 'two gradient-flow charts');
  for (const id of ['param-count', 'param-formula', 'train-toggle', 'step-counter', 'loss-value', 'accuracy-value', 'error-message']) {
    assert.equal(await a.getByTestId(id).count(), 1, `lab A has its own ${id}`);
    assert.equal(await b.getByTestId(id).count(), 1, `lab B has its own ${id}`);
  }
  // Both train at once and plot T points each.
  await until(async () => (await hookNumber(a, 'step-counter')) > 10 && (await hookNumber(b, 'step-counter')) > 10,
    { timeoutMs: 30000, what: 'both labs to train' });
  const T = Number(await a.locator('input[name="T"]').inputValue());
  assert.equal(Number(await b.locator('input[name="T"]').inputValue()), T, 'same T in both');
  await until(async () => (await chartPoints(a)) === T && (await chartPoints(b)) === T, { what: 'T points in both charts' });
  // RNN on the left, LSTM on the right: their counts are the two formulas.
  assert.equal(await hookNumber(a, 'param-count'), 32 * 3 + 32 * 32 + 32 + 2 * 32 + 2);
  assert.equal(await hookNumber(b, 'param-count'), 4 * (32 * 3 + 32 * 32 + 32) + 2 * 32 + 2);
  // One shared scale. While training, each chart redraws in its own frame,
  // so two reads can straddle a scale change: read both in one evaluate, and
  // give the charts until they have both redrawn on the current scale.
  let da = null;
  let db = null;
  await until(async () => {
    [da, db] = await page.evaluate(() => ['lab-a', 'lab-b'].map((id) =>
      document.querySelector(`[data-testid="${id}"] [data-testid="grad-flow-chart"]`).getAttribute('data-decades')));
    return da && da === db;
  }, { timeoutMs: 10000, what: `a shared log scale (${da} vs ${db})` }).catch(() => {});
  assert.ok(da && da === db, `shared log scale (${da} vs ${db})`);
  assert.match(await page.evaluate(() => location.hash), /compare=1/);
  // Pause both, then back to one lab.
  await page.getByTestId('train-both').click();
  await page.getByTestId('single-button').click();
  assert.equal(await page.getByTestId('grad-flow-chart').count(), 1, 'one chart after');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /compare=1/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a compare URL opens two configured labs', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=gru&hidden=8&T=12&compare=1&vs.cell=rnn&vs.hidden=10`);
  const a = page.getByTestId('lab-a');
  const b = page.getByTestId('lab-b');
  await waitForConfigured(page, '[data-testid="lab-b"]');
  assert.equal(await page.getByTestId('grad-flow-chart').count(), 2);
  await until(async () => (await hookNumber(b, 'param-count', 'data-hidden-size')) === 10, { what: 'lab B configured' });
  assert.equal(await hookNumber(a, 'param-count'), 3 * (8 * 3 + 8 * 8 + 8) + 8 + 2 * 8 + 2);
  assert.equal(await hookNumber(b, 'param-count'), 10 * 3 + 10 * 10 + 10 + 2 * 10 + 2);
  assert.equal(Number(await b.locator('input[name="T"]').inputValue()), 12, 'lab B inherits T from lab A');
  await a.getByTestId('train-toggle').click();
  await b.getByTestId('step-button').click();
  await until(async () => (await chartPoints(a)) === 12 && (await chartPoints(b)) === 12, { what: '12 points in both charts' });
  assert.equal(await hookNumber(b, 'step-counter'), 1, 'single step in lab B');
  assert.deepEqual(page.errors, []);
  await page.close();
});
