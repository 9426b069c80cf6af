# PyTorch parity of `rnnlab grad --jacobians` (contracts.md section 4).
#
# For the batch's first sequence, with s(t) the whole recurrent state after
# token t (h for rnn and gru, [h; c] for lstm) and s(0) = 0, torch computes
# every step Jacobian ds(t)/ds(t-1) with torch.autograd.functional.jacobian
# of one nn.*Cell step, and from them:
#   jacobian_norms[t-1]       = ||ds(t)/ds(t-1)||_2
#   jacobian_product_norms    = ||ds(t)/ds(0)||_2
#   jacobian_to_T_norms[i]    = ||ds(T)/ds(i)||_2, i = 0..T-1
# (spectral norms: torch.linalg.matrix_norm(ord=2)), and
#   recurrent_sigma_max       = ||W_hh||_2 (the engine uses power iteration)
# For the vanilla RNN also the bound max_k(1 - h_k(t)^2) ||W_hh||_2 and the
# factors of term(i) of the notes' BPTT sum for that sequence: the true
# ||term(i)||_F comes from an unroll in which sequence 0 reads its own copy of
# W_hh at every step (so the copy's gradient is exactly its term(i)).
#
# Tolerance: element-wise relative 1e-9 (test_parity.assert_close), the
# power-iteration sigma_max included.
#
# Run: /usr/bin/python3 -m pytest tests/torch -q

import pytest
import torch
import torch.nn.functional as F

from test_parity import (assert_close, batch_json, random_case, run_cli_json, seed_of, size_id,
                         state_json, step_cell, write_json)

torch.set_default_dtype(torch.float64)

SIZES = [
    dict(V=3, H=4, C=2, B=3, T=6),
    dict(V=5, H=8, C=3, B=2, T=12),
    dict(V=4, H=1, C=2, B=1, T=1),
]


def state_jacobians(model, tokens):
    """J(t) = ds(t)/ds(t-1) for sequence 0, t = 1..T, and the states s(t)."""
    cell = step_cell(model)
    x = model.inputs(tokens[:1]).detach()[0]          # T x N_in
    H = model.H
    lstm = model.cell == "lstm"

    def step(t):
        def f(s):
            if lstm:
                h, c = cell(x[t].unsqueeze(0), (s[:H].unsqueeze(0), s[H:].unsqueeze(0)))
                return torch.cat([h[0], c[0]])
            return cell(x[t].unsqueeze(0), s.unsqueeze(0))[0]
        return f

    s = torch.zeros(2 * H if lstm else H)
    Js, states = [], [s]
    for t in range(tokens.shape[1]):
        Js.append(torch.autograd.functional.jacobian(step(t), s))
        with torch.no_grad():
            s = step(t)(s)
        states.append(s)
    return Js, states


def spectral(M):
    return torch.linalg.matrix_norm(M, ord=2).item()


@pytest.mark.parametrize("size", SIZES, ids=size_id)
@pytest.mark.parametrize("E", [0, 3], ids=["onehot", "embed3"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_jacobian_norms(rnnlab_cli, tmp_path, cell, E, size):
    model, tokens, targets = random_case(cell, E, size, seed_of("jacobians", cell, E, size_id(size)))
    s = write_json(tmp_path / "state.json", state_json(model))
    b = write_json(tmp_path / "batch.json", batch_json(tokens, targets))
    out = run_cli_json(rnnlab_cli, "grad", "--state", s, "--batch", b, "--jacobians")

    Js, _ = state_jacobians(model, tokens)
    T = len(Js)
    n = Js[0].shape[0]
    step_norms = [spectral(J) for J in Js]
    from_0, P = [], torch.eye(n)
    for J in Js:
        P = J @ P
        from_0.append(spectral(P))
    to_T, P = [0.0] * T, torch.eye(n)
    for i in range(T - 1, -1, -1):
        P = P @ Js[i]                                   # J(T) ... J(i+1)
        to_T[i] = spectral(P)

    assert_close("jacobian_norms", out["jacobian_norms"], step_norms)
    assert_close("jacobian_product_norms", out["jacobian_product_norms"], from_0)
    assert_close("jacobian_to_T_norms", out["jacobian_to_T_norms"], to_T)
    assert_close("recurrent_sigma_max", out["recurrent_sigma_max"], spectral(model.rnn.weight_hh_l0.detach()))
    assert out["recurrent_tensor"] == "rnn.weight_hh_l0"
    if cell != "rnn":
        assert "jacobian_bounds" not in out and "term_factors" not in out


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_rnn_bounds_and_term_factors(rnnlab_cli, tmp_path, size):
    model, tokens, targets = random_case("rnn", 0, size, seed_of("terms", size_id(size)))
    s = write_json(tmp_path / "state.json", state_json(model))
    b = write_json(tmp_path / "batch.json", batch_json(tokens, targets))
    out = run_cli_json(rnnlab_cli, "grad", "--state", s, "--batch", b, "--jacobians")

    r = model.rnn
    W = r.weight_hh_l0.detach()
    sigma = spectral(W)
    x = model.inputs(tokens).detach()
    B, T = tokens.shape
    # Sequence 0 reads its own copy of W_hh at each step: the copy's gradient is its term(t).
    copies = [W.clone().requires_grad_() for _ in range(T)]
    h = torch.zeros(B, model.H)
    hs = [h]
    for t in range(T):
        pre = x[:, t, :] @ r.weight_ih_l0.detach().T + r.bias_ih_l0.detach() + r.bias_hh_l0.detach()
        rec_others = h @ W.T
        rec_first = h[:1] @ copies[t].T
        rec = torch.cat([rec_first, rec_others[1:]])
        h = torch.tanh(pre + rec)
        h.retain_grad()
        hs.append(h)
    loss = F.cross_entropy(model.head(h), targets)
    loss.backward()
    term_norms = [c.grad.norm().item() for c in copies]
    dl_dh_T = hs[-1].grad[0].norm().item()
    slopes = [(1 - hs[t][0].detach() ** 2).max().item() for t in range(1, T + 1)]
    h_prev = [hs[t - 1][0].detach().norm().item() for t in range(1, T + 1)]

    assert_close("jacobian_bounds", out["jacobian_bounds"], [sl * sigma for sl in slopes])
    f = out["term_factors"]
    assert_close("term_factors.dl_dh_T", f["dl_dh_T"], dl_dh_T)
    assert_close("term_factors.partial_norms", f["partial_norms"], [sl * hp for sl, hp in zip(slopes, h_prev)])
    assert_close("term_factors.norms", f["norms"], term_norms)
    # The bound of each term and the step bound hold (they are inequalities, not fits).
    for i in range(T):
        assert f["bounds"][i] >= f["norms"][i] * (1 - 1e-12), f"term({i + 1}): bound below the true norm"
        assert out["jacobian_bounds"][i] >= out["jacobian_norms"][i] * (1 - 1e-12)
    to_T = out["jacobian_to_T_norms"] + [1.0]   # ||ds(T)/ds(T)|| = 1
    assert_close("term_factors.bounds", f["bounds"],
                 [dl_dh_T * to_T[i + 1] * f["partial_norms"][i] for i in range(T)])
