// memory.test.mjs — 10,000 create/step/dispose cycles do not grow the wasm
// heap beyond a fixed bound: the trainers' memory is returned on dispose()
// (and after failed creations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApi } from './helpers.mjs';

const BOUND = 32 * 1024 * 1024;  // bytes of wasm heap after the warm-up

test('10,000 create/step/dispose cycles stay within the heap bound', async () => {
  const api = await loadApi();
  const cells = ['rnn', 'lstm', 'gru', 'peephole_lstm'];
  for (let i = 0; i < 50; i++) {
    const t = api.createTrainer({ cell: cells[i % 4], T: 10, hidden: 16, batch: 8 });
    t.step(1);
    t.dispose();
  }
  const warm = api.heapBytes();
  for (let i = 0; i < 10000; i++) {
    const t = api.createTrainer({ cell: cells[i % 4], T: 10, hidden: 16, batch: 8, seed: i });
    t.step(1);
    t.samples(2);
    t.paramCount();
    t.dispose();
    if (i % 1000 === 0) {
      try {
        api.createTrainer({ hidden: -1 });
      } catch {
        /* expected */
      }
    }
  }
  const after = api.heapBytes();
  console.log(`wasm heap: ${warm} bytes after warm-up, ${after} bytes after 10,000 cycles (bound ${BOUND})`);
  assert.ok(after <= BOUND, `heap grew to ${after} bytes`);
  assert.equal(after, warm, 'the heap did not grow at all');
});
