// browser_helpers.mjs — what every browser test shares: launching Debian's
// Chromium through playwright-core with the flags toolchain.md lists (and a
// fresh profile), serving web/dist on a local port, the two ways to reach
// the page (http and file://), console-error collection, and small waits
// on the page's data-testid hooks (docs/page.md).
// Deliberately not a test file (node --test runs only *.test.mjs here).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(ROOT, 'web/dist');
export const SCREENSHOTS = join(ROOT, 'build/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Fails early with a clear message when the site has not been built. */
export async function assertBuilt() {
  try {
    await stat(join(DIST, 'app.js'));
  } catch {
    throw new Error(`${DIST}/app.js is missing: run node scripts/build_web.mjs (after the wasm build) first`);
  }
}

/**
 * Starts Chromium with a fresh profile and the static server.
 * Returns {context, baseUrl, fileUrl, close()}; baseUrl is http, fileUrl file://.
 */
export async function launch({ viewport = { width: 1440, height: 1000 }, deviceScaleFactor = 1 } = {}) {
  await assertBuilt();
  const profile = await mkdtemp(join(tmpdir(), 'rnnlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, deviceScaleFactor, acceptDownloads: true,
  });
  const { server, url } = await startServer(DIST);
  return {
    context,
    baseUrl: `${url}index.html`,
    fileUrl: pathToFileURL(join(DIST, 'index.html')).href,
    async close() {
      await context.close();
      await new Promise((ok) => server.close(ok));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A new page that records console errors and uncaught exceptions. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.errors = errors;
  await page.goto(url);
  await waitForConfigured(page);
  return page;
}

/** Waits until the lab (optionally inside `scope`) shows the engine's parameter count. */
export async function waitForConfigured(page, scope = null) {
  const root = scope ? page.locator(scope) : page;
  await root.getByTestId('param-count').first().waitFor();
  await page.waitForFunction((sel) => {
    const base = sel ? document.querySelector(sel) : document;
    const el = base && base.querySelector('[data-testid="param-count"]');
    return el && /^\d+$/.test(el.getAttribute('data-value') || '');
  }, scope, { timeout: 30000 });
}

/** Reads a numeric data-value (or another attribute) of the first matching hook. */
export async function hookNumber(root, testid, attr = 'data-value') {
  const v = await root.getByTestId(testid).first().getAttribute(attr);
  return v === null || v === '' ? NaN : Number(v);
}

/** Polls fn() until it returns a truthy value (or throws after timeoutMs). */
export async function until(fn, { timeoutMs = 20000, intervalMs = 100, what = 'condition' } = {}) {
  const t0 = Date.now();
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
    await new Promise((ok) => setTimeout(ok, intervalMs));
  }
}

// A 1x1 transparent PNG (browsers accept PNG data as favicon.ico).
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * Serves web/dist plus extra pages (e.g. a host page with hostile styles, or
 * one sent with a Content-Security-Policy) from a temporary folder: every
 * entry of web/dist is linked in, `pages` {path: html} are written beside
 * them; `links` {name: target} adds more links (e.g. {rnnlab: DIST}, the
 * README's layout). headers(path) adds response headers. Returns {url, dir, close()}.
 */
export async function serveSite(pages, headers = () => ({}), { links = {} } = {}) {
  const { mkdtemp: mk, readdir, symlink, writeFile } = await import('node:fs/promises');
  const dir = await mk(join(tmpdir(), 'rnnlab-site-'));
  for (const name of await readdir(DIST)) await symlink(join(DIST, name), join(dir, name));
  // A favicon, so a top-level page without one logs no 404 (a course site has its own).
  await writeFile(join(dir, 'favicon.ico'), Buffer.from(TINY_PNG, 'base64'));
  for (const [path, html] of Object.entries(pages)) await writeFile(join(dir, path), html);
  for (const [name, target] of Object.entries(links)) await symlink(target, join(dir, name));
  const { server, url } = await startServer(dir, 0, headers);
  return {
    url,
    dir,
    async close() {
      server.closeAllConnections();  // the browser may keep connections alive; close() alone would wait for them
      await new Promise((ok) => server.close(ok));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The README's parameter-count formulas (one bias per gate), for N_in, N_h, N_out. */
export function analyticCount(cell, nIn, nH, nOut) {
  const head = nOut * nH + nOut;
  const block = nH * nIn + nH * nH + nH;
  switch (cell) {
    case 'rnn': return block + head;
    case 'lstm': return 4 * block + head;
    case 'gru': return 3 * block + nH + head;
    case 'peephole_lstm': return 4 * (nH * nIn + nH) + 3 * nH * nH + head;
    default: throw new Error(`unknown cell ${cell}`);
  }
}

/** A page that records console errors and uncaught exceptions (as openPage) without waiting for a lab. */
export async function openRaw(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.errors = errors;
  await page.goto(url);
  return page;
}

/** Waits until every param-count hook under `root` (a page, frame or locator; shadow roots pierced) has an integer data-value. */
export async function waitForCounts(root, n, timeoutMs = 30000) {
  return until(async () => {
    const values = await root.getByTestId('param-count').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    return values.length === n && values.every((v) => /^\d+$/.test(v || '')) ? values.map(Number) : null;
  }, { timeoutMs, what: `${n} configured labs` });
}
