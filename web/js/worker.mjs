// worker.mjs — the browser Web Worker entry: loads the engine (the only
// code on the page that touches wasm) and hands messages to worker_host.mjs.
import createRnnlabCore from 'rnnlab-core';  // build/wasm/rnnlab-core.mjs (alias in scripts/build_web.mjs)
import { makeApi } from './api/core_api.mjs';
import { createWorkerHost } from './worker_host.mjs';

const queue = [];
let host = null;
self.onmessage = (e) => (host ? host.handle(e.data) : queue.push(e.data));

createRnnlabCore().then(
  (core) => {
    host = createWorkerHost(makeApi(core), (msg) => self.postMessage(msg));
    host.ready();
    for (const msg of queue.splice(0)) host.handle(msg);
  },
  (err) => self.postMessage({ type: 'error', runId: 0, message: `the engine failed to load: ${err && err.message}` }),
);
