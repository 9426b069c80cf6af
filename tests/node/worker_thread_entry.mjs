// worker_thread_entry.mjs — runs the browser worker's host (web/js/
// worker_host.mjs) inside a Node worker_threads Worker, on the built engine,
// so worker.test.mjs can drive the real protocol.
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { makeApi } from '../../web/dist/core_api.mjs';
import { createWorkerHost } from '../../web/js/worker_host.mjs';

const require = createRequire(import.meta.url);
const createRnnlabCore = require('../../web/dist/rnnlab-core.cjs');
const core = await createRnnlabCore();
const host = createWorkerHost(makeApi(core), (msg) => parentPort.postMessage(msg));
parentPort.on('message', (msg) => host.handle(msg));
host.ready();
