// state_roundtrip.test.mjs — downloading the model state (docs/state-format.md)
// and loading it into a fresh page restores the same predictions: the same
// held-out sequences get the same predicted classes and probabilities.
// (The page asks for samples at fixed moments — after a (re)configure, a
// pause, a step, an import — so both pages see the same sample sequences.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookNumber, launch, openPage, until } from './browser_helpers.mjs';

const URL_HASH = '#cell=gru&task=binary_palindrome&T=10&hidden=16&seed=3';

let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-state-'));
});
after(async () => {
  if (browser) await browser.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function readSamples(page) {
  return page.getByTestId('samples').first().locator('li').evaluateAll((els) => els.map((el) => ({
    tokens: el.dataset.tokens, target: el.dataset.target, prediction: el.dataset.prediction, probs: el.dataset.probs,
  })));
}

async function samplesAfter(page, note) {
  await until(async () => ((await page.locator('.rl-sample-status').first().textContent()) || '').includes(note),
    { what: `samples "${note}"` });
  const s = await readSamples(page);
  assert.ok(s.length > 0, 'samples are shown');
  return s;
}

test('export then import restores the same predictions', async () => {
  const a = await openPage(browser.context, `${browser.baseUrl}${URL_HASH}`);
  const untrained = await samplesAfter(a, 'After 0 training steps');
  await a.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(a, 'step-counter')) >= 150, { timeoutMs: 60000, what: '150 steps' });
  await a.getByTestId('train-toggle').first().click();
  const steps = await until(async () => {
    const note = (await a.locator('.rl-sample-status').first().textContent()) || '';
    const m = note.match(/After ([\d\u2009]+) training steps/);
    return m && Number(m[1].replace(/\u2009/g, '')) > 0 ? m[0] : '';
  }, { what: 'samples after the pause' });
  const trained = await readSamples(a);
  assert.notDeepEqual(trained.map((s) => s.probs), untrained.map((s) => s.probs), 'training changed the predictions');

  const [download] = await Promise.all([
    a.waitForEvent('download'),
    a.getByTestId('state-download').first().click(),
  ]);
  const file = join(dir, 'state.json');
  await download.saveAs(file);
  const state = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(state.format, 'rnnlab-state/1');
  assert.equal(state.cell, 'gru');
  assert.equal(state.hidden_size, 16);
  assert.ok(state.tensors['rnn.weight_hh_l0'], 'PyTorch state_dict names');

  // A fresh page with the same settings: fresh weights, then the file.
  const b = await openPage(browser.context, `${browser.baseUrl}${URL_HASH}`);
  const fresh = await samplesAfter(b, 'After 0 training steps');
  assert.deepEqual(fresh, untrained, 'same seed, same fresh model');
  await b.getByTestId('state-upload').first().setInputFiles(file);
  await until(async () => ((await b.locator('.rl-exports [role="status"]').first().textContent()) || '').includes('Loaded state.json'),
    { what: 'the import to finish' });
  const restored = await until(async () => {
    const s = await readSamples(b);
    return s.length && s[0].tokens === trained[0].tokens && JSON.stringify(s) !== JSON.stringify(fresh) ? s : null;
  }, { what: 'samples after the import' });
  assert.deepEqual(restored, trained, `the same predictions as after ${steps}`);
  assert.equal(await b.getByTestId('error-message').first().isVisible(), false);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.close();
  await b.close();
});

test('a state for another model is refused with a clear message', async () => {
  const file = join(dir, 'state.json');
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=lstm&hidden=8`);
  await page.getByTestId('state-upload').first().setInputFiles(file);
  const el = page.getByTestId('error-message').first();
  await el.waitFor({ state: 'visible' });
  assert.match(await el.textContent(), /it is for a gru .*this trainer is a lstm/);
  await page.close();
});

test('the charts download as a PNG and the metrics as CSV', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=rnn&T=8&hidden=8`);
  for (let k = 0; k < 3; k++) await page.getByTestId('step-button').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 3, { what: '3 single steps' });
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').first().click()]);
  const pngFile = join(dir, 'charts.png');
  await png.saveAs(pngFile);
  const bytes = await readFile(pngFile);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
  assert.ok(bytes.length > 5000, 'with the charts drawn in it');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').first().click()]);
  const csvFile = join(dir, 'metrics.csv');
  await csv.saveAs(csvFile);
  const lines = (await readFile(csvFile, 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'step,loss,accuracy,grad_norm,grad_norm_clipped');
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), [1, 2, 3], 'one row per step');
  const loss = Number(lines[3].split(',')[1]);
  assert.ok(Math.abs(loss - (await hookNumber(page, 'loss-value'))) < 1e-12, 'the CSV holds the numbers the page shows');
  const [flow] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-flow-csv').first().click()]);
  const flowFile = join(dir, 'flow.csv');
  await flow.saveAs(flowFile);
  const flowLines = (await readFile(flowFile, 'utf8')).trim().split('\n');
  assert.equal(flowLines.length, 1 + 8, 'one row per time step');
  assert.deepEqual(page.errors, []);
  await page.close();
});
