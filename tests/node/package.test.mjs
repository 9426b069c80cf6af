// package.test.mjs — web/dist is an installable npm package: `npm pack` in
// web/dist, install the tarball offline into a fresh project, then
// `import { loadRnnlab } from 'rnnlab'` (ES module) and `require('rnnlab')`
// (CommonJS) each train a few steps and agree; the package's declarations
// resolve for both, through its "exports" (tsc --strict, nodenext).
// Needs the built site (scripts/build_web.mjs writes web/dist/package.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT } from './helpers.mjs';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
let tmp, proj, tarball, packed;

/** Runs a command; resolves {status, stdout, stderr} (never rejects). */
function run(cmd, args, cwd, env = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

// The same run in both module systems: a GRU on binary palindromes, T=6, H=8.
const RUN = `const t = rnnlab.createTrainer({ cell: 'gru', T: 6, hidden: 8, batch: 4, seed: 2 });
  const m = t.step(3);
  console.log(JSON.stringify({ total: rnnlab.paramCount({ cell: 'gru', hidden: 8 }).total, trainerTotal: t.paramCount().total,
    step: m.step, loss: m.loss, dh: m.diagnostics.dhNorms.length, sameDefault }));
  t.dispose();`;
const ESM = `import loadDefault, { loadRnnlab } from 'rnnlab';
const sameDefault = loadDefault === loadRnnlab;
const rnnlab = await loadRnnlab();
${RUN}\n`;
const CJS = `const pkg = require('rnnlab');
const sameDefault = pkg.default === pkg.loadRnnlab;
pkg.loadRnnlab().then((rnnlab) => {
${RUN}
});\n`;
// Type-checked only: the package's types for `import` (the whole API, as
// tests/node/types/usage.ts uses it) and for `require`.
const USAGE = join(ROOT, 'tests/node/types/usage.ts');
const CTS = `import { loadRnnlab, type ParamCount } from 'rnnlab';
import load = require('rnnlab');
loadRnnlab().then((api) => { const pc: ParamCount = api.paramCount({ hidden: 4 }); console.log(pc.total); });
load.default().then((api) => console.log(api.tasks().map((t) => t.name)));\n`;

before(async () => {
  assert.ok(existsSync(join(DIST, 'package.json')), `missing ${join(DIST, 'package.json')}: run node scripts/build_web.mjs`);
  tmp = mkdtempSync(join(tmpdir(), 'rnnlab-package-'));
  // npm's cache in the temp dir: nothing outside it is read or written.
  const npmEnv = { npm_config_cache: join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' };
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], DIST, npmEnv);
  assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
  packed = JSON.parse(pack.stdout)[0];
  tarball = join(tmp, packed.filename);
  proj = join(tmp, 'project');
  mkdirSync(proj);
  writeFileSync(join(proj, 'package.json'), `${JSON.stringify({ name: 'rnnlab-consumer', private: true, version: '1.0.0' })}\n`);
  const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], proj, npmEnv);
  assert.equal(install.status, 0, `offline npm install of ${tarball} failed:\n${install.stdout}\n${install.stderr}`);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball is "rnnlab" at the root version, with the API, its declarations and no dependencies', () => {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(packed.name, 'rnnlab');
  assert.equal(packed.version, root.version);
  const files = packed.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'rnnlab.mjs', 'rnnlab.cjs', 'core_api.mjs', 'core_api.cjs', 'rnnlab-core.mjs',
    'rnnlab-core.cjs', 'rnnlab.d.mts', 'rnnlab.d.cts']) {
    assert.ok(files.includes(f), `${f} missing from the tarball (${files.join(', ')})`);
  }
  const installed = JSON.parse(readFileSync(join(proj, 'node_modules/rnnlab/package.json'), 'utf8'));
  assert.equal(installed.dependencies, undefined);
  assert.equal(installed.peerDependencies, undefined);
  assert.equal(installed.optionalDependencies, undefined);
  assert.equal(installed.exports['.'].import.default, './rnnlab.mjs');
  assert.equal(installed.exports['.'].require.default, './rnnlab.cjs');
});

test("import from 'rnnlab' and require('rnnlab') both train, and agree", async () => {
  writeFileSync(join(proj, 'use.mjs'), ESM);
  writeFileSync(join(proj, 'use.cjs'), CJS);
  const [esm, cjs] = await Promise.all([
    run(process.execPath, ['use.mjs'], proj),
    run(process.execPath, ['use.cjs'], proj),
  ]);
  assert.equal(esm.status, 0, `use.mjs failed:\n${esm.stderr}`);
  assert.equal(cjs.status, 0, `use.cjs failed:\n${cjs.stderr}`);
  const a = JSON.parse(esm.stdout.trim());
  const b = JSON.parse(cjs.stdout.trim());
  // gru, one-hot binary palindrome (V=3, C=2), H=8: 3 (8*3 + 8^2 + 8) + 8 + 2*8 + 2
  assert.equal(a.total, 3 * (8 * 3 + 64 + 8) + 8 + 2 * 8 + 2);
  assert.equal(a.trainerTotal, a.total);
  assert.deepEqual({ step: a.step, dh: a.dh, sameDefault: a.sameDefault }, { step: 3, dh: 6, sameDefault: true });
  assert.ok(Number.isFinite(a.loss), `loss ${a.loss}`);
  assert.deepEqual(b, a, 'the CommonJS and the ES module runs differ');
});

test("the package's declarations type-check for import (.mts) and require (.cts)", async () => {
  const usage = readFileSync(USAGE, 'utf8');
  const mts = usage.replace("from '../../../web/js/api/rnnlab.js'", "from 'rnnlab'");
  assert.notEqual(mts, usage, 'usage.ts no longer imports ../../../web/js/api/rnnlab.js');
  writeFileSync(join(proj, 'consumer.mts'), mts);
  writeFileSync(join(proj, 'consumer.cts'), CTS);
  const r = await run(process.execPath, [TSC, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--pretty', 'false', '--traceResolution', 'consumer.mts', 'consumer.cts'], proj);
  const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
  assert.equal(r.status, 0, `tsc failed:\n${errors.join('\n')}`);
  // Each format got its own declaration file, through the package's "exports".
  assert.match(r.stdout, /Module name 'rnnlab' was successfully resolved to '[^']*node_modules\/rnnlab\/rnnlab\.d\.mts'/);
  assert.match(r.stdout, /Module name 'rnnlab' was successfully resolved to '[^']*node_modules\/rnnlab\/rnnlab\.d\.cts'/);
});
