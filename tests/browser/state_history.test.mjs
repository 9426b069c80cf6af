// state_history.test.mjs — "Inside the state" and the history of a run
// (docs/page.md): the state heat maps have T rows and H columns, one map per
// quantity the cell has (h; c and the four gates for the LSTM), first
// sequence or batch mean, sortable; "Run to step N" stops at N (paced and as
// fast as possible); dragging the history slider, or clicking a row of the
// gradient heat map, shows every panel as it was at that step (step counter,
// loss, the gradient-flow sentence, the loss curve's sentence, the state
// maps), training stays paused, and Live comes back to the latest step.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hookNumber, launch, openPage, until } from './browser_helpers.mjs';

let browser;
before(async () => {
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
});
after(async () => browser && browser.close());

const heat = (page) => page.getByTestId('state-heatmap').first();
const shownMaps = (page) => page.locator('.rl-state-fig:not([hidden])').evaluateAll((els) => els.map((e) => e.dataset.map));
const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').trim();
const paused = async (page) => (await page.getByTestId('train-toggle').first().textContent()).trim() === 'Train';

/** Trains to step N with the run-to control; resolves once paused there. */
async function runTo(page, n, timeoutMs = 60000) {
  await page.getByTestId('run-to-step').first().fill(String(n));
  await page.getByTestId('run-to-step-button').first().click();
  await until(async () => (await paused(page)) && (await hookNumber(page, 'step-counter')) >= n,
    { timeoutMs, what: `the run to pause at step ${n}` });
}

for (const [cell, T, H, maps] of [['lstm', 12, 20, ['h', 'c', 'i', 'f', 'g', 'o']], ['rnn', 9, 14, ['h']]]) {
  test(`${cell}: the state heat maps have T rows and H columns, one per quantity`, async () => {
    const page = await openPage(browser.context, `${browser.baseUrl}#cell=${cell}&T=${T}&hidden=${H}&seed=1`);
    assert.equal(await heat(page).getAttribute('data-rows'), '0', 'empty before a step');
    await page.getByTestId('step-button').first().click();
    await until(async () => Number(await heat(page).getAttribute('data-rows')) === T, { what: `${T} rows` });
    assert.equal(Number(await heat(page).getAttribute('data-cols')), H, `${H} columns`);
    assert.deepEqual(await shownMaps(page), maps);
    assert.equal(await page.getByTestId('state-omitted').first().isVisible(), false);
    assert.match(await text(page, '.rl-state-caption'), new RegExp(`^Step 1: .*first sequence.*${T} rows .* ${H} columns: the units in index order`));
    // Batch mean, and a sort order.
    await page.getByTestId('state-source').first().selectOption('mean');
    await until(async () => (await heat(page).getAttribute('data-source')) === 'mean', { what: 'the batch mean' });
    assert.match(await text(page, '.rl-state-caption'), /mean over the batch/);
    const sortBy = cell === 'lstm' ? 'f' : 'h';
    await page.getByTestId('state-sort').first().selectOption(sortBy);
    await until(async () => (await heat(page).getAttribute('data-sort')) === sortBy, { what: `sorted by ${sortBy}` });
    assert.match(await text(page, '.rl-state-caption'), /sorted by mean/);
    assert.equal(Number(await heat(page).getAttribute('data-rows')), T);
    // The legends say the colour scales.
    const legends = await page.locator('.rl-state-fig:not([hidden]) .rl-legend-title').allTextContents();
    assert.equal(legends.length, maps.length);
    assert.match(legends[0], /^h: −1 → 1/);
    if (cell === 'lstm') assert.match(legends[3], /^f: 0 \(closed\) → 1 \(open\)/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('run to step N stops at N, paced and as fast as possible', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  assert.equal(await page.getByTestId('speed').first().inputValue(), '30', 'the default pace: 30 steps/s');
  await runTo(page, 45);
  assert.equal(await hookNumber(page, 'step-counter'), 45);
  await page.waitForTimeout(500);
  assert.equal(await hookNumber(page, 'step-counter'), 45, 'it stays paused there');
  assert.match(await text(page, '.rl-runto-note'), /Paused at step 45/);
  await page.getByTestId('speed').first().selectOption('0');
  await runTo(page, 345);
  assert.equal(await hookNumber(page, 'step-counter'), 345, 'as fast as possible, still exactly N');
  // A step already passed is refused with a sentence; nothing trains.
  await page.getByTestId('run-to-step').first().fill('300');
  await page.getByTestId('run-to-step-button').first().click();
  assert.match(await text(page, '.rl-runto-note'), /already at step 345/);
  assert.ok(await paused(page));
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** What each panel shows, to compare two steps. */
async function panels(page) {
  return {
    step: await hookNumber(page, 'step-counter'),
    loss: await hookNumber(page, 'loss-value'),
    grad: await text(page, '.rl-panel--grad .rl-summary'),
    lossCurve: await text(page, '.rl-panel--loss .rl-summary'),
    bptt: await text(page, '.rl-panel--bptt .rl-note'),
    gates: await text(page, '.rl-panel--gates .rl-summary'),
    state: await heat(page).getAttribute('data-step'),
    stateCaption: await text(page, '.rl-state-caption'),
    historyStep: await hookNumber(page, 'history-step'),
    live: await page.getByTestId('history-step').first().getAttribute('data-live'),
  };
}

test('the history slider and the gradient heat map show every panel at an earlier step; Live comes back', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await runTo(page, 80);
  await page.waitForTimeout(300);
  const live = await panels(page);
  assert.equal(live.step, 80);
  assert.equal(live.historyStep, 80);
  assert.equal(live.live, 'true');
  assert.match(live.grad, /^Step 80:/);
  assert.equal(live.state, '80');

  // Drag the slider back to step 20 (at 30 steps/s every step is kept).
  await page.getByTestId('history-slider').first().fill('20');
  await until(async () => (await hookNumber(page, 'history-step')) === 20, { what: 'step 20 shown' });
  await page.waitForTimeout(300);
  const past = await panels(page);
  assert.equal(past.live, 'false');
  assert.equal(past.step, 20, 'the step counter shows the step');
  assert.notEqual(past.loss, live.loss, 'the loss of step 20');
  assert.match(past.grad, /^Step 20:/, 'the gradient-flow chart\'s sentence');
  assert.notEqual(past.grad, live.grad);
  assert.match(past.lossCurve, /^Step 20:/, 'the loss panel');
  assert.match(past.bptt, /at step 20\./, 'the BPTT terms');
  assert.notEqual(past.gates, live.gates, 'the gate activations');
  assert.equal(past.state, '20', 'the state heat map');
  assert.match(past.stateCaption, /^Step 20:/);
  assert.match(await text(page, '[data-testid="history-step"]'), /^Viewing step 20 of 80/);
  assert.equal(await hookNumber(page, 'grad-flow-chart', 'data-points'), 16);

  // Live: the latest step again, everywhere.
  await page.getByTestId('history-live').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 80, { what: 'live again' });
  await page.waitForTimeout(300);
  assert.deepEqual({ ...(await panels(page)) }, live);

  // A click on the gradient heat map's top row: the first step, while training pauses.
  await page.getByTestId('speed').first().selectOption('100');
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) > 120, { what: 'training on' });
  const canvas = page.locator('.rl-panel--heatmap canvas').first();
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width / 2, y: 10 } });
  await until(async () => (await page.getByTestId('history-step').first().getAttribute('data-live')) === 'false', { what: 'a step from the heat map' });
  const picked = await hookNumber(page, 'history-step');
  assert.ok(picked >= 1 && picked <= 5, `the first rows are the first steps (${picked})`);
  await until(() => paused(page), { what: 'training paused by the pick' });
  await page.waitForTimeout(300);
  assert.equal(await hookNumber(page, 'step-counter'), picked);
  assert.equal(await heat(page).getAttribute('data-step'), String(picked));
  // Train goes live and on.
  const before = Number(await page.getByTestId('history-slider').first().getAttribute('max'));
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) > before, { what: 'live training' });
  assert.equal(await page.getByTestId('history-step').first().getAttribute('data-live'), 'true');
  await page.getByTestId('train-toggle').first().click();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the guided experiment "The moment an LSTM learns" fills in its Run-to step', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await page.getByTestId('preset-lstm-learns').click();
  await until(async () => (await page.getByTestId('preset-detail').getAttribute('data-preset')) === 'lstm-learns', { what: 'the preset' });
  await until(async () => (await page.getByTestId('run-to-step').first().inputValue()) === '140', { what: 'Run to step 140' });
  assert.match(await page.getByTestId('preset-text').textContent(), /pauses at step 140/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
