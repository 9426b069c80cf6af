// engine_bytes.mjs — the engine's wasm for the page's workers. The page and
// the embed script do not carry the engine: scripts/build_web.mjs writes it
// beside them as rnnlab-engine.js, a classic script whose one string holds
// the wasm's bytes one character each (U+0000..U+00FF; UTF-8 with a BOM, so
// a host page in another encoding reads it the same). A <script> loads from
// file://, over http, and under the README's strict Content-Security-Policy
// (script-src 'self'), where fetch() would need a connect-src; it gzips to
// about 1.07x the binary's own gzip (base64 inside the worker was 1.45x).
// The bytes are loaded once per page and handed to every worker
// (worker_client.mjs, message `engine`), which compiles them.
// Deliberately not: compiling or running anything (the worker does).

export const ENGINE_SCRIPT = 'rnnlab-engine.js';
export const ENGINE_GLOBAL = '__RNNLAB_ENGINE_WASM__';

// The folder of the script that bundled this module (app.js, rnnlab-embed.js),
// read while it runs: rnnlab-engine.js sits beside it.
const base = (typeof document !== 'undefined' && document.currentScript && document.currentScript.src)
  || (typeof location !== 'undefined' ? location.href : '');

/** Where rnnlab-engine.js is: beside the script that loaded this page's code. */
export function engineScriptUrl(from = base) {
  return new URL(ENGINE_SCRIPT, from).href;
}

/** The bytes the string of rnnlab-engine.js holds (the inverse of encodeEngine). */
export function decodeEngine(text) {
  const n = text.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new Error(`${ENGINE_SCRIPT} is damaged (a character above U+00FF at ${i}): rebuild or recopy web/dist`);
    out[i] = c;
  }
  return out;
}

/**
 * rnnlab-engine.js: `self.__RNNLAB_ENGINE_WASM__ = "…"`, one character per
 * byte of the wasm (U+0000..U+00FF), in UTF-8 with a byte-order mark (which
 * decides the encoding whatever the host page's). Only what a string literal
 * cannot hold is escaped: backslash, quote, line feed, carriage return, and
 * NUL as \0 (as \x00 before a digit, where \0 would read as octal).
 */
export function encodeEngine(bytes) {
  const parts = [];
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i];
    if (b === 0x5c) parts.push('\\\\');
    else if (b === 0x22) parts.push('\\"');
    else if (b === 0x0a) parts.push('\\n');
    else if (b === 0x0d) parts.push('\\r');
    else if (b === 0) parts.push(i + 1 < bytes.length && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? '\\x00' : '\\0');
    else parts.push(String.fromCharCode(b));
  }
  return `\uFEFF// rnnlab-engine.js — the rnnlab engine's WebAssembly (${bytes.length} bytes, one character each), built by scripts/build_web.mjs\n`
    + `self.${ENGINE_GLOBAL} = "${parts.join('')}";\n`;
}

let loading = null;

/**
 * The engine's wasm as an ArrayBuffer, loaded once: later calls share the
 * first one's promise (a failed load is tried again on the next call).
 * Rejects with a message that names the file and what to check.
 */
export function loadEngineBytes(url = engineScriptUrl()) {
  if (loading) return loading;
  loading = new Promise((resolve, reject) => {
    const fail = (why) => {
      loading = null;
      reject(new Error(`The engine (${url}) could not be loaded: ${why}. It must sit beside the page's script`
        + ' (copy all of web/dist), and a Content-Security-Policy must allow it in script-src.'));
    };
    if (typeof document === 'undefined') {
      fail('there is no document to load it into');
      return;
    }
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => {
      const text = globalThis[ENGINE_GLOBAL];
      delete globalThis[ENGINE_GLOBAL];
      script.remove();
      if (typeof text !== 'string') {
        fail(`it did not define ${ENGINE_GLOBAL}`);
        return;
      }
      try {
        resolve(decodeEngine(text).buffer);
      } catch (e) {
        fail(e.message);
      }
    };
    script.onerror = () => {
      script.remove();
      fail('the browser refused it or it is missing');
    };
    (document.head || document.documentElement).appendChild(script);
  });
  return loading;
}
