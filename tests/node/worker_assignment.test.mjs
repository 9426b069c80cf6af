// worker_assignment.test.mjs — the worker's `assignment {text}` message
// (protocol.mjs): the engine's checkAssignment in the worker, answered
// before any configure, line-numbered errors for a bad file; nothing else
// changes (a run configured afterwards is the usual one).
import test from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './helpers.mjs';

test('the worker reads an assignment file with the engine, before and after configure', async () => {
  const w = startWorker();
  try {
    await w.waitFor((m) => m.type === 'ready');
    const text = JSON.stringify({ format: 'rnnlab-assignment/1', title: 'Vanishing', config: { cell: 'rnn', T: 16 }, steps: 300, prompts: ['Why?'] }, null, 2);
    w.send({ type: 'assignment', runId: 1, text });
    const good = await w.waitFor((m) => m.type === 'assignment');
    assert.deepEqual(good.errors, []);
    assert.equal(good.assignment.title, 'Vanishing');
    assert.deepEqual(good.assignment.lock, ['T', 'cell']);
    assert.equal(good.assignment.steps, 300);
    w.send({ type: 'configure', runId: 1, config: { cell: 'gru', T: 8, hidden: 8 } });
    const configured = await w.waitFor((m) => m.type === 'configured');
    assert.equal(configured.config.cell, 'gru');
    const from = w.inbox.length;
    w.send({ type: 'assignment', runId: 1, text: '{\n  "format": "rnnlab-assignment/1",\n  "title": "x",\n  "config": {"T": -3},\n  "prompts": ["a"]\n}' });
    const bad = await w.waitFor((m) => m.type === 'assignment', from);
    assert.equal(bad.assignment, null);
    assert.equal(bad.errors.length, 1);
    assert.equal(bad.errors[0].line, 4);
    assert.match(bad.errors[0].message, /T/);
  } finally {
    await w.terminate();
  }
});
