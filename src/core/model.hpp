// model.hpp — input (one-hot or embedding) -> a stack of L recurrent layers
// (L = 1 by default) -> linear head on h(T), or on every h(t) -> softmax
// cross-entropy; its unrolled forward pass and hand-written backpropagation
// through time.
//
//   forward   x(t) = onehot(token) or E[token]             (B x N)
//             pre_0(t) = x(t) W_ih_0^T + b_0               (B x G*H, all t in one product)
//             h_k(1..T) = cell_k(pre_k)                    (cells/*.hpp)
//             pre_k(t) = h_{k-1}(t) W_ih_k^T + b_k         (layer k >= 1 reads the layer below)
//             p = h_top(T) W_head^T + b_head               (B x C; per-step targets:
//                 p(t) = h_top(t) W_head^T + b_head for every t, one T*B x C product)
//             L = -(1/n) sum over the n counted targets of log softmax(p)[y]
//                 (n = B; per-step: the (b, t) whose target is not -1)
//   backward  dp = (softmax(p) - onehot(y)) / n            (0 where y = -1)
//             dW_head += dp^T h_top;  db_head += sum dp;   dh_out_top = dp W_head
//             for k = top .. 0:
//               dpre_k = cell_k.backward(dh_out_k)          (T*B x G*H)
//               db_k += sum dpre_k;  dW_ih_k += dpre_k^T in_k
//               dh_out_{k-1} = dpre_k W_ih_k   (k >= 1; k = 0: dE[token] += dpre_0 W_ih_0)
//
// Backward ADDS into grads(); the caller zeroes them once per step. The
// model trusts its inputs: call validate_batch() first. Does no I/O.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "batch.hpp"
#include "cells/cell.hpp"
#include "diagnostics.hpp"
#include "model_config.hpp"
#include "params.hpp"
#include "rng.hpp"
#include "spectral.hpp"

namespace rnnlab {

enum class InitKind { PyTorch, Xavier, Orthogonal };
const char* init_name(InitKind kind);
bool parse_init(const std::string& name, InitKind* out);

struct InitOptions {
  InitKind kind = InitKind::PyTorch;
  // Added to the forget-gate bias (lstm, peephole_lstm) after initialisation.
  double forget_bias = 0.0;
  // Multiplies the recurrent weights (W_hh, or W_ch) after initialisation:
  // above 1 (with orthogonal init) makes gradients explode, below 1 vanish.
  double recurrent_gain = 1.0;
};

template <class S>
class Model {
 public:
  explicit Model(const ModelConfig& cfg);  // cfg must pass validate()

  const ModelConfig& config() const { return cfg_; }
  ParamSet<S>& params() { return params_; }
  const ParamSet<S>& params() const { return params_; }
  ParamSet<S>& grads() { return grads_; }
  const ParamSet<S>& grads() const { return grads_; }

  // PyTorch default: every weight and bias uniform in +-1/sqrt(H) (one draw
  // per gate bias), embedding N(0, 1). Xavier: uniform +-sqrt(6/(fan_in +
  // fan_out)) per gate block, biases 0. Orthogonal: recurrent gate blocks
  // orthogonal, input blocks Xavier, biases 0.
  void init(Rng& rng, const InitOptions& opts = {});

  // Forward over a validated batch; keeps the caches for backward. Returns the loss.
  double forward(const Batch& batch);
  // After forward: adds the gradients into grads() and fills d (everything
  // but the clipping norms, which the trainer sets).
  void backward(const DiagnosticsOptions& opts, Diagnostics& d);

  // Rows: one per sequence (B x C), or with per-step targets one per (t, b),
  // time-major (row (t-1)*B + b).
  const Mat<S>& logits() const { return logits_; }
  const Mat<S>& probs() const { return probs_; }       // softmax of logits
  std::vector<int> predictions() const;                // argmax per row of logits
  int correct() const;                                 // counted targets predicted right
  int counted() const { return counted_; }             // targets in the loss (B, or those not -1)
  double loss() const { return loss_; }
  int num_layers() const { return int(cells_.size()); }
  const Cell<S>& cell(int layer) const { return *cells_[std::size_t(layer)]; }
  const Cell<S>& cell() const { return *cells_.back(); }  // the top layer
  // Every layer's next forward starts from this forward's final state (or,
  // after reset_state, from zero again): Cell::carry_state.
  void carry_state() { for (auto& c : cells_) c->carry_state(); }
  void reset_state() { for (auto& c : cells_) c->reset_state(); }

 private:
  ModelConfig cfg_;
  ParamSet<S> params_, grads_;
  std::vector<std::unique_ptr<Cell<S>>> cells_;  // layer 0 first
  const Batch* batch_ = nullptr;
  std::vector<Mat<S>> pre_, dpre_;  // per layer
  Mat<S> x_, dh_out_, logits_, probs_;
  double loss_ = 0;
  int counted_ = 0;
  // The target of logits row r (-1: not counted).
  int row_target(std::size_t r) const;
  PowerIteration sigma_;  // warm start for sigma_max(W_rec) across backward passes
};

// Spectral norms of the per-step state Jacobians and of their products
// (Diagnostics::jacobian_norms, jacobian_product_norms, jacobian_to_T_norms)
// for sequence b after a backward pass; for the vanilla RNN also the bounds
// (from d.recurrent_sigma_max) and, when dl_dh_T = ||dL/dh_b(T)|| is finite
// (a loss at T only), term(i)'s factors, with dpre (the model's dL/dpre).
// With L layers, s stacks every layer's state (layer 0 first) and the RNN's
// bounds are left out. Left empty above a state of kMaxJacobianState entries.
// ds(t)/ds(t-1) of sequence b for the whole stack (s = every layer's state,
// layer 0 first; rows as Cell::state_jacobian), after a forward pass.
template <class S>
Mat<S> state_jacobian(const Model<S>& model, int t, int b);

template <class S>
void jacobian_norms(const Model<S>& model, int b, Diagnostics& d, double dl_dh_T, const Mat<S>* dpre);

}  // namespace rnnlab
