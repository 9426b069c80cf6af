"""make_cases.py — writes PyTorch reference cases for the Node tests.

Usage: /usr/bin/python3 tests/torch/make_cases.py OUTDIR

For rnn, lstm, gru x (one-hot, embedding) x a few sizes, writes
OUTDIR/<id>.json = {"state": ..., "batch": ..., "torch": {"loss", "grads",
"dh_norms", "dc_norms"}} computed by torch 1.13 in float64 (the same
reference model as test_parity.py). tests/node/grad.test.mjs feeds state
and batch to the wasm grad() and the native CLI and compares all three.
"""
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_parity import random_case, state_json, batch_json, unrolled_state_grads  # noqa: E402

torch.set_default_dtype(torch.float64)

SIZES = [
    dict(V=3, H=4, C=2, B=3, T=5),
    dict(V=5, H=8, C=4, B=2, T=30),
    dict(V=4, H=1, C=2, B=1, T=1),
]


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for cell in ("rnn", "lstm", "gru"):
        for E in (0, 5):
            for k, size in enumerate(SIZES):
                model, tokens, targets = random_case(cell, E, size, 1000 + 17 * k + (E > 0) + 3 * len(cell))
                state = state_json(model)
                _, dh, dc = unrolled_state_grads(model, tokens, targets)
                model.zero_grad()
                loss = model.loss(tokens, targets)
                loss.backward()
                ref = {
                    "loss": loss.item(),
                    "grads": {name: p.grad.flatten().tolist() for name, p in model.named_parameters()},
                    "dh_norms": dh,
                }
                if dc is not None:
                    ref["dc_norms"] = dc
                case_id = f"{cell}-{'onehot' if E == 0 else 'embed' + str(E)}-T{size['T']}-H{size['H']}"
                (out / f"{case_id}.json").write_text(json.dumps(
                    {"state": state, "batch": batch_json(tokens, targets), "torch": ref}))
                n += 1
    print(f"wrote {n} cases to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
