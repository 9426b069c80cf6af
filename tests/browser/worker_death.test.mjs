// worker_death.test.mjs — the page survives its training worker
// (docs/page.md "When the worker stops", worker-protocol.md "A worker that
// dies"): a worker closed from inside mid-run (found only by the heartbeat)
// and one that throws an uncaught error are both replaced; the message
// says so in error-message, the settings chosen before training are kept,
// the step counter goes on from the snapshot's step, Train/Step/Reset work
// again, and the message goes at the first click after training again.
// The same in the <rnn-lab> embed (embed.html). Timing never decides a
// result: every wait is the helpers' until() with a generous bound.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOTS, hookNumber, launch, openPage, openRaw, until, waitForCounts } from './browser_helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && browser.close());

const labAttr = async (root, name) => Number(await root.locator('.rl-lab').first().getAttribute(name));
const messageText = async (root) => {
  const box = root.getByTestId('error-message').first();
  return (await box.isVisible()) ? (await box.textContent()) || '' : '';
};

/** Trains until the lab holds a snapshot of its weights; returns its step. */
async function trainUntilSnapshot(root) {
  await root.getByTestId('train-toggle').first().click();
  return until(async () => (await labAttr(root, 'data-snapshot-step')) || 0, { timeoutMs: 60000, what: 'a snapshot of the weights' });
}

/** Waits for the restart message naming `reason` to reach its final form. */
async function restartMessage(root, reason) {
  return until(async () => {
    const text = await messageText(root);
    return reason.test(text) && /A new one was started/.test(text) ? text : '';
  }, { timeoutMs: 60000, what: `the restart message (${reason})` });
}

/** The only training worker of a page (before any sweep). */
async function theWorker(page) {
  return until(() => (page.workers().length === 1 ? page.workers()[0] : null), { what: 'exactly one worker' });
}

test('a worker closed mid-run is found by the heartbeat and replaced with the settings and the weights', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await page.setViewportSize({ width: 1400, height: 1000 });
  const lab = page.getByTestId('lab-a');
  // Settings changed in the form before training: they must survive the worker.
  await lab.getByLabel('GRU', { exact: true }).check();
  await lab.getByLabel('Hidden N_h').fill('24');
  await until(async () => (await hookNumber(page, 'param-count', 'data-hidden-size')) === 24
    && (await page.locator('.rl-lab').first().getAttribute('data-cell')) === 'gru', { what: 'GRU with 24 hidden units' });
  const count = await hookNumber(page, 'param-count');
  const old = await theWorker(page);

  await trainUntilSnapshot(page);
  await old.evaluate(() => self.close());  // no event reaches the page: only the heartbeat can tell
  const text = await restartMessage(page, /it did not answer for \d+ s/);
  assert.match(text, /^The training worker stopped \(it did not answer for \d+ s\)\. A new one was started with your settings and the weights from step [\d\u2009 ]+/);

  // The run resumes from the snapshot it restored: the counter shows that step, and the message names it.
  const restored = await labAttr(page, 'data-snapshot-step');
  assert.ok(restored > 0, `a snapshot was restored (${restored})`);
  assert.equal(await hookNumber(page, 'step-counter'), restored, 'the step counter is at the restored step');
  assert.ok(text.replace(/[\u2009 ]/g, '').includes(`weightsfromstep${restored}`), `the message names step ${restored}: ${text}`);
  assert.equal(await labAttr(page, 'data-worker-restarts'), 1);
  // For a look at it as a user (never compared): the page right after the restart.
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'worker-restarted.png') });

  // Settings kept, controls in the paused state.
  assert.equal(await page.locator('.rl-lab').first().getAttribute('data-cell'), 'gru');
  assert.equal(await lab.getByLabel('GRU', { exact: true }).isChecked(), true);
  assert.equal(await lab.getByLabel('Hidden N_h').inputValue(), '24');
  assert.equal(await hookNumber(page, 'param-count', 'data-hidden-size'), 24);
  assert.equal(await hookNumber(page, 'param-count'), count);
  assert.match(page.url(), /cell=gru/);
  assert.match(page.url(), /hidden=24/);
  const toggle = page.getByTestId('train-toggle').first();
  assert.equal(await toggle.textContent(), 'Train');
  assert.equal(await toggle.isEnabled(), true);
  assert.equal(await page.getByTestId('step-button').first().isEnabled(), true);
  assert.equal(await page.getByTestId('reset-button').first().isEnabled(), true);
  // The old worker is gone, one new one runs.
  await until(() => page.workers().length === 1 && page.workers()[0] !== old, { what: 'one new worker' });

  // Step works (the message stays: the user has not acted since the new worker trained) ...
  await page.getByTestId('step-button').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) === restored + 1, { what: `step ${restored + 1}` });
  assert.match(await messageText(page), /A new one was started/, 'the message stays until the next click');
  // ... then Train, the first click after training again, clears it and goes on from the restored step.
  await toggle.click();
  assert.equal(await page.getByTestId('error-message').first().isVisible(), false, 'the message is gone');
  assert.equal(await toggle.textContent(), 'Pause');
  const goneOn = await until(async () => {
    const s = await hookNumber(page, 'step-counter');
    return s >= restored + 50 ? s : 0;
  }, { what: 'training to go on' });
  assert.ok(Number.isFinite(await hookNumber(page, 'loss-value')), 'a loss is shown');
  await toggle.click();
  assert.equal(await toggle.textContent(), 'Train');

  // The CSV export counts on from the restored step.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').first().click()]);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.equal(csv[0], 'step,loss,accuracy,grad_norm,grad_norm_clipped');
  assert.equal(Number(csv[1].split(',')[0]), restored + 1, 'the first row after the restart is the restored step + 1');
  assert.ok(Number(csv.at(-1).split(',')[0]) >= goneOn);

  // Reset: a fresh run at step 0, no snapshot.
  await page.getByTestId('reset-button').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 0 && (await labAttr(page, 'data-snapshot-step')) === 0, { what: 'reset to step 0' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a worker that throws an uncaught error is replaced at once', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=rnn&hidden=20&seed=4`);
  const old = await theWorker(page);
  const snap = await trainUntilSnapshot(page);
  assert.ok(snap > 0);
  await old.evaluate(() => {
    setTimeout(() => {
      throw new Error('boom from the test');
    }, 0);
  });
  const text = await restartMessage(page, /it failed: Error: boom from the test/);
  assert.match(text, /weights from step/);
  assert.equal(await labAttr(page, 'data-worker-restarts'), 1);
  assert.equal(await page.locator('.rl-lab').first().getAttribute('data-cell'), 'rnn');
  assert.equal(await hookNumber(page, 'param-count', 'data-hidden-size'), 20);
  const restored = await hookNumber(page, 'step-counter');
  assert.equal(restored, await labAttr(page, 'data-snapshot-step'));
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) > restored + 20, { what: 'training to go on' });
  // Only the worker's own report of its uncaught error may reach the console.
  assert.deepEqual(page.errors.filter((e) => !/boom from the test/.test(e)), []);
  await page.close();
});

test('a new run after a restart starts clean: Reset clears the message and the step count', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#hidden=16`);
  const old = await theWorker(page);
  await trainUntilSnapshot(page);
  await old.evaluate(() => {
    setTimeout(() => {
      throw new Error('boom before reset');
    }, 0);
  });
  await restartMessage(page, /boom before reset/);
  await page.getByTestId('reset-button').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 0 && !(await messageText(page)), { what: 'a clean run at step 0' });
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) >= 30, { what: 'the fresh run to train' });
  await page.close();
});

test('the <rnn-lab> embed (embed.html) survives its worker too', async () => {
  const url = browser.baseUrl.replace(/index\.html$/, 'embed.html#cell=lstm&hidden=12&view=controls,grad,loss');
  const page = await openRaw(browser.context, url);
  await waitForCounts(page, 1);
  const old = await theWorker(page);
  await trainUntilSnapshot(page);  // getByTestId and locators pierce the open shadow root
  await old.evaluate(() => {
    setTimeout(() => {
      throw new Error('boom in the embed');
    }, 0);
  });
  const text = await restartMessage(page, /boom in the embed/);
  assert.match(text, /weights from step/);
  assert.equal(await hookNumber(page, 'param-count', 'data-hidden-size'), 12);
  const restored = await hookNumber(page, 'step-counter');
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) > restored + 20, { what: 'the embed to train on' });
  await until(async () => (await page.locator('rnn-lab').getAttribute('data-running')) !== null, { what: 'data-running' });
  assert.deepEqual(page.errors.filter((e) => !/boom in the embed/.test(e)), []);
  await page.close();
});

test('a worker that keeps dying: after 3 restarts within a minute the lab asks for a reload', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#hidden=8`);
  let current = await theWorker(page);
  for (let k = 1; k <= 4; k++) {
    const dying = current;
    await dying.evaluate((n) => {
      setTimeout(() => {
        throw new Error(`boom number ${n}`);
      }, 0);
    }, k);
    if (k <= 3) {
      await restartMessage(page, new RegExp(`boom number ${k}`));
      assert.equal(await labAttr(page, 'data-worker-restarts'), k);
      current = await until(() => (page.workers().length === 1 && page.workers()[0] !== dying ? page.workers()[0] : null),
        { what: `worker number ${k + 1}` });
    }
  }
  const text = await until(async () => {
    const t = await messageText(page);
    return /boom number 4/.test(t) ? t : '';
  }, { what: 'the last message' });
  assert.match(text, /stopped 4 times within a minute/);
  assert.match(text, /reload the page/);
  assert.doesNotMatch(text, /A new one was started/, 'no restart message beside it');
  assert.equal(await labAttr(page, 'data-worker-restarts'), 3);
  assert.equal(await page.getByTestId('train-toggle').first().isDisabled(), true, 'Train is disabled');
  assert.equal(await page.getByTestId('step-button').first().isDisabled(), true, 'Step is disabled');
  await page.close();
});
