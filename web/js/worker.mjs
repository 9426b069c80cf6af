// worker.mjs — the browser Web Worker entry: loads the engine (the only
// code on the page that touches wasm) and hands messages to worker_host.mjs.
// The engine's wasm is embedded in its glue as a data: URI; the bundle is
// built with `fetch` defined away (scripts/build_web.mjs), so the glue
// decodes it in place instead of fetching it, and a Content-Security-Policy
// needs no connect-src for it.
import createRnnlabCore from 'rnnlab-core';  // build/wasm/rnnlab-core.mjs (alias in scripts/build_web.mjs)
import { makeApi } from './api/core_api.mjs';
import { createWorkerHost } from './worker_host.mjs';
import { FromWorker, ToWorker } from './protocol.mjs';

const queue = [];
let host = null;
self.onmessage = (e) => {
  if (host) host.handle(e.data);
  // The heartbeat is answered from the start, while the engine loads (and if it cannot).
  else if (e.data && e.data.type === ToWorker.ping) self.postMessage({ type: FromWorker.pong, runId: 0, seq: e.data.seq });
  else queue.push(e.data);
};
// A message the worker could not read is lost (its request would wait forever,
// a lost pause would leave it training): fatal, the page starts a new worker.
self.onmessageerror = () => {
  self.postMessage({ type: FromWorker.error, runId: 0, request: 'message', fatal: true, message: 'a message to the training worker could not be read' });
};

createRnnlabCore().then(
  (core) => {
    host = createWorkerHost(makeApi(core), (msg) => self.postMessage(msg));
    host.ready();
    for (const msg of queue.splice(0)) host.handle(msg);
  },
  (err) => {
    const reason = String((err && err.message) || err);
    const csp = /Content.Security.Policy|unsafe-eval/i.test(reason)
      ? " This page's Content-Security-Policy must allow script-src 'wasm-unsafe-eval' (see the README, section Embedding)." : '';
    self.postMessage({ type: 'error', runId: 0, message: `The engine failed to load: ${reason}.${csp}` });
  },
);
