// report_assignment.test.mjs — issue 12 items 4 and 5 on the page
// (docs/teachers.md, docs/assignment-format.md): "Export report" downloads
// the engine's run report, which the native `rnnlab verify` accepts (exit
// 0) and rejects once one number is changed (exit 1, naming the field); an
// assignment loaded from the URL shows its title and prompts, locks its
// keys (controls disabled), and the answers typed go into the report,
// which `verify --assignment` accepts (and refuses against an assignment
// that locks another T); a bad assignment file shows line-numbered
// messages; another site's file is refused; from file:// the page says how
// to serve it; an assignment inlined in <rnn-lab> works the same; a run
// from loaded weights has no report and says so. Saves
// build/screenshots/assignment-1400.png and assignment-375.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, SCREENSHOTS, launch, openPage, openRaw, serveSite, until } from './browser_helpers.mjs';

const RNNLAB = join(ROOT, 'build/native/rnnlab');
const EXAMPLE = join(ROOT, 'web/examples/assignment-vanishing.json');

const INLINE = {
  format: 'rnnlab-assignment/1',
  title: 'Inlined: the LSTM remembers',
  config: { cell: 'lstm', task: 'binary_palindrome', T: 6, hidden: 8 },
  lock: ['cell', 'T'],
  prompts: ['What does the forget gate do here?', 'Why does the gradient reach t = 1?'],
};

// A bad file: the format's version (line 2), a cell the engine does not have and a T below 1 (line 5), no prompts (line 8).
const BAD = `{
  "format": "rnnlab-assignment/2",
  "title": "Broken",
  "config": {
    "cell": "tree", "T": 0
  },
  "lock": ["cell"],
  "prompts": []
}
`;

let browser;
let site;
let dir;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-report-'));
  site = await serveSite({
    'bad-assignment.json': BAD,
    'inline.html': `<!doctype html><html><head><meta charset="utf-8"><title>inlined assignment</title>
<link rel="icon" href="data:,"><script src="rnnlab-embed.js"></script></head>
<body><rnn-lab id="w" hidden="12" view="settings,controls,grad,export">
<script type="application/json" class="rnnlab-assignment">${JSON.stringify(INLINE, null, 2)}</script>
</rnn-lab></body></html>`,
    'attr.html': `<!doctype html><html><head><meta charset="utf-8"><title>assignment attribute</title>
<link rel="icon" href="data:,"><script src="rnnlab-embed.js" defer></script></head>
<body><rnn-lab id="w" assignment="examples/assignment-vanishing.json"></rnn-lab></body></html>`,
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function verify(...args) {
  const r = spawnSync(RNNLAB, ['verify', ...args], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

async function errorText(root) {
  const el = root.getByTestId('error-message').first();
  return (await el.isVisible()) ? (await el.textContent()).trim() : '';
}

/** Trains (as fast as possible) to at least `steps`, then pauses; returns the step shown. */
async function trainTo(root, steps) {
  await root.getByTestId('speed').first().selectOption('0');
  await root.getByTestId('train-toggle').first().click();
  await until(async () => Number(await root.getByTestId('step-counter').first().getAttribute('data-value')) >= steps,
    { timeoutMs: 60000, what: `step ${steps}` });
  await root.getByTestId('train-toggle').first().click();
  await until(async () => (await root.getByTestId('train-toggle').first().textContent()).trim() === 'Train', { what: 'paused' });
  // The steps of the last chunk arrive after the pause: wait until the counter stands still.
  let last = -1;
  return until(async () => {
    const now = Number(await root.getByTestId('step-counter').first().getAttribute('data-value'));
    const still = now === last;
    last = now;
    return still ? now : null;
  }, { intervalMs: 400, what: 'the counter at rest' });
}

/** Clicks Export report and saves the download: {file, name, report}. */
async function exportReport(page, root, name) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), root.getByTestId('export-report').first().click()]);
  const file = join(dir, name);
  await download.saveAs(file);
  return { file, name: download.suggestedFilename(), report: JSON.parse(await readFile(file, 'utf8')) };
}

describe('Export report', () => {
  test('the page exports a report that rnnlab verify accepts, and refuses once one number is changed', async () => {
    const page = await openPage(browser.context, `${browser.baseUrl}#cell=gru&task=binary_palindrome&T=8&hidden=12&seed=3`);
    try {
      const step = await trainTo(page, 60);
      const { file, name, report } = await exportReport(page, page, 'page.json');
      assert.equal(name, `rnnlab-report-binary_palindrome-gru-step${step}.json`);
      assert.equal(report.format, 'rnnlab-report/1');
      assert.equal(report.steps, step);
      assert.equal(report.config.cell, 'gru');
      assert.equal(report.config.hidden, 12);
      assert.equal(report.assignment, undefined, 'no assignment on this page');
      assert.ok(report.checkpoints.length >= 3, `${report.checkpoints.length} checkpoints`);
      assert.match(await page.locator('.rl-exports > .rl-note[role="status"]').first().textContent(), /Report downloaded/);
      assert.equal(await errorText(page), '');

      const genuine = verify(file);
      assert.equal(genuine.status, 0, genuine.out);
      assert.match(genuine.out, /genuine/);

      const held = structuredClone(report);
      held.final.heldOutAccuracy = held.final.heldOutAccuracy > 0.5 ? 0.2 : 0.95;
      await writeFile(join(dir, 'held.json'), JSON.stringify(held));
      const r1 = verify(join(dir, 'held.json'));
      assert.equal(r1.status, 1, r1.out);
      assert.match(r1.out, /final\.heldOutAccuracy/);

      const loss = structuredClone(report);
      loss.checkpoints[1].loss *= 1.5;
      await writeFile(join(dir, 'loss.json'), JSON.stringify(loss));
      const r2 = verify(join(dir, 'loss.json'));
      assert.equal(r2.status, 1, r2.out);
      assert.match(r2.out, /checkpoints\[1\]\.loss/);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });

  test('a run from loaded weights has no report: the engine says so, and the lab keeps its run', async () => {
    const page = await openPage(browser.context, `${browser.baseUrl}#cell=rnn&T=6&hidden=8`);
    try {
      await trainTo(page, 5);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('state-download').click()]);
      const weights = join(dir, 'weights.json');
      await download.saveAs(weights);
      await page.getByTestId('state-upload').setInputFiles(weights);
      await until(async () => (await page.getByTestId('import-status').getAttribute('data-state')) === 'done', { what: 'import done' });
      const before = Number(await page.getByTestId('step-counter').getAttribute('data-value'));
      let downloaded = false;
      page.on('download', () => { downloaded = true; });
      await page.getByTestId('export-report').click();
      const text = await until(async () => (await errorText(page)) || null, { what: 'the report refusal' });
      assert.match(text, /Could not export the report: .*loaded weights/);
      assert.equal(downloaded, false);
      assert.equal(Number(await page.getByTestId('step-counter').getAttribute('data-value')), before, 'the run stays');
      assert.equal(await page.getByTestId('export-report').isEnabled(), true);
    } finally {
      await page.close();
    }
  });
});

describe('assignments', () => {
  test('an assignment from the URL shows its prompts, locks its keys, and its answers go into a report verify accepts', async () => {
    const example = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    // The URL asks for other values of the assignment's keys: the assignment wins.
    const page = await openPage(browser.context, `${browser.baseUrl}?assignment=examples/assignment-vanishing.json#cell=gru&T=30&hidden=24`);
    try {
      const panel = page.getByTestId('assignment-panel');
      await panel.waitFor();
      assert.match(await panel.textContent(), new RegExp(example.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      for (let i = 0; i < example.prompts.length; i++) {
        assert.match(await panel.textContent(), new RegExp(example.prompts[i].slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        await page.getByTestId(`answer-${i + 1}`).waitFor();
      }
      assert.equal(await page.getByTestId(`answer-${example.prompts.length + 1}`).count(), 0);
      await until(async () => (await page.locator('.rl-lab').first().getAttribute('data-locked')) === 'cell,task,T,seed', { what: 'the lock' });
      assert.equal(await page.getByTestId('setting-cell').evaluate((el) => el.disabled), true);
      assert.equal(await page.getByTestId('setting-T').isDisabled(), true);
      assert.equal(await page.getByTestId('setting-task').isDisabled(), true);
      assert.equal(await page.getByTestId('setting-seed').isDisabled(), true);
      assert.equal(await page.getByTestId('setting-hidden').isDisabled(), false, 'hidden is not locked');
      assert.equal(await page.getByTestId('setting-T').inputValue(), '16');
      assert.equal(await page.locator('.rl-lab').first().getAttribute('data-cell'), 'rnn');
      assert.equal(await page.getByTestId('setting-hidden').inputValue(), '32', "the assignment's hidden over the URL's");
      assert.match(page.url(), /[?&]assignment=examples\/assignment-vanishing\.json/, 'the URL keeps the assignment');
      // Its steps are the Run to step target.
      assert.equal(await page.getByTestId('run-to-step').inputValue(), '300');

      await page.getByTestId('answer-1').fill('At t = 1: about four orders of magnitude below t = T.');
      await page.getByTestId('answer-3').fill('It grows with N_h^2.');
      await page.screenshot({ path: join(SCREENSHOTS, 'assignment-1400.png') });
      const step = await trainTo(page, 40);
      const { file, name, report } = await exportReport(page, page, 'assigned.json');
      assert.equal(name, `rnnlab-report-binary_palindrome-rnn-step${step}.json`);
      assert.deepEqual(report.answers, ['At t = 1: about four orders of magnitude below t = T.', '', 'It grows with N_h^2.']);
      assert.equal(report.assignment.title, example.title);
      assert.deepEqual(report.assignment.prompts, example.prompts);
      assert.deepEqual([...report.assignment.lock].sort(), [...example.lock].sort());

      const ok = verify(file, '--assignment', EXAMPLE);
      assert.equal(ok.status, 0, ok.out);
      const other = join(dir, 'other-T.json');
      await writeFile(other, JSON.stringify({ ...example, config: { ...example.config, T: 20 } }, null, 2));
      const wrong = verify(file, '--assignment', other);
      assert.equal(wrong.status, 1, wrong.out);
      assert.match(wrong.out, /config\.T/);

      // The answers stay in this browser: a reload shows them again.
      await page.reload();
      await page.getByTestId('assignment-panel').waitFor();
      assert.equal(await page.getByTestId('answer-3').inputValue(), 'It grows with N_h^2.');
      await page.setViewportSize({ width: 375, height: 800 });
      await page.getByTestId('assignment-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'assignment-375.png') });
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });

  test('a bad assignment file shows line-numbered messages and the lab runs unlocked', async () => {
    const page = await openPage(browser.context, `${site.url}index.html?assignment=bad-assignment.json`);
    try {
      const text = await until(async () => { const t = await errorText(page); return /line/.test(t) ? t : null; }, { what: 'the messages' });
      assert.match(text, /Assignment bad-assignment\.json, line 2: format must be "rnnlab-assignment\/1"/);
      assert.match(text, /line 5: config: cell must be/);
      assert.match(text, /line 8: prompts must hold 1 to 5/);
      assert.equal(await page.getByTestId('assignment-panel').count(), 0);
      assert.equal(await page.getByTestId('setting-T').isDisabled(), false);
      assert.equal((await page.locator('.rl-lab').first().getAttribute('data-locked')) || '', '');
    } finally {
      await page.close();
    }
  });

  test("another site's assignment is refused; a missing one and one from disk are explained", async () => {
    const page = await openPage(browser.context, `${site.url}index.html?assignment=${encodeURIComponent('http://example.invalid/a.json')}`);
    try {
      const text = await until(async () => (await errorText(page)) || null, { what: 'the refusal' });
      assert.match(text, /http:\/\/example\.invalid\/a\.json is not on this site .*same site/);
    } finally {
      await page.close();
    }
    const missing = await openPage(browser.context, `${site.url}index.html?assignment=nope.json`);
    try {
      const text = await until(async () => (await errorText(missing)) || null, { what: 'the 404' });
      assert.match(text, /Could not load the assignment nope\.json: the server answered 404/);
    } finally {
      await missing.close();
    }
    const fromDisk = await openPage(browser.context, `${pathToFileURL(join(DIST, 'index.html')).href}?assignment=examples/assignment-vanishing.json`);
    try {
      const text = await until(async () => (await errorText(fromDisk)) || null, { what: 'the file:// hint' });
      assert.match(text, /Could not load the assignment assignment-vanishing\.json: A page opened from disk \(file:\/\/\) cannot read other files: serve the folder/);
      assert.match(text, /class="rnnlab-assignment"/);
    } finally {
      await fromDisk.close();
    }
  });

  test('an assignment inlined in <rnn-lab> shows, locks, and goes into the report', async () => {
    const page = await openRaw(browser.context, `${site.url}inline.html`);
    try {
      const w = page.locator('#w');
      await w.getByTestId('assignment-panel').waitFor({ timeout: 30000 });
      await until(async () => /^\d+$/.test((await w.getByTestId('param-count').getAttribute('data-value')) || ''), { what: 'configured' });
      assert.match(await w.getByTestId('assignment-panel').textContent(), /Inlined: the LSTM remembers/);
      assert.equal(await w.getByTestId('answer-2').count(), 1);
      assert.equal(await w.getByTestId('answer-3').count(), 0);
      assert.deepEqual(await w.evaluate((el) => el.locked), ['cell', 'T']);
      // The element script runs before its children are parsed: the first run may be the attributes', then the assignment's.
      await until(async () => JSON.stringify(await w.evaluate((el) => el.config && [el.config.cell, el.config.T, el.config.hidden])) === JSON.stringify(['lstm', 6, 8]),
        { what: "the assignment's settings (its hidden over the attribute's)" });
      assert.equal(await w.getByTestId('setting-T').isDisabled(), true);
      assert.equal(await w.getByTestId('setting-hidden').isDisabled(), false);
      await w.getByTestId('answer-2').fill('The cell state carries it.');
      await trainTo(w, 30);
      const { file, report } = await exportReport(page, w, 'inline.json');
      assert.deepEqual(report.answers, ['', 'The cell state carries it.']);
      assert.equal(report.assignment.title, INLINE.title);
      const a = join(dir, 'inline-assignment.json');
      await writeFile(a, JSON.stringify(INLINE));
      const ok = verify(file, '--assignment', a);
      assert.equal(ok.status, 0, ok.out);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });

  test('the assignment attribute loads a file of the same site', async () => {
    const page = await openRaw(browser.context, `${site.url}attr.html`);
    try {
      const w = page.locator('#w');
      await w.getByTestId('assignment-panel').waitFor({ timeout: 30000 });
      await until(async () => JSON.stringify(await w.evaluate((el) => el.locked)) === JSON.stringify(['cell', 'task', 'T', 'seed']), { what: 'the lock' });
      assert.equal(await w.evaluate((el) => el.config && el.config.cell), 'rnn');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
});

describe('examples (docs/teachers.md), from disk and over http', () => {
  const examples = (name) => [pathToFileURL(join(DIST, 'examples', name)).href, browser.baseUrl.replace(/index\.html$/, `examples/${name}`)];

  test('examples/assignment.html: the inlined assignment shows and locks, from file:// and http', async () => {
    for (const url of examples('assignment.html')) {
      const page = await openRaw(browser.context, url);
      try {
        const w = page.locator('#week3');
        await w.getByTestId('assignment-panel').waitFor({ timeout: 30000 });
        assert.equal(await w.getByTestId('answer-3').count(), 1, url);
        await until(async () => JSON.stringify(await w.evaluate((el) => el.locked)) === JSON.stringify(['cell', 'task', 'T', 'seed']), { what: `the lock (${url})` });
        assert.equal(await w.getByTestId('setting-T').isDisabled(), true);
        assert.equal(await w.getByTestId('export-report').isVisible(), true, 'the export bar is in the view');
        assert.deepEqual(page.errors, [], url);
      } finally {
        await page.close();
      }
    }
  });

  test('examples/listen-solved.html hears solved from the element and from the iframe, from file:// and http', async () => {
    for (const url of examples('listen-solved.html')) {
      const page = await openRaw(browser.context, url);
      try {
        await until(async () => /^\d+$/.test((await page.locator('#lab1').getByTestId('param-count').getAttribute('data-value')) || ''), { what: 'element configured' });
        const frame = page.frameLocator('#frame1');
        await until(async () => /^\d+$/.test((await frame.getByTestId('param-count').getAttribute('data-value')) || ''), { what: 'iframe configured' });
        await page.locator('#lab1').getByTestId('train-toggle').click();
        await frame.getByTestId('train-toggle').click();
        for (const id of ['element-status', 'iframe-status']) {
          await until(async () => (await page.getByTestId(id).getAttribute('data-solved')) !== null, { timeoutMs: 60000, what: `${id} solved (${url})` });
          // LSTM, binary_palindrome, T = 4, N_h = 16, seed 1 solves at step 80 (docs/page.md)
          assert.equal(await page.getByTestId(id).getAttribute('data-solved'), '80', url);
          assert.match(await page.getByTestId(id).textContent(), /solved at step 80/);
        }
        assert.match(await page.getByTestId('event-log').textContent(), /iframe solved/);
        assert.deepEqual(page.errors, [], url);
      } finally {
        await page.close();
      }
    }
  });
});
