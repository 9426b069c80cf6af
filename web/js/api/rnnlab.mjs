// rnnlab.mjs — the ES module entry point of the JavaScript API, for browsers,
// Web Workers and Node (no flags). In Node it loads the CommonJS build of the
// core (rnnlab-core.cjs); elsewhere the ES module build (rnnlab-core.mjs).
//   import { loadRnnlab } from './rnnlab.mjs';
//   const rnnlab = await loadRnnlab();
import { makeApi } from './core_api.mjs';

const isNode = typeof process === 'object' && !!(process.versions && process.versions.node) &&
  typeof window === 'undefined' && typeof importScripts === 'undefined';

async function loadCoreFactory() {
  if (isNode) {
    const { createRequire } = await import('node:module');
    return createRequire(import.meta.url)('./rnnlab-core.cjs');
  }
  return (await import('./rnnlab-core.mjs')).default;
}

/** Instantiates a fresh, independent engine and returns its API. */
export async function loadRnnlab(options = {}) {
  const factory = await loadCoreFactory();
  return makeApi(await factory(options));
}

export default loadRnnlab;
