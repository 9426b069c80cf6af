// gradcheck_divergence.test.mjs — issue 10's page items: the gradient-check
// panel (progress per tensor, every tensor below its tolerance, training
// waits and goes on), divergence caught by the engine's rules and not only
// NaN (the exploding-gradient preset's lab A; lr = 100 with SGD, clip 0,
// gain 10), with the settings kept, and compare mode's "match parameters"
// (lab B's count within one hidden unit's worth of A's, both counts shown).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyticCount, hookNumber, launch, openPage, until, waitForConfigured } from './browser_helpers.mjs';
import { PRESETS, presetHash } from '../../web/js/presets.mjs';
import { loadApi } from '../node/helpers.mjs';

let browser;
let api;
before(async () => {
  browser = await launch();
  api = await loadApi();
});
after(async () => browser && browser.close());

async function messageText(root) {
  const box = root.getByTestId('error-message').first();
  return (await box.isVisible()) ? (await box.textContent()) || '' : '';
}

/** Records every data-done the progress hook takes (a check may be quicker than any poll). */
async function watchProgress(page, scope) {
  await page.evaluate((sel) => {
    const el = document.querySelector(`${sel} [data-testid="gradcheck-progress"]`);
    window.__gcSeen = [];
    new MutationObserver(() => window.__gcSeen.push([el.dataset.state, Number(el.dataset.done), Number(el.dataset.total)]))
      .observe(el, { attributes: true, attributeFilter: ['data-done', 'data-state'] });
  }, scope);
}

async function runCheck(page, lab, scope) {
  await watchProgress(page, scope);
  const t0 = Date.now();
  await lab.getByRole('button', { name: 'Check gradients' }).click();
  const result = lab.getByTestId('gradcheck-result');
  await until(async () => (await result.isVisible()) && (await result.getAttribute('data-max-rel-error')) !== '',
    { timeoutMs: 30000, what: 'the gradient check result' });
  return { result, seconds: (Date.now() - t0) / 1000, seen: await page.evaluate(() => window.__gcSeen) };
}

for (const cell of ['rnn', 'lstm']) {
  test(`gradient check (${cell}): progress per tensor, every tensor below the tolerance, training goes on`, async () => {
    const page = await openPage(browser.context, `${browser.baseUrl}#cell=${cell}&T=16&seed=1`);
    const lab = page.getByTestId('lab-a');
    // Train a little, and keep training while the check runs.
    await lab.getByTestId('train-toggle').click();
    await until(async () => (await hookNumber(lab, 'step-counter')) >= 30, { what: 'some training' });
    const { result, seconds, seen } = await runCheck(page, lab, '[data-testid="lab-a"]');
    const rows = result.locator('.rl-gc-row');
    const n = await rows.count();
    assert.equal(n, api.paramCount({ cell, T: 16 }).tensors.length, 'one bar per tensor of the engine');
    // Progress: every tensor announced, done going 0 … n.
    const dones = seen.filter(([state]) => state === 'running').map(([, done]) => done);
    for (let k = 0; k < n; k++) assert.ok(dones.includes(k), `progress showed ${k} of ${n} done (saw ${JSON.stringify(seen)})`);
    assert.deepEqual(seen[seen.length - 1], ['done', n, n]);
    const progress = lab.getByTestId('gradcheck-progress');
    assert.match(await progress.textContent(), new RegExp(`Checked ${n} of ${n} tensors in`));
    // The numbers: below the stated tolerance, each tensor and overall.
    const tol = Number(await result.getAttribute('data-tolerance'));
    assert.equal(tol, 1e-5);
    const max = Number(await result.getAttribute('data-max-rel-error'));
    assert.ok(max >= 0 && max < tol, `max relative error ${max} below ${tol}`);
    assert.equal(await result.getAttribute('data-passed'), 'true');
    for (let k = 0; k < n; k++) {
      const e = Number(await rows.nth(k).getAttribute('data-max-rel-error'));
      assert.ok(e <= max, 'no tensor above the maximum');
      assert.match(await rows.nth(k).textContent(), /passes/);
    }
    const text = await result.textContent();
    assert.match(text, /every tensor passes/);
    assert.match(text, /ε = 10⁻⁵/);
    assert.match(text, /10⁻²/, 'the floor is stated');
    console.log(`gradcheck ${cell}: ${n} tensors, max rel error ${max.toExponential(2)}, ${seconds.toFixed(2)} s (click to result)`);
    assert.ok(seconds < 10, `a few seconds at most (${seconds} s)`);
    // Training waited and goes on.
    const after1 = await hookNumber(lab, 'step-counter');
    await until(async () => (await hookNumber(lab, 'step-counter')) > after1 + 20, { what: 'training to go on after the check' });
    await lab.getByTestId('train-toggle').click();
    assert.equal(await messageText(lab), '');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('the exploding-gradient preset: lab A pauses with the engine\'s message, lab B keeps training', async () => {
  const preset = PRESETS.find((p) => p.id === 'exploding');
  const page = await openPage(browser.context, `${browser.baseUrl}${presetHash(preset)}`);
  const a = page.getByTestId('lab-a');
  const b = page.getByTestId('lab-b');
  await waitForConfigured(page, '[data-testid="lab-b"]');
  await page.getByTestId('train-both').click();
  await until(async () => /Training diverged: for the last \d+ steps the loss/.test(await messageText(a)),
    { timeoutMs: 60000, what: 'lab A\'s divergence message' });
  const text = await messageText(a);
  assert.match(text, /it started at [\d.]+ and is now [\d.]+/, 'it names the numbers');
  assert.match(text, /Training was paused at step \d+/);
  assert.match(text, /lr is 1\.5/);
  assert.equal((await a.getByTestId('train-toggle').textContent()).trim(), 'Train', 'lab A is paused');
  const stepA = await hookNumber(a, 'step-counter');
  // Lab B (clip 1) goes on without a word.
  const stepB = await hookNumber(b, 'step-counter');
  await until(async () => (await hookNumber(b, 'step-counter')) > stepB + 200, { timeoutMs: 30000, what: 'lab B to go on' });
  assert.equal(await messageText(b), '', 'lab B has no message');
  assert.equal(await hookNumber(a, 'step-counter'), stepA, 'lab A stays paused');
  // The settings are kept: the form and the URL.
  assert.equal(await a.getByLabel('Learning rate').inputValue(), '1.5');
  assert.equal(await a.getByLabel('Clip norm').inputValue(), '0');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /lr=1\.5/);
  assert.match(hash, /vs\.clip=0\.1/);
  await page.getByTestId('train-both').click();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('lr = 100 with SGD, clip 0, gain 10: training pauses with a message that names the numbers', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=rnn&T=16&seed=1&optimizer=sgd&lr=100&clip=0&gain=10`);
  const lab = page.getByTestId('lab-a');
  await lab.getByTestId('train-toggle').click();
  await until(async () => /Training diverged/.test(await messageText(lab)), { timeoutMs: 60000, what: 'the divergence message' });
  const text = await messageText(lab);
  assert.match(text, /lr is 100/, `it quotes the learning rate: ${text}`);
  assert.match(text, /clip/);
  assert.equal((await lab.getByTestId('train-toggle').textContent()).trim(), 'Train', 'paused');
  const step = await hookNumber(lab, 'step-counter');
  await new Promise((ok) => setTimeout(ok, 500));
  assert.equal(await hookNumber(lab, 'step-counter'), step, 'no more steps');
  assert.equal(await lab.getByLabel('Learning rate').inputValue(), '100');
  assert.equal(await lab.getByLabel('Recurrent gain').inputValue(), '10');
  assert.match(await page.evaluate(() => location.hash), /lr=100/);
  // The model is kept too: its weights download at that step.
  const [download] = await Promise.all([page.waitForEvent('download'), lab.getByTestId('state-download').click()]);
  assert.match(download.suggestedFilename(), new RegExp(`step${step}\\.json$`));
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** |count(B) − count(A)| within what one hidden unit more of B's cell adds. */
async function assertMatched(a, b, cellB) {
  const ca = await hookNumber(a, 'param-count');
  const cb = await hookNumber(b, 'param-count');
  const nIn = await hookNumber(b, 'param-count', 'data-input-size');
  const nOut = await hookNumber(b, 'param-count', 'data-output-size');
  const hB = await hookNumber(b, 'param-count', 'data-hidden-size');
  assert.equal(cb, analyticCount(cellB, nIn, hB, nOut), 'B\'s count is its formula');
  const unit = analyticCount(cellB, nIn, hB + 1, nOut) - analyticCount(cellB, nIn, hB, nOut);
  assert.ok(Math.abs(cb - ca) <= unit, `B ${cb} (N_h ${hB}) within one unit's worth (${unit}) of A ${ca}`);
  return { ca, cb, hB };
}

test('match parameters: lab B\'s hidden size gives the count closest to A\'s, re-matched when A changes', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await page.getByTestId('compare-button').click();  // A = rnn, B = lstm, both training
  const a = page.getByTestId('lab-a');
  const b = page.getByTestId('lab-b');
  await waitForConfigured(page, '[data-testid="lab-b"]');
  await page.getByTestId('train-both').click();
  const before = await hookNumber(b, 'param-count');
  await page.getByTestId('match-params').check();
  await until(async () => (await hookNumber(b, 'param-count')) !== before, { what: 'lab B to be resized' });
  let m = await assertMatched(a, b, 'lstm');
  assert.ok(m.hB < 32, `the LSTM gets fewer hidden units than the RNN (${m.hB})`);
  const status = page.getByTestId('match-status');
  await until(async () => (await status.getAttribute('data-matched')) === 'true', { what: 'the match line' });
  const line = (await status.textContent()).replace(/\u2009/g, ' ');
  const fmt = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  assert.ok(line.includes(`A: ${fmt(m.ca)} parameters`) && line.includes(`B: ${fmt(m.cb)} parameters`), `both counts shown: ${line}`);
  assert.equal(Number(await status.getAttribute('data-a')), m.ca);
  assert.equal(Number(await status.getAttribute('data-b')), m.cb);
  assert.match(await page.evaluate(() => location.hash), new RegExp(`vs\\.hidden=${m.hB}`));

  // A changes: B follows. (Compare mode shows the settings folded: open them.)
  for (const lab of [a, b]) await lab.locator('.rl-settings > summary').click();
  await a.getByLabel('Hidden N_h').fill('64');
  await until(async () => (await hookNumber(a, 'param-count', 'data-hidden-size')) === 64, { what: 'A at N_h 64' });
  await until(async () => (await hookNumber(b, 'param-count', 'data-hidden-size')) !== m.hB, { what: 'B re-matched' });
  m = await assertMatched(a, b, 'lstm');
  // B's cell changes: matched again for the new cell.
  await b.locator('input[type="radio"][value="gru"]').check({ force: true });
  await until(async () => (await b.locator('.rl-lab').getAttribute('data-cell')) === 'gru', { what: 'B a GRU' });
  await until(async () => {
    try {
      await assertMatched(a, b, 'gru');
      return true;
    } catch {
      return false;
    }
  }, { what: 'B matched as a GRU' });
  // Setting B's N_h by hand turns matching off.
  await b.getByLabel('Hidden N_h').fill('20');
  await until(async () => (await hookNumber(b, 'param-count', 'data-hidden-size')) === 20, { what: 'B at N_h 20' });
  assert.equal(await page.getByTestId('match-params').isChecked(), false);
  assert.equal(await status.getAttribute('data-matched'), 'false');
  assert.deepEqual(page.errors, []);
  await page.close();
});
