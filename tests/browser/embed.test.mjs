// embed.test.mjs — the <rnn-lab> element and embed.html (issue 5): the
// example course page (two widgets and an iframe) over http and from
// file:// with no console errors and the analytic parameter counts;
// independent widgets (training one leaves the other at step 0); a hostile
// host page's styles neither hide the widget's controls nor take its styles;
// `view` hides the other panels but keeps their hooks; `autoplay` starts
// only when scrolled into view; attribute changes reconfigure; removing the
// element ends its worker; the README's embed snippets work as written.
// Saves build/screenshots/course-page.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIST, ROOT, SCREENSHOTS, analyticCount, hookNumber, launch, openRaw, serveSite, until, waitForCounts,
} from './browser_helpers.mjs';

// binary_palindrome: tokens 0, 1, 2 (pad) one-hot, 2 classes; default N_h = 32.
const RNN_32 = analyticCount('rnn', 3, 32, 2);
const LSTM_32 = analyticCount('lstm', 3, 32, 2);
const GRU_32 = analyticCount('gru', 3, 32, 2);

let browser;
let site;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1280, height: 900 } });
  site = await serveSite({
    'hostile.html': `<!doctype html><html><head><meta charset="utf-8"><title>hostile host</title>
<link rel="icon" href="data:,">
<style>
  button { display: none !important; }
  * { font-size: 40px !important; color: red !important; letter-spacing: 6px; line-height: 4; text-transform: uppercase; }
  div, section { display: inline !important; padding: 30px !important; border: 5px solid lime !important; }
  [hidden] { display: none !important; }
  .rl-lab, .rl-btn, .rl-panel, canvas { display: none !important; visibility: hidden !important; }
  rnn-lab { font-family: "Comic Sans MS", cursive !important; visibility: hidden; }
</style>
<script src="rnnlab-embed.js"></script></head>
<body>
  <a id="host-link" class="rl-btn rl-btn--primary" href="#">a host link that happens to use the widget's class names</a>
  <rnn-lab id="w" cell="lstm" task="binary_palindrome" T="8" hidden="8"></rnn-lab>
</body></html>`,
    'widgets.html': `<!doctype html><html><head><meta charset="utf-8"><title>widgets</title>
<link rel="icon" href="data:,">
<script src="rnnlab-embed.js"></script></head>
<body>
  <rnn-lab id="viewed" cell="gru" task="parity" T="6" hidden="12" view="grad, controls"></rnn-lab>
  <rnn-lab id="plain" cell="rnn" task="binary_palindrome" T="5" hidden="8"></rnn-lab>
  <div id="spacer" style="height: 3000px"></div>
  <rnn-lab id="auto" cell="lstm" task="binary_palindrome" T="6" hidden="8" view="controls,grad" autoplay></rnn-lab>
</body></html>`,
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

describe('the example course page', () => {
  for (const via of ['http', 'file']) {
    test(`loads over ${via} with both widgets and the iframe, each independent`, async () => {
      const url = via === 'http'
        ? `${site.url}examples/course-page.html`
        : pathToFileURL(join(DIST, 'examples/course-page.html')).href;
      const page = await openRaw(browser.context, url);
      const widgets = page.locator('rnn-lab');
      assert.equal(await widgets.count(), 2);
      assert.deepEqual(await waitForCounts(widgets, 2), [RNN_32, LSTM_32], 'the widgets show the analytic counts');
      const frame = page.frameLocator('iframe');
      assert.deepEqual(await waitForCounts(frame, 1), [GRU_32], 'the iframe shows the GRU count');
      const [rnn, lstm] = [widgets.nth(0), widgets.nth(1)];
      // Nothing trains until asked.
      await page.waitForTimeout(500);
      for (const w of [rnn, lstm]) assert.equal(await hookNumber(w, 'step-counter'), 0);
      assert.equal(await hookNumber(frame, 'step-counter'), 0);
      // Training the LSTM leaves the RNN and the iframe at step 0.
      await lstm.getByTestId('train-toggle').click();
      await until(async () => (await hookNumber(lstm, 'step-counter')) >= 50, { what: 'the LSTM widget to train' });
      assert.equal(await hookNumber(rnn, 'step-counter'), 0, 'the other widget did not start');
      assert.equal(await hookNumber(frame, 'step-counter'), 0, 'the iframe did not start');
      assert.equal(await hookNumber(lstm, 'grad-flow-chart', 'data-points'), 16, 'T = 16 points');
      // The iframe trains on its own.
      await frame.getByTestId('train-toggle').click();
      await until(async () => (await hookNumber(frame, 'step-counter')) >= 20, { what: 'the iframe to train' });
      assert.equal(await hookNumber(rnn, 'step-counter'), 0);
      await lstm.getByTestId('train-toggle').click();
      await frame.getByTestId('train-toggle').click();
      if (via === 'http') {
        await rnn.getByTestId('train-toggle').click();
        await until(async () => (await hookNumber(rnn, 'step-counter')) >= 300, { timeoutMs: 60000, what: '300 RNN steps' });
        await rnn.getByTestId('train-toggle').click();
        await page.waitForTimeout(400);
        await page.screenshot({ path: join(SCREENSHOTS, 'course-page.png'), fullPage: true });
      }
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }
});

describe('the <rnn-lab> element', () => {
  test('host-page styles do not hide or restyle the widget, and its styles stay inside', async () => {
    const page = await openRaw(browser.context, `${site.url}hostile.html`);
    const w = page.locator('#w');
    assert.deepEqual(await waitForCounts(w, 1), [analyticCount('lstm', 3, 8, 2)], 'hidden="8" is the hidden size');
    const toggle = w.getByTestId('train-toggle');
    assert.ok(await toggle.isVisible(), 'train-toggle is visible despite button { display: none }');
    const look = await toggle.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { fontSize: cs.fontSize, color: cs.color, letterSpacing: cs.letterSpacing, textTransform: cs.textTransform, visibility: cs.visibility };
    });
    assert.equal(look.fontSize, '14.5px', 'the widget keeps its font size');
    assert.equal(look.color, 'rgb(255, 255, 255)', 'the widget keeps its colours');
    assert.equal(look.letterSpacing, 'normal');
    assert.equal(look.textTransform, 'none');
    assert.equal(look.visibility, 'visible');
    const box = await toggle.boundingBox();
    assert.ok(box && box.width > 40 && box.height > 20, `a real button (${JSON.stringify(box)})`);
    assert.ok(await w.getByTestId('grad-flow-chart').isVisible(), 'the chart is visible');
    await toggle.click();
    await until(async () => (await hookNumber(w, 'step-counter')) >= 10, { what: 'training in the hostile page' });
    await toggle.click();
    // Nothing leaks out: the host's look-alike link keeps the host's styles.
    const out = await page.evaluate(() => {
      const a = document.getElementById('host-link');
      return {
        documentSheets: document.adoptedStyleSheets.length,
        documentStyles: document.querySelectorAll('style[data-rnnlab-style]').length,
        background: getComputedStyle(a).backgroundColor,
        fontSize: getComputedStyle(a).fontSize,
      };
    });
    assert.equal(out.documentSheets, 0, 'no stylesheet adopted by the host document');
    assert.equal(out.documentStyles, 0, 'no <style> added to the host document');
    assert.equal(out.background, 'rgba(0, 0, 0, 0)', 'the host link is not styled as a widget button');
    assert.equal(out.fontSize, '40px', 'the host page keeps its own rules');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('view shows only the panels it names; hidden hooks stay up to date; autoplay waits for the scroll', async () => {
    const page = await openRaw(browser.context, `${site.url}widgets.html`);
    const viewed = page.locator('#viewed');
    const plain = page.locator('#plain');
    const auto = page.locator('#auto');
    // parity: tokens 0/1, 2 classes.
    assert.deepEqual(await waitForCounts(page.locator('rnn-lab'), 3),
      [analyticCount('gru', 2, 12, 2), analyticCount('rnn', 3, 8, 2), analyticCount('lstm', 3, 8, 2)]);
    // view="grad, controls": the chart and the run bar show, the rest is display: none with live hooks.
    assert.ok(await viewed.getByTestId('grad-flow-chart').isVisible());
    assert.ok(await viewed.getByTestId('train-toggle').isVisible());
    assert.equal(await viewed.getByTestId('param-count').isVisible(), false, 'the parameter panel is hidden');
    assert.equal(await viewed.getByTestId('param-formula').count(), 1, 'its hooks are still there');
    assert.equal(await viewed.locator('.rl-panel--loss').isVisible(), false);
    assert.equal(await viewed.locator('.rl-settings').isVisible(), false);
    assert.ok(await plain.locator('.rl-panel--loss').isVisible(), 'a widget without view shows every panel');
    await viewed.getByTestId('step-button').click();
    await until(async () => (await hookNumber(viewed, 'step-counter')) === 1, { what: 'one step' });
    assert.equal(await hookNumber(viewed, 'grad-flow-chart', 'data-points'), 6);
    // A changed view shows other panels; an unknown name is explained.
    await viewed.evaluate((el) => el.setAttribute('view', 'params'));
    assert.ok(await viewed.getByTestId('param-count').isVisible());
    assert.equal(await viewed.getByTestId('grad-flow-chart').isVisible(), false);
    await viewed.evaluate((el) => el.setAttribute('view', 'params,nonsense'));
    await until(async () => /unknown panel "nonsense"/.test(await viewed.getByTestId('error-message').textContent()), { what: 'the view message' });

    // autoplay: out of view, nothing trains; scrolled into view, it starts by itself.
    await page.waitForTimeout(1200);
    assert.equal(await hookNumber(auto, 'step-counter'), 0, 'autoplay waits until the widget is in view');
    assert.equal(await hookNumber(plain, 'step-counter'), 0, 'a widget without autoplay never starts by itself');
    await auto.scrollIntoViewIfNeeded();
    await until(async () => (await hookNumber(auto, 'step-counter')) > 0, { what: 'autoplay to start' });
    assert.equal(await hookNumber(plain, 'step-counter'), 0);
    await auto.getByTestId('train-toggle').click();  // pause

    // Attributes are live: new settings reconfigure the widget.
    await plain.evaluate((el) => {
      el.setAttribute('cell', 'lstm');
      el.setAttribute('T', '7');
    });
    await until(async () => (await hookNumber(plain, 'param-count')) === analyticCount('lstm', 3, 8, 2), { what: 'the new cell' });
    await plain.getByTestId('step-button').click();
    await until(async () => (await hookNumber(plain, 'grad-flow-chart', 'data-points')) === 7, { what: 'T = 7' });

    // Removing a widget ends its worker.
    await until(async () => page.workers().length === 3, { what: 'three workers' });
    const closed = new Promise((ok) => page.workers()[0].once('close', ok));
    await page.evaluate(() => document.querySelectorAll('rnn-lab').forEach((el, i) => i === 0 && el.remove()));
    await until(async () => page.workers().length === 2, { what: 'the removed widget\'s worker to end' });
    assert.equal(await page.locator('rnn-lab').count(), 2);
    await Promise.race([closed, new Promise((ok) => setTimeout(ok, 100))]);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('embed.html takes its settings, view and heading from the URL', async () => {
    const page = await openRaw(browser.context, `${site.url}embed.html#cell=peephole_lstm&task=binary_palindrome&T=9&hidden=6&view=controls,params&heading=Peephole`);
    assert.deepEqual(await waitForCounts(page, 1), [analyticCount('peephole_lstm', 3, 6, 2)]);
    assert.ok(await page.getByTestId('param-count').isVisible());
    assert.equal(await page.getByTestId('grad-flow-chart').isVisible(), false);
    assert.match(await page.locator('.rl-lab-title').textContent(), /Peephole/);
    await page.getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(page, 'step-counter')) > 5, { what: 'embed.html to train' });
    assert.equal(await hookNumber(page, 'grad-flow-chart', 'data-points'), 9);
    // A bad key is explained and falls back to the default.
    await page.evaluate(() => { location.hash = '#cell=lstm&T=abc'; });
    await until(async () => /T must be a whole number/.test(await page.getByTestId('error-message').textContent()), { what: 'the bad-T message' });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

test('the README\'s embed snippets work as written (web/dist copied as rnnlab/ beside the page)', async () => {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embedding in a course page'), readme.indexOf('### Content-Security-Policy'));
  const blocks = [...section.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 3, 'three snippets: element, iframe, link');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>README snippets</title></head><body>\n${blocks.join('\n')}\n</body></html>`;
  const readmeSite = await serveSite({ 'course.html': html }, () => ({}), { links: { rnnlab: DIST } });
  try {
    const page = await openRaw(browser.context, `${readmeSite.url}course.html`);
    const widgets = page.locator('rnn-lab');
    assert.deepEqual(await waitForCounts(widgets, 2), [LSTM_32, analyticCount('rnn', 3, 64, 2)]);
    assert.deepEqual(await waitForCounts(page.frameLocator('iframe'), 1), [RNN_32]);
    await widgets.nth(0).getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(widgets.nth(0), 'step-counter')) > 5, { what: 'the first snippet widget to train' });
    const href = await page.locator('a[href*="index.html"]').getAttribute('href');
    await page.goto(new URL(href, page.url()).href);
    await until(async () => (await page.getByTestId('grad-flow-chart').count()) === 2, { what: 'the linked page in compare mode' });
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await readmeSite.close();
  }
});
