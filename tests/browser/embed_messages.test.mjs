// embed_messages.test.mjs — the embeds' message API (docs/page.md, "Talking
// to the course page") from real host pages, across origins: three servers
// on three ports are three origins — the lab's (web/dist), the course
// page's and a foreign one.
// - embed.html in an <iframe> posts ready, configured, step (at most 4 a
//   second), solved (at the step the engine's own run reaches 50 steps in a
//   row at or above the task's threshold, once), diverged and error to its
//   parent, with the trusted origin as targetOrigin; it obeys start, pause,
//   reset and configure from its parent, and ignores commands from a
//   sibling frame, from a parent of another origin than the one it trusts,
//   and messages of any other shape (no console errors).
// - the <rnn-lab> element dispatches the same events (rnnlab:*) and has the
//   same commands as methods.
// - auto-height: with rnnlab-host.js the iframe takes its content's height;
//   opening Settings makes it taller and no chart is clipped.
// Saves build/screenshots/host-autoheight.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DIST, SCREENSHOTS, analyticCount, hookNumber, launch, openRaw, serveSite, until, waitForCounts,
} from './browser_helpers.mjs';

// A run that the engine solves quickly: binary palindromes of T = 4, LSTM N_h = 16, seed 1.
const SOLVABLE = { cell: 'lstm', task: 'binary_palindrome', T: 4, hidden: 16, seed: 1 };
const SOLVED_STEPS = 50;
const hashOf = (cfg) => Object.entries(cfg).map(([k, v]) => `${k}=${v}`).join('&');

let browser;
let labSite;
let hostSite;
let foreignSite;
let expectedSolvedStep;

/** The step at which the engine's own run (the JS API, same wasm) first has SOLVED_STEPS steps in a row at or above the threshold. */
async function engineSolvedStep(cfg) {
  const { default: load } = await import(join(DIST, 'rnnlab.mjs'));
  const rn = await load();
  const threshold = rn.tasks().find((t) => t.name === cfg.task).solved;
  const trainer = rn.createTrainer(cfg);
  let streak = 0;
  for (let step = 1; step <= 2000; step++) {
    streak = trainer.step().accuracy >= threshold ? streak + 1 : 0;
    if (streak >= SOLVED_STEPS) return step;
  }
  throw new Error('the engine did not solve the task in 2000 steps');
}

// The host page's log of every message from rnnlab (posted) or every rnnlab:* event (element).
const LOG_MESSAGES = `<script>
window.log = [];
addEventListener('message', (e) => {
  const d = e.data;
  if (d && d.source === 'rnnlab') log.push({ type: d.type, detail: d.detail, origin: e.origin, t: performance.now() });
});
</script>`;
const LOG_EVENTS = `<script>
window.log = [];
for (const type of ['ready', 'configured', 'step', 'solved', 'diverged', 'error', 'resize']) {
  document.addEventListener('rnnlab:' + type, (e) => log.push({ type, detail: e.detail, target: e.target.id, composed: e.composed, t: performance.now() }));
}
</script>`;

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1280, height: 900 } });
  [labSite, hostSite, foreignSite] = await Promise.all([serveSite({}), serveSite({}), serveSite({})]);
  expectedSolvedStep = await engineSolvedStep(SOLVABLE);
  const L = labSite.url;
  const H = new URL(hostSite.url).origin;
  const page = (title, head, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">${head}</head><body>${body}</body></html>`;
  // The course page: embed.html trusting this page's origin, and a sibling frame of a foreign origin.
  await writeFile(join(hostSite.dir, 'host.html'), page('host', `<script src="${L}rnnlab-host.js"></script>${LOG_MESSAGES}`,
    `<iframe id="lab" title="lab" style="width: 760px; height: 300px; border: 1px solid #ccc"
       src="${L}embed.html#${hashOf(SOLVABLE)}&view=controls,grad,loss&origin=${encodeURIComponent(H)}"></iframe>
     <iframe id="foreign" title="foreign" src="${foreignSite.url}blank.html" style="width: 100px; height: 40px"></iframe>`));
  await writeFile(join(foreignSite.dir, 'blank.html'), page('foreign', '', '<p>a frame of another site</p>'));
  // A page of the foreign origin embedding the same lab, which trusts only the course page's origin; and one with a bad origin.
  await writeFile(join(foreignSite.dir, 'evil.html'), page('evil', LOG_MESSAGES,
    `<iframe id="lab" title="lab" style="width: 760px; height: 400px" src="${L}embed.html#${hashOf(SOLVABLE)}&view=controls,grad&origin=${encodeURIComponent(H)}"></iframe>
     <iframe id="bad" title="bad" style="width: 760px; height: 400px" src="${L}embed.html#${hashOf(SOLVABLE)}&view=controls&origin=course.example"></iframe>`));
  // The element, on the course page's origin (the script from the lab's).
  await writeFile(join(hostSite.dir, 'element.html'), page('element', `${LOG_EVENTS}<script src="${L}rnnlab-embed.js"></script>`,
    `<rnn-lab id="w" cell="lstm" task="binary_palindrome" T="4" hidden="16" seed="1" view="controls,grad,loss"></rnn-lab>`));
  // Auto-height: a narrow iframe (the settings stack above the charts) that starts 200 px high.
  await writeFile(join(hostSite.dir, 'autoheight.html'), page('auto-height', `<script src="${L}rnnlab-host.js"></script>`,
    `<h1 style="font: 20px sans-serif">A course page</h1>
     <iframe id="lab" title="lab" style="display: block; width: 700px; height: 200px; border: 1px solid #ccc"
       src="${L}embed.html#cell=gru&task=binary_palindrome&T=8&hidden=8&view=settings,controls,grad,loss"></iframe>
     <p id="after">Text after the lab.</p>`));
});
after(async () => {
  await browser?.close();
  await Promise.all([labSite, hostSite, foreignSite].map((s) => s?.close()));
});

const of = (log, type) => log.filter((m) => m.type === type);

/**
 * Every event and command, through `send(command, config)` and the page's
 * window.log; `root` holds the lab's hooks (a frame or the element).
 */
async function scenario(page, root, send, { posted }) {
  const log = () => page.evaluate(() => window.log);
  const LSTM_16 = analyticCount('lstm', 3, 16, 2);
  assert.deepEqual(await waitForCounts(root, 1), [LSTM_16]);
  await until(async () => of(await log(), 'configured').length === 1, { what: 'ready and configured' });
  let l = await log();
  const ready = of(l, 'ready');
  assert.equal(ready.length, 1);
  assert.ok(l.indexOf(ready[0]) < l.indexOf(of(l, 'configured')[0]), 'ready comes before the first configured');
  assert.equal(ready[0].detail.version, 1);
  assert.deepEqual(ready[0].detail.commands, ['start', 'pause', 'reset', 'configure']);
  const conf = of(l, 'configured')[0].detail;
  assert.deepEqual({ cell: conf.config.cell, task: conf.config.task, T: conf.config.T, hidden: conf.config.hidden, seed: conf.config.seed }, SOLVABLE);
  assert.equal(conf.config.lr, 0.01, "the engine's normalized config: every key");
  assert.equal(conf.paramCount, LSTM_16);
  assert.equal(conf.paramCount, await hookNumber(root, 'param-count'));
  assert.equal(conf.solvedThreshold, 0.99);
  assert.equal(conf.solvedSteps, SOLVED_STEPS);
  if (posted) assert.ok(l.every((m) => m.origin === new URL(labSite.url).origin), "posted from the lab's origin");
  else assert.ok(l.every((m) => m.target === 'w' && m.composed), 'events come from the element, composed');

  // start: step events, at most 4 a second; then solved, once, at the engine's step.
  await send('start');
  await until(async () => of(await log(), 'solved').length === 1, { timeoutMs: 40000, what: 'solved' });
  await page.waitForTimeout(1500);  // more steps: solved stays single
  l = await log();
  const solved = of(l, 'solved');
  assert.equal(solved.length, 1, 'solved fires once per run');
  assert.equal(solved[0].detail.step, expectedSolvedStep, "the step the engine's own run reaches 50 in a row");
  assert.equal(solved[0].detail.threshold, 0.99);
  assert.equal(solved[0].detail.steps, SOLVED_STEPS);
  assert.ok(solved[0].detail.accuracy >= 0.99);
  const steps = of(l, 'step');
  assert.ok(steps.length >= 8, `step events while training (${steps.length})`);
  const gaps = steps.slice(1).map((m, i) => m.t - steps[i].t);
  assert.ok(Math.min(...gaps) >= 200, `at most ~4 a second (smallest gap ${Math.min(...gaps).toFixed(0)} ms)`);
  const span = (steps[steps.length - 1].t - steps[0].t) / 1000;
  assert.ok(steps.length - 1 <= 4 * span + 1, `${steps.length} step events in ${span.toFixed(1)} s`);
  for (const m of steps) {
    assert.ok(Number.isInteger(m.detail.step) && m.detail.step > 0);
    assert.ok(Number.isFinite(m.detail.loss) && m.detail.accuracy >= 0 && m.detail.accuracy <= 1);
  }
  assert.ok(steps[steps.length - 1].detail.step > solved[0].detail.step);

  // pause: the steps stop; the last step event is the counter's.
  await send('pause');
  await page.waitForTimeout(700);
  const counter = await hookNumber(root, 'step-counter');
  const n = of(await log(), 'step').length;
  await page.waitForTimeout(800);
  l = await log();
  assert.equal(of(l, 'step').length, n, 'no step events while paused');
  assert.equal(await hookNumber(root, 'step-counter'), counter, 'paused');
  assert.equal(of(l, 'step').at(-1).detail.step, counter, 'the last step arrived');

  // reset: a new run at step 0.
  await send('reset');
  await until(async () => of(await log(), 'configured').length === 2, { what: 'configured after reset' });
  assert.equal(await hookNumber(root, 'step-counter'), 0);

  // configure: URL keys, the others kept.
  await send('configure', { T: 6, hidden: 8 });
  await until(async () => of(await log(), 'configured').length === 3, { what: 'configured after configure' });
  const c3 = of(await log(), 'configured')[2].detail;
  assert.equal(c3.config.T, 6);
  assert.equal(c3.config.hidden, 8);
  assert.equal(c3.config.cell, 'lstm', 'keys left out keep their values');
  assert.equal(c3.paramCount, analyticCount('lstm', 3, 8, 2));

  // error: a malformed value, and one the engine refuses; the run stays.
  await send('configure', { T: 'abc' });
  await until(async () => of(await log(), 'error').some((m) => /T must be a whole number \(got "abc"\)/.test(m.detail.message)), { what: 'the malformed T error' });
  await send('configure', { hidden: 0 });
  await until(async () => of(await log(), 'error').some((m) => /hidden/.test(m.detail.message) && m.detail.source === 'settings'), { what: "the engine's refusal" });
  assert.equal(of(await log(), 'configured').length, 3, 'no new run');
  assert.equal(await hookNumber(root, 'param-count'), analyticCount('lstm', 3, 8, 2));

  // diverged: plain SGD at lr 100, no clipping, a large gain (docs/page.md, "When training diverges").
  await send('configure', { cell: 'rnn', T: 16, hidden: 32, optimizer: 'sgd', lr: 100, clip: 0, gain: 10 });
  await until(async () => of(await log(), 'configured').length === 4, { what: 'the diverging run' });
  await send('start');
  await until(async () => of(await log(), 'diverged').length === 1, { timeoutMs: 30000, what: 'diverged' });
  const d = of(await log(), 'diverged')[0].detail;
  assert.match(d.message, /^Training diverged: /);
  assert.ok(d.step >= 50 && d.step <= 60, `paused where the engine said (${d.step})`);
  assert.equal(typeof d.rule, 'string');
  assert.ok(!of(await log(), 'error').some((m) => /Training diverged/.test(m.detail.message)), 'a divergence is not also an error');
  await page.waitForTimeout(300);
  assert.equal(await hookNumber(root, 'step-counter'), d.step, 'training paused there');
}

describe('embed.html in an iframe', () => {
  test('posts every event to its parent and obeys its commands; ignores other windows, origins and shapes', async () => {
    const page = await openRaw(browser.context, `${hostSite.url}host.html`);
    const frame = page.frameLocator('#lab');
    await waitForCounts(frame, 1);
    await until(async () => of(await page.evaluate(() => window.log), 'configured').length === 1, { what: 'configured' });

    // Commands from a sibling frame of another origin, and messages of other shapes from the parent: ignored.
    const foreign = page.frames().find((f) => f.url().includes('blank.html'));
    await foreign.evaluate(() => {
      const lab = parent.frames[0];
      lab.postMessage({ target: 'rnnlab', command: 'start' }, '*');
      lab.postMessage({ target: 'rnnlab', command: 'configure', config: { T: 9 } }, '*');
    });
    await page.evaluate(() => {
      const w = document.getElementById('lab').contentWindow;
      for (const m of ['start', null, 42, [1, 2], { target: 'rnnlab' }, { target: 'rnnlab', command: 'explode' }, { target: 'other', command: 'start' },
        { command: 'start' }, { target: 'rnnlab', command: 'configure' }, { target: 'rnnlab', command: 'configure', config: 'T=5' },
        { target: 'rnnlab', command: 'configure', config: [1] }, { source: 'rnnlab', type: 'start' }]) w.postMessage(m, '*');
    });
    await page.waitForTimeout(1500);
    assert.equal(await hookNumber(frame, 'step-counter'), 0, 'nothing started');
    assert.equal(await hookNumber(frame, 'grad-flow-chart', 'data-points'), 0);
    const l = await page.evaluate(() => window.log);
    assert.equal(of(l, 'configured').length, 1, 'nothing reconfigured');
    assert.equal(of(l, 'error').length, 0, 'nothing said');
    assert.equal(await frame.getByTestId('error-message').isVisible(), false);

    const send = (command, config) => page.evaluate(([c, cfg]) => window.rnnlab.send(document.getElementById('lab'), c, cfg), [command, config]);
    await scenario(page, frame, send, { posted: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a parent of another origin than the trusted one is neither obeyed nor told anything; a bad origin is explained', async () => {
    const page = await openRaw(browser.context, `${foreignSite.url}evil.html`);
    const frame = page.frameLocator('#lab');
    await waitForCounts(frame, 1);
    await waitForCounts(page.frameLocator('#bad'), 1);
    await page.evaluate(() => {
      for (const id of ['lab', 'bad']) {
        const w = document.getElementById(id).contentWindow;
        w.postMessage({ target: 'rnnlab', command: 'start' }, '*');
      }
    });
    await page.waitForTimeout(1500);
    assert.equal(await hookNumber(frame, 'step-counter'), 0, 'the command of an untrusted origin was ignored');
    assert.equal(await hookNumber(page.frameLocator('#bad'), 'step-counter'), 0);
    assert.deepEqual(await page.evaluate(() => window.log), [], 'nothing was posted to an untrusted origin');
    assert.match(await page.frameLocator('#bad').getByTestId('error-message').textContent(),
      /URL origin: "course\.example" is not an origin such as https:\/\/course\.example, so this lab takes no commands and posts no messages\./);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('the <rnn-lab> element', () => {
  test('dispatches every event (rnnlab:*) and obeys start(), pause(), reset(), configure()', async () => {
    const page = await openRaw(browser.context, `${hostSite.url}element.html`);
    const w = page.locator('#w');
    const send = (command, config) => page.evaluate(([c, cfg]) => { document.getElementById('w')[c](cfg); }, [command, config]);
    await scenario(page, w, send, { posted: false });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('an iframe that sizes itself', () => {
  test('rnnlab-host.js gives the iframe its content height; opening Settings grows it and clips no chart', async () => {
    const page = await openRaw(browser.context, `${hostSite.url}autoheight.html`);
    const frame = page.frameLocator('#lab');
    await waitForCounts(frame, 1);
    const iframe = page.locator('#lab');
    const frameHeight = () => iframe.evaluate((el) => el.getBoundingClientRect().height - 2);  // the 1 px borders
    const contentHeight = () => frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
    const closed = await until(async () => {
      const [fh, ch] = [await frameHeight(), await contentHeight()];
      return fh > 400 && Math.abs(fh - ch) <= 1 ? fh : null;
    }, { what: 'the iframe to take its content height' });

    // The charts are inside the iframe's box (the frame's viewport is that box), and nothing needs scrolling.
    const clipped = () => frame.locator('body').evaluate(() => {
      const charts = [...document.querySelector('rnn-lab').shadowRoot.querySelectorAll('[data-testid="grad-flow-chart"], .rl-panel--loss')];
      return {
        bottoms: charts.map((c) => c.getBoundingClientRect().bottom),
        visible: charts.map((c) => c.getBoundingClientRect().height > 50),
        viewport: window.innerHeight,
        scroll: document.documentElement.scrollHeight,
      };
    });
    let c = await clipped();
    assert.ok(c.visible.every(Boolean) && c.bottoms.length === 2);
    assert.ok(c.bottoms.every((b) => b <= c.viewport), `charts inside the frame (${c.bottoms} <= ${c.viewport})`);

    await frame.locator('.rl-settings > summary').click();
    const open = await until(async () => {
      const fh = await frameHeight();
      return fh > closed + 200 && Math.abs(fh - (await contentHeight())) <= 1 ? fh : null;
    }, { what: 'the iframe to grow with Settings open' });
    assert.ok(open > closed + 200, `taller with Settings open (${closed} -> ${open})`);
    c = await clipped();
    assert.ok(c.bottoms.every((b) => b <= c.viewport), `no chart clipped with Settings open (${c.bottoms} <= ${c.viewport})`);
    assert.ok(c.scroll <= c.viewport + 1, 'nothing to scroll inside the frame');
    // The page flows around it: the text after the iframe is below its bottom.
    const box = await iframe.boundingBox();
    const next = await page.locator('#after').boundingBox();
    assert.ok(next.y >= box.y + box.height, 'the host page reflows');
    await page.screenshot({ path: join(SCREENSHOTS, 'host-autoheight.png'), fullPage: true });

    // Closing it again: the iframe shrinks back.
    await frame.locator('.rl-settings > summary').click();
    await until(async () => Math.abs((await frameHeight()) - closed) <= 2, { what: 'the iframe to shrink back' });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
