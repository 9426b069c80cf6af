// param_count.test.mjs — param-count shows the engine's exact parameter
// count the moment a size changes, before any training, whether the change
// comes from the controls or from the URL; checked against the analytic
// formulas written out below for every cell and several sizes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hookNumber, launch, openPage, until } from './browser_helpers.mjs';

// The task sizes this test knows independently of the page: vocabulary V and classes C.
const KNOWN = { binary_palindrome: { V: 3, C: 2 }, palindrome: { V: 10, C: 10 } };

// N_in = I, N_h = H, N_out = C; + V*E for an embedding (then I = E, else I = V).
function expected(cell, { H, V, C, E = 0 }) {
  const I = E > 0 ? E : V;
  const head = C * H + C;
  const emb = E > 0 ? V * E : 0;
  switch (cell) {
    case 'rnn': return H * I + H * H + H + head + emb;
    case 'lstm': return 4 * (H * I + H * H + H) + head + emb;
    case 'gru': return 3 * (H * I + H * H + H) + H + head + emb;
    case 'peephole_lstm': return 4 * (H * I + H) + 3 * H * H + head + emb;
    default: throw new Error(cell);
  }
}

async function readCount(page) {
  const el = page.getByTestId('param-count').first();
  return {
    value: Number(await el.getAttribute('data-value')),
    I: Number(await el.getAttribute('data-input-size')),
    H: Number(await el.getAttribute('data-hidden-size')),
    C: Number(await el.getAttribute('data-output-size')),
  };
}

/** Waits until param-count shows `want`; then checks the sizes it was computed for. */
async function expectCount(page, cell, { task = 'binary_palindrome', H, E = 0 }) {
  const { V, C } = KNOWN[task];
  const want = expected(cell, { H, V, C, E });
  let last;
  try {
    await until(async () => {
      last = await readCount(page);
      return last.value === want && last.H === H;
    }, { timeoutMs: 15000, what: `${cell} H=${H} E=${E}` });
  } catch {
    assert.fail(`${cell} ${task} H=${H} E=${E}: expected ${want} parameters, page shows ${JSON.stringify(last)}`);
  }
  assert.equal(last.I, E > 0 ? E : V, 'data-input-size is N_in (E with an embedding, else V)');
  assert.equal(last.C, C, 'data-output-size is the task\'s class count');
  assert.equal(await hookNumber(page, 'step-counter'), 0, 'no training happened');
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser && browser.close());

test('the default page shows the default LSTM\'s count', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  await expectCount(page, 'lstm', { H: 32 });
  assert.equal(await hookNumber(page, 'param-count'), 4 * (32 * 3 + 32 * 32 + 32) + 2 * 32 + 2);
  const text = await page.getByTestId('param-formula').first().textContent();
  assert.ok(text.includes('4674'), 'the substituted formula shows the total');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('changing the cell and the hidden size in the controls updates param-count', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  const lab = page.getByTestId('lab-a');
  const labels = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU', peephole_lstm: 'Peephole' };
  for (const cell of ['rnn', 'lstm', 'gru', 'peephole_lstm']) {
    await lab.getByLabel(labels[cell], { exact: true }).check();
    for (const H of [8, 48]) {
      await lab.getByLabel('Hidden N_h').fill(String(H));
      await expectCount(page, cell, { H });
    }
  }
  // An embedding: N_in becomes E and the table adds V*E.
  await lab.getByLabel('Embedding E').fill('5');
  await expectCount(page, 'peephole_lstm', { H: 48, E: 5 });
  await lab.getByLabel('Embedding E').fill('0');
  await expectCount(page, 'peephole_lstm', { H: 48 });
  // Another task (sizes from the engine's registry): the decimal palindrome.
  await lab.getByLabel('Task').selectOption('palindrome');
  await expectCount(page, 'peephole_lstm', { task: 'palindrome', H: 48 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the URL sets the cell and sizes (fresh load and hash change)', async () => {
  const page = await openPage(browser.context, `${browser.baseUrl}#cell=gru&hidden=48`);
  await expectCount(page, 'gru', { H: 48 });
  const cases = [
    ['#cell=rnn&hidden=7', 'rnn', { H: 7 }],
    ['#cell=lstm&hidden=64', 'lstm', { H: 64 }],
    ['#cell=peephole_lstm&hidden=20&embed=4', 'peephole_lstm', { H: 20, E: 4 }],
    ['#cell=gru&hidden=3&task=palindrome', 'gru', { task: 'palindrome', H: 3 }],
    ['#cell=lstm&hidden=16&embed=6&task=palindrome', 'lstm', { task: 'palindrome', H: 16, E: 6 }],
  ];
  for (const [hash, cell, sizes] of cases) {
    await page.goto(`${browser.baseUrl}${hash}`);
    await expectCount(page, cell, sizes);
  }
  // The query form works too (a fresh load).
  const q = await openPage(browser.context, browser.baseUrl.replace('index.html', 'index.html?cell=rnn&hidden=12'));
  await expectCount(q, 'rnn', { H: 12 });
  assert.deepEqual(page.errors, []);
  assert.deepEqual(q.errors, []);
  await q.close();
  await page.close();
});

test('the URL follows the controls', async () => {
  const page = await openPage(browser.context, browser.baseUrl);
  const lab = page.getByTestId('lab-a');
  await lab.getByLabel('GRU', { exact: true }).check();
  await lab.getByLabel('Hidden N_h').fill('24');
  await expectCount(page, 'gru', { H: 24 });
  const hash = await until(async () => {
    const h = await page.evaluate(() => location.hash);
    return h.includes('hidden=24') ? h : '';
  }, { what: 'the hash to follow the controls' });
  assert.match(hash, /cell=gru/);
  const copy = await openPage(browser.context, `${browser.baseUrl}${hash}`);
  await expectCount(copy, 'gru', { H: 24 });
  await copy.close();
  await page.close();
});
