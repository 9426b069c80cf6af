#!/usr/bin/env python3
"""vs_pytorch.py — rnnlab against PyTorch's fused RNN/LSTM/GRU, side by side in
one run: the nine rows (rnn, lstm, gru x (H 128, T 20, B 128), (H 256, T 40,
B 128), (H 128, T 200, B 32)) of one training step each, single-threaded on
every side, medians of ms per step, and the ratios.

  /usr/bin/python3 bench/vs_pytorch.py [--quick] [--json-out FILE] [--no-wasm]

The workload is bench_native.cpp's: a batch of B one-hot sequences of T
tokens out of 3 (binary_palindrome's vocabulary), 2 classes read at the last
step, cross-entropy, global-norm clipping at 1.0, Adam (lr 0.01), in float32.
- PyTorch: Debian's python3-torch, torch.nn.RNN/LSTM/GRU(batch_first=True) +
  nn.Linear, torch.set_num_threads(1) and OMP/OpenBLAS/MKL at one thread; the
  batch is drawn with torch.randint each step (rnnlab draws its own too).
  Its BLAS is whatever libblas.so.3 points to: the script prints it, and
  bench/README.md says which one the table used (OpenBLAS, Debian's
  libopenblas0-pthread, installed for the benchmark only).
- rnnlab native: build/native/bench_native --no-diagnostics (scripts/build.sh's
  build: RNNLAB_ARCH=native unless said otherwise; its "simd" is printed).
- rnnlab portable: build/portable/bench_native --no-diagnostics, when that
  build exists (the x86-64 baseline, SSE2: the yardstick of the wasm goal);
  build it with
    cmake -S . -B build/portable -DRNNLAB_ARCH=portable -DCMAKE_BUILD_TYPE=Release
    cmake --build build/portable --target bench_native
- rnnlab wasm: node bench/bench_wasm.mjs --no-native (web/dist in Node).
Per measurement: warm-up steps, a calibration to about 0.3 s a repeat, then 7
repeats (3 with --quick); the median. Timing only: nothing here is a test.
"""
import json
import os
import subprocess
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import torch  # noqa: E402  (after the thread variables)
import torch.nn.functional as F  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = [(128, 20, 128), (256, 40, 128), (128, 200, 32)]
CELLS = ["rnn", "lstm", "gru"]
QUICK = "--quick" in sys.argv
REPEATS = 3 if QUICK else 7
TARGET_S = 0.1 if QUICK else 0.3


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def blas_name():
    path = "/usr/lib/x86_64-linux-gnu/libblas.so.3"
    return os.path.realpath(path) if os.path.exists(path) else "none found at " + path


def bench_torch(cell, H, T, B):
    torch.manual_seed(1)
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    rnn = module(3, H, batch_first=True)
    head = torch.nn.Linear(H, 2)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=0.01)

    def step():
        tokens = torch.randint(0, 3, (B, T))
        x = F.one_hot(tokens, 3).float()
        y = torch.randint(0, 2, (B,))
        opt.zero_grad()
        out, _ = rnn(x)
        loss = F.cross_entropy(head(out[:, -1]), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    for _ in range(3):
        step()
    t0 = time.perf_counter()
    step()
    step()
    per = (time.perf_counter() - t0) / 2
    steps = max(1, round(TARGET_S / max(per, 1e-6)))
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - t0) / steps * 1000)
    return {"ms_per_step_median": median(times), "ms_min": min(times), "ms_max": max(times), "steps_per_repeat": steps}


def run_json(cmd):
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT).stdout
    return json.loads(out)


def main():
    torch.set_num_threads(1)
    report = {"torch": torch.__version__, "torch_threads": torch.get_num_threads(), "blas": blas_name(),
              "quick": QUICK, "rows": []}
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread, BLAS {report['blas']}", file=sys.stderr)
    quick = ["--quick"] if QUICK else []
    native = run_json([os.path.join(ROOT, "build/native/bench_native"), "--no-diagnostics", *quick])
    report["native_simd"] = native.get("simd")
    report["native_flags"] = native.get("flags")
    portable = None
    portable_bin = os.path.join(ROOT, "build/portable/bench_native")
    if os.path.exists(portable_bin):
        portable = run_json([portable_bin, "--no-diagnostics", *quick])
        report["portable_simd"] = portable.get("simd")
        report["portable_flags"] = portable.get("flags")
    else:
        print("no build/portable/bench_native: the portable column stays empty (see the header)", file=sys.stderr)
    wasm = None
    if "--no-wasm" not in sys.argv:
        wasm = run_json(["node", os.path.join(ROOT, "bench/bench_wasm.mjs"), "--no-native", *quick])
    for H, T, B in ROWS:
        for cell in CELLS:
            t = bench_torch(cell, H, T, B)
            print(f"torch {cell} H={H} T={T} B={B}: {t['ms_per_step_median']:.2f} ms/step", file=sys.stderr)
            def row_of(res):
                return next(r for r in res["results"] if r["cell"] == cell and r["H"] == H and r["T"] == T
                            and r["B"] == B and not r.get("diagnostics", False))
            n = row_of(native)
            pn = row_of(portable) if portable else None
            w = next((r for r in wasm["results"] if r["cell"] == cell and r["H"] == H and r["T"] == T and r["B"] == B),
                     None) if wasm else None
            report["rows"].append({"cell": cell, "H": H, "T": T, "B": B, "torch_ms": t["ms_per_step_median"],
                                   "native_ms": n["ms_per_step_median"],
                                   "portable_ms": pn["ms_per_step_median"] if pn else None,
                                   "wasm_ms": w["ms_per_step_median"] if w else None})
    lines = ["| cell | H | T | B | PyTorch fused | rnnlab native | rnnlab portable | rnnlab wasm (Node) "
             "| native / PyTorch | wasm / portable | wasm / native | wasm / PyTorch |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def cell_text(x, fmt):
        return "-" if x is None else format(x, fmt)

    for r in report["rows"]:
        w, pn = r["wasm_ms"], r["portable_ms"]
        lines.append(" | ".join([
            f"| {r['cell']}", str(r["H"]), str(r["T"]), str(r["B"]), f"{r['torch_ms']:.1f}", f"{r['native_ms']:.1f}",
            cell_text(pn, ".1f"), cell_text(w, ".1f"), f"{r['native_ms'] / r['torch_ms']:.2f}",
            cell_text(w / pn if w and pn else None, ".2f"), cell_text(w / r["native_ms"] if w else None, ".2f"),
            cell_text(w / r["torch_ms"] if w else None, ".2f")]) + " |")
    table = "\n".join(lines)
    report["table"] = table
    print(table)
    print(f"\nms per step, medians of {REPEATS} repeats; native: {report['native_simd']} ({report['native_flags']})"
          + (f"; portable: {report['portable_simd']} ({report['portable_flags']})" if portable else ""))
    if "--json-out" in sys.argv[:-1]:
        with open(sys.argv[sys.argv.index("--json-out") + 1], "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
