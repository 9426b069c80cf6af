// screenshots.test.mjs — the test artifacts a person looks at: the default
// view after some seconds of training, compare mode (RNN vs LSTM) after a
// few seconds, and a 390-px-wide phone view, saved to build/screenshots/.
// Each also checks the layout facts it depends on (no horizontal overflow
// on the phone, two charts side by side in compare mode).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOTS, hookNumber, launch, openPage, until, waitForConfigured } from './browser_helpers.mjs';

let browser;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1440, height: 1000 } });
});
after(async () => browser && browser.close());

test('default view after some training', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) >= 300, { timeoutMs: 60000, what: '300 steps' });
  await page.getByTestId('train-toggle').first().click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'default.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('compare mode, RNN vs LSTM', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await page.getByTestId('compare-button').click();
  await waitForConfigured(page, '[data-testid="lab-b"]');
  const b = page.getByTestId('lab-b');
  await until(async () => (await hookNumber(b, 'step-counter')) >= 400, { timeoutMs: 90000, what: 'LSTM 400 steps' });
  await page.getByTestId('train-both').click();
  const boxes = await page.getByTestId('grad-flow-chart').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  assert.equal(boxes.length, 2);
  assert.ok(Math.abs(boxes[0].top - boxes[1].top) < 40 && boxes[1].left > boxes[0].right, 'side by side');
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'compare.png'), fullPage: false });
  await page.screenshot({ path: join(SCREENSHOTS, 'compare-full.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('phone-width view (390 px), single column', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(browser.baseUrl);
  await waitForConfigured(page);
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) >= 100, { timeoutMs: 60000, what: '100 steps' });
  await page.getByTestId('train-toggle').first().click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
  const panels = await page.locator('.rl-panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
  assert.ok(panels.every((x) => Math.abs(x - panels[0]) < 2), 'one column of panels');
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: false });
  await page.screenshot({ path: join(SCREENSHOTS, 'phone-full.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
