// sweep_test_lengths.test.mjs — the sweep's optional "Test lengths" field
// (the engine's testLengths): models trained at T = 4 and 6 are also tested
// at T = 12; the table gains a row per cell and test length with the
// engine's statistics, the chart's legend names them, and a bad value is
// the engine's message. Saves build/screenshots/sweep-test-lengths-{1400,375}.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOTS, launch, openPage, until } from './browser_helpers.mjs';

let browser;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
});
after(async () => browser?.close());

for (const [width, height] of [[1400, 1000], [375, 812]]) {
  test(`at ${width} px: test lengths add series and rows with the engine's numbers`, async () => {
    const page = await openPage(browser.context, `${browser.baseUrl}#task=dyck&hidden=8`);
    await page.setViewportSize({ width, height });
    const panel = page.getByTestId('sweep-panel');
    for (const c of ['rnn', 'lstm', 'gru', 'peephole_lstm']) await panel.locator(`input[name="cells"][value="${c}"]`).setChecked(c === 'lstm');
    await panel.locator('input[name="lengths"]').fill('4, 6');
    await panel.locator('input[name="seeds"]').fill('2');
    await panel.locator('input[name="steps"]').fill('40');
    // A bad value first: the engine's message, nothing runs.
    await page.getByTestId('sweep-test-lengths').fill('12, x');
    await page.getByTestId('sweep-start').click();
    await until(async () => (await panel.getAttribute('data-state')) === 'error', { what: 'the refusal' });
    assert.match(await page.getByTestId('sweep-error').textContent(), /test/i);
    await page.getByTestId('sweep-test-lengths').fill('12');
    await page.getByTestId('sweep-start').click();
    await until(async () => (await panel.getAttribute('data-state')) === 'done', { timeoutMs: 60000, what: 'the sweep to finish' });
    assert.match(await page.getByTestId('sweep-test-legend').textContent(), /tested at T = 12/);
    const rows = await panel.locator('.sw-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.equal(rows.length, 2, 'LSTM, and LSTM tested at T = 12');
    assert.match(rows[1][0], /tested at T = 12/);
    for (const cell of rows[1].slice(1)) assert.match(cell, /^\d+% \(\d+%–\d+%\), sd \d+%$/, 'the engine\'s statistics at T = 12');
    assert.match(await panel.locator('.sw-table thead').textContent(), /trained at T = 4.*trained at T = 6/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    // Everything but the table (which scrolls inside its box) fits the panel.
    const wide = await panel.evaluate((p) => [...p.querySelectorAll('*')]
      .filter((el) => !el.closest('.sw-table-box table') && el.getBoundingClientRect().right > p.getBoundingClientRect().right + 1)
      .map((el) => el.className));
    assert.deepEqual(wide, [], 'nothing wider than the sweep panel');
    await panel.locator('.sw-table-box > summary').click();
    await panel.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await panel.screenshot({ path: join(SCREENSHOTS, `sweep-test-lengths-${width}.png`) });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
