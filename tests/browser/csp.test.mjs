// csp.test.mjs — the Content-Security-Policy the embeds need (README,
// "Content-Security-Policy"): a host page sent with exactly the documented
// directives loads the <rnn-lab> widget, shows the formula and trains, with
// no console error and no CSP violation; removing each required directive
// breaks it visibly (a message in error-message, never a silent hang).
// embed.html works under the same directives plus style-src 'self' (its one
// stylesheet) and img-src 'self' (its icon), the full page under the policy
// the README gives for it. The bundles hold no eval or new Function.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST, analyticCount, hookNumber, launch, serveSite, until, waitForCounts } from './browser_helpers.mjs';

// The documented policy, directive by directive (README, "Content-Security-Policy").
const REQUIRED = {
  'script-src': "script-src 'self' 'wasm-unsafe-eval'",
  'worker-src': 'worker-src blob:',
};
const BASE = "default-src 'none'";
const policy = (directives) => [BASE, ...directives].join('; ');
const STRICT = policy(Object.values(REQUIRED));

const WIDGET_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>strict CSP host</title>
<script src="rnnlab-embed.js"></script></head>
<body><rnn-lab cell="lstm" task="binary_palindrome" T="10" hidden="16" view="controls,grad,params"></rnn-lab></body></html>`;

// The full page (index.html) typesets with KaTeX's HTML output (inline style
// attributes, its own fonts) and has a data: favicon, so it needs more.
const PAGE_POLICY = `${STRICT}; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src data:`;

// Per-path policies: /csp-<name>.html is the widget page under that policy.
const POLICIES = {
  strict: STRICT,
  'no-wasm-unsafe-eval': policy(["script-src 'self'", REQUIRED['worker-src']]),
  'no-worker-src': policy([REQUIRED['script-src']]),
};

let browser;
let site;
before(async () => {
  browser = await launch();
  const pages = {};
  for (const name of Object.keys(POLICIES)) pages[`csp-${name}.html`] = WIDGET_PAGE;
  site = await serveSite(pages, (path) => {
    const m = /^\/csp-([\w-]+)\.html$/.exec(path);
    if (m && POLICIES[m[1]]) return { 'Content-Security-Policy': POLICIES[m[1]] };
    if (path === '/embed.html') return { 'Content-Security-Policy': `${STRICT}; style-src 'self'; img-src 'self'` };
    if (path === '/index.html') return { 'Content-Security-Policy': PAGE_POLICY };
    return {};
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens a page recording console errors (page and workers) and securitypolicyviolation events. */
async function openWatched(url) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  page.errors = errors;
  page.violations = () => page.evaluate(() => window.__violations);
  return page;
}

describe(`a host page with exactly: ${STRICT}`, () => {
  test('the widget loads, typesets the formula and trains, with no error and no violation', async () => {
    const page = await openWatched(`${site.url}csp-strict.html`);
    assert.deepEqual(await waitForCounts(page, 1), [analyticCount('lstm', 3, 16, 2)]);
    assert.match(await page.getByTestId('param-formula').innerHTML(), /<math/, 'the formula is MathML');
    await page.getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(page, 'step-counter')) >= 30, { what: 'training under the strict CSP' });
    assert.equal(await hookNumber(page, 'grad-flow-chart', 'data-points'), 10);
    await page.getByTestId('train-toggle').click();
    assert.equal(await page.getByTestId('error-message').isVisible(), false);
    assert.deepEqual(await page.violations(), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('embed.html (served with the same directives, style-src \'self\' and img-src \'self\' for its icon) works too', async () => {
    const page = await openWatched(`${site.url}embed.html#cell=rnn&T=7&view=controls,grad`);
    await waitForCounts(page, 1);
    await page.getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(page, 'step-counter')) >= 10, { what: 'embed.html training' });
    assert.deepEqual(await page.violations(), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

test(`the full page works with: ${PAGE_POLICY}`, async () => {
  const page = await openWatched(`${site.url}index.html#cell=gru&T=8`);
  await waitForCounts(page, 1);
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) >= 10, { what: 'the page training' });
  await page.getByTestId('train-toggle').first().click();
  assert.deepEqual(await page.violations(), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

describe('each required directive is needed', () => {
  for (const [name, pattern, other] of [
    ['no-wasm-unsafe-eval', /script-src 'wasm-unsafe-eval'/, /worker-src/],
    ['no-worker-src', /worker-src blob:/, /wasm-unsafe-eval/],
  ]) {
    test(`without ${name.slice(3)} the widget says what is missing`, async () => {
      const page = await openWatched(`${site.url}csp-${name}.html`);
      const message = await until(async () => {
        const el = page.getByTestId('error-message');
        return (await el.isVisible()) ? el.textContent() : '';
      }, { what: 'error-message' });
      assert.match(message, pattern, `the message names the directive: ${message}`);
      assert.doesNotMatch(message, other, 'and only that one');
      assert.equal(await hookNumber(page, 'step-counter'), 0, 'nothing trained');
      await page.close();
    });
  }
});

test('the bundles need no eval and no new Function', async () => {
  for (const file of ['rnnlab-embed.js', 'app.js', 'worker.js']) {
    const text = await readFile(join(DIST, file), 'utf8');
    assert.doesNotMatch(text, /\bnew Function\s*\(|(?<![\w$.])Function\s*\(\s*["'`]|(?<![\w$.])eval\s*\(/, `${file} calls eval or new Function`);
  }
});
