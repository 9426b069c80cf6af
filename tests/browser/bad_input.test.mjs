// bad_input.test.mjs — bad settings (T = 0, hidden = -3, lr = abc) typed in
// the controls or given in the URL, and a JSON file that is not a model
// state, show error-message, keep the previous valid settings and leave the
// page working: a valid change then clears the message and training runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookNumber, launch, openPage, until } from './browser_helpers.mjs';

const DEFAULT_LSTM = 4 * (32 * 3 + 32 * 32 + 32) + 2 * 32 + 2;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && browser.close());

async function errorText(page) {
  const el = page.getByTestId('error-message').first();
  return (await el.isVisible()) ? (await el.textContent()).trim() : '';
}

async function expectError(page, pattern, what) {
  const text = await until(async () => {
    const t = await errorText(page);
    return pattern.test(t) ? t : '';
  }, { timeoutMs: 10000, what: `error-message for ${what}` }).catch(async () => assert.fail(`${what}: error-message shows "${await errorText(page)}", wanted ${pattern}`));
  return text;
}

async function expectNoError(page, what) {
  await until(async () => (await errorText(page)) === '', { timeoutMs: 10000, what: `error-message to clear after ${what}` });
}

async function expectTrains(page) {
  const before = await hookNumber(page, 'step-counter');
  await page.getByTestId('train-toggle').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) > before + 5, { what: 'training after the bad input' });
  await page.getByTestId('train-toggle').first().click();
}

describe('bad values in the controls', () => {
  test('T = 0, hidden = -3 and lr = abc are refused and explained; valid values clear the message', async () => {
    const page = await openPage(browser.context, browser.baseUrl);
    const lab = page.getByTestId('lab-a');
    assert.equal(await errorText(page), '');

    await lab.getByLabel('Length T').fill('0');
    await expectError(page, /T must be at least 1/, 'T = 0');
    assert.equal(await hookNumber(page, 'param-count'), DEFAULT_LSTM, 'previous settings kept');
    assert.equal(await lab.getByLabel('Length T').getAttribute('aria-invalid'), 'true', 'the field is marked');
    await lab.getByLabel('Length T').fill('12');
    await expectNoError(page, 'T = 12');

    await lab.getByLabel('Hidden N_h').fill('-3');
    await expectError(page, /hidden size must be between 1 and \d+ \(got -3\)/, 'hidden = -3');
    assert.equal(await hookNumber(page, 'param-count'), DEFAULT_LSTM, 'previous settings kept');
    await lab.getByLabel('Hidden N_h').fill('40');
    await expectNoError(page, 'hidden = 40');
    assert.equal(await hookNumber(page, 'param-count'), 4 * (40 * 3 + 40 * 40 + 40) + 2 * 40 + 2);

    await lab.getByLabel('Learning rate').fill('abc');
    await expectError(page, /learning rate must be a number \(got "abc"\)/, 'lr = abc');
    await lab.getByLabel('Learning rate').fill('0.02');
    await expectNoError(page, 'lr = 0.02');
    assert.match(await page.evaluate(() => location.hash), /lr=0\.02/);

    await expectTrains(page);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe('bad values in the URL', () => {
  for (const [hash, pattern] of [
    ['#T=0', /URL T=0: T must be at least 1/],
    ['#hidden=-3', /URL hidden=-3: hidden size must be between/],
    ['#lr=abc', /URL lr: learning rate must be a number \(got "abc"\)/],
    ['#cell=cnn&hidden=20', /URL cell: cell must be one of rnn, lstm, gru, peephole_lstm \(got "cnn"\)/],
  ]) {
    test(`${hash} falls back to the default with a message`, async () => {
      const page = await openPage(browser.context, `${browser.baseUrl}${hash}`);
      await expectError(page, pattern, hash);
      const want = hash.includes('hidden=20') ? 4 * (20 * 3 + 20 * 20 + 20) + 2 * 20 + 2 : DEFAULT_LSTM;
      await until(async () => (await hookNumber(page, 'param-count')) === want, { what: `param-count ${want}` });
      // A valid URL clears the message; the page still trains.
      await page.goto(`${browser.baseUrl}#hidden=40`);
      await expectNoError(page, '#hidden=40');
      await until(async () => (await hookNumber(page, 'param-count')) === 4 * (40 * 3 + 40 * 40 + 40) + 2 * 40 + 2, { what: 'H = 40' });
      await expectTrains(page);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }
});

test('a JSON file that is not a model state is refused with a message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rnnlab-bad-state-'));
  try {
    const page = await openPage(browser.context, browser.baseUrl);
    const notState = join(dir, 'not-a-state.json');
    await writeFile(notState, JSON.stringify({ hello: 'world' }));
    await page.getByTestId('state-upload').first().setInputFiles(notState);
    await expectError(page, /Could not load not-a-state\.json: state: /, 'a non-state JSON');
    const garbage = join(dir, 'garbage.json');
    await writeFile(garbage, '{not json');
    await page.getByTestId('state-upload').first().setInputFiles(garbage);
    await expectError(page, /Could not load garbage\.json/, 'malformed JSON');
    await expectTrains(page);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
