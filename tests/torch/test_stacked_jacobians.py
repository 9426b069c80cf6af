# PyTorch parity of `rnnlab grad --jacobians` for stacks (`"num_layers": L`,
# contracts.md section 4).
#
# For the batch's first sequence, s(t) is the WHOLE stacked state after token
# t: every layer's state, layer 0 first (per layer h for rnn and gru, [h; c]
# for lstm), s(0) = 0. The reference is one time step of the whole stack,
# s(t) = F_t(s(t-1)), written with one nn.RNNCell/LSTMCell/GRUCell per layer
# (copies of the nn.RNN/LSTM/GRU(num_layers=L) weights, test_stacked's
# layer_cells); the inputs at step t are fixed to sequence 0's real ones, and
# layer k > 0 reads the NEW h(t) of layer k-1, so F_t is a function of s(t-1)
# alone. torch.autograd.functional.jacobian of F_t at the real trajectory
# gives J(t) = ds(t)/ds(t-1) (float64), and
#   jacobian_norms[t-1]          = ||J(t)||_2
#   jacobian_product_norms[t-1]  = ||J(t) ... J(1)||_2       = ||ds(t)/ds(0)||_2
#   jacobian_to_T_norms[i]       = ||J(T) ... J(i+1)||_2     = ||ds(T)/ds(i)||_2
#   recurrent_sigma_max          = ||rnn.weight_hh_l{L-1}||_2 (the top layer's),
#                                  named in recurrent_tensor
# (spectral norms: torch.linalg.matrix_norm(ord=2)). With L > 1 the
# vanilla-RNN-only jacobian_bounds and term_factors must be absent.
#
# Cases: rnn / lstm / gru x num_layers 2, 3 x one-hot, embedding x last-step
# targets at two sizes (test_stacked's "last-T6" and "last-T1", so T = 1 is
# in), plus one per-step-targets batch per cell ("step-T7"; the Jacobians do
# not depend on the loss, but the per-step path is run with --jacobians).
# Bad input: a stack whose total state L * state_size is just above the
# engine's kMaxJacobianState while one layer alone is within it: exit 2 with
# --jacobians (and exit 0 without it; at exactly the limit --jacobians works).
# Torch-only self-checks of the reference: the stacked step's trajectory is
# nn.RNN/LSTM/GRU(num_layers=L)'s (top outputs, every layer's final h and c);
# the products of the step Jacobians equal the Jacobians of the multi-step
# unroll (ds(t)/ds(0), ds(T)/ds(i)) taken in one piece; and at L = 1 the step
# Jacobians are test_jacobians.state_jacobians'.
#
# Tolerance: element-wise relative 1e-9 (test_parity.assert_close), as in
# test_jacobians.py.
#
# Run from the repo root:
#   /usr/bin/python3 -m pytest tests/torch/test_stacked_jacobians.py -q

import re
from pathlib import Path

import pytest
import torch

from test_jacobians import spectral, state_jacobians
from test_parity import assert_close, batch_json, run_cli, run_cli_json, seed_of
from test_stacked import KINDS, Stacked, embed_id, layer_cells, random_case, state_json, write_case

torch.set_default_dtype(torch.float64)

CELLS = ["rnn", "lstm", "gru"]
REPO_SRC = Path(__file__).resolve().parents[2] / "src"


# ---------------------------------------------------------------- reference

def layer_state_size(cell, H):
    return 2 * H if cell == "lstm" else H


def stack_step(model, cells, x_t):
    """F_t: s(t-1) -> s(t) for the whole stack, with layer 0's input x_t fixed."""
    H = model.H
    lstm = model.cell == "lstm"
    n1 = layer_state_size(model.cell, H)

    def f(s):
        inp = x_t.unsqueeze(0)
        parts = []
        for k, cell in enumerate(cells):
            sk = s[k * n1:(k + 1) * n1]
            if lstm:
                h, c = cell(inp, (sk[:H].unsqueeze(0), sk[H:].unsqueeze(0)))
                parts += [h[0], c[0]]
            else:
                h = cell(inp, sk.unsqueeze(0))
                parts.append(h[0])
            inp = h                                 # layer k+1 reads the new h(t) of layer k
        return torch.cat(parts)
    return f


def stacked_state_jacobians(model, tokens):
    """J(t) = ds(t)/ds(t-1) for sequence 0, t = 1..T, the states s(0..T), and the step maps."""
    cells = layer_cells(model)
    x = model.inputs(tokens[:1]).detach()[0]        # T x N_in
    n = model.L * layer_state_size(model.cell, model.H)
    steps = [stack_step(model, cells, x[t]) for t in range(tokens.shape[1])]
    s = torch.zeros(n)
    Js, states = [], [s]
    for f in steps:
        Js.append(torch.autograd.functional.jacobian(f, s))
        with torch.no_grad():
            s = f(s)
        states.append(s)
    return Js, states, steps


def reference_norms(Js):
    T, n = len(Js), Js[0].shape[0]
    step_norms = [spectral(J) for J in Js]
    from_0, P = [], torch.eye(n)
    for J in Js:
        P = J @ P                                   # J(t) ... J(1)
        from_0.append(spectral(P))
    to_T, P = [0.0] * T, torch.eye(n)
    for i in range(T - 1, -1, -1):
        P = P @ Js[i]                               # J(T) ... J(i+1)
        to_T[i] = spectral(P)
    return step_norms, from_0, to_T


# ================================================= 1. Jacobian parity

JAC_CASES = ([(cell, L, E, kind) for cell in CELLS for L in (2, 3) for E in (0, 3)
              for kind in ("last-T6", "last-T1")]
             + [("rnn", 2, 0, "step-T7"), ("lstm", 3, 3, "step-T7"), ("gru", 2, 3, "step-T7")])


def jac_id(case):
    cell, L, E, kind = case
    return f"{cell}-L{L}-{embed_id(E)}-{kind}"


@pytest.mark.parametrize("case", JAC_CASES, ids=jac_id)
def test_stacked_jacobian_norms(rnnlab_cli, tmp_path, case):
    cell, L, E, kind = case
    model, tokens, targets = random_case(cell, E, L, kind, seed_of("stacked-jacobians", *case))
    _, s, b = write_case(tmp_path, model, tokens, targets)
    out = run_cli_json(rnnlab_cli, "grad", "--state", s, "--batch", b, "--jacobians")

    Js, _, _ = stacked_state_jacobians(model, tokens)
    T = tokens.shape[1]
    n = L * layer_state_size(cell, model.H)
    assert len(Js) == T and Js[0].shape == (n, n)
    step_norms, from_0, to_T = reference_norms(Js)

    for key in ("jacobian_norms", "jacobian_product_norms", "jacobian_to_T_norms"):
        assert len(out[key]) == T, f"{key} needs T = {T} entries, got {len(out[key])}"
    assert_close("jacobian_norms", out["jacobian_norms"], step_norms)
    assert_close("jacobian_product_norms", out["jacobian_product_norms"], from_0)
    assert_close("jacobian_to_T_norms", out["jacobian_to_T_norms"], to_T)

    top = f"rnn.weight_hh_l{L - 1}"
    assert out["recurrent_tensor"] == top, f"recurrent_tensor is {out['recurrent_tensor']!r}, want {top!r}"
    assert_close("recurrent_sigma_max", out["recurrent_sigma_max"],
                 spectral(getattr(model.rnn, f"weight_hh_l{L - 1}").detach()))
    assert "jacobian_bounds" not in out, "jacobian_bounds must be absent with num_layers > 1"
    assert "term_factors" not in out, "term_factors must be absent with num_layers > 1"


# ====================================================== 2. bad input

def jacobian_state_limit():
    """kMaxJacobianState, read from the engine's source (src/core/*.hpp)."""
    for p in sorted((REPO_SRC / "core").glob("*.hpp")):
        m = re.search(r"constexpr\s+int\s+kMaxJacobianState\s*=\s*(\d+)\s*;", p.read_text())
        if m:
            return int(m.group(1))
    raise AssertionError("kMaxJacobianState not found in src/core/*.hpp")


def big_stack(cell, L, H, T, seed):
    """A small-weight stack with V = 3, E = 0, C = 2, B = 1 and T tokens."""
    gen = torch.Generator().manual_seed(seed)
    model = Stacked(cell, 3, 0, H, 2, L)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_((torch.rand(p.shape, generator=gen) - 0.5) * 0.1)
    tokens = torch.randint(0, 3, (1, T), generator=gen)
    targets = torch.randint(0, 2, (1,), generator=gen)
    return model, tokens, targets


@pytest.mark.parametrize("cell,L", [("rnn", 2), ("lstm", 2), ("gru", 3)])
def test_state_above_jacobian_limit(rnnlab_cli, tmp_path, cell, L):
    limit = jacobian_state_limit()
    per_unit = layer_state_size(cell, 1)
    H = limit // (L * per_unit) + 1                 # the smallest H with L * state_size > limit
    assert L * per_unit * H > limit >= per_unit * H, "test setup: one layer alone must be within the limit"
    model, tokens, targets = big_stack(cell, L, H, 2, seed_of("jac-limit", cell, L))
    _, s, b = write_case(tmp_path, model, tokens, targets)

    proc = run_cli(rnnlab_cli, "grad", "--state", s, "--batch", b, "--jacobians")
    assert proc.returncode == 2, (f"L={L}, H={H}: state {L * per_unit * H} > {limit}: exit status "
                                  f"{proc.returncode}, stderr: {proc.stderr!r}")
    assert proc.stdout == "", f"stdout must stay empty, got {proc.stdout[:200]!r}"
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"want exactly one line on stderr, got {proc.stderr!r}"
    assert "jacobian" in lines[0].lower(), f"message should name the Jacobians: {lines[0]!r}"

    # Without --jacobians the very same files are fine: the refusal is the Jacobian limit's.
    proc = run_cli(rnnlab_cli, "grad", "--state", s, "--batch", b)
    assert proc.returncode == 0, f"without --jacobians: exit {proc.returncode}, stderr: {proc.stderr!r}"


def test_state_at_jacobian_limit(rnnlab_cli, tmp_path):
    """L * state_size == kMaxJacobianState is still allowed (rnn, 2 layers, T = 1)."""
    limit = jacobian_state_limit()
    assert limit % 2 == 0
    model, tokens, targets = big_stack("rnn", 2, limit // 2, 1, seed_of("jac-at-limit"))
    _, s, b = write_case(tmp_path, model, tokens, targets)
    out = run_cli_json(rnnlab_cli, "grad", "--state", s, "--batch", b, "--jacobians")
    assert len(out["jacobian_norms"]) == 1 and len(out["jacobian_to_T_norms"]) == 1
    assert out["recurrent_tensor"] == "rnn.weight_hh_l1"


# ============================ reference self-checks (torch only, no CLI)

SELF_CASES = [(cell, L, E, kind) for cell in CELLS for L in (2, 3) for E in (0, 3)
              for kind in ("last-T6", "last-T1")]


@pytest.mark.parametrize("case", SELF_CASES, ids=jac_id)
def test_reference_self_check(case):
    cell, L, E, kind = case
    model, tokens, _ = random_case(cell, E, L, kind, seed_of("stacked-jacobians-self", *case))
    H, T = model.H, tokens.shape[1]
    n1 = layer_state_size(cell, H)
    Js, states, steps = stacked_state_jacobians(model, tokens)

    # The stacked step's trajectory is the nn module's, for sequence 0.
    with torch.no_grad():
        out, final = model.rnn(model.inputs(tokens[:1]))
    h_n, c_n = final if cell == "lstm" else (final, None)
    top = (L - 1) * n1
    for t in range(1, T + 1):
        assert_close(f"reference: top h({t}) vs nn module output", states[t][top:top + H], out[0, t - 1],
                     rtol=1e-12)
    for k in range(L):
        assert_close(f"reference: layer {k} h(T) vs h_n", states[T][k * n1:k * n1 + H], h_n[k, 0], rtol=1e-12)
        if cell == "lstm":
            assert_close(f"reference: layer {k} c(T) vs c_n", states[T][k * n1 + H:(k + 1) * n1], c_n[k, 0],
                         rtol=1e-12)

    # Products of step Jacobians = Jacobians of the multi-step unroll in one piece.
    def unroll(i, j):
        def g(s):
            for f in steps[i:j]:
                s = f(s)
            return s
        return g
    for t in range(1, T + 1):
        P = torch.eye(L * n1)
        for J in Js[:t]:
            P = J @ P
        assert_close(f"reference: ds({t})/ds(0)", P, torch.autograd.functional.jacobian(unroll(0, t), states[0]))
    for i in range(T):
        P = torch.eye(L * n1)
        for J in Js[i:]:
            P = J @ P                               # J(T) ... J(i+1)
        assert_close(f"reference: ds(T)/ds({i})", P, torch.autograd.functional.jacobian(unroll(i, T), states[i]))
    # ...and reference_norms agrees with the norms of those matrices.
    _, from_0, to_T = reference_norms(Js)
    assert_close("reference: product norm at T", from_0[-1], to_T[0], rtol=1e-12)

    # Within one step, the block below the diagonal couples layer k-1's state to
    # layer k (it reads the new h of layer k-1); above the diagonal it is zero.
    for t, J in enumerate(Js):
        for k in range(L):
            for j in range(k + 1, L):
                blk = J[k * n1:(k + 1) * n1, j * n1:(j + 1) * n1]
                assert torch.count_nonzero(blk) == 0, f"J({t + 1}): layer {k} must not read layer {j}"


@pytest.mark.parametrize("cell", CELLS)
def test_reference_one_layer_matches_test_jacobians(cell):
    """At L = 1 the stacked reference is test_jacobians' one-cell reference."""
    model, tokens, _ = random_case(cell, 3, 1, "last-T6", seed_of("stacked-jacobians-L1", cell))
    mine, states, _ = stacked_state_jacobians(model, tokens)
    theirs, their_states = state_jacobians(model, tokens)
    assert len(mine) == len(theirs)
    for t, (a, b) in enumerate(zip(mine, theirs)):
        assert_close(f"J({t + 1})", a, b, rtol=1e-12)
        assert_close(f"s({t + 1})", states[t + 1], their_states[t + 1], rtol=1e-12)


def test_cases_cover_what_they_claim():
    """T = 1 is in, E = 3 differs from every H used, and the step kind has -1s."""
    Ts = {KINDS[kind]["T"] for _, _, _, kind in JAC_CASES}
    assert 1 in Ts and len(Ts) >= 3
    assert all(KINDS[kind]["H"] != 3 for _, _, _, kind in JAC_CASES)
    model, tokens, targets = random_case("gru", 3, 2, "step-T7", seed_of("stacked-jacobians", "gru", 2, 3, "step-T7"))
    assert targets.dim() == 2 and (targets == -1).any()
    assert batch_json(tokens, targets)["targets"] == targets.tolist()
    assert state_json(model)["num_layers"] == 2
