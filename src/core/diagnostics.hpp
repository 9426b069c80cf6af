// diagnostics.hpp — what one forward/backward pass reports besides the loss.
//
// Plain data (doubles, whatever the training scalar), filled by the model,
// the cells and the trainer; read by the CLI, the bindings and the page.
// Every vector indexed by time has T entries, entry t-1 for step t = 1..T.
#pragma once
#include <limits>
#include <string>
#include <utility>
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
  // With a stack of L > 1 layers the three above are the top layer's, and
  // these hold all L layers' (layer 0 first; empty when L = 1).
  std::vector<std::vector<double>> dh_norms_by_layer, dc_norms_by_layer, bptt_terms_by_layer;
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
  // With the Jacobians: jacobian_to_T_norms[i] = ||ds(T)/ds(i)||_2 for
  // i = 0..T-1, the product J(T) ... J(i+1) inside the notes' term(i).
  std::vector<double> jacobian_to_T_norms;
  // Vanilla RNN only (empty otherwise), with the Jacobians:
  // jacobian_bounds[t-1] = max_k (1 - h_k(t)^2) * sigma_max(W_hh) >= ||ds(t)/ds(t-1)||_2
  // (Pascanu, Mikolov and Bengio, 2013), and the factors of term(i) for the
  // same sequence (see TermFactors).
  std::vector<double> jacobian_bounds;
  struct TermFactors {
    // ||dL/dh(T)||_2 of the sequence (its share of the batch-mean loss).
    double dl_dh_T = 0;
    // Entry i-1 for i = 1..T: ||d+h(i)/dW_hh||, the operator norm of the
    // immediate partial (W -> diag(1 - h(i)^2) W h(i-1)) = max_k (1 - h_k(i)^2) ||h(i-1)||_2;
    // bounds = dl_dh_T * ||ds(T)/ds(i)||_2 * partial_norms (||ds(T)/ds(T)|| = 1);
    // norms = ||term(i)||_F of the sequence alone. bounds >= norms (submultiplicativity).
    std::vector<double> partial_norms, bounds, norms;
  } term_factors;
  // sigma_max of the recurrent weight matrix (W_hh: the whole G*H x H stack;
  // the peephole's W_ch), by power iteration (spectral.hpp); NaN = not computed.
  double recurrent_sigma_max = std::numeric_limits<double>::quiet_NaN();
  std::string recurrent_tensor;  // its state name, e.g. "rnn.weight_hh_l0"
  // On demand (DiagnosticsOptions::units): per-unit traces over time, for the
  // batch's first sequence and the mean over the batch. Each matrix is T x H,
  // row t-1 for step t, flat row-major. Omitted (empty, with `units_omitted`
  // saying why) when T * H > kMaxUnitTraceEntries.
  struct UnitTraces {
    std::vector<double> h, c;  // c: cells with a cell state only
    std::vector<std::pair<std::string, std::vector<double>>> gates;  // the descriptor's gates, in order
  };
  bool has_units = false;
  int units_T = 0, units_H = 0;
  UnitTraces units_first, units_mean;
  std::string units_omitted;
  // The gradient's verdict, by the one rule of classify_gradient() below:
  // "vanishes", "fades", "flows", "grows" or "explodes", and its decades
  // log10(||dL/dh(1)|| / ||dL/dh(T)||).
  std::string verdict;
  double verdict_decades = 0;
};

// Jacobian norms cost O(T * S^3) for a state of S entries: refused above this.
constexpr int kMaxJacobianState = 512;
// Per-unit traces are sent to the page: at most this many entries (T * H) per matrix.
constexpr long long kMaxUnitTraceEntries = 65536;

struct DiagnosticsOptions {
  bool bptt_terms = true;
  bool gates = true;
  bool jacobians = false;  // see kMaxJacobianState
  bool units = false;      // per-unit traces (Diagnostics::units_first / units_mean)
  bool spectrum = true;    // sigma_max of the recurrent weights (power iteration)
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
