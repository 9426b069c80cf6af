// engine_bytes.test.mjs — rnnlab-engine.js's encoding (web/js/engine_bytes.mjs):
// the script, run as a browser would read it (UTF-8 after its byte-order mark),
// gives back every byte, whatever their order; and the built file holds the
// built wasm exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { ENGINE_GLOBAL, ENGINE_SCRIPT, decodeEngine, encodeEngine } from '../../../web/js/engine_bytes.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the script's text as a classic script (strict mode too) and returns the bytes it defines. */
function run(fileBytes, { strict = false } = {}) {
  assert.deepEqual([...fileBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte-order mark first');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(fileBytes);  // drops the BOM
  const self = {};
  vm.runInNewContext(strict ? `'use strict';\n${text}` : text, { self });
  return decodeEngine(self[ENGINE_GLOBAL]);
}

const encode = (bytes) => Buffer.from(encodeEngine(bytes), 'utf8');

test('every byte value, alone and next to each other, survives', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(run(encode(all)), all);
  // Each pair (a, b): the escapes must not swallow a following digit, quote or backslash.
  const pairs = new Uint8Array(2 * 256 * 256);
  for (let a = 0; a < 256; a += 1) for (let b = 0; b < 256; b += 1) pairs.set([a, b], 2 * (256 * a + b));
  assert.deepEqual(run(encode(pairs)), pairs);
  assert.deepEqual(run(encode(pairs), { strict: true }), pairs, 'no octal escape (a syntax error in strict mode)');
  assert.deepEqual(run(encode(new Uint8Array(0))), new Uint8Array(0));
  for (const edge of [[0], [0, 0x31], [0x5c], [0x5c, 0x30], [0x22], [0x0d, 0x0a], [0x31, 0]]) {
    assert.deepEqual(run(encode(Uint8Array.from(edge))), Uint8Array.from(edge), `bytes ${edge}`);
  }
});

test('random bytes survive, and the file costs about 1.5 bytes per byte before compression', () => {
  let x = 12345;
  const bytes = Uint8Array.from({ length: 1 << 16 }, () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x >>> 24;
  });
  const file = encode(bytes);
  assert.deepEqual(run(file), bytes);
  // 128 of 256 values take 2 UTF-8 bytes, 5 escapes take 2: on average (128*2 + 123 + 5*2)/256 = 1.52.
  assert.ok(file.length < 1.6 * bytes.length, `${file.length} bytes for ${bytes.length}`);
});

test('a damaged string is refused with the file named', () => {
  assert.throws(() => decodeEngine('ab\u0100'), new RegExp(`${ENGINE_SCRIPT.replace('.', '\\.')} is damaged`));
});

const built = join(ROOT, 'web/dist', ENGINE_SCRIPT);
const wasm = join(ROOT, 'build/wasm/rnnlab-core-web.wasm');
test('the built rnnlab-engine.js holds the built wasm byte for byte', async () => {
  assert.ok(existsSync(built), `${built} is missing: run scripts/build.sh`);
  const bytes = run(await readFile(built));
  assert.deepEqual(Buffer.from(bytes), await readFile(wasm));
  assert.ok(WebAssembly.validate(bytes), 'a valid WebAssembly module');
});
