// build_web.mjs — assembles the deployable site web/dist/ from the wasm build
// (build/wasm) and web/: the JavaScript API files (rnnlab.mjs, rnnlab.cjs,
// core_api.*, rnnlab-core.*), the worker bundled into the page script as a
// string (so the page also works from file://, where Chromium refuses
// workers loaded from files), the page, the embeds (rnnlab-embed.js with
// the <rnn-lab> element, embed.html, examples/), their styles and KaTeX's fonts.
// Everything is local: nothing is loaded from a CDN at run time.
// RNNLAB_NO_MINIFY=1 keeps the page and embed bundles readable (stack traces).
import { build } from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

async function main() {
  for (const f of ['rnnlab-core.cjs', 'rnnlab-core.mjs']) {
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

  // 2. The worker, as one classic script (engine + host), kept as a string.
  //    `fetch` is defined away: the Emscripten glue would fetch() its own
  //    embedded data: URI, which a Content-Security-Policy without
  //    connect-src data: refuses (a console error); without fetch it decodes
  //    the base64 in place. Nothing else in the worker fetches.
  const worker = await build({
    entryPoints: [join(web, 'js/worker.mjs')], bundle: true, format: 'iife', write: false,
    platform: 'browser', target: 'es2020', minify: true, logLevel: 'error',
    alias: { 'rnnlab-core': join(wasmDir, 'rnnlab-core.mjs') },
    define: { fetch: 'undefined' },
  });
  const workerSource = worker.outputFiles[0].text;
  await writeFile(join(dist, 'worker.js'), workerSource);

  // 3. The page and the embed element, with the worker source inlined.
  const entries = [['js/main.mjs', 'app.js'], ['js/embed_element.mjs', 'rnnlab-embed.js']];
  for (const [src, out] of entries) {
    if (!(await exists(join(web, src)))) continue;
    await build({
      entryPoints: [join(web, src)], outfile: join(dist, out), bundle: true, format: 'iife',
      platform: 'browser', target: 'es2020', minify: !process.env.RNNLAB_NO_MINIFY, logLevel: 'warning',
      define: { __RNNLAB_WORKER_SOURCE__: JSON.stringify(workerSource) },
      loader: { '.css': 'text' },
    });
  }

  // 4. Static files: pages, styles, examples, KaTeX's stylesheet and fonts.
  for (const f of ['index.html', 'embed.html']) {
    if (await exists(join(web, f))) await cp(join(web, f), join(dist, f));
  }
  if (await exists(join(web, 'css'))) await cp(join(web, 'css'), join(dist, 'css'), { recursive: true });
  if (await exists(join(web, 'examples'))) await cp(join(web, 'examples'), join(dist, 'examples'), { recursive: true });
  const katex = join(root, 'node_modules/katex/dist');
  await mkdir(join(dist, 'vendor/katex'), { recursive: true });
  await cp(join(katex, 'katex.min.css'), join(dist, 'vendor/katex/katex.min.css'));
  await cp(join(katex, 'fonts'), join(dist, 'vendor/katex/fonts'), { recursive: true });
  console.log(`build_web: wrote ${dist}`);
}

main().catch((e) => {
  console.error(`build_web: ${e.message}`);
  process.exit(1);
});
