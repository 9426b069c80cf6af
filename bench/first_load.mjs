// first_load.mjs — what a first visit transfers: every file headless Chromium
// fetches over http while loading web/dist/index.html, and while loading a
// host page with one <rnn-lab> (the embed script), until the network is idle,
// each with its raw size and its size gzipped (zlib level 9: what a server
// that compresses would send; scripts/serve.mjs itself does not compress).
// Also the time to the first training step after pressing Train (the step
// counter above 0); what is fetched after the click is not counted.
//
//   node bench/first_load.mjs [--json-out FILE]
//
// Timing only: nothing here is a test. Needs the built site (scripts/build.sh).
import { gzipSync } from 'node:zlib';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'web/dist');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--json-out');

const HOST_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<script src="rnnlab-embed.js" defer></script></head>
<body><h1>A course page</h1><rnn-lab cell="lstm" task="binary_palindrome" T="10"></rnn-lab></body></html>`;

async function measure(context, url, trainSelector) {
  const page = await context.newPage();
  const files = [];
  const pending = [];
  let unread = 0;
  let counting = true;
  page.on('response', (res) => {
    if (!counting) return;
    pending.push(res.body().then((body) => {
      files.push({ url: new URL(res.url()).pathname, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }, () => { unread += 1; }));  // a redirect has no body
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'networkidle' });
  const loaded = Date.now() - t0;
  counting = false;
  await Promise.allSettled(pending);
  let firstStep = null;
  if (trainSelector) {
    const toggle = page.locator(trainSelector).first();
    await toggle.waitFor({ state: 'visible', timeout: 30000 });
    const t1 = Date.now();
    await toggle.click();
    await page.waitForFunction(() => {
      const find = (root) => {
        const el = root.querySelector('[data-testid="step-counter"]');
        if (el) return el;
        for (const host of root.querySelectorAll('*')) if (host.shadowRoot) { const e = find(host.shadowRoot); if (e) return e; }
        return null;
      };
      const el = find(document);
      return el && Number(el.dataset.value) > 0;
    }, null, { timeout: 30000, polling: 10 });
    firstStep = { from_navigation_ms: Date.now() - t0, from_click_ms: Date.now() - t1 };
  }
  await page.close();
  files.sort((a, b) => b.gzip - a.gzip);
  return {
    url, files, unread_responses: unread, total_bytes: files.reduce((s, f) => s + f.bytes, 0), total_gzip: files.reduce((s, f) => s + f.gzip, 0),
    network_idle_ms: loaded, first_step: firstStep,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'rnnlab-first-load-'));
const { server, url } = await startServer(DIST, 0, () => ({}));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
});
// The host page, on the site's own origin as a course site would be.
await context.route('**/host.html', (route) => route.fulfill({ contentType: 'text/html', body: HOST_PAGE }));
const report = {
  index: await measure(context, `${url}index.html`, '[data-testid="train-toggle"]'),
  embed: await measure(context, `${url}host.html`, 'rnn-lab >> [data-testid="train-toggle"]'),
};
await context.close();
await new Promise((ok) => server.close(ok));
await rm(dir, { recursive: true, force: true });

const kb = (n) => (n / 1024).toFixed(1);
for (const [name, r] of Object.entries(report)) {
  console.log(`${name}: ${r.files.length} files, ${kb(r.total_bytes)} KB raw, ${kb(r.total_gzip)} KB gzip; ` +
    `network idle after ${r.network_idle_ms} ms; first training step ${r.first_step ? r.first_step.from_click_ms + ' ms after the click' : '-'}`);
  for (const f of r.files.slice(0, 8)) console.log(`  ${f.url.padEnd(52)} ${kb(f.bytes).padStart(8)} KB  ${kb(f.gzip).padStart(8)} KB gzip`);
}
if (outIdx >= 0) await writeFile(args[outIdx + 1], JSON.stringify(report, null, 2));
