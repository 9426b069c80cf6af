// diverged_message.test.mjs — the "Training diverged" message (docs/page.md,
// Messages: source `run`) goes when a new run starts — Reset, a settings
// change, loading weights — and stays gone while that run trains. The
// divergence is made on purpose: the page's own weights with a huge output
// layer (+1e20 for one class, -1e20 for the other) overflow the loss and
// the gradient at the first step.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookNumber, launch, openPage, until } from './browser_helpers.mjs';

let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-diverged-'));
});
after(async () => {
  if (browser) await browser.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const DIVERGED = /Training diverged/;

async function messageText(page) {
  const box = page.getByTestId('error-message').first();
  return (await box.isVisible()) ? (await box.textContent()) || '' : '';
}

/** The page's current weights as good.json, and the same with a diverging head as bad.json. */
async function makeStates(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('state-download').first().click()]);
  const text = await readFile(await download.path(), 'utf8');
  const good = join(dir, 'good.json');
  await writeFile(good, text);
  const state = JSON.parse(text);
  const head = state.tensors['head.weight'];
  const half = head.data.length / 2;
  head.data = head.data.map((_, i) => (i < half ? 1e20 : -1e20));
  const bad = join(dir, 'bad.json');
  await writeFile(bad, JSON.stringify(state));
  return { good, bad };
}

async function load(page, file) {
  const name = file.split('/').pop();
  await page.getByTestId('state-upload').first().setInputFiles(file);
  await until(async () => ((await page.locator('.rl-exports [role="status"]').first().textContent()) || '').includes(`Loaded ${name}`),
    { what: `${name} loaded` });
}

async function diverge(page, states) {
  await load(page, states.bad);
  await page.getByTestId('step-button').first().click();
  await until(async () => DIVERGED.test(await messageText(page)), { what: 'the diverged message' });
}

/** Trains for a while and checks the message never comes back (polled at every read). */
async function trainsWithoutMessage(page) {
  const from = await hookNumber(page, 'step-counter');
  await page.getByTestId('train-toggle').first().click();
  await until(async () => {
    assert.doesNotMatch(await messageText(page), DIVERGED, 'no diverged message while the new run trains');
    return (await hookNumber(page, 'step-counter')) >= from + 50;
  }, { what: 'the new run to train' });
  await page.getByTestId('train-toggle').first().click();
  assert.equal(await page.getByTestId('error-message').first().isVisible(), false);
}

test('the diverged message goes with Reset, a settings change and loading weights', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  const states = await makeStates(page);

  await diverge(page, states);
  await page.getByTestId('reset-button').first().click();
  await until(async () => !(await messageText(page)), { what: 'Reset to clear the message' });
  await trainsWithoutMessage(page);

  await diverge(page, states);
  await page.getByTestId('lab-a').getByLabel('Learning rate').fill('0.02');
  await until(async () => !(await messageText(page)), { what: 'a settings change to clear the message' });
  assert.match(page.url(), /lr=0.02/);
  await trainsWithoutMessage(page);

  await diverge(page, states);
  await load(page, states.good);
  assert.equal(await messageText(page), '', 'loading weights clears the message');
  await trainsWithoutMessage(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});
