// embed_api.test.mjs — the message API's shapes and watchers
// (web/js/embed_api.mjs), without a browser: which data are commands (all
// else is ignored), trusted origins, `step` at most 4 a second with the
// latest always delivered, `solved` from the per-step record (50 steps in
// a row at or above the task's threshold, once per run, a stale record
// ignored), `ready` once before the first `configured`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMMANDS, EVENTS, SOLVED_STEPS, commandMessage, createLabEvents, eventMessage, eventName, parseCommand, parseEvent, parseTrustedOrigin,
} from '../../../web/js/embed_api.mjs';

test('names and shapes', () => {
  assert.deepEqual(COMMANDS, ['start', 'pause', 'reset', 'configure']);
  assert.deepEqual(EVENTS, ['ready', 'configured', 'step', 'solved', 'diverged', 'error', 'resize']);
  assert.equal(eventName('solved'), 'rnnlab:solved');
  assert.deepEqual(eventMessage('step', { step: 3 }), { source: 'rnnlab', version: 1, type: 'step', detail: { step: 3 } });
  assert.deepEqual(commandMessage('start'), { target: 'rnnlab', command: 'start' });
  assert.deepEqual(commandMessage('configure', { T: 5 }), { target: 'rnnlab', command: 'configure', config: { T: 5 } });
});

test('parseCommand takes exactly the command shape; anything else is null', () => {
  for (const c of ['start', 'pause', 'reset']) assert.deepEqual(parseCommand({ target: 'rnnlab', command: c }), { command: c, config: {} });
  assert.deepEqual(parseCommand({ target: 'rnnlab', command: 'configure', config: { T: 5 } }), { command: 'configure', config: { T: 5 } });
  const bad = [undefined, null, 'start', 42, [], ['start'], {}, { command: 'start' }, { target: 'other', command: 'start' },
    { target: 'rnnlab' }, { target: 'rnnlab', command: 'explode' }, { target: 'rnnlab', command: 7 },
    { target: 'rnnlab', command: 'configure' }, { target: 'rnnlab', command: 'configure', config: 'T=5' },
    { target: 'rnnlab', command: 'configure', config: [1] }, { target: 'rnnlab', command: 'configure', config: null },
    { target: 'rnnlab', command: 'configure', config: new Date() }, { source: 'rnnlab', type: 'start' },
    Object.assign(Object.create({ target: 'rnnlab' }), { command: 'start' })];
  for (const d of bad) assert.equal(parseCommand(d), null, JSON.stringify(d));
});

test('parseEvent (the host side) takes the lab\'s messages only', () => {
  assert.deepEqual(parseEvent({ source: 'rnnlab', version: 1, type: 'resize', detail: { height: 10 } }), { type: 'resize', detail: { height: 10 } });
  assert.equal(parseEvent({ source: 'rnnlab', type: 'nope' }), null);
  assert.equal(parseEvent({ target: 'rnnlab', command: 'start' }), null);
  assert.equal(parseEvent('rnnlab'), null);
});

test('trusted origins', () => {
  assert.deepEqual(parseTrustedOrigin(null), { origin: null });
  assert.deepEqual(parseTrustedOrigin(''), { origin: null });
  assert.deepEqual(parseTrustedOrigin('https://course.example'), { origin: 'https://course.example' });
  assert.deepEqual(parseTrustedOrigin('https://course.example/lecture/7?x=1'), { origin: 'https://course.example' });
  assert.deepEqual(parseTrustedOrigin('http://127.0.0.1:8080'), { origin: 'http://127.0.0.1:8080' });
  for (const bad of ['course.example', 'ftp://course.example', 'javascript:alert(1)', '*']) {
    assert.match(parseTrustedOrigin(bad).error, /is not an origin such as https:\/\/course\.example/, bad);
  }
});

/** A fake clock and timers for the watchers. */
function fakeTime() {
  let t = 0;
  let timers = [];
  return {
    now: () => t,
    setTimer: (fn, ms) => { const id = { fn, at: t + ms }; timers.push(id); return id; },
    clearTimer: (id) => { timers = timers.filter((x) => x !== id); },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const next = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        t = Math.max(t, next.at);  // a timer overdue after busy() runs now
        timers = timers.filter((x) => x !== next);
        next.fn();
      }
      t = end;
    },
    /** Time passes with the main thread busy: no timer runs, however due. */
    busy(ms) {
      t += ms;
    },
  };
}

const TASK = { name: 'parity', solved: 0.99 };

test('ready once, before the first configured; configured carries the count and the threshold', () => {
  const out = [];
  const ev = createLabEvents({ emit: (type, detail) => out.push([type, detail]), history: async () => null, ...fakeTime() });
  ev.configured({ config: { T: 4 }, paramCount: { total: 99 }, task: TASK, locked: ['T'] });
  ev.configured({ config: { T: 5 }, paramCount: { total: 98 }, task: { name: 'text' } });
  assert.deepEqual(out.map((x) => x[0]), ['ready', 'configured', 'configured']);
  assert.equal(out[1][1].paramCount, 99);
  assert.equal(out[1][1].solvedThreshold, 0.99);
  assert.deepEqual(out[1][1].locked, ['T']);
  assert.equal(out[2][1].solvedThreshold, null, 'a task without a threshold');
});

test('step: at most 4 a second, and the latest always arrives', () => {
  const clock = fakeTime();
  const out = [];
  const ev = createLabEvents({ emit: (type, detail) => out.push([type, detail, clock.now()]), history: async () => null, ...clock });
  ev.configured({ config: {}, paramCount: { total: 1 }, task: null });
  out.length = 0;
  for (let step = 1; step <= 300; step++) {  // 30 metrics a second for 10 s
    ev.metrics({ step, loss: 1 / step, accuracy: 0.5 });
    clock.advance(1000 / 30);
  }
  clock.advance(1000);
  const steps = out.filter((x) => x[0] === 'step');
  assert.ok(steps.length <= 41 && steps.length >= 38, `${steps.length} events in 10 s`);
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i][2] - steps[i - 1][2] >= 250 - 1e-9, 'at least 250 ms apart');
  assert.equal(steps.at(-1)[1].step, 300, 'the last step was delivered');
  assert.deepEqual(Object.keys(steps[0][1]), ['step', 'loss', 'accuracy']);
});

test('step: a timer that fires late (the main thread was busy) sends no second event right behind the first', () => {
  const clock = fakeTime();
  const out = [];
  const ev = createLabEvents({ emit: (type, detail) => out.push([type, detail, clock.now()]), history: async () => null, ...clock });
  ev.configured({ config: {}, paramCount: { total: 1 }, task: null });
  out.length = 0;
  ev.metrics({ step: 1, loss: 1, accuracy: 0.5 });  // sent at once
  clock.advance(100);
  ev.metrics({ step: 2, loss: 1, accuracy: 0.5 });  // held: a timer for t = 250
  clock.busy(200);                                  // t = 300, the timer not yet run
  ev.metrics({ step: 3, loss: 1, accuracy: 0.5 });  // 300 ms since the last: sent at once
  clock.busy(1);                                    // still busy: the next message first
  ev.metrics({ step: 4, loss: 1, accuracy: 0.5 });  // held again
  clock.advance(1000);                              // every due timer runs, the stale one first
  const steps = out.filter((x) => x[0] === 'step');
  assert.deepEqual(steps.map((x) => x[1].step), [1, 3, 4]);
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i][2] - steps[i - 1][2] >= 250 - 1e-9, `gap ${steps[i][2] - steps[i - 1][2]} ms`);
});

test('solved: 50 steps in a row at or above the threshold, from the per-step record, once per run', async () => {
  const clock = fakeTime();
  const out = [];
  // Steps 1..200: accuracy 1 from step 31 on, except a dip at step 65 that the metrics never show.
  const acc = Float64Array.from({ length: 200 }, (_, i) => (i + 1 >= 31 && i + 1 !== 65 ? 1 : 0.5));
  let asked = 0;
  let upTo = 0;
  const history = async () => {
    asked += 1;
    return { firstStep: 1, accuracy: acc.slice(0, upTo) };
  };
  const ev = createLabEvents({ emit: (type, detail) => out.push([type, detail]), history, ...clock });
  ev.configured({ config: {}, paramCount: { total: 1 }, task: TASK });
  for (let step = 10; step <= 200; step += 10) {  // chunks of 10 steps: the metrics see every 10th
    upTo = step;
    ev.metrics({ step, loss: 0.1, accuracy: acc[step - 1] });
    await new Promise((ok) => setImmediate(ok));
    clock.advance(300);
  }
  const solved = out.filter((x) => x[0] === 'solved');
  assert.equal(solved.length, 1, 'once');
  assert.deepEqual(solved[0][1], { step: 65 + SOLVED_STEPS, accuracy: 1, threshold: 0.99, steps: SOLVED_STEPS },
    'the dip at step 65 restarts the count: 66..115');
  // Asked at step 80 (50 after the last bad step the metrics showed, 30: the record shows the dip at 65), then at 120.
  assert.equal(asked, 2, 'the record is asked only when a streak could be complete');
  // A new run starts afresh; a record answered for an older run is ignored.
  let release;
  const slow = new Promise((ok) => { release = ok; });
  const ev2 = createLabEvents({ emit: (type, detail) => out.push([type, detail]), history: () => slow, ...clock });
  ev2.configured({ config: {}, paramCount: { total: 1 }, task: TASK });
  ev2.metrics({ step: 100, loss: 0.1, accuracy: 1 });
  ev2.configured({ config: {}, paramCount: { total: 1 }, task: TASK });
  release({ firstStep: 1, accuracy: new Float64Array(100).fill(1) });
  await new Promise((ok) => setImmediate(ok));
  assert.equal(out.filter((x) => x[0] === 'solved').length, 1, 'the stale record did not count for the new run');
});
