// build_web.mjs — assembles the deployable site web/dist/ from the wasm build
// (build/wasm) and web/: the JavaScript API files (rnnlab.mjs, rnnlab.cjs,
// core_api.*, rnnlab-core.*), the worker bundled into the page script as a
// string (so the page also works from file://, where Chromium refuses
// workers loaded from files), the page, the embeds (rnnlab-embed.js with
// the <rnn-lab> element, embed.html, examples/, rnnlab-host.js for course
// pages that embed iframes), their styles and KaTeX's fonts.
// Everything is local: nothing is loaded from a CDN at run time.
// RNNLAB_NO_MINIFY=1 keeps the page and embed bundles readable (stack traces).
import { build } from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_SCRIPT, encodeEngine } from '../web/js/engine_bytes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = join(root, 'build/wasm');
const web = join(root, 'web');
const dist = join(web, 'dist');

async function exists(p) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

// The engine's own description of its cells, tasks and sweep defaults, from the wasm build.
async function engineInfo() {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const factory = require(join(wasmDir, 'rnnlab-core.cjs'));
  const { makeApi } = await import(join(web, 'js/api/core_api.mjs'));
  const api = makeApi(await factory());
  return { cells: api.cells(), tasks: api.tasks(), sweep: api.sweepDefaults() };
}

async function main() {
  for (const f of ['rnnlab-core.cjs', 'rnnlab-core.mjs', 'rnnlab-core-web.mjs', 'rnnlab-core-web.wasm']) {
    if (!(await exists(join(wasmDir, f)))) throw new Error(`missing ${join(wasmDir, f)}: build the wasm module first (scripts/build.sh)`);
  }
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });

  // 1. The JavaScript API for Node and for pages that import it directly.
  await cp(join(wasmDir, 'rnnlab-core.cjs'), join(dist, 'rnnlab-core.cjs'));
  await cp(join(wasmDir, 'rnnlab-core.mjs'), join(dist, 'rnnlab-core.mjs'));
  await cp(join(web, 'js/api/core_api.mjs'), join(dist, 'core_api.mjs'));
  await cp(join(web, 'js/api/rnnlab.mjs'), join(dist, 'rnnlab.mjs'));
  await cp(join(web, 'js/api/rnnlab.cjs'), join(dist, 'rnnlab.cjs'));
  await build({
    entryPoints: [join(web, 'js/api/core_api.mjs')], outfile: join(dist, 'core_api.cjs'),
    format: 'cjs', platform: 'neutral', logLevel: 'warning',
  });

  // 2. The worker, as one classic script (the engine's glue + host), kept as
  //    a string; the engine's wasm is not in it but in rnnlab-engine.js (2b).
  //    `fetch` is defined away: the worker is handed the bytes, and nothing
  //    in it fetches (a Content-Security-Policy needs no connect-src).
  const worker = await build({
    entryPoints: [join(web, 'js/worker.mjs')], bundle: true, format: 'iife', write: false,
    platform: 'browser', target: 'es2020', minify: true, logLevel: 'error',
    alias: { 'rnnlab-core': join(wasmDir, 'rnnlab-core-web.mjs') },
    define: { fetch: 'undefined' },
  });
  const workerSource = worker.outputFiles[0].text;
  await writeFile(join(dist, 'worker.js'), workerSource);

  // 2b. The engine's wasm for the page and the embeds (web/js/engine_bytes.mjs).
  const wasm = await readFile(join(wasmDir, 'rnnlab-core-web.wasm'));
  await writeFile(join(dist, ENGINE_SCRIPT), encodeEngine(wasm));

  // 3. The page and the embed element, with the worker source inlined, and
  //    what the engine says about its cells and tasks (names, titles, gates,
  //    formulas) as __RNNLAB_ENGINE__: the page reads its labels there before
  //    its worker has started, and keeps no list of its own.
  const engine = await engineInfo();
  const entries = [['js/main.mjs', 'app.js'], ['js/embed_element.mjs', 'rnnlab-embed.js']];
  for (const [src, out] of entries) {
    if (!(await exists(join(web, src)))) continue;
    await build({
      entryPoints: [join(web, src)], outfile: join(dist, out), bundle: true, format: 'iife',
      platform: 'browser', target: 'es2020', minify: !process.env.RNNLAB_NO_MINIFY, logLevel: 'warning',
      define: { __RNNLAB_WORKER_SOURCE__: JSON.stringify(workerSource), __RNNLAB_ENGINE__: JSON.stringify(engine) },
      loader: { '.css': 'text' },
    });
  }
  // The host side of the embeds' message API (auto-height, events on the
  // <iframe>, rnnlab.send): a small script a course page includes; no engine.
  await build({
    entryPoints: [join(web, 'js/rnnlab_host.mjs')], outfile: join(dist, 'rnnlab-host.js'), bundle: true, format: 'iife',
    platform: 'browser', target: 'es2020', minify: !process.env.RNNLAB_NO_MINIFY, logLevel: 'warning',
  });

  // 4. Static files: pages, styles, examples, KaTeX's stylesheet and fonts.
  for (const f of ['index.html', 'embed.html', 'favicon.svg']) {
    if (await exists(join(web, f))) await cp(join(web, f), join(dist, f));
  }
  if (await exists(join(web, 'css'))) await cp(join(web, 'css'), join(dist, 'css'), { recursive: true });
  if (await exists(join(web, 'examples'))) await cp(join(web, 'examples'), join(dist, 'examples'), { recursive: true });
  const katex = join(root, 'node_modules/katex/dist');
  await mkdir(join(dist, 'vendor/katex'), { recursive: true });
  await cp(join(katex, 'katex.min.css'), join(dist, 'vendor/katex/katex.min.css'));
  await cp(join(katex, 'fonts'), join(dist, 'vendor/katex/fonts'), { recursive: true });

  // 5. web/dist as an npm package "rnnlab" (`npm pack` in web/dist), holding
  //    the JavaScript API of step 1 and its TypeScript declarations, one copy
  //    per module format (a .d.ts is read as the format of its package, so a
  //    dual package needs .d.mts for `import` and .d.cts for `require`). No
  //    dependencies: the engine is embedded in rnnlab-core.*.
  await cp(join(web, 'js/api/rnnlab.d.ts'), join(dist, 'rnnlab.d.mts'));
  await cp(join(web, 'js/api/rnnlab.d.ts'), join(dist, 'rnnlab.d.cts'));
  const apiFiles = ['rnnlab.mjs', 'rnnlab.cjs', 'core_api.mjs', 'core_api.cjs', 'rnnlab-core.mjs', 'rnnlab-core.cjs',
    'rnnlab.d.mts', 'rnnlab.d.cts'];
  for (const f of apiFiles) {
    if (!(await exists(join(dist, f)))) throw new Error(`the npm package needs ${join(dist, f)}, which step 1 did not write`);
  }
  const rootPkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const pkg = {
    name: 'rnnlab',
    version: rootPkg.version,
    description: rootPkg.description,
    license: rootPkg.license,
    main: './rnnlab.cjs',
    types: './rnnlab.d.cts',
    exports: {
      '.': {
        import: { types: './rnnlab.d.mts', default: './rnnlab.mjs' },
        require: { types: './rnnlab.d.cts', default: './rnnlab.cjs' },
      },
      './package.json': './package.json',
    },
    files: apiFiles,
    engines: { node: '>=20' },
  };
  await writeFile(join(dist, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`build_web: wrote ${dist}`);
}

main().catch((e) => {
  console.error(`build_web: ${e.message}`);
  process.exit(1);
});
