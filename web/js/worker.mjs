// worker.mjs — the browser Web Worker entry: loads the engine (the only
// code on the page that touches wasm) and hands messages to worker_host.mjs.
// The engine's glue comes bundled (build/wasm/rnnlab-core-web.mjs, alias in
// scripts/build_web.mjs); its wasm arrives as bytes in the page's first
// message, `engine` (engine_bytes.mjs, protocol.mjs): the glue compiles them
// and fetches nothing, so a Content-Security-Policy needs no connect-src.
// Messages before the engine has loaded wait in a queue.
import createRnnlabCore from 'rnnlab-core';
import { makeApi } from './api/core_api.mjs';
import { createWorkerHost } from './worker_host.mjs';
import { FromWorker, ToWorker } from './protocol.mjs';

const queue = [];
let host = null;
let loading = false;

function fail(err) {
  const reason = String((err && err.message) || err);
  const csp = /Content.Security.Policy|unsafe-eval/i.test(reason)
    ? " This page's Content-Security-Policy must allow script-src 'wasm-unsafe-eval' (see the README, section Embedding)." : '';
  self.postMessage({ type: FromWorker.error, runId: 0, message: `The engine failed to load: ${reason}.${csp}` });
}

function load(wasm) {
  loading = true;
  if (!(wasm instanceof ArrayBuffer) || wasm.byteLength < 8) {
    fail('the page sent no engine bytes');
    return;
  }
  // locateFile: the glue would otherwise resolve its .wasm against import.meta.url,
  // which a bundled classic worker does not have; with wasmBinary it reads no file.
  createRnnlabCore({ wasmBinary: wasm, locateFile: (name) => name }).then(
    (core) => {
      host = createWorkerHost(makeApi(core), (msg) => self.postMessage(msg));
      host.ready();
      for (const msg of queue.splice(0)) host.handle(msg);
    },
    fail,
  );
}

self.onmessage = (e) => {
  const msg = e.data;
  if (host) host.handle(msg);
  else if (msg && msg.type === ToWorker.engine && !loading) load(msg.wasm);
  // The heartbeat is answered from the start, while the engine loads (and if it cannot).
  else if (msg && msg.type === ToWorker.ping) self.postMessage({ type: FromWorker.pong, runId: 0, seq: msg.seq });
  else queue.push(msg);
};
// A message the worker could not read is lost (its request would wait forever,
// a lost pause would leave it training): fatal, the page starts a new worker.
self.onmessageerror = () => {
  self.postMessage({ type: FromWorker.error, runId: 0, request: 'message', fatal: true, message: 'a message to the training worker could not be read' });
};
