// page_speed.mjs — the page's own speed in headless Chromium (web/dist,
// served over http as the browser tests serve it):
//  1. training steps per second of the lab at its default settings and at
//     hidden = 128, T = 50 (speed "as fast as possible"): after a warm-up,
//     the step counter's growth over timed windows, their median;
//  2. the sequence-length sweep's wall time (its default: RNN and LSTM,
//     T = 5..30, 3 seeds, 500 steps each, 30 models) with a pool of 1 worker
//     (the sequential sweep) and with pools of 2.. N workers (data-workers on
//     the panel), each from the click on Run sweep to the panel's "done",
//     and whether every pool's table equals the one worker's (it must).
//
//   node bench/page_speed.mjs [--quick] [--pools 1,2,3] [--no-lab] [--no-sweep] [--json-out FILE]
//
// --quick: shorter windows and a 2 x 2 x 1 sweep of 100 steps (a smoke test).
// The lab is paused while the sweep runs. Timing only: nothing here is a test.
import { writeFile } from 'node:fs/promises';
import os, { cpus } from 'node:os';
import { hookNumber, launch, openPage, until } from '../tests/browser/browser_helpers.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : null);
const WARMUP_MS = quick ? 1000 : 3000;
const WINDOW_MS = quick ? 1000 : 5000;
const WINDOWS = quick ? 2 : 5;
const pools = (opt('--pools') || `1,${Math.max(2, cpus().length)}`).split(',').map(Number);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function labSpeed(context, url, hash) {
  const page = await openPage(context, url + hash);
  const settings = {
    cell: await page.getByTestId('setting-cell').first().evaluate((el) => (el.querySelector('input:checked') || el).value),
    task: await page.getByTestId('setting-task').first().inputValue().catch(() => null),
    T: Number(await page.getByTestId('setting-T').first().inputValue()),
    hidden: await hookNumber(page, 'param-count', 'data-hidden-size'),
    batch: Number(await page.getByTestId('setting-batch').first().inputValue()),
    params: await hookNumber(page, 'param-count'),
  };
  await page.getByTestId('speed').first().selectOption('0');
  await page.getByTestId('train-toggle').first().click();
  await sleep(WARMUP_MS);
  const rates = [];
  for (let w = 0; w < WINDOWS; w++) {
    const s0 = await hookNumber(page, 'step-counter');
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const s1 = await hookNumber(page, 'step-counter');
    rates.push(((s1 - s0) * 1000) / (performance.now() - t0));
  }
  await page.getByTestId('train-toggle').first().click();
  const errors = [...page.errors];
  await page.close();
  return { hash, settings, steps_per_second_median: median(rates), windows: rates, errors };
}

async function sweepTime(context, url, workers, sweep) {
  const page = await openPage(context, url);
  const panel = page.getByTestId('sweep-panel');
  await panel.evaluate((el, n) => { el.dataset.workers = String(n); }, workers);
  if (sweep) {
    for (const c of ['rnn', 'lstm', 'gru', 'peephole_lstm']) await panel.locator(`input[name="cells"][value="${c}"]`).setChecked(sweep.cells.includes(c));
    await panel.locator('input[name="lengths"]').fill(sweep.lengths);
    await panel.locator('input[name="seeds"]').fill(String(sweep.seeds));
    await panel.locator('input[name="steps"]').fill(String(sweep.steps));
  }
  const t0 = performance.now();
  await page.getByTestId('sweep-start').click();
  await until(async () => (await panel.getAttribute('data-state')) === 'done', { timeoutMs: 1800000, intervalMs: 50, what: 'the sweep' });
  const wall = (performance.now() - t0) / 1000;
  const text = await panel.locator('.sw-progress-text').textContent();
  const table = await page.getByTestId('sweep-table').evaluate((t) => t.outerHTML);
  const models = await hookNumber(page, 'sweep-progress', 'data-total');
  const used = await hookNumber(page, 'sweep-progress', 'data-workers');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const errors = [...page.errors];
  await page.close();
  return { workers: used, models, wall_s: wall, panel_text: text, table, hardware_concurrency: cores, errors };
}

const browser = await launch();
const report = { date: new Date().toISOString(), quick, cpus: cpus().length, load_average: os.loadavg(), lab: [], sweep: [] };
try {
  for (const hash of args.includes('--no-lab') ? [] : ['', '#hidden=128&T=50']) {
    const r = await labSpeed(browser.context, browser.baseUrl, hash);
    console.error(`lab ${hash || '(defaults)'}: ${JSON.stringify(r.settings)}: ${r.steps_per_second_median.toFixed(1)} steps/s ` +
      `(windows ${r.windows.map((x) => x.toFixed(1)).join(', ')})`);
    report.lab.push(r);
  }
  const small = quick ? { cells: ['rnn', 'lstm'], lengths: '5, 10', seeds: 1, steps: 100 } : null;
  for (const n of args.includes('--no-sweep') ? [] : pools) {
    const r = await sweepTime(browser.context, browser.baseUrl, n, small);
    r.same_table_as_one_worker = report.sweep.length ? r.table === report.sweep[0].table : true;
    console.error(`sweep, ${r.workers} worker(s): ${r.models} models in ${r.wall_s.toFixed(1)} s ` +
      `(${r.panel_text}); table equal to one worker's: ${r.same_table_as_one_worker}`);
    report.sweep.push(r);
  }
} finally {
  await browser.close();
}
for (const r of report.sweep) if (report.sweep[0]) r.speedup = report.sweep[0].wall_s / r.wall_s;
console.log(JSON.stringify({ ...report, sweep: report.sweep.map(({ table, ...r }) => r) }, null, 2));
if (opt('--json-out')) await writeFile(opt('--json-out'), JSON.stringify(report, null, 2));
