// layers.test.mjs — stacks of recurrent layers on the page (docs/page.md):
// the `layers` URL key, its setting (`setting-layers`) and the parameter
// count the engine gives for it (computed here in Node from web/dist's API,
// the same wasm), the layer x t gradient heat map (`layer-grad-heatmap`)
// after training steps, and a refused value (layers=9) that falls back to
// one layer with a message; the `layers` attribute of <rnn-lab> and embed.html's URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hookNumber, launch, openPage, openRaw, serveSite, until, waitForCounts } from './browser_helpers.mjs';
import { loadApi } from '../node/helpers.mjs';

let browser;
let api;
before(async () => {
  api = await loadApi();
  browser = await launch();
});
after(async () => browser && browser.close());

const count = (config) => api.paramCount(config).total;

/** Waits until lab A's param-count shows `want`. */
async function expectCount(lab, want, what) {
  let last;
  try {
    await until(async () => {
      last = await hookNumber(lab, 'param-count');
      return last === want;
    }, { timeoutMs: 15000, what });
  } catch {
    assert.fail(`${what}: expected ${want} parameters, the page shows ${last}`);
  }
}

test('#layers=2&cell=gru&hidden=8: the engine\'s 2-layer count; steps fill the layer heat map', async () => {
  const config = { cell: 'gru', hidden: 8, layers: 2 };
  const two = count(config);
  const one = count({ ...config, layers: 1 });
  assert.notEqual(two, one, 'a second layer adds parameters');
  const page = await openPage(browser.context, `${browser.baseUrl}#layers=2&cell=gru&hidden=8`);
  const lab = page.getByTestId('lab-a');
  await expectCount(lab, two, 'layers=2 gru H=8');
  assert.equal(await hookNumber(lab, 'param-count', 'data-hidden-size'), 8);
  const formula = await lab.getByTestId('param-formula').textContent();
  assert.ok(formula.includes(String(two)), 'the substituted formula ends in the total');
  assert.equal(await lab.getByTestId('setting-layers').inputValue(), '2');
  assert.match(await page.evaluate(() => location.hash), /(^#|&)layers=2(&|$)/, 'the hash keeps layers');

  const heat = lab.getByTestId('layer-grad-heatmap');
  assert.equal(await heat.getAttribute('data-points'), '0', 'nothing plotted before training');
  const T = Number(await lab.getByTestId('setting-T').inputValue());
  for (let i = 0; i < 3; i++) await lab.getByTestId('step-button').click();
  await until(async () => (await hookNumber(lab, 'step-counter')) >= 3, { what: 'three steps' });
  await until(async () => (await heat.getAttribute('data-points')) === String(T), { what: 'layer heat map points' });
  assert.equal(await heat.getAttribute('data-layers'), '2');
  assert.ok(await heat.isVisible(), 'the layer heat map is shown with two layers');
  assert.equal(await hookNumber(lab, 'grad-flow-chart', 'data-points'), T, 'the gradient-flow chart still plots T points');
  assert.match(await lab.locator('.rl-panel--grad').textContent(), /top layer/, 'the chart is said to be the top layer\'s');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('#layers=9 says why and falls back to one layer', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#layers=9&cell=gru&hidden=8`);
  const lab = page.getByTestId('lab-a');
  await expectCount(lab, count({ cell: 'gru', hidden: 8, layers: 1 }), 'layers=9 falls back to 1');
  const box = lab.getByTestId('error-message');
  await box.waitFor({ state: 'visible' });
  assert.match(await box.textContent(), /layers/);
  assert.equal(await lab.getByTestId('setting-layers').inputValue(), '1');
  assert.ok(await lab.getByTestId('layer-grad-heatmap').isHidden(), 'no layer heat map with one layer');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('setting-layers to 3 changes the count to the engine\'s 3-layer one', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=gru&hidden=8`);
  const lab = page.getByTestId('lab-a');
  await expectCount(lab, count({ cell: 'gru', hidden: 8 }), 'one layer');
  assert.ok(await lab.getByTestId('layer-grad-heatmap').isHidden());
  const settings = lab.locator('.rl-settings');
  if (await settings.evaluate((el) => el.tagName === 'DETAILS' && !el.open).catch(() => false)) {
    await settings.locator('summary').first().click();
  }
  await lab.getByTestId('setting-layers').fill('3');
  await expectCount(lab, count({ cell: 'gru', hidden: 8, layers: 3 }), 'layers=3 from the setting');
  await until(async () => /(^#|&)layers=3(&|$)/.test(await page.evaluate(() => location.hash)), { what: 'layers=3 in the hash' });
  await lab.getByTestId('step-button').click();
  const heat = lab.getByTestId('layer-grad-heatmap');
  await until(async () => (await heat.getAttribute('data-layers')) === '3', { what: 'three rows in the layer heat map' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('<rnn-lab layers="2"> and embed.html#layers=2 count the engine\'s two layers', async () => {
  const two = count({ cell: 'gru', hidden: 8, layers: 2 });
  const site = await serveSite({
    'host.html': '<!doctype html><meta charset="utf-8"><script src="rnnlab-embed.js"></script>'
      + '<rnn-lab cell="gru" hidden="8" layers="2"></rnn-lab>',
  });
  try {
    const host = await openRaw(browser.context, `${site.url}host.html`);
    assert.deepEqual(await waitForCounts(host, 1), [two]);
    assert.equal(await host.locator('rnn-lab').evaluate((el) => el.config && el.config.layers), 2);
    assert.deepEqual(host.errors, []);
    await host.close();
    const framed = await openRaw(browser.context, `${site.url}embed.html#cell=gru&hidden=8&layers=2`);
    assert.deepEqual(await waitForCounts(framed, 1), [two]);
    assert.deepEqual(framed.errors, []);
    await framed.close();
  } finally {
    await site.close();
  }
});
