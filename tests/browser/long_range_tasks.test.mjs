// long_range_tasks.test.mjs — the long-range tasks (embedded_reber,
// distracted_recall, copy, dyck) on the page: each trains a few steps (the
// step counter advances, the loss is finite); the task's description, the
// loss panel and its solved-status show the engine's own chance level and
// "solved" threshold (compared here with tasks() and Trainer.config() of
// the JS API); a per-step task's samples say which step they show; a run
// that reaches the threshold on a training batch says at which step.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOTS, hookNumber, launch, openPage, until } from './browser_helpers.mjs';
import { loadApi } from '../node/helpers.mjs';

const api = await loadApi();
const TASKS = ['embedded_reber', 'distracted_recall', 'copy', 'dyck'];

let browser;
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
});
after(async () => {
  if (browser) await browser.close();
});

for (const name of TASKS) {
  test(`${name} trains on the page and shows its chance and "solved" levels`, async () => {
    const entry = api.tasks().find((t) => t.name === name);
    assert.ok(entry, `${name} is in tasks()`);
    const trainer = api.createTrainer({ task: name });
    const chance = trainer.config().chance;
    trainer.dispose();
    const page = await openPage(browser.context, `${browser.baseUrl}#task=${name}`);
    assert.equal(await page.getByTestId('setting-task').inputValue(), name);
    assert.equal(await page.getByTestId('setting-T').inputValue(), String(entry.defaultT));
    // Where the task is described: the engine's numbers (at its default T).
    const info = page.locator('.rl-task-info');
    assert.equal(Number(await info.getAttribute('data-chance')), entry.chance);
    assert.equal(Number(await info.getAttribute('data-solved')), entry.solved);
    assert.match(await info.textContent(), new RegExp(`Chance ${Math.round(entry.chance * 100)}% at T = ${entry.defaultT} .*solved at held-out accuracy ≥ ${Math.round(entry.solved * 100)}%`));
    if (entry.perStep) assert.match(await info.textContent(), /Targets at some steps only/);
    // By the accuracy: the run's chance (Trainer.config() at this T) and the threshold.
    assert.equal(Number(await page.locator('.rl-summary[data-chance]').first().getAttribute('data-chance')), chance);
    const solved = page.getByTestId('solved-status');
    assert.ok(await solved.isVisible());
    assert.equal(Number(await solved.getAttribute('data-solved')), entry.solved);
    assert.match(await solved.textContent(), new RegExp(`Solved: not yet\\. The engine counts this task as solved at held-out accuracy ≥ ${Math.round(entry.solved * 100)}% \\(${entry.solved}\\)`));
    // A few steps.
    await page.getByTestId('speed').selectOption('0');
    await page.getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(page, 'step-counter')) >= 20, { timeoutMs: 30000, what: '20 steps' });
    await page.getByTestId('train-toggle').click();
    assert.ok(Number.isFinite(await hookNumber(page, 'loss-value')), 'a finite loss');
    const acc = await hookNumber(page, 'accuracy-value');
    assert.ok(acc >= 0 && acc <= 1);
    assert.match(await page.locator('.rl-summary[data-chance]').first().textContent(), new RegExp(`\\(chance ${Math.round(chance * 100)}%\\)`));
    // The samples: which step they show, for a per-step task.
    const note = page.locator('.rl-sample-status');
    await until(async () => /After \d+ training steps/.test(await note.textContent()), { what: 'samples after training' });
    if (entry.perStep) assert.match(await note.textContent(), new RegExp(`shown are the target and prediction at the last step, t = ${entry.defaultT}`));
    else assert.doesNotMatch(await note.textContent(), /last step/);
    assert.equal(await page.getByTestId('error-message').isVisible(), false);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

for (const [width, height] of [[1400, 1000], [375, 812]]) {
  test(`at ${width} px: a run that reaches the threshold on a training batch says at which step`, async () => {
    const page = await openPage(browser.context, `${browser.baseUrl}#task=dyck&T=2&hidden=16&lr=0.05`);
    await page.setViewportSize({ width, height });
    const solved = page.getByTestId('solved-status');
    await page.getByTestId('speed').selectOption('0');
    await page.getByTestId('train-toggle').click();
    const step = await until(async () => {
      const v = await solved.getAttribute('data-reached-step');
      return v ? Number(v) : null;
    }, { timeoutMs: 60000, what: 'the threshold reached' });
    await page.getByTestId('train-toggle').click();
    assert.ok(step >= 1);
    assert.match(await solved.textContent(), new RegExp(`Solved on a training batch: at step ${step.toLocaleString('en-US').replace(/,/g, '.?')} the batch accuracy was ≥ 99% \\(0\\.99\\)`));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    const panel = page.locator('.rl-panel', { has: solved });
    await panel.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await panel.screenshot({ path: join(SCREENSHOTS, `long-range-solved-${width}.png`) });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
