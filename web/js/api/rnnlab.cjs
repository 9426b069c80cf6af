// rnnlab.cjs — the CommonJS entry point of the JavaScript API (Node `require`).
//   const { loadRnnlab } = require('./rnnlab.cjs');
//   loadRnnlab().then((rnnlab) => { ... });
const createRnnlabCore = require('./rnnlab-core.cjs');
const { makeApi } = require('./core_api.cjs');

/** Instantiates a fresh, independent engine and returns its API. */
async function loadRnnlab(options = {}) {
  return makeApi(await createRnnlabCore(options));
}

module.exports = { loadRnnlab, default: loadRnnlab };
