# PyTorch parity tests for the native CLI (build/native/rnnlab).
#
# What it checks (docs: docs/state-format.md, docs/batch-format.md, docs/cli.md):
#   1. `rnnlab grad --state S --batch B` against torch 1.13 in float64, for
#      rnn / lstm / gru, one-hot and embedding input, several sizes (T = 1
#      and T = 30 included), random weights with non-zero bias_hh: the loss,
#      every gradient (same names and shapes as the state), dh_norms and, for
#      the LSTM, dc_norms (total derivatives dL/dh(t), dL/dc(t)).
#   2. `rnnlab fit ... --steps 20` (Adam, SGD with Nesterov momentum,
#      RMSprop; --clip 0.5 and 0.05) against the same loop in torch:
#          opt.zero_grad(); loss.backward();
#          clip_grad_norm_(params, clip); opt.step()
#      with torch's defaults (Adam betas 0.9/0.999, eps 1e-8; RMSprop alpha
#      0.99, eps 1e-8 outside the sqrt; SGD dampening 0; clip coefficient
#      max_norm / (norm + 1e-6), capped at 1). The engine keeps one bias per
#      gate (GRU: plus the hidden n-gate bias b_hn), so the torch side masks
#      the gradient of the redundant part of bias_hh to zero; the final
#      states are compared as functions (summed biases), weight by weight.
#   3. Bad input to `rnnlab grad`: exit status 2, empty stdout, one line on
#      stderr naming the file or the field.
#   Plus torch-only self-checks of the reference itself (they need no CLI).
#
# Tolerance: per tensor, |got - want| <= 1e-9 |want| + 1e-12 max|want|.
#
# Run from the repo root:
#   /usr/bin/python3 -m pytest tests/torch -q
# (Debian's python3-torch; the `python3` first on PATH may not see it.)
# The CLI is $RNNLAB_CLI, else build/native/rnnlab (see conftest.py).
#
# Deliberately not here: finite-difference checks (tests/cpp), the JS API
# (tests/node), peephole LSTM (no PyTorch twin).

import json
import subprocess
import zlib

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

RTOL = 1e-9
GATES = {"rnn": 1, "lstm": 4, "gru": 3}
CELLS = list(GATES)

# (V, H, C, B, T); each is run with one-hot input and with an embedding.
SIZES = [
    dict(V=3, H=4, C=2, B=3, T=5),
    dict(V=7, H=16, C=3, B=4, T=12),
    dict(V=4, H=1, C=2, B=1, T=1),
    dict(V=5, H=8, C=4, B=2, T=30),
]
EMBEDDINGS = [0, 5]


def size_id(s):
    return "V{V}-H{H}-C{C}-B{B}-T{T}".format(**s)


def embed_id(e):
    return "onehot" if e == 0 else f"embed{e}"


# ---------------------------------------------------------------- reference

class Reference(nn.Module):
    """Embedding or one-hot -> 1-layer nn.RNN/LSTM/GRU -> Linear on h(T)."""

    def __init__(self, cell, V, E, H, C):
        super().__init__()
        self.cell, self.V, self.E, self.H, self.C = cell, V, E, H, C
        self.embedding = nn.Embedding(V, E) if E > 0 else None
        n_in = E if E > 0 else V
        if cell == "rnn":
            self.rnn = nn.RNN(n_in, H, nonlinearity="tanh", batch_first=True)
        elif cell == "lstm":
            self.rnn = nn.LSTM(n_in, H, batch_first=True)
        else:
            self.rnn = nn.GRU(n_in, H, batch_first=True)
        self.head = nn.Linear(H, C)

    def inputs(self, tokens):                       # B x T x N_in
        if self.embedding is not None:
            return self.embedding(tokens)
        return F.one_hot(tokens, self.V).to(torch.get_default_dtype())

    def forward(self, tokens):                      # logits, B x C
        output, _ = self.rnn(self.inputs(tokens))
        return self.head(output[:, -1, :])

    def loss(self, tokens, targets):
        return F.cross_entropy(self(tokens), targets)


def step_cell(model):
    """One nn.RNNCell/LSTMCell/GRUCell holding copies of the model's layer-0 weights."""
    n_in = model.E if model.E > 0 else model.V
    if model.cell == "rnn":
        cell = nn.RNNCell(n_in, model.H, nonlinearity="tanh")
    elif model.cell == "lstm":
        cell = nn.LSTMCell(n_in, model.H)
    else:
        cell = nn.GRUCell(n_in, model.H)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(model.rnn, name + "_l0"))
    return cell


def unrolled_state_grads(model, tokens, targets):
    """Total derivatives dL/dh(t) (and dL/dc(t)) by unrolling nn.*Cell.

    nn.RNN's `output.grad` only holds the direct path into the head, so the
    cell is unrolled by hand with copies of the weights and every h(t), c(t)
    keeps its grad. Returns (loss, dh_norms, dc_norms or None).
    """
    H = model.H
    cell = step_cell(model)
    x = model.inputs(tokens).detach()
    B, T = tokens.shape
    h = torch.zeros(B, H)
    c = torch.zeros(B, H)
    hs, cs = [], []
    for t in range(T):
        if model.cell == "lstm":
            h, c = cell(x[:, t, :], (h, c))
            c.retain_grad()
            cs.append(c)
        else:
            h = cell(x[:, t, :], h)
        h.retain_grad()
        hs.append(h)
    loss = F.cross_entropy(model.head(h), targets)
    loss.backward()
    dh = [v.grad.norm().item() for v in hs]
    dc = [v.grad.norm().item() for v in cs] if model.cell == "lstm" else None
    return loss.detach(), dh, dc


def split_state_grads(model, tokens, targets):
    """The same total derivatives a second way, for the self-check only.

    dL/dh(t): run nn.RNN up to step t, make its final state a leaf, run the
    rest of the sequence from it and differentiate. For the LSTM that leaf
    c(t) only sees the path into c(t+1); the path through h(t) = o(t) *
    tanh(c(t)) is added from the gate equation (PyTorch order i, f, g, o).
    """
    B, T = tokens.shape
    H = model.H
    x = model.inputs(tokens).detach()
    lstm = model.cell == "lstm"
    dh, dc = [], []
    for t in range(1, T + 1):
        with torch.no_grad():
            _, state = model.rnn(x[:, :t, :])
        leaves = [s.clone().requires_grad_() for s in (state if lstm else (state,))]
        hx = tuple(leaves) if lstm else leaves[0]
        if t < T:
            output, _ = model.rnn(x[:, t:, :], hx)
            last = output[:, -1, :]
        else:
            last = leaves[0][0]
        loss = F.cross_entropy(model.head(last), targets)
        grads = torch.autograd.grad(loss, leaves, allow_unused=True)
        g_h = grads[0][0]                                   # B x H
        dh.append(g_h.norm().item())
        if lstm:
            with torch.no_grad():
                if t == 1:
                    h_prev = torch.zeros(B, H)
                else:
                    h_prev = model.rnn(x[:, :t - 1, :])[1][0][0]
                rows = slice(3 * H, 4 * H)                  # the o gate
                r = model.rnn
                o = torch.sigmoid(x[:, t - 1, :] @ r.weight_ih_l0[rows].T + r.bias_ih_l0[rows]
                                  + h_prev @ r.weight_hh_l0[rows].T + r.bias_hh_l0[rows])
                c = state[1][0]
                g_c = torch.zeros(B, H) if grads[1] is None else grads[1][0]
                dc.append((g_c + g_h * o * (1 - torch.tanh(c) ** 2)).norm().item())
    return dh, (dc if lstm else None)


def random_case(cell, E, size, seed):
    """Weights ~ U(-0.5, 0.5) (bias_hh included, so it is non-zero), a batch."""
    gen = torch.Generator().manual_seed(seed)
    model = Reference(cell, size["V"], E, size["H"], size["C"])
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.rand(p.shape, generator=gen) - 0.5)
    tokens = torch.randint(0, size["V"], (size["B"], size["T"]), generator=gen)
    targets = torch.randint(0, size["C"], (size["B"],), generator=gen)
    return model, tokens, targets


def seed_of(*parts):
    return zlib.crc32("/".join(map(str, parts)).encode())


# ------------------------------------------------------- JSON in and out

def state_json(model):
    """docs/state-format.md; floats go through repr, so no digits are lost."""
    return {
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


def batch_json(tokens, targets):
    return {"tokens": tokens.tolist(), "targets": targets.tolist()}


def tensor_from_json(entry, what):
    shape, data = entry["shape"], entry["data"]
    n = 1
    for d in shape:
        n *= d
    assert len(data) == n, f"{what}: shape {shape} but {len(data)} values"
    return torch.tensor(data, dtype=torch.float64).reshape(shape)


def model_from_state(state):
    model = Reference(state["cell"], state["vocab_size"], state["embedding_dim"],
                      state["hidden_size"], state["num_classes"])
    model.load_state_dict({name: tensor_from_json(entry, name)
                           for name, entry in state["tensors"].items()}, strict=True)
    return model


def write_json(path, obj):
    path.write_text(json.dumps(obj))
    return path


def run_cli(cli, *args):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def run_cli_json(cli, *args):
    proc = run_cli(cli, *args)
    cmd = " ".join(map(str, args))
    assert proc.returncode == 0, f"rnnlab {cmd} exited {proc.returncode}: {proc.stderr}"
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise AssertionError(f"rnnlab {cmd}: stdout is not one JSON object ({e}): "
                             f"{proc.stdout[:300]!r}") from None


# ------------------------------------------------------------ comparison

def assert_close(what, got, want, rtol=RTOL):
    """|got - want| <= rtol |want| + 1e-12 max|want|, element-wise; NaN fails."""
    got = torch.as_tensor(got, dtype=torch.float64)
    want = torch.as_tensor(want, dtype=torch.float64)
    assert got.shape == want.shape, f"{what}: shape {list(got.shape)} != {list(want.shape)}"
    scale = want.abs().max().item() if want.numel() else 0.0
    atol = 1e-12 * scale if scale > 0 else 1e-15
    err = (got - want).abs()
    tol = rtol * want.abs() + atol
    ok = err <= tol                                  # False for NaN
    if not bool(ok.all()):
        excess = torch.where(ok, torch.zeros_like(err), torch.nan_to_num(err / tol, nan=1e300))
        i = int(excess.flatten().argmax())
        raise AssertionError(
            f"{what}: {int((~ok).sum())} of {ok.numel()} values differ; worst at flat "
            f"index {i}: got {got.flatten()[i].item()!r}, want {want.flatten()[i].item()!r} "
            f"(rtol {rtol:g}, atol {atol:.3g})")


# ================================================= 1. gradient parity

@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("E", EMBEDDINGS, ids=embed_id)
@pytest.mark.parametrize("cell", CELLS)
def test_grad_parity(rnnlab_cli, tmp_path, cell, E, size):
    model, tokens, targets = random_case(cell, E, size, seed_of("grad", cell, E, size_id(size)))
    state = state_json(model)
    s = write_json(tmp_path / "state.json", state)
    b = write_json(tmp_path / "batch.json", batch_json(tokens, targets))

    out = run_cli_json(rnnlab_cli, "grad", "--state", s, "--batch", b)

    # The unroll backpropagates through model.head too: run it first, then
    # clear every gradient before the reference backward pass.
    unroll_loss, dh_norms, dc_norms = unrolled_state_grads(model, tokens, targets)
    model.zero_grad()
    loss = model.loss(tokens, targets)
    loss.backward()
    assert_close("reference: unrolled loss vs nn module loss", unroll_loss, loss.detach(), rtol=1e-12)

    assert_close("loss", out["loss"], loss.item())

    assert set(out["grads"]) == set(state["tensors"]), "grads must name exactly the state's tensors"
    for name, p in model.named_parameters():
        entry = out["grads"][name]
        assert entry["shape"] == list(p.shape), f"grads[{name}].shape"
        assert_close(f"grads[{name}]", tensor_from_json(entry, f"grads[{name}]"), p.grad)

    assert len(out["dh_norms"]) == size["T"], "dh_norms needs one entry per time step"
    assert_close("dh_norms", out["dh_norms"], dh_norms)
    if cell == "lstm":
        assert len(out["dc_norms"]) == size["T"], "dc_norms needs one entry per time step"
        assert_close("dc_norms", out["dc_norms"], dc_norms)
    else:
        assert not out.get("dc_norms"), f"{cell} has no cell state, yet dc_norms is given"


# ============================================ 2. optimizer + clipping parity

STEPS = 20
# 0.5 binds only on some steps of some cases (the gradient norm is often
# below it); 0.05 binds on most steps, so every case exercises clipping.
CLIPS = [0.5, 0.05]
OPTIMIZERS = {
    "adam": (["--optimizer", "adam", "--lr", "0.01"],
             lambda ps: torch.optim.Adam(ps, lr=0.01)),
    "sgd-nesterov": (["--optimizer", "sgd", "--lr", "0.1", "--momentum", "0.9", "--nesterov"],
                     lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True)),
    "rmsprop": (["--optimizer", "rmsprop", "--lr", "0.01"],
                lambda ps: torch.optim.RMSprop(ps, lr=0.01)),
}
FIT_CASES = [(0, SIZES[0]), (5, SIZES[1])]


def hidden_bias_mask(cell, H):
    """Which entries of bias_hh the one-bias-per-gate engine trains on its own:
    none for rnn/lstm (b = b_ih + b_hh is one parameter), b_hn for gru."""
    if cell == "gru":
        return torch.cat([torch.zeros(2 * H), torch.ones(H)])
    return torch.zeros(GATES[cell] * H)


def torch_fit(model, tokens, targets, make_optimizer, clip):
    """Trains in place; returns on how many steps clipping scaled the gradient."""
    mask = hidden_bias_mask(model.cell, model.H)
    model.rnn.bias_hh_l0.register_hook(lambda g: g * mask)
    params = list(model.parameters())
    opt = make_optimizer(params)
    clipped = 0
    for _ in range(STEPS):
        opt.zero_grad()
        model.loss(tokens, targets).backward()
        clipped += float(torch.nn.utils.clip_grad_norm_(params, clip)) > clip
        opt.step()
    return clipped


def function_view(model):
    """The tensors that define the function once biases are merged per gate."""
    sd = {k: v.detach() for k, v in model.state_dict().items()}
    b_ih, b_hh = sd.pop("rnn.bias_ih_l0"), sd.pop("rnn.bias_hh_l0")
    if model.cell == "gru":
        H = model.H
        sd["rnn.bias_ih_l0+bias_hh_l0 (r, z)"] = (b_ih + b_hh)[:2 * H]
        sd["rnn.bias_ih_l0 (n)"] = b_ih[2 * H:]
        sd["rnn.bias_hh_l0 (n)"] = b_hh[2 * H:]
    else:
        sd["rnn.bias_ih_l0+bias_hh_l0"] = b_ih + b_hh
    return sd


@pytest.mark.parametrize("clip", CLIPS, ids=lambda c: f"clip{c}")
@pytest.mark.parametrize("opt_name", list(OPTIMIZERS))
@pytest.mark.parametrize("E,size", FIT_CASES, ids=[f"{embed_id(e)}-{size_id(s)}" for e, s in FIT_CASES])
@pytest.mark.parametrize("cell", CELLS)
def test_fit_parity(rnnlab_cli, tmp_path, cell, E, size, opt_name, clip):
    cli_args, make_optimizer = OPTIMIZERS[opt_name]
    model, tokens, targets = random_case(cell, E, size, seed_of("fit", cell, E, size_id(size)))
    state = state_json(model)
    s = write_json(tmp_path / "state.json", state)
    b = write_json(tmp_path / "batch.json", batch_json(tokens, targets))

    out = run_cli_json(rnnlab_cli, "fit", "--state", s, "--batch", b, *cli_args,
                       "--clip", clip, "--steps", STEPS)

    for key in ("format", "cell", "vocab_size", "embedding_dim", "hidden_size", "num_classes"):
        assert out.get(key) == state[key], f"output state: {key}"
    assert set(out["tensors"]) == set(state["tensors"]), "output state: tensor names"
    for name, entry in state["tensors"].items():
        assert out["tensors"][name]["shape"] == entry["shape"], f"output state: {name}.shape"
    engine = model_from_state(out)

    clipped = torch_fit(model, tokens, targets, make_optimizer, clip)
    if clip < 0.5:
        assert clipped > 0, "test setup: this case was meant to exercise clipping"

    want = function_view(model)
    got = function_view(engine)
    for name in want:
        assert_close(f"after {STEPS} {opt_name} steps: {name}", got[name], want[name])
    with torch.no_grad():
        assert_close("final loss", engine.loss(tokens, targets), model.loss(tokens, targets))


# ====================================================== 3. bad input

def _bad_input_files(tmp_path, case):
    """Writes a valid state and batch, then breaks one of them.
    Returns (state path, batch path, names of which one must be in the message)."""
    model, tokens, targets = random_case("lstm", 0, dict(V=3, H=4, C=2, B=2, T=3), seed=7)
    state = state_json(model)
    batch = batch_json(tokens, targets)
    s = tmp_path / "good_state.json"
    b = tmp_path / "good_batch.json"
    names = []
    t = state["tensors"]
    if case == "missing-state-file":
        s, names = tmp_path / "no_such_state.json", ["no_such_state.json"]
    elif case == "missing-batch-file":
        b, names = tmp_path / "no_such_batch.json", ["no_such_batch.json"]
    elif case == "malformed-state-json":
        s, names = tmp_path / "malformed_state.json", ["malformed_state.json"]
        s.write_text(json.dumps(state)[:200])        # cut off mid-document
    elif case == "malformed-batch-json":
        b, names = tmp_path / "malformed_batch.json", ["malformed_batch.json"]
        b.write_text("{tokens: [[0, 1, 2]], targets: [1]}")
    elif case == "wrong-shape":
        s, names = tmp_path / "wrong_shape_state.json", ["wrong_shape_state.json", "rnn.weight_hh_l0"]
        t["rnn.weight_hh_l0"] = {"shape": [16, 5], "data": [0.1] * 80}   # should be [16, 4]
    elif case == "data-length":
        s, names = tmp_path / "short_data_state.json", ["short_data_state.json", "head.weight"]
        t["head.weight"]["data"].pop()
    elif case == "missing-tensor":
        s, names = tmp_path / "no_head_bias_state.json", ["no_head_bias_state.json", "head.bias"]
        del t["head.bias"]
    elif case == "token-too-large":
        b, names = tmp_path / "big_token_batch.json", ["big_token_batch.json", "tokens"]
        batch["tokens"][1][2] = 3                    # V = 3
    elif case == "token-negative":
        b, names = tmp_path / "negative_token_batch.json", ["negative_token_batch.json", "tokens"]
        batch["tokens"][0][0] = -1
    elif case == "target-out-of-range":
        b, names = tmp_path / "bad_target_batch.json", ["bad_target_batch.json", "targets"]
        batch["targets"][1] = 2                      # C = 2
    elif case == "nan-value":
        s, names = tmp_path / "nan_state.json", ["nan_state.json", "head.bias"]
        t["head.bias"]["data"][1] = float("nan")     # json.dumps writes the bare word NaN
    elif case == "overflow-value":
        # 1e999 is valid JSON syntax that parses to infinity.
        s, names = tmp_path / "inf_state.json", ["inf_state.json", "rnn.weight_ih_l0"]
        t["rnn.weight_ih_l0"]["data"][3] = 123.25
    else:
        raise ValueError(case)
    if not s.exists() and not s.name.startswith(("no_such", "malformed")):
        text = json.dumps(state)
        if case == "overflow-value":
            assert text.count("123.25") == 1
            text = text.replace("123.25", "1e999")
        s.write_text(text)
    if not b.exists() and not b.name.startswith(("no_such", "malformed")):
        b.write_text(json.dumps(batch))
    return s, b, names


BAD_INPUTS = ["missing-state-file", "missing-batch-file", "malformed-state-json",
              "malformed-batch-json", "wrong-shape", "data-length", "missing-tensor",
              "token-too-large", "token-negative", "target-out-of-range", "nan-value",
              "overflow-value"]


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input(rnnlab_cli, tmp_path, case):
    s, b, names = _bad_input_files(tmp_path, case)
    proc = run_cli(rnnlab_cli, "grad", "--state", s, "--batch", b)
    assert proc.returncode == 2, f"exit status {proc.returncode}, stderr: {proc.stderr!r}"
    assert proc.stdout == "", f"stdout must stay empty, got {proc.stdout[:200]!r}"
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"want exactly one line on stderr, got {proc.stderr!r}"
    assert any(n in lines[0] for n in names), f"message should name one of {names}: {lines[0]!r}"


# ============================ reference self-checks (torch only, no CLI)

@pytest.mark.parametrize("size", [SIZES[0], SIZES[2], SIZES[3]], ids=size_id)
@pytest.mark.parametrize("E", EMBEDDINGS, ids=embed_id)
@pytest.mark.parametrize("cell", CELLS)
def test_reference_self_check(tmp_path, cell, E, size):
    model, tokens, targets = random_case(cell, E, size, seed_of("self", cell, E, size_id(size)))
    loss = model.loss(tokens, targets)
    unroll_loss, dh, dc = unrolled_state_grads(model, tokens, targets)
    assert_close("unrolled loss", unroll_loss, loss.detach(), rtol=1e-12)
    dh2, dc2 = split_state_grads(model, tokens, targets)
    assert_close("dh_norms: unrolled vs split", dh, dh2)
    if cell == "lstm":
        assert_close("dc_norms: unrolled vs split", dc, dc2)
    # The state JSON round-trips bit for bit.
    p = write_json(tmp_path / "s.json", state_json(model))
    again = model_from_state(json.loads(p.read_text()))
    for (n1, t1), (n2, t2) in zip(model.state_dict().items(), again.state_dict().items()):
        assert n1 == n2 and torch.equal(t1, t2), n1
    # The bias_hh mask freezes exactly the redundant entries during torch_fit.
    before = model.rnn.bias_hh_l0.detach().clone()
    torch_fit(model, tokens, targets, OPTIMIZERS["adam"][1], 0.5)
    mask = hidden_bias_mask(cell, size["H"]).bool()
    assert torch.equal(model.rnn.bias_hh_l0.detach()[~mask], before[~mask])
    if cell == "gru":
        assert not torch.equal(model.rnn.bias_hh_l0.detach()[mask], before[mask])
