// diagnostics.hpp — what one forward/backward pass reports besides the loss.
//
// Plain data (doubles, whatever the training scalar), filled by the model,
// the cells and the trainer; read by the CLI, the bindings and the page.
// Every vector indexed by time has T entries, entry t-1 for step t = 1..T.
#pragma once
#include <string>
#include <vector>

namespace rnnlab {

// One gate's activations over time: mean over batch and units, and the
// fraction of saturated entries. Sigmoid gates: below 0.05 / above 0.95.
// tanh gates (the LSTM's g, the GRU's n): below -0.95 / above 0.95. Which
// gate has which activation is the cell descriptor's (cells/descriptor.hpp).
struct GateTrace {
  std::string name;  // "i", "f", "g", "o" (lstm, peephole), "r", "z", "n" (gru)
  std::string activation;  // "sigmoid" or "tanh" (from the cell's descriptor)
  std::vector<double> mean, frac_low, frac_high;
  // The means over t of mean, frac_low and frac_high (what a table of the gate shows).
  double time_mean = 0, time_frac_low = 0, time_frac_high = 0;
};

struct TensorNorm {
  std::string name;
  double norm = 0;
};

struct Diagnostics {
  // ||dL/dh(t)||_F over the B x H matrix: the total derivative (all paths).
  std::vector<double> dh_norms;
  // ||dL/dc(t)||_F for cells with a cell state (lstm, peephole_lstm), else empty.
  std::vector<double> dc_norms;
  // The course notes' BPTT sum dL/dW_hh = sum_t term(t): ||term(t)||_F, the
  // part of the recurrent weight gradient contributed at step t
  // (term(t) = dA_rec(t)^T h(t-1), or ^T c(t-1) for the peephole's W_ch).
  // Empty unless requested.
  std::vector<double> bptt_terms;
  // ||gradient||_F per engine tensor, and the global norm before / after clipping.
  std::vector<TensorNorm> grad_norms;
  double grad_norm = 0, grad_norm_clipped = 0;
  // Gate activations (gated cells only) and the cell-state size per step:
  // cell_norms[t-1] = ||c(t)||_F / sqrt(B) (root mean square over the batch of
  // the per-sequence norm); for rnn and gru, of h(t) instead.
  std::vector<GateTrace> gates;
  std::vector<double> cell_norms;
  // On demand: spectral norm of the one-step Jacobian ds(t)/ds(t-1) and of the
  // product ds(t)/ds(0) = J(t)...J(1), for the first sequence of the batch; s = h (rnn,
  // gru), s = (h, c) (lstm), s = c (peephole_lstm, whose gates read c only).
  std::vector<double> jacobian_norms, jacobian_product_norms;
  // The gradient's verdict, by the one rule of classify_gradient() below:
  // "vanishes", "fades", "flows", "grows" or "explodes", and its decades
  // log10(||dL/dh(1)|| / ||dL/dh(T)||).
  std::string verdict;
  double verdict_decades = 0;
};

// Jacobian norms cost O(T * S^3) for a state of S entries: refused above this.
constexpr int kMaxJacobianState = 512;

struct DiagnosticsOptions {
  bool bptt_terms = true;
  bool gates = true;
  bool jacobians = false;  // see kMaxJacobianState
};

// ---- the gradient's verdict ----
// One stated rule for the whole product (docs/diagnostics.md), from the
// per-step norms of dL/dh(t): decades = log10(||dL/dh(1)|| / ||dL/dh(T)||).
//   vanishes  decades <= -2: the first step gets at least 100x less than the last
//   fades     -2 < decades <= -0.5: it gets less, by a factor below 100
//   flows     -0.5 < decades < 0.5: within a factor of about 3 of the last step
//   grows     decades >= 0.5 and not exploding: larger at t = 1, by less
//             than 100x or with a whole gradient norm of at most 1 (bounded:
//             e.g. an LSTM learning to carry the first token)
//   explodes  decades >= 2 and the whole gradient norm above 1, or a norm
//             that is not finite: the steps back multiply it beyond what
//             clipping at 1 would let through
// When ||dL/dh(1)|| is exactly 0 the verdict is vanishes and decades is
// -infinity (null in JSON). Filled into Diagnostics::verdict by the model's
// backward pass.
void classify_gradient(Diagnostics& d);

}  // namespace rnnlab
