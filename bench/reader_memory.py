#!/usr/bin/env python3
"""reader_memory.py — peak memory (max RSS) of the native CLI's readers at
their limits (docs/limits.md): the largest input each accepts and the
largest it refuses. Writes its inputs to a temporary folder (about 1.2 GB at
most), runs `build/native/rnnlab grad` on each and reads the child's peak
RSS from wait4. Not a test: it prints a table.

    python3 bench/reader_memory.py [--cli build/native/rnnlab]
"""
import argparse
import os
import random
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_state(path, cell, V, H, C, value):
    """A state in docs/state-format.md for a one-hot model; value(i) gives the numbers."""
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    shapes = [("rnn.weight_ih_l0", [G * H, V]), ("rnn.weight_hh_l0", [G * H, H]),
              ("rnn.bias_ih_l0", [G * H]), ("rnn.bias_hh_l0", [G * H]),
              ("head.weight", [C, H]), ("head.bias", [C])]
    with open(path, "w") as f:
        f.write('{"format":"rnnlab-state/1","cell":"%s","vocab_size":%d,"embedding_dim":0,'
                '"hidden_size":%d,"num_classes":%d,"tensors":{' % (cell, V, H, C))
        for k, (name, shape) in enumerate(shapes):
            n = 1
            for d in shape:
                n *= d
            f.write('%s"%s":{"shape":%s,"data":[' % ("," if k else "", name, shape))
            chunk = 1 << 16
            for start in range(0, n, chunk):
                f.write(",".join(value() for _ in range(min(chunk, n - start))))
                if start + chunk < n:
                    f.write(",")
            f.write("]}")
        f.write("}}")


def run(cli, args):
    """(exit status, first 110 characters of stderr, peak RSS in KiB, seconds) of one CLI run."""
    with tempfile.TemporaryFile() as err:
        t0 = time.time()
        p = subprocess.Popen([cli] + args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)  # this child's own rusage
        secs = time.time() - t0
        err.seek(0)
        msg = err.read().decode("utf8", "replace").strip() or "ok"
    return os.waitstatus_to_exitcode(status), msg[:110], usage.ru_maxrss, secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/native/rnnlab"))
    a = ap.parse_args()
    rng = random.Random(1)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        batch = os.path.join(d, "batch.json")
        with open(batch, "w") as f:
            f.write('{"tokens":[[0,1,2,0]],"targets":[1]}')
        state = os.path.join(d, "state.json")
        cases = []
        with open(state, "w") as f:
            f.write('{"format":"rnnlab-state/1","cell":"gru","vocab_size":100000,"embedding_dim":4096,'
                    '"hidden_size":4096,"num_classes":100000,"tensors":{}}')
        cases.append(("state: 112 bytes naming a 28 GiB model (refused)", ["grad", "--state", state, "--batch", batch]))
        deep = os.path.join(d, "deep.json")
        with open(deep, "w") as f:
            f.write("[" * 10_000_000)
        cases.append(("state: 10 MB of '[' (refused: nesting)", ["grad", "--state", deep, "--batch", batch]))
        big = os.path.join(d, "big.json")
        with open(big, "wb") as f:
            f.truncate((1 << 30) + 1)
        cases.append(("state: 1 GiB + 1 byte file (refused unread)", ["grad", "--state", big, "--batch", batch]))
        for label, args in cases:
            rows.append((label, os.path.getsize(args[2])) + run(a.cli, args))
        # A batch near the cache limit for rnn H 1 on 3 tokens: 10000 x 1000
        # tokens (the limit: 1 GiB / ((3 + 4 + 6) * 8) bytes = 10.3M).
        small = os.path.join(d, "small_state.json")
        write_state(small, "rnn", 3, 1, 2, lambda: "0.5")
        bigbatch = os.path.join(d, "bigbatch.json")
        with open(bigbatch, "w") as f:
            row = "[" + ",".join("1" for _ in range(1000)) + "]"
            f.write('{"tokens":[' + ",".join(row for _ in range(10000)) + '],"targets":[' +
                    ",".join("0" for _ in range(10000)) + "]}")
        rows.append(("batch: 10000 x 1000 tokens (largest accepted for rnn H 1 on 3 tokens)", os.path.getsize(bigbatch)) +
                    run(a.cli, ["grad", "--state", small, "--batch", bigbatch]))
        many = os.path.join(d, "many.json")
        with open(many, "w") as f:
            f.write('{"tokens":[[' + ",".join("0" for _ in range(13_000_000)) + ']],"targets":[0]}')
        rows.append(("batch: 13M tokens in one row (refused: value count)", os.path.getsize(many)) +
                     run(a.cli, ["grad", "--state", small, "--batch", many]))
        # The largest model within kMaxModelBytes: lstm H 2506 on 3 tokens,
        # 25.17M parameters written with 17 significant digits.
        write_state(state, "lstm", 3, 2506, 2, lambda: repr(rng.uniform(-0.02, 0.02)))
        rows.append(("state: lstm H 2506, 25.2M parameters (largest accepted)", os.path.getsize(state)) +
                    run(a.cli, ["grad", "--state", state, "--batch", batch]))
        os.remove(state)
        with open(state, "w") as f:
            f.write('{"format":"rnnlab-state/1","tensors":{"x":{"data":[' + ",".join("0" for _ in range(26_000_000)) + "]}}}")
        rows.append(("state: 26M zeros (refused: value count)", os.path.getsize(state)) +
                    run(a.cli, ["grad", "--state", state, "--batch", batch]))
    print("| input | bytes | exit | peak RSS (MiB) | seconds | message |")
    print("|---|---|---|---|---|---|")
    for label, size, code, msg, peak, secs in rows:
        print(f"| {label} | {size} | {code} | {peak / 1024:.0f} | {secs:.1f} | {msg} |")


if __name__ == "__main__":
    main()
