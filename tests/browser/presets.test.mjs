// presets.test.mjs — the guided experiments (web/js/presets.mjs): each
// button loads its settings into the page (one lab, or two in compare mode)
// with the analytic parameter counts and no message, and shows its
// explanation, link and embed snippet; the link opens the same experiment;
// a snippet pasted as written into a host page beside rnnlab-embed.js works.
// Saves build/screenshots/presets.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SCREENSHOTS, analyticCount, hookNumber, launch, openPage, openRaw, serveSite, until, waitForCounts,
} from './browser_helpers.mjs';

// What each preset must show: [preset id, lab A's count, lab B's count or null].
const BIN = (cell, h = 32) => analyticCount(cell, 3, h, 2);
const EXPECT = [
  ['vanishing', BIN('rnn'), null],
  ['cell-state', BIN('lstm'), null],
  ['exploding', BIN('rnn'), BIN('rnn')],
  ['gru-vs-lstm', BIN('gru'), BIN('lstm')],
  ['lstm-learns', BIN('lstm'), null],
  ['jacobian-gain', BIN('rnn'), null],
  // palindrome: 10 digit tokens embedded in E = 4, 10 classes, plus the 10 x 4 embedding table.
  ['param-count', analyticCount('lstm', 4, 16, 10) + 10 * 4, null],
];

let browser;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1440, height: 1000 } });
});
after(async () => browser?.close());

test('each preset loads its experiment and shows its explanation, link and snippet', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  const detail = page.getByTestId('preset-detail');
  assert.equal(await detail.isVisible(), false, 'no explanation before a choice');
  for (const [id, countA, countB] of EXPECT) {
    await page.getByTestId(`preset-${id}`).click();
    await until(async () => (await detail.getAttribute('data-preset')) === id, { what: `${id} chosen` });
    assert.equal(await page.getByTestId(`preset-${id}`).getAttribute('aria-pressed'), 'true');
    const a = page.getByTestId('lab-a');
    const b = page.getByTestId('lab-b');
    await until(async () => (await hookNumber(a, 'param-count')) === countA, { what: `${id}: lab A's count ${countA}` });
    if (countB === null) {
      assert.equal(await b.isVisible(), false, `${id}: one lab`);
    } else {
      await until(async () => (await b.isVisible()) && (await hookNumber(b, 'param-count')) === countB, { what: `${id}: lab B's count ${countB}` });
    }
    assert.equal(await page.getByTestId('error-message').first().isVisible(), false, `${id}: no message`);
    const text = await page.getByTestId('preset-text').textContent();
    assert.ok(text.split(/[.!?](\s|$)/).filter((s) => s && s.trim().length > 1).length >= 2, `${id}: an explanation`);
    const snippet = await page.getByTestId('preset-embed').textContent();
    assert.match(snippet, /^<script src="[^"]*rnnlab-embed\.js"><\/script>\n<rnn-lab /);
    assert.equal((snippet.match(/<rnn-lab /g) || []).length, countB === null ? 1 : 2, `${id}: one element per lab`);
    const href = await page.getByTestId('preset-link').getAttribute('href');
    assert.match(href, /index\.html#cell=/);
  }
  // The exploding-gradient preset trains lab A unclipped: the chart shows the gradient growing back in time at step 1.
  await page.getByTestId('preset-exploding').click();
  const a = page.getByTestId('lab-a');
  await until(async () => (await hookNumber(a, 'param-count')) === BIN('rnn') && (await page.getByTestId('lab-b').isVisible()), { what: 'exploding loaded' });
  await a.getByTestId('step-button').click();
  await until(async () => (await hookNumber(a, 'step-counter')) === 1, { what: 'one step' });
  assert.match(await a.locator('.rl-panel--grad .rl-summary').textContent(), /explodes/);
  await page.getByTestId('train-both').click();
  await until(async () => (await hookNumber(page.getByTestId('lab-b'), 'step-counter')) >= 300, { timeoutMs: 60000, what: '300 steps' });
  await page.getByTestId('train-both').click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, 'presets.png'), fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a preset link opens its experiment with the explanation', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=gru&task=binary_palindrome&T=16&seed=1&compare=1&vs.cell=lstm`);
  await until(async () => (await page.getByTestId('preset-detail').getAttribute('data-preset')) === 'gru-vs-lstm', { what: 'the matching preset' });
  assert.ok(await page.getByTestId('preset-detail').isVisible());
  assert.equal(await page.getByTestId('preset-gru-vs-lstm').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a preset\'s embed snippet works pasted as written', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await page.getByTestId('preset-cell-state').click();
  const snippet = await page.getByTestId('preset-embed').textContent();
  await page.close();
  // The page wrote an absolute URL of its own server; beside the script a relative one works the same.
  const local = snippet.replace(/src="[^"]*rnnlab-embed\.js"/, 'src="rnnlab-embed.js"');
  const site = await serveSite({ 'course.html': `<!doctype html><html><head><meta charset="utf-8"><title>course</title></head><body>\n${local}\n</body></html>` });
  try {
    const host = await openRaw(browser.context, `${site.url}course.html`);
    assert.deepEqual(await waitForCounts(host, 1), [BIN('lstm')]);
    assert.ok(await host.getByTestId('grad-flow-chart').isVisible(), 'view shows the chart');
    assert.equal(await host.getByTestId('param-count').isVisible(), false, 'and not the parameters');
    await host.getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(host, 'step-counter')) > 10, { what: 'the pasted widget to train' });
    assert.deepEqual(host.errors, []);
    await host.close();
  } finally {
    await site.close();
  }
});
