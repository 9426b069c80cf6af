// sweep_shard.test.mjs — `rnnlab sweep` spread over threads and machines
// (docs/cli.md "sweep"): --jobs N prints byte for byte what --jobs 1 prints;
// four shards run by GNU parallel (Debian's `parallel`, the docs' recipe)
// and merged with --merge print byte for byte what the unsharded sweep
// prints; a shard missing, given twice, from another sweep or damaged is
// refused with exit 2 and one line naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CLI, cli } from './helpers.mjs';

// 2 cells x 3 lengths x 3 seeds = 18 runs, a second or two in all.
const OPTS = ['--cells', 'rnn,gru', '--lengths', '4,6,8', '--seeds', '3', '--steps', '60', '--eval', '100',
  '--hidden', '8', '--seed', '5', '-q'];
const dir = mkdtempSync(join(tmpdir(), 'rnnlab-shards-'));

function sweep(args) {
  const r = cli(['sweep', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const single = sweep(OPTS);

test('--jobs 3 prints exactly what --jobs 1 prints', () => {
  assert.equal(JSON.parse(single).points.length, 6);
  assert.equal(sweep([...OPTS, '--jobs', '3']), single);
  assert.equal(sweep([...OPTS, '--jobs', '1']), single);
});

test('four shards by GNU parallel, merged, print exactly the unsharded sweep', () => {
  // The recipe of docs/cli.md, with this test's options.
  const opts = OPTS.map((o) => `'${o}'`).join(' ');
  execFileSync('parallel', ['--will-cite', '-j', '4',
    `'${CLI}' sweep ${opts} --shard {}/4 > '${dir}'/shard-{}.jsonl`, ':::', '1', '2', '3', '4'], { encoding: 'utf8' });
  const files = [1, 2, 3, 4].map((k) => join(dir, `shard-${k}.jsonl`));
  for (const [i, f] of files.entries()) {
    const lines = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].format, 'rnnlab-sweep-shard/1');
    assert.equal(lines[0].shard, i + 1);
    assert.equal(lines[0].of, 4);
    for (const run of lines.slice(1)) assert.equal(run.index % 4, i, `${f}: run ${run.index}`);
  }
  // Any order of the files; the threads of a shard do not matter either.
  assert.equal(sweep(['--merge', ...files]), single);
  assert.equal(sweep(['--merge', files[2], files[0], files[3], files[1]]), single);
});

test('--merge refuses what is not one whole sweep, naming the file', () => {
  const files = [1, 2, 3, 4].map((k) => join(dir, `shard-${k}.jsonl`));
  const refused = (args, pattern) => {
    const r = cli(['sweep', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  };
  refused(['--merge', ...files.slice(0, 3)], /shard 4\/4 is missing/);
  refused(['--merge', files[0], ...files.slice(0, 3), files[3]], /shard 1\/4 is given twice/);
  const other = join(dir, 'other.jsonl');
  writeFileSync(other, sweep([...OPTS.map((o, i) => (i === 13 ? '6' : o)), '--shard', '2/4']));
  refused(['--merge', files[0], other, files[2], files[3]], /other\.jsonl: a shard of another sweep/);
  const cut = join(dir, 'cut.jsonl');
  writeFileSync(cut, readFileSync(files[1], 'utf8').trim().split('\n').slice(0, -1).join('\n'));
  refused(['--merge', files[0], cut, files[2], files[3]], /is missing: that shard stopped early/);
  const damaged = join(dir, 'damaged.jsonl');
  writeFileSync(damaged, readFileSync(files[1], 'utf8').replace('"type":"run"', '"type":"ruin"'));
  refused(['--merge', files[0], damaged, files[2], files[3]], /damaged\.jsonl:2: not a run line/);
  const plain = join(dir, 'plain.json');
  writeFileSync(plain, single);
  refused(['--merge', plain], /plain\.json:1: not a sweep shard/);
  refused(['--merge', ...files, '--cells', 'rnn'], /--merge takes every setting from the shards' headers/);
  refused([...OPTS, '--shard', '5/4'], /--shard must be K\/N with 1 <= K <= N \(got '5\/4'\)/);
  refused([...OPTS, '--jobs', '0'], /--jobs must be between 1 and 256 \(got 0\)/);
});
