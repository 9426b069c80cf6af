// jacobian.test.mjs — the Jacobian panel (docs/page.md, "The Jacobian
// panel"): for every cell, one step plots T steps of the engine's Jacobian
// norms (jacobian-chart data-points = T, positive values); the what-if gain
// slider (keyboard and pointer) moves the branch's sigma_max through 1 and
// the product's curve ||ds(T)/ds(i)|| turns from rising toward i = T-1
// (vanishing) to falling (exploding), read from the engine's first and last
// values the chart exposes; hovering a step on the Jacobian chart or the
// BPTT-terms chart shows term(i)'s factors with bound >= true norm (RNN);
// a state above the engine's limit says why the chart is empty.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hookNumber, launch, openPage, openRaw, until } from './browser_helpers.mjs';

const T = 12;
let browser;
before(async () => {
  browser = await launch({ viewport: { width: 1400, height: 1000 } });
});
after(async () => browser?.close());

const url = (keys) => `${browser.baseUrl}#task=binary_palindrome&T=${T}&seed=1&${keys}`;

async function oneStep(page) {
  await page.getByTestId('step-button').first().click();
  await until(async () => (await hookNumber(page, 'step-counter')) === 1, { what: 'one step' });
}

/** Sets the slider to v (gain 2^v) as a pointer drag would, and waits for the branch (or the model at v = 0). */
async function setSlider(page, v) {
  const slider = page.getByTestId('gain-slider');
  await slider.evaluate((el, value) => {
    el.value = String(value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, v);
  return waitForGain(page, 2 ** v);
}

async function waitForGain(page, gain) {
  const chart = page.getByTestId('jacobian-chart');
  return until(async () => {
    const g = Number(await chart.getAttribute('data-gain'));
    if (Math.abs(g - gain) > 1e-9 * gain) return null;
    if (gain !== 1 && (await chart.getAttribute('data-source')) !== 'whatif') return null;
    const first = await hookNumber(page, 'jacobian-chart', 'data-product-first');
    const last = await hookNumber(page, 'jacobian-chart', 'data-product-last');
    const sigma = await hookNumber(page, 'gain-sigma');
    return Number.isFinite(first) && Number.isFinite(last) && sigma > 0 ? { gain: g, first, last, sigma } : null;
  }, { what: `the branch at gain ${gain}` });
}

// log ||ds(T)/ds(T-1)|| - log ||ds(T)/ds(0)||: > 0 when the product shrinks toward early i (vanishing), < 0 when it grows.
const slope = (r) => Math.log(r.last) - Math.log(r.first);

for (const cell of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
  test(`${cell}: the Jacobian chart plots T steps of the engine's norms`, async () => {
    const page = await openPage(browser.context, url(`cell=${cell}`));
    const chart = page.getByTestId('jacobian-chart');
    assert.equal(await chart.getAttribute('data-points'), '0', 'nothing before the first step');
    await oneStep(page);
    await until(async () => (await hookNumber(page, 'jacobian-chart', 'data-points')) === T, { what: 'T points' });
    for (const attr of ['data-product-first', 'data-product-last', 'data-sigma']) {
      const v = await hookNumber(page, 'jacobian-chart', attr);
      assert.ok(v > 0 && Number.isFinite(v), `${attr} = ${v}`);
    }
    assert.equal(await chart.getAttribute('data-source'), 'model');
    assert.equal(await hookNumber(page, 'gain-sigma'), await hookNumber(page, 'jacobian-chart', 'data-sigma'), 'gain 1: the model\'s sigma');
    const panel = page.locator('.rl-panel--jacobian');
    const text = await panel.locator('.rl-summary').textContent();
    assert.match(text, /^Step 1: σ_max\(/);
    assert.match(await panel.textContent(), /one term, from h\(T\)/, 'Q1.1 (a)');
    const factors = page.getByTestId('term-factors');
    if (cell === 'rnn') {
      assert.ok(await factors.isVisible(), 'the factor breakdown for the RNN');
    } else {
      assert.equal(await factors.isVisible(), false);
      assert.match(await panel.textContent(), /given for the notes' vanilla RNN/);
    }
    if (cell === 'lstm' || cell === 'peephole_lstm') assert.match(await panel.textContent(), /f ≈ 1/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('rnn: dragging the gain moves sigma_max through 1 and the product\'s slope changes sign', async () => {
  const page = await openPage(browser.context, url('cell=rnn'));
  await oneStep(page);
  const model = await waitForGain(page, 1);
  // Keyboard: the slider is focusable and the arrow keys move the gain.
  await page.getByTestId('gain-slider').focus();
  await page.keyboard.press('ArrowRight');
  const key = await waitForGain(page, 2 ** 0.05);
  assert.ok(key.sigma > model.sigma, 'one arrow step up raises sigma_max');
  const low = await setSlider(page, -2);  // W_hh / 4
  assert.ok(low.sigma < 1, `sigma_max at gain 1/4: ${low.sigma}`);
  // Both branches scale the same weights (the model's after its latest step; the chart at × 1 shows that step's own).
  // (1 %: the engine's sigma_max is a warm-started power iteration, which converges over successive calls.)
  assert.ok(Math.abs(low.sigma / 0.25 - key.sigma / 2 ** 0.05) < 1e-2 * low.sigma / 0.25, 'the branch is the model\'s W_hh scaled');
  assert.ok(slope(low) > 0, `vanishing: the product grows toward i = T-1 (${low.first} -> ${low.last})`);
  let exploding = null;
  const seen = [];
  for (let v = 0.25; v <= 4 && !exploding; v += 0.25) {
    const r = await setSlider(page, v);
    seen.push(`${r.sigma.toPrecision(3)}: ${slope(r).toFixed(2)}`);
    if (r.sigma > 1 && slope(r) < 0) exploding = r;
  }
  assert.ok(exploding, `some gain above sigma_max 1 makes the product fall toward i = T-1 (sigma: slope ${seen.join(', ')})`);
  // Back to the model: the trained model was never changed.
  await page.getByRole('button', { name: 'Back to the model (× 1)' }).click();
  const back = await waitForGain(page, 1);
  assert.equal(back.sigma, model.sigma);
  assert.equal(back.first, model.first);
  assert.equal(await page.getByTestId('jacobian-chart').getAttribute('data-source'), 'model');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('while training the chart follows the model without slowing training down', async () => {
  const page = await openPage(browser.context, url('cell=rnn'));
  await page.getByTestId('speed').first().selectOption('0');
  await page.getByTestId('train-toggle').first().click();
  const seen = new Set();
  const t0 = Date.now();
  while (Date.now() - t0 < 4000) {
    const s = await hookNumber(page, 'jacobian-chart', 'data-step');
    if (s > 0) seen.add(s);
    await page.waitForTimeout(200);
  }
  await page.getByTestId('train-toggle').first().click();
  const steps = await hookNumber(page, 'step-counter');
  assert.ok(seen.size >= 2, `the branch followed the model: steps ${[...seen].join(', ')}`);
  assert.ok(steps > 500, `training ran at full speed (${steps} steps in 4 s)`);
  // After the pause: the model's latest step.
  await until(async () => (await hookNumber(page, 'jacobian-chart', 'data-step')) === await hookNumber(page, 'step-counter'), { what: 'the paused step' });
  assert.equal(await hookNumber(page, 'jacobian-chart', 'data-points'), T);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('rnn: hovering a step on either chart shows term(i)\'s factors, bound >= true norm', async () => {
  const page = await openPage(browser.context, url('cell=rnn'));
  await oneStep(page);
  await until(async () => (await hookNumber(page, 'jacobian-chart', 'data-points')) === T, { what: 'T points' });
  const factors = page.getByTestId('term-factors');
  const steps = new Set();
  for (const [panel, fractions] of [['jacobian', [0.3, 0.6, 0.95]], ['bptt', [0.2, 0.5, 0.8]]]) {
    const over = page.locator(`.rl-panel--${panel} .u-over`).first();
    await over.scrollIntoViewIfNeeded();
    const box = await over.boundingBox();
    for (const fx of fractions) {
      await page.mouse.move(box.x + fx * box.width, box.y + box.height / 2);
      const i = await until(async () => {
        const s = Number(await factors.getAttribute('data-step'));
        return s >= 1 && s <= T && !steps.has(`${panel}${s}`) ? s : null;
      }, { what: `a step under the pointer on the ${panel} chart at ${fx}` });
      steps.add(`${panel}${i}`);
      const read = async (k) => Number(await factors.getAttribute(`data-${k}`));
      const [bound, norm, dldht, product, partial] = [await read('bound'), await read('norm'), await read('dldht'), await read('product'), await read('partial')];
      assert.ok(bound >= norm, `term(${i}): bound ${bound} >= true norm ${norm}`);
      assert.ok(Math.abs(bound - dldht * product * partial) <= 1e-6 * bound, `term(${i}): the bound is the product of the three factors`);
      assert.match(await factors.textContent(), /submultiplicative/);
    }
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('hidden by the view (embed.html), its hook stays true after a step', async () => {
  const page = await openRaw(browser.context, browser.baseUrl.replace('index.html', `embed.html#cell=gru&task=binary_palindrome&T=${T}&view=controls,grad`));
  await until(async () => (await hookNumber(page, 'param-count')) > 0, { timeoutMs: 30000, what: 'configured' });
  await page.getByTestId('step-button').first().click();
  await until(async () => (await hookNumber(page, 'jacobian-chart', 'data-points')) === T, { what: 'T points in a hidden panel' });
  assert.equal(await page.getByTestId('jacobian-chart').isVisible(), false, 'the panel is hidden');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a state above the engine\'s limit: the panel says why the chart is empty', async () => {
  const page = await openPage(browser.context, url('cell=lstm&hidden=300&batch=4'));
  await oneStep(page);
  const panel = page.locator('.rl-panel--jacobian');
  assert.match(await panel.textContent(), /No Jacobians for these settings: .*512/);
  assert.equal(await page.getByTestId('jacobian-chart').getAttribute('data-points'), '0');
  assert.ok(await page.getByTestId('gain-slider').isDisabled());
  assert.equal(await page.getByTestId('error-message').first().isVisible(), false, 'not an error: the run trains');
  assert.deepEqual(page.errors, []);
  await page.close();
});
