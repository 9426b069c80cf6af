// page_train.test.mjs — the page loads with no console errors from http and
// from file://, every docs/page.md hook is present, and pressing
// train-toggle trains: step-counter rises, loss-value falls, and the
// gradient-flow chart plots T points. Also logs (never asserts: timings are
// noisy on shared machines) the longest main-thread task seen while training.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hookNumber, launch, openPage, until } from './browser_helpers.mjs';

const HOOKS = ['param-count', 'param-formula', 'train-toggle', 'step-counter', 'loss-value', 'accuracy-value',
  'grad-flow-chart', 'error-message'];

// Records long main-thread tasks from the first paint on.
const LONGTASK_PROBE = () => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support: nothing recorded */ }
};

let browser;
before(async () => {
  browser = await launch();
  await browser.context.addInitScript(LONGTASK_PROBE);
});
after(async () => browser && browser.close());

for (const via of ['http', 'file']) {
  describe(`the page over ${via}`, () => {
    test('loads with every hook and no console errors', async () => {
      const page = await openPage(browser.context, via === 'http' ? browser.baseUrl : browser.fileUrl);
      for (const id of HOOKS) assert.ok(await page.getByTestId(id).count() >= 1, `hook ${id} is missing`);
      assert.equal(await page.getByTestId('error-message').first().isVisible(), false, 'no message on a clean load');
      const formula = await page.getByTestId('param-formula').first().textContent();
      assert.match(formula, /N/, 'the formula is typeset');
      assert.equal(await page.getByTestId('train-toggle').first().evaluate((el) => el.tagName), 'BUTTON');
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test('the default run trains when train-toggle is pressed', async (t) => {
      const page = await openPage(browser.context, via === 'http' ? browser.baseUrl : browser.fileUrl);
      const T = Number(await page.locator('input[name="T"]').first().inputValue());
      assert.ok(T >= 1, 'the T field shows the engine default');
      assert.equal(await hookNumber(page, 'step-counter'), 0);
      await page.evaluate(() => { window.__longTasks = []; });
      await page.getByTestId('train-toggle').first().click();
      const s1 = await until(async () => {
        const s = await hookNumber(page, 'step-counter');
        return s >= 20 ? s : 0;
      }, { what: 'step-counter to rise' });
      await page.waitForTimeout(1500);
      const s2 = await hookNumber(page, 'step-counter');
      assert.ok(s2 > s1, `step-counter keeps rising (${s1} -> ${s2})`);
      assert.equal(await hookNumber(page, 'grad-flow-chart', 'data-points'), T, 'one point per time step');
      const loss = await hookNumber(page, 'loss-value');
      assert.ok(Number.isFinite(loss) && loss > 0, `loss-value is a number (${loss})`);
      const acc = await hookNumber(page, 'accuracy-value');
      assert.ok(acc >= 0 && acc <= 1, `accuracy-value in 0..1 (${acc})`);
      await page.getByTestId('train-toggle').first().click();  // pause
      const long = await page.evaluate(() => window.__longTasks || []);
      t.diagnostic(`longest main-thread task while training (${via}): ${long.length ? Math.max(...long).toFixed(0) : 0} ms over ${long.length} long tasks`);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  });
}

test('the default run: loss-value falls over a run of some seconds', async () => {
  // The defaults (LSTM, binary palindrome, the task's default T = 16, seed 1)
  // leave chance within a few hundred steps (deterministic: seeded).
  const page = await openPage(browser.context, browser.baseUrl);
  await page.getByTestId('train-toggle').first().click();
  const first = await until(async () => {
    const l = await hookNumber(page, 'loss-value');
    return Number.isFinite(l) ? l : 0;
  }, { what: 'a first loss' });
  const low = await until(async () => {
    const l = await hookNumber(page, 'loss-value');
    return l < 0.1 * first ? l : 0;
  }, { timeoutMs: 60000, what: `loss below a tenth of ${first}` });
  assert.ok(low < first);
  assert.equal(await hookNumber(page, 'grad-flow-chart', 'data-points'), 16);
  assert.deepEqual(page.errors, []);
  await page.close();
});
