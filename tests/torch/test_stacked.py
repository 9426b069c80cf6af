# PyTorch parity for stacked layers (`"num_layers": L`, contract §2) and
# per-step targets (contract §3), against the native CLI (build/native/rnnlab).
#
# What it checks (docs: docs/state-format.md, docs/batch-format.md, docs/cli.md):
#   1. `rnnlab grad` against torch 1.13 in float64 for rnn / lstm / gru x
#      num_layers 1, 2, 3 (and 4, once per cell) x one-hot and embedding
#      input x two kinds of loss: the last step (flat targets) and per-step
#      targets (B rows of T, -1 = no loss at that step; one row all -1, T = 1
#      included, steps at the end with no loss at all):
#          logits = head(output)  (B x T x C, output = top layer's h(t))
#          loss = F.cross_entropy(logits.reshape(-1, C), targets.reshape(-1),
#                                 ignore_index=-1)
#      The loss, every gradient under the state's names (rnn.weight_ih_l{k},
#      ...), dh_norms / dc_norms (top layer) and dh_norms_by_layer /
#      dc_norms_by_layer (layer 0 first): the total derivatives dL/dh^k(t),
#      dL/dc^k(t), Frobenius over the batch. The reference for those runs one
#      nn.RNNCell/LSTMCell/GRUCell per layer (weights copied from the
#      nn.RNN/LSTM/GRU(num_layers=L)) step by step and keeps the grad of
#      every h^k(t), c^k(t); the loss and weight gradients come from the
#      nn module itself.
#   2. `rnnlab fit` (Adam, --clip 0.1, 20 steps) with num_layers 2, for each
#      cell, on a last-step and a per-step batch, against the same loop in
#      torch (test_parity.py's convention: the redundant part of every
#      layer's bias_hh is frozen, and the states are compared as functions).
#   3. Bad input: num_layers 0 or 5, a missing or misshapen layer-1 tensor,
#      per-step target rows of the wrong length / all -1 / below -1 / >= C:
#      exit status 2, empty stdout, one stderr line naming the field.
#   Plus torch-only self-checks of the reference (they need no CLI): the
#   unroll against the nn module (loss and weight gradients), the per-layer
#   total derivatives a second way (split the sequence at step t of layer k
#   and differentiate a leaf state), the per-step loss written out by hand,
#   the L = 1 case against test_parity's reference, the JSON round trip and
#   the bias_hh masks.
#
# Tolerance: test_parity.assert_close, per tensor
#   |got - want| <= 1e-9 |want| + 1e-12 max|want|.
#
# Run from the repo root:
#   /usr/bin/python3 -m pytest tests/torch/test_stacked.py -q
# The CLI is $RNNLAB_CLI, else build/native/rnnlab (see conftest.py).
#
# Deliberately not here: one-layer cases with last-step targets at other
# sizes and the other optimizers (test_parity.py), --jacobians with stacks,
# peephole LSTM (no PyTorch twin).

import json

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from test_parity import (GATES, assert_close, batch_json, hidden_bias_mask, run_cli,
                         run_cli_json, seed_of, tensor_from_json, unrolled_state_grads,
                         write_json)

torch.set_default_dtype(torch.float64)

CELLS = list(GATES)
LAYERS = [1, 2, 3]
EMBEDDINGS = [0, 3]            # one-hot, E = 3 (no size below equals 3 but V)

# Each kind: sizes and how the targets look. H differs from V and E in every
# case, so a layer-k >= 1 weight_ih read as [G*H, N_in] cannot go unnoticed.
KINDS = {
    "last-T6": dict(V=4, H=5, C=3, B=3, T=6, targets="last"),
    "last-T1": dict(V=3, H=2, C=2, B=2, T=1, targets="last"),
    # Random -1s, and row 1 all -1.
    "step-T7": dict(V=5, H=4, C=3, B=4, T=7, targets="step"),
    # T = 1: row 1 is -1, the others are not.
    "step-T1": dict(V=4, H=6, C=4, B=3, T=1, targets="step"),
    # No loss at steps 3 and 4 at all: every layer's dL/dh(3), dL/dh(4) is 0.
    "step-tail": dict(V=3, H=4, C=2, B=2, T=4, targets=[[1, 0, -1, -1], [-1, 1, -1, -1]]),
}


def embed_id(e):
    return "onehot" if e == 0 else f"embed{e}"


# ---------------------------------------------------------------- reference

class Stacked(nn.Module):
    """Embedding or one-hot -> nn.RNN/LSTM/GRU(num_layers=L) -> Linear,
    on h(T) of the top layer (flat targets) or on every h(t) (per-step)."""

    def __init__(self, cell, V, E, H, C, L):
        super().__init__()
        self.cell, self.V, self.E, self.H, self.C, self.L = cell, V, E, H, C, L
        self.embedding = nn.Embedding(V, E) if E > 0 else None
        n_in = E if E > 0 else V
        if cell == "rnn":
            self.rnn = nn.RNN(n_in, H, num_layers=L, nonlinearity="tanh", batch_first=True)
        elif cell == "lstm":
            self.rnn = nn.LSTM(n_in, H, num_layers=L, batch_first=True)
        else:
            self.rnn = nn.GRU(n_in, H, num_layers=L, batch_first=True)
        self.head = nn.Linear(H, C)

    def inputs(self, tokens):                       # B x T x N_in
        if self.embedding is not None:
            return self.embedding(tokens)
        return F.one_hot(tokens, self.V).to(torch.get_default_dtype())

    def forward(self, tokens):                      # top layer's h(t), B x T x H
        output, _ = self.rnn(self.inputs(tokens))
        return output

    def loss(self, tokens, targets):
        return loss_on_top(self, self(tokens), targets)


def loss_on_top(model, top, targets):
    """The loss from the top layer's outputs (B x T x H) and either kind of targets."""
    if targets.dim() == 1:
        return F.cross_entropy(model.head(top[:, -1, :]), targets)
    logits = model.head(top)                        # B x T x C
    return F.cross_entropy(logits.reshape(-1, model.C), targets.reshape(-1), ignore_index=-1)


def layer_cells(model):
    """One nn.*Cell per layer, holding copies of that layer's weights."""
    cells = []
    for k in range(model.L):
        n_in = (model.E if model.E > 0 else model.V) if k == 0 else model.H
        if model.cell == "rnn":
            cell = nn.RNNCell(n_in, model.H, nonlinearity="tanh")
        elif model.cell == "lstm":
            cell = nn.LSTMCell(n_in, model.H)
        else:
            cell = nn.GRUCell(n_in, model.H)
        with torch.no_grad():
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                getattr(cell, name).copy_(getattr(model.rnn, f"{name}_l{k}"))
        cells.append(cell)
    return cells


def norm_of_grad(v):
    return 0.0 if v.grad is None else v.grad.norm().item()


def unrolled_stack(model, tokens, targets):
    """Total derivatives dL/dh^k(t) (and dL/dc^k(t)) for every layer k.

    nn.RNN(num_layers=L) only exposes the top layer's outputs, and their
    `.grad` only holds the direct path into the head; so every layer is
    unrolled by hand with nn.*Cell copies of its weights, and every h^k(t),
    c^k(t) keeps its grad (which then sums every later use: h^k(t+1),
    h^{k+1}(t), the head; for c, also h^k(t) = o * tanh(c^k(t))).
    Returns (loss, dh_by_layer, dc_by_layer or None, cells).
    """
    lstm = model.cell == "lstm"
    cells = layer_cells(model)
    x = model.inputs(tokens).detach()
    B, T = tokens.shape
    seq = [x[:, t, :] for t in range(T)]
    hs_by_layer, cs_by_layer = [], []
    for cell in cells:
        h = torch.zeros(B, model.H)
        c = torch.zeros(B, model.H)
        hs, cs = [], []
        for t in range(T):
            if lstm:
                h, c = cell(seq[t], (h, c))
                c.retain_grad()
                cs.append(c)
            else:
                h = cell(seq[t], h)
            h.retain_grad()
            hs.append(h)
        hs_by_layer.append(hs)
        cs_by_layer.append(cs)
        seq = hs                                    # the next layer reads these very tensors
    loss = loss_on_top(model, torch.stack(seq, dim=1), targets)
    loss.backward()
    dh = [[norm_of_grad(v) for v in hs] for hs in hs_by_layer]
    dc = [[norm_of_grad(v) for v in cs] for cs in cs_by_layer] if lstm else None
    return loss.detach(), dh, dc, cells


def layer_modules(model):
    """One single-layer nn.RNN/LSTM/GRU per layer, with copies of its weights."""
    mods = []
    for k in range(model.L):
        n_in = (model.E if model.E > 0 else model.V) if k == 0 else model.H
        if model.cell == "rnn":
            m = nn.RNN(n_in, model.H, nonlinearity="tanh", batch_first=True)
        elif model.cell == "lstm":
            m = nn.LSTM(n_in, model.H, batch_first=True)
        else:
            m = nn.GRU(n_in, model.H, batch_first=True)
        with torch.no_grad():
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                getattr(m, name + "_l0").copy_(getattr(model.rnn, f"{name}_l{k}"))
        mods.append(m)
    return mods


def split_stack_grads(model, tokens, targets):
    """The same total derivatives a second way, for the self-check only.

    For layer k and step t: run layer k's own one-layer module up to t, make
    its final state a leaf, run the rest of layer k's sequence from that leaf,
    put the leaf in as layer k's output at t, feed that sequence through the
    layers above and differentiate. For the LSTM the leaf c only sees the path
    into c(t+1); the path through h(t) = o(t) * tanh(c(t)) is added from the
    gate equation (PyTorch order i, f, g, o).
    """
    B, T = tokens.shape
    H = model.H
    lstm = model.cell == "lstm"
    mods = layer_modules(model)
    with torch.no_grad():
        seqs = [model.inputs(tokens)]               # seqs[k]: layer k's input, B x T x N
        for m in mods:
            seqs.append(m(seqs[-1])[0])
    dh = [[] for _ in mods]
    dc = [[] for _ in mods]
    for k, m in enumerate(mods):
        for t in range(1, T + 1):
            with torch.no_grad():
                _, state = m(seqs[k][:, :t, :])
            leaves = [s.clone().requires_grad_() for s in (state if lstm else (state,))]
            hx = tuple(leaves) if lstm else leaves[0]
            parts = [seqs[k + 1][:, :t - 1, :], leaves[0][0].unsqueeze(1)]
            if t < T:
                parts.append(m(seqs[k][:, t:, :], hx)[0])
            out = torch.cat(parts, dim=1)
            for upper in mods[k + 1:]:
                out = upper(out)[0]
            loss = loss_on_top(model, out, targets)
            grads = torch.autograd.grad(loss, leaves, allow_unused=True)
            g_h = torch.zeros(B, H) if grads[0] is None else grads[0][0]
            dh[k].append(g_h.norm().item())
            if lstm:
                with torch.no_grad():
                    h_prev = seqs[k + 1][:, t - 2, :] if t > 1 else torch.zeros(B, H)
                    rows = slice(3 * H, 4 * H)      # the o gate
                    o = torch.sigmoid(seqs[k][:, t - 1, :] @ m.weight_ih_l0[rows].T + m.bias_ih_l0[rows]
                                      + h_prev @ m.weight_hh_l0[rows].T + m.bias_hh_l0[rows])
                    c = state[1][0]
                    g_c = torch.zeros(B, H) if grads[1] is None else grads[1][0]
                    dc[k].append((g_c + g_h * o * (1 - torch.tanh(c) ** 2)).norm().item())
    return dh, (dc if lstm else None)


def make_targets(kind, B, T, C, gen):
    spec = KINDS[kind]["targets"]
    if spec == "last":
        return torch.randint(0, C, (B,), generator=gen)
    if spec != "step":
        return torch.tensor(spec)
    targets = torch.randint(0, C, (B, T), generator=gen)
    targets[torch.rand(B, T, generator=gen) < 0.3] = -1
    targets[1, :] = -1                              # one row with no loss at all
    if T > 1:
        targets[0, 0] = -1                          # -1s in a row that has losses too
        targets[0, T - 1] = C - 1
    targets[B - 1, 0] = 0                           # at least one target overall
    return targets


def random_case(cell, E, L, kind, seed):
    """Weights ~ U(-0.5, 0.5) (bias_hh included, so it is non-zero), a batch."""
    s = KINDS[kind]
    gen = torch.Generator().manual_seed(seed)
    model = Stacked(cell, s["V"], E, s["H"], s["C"], L)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.rand(p.shape, generator=gen) - 0.5)
    tokens = torch.randint(0, s["V"], (s["B"], s["T"]), generator=gen)
    targets = make_targets(kind, s["B"], s["T"], s["C"], gen)
    assert targets.shape[0] == s["B"] and (targets >= 0).any()
    return model, tokens, targets


# ------------------------------------------------------- JSON in and out

def state_json(model, with_num_layers=True):
    """docs/state-format.md; floats go through repr, so no digits are lost.
    `num_layers` may be left out for one layer (absent means 1)."""
    state = {
        "format": "rnnlab-state/1",
        "cell": model.cell,
        "vocab_size": model.V,
        "embedding_dim": model.E,
        "hidden_size": model.H,
        "num_classes": model.C,
        "tensors": {
            name: {"shape": list(t.shape), "data": t.detach().flatten().tolist()}
            for name, t in model.state_dict().items()
        },
    }
    if with_num_layers or model.L != 1:
        state["num_layers"] = model.L
    return state


def model_from_state(state):
    model = Stacked(state["cell"], state["vocab_size"], state["embedding_dim"],
                    state["hidden_size"], state["num_classes"], state.get("num_layers", 1))
    model.load_state_dict({name: tensor_from_json(entry, name)
                           for name, entry in state["tensors"].items()}, strict=True)
    return model


def write_case(tmp_path, model, tokens, targets, with_num_layers=True):
    state = state_json(model, with_num_layers)
    s = write_json(tmp_path / "state.json", state)
    b = write_json(tmp_path / "batch.json", batch_json(tokens, targets))
    return state, s, b


# ================================================= 1. gradient parity

GRAD_CASES = ([(cell, L, E, kind) for cell in CELLS for L in LAYERS for E in EMBEDDINGS
               for kind in KINDS]
              + [(cell, 4, 0, "step-T7") for cell in CELLS])


def grad_id(case):
    cell, L, E, kind = case
    return f"{cell}-L{L}-{embed_id(E)}-{kind}"


@pytest.mark.parametrize("case", GRAD_CASES, ids=grad_id)
def test_grad_parity(rnnlab_cli, tmp_path, case):
    cell, L, E, kind = case
    model, tokens, targets = random_case(cell, E, L, kind, seed_of("stacked-grad", *case))
    # One layer with an embedding leaves the key out: absent means 1.
    state, s, b = write_case(tmp_path, model, tokens, targets, with_num_layers=not (L == 1 and E > 0))
    T = tokens.shape[1]

    out = run_cli_json(rnnlab_cli, "grad", "--state", s, "--batch", b)

    # The unroll backpropagates through model.head too: run it first, then
    # clear every gradient before the reference backward pass.
    unroll_loss, dh, dc, _ = unrolled_stack(model, tokens, targets)
    model.zero_grad()
    loss = model.loss(tokens, targets)
    loss.backward()
    assert_close("reference: unrolled loss vs nn module loss", unroll_loss, loss.detach(), rtol=1e-12)

    assert_close("loss", out["loss"], loss.item())

    assert set(out["grads"]) == set(state["tensors"]), (
        f"grads must name exactly the state's tensors: got {sorted(out['grads'])}")
    for name, p in model.named_parameters():
        entry = out["grads"][name]
        assert entry["shape"] == list(p.shape), f"grads[{name}].shape"
        assert_close(f"grads[{name}]", tensor_from_json(entry, f"grads[{name}]"), p.grad)

    assert len(out["dh_norms"]) == T, "dh_norms needs one entry per time step"
    assert_close("dh_norms (top layer)", out["dh_norms"], dh[-1])
    # Contract §4 requires the per-layer arrays with num_layers > 1; with one
    # layer they may be left out, and if given must be that one layer's.
    if L > 1 or "dh_norms_by_layer" in out:
        by = out["dh_norms_by_layer"]
        assert len(by) == L, f"dh_norms_by_layer has {len(by)} arrays, want {L}"
        for k in range(L):
            assert len(by[k]) == T, f"dh_norms_by_layer[{k}] needs one entry per time step"
            assert_close(f"dh_norms_by_layer[{k}]", by[k], dh[k])
    if cell == "lstm":
        assert len(out["dc_norms"]) == T, "dc_norms needs one entry per time step"
        assert_close("dc_norms (top layer)", out["dc_norms"], dc[-1])
        if L > 1 or "dc_norms_by_layer" in out:
            by = out["dc_norms_by_layer"]
            assert len(by) == L, f"dc_norms_by_layer has {len(by)} arrays, want {L}"
            for k in range(L):
                assert len(by[k]) == T, f"dc_norms_by_layer[{k}] needs one entry per time step"
                assert_close(f"dc_norms_by_layer[{k}]", by[k], dc[k])
    else:
        assert not out.get("dc_norms"), f"{cell} has no cell state, yet dc_norms is given"
        assert not out.get("dc_norms_by_layer"), f"{cell} has no cell state, yet dc_norms_by_layer is given"


# ============================================ 2. optimizer + clipping parity

STEPS = 20
# 0.5 would not bind at all in half of these cases; 0.1 binds in every case,
# on some steps only in a few (5 of 20 for lstm last-T6, 7 for gru step-T7),
# so both the clipped and the unclipped update are exercised.
CLIP = 0.1
FIT_LAYERS = 2
FIT_KINDS = ["last-T6", "step-T7"]


def torch_fit(model, tokens, targets, clip=CLIP, steps=STEPS):
    """Adam(lr 0.01) with clip_grad_norm_, in place, every layer's redundant
    bias_hh entries frozen (test_parity.hidden_bias_mask). Returns on how many
    steps clipping scaled the gradient."""
    mask = hidden_bias_mask(model.cell, model.H)
    for k in range(model.L):
        getattr(model.rnn, f"bias_hh_l{k}").register_hook(lambda g: g * mask)
    params = list(model.parameters())
    opt = torch.optim.Adam(params, lr=0.01)
    clipped = 0
    for _ in range(steps):
        opt.zero_grad()
        model.loss(tokens, targets).backward()
        clipped += float(torch.nn.utils.clip_grad_norm_(params, clip)) > clip
        opt.step()
    return clipped


def function_view(model):
    """The tensors that define the function once biases are merged per gate."""
    sd = {k: v.detach() for k, v in model.state_dict().items()}
    H = model.H
    for k in range(model.L):
        b_ih, b_hh = sd.pop(f"rnn.bias_ih_l{k}"), sd.pop(f"rnn.bias_hh_l{k}")
        if model.cell == "gru":
            sd[f"rnn.bias_ih_l{k}+bias_hh_l{k} (r, z)"] = (b_ih + b_hh)[:2 * H]
            sd[f"rnn.bias_ih_l{k} (n)"] = b_ih[2 * H:]
            sd[f"rnn.bias_hh_l{k} (n)"] = b_hh[2 * H:]
        else:
            sd[f"rnn.bias_ih_l{k}+bias_hh_l{k}"] = b_ih + b_hh
    return sd


@pytest.mark.parametrize("kind", FIT_KINDS)
@pytest.mark.parametrize("cell", CELLS)
def test_fit_parity(rnnlab_cli, tmp_path, cell, kind):
    E = 3 if kind.startswith("step") else 0
    model, tokens, targets = random_case(cell, E, FIT_LAYERS, kind, seed_of("stacked-fit", cell, kind))
    state, s, b = write_case(tmp_path, model, tokens, targets)

    out = run_cli_json(rnnlab_cli, "fit", "--state", s, "--batch", b, "--optimizer", "adam",
                       "--lr", "0.01", "--clip", CLIP, "--steps", STEPS)

    for key in ("format", "cell", "vocab_size", "embedding_dim", "hidden_size", "num_classes",
                "num_layers"):
        assert out.get(key) == state[key], f"output state: {key} is {out.get(key)!r}, want {state[key]!r}"
    assert set(out["tensors"]) == set(state["tensors"]), "output state: tensor names"
    for name, entry in state["tensors"].items():
        assert out["tensors"][name]["shape"] == entry["shape"], f"output state: {name}.shape"
    engine = model_from_state(out)

    clipped = torch_fit(model, tokens, targets)
    assert clipped > 0, "test setup: this case was meant to exercise clipping"

    want = function_view(model)
    got = function_view(engine)
    for name in want:
        assert_close(f"after {STEPS} adam steps (clip {CLIP}): {name}", got[name], want[name])
    with torch.no_grad():
        assert_close("final loss", engine.loss(tokens, targets), model.loss(tokens, targets))


# ====================================================== 3. bad input

def _bad_input_files(tmp_path, case):
    """Writes a valid two-layer state and per-step batch, then breaks one.
    Returns (state path, batch path, the field the message must name)."""
    L = 5 if case == "num-layers-5" else (1 if case == "num-layers-0" else 2)
    model, tokens, targets = random_case("lstm", 0, L, "step-T7", seed=11)
    state = state_json(model)
    batch = batch_json(tokens, targets)
    t = state["tensors"]
    H, V, T = model.H, model.V, tokens.shape[1]
    if case == "num-layers-5":
        field = "num_layers"                         # every tensor of l0..l4 is there
    elif case == "num-layers-0":
        state["num_layers"], field = 0, "num_layers"
    elif case == "num-layers-fraction":
        state["num_layers"], field = 1.5, "num_layers"
    elif case == "missing-weight_ih_l1":
        del t["rnn.weight_ih_l1"]
        field = "rnn.weight_ih_l1"
    elif case == "weight_ih_l1-shape":
        assert V != H
        t["rnn.weight_ih_l1"] = {"shape": [4 * H, V], "data": [0.1] * (4 * H * V)}   # wants [4H, H]
        field = "rnn.weight_ih_l1"
    elif case == "targets-row-short":
        batch["targets"][2] = batch["targets"][2][:T - 1]
        field = "targets"
    elif case == "targets-row-long":
        batch["targets"][0] = batch["targets"][0] + [0]
        field = "targets"
    elif case == "targets-all-minus-1":
        batch["targets"] = [[-1] * T for _ in batch["targets"]]
        field = "targets"
    elif case == "target-below-minus-1":
        batch["targets"][3][2] = -2
        field = "targets"
    elif case == "step-target-out-of-range":
        batch["targets"][3][4] = model.C             # classes are 0..C-1
        field = "targets"
    elif case == "targets-rows-count":
        batch["targets"].append([0] * T)
        field = "targets"
    else:
        raise ValueError(case)
    s = write_json(tmp_path / "state.json", state)
    b = write_json(tmp_path / "batch.json", batch)
    return s, b, field


BAD_INPUTS = ["num-layers-5", "num-layers-0", "num-layers-fraction", "missing-weight_ih_l1",
              "weight_ih_l1-shape", "targets-row-short", "targets-row-long", "targets-all-minus-1",
              "target-below-minus-1", "step-target-out-of-range", "targets-rows-count"]


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input(rnnlab_cli, tmp_path, case):
    s, b, field = _bad_input_files(tmp_path, case)
    proc = run_cli(rnnlab_cli, "grad", "--state", s, "--batch", b)
    assert proc.returncode == 2, f"exit status {proc.returncode}, stderr: {proc.stderr!r}"
    assert proc.stdout == "", f"stdout must stay empty, got {proc.stdout[:200]!r}"
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"want exactly one line on stderr, got {proc.stderr!r}"
    assert field in lines[0], f"message should name the field {field!r}: {lines[0]!r}"


def test_bad_input_files_are_otherwise_valid(tmp_path):
    """Self-check (no CLI): each broken file differs from a valid one only where meant."""
    for case in ("num-layers-5", "missing-weight_ih_l1"):
        s, b, _ = _bad_input_files(tmp_path, case)
        state = json.loads(s.read_text())
        if case == "num-layers-5":
            assert model_from_state(state).L == 5   # loads into torch: only the range is wrong
        else:
            assert "rnn.weight_ih_l1" not in state["tensors"] and "rnn.weight_hh_l1" in state["tensors"]
    s, b, _ = _bad_input_files(tmp_path, "target-below-minus-1")
    rows = json.loads(b.read_text())["targets"]
    assert sorted({v for r in rows for v in r} - set(range(KINDS["step-T7"]["C"]))) == [-2, -1]


# ============================ reference self-checks (torch only, no CLI)

SELF_CASES = ([(cell, L, E, kind) for cell in CELLS for L in LAYERS for E in EMBEDDINGS
               for kind in ("last-T6", "step-T7", "step-T1", "step-tail")])


@pytest.mark.parametrize("case", SELF_CASES, ids=grad_id)
def test_reference_self_check(tmp_path, case):
    cell, L, E, kind = case
    model, tokens, targets = random_case(cell, E, L, kind, seed_of("stacked-self", *case))
    T = tokens.shape[1]

    unroll_loss, dh, dc, cells = unrolled_stack(model, tokens, targets)
    model.zero_grad()
    loss = model.loss(tokens, targets)
    loss.backward()
    assert_close("unrolled loss", unroll_loss, loss.detach(), rtol=1e-12)
    # The unrolled cells' weight gradients are the stacked module's.
    for k, c in enumerate(cells):
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            assert_close(f"unroll vs module: {name}_l{k}", getattr(c, name).grad,
                         getattr(model.rnn, f"{name}_l{k}").grad)
    assert len(dh) == L and all(len(v) == T for v in dh)

    dh2, dc2 = split_stack_grads(model, tokens, targets)
    for k in range(L):
        assert_close(f"dh_norms_by_layer[{k}]: unrolled vs split", dh[k], dh2[k])
        if cell == "lstm":
            assert_close(f"dc_norms_by_layer[{k}]: unrolled vs split", dc[k], dc2[k])

    with torch.no_grad():
        # A chain of one-layer modules is the stacked module.
        out = model.inputs(tokens)
        for m in layer_modules(model):
            out = m(out)[0]
        assert_close("chain of one-layer modules vs num_layers module", out, model(tokens), rtol=1e-12)
        # Per-step loss: the mean over the (b, t) whose target is not -1.
        if targets.dim() == 2:
            logp = F.log_softmax(model.head(model(tokens)), dim=-1)     # B x T x C
            keep = targets != -1
            picked = logp.gather(-1, targets.clamp(min=0).unsqueeze(-1)).squeeze(-1)
            assert_close("per-step loss by hand", -(picked[keep]).sum() / keep.sum(), loss, rtol=1e-12)
            # No loss at a step anywhere (step-tail's last steps): every layer's derivative there is 0.
            for t in range(T):
                if not keep[:, t:].any():
                    assert all(dh[k][t] == 0.0 for k in range(L)), f"dh at step {t + 1} must be 0"

    # One layer, last step: test_parity's reference gives the same norms.
    if L == 1 and targets.dim() == 1:
        _, dh1, dc1 = unrolled_state_grads(model, tokens, targets)
        assert_close("dh_norms vs test_parity's reference", dh[0], dh1)
        if cell == "lstm":
            assert_close("dc_norms vs test_parity's reference", dc[0], dc1)

    # The state JSON round-trips bit for bit, num_layers included.
    p = write_json(tmp_path / "s.json", state_json(model))
    again = model_from_state(json.loads(p.read_text()))
    assert again.L == L
    for (n1, t1), (n2, t2) in zip(model.state_dict().items(), again.state_dict().items()):
        assert n1 == n2 and torch.equal(t1, t2), n1
    assert {f"rnn.weight_ih_l{k}" for k in range(L)} <= set(model.state_dict())


@pytest.mark.parametrize("cell", CELLS)
def test_fit_reference_self_check(cell):
    """The bias_hh masks freeze exactly the redundant entries of every layer."""
    model, tokens, targets = random_case(cell, 3, 2, "step-T7", seed_of("stacked-fit-self", cell))
    before = [getattr(model.rnn, f"bias_hh_l{k}").detach().clone() for k in range(model.L)]
    loss0 = model.loss(tokens, targets).item()
    torch_fit(model, tokens, targets)
    mask = hidden_bias_mask(cell, model.H).bool()
    for k in range(model.L):
        now = getattr(model.rnn, f"bias_hh_l{k}").detach()
        assert torch.equal(now[~mask], before[k][~mask]), f"bias_hh_l{k}: frozen part moved"
        if cell == "gru":
            assert not torch.equal(now[mask], before[k][mask]), f"bias_hh_l{k}: b_hn did not train"
    assert model.loss(tokens, targets).item() < loss0
